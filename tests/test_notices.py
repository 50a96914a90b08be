"""Mail notices through a real SMTP server on 127.0.0.1 (aiosmtpd): work that reaches a lane, a reassigned task,
an overdue task and its escalation to the lane's head; each once, grouped, across restarts and two workers,
and a mail server that fails never blocks a completion."""

import email
import os
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone
from email import policy

import pytest
from aiosmtpd.controller import Controller

from engine import Alur
from engine.clock import FixedClock
from engine.mailer import from_settings
from engine.settings import Settings

from conftest import ALUR_BIN, ROOT, SURAT
from webui_fixtures import free_port

START = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)   # Tuesday 10:00 WIB; the first task is due at 11:00


class Inbox:
    """What the SMTP server received: one parsed message per mail, with its recipients."""

    def __init__(self):
        self.mails, self.lock = [], threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.mails.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def to(self, address):
        return [m for rcpt, m in self.mails if address in rcpt]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


def settings(port, **more):
    return Settings.from_env({"ALUR_ARGON2_PROFILE": "CHEAPEST", "ALUR_SMTP_HOST": "127.0.0.1",
                              "ALUR_SMTP_PORT": str(port), "ALUR_BASE_URL": "http://alur.kantor.test", **more})


@pytest.fixture
def office(db_path, smtp):
    alur = Alur.open(db_path, settings=settings(smtp.port), clock=FixedClock(START))
    alur.deploy([SURAT])
    alur.add_user("admin", roles=["admin"])
    alur.add_user("staf", lanes=["Staf"], email="staf@kantor.test")
    alur.add_user("budi", lanes=["Staf"], email="budi@kantor.test")
    alur.add_user("kepala", lanes=["Kepala"], email="kepala@kantor.test")
    alur.add_user("bos", lanes=["Staf", "Kepala"], email="bos@kantor.test")
    alur.set_lane_head("Staf", "bos")
    yield alur
    alur.close()


def run(alur):
    return alur.run_notices(from_settings(alur.settings))


def later(alur, **delta):
    alur.clock.moment += timedelta(**delta)


def test_a_task_ready_in_a_lane_mails_its_users_once_in_indonesian_with_a_link(office, smtp):
    instance = office.start("surat", "staf")
    task = office.tasks(instance=instance)[0]
    run(office)
    mail = smtp.to("budi@kantor.test")
    assert len(mail) == 1 and "pemberitahuan tugas" in mail[0]["Subject"]
    body = mail[0].get_content()
    assert "tugas baru untuk Staf: 1. Menyusun konsep surat" in body
    assert f"http://alur.kantor.test/tasks/{task.id}" in body
    assert smtp.to("kepala@kantor.test") == []              # not their lane
    run(office)
    assert len(smtp.to("budi@kantor.test")) == 1             # each notice once


def test_after_a_mail_the_next_waits_the_interval_and_groups_what_came_meanwhile(office, smtp):
    office.start("surat", "staf")
    run(office)
    later(office, minutes=2)
    office.start("surat", "staf")
    later(office, minutes=1)
    office.start("surat", "staf")
    run(office)
    assert len(smtp.to("budi@kantor.test")) == 1             # within 10 minutes of the first: waits
    later(office, minutes=8)
    run(office)
    grouped = smtp.to("budi@kantor.test")
    assert len(grouped) == 2 and "2 pemberitahuan" in grouped[1]["Subject"]


def test_a_reassigned_task_mails_the_user_it_went_to(office, smtp):
    instance = office.start("surat", "staf")
    run(office)
    later(office, minutes=11)
    office.reassign(office.tasks(instance=instance)[0].id, "budi", "admin", "staf cuti")
    run(office)
    assert "dialihkan kepada Anda" in smtp.to("budi@kantor.test")[-1].get_content()
    assert len(smtp.to("staf@kantor.test")) == 1             # only the ready mail


def test_an_overdue_task_mails_the_lane_and_escalates_to_the_head_once(office, smtp):
    office.start("surat", "staf")
    run(office)
    later(office, hours=2)                                    # 12:00 WIB: an hour past due
    run(office)
    run(office)
    head = [m.get_content() for m in smtp.to("bos@kantor.test")]
    assert sum("eskalasi: tugas Staf, yang Anda pimpin" in text for text in head) == 1
    assert sum("terlambat sejak" in m.get_content() for m in smtp.to("budi@kantor.test")) == 1
    assert smtp.to("kepala@kantor.test") == []


