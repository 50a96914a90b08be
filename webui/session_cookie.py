"""Flask's signed session cookie, with less work per request. Who is signed in lives on the server
(engine.sessions); the cookie carries that session's token, the CSRF token, the language and the messages
flashed for the next page.

- The cookie is set only when the session changed (SESSION_REFRESH_EACH_REQUEST off, in create_app):
  re-sending it on every response only moved its expiry, and the server-side session ends 12 hours after
  sign-in whatever the cookie says, so every unchanged response signed, serialised and sent it for nothing.
- The signer is made once per secret key instead of twice per request (Flask builds it in open and in save).
"""

from flask.sessions import SecureCookieSessionInterface


class SessionCookie(SecureCookieSessionInterface):
    def __init__(self):
        self._signer = None, None

    def get_signing_serializer(self, app):
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if self._signer[0] != key:
            self._signer = key, super().get_signing_serializer(app)
        return self._signer[1]


def init_app(app):
    app.session_interface = SessionCookie()
