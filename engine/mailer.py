"""Sending one mail through the SMTP server of the settings (engine.settings.Mail), with the standard library."""

import smtplib
from email.message import EmailMessage


class SmtpMailer:
    def __init__(self, mail, timeout=30):
        self.mail, self.timeout = mail, timeout

    def send(self, to, subject, body):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.mail.sender, to, subject
        message.set_content(body)
        with smtplib.SMTP(self.mail.host, self.mail.port, timeout=self.timeout) as server:
            if self.mail.starttls:
                server.starttls()
            if self.mail.user:
                server.login(self.mail.user, self.mail.password or "")
            server.send_message(message)


def from_settings(settings):
    """A mailer for the settings' server, or None when ALUR_SMTP_HOST is unset (nothing is sent)."""
    return SmtpMailer(settings.mail) if settings.mail.host else None