def test_a_user_who_turned_mail_off_gets_none(office, smtp):
    office.set_mail("budi", "budi@kantor.test", mail_off=True)
    office.start("surat", "staf")
    run(office)
    assert smtp.to("budi@kantor.test") == [] and len(smtp.to("staf@kantor.test")) == 1


def test_a_failing_mail_server_never_blocks_a_completion_and_the_mail_comes_later(db_path, smtp):
    closed = free_port()                                     # nothing listens there
    down = Alur.open(db_path, settings=settings(closed), clock=FixedClock(START))
    down.deploy([SURAT])
    down.add_user("staf", lanes=["Staf"], email="staf@kantor.test")
    down.add_user("kepala", lanes=["Kepala"], email="kepala@kantor.test")
    instance = down.start("surat", "staf")
    down.start("surat", "staf")
    failed = run(down)
    assert [user for user, _ in failed.failed] == ["staf"]
    ready = down.complete(down.tasks(instance=instance)[0].id, "staf", {"nomor_konsep": "K-1"})
    assert ready[0].lane == "Kepala"                         # the completion went through
    down.close()
    up = Alur.open(db_path, settings=settings(smtp.port), clock=FixedClock(START + timedelta(seconds=10)))
    run(up)
    assert smtp.to("staf@kantor.test") == []                  # waits its backoff (30 s after one failure)
    up.clock.moment += timedelta(minutes=1)
    run(up)
    staf = smtp.to("staf@kantor.test")                        # of the task completed meanwhile, no word
    assert len(staf) == 1 and "[Alur] 1 pemberitahuan" in staf[0]["Subject"]
    assert len(smtp.to("kepala@kantor.test")) == 1
    up.close()


def worker(db_path, port):
    environment = {**os.environ, "ALUR_SMTP_HOST": "127.0.0.1", "ALUR_SMTP_PORT": str(port),
                   "ALUR_MAIL_EVERY_MINUTES": "1"}
    return subprocess.Popen([str(ALUR_BIN), "worker", "--db", str(db_path), "--every", "0.2"], cwd=ROOT,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.real_process
def test_the_escalation_reaches_the_head_once_across_a_restart_of_the_worker(db_path, smtp):
    past = Alur.open(db_path, settings=settings(smtp.port), clock=FixedClock(datetime.now(timezone.utc) -
                                                                             timedelta(days=7)))
    past.deploy([SURAT])
    past.add_user("staf", lanes=["Staf"], email="staf@kantor.test")
    past.add_user("bos", lanes=["Staf"], email="bos@kantor.test")
    past.set_lane_head("Staf", "bos")
    past.start("surat", "staf")                              # a week ago: long overdue now
    past.close()
    first = worker(db_path, smtp.port)
    try:
        wait_for(lambda: any("eskalasi" in m.get_content() for m in smtp.to("bos@kantor.test")))
    finally:
        first.kill()                                         # no goodbye: as a crash or a reboot would
        first.wait()
    second = worker(db_path, smtp.port)
    try:
        assert "alur worker: mail through 127.0.0.1" in second.stdout.readline()
        time.sleep(3)                                        # 15 rounds of the restarted worker
    finally:
        second.terminate()
        assert second.wait(timeout=10) == 0
    escalations = [m for m in smtp.to("bos@kantor.test") if "eskalasi" in m.get_content()]
    assert len(escalations) == 1


def six_users_three_tasks(alur, prefix="staf"):
    """The test SOP with six users of its Staf lane, each with a mail address, and three of its tasks ready there."""
    alur.deploy([SURAT])
    for n in range(6):
        alur.add_user(f"{prefix}{n}", lanes=["Staf"], email=f"{prefix}{n}@kantor.test")
    alur.add_user("mulai", lanes=["Staf"])
    for _ in range(3):
        alur.start("surat", "mulai")


def test_two_workers_at_once_mail_each_notice_once(db_path, smtp):
    setup = Alur.open(db_path, settings=settings(smtp.port), clock=FixedClock(START))
    six_users_three_tasks(setup)
    setup.close()
    workers = [Alur.open(db_path, settings=settings(smtp.port), clock=FixedClock(START)) for _ in range(2)]
    threads = [threading.Thread(target=lambda a=a, n=n: a.run_notices(from_settings(a.settings), f"w{n}"))
               for n, a in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for alur in workers:
        alur.close()
    assert sorted(rcpt[0] for rcpt, _ in smtp.mails) == sorted(f"staf{n}@kantor.test" for n in range(6))
