"""Two `alur serve` on one PostgreSQL, on two ports, as two machines behind a load balancer would run them (the same
ALUR_DB, the same ALUR_SECRET_KEY), and two `alur worker`s beside them: a race through both servers has one winner,
SIGKILL of one server under load loses and doubles nothing acknowledged while the other goes on, and the workers
mail each notice once."""

import http.client
import json
import random
import re
import threading
import time
from collections import Counter

import pytest

from bench.pgcluster import database_name
from engine import Alur
from servers import Browser, Server, assert_completed_once_each, assert_won_by, at_once, usulan_tasks
from test_notices import six_users_three_tasks, smtp, wait_for, worker  # noqa: F401  (fixture)
from test_webui import USULAN_OK
from test_webui_sop import small_table
from webui_fixtures import PASSWORD, template_db  # noqa: F401  (fixture)

pytestmark = pytest.mark.real_process


@pytest.fixture(scope="session")
def pg_webui_template(pg_cluster, template_db):  # noqa: F811  (fixture)
    """The web UI tests' office (the real diagrams, a user per lane) moved to PostgreSQL once, by alur copy-store."""
    url = pg_cluster.create_database()
    Alur.copy_store(template_db, url)
    return database_name(url)


@pytest.fixture
def shared_db(pg_cluster, pg_webui_template):
    url = pg_cluster.create_database(template=pg_webui_template)
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture
def two_servers(shared_db, tmp_path):
    """Two servers as on two machines: one database, each its own working directory."""
    servers = [Server(shared_db).start(), Server(shared_db, cwd=tmp_path).start()]
    yield servers
    for server in servers:
        server.stop()


def test_sixteen_clients_of_two_servers_completing_one_task_at_once_have_one_winner(shared_db, two_servers):
    [task] = usulan_tasks(shared_db, 1)
    browsers = [Browser(two_servers[i % 2], "staf" if i % 4 < 2 else "rangkap") for i in range(16)]
    pages = {i for i in range(16) if i % 8 in (2, 3)}   # two clients of each server submit the form as a page does
    tokens = [b.token() for b in browsers]
    answers = at_once([lambda b=b, t=t, i=i: b.post(f"/tasks/{task}", {**USULAN_OK, "judul": f"klien {i}"}, t,
                                                     json_answer=i not in pages)
                       for i, (b, t) in enumerate(zip(browsers, tokens))])
    won = [i for i, (status, body) in enumerate(answers) if status == 200 and (
        i not in pages and json.loads(body)["task"] == task or i in pages and "sudah diselesaikan oleh" not in body)]
    assert len(won) == 1, answers
    [winner] = won
    for i, (status, body) in enumerate(answers):
        if i == winner:
            continue
        if i in pages:   # the refusal page: back to the inbox, saying who completed it
            assert status == 200 and "sudah diselesaikan oleh" in body, (status, body[:300])
        else:
            assert status == 409 and json.loads(body)["code"] == "task.completed_already", (status, body[:300])
    assert_won_by(shared_db, task, winner)


def test_sigkill_of_one_server_under_load_loses_nothing_and_the_other_goes_on(shared_db, two_servers):
    tasks = usulan_tasks(shared_db, 64)
    first, second = two_servers
    shares = [tasks[i::8] for i in range(8)]
    browsers = [Browser(first if i % 2 else second, "staf") for i in range(8)]
    acknowledged, done_before, after_kill, errors = [], [], [], []
    killed = threading.Event()

    def work(browser, share):
        try:
            while share:
                try:
                    status, body = browser.post(f"/tasks/{share[0]}", USULAN_OK, json_answer=True)
                except (OSError, http.client.HTTPException):
                    assert browser.server is first and killed.is_set()
                    browser.server = second   # as the load balancer would: the same session cookie, the other server
                    continue
                if status == 200:
                    acknowledged.append(json.loads(body)["task"])
                    if killed.is_set() and browser.server is second:
                        after_kill.append(share[0])
                elif status == 409:   # completed by a request the kill cut off before it was acknowledged
                    done_before.append(share[0])
                else:
                    raise AssertionError(f"task {share[0]}: {status} {body[:200]}")
                share.pop(0)
        except Exception as error:  # said by the test, not lost in a thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=pair) for pair in zip(browsers, shares)]
    for thread in threads:
        thread.start()
    kill_at = random.randint(8, 24)
    wait_for(lambda: len(acknowledged) >= kill_at or errors, seconds=60)
    killed.set()
    first.kill()   # master and workers, mid-request: a quarter of the work or so is done
    for thread in threads:
        thread.join(120)
    assert errors == [] and not any(shares)
    assert len(after_kill) >= 16 and second.process.poll() is None   # the other server went on
    assert len(acknowledged) == len(set(acknowledged)) and not set(acknowledged) & set(done_before)
    assert sorted(acknowledged + done_before) == sorted(tasks)
    assert_completed_once_each(shared_db, tasks)


def test_two_workers_on_one_database_mail_each_notice_once(shared_db, smtp):  # noqa: F811  (fixture)
    setup = Alur.open(shared_db)
    try:
        six_users_three_tasks(setup, "surat")
    finally:
        setup.close()
    workers = [worker(shared_db, smtp.port), worker(shared_db, smtp.port)]
    try:
        wait_for(lambda: len(smtp.mails) >= 6)
        time.sleep(2)   # ten more rounds of each worker: nothing may go twice
    finally:
        for process in workers:
            process.terminate()
        assert [process.wait(timeout=10) for process in workers] == [0, 0]
    assert Counter(rcpt[0] for rcpt, _ in smtp.mails) == {f"surat{n}@kantor.test": 1 for n in range(6)}
    assert all("[Alur] 3 pemberitahuan" in mail["Subject"] for _, mail in smtp.mails)
    alur = Alur.open(shared_db)
    try:
        assert alur.db.execute("SELECT COUNT(*) FROM notices WHERE sent_at IS NULL AND skipped IS NULL").fetchone()[0] \
            == 0
    finally:
        alur.close()


def test_an_analysts_draft_kept_by_one_server_opens_and_deploys_on_the_other(shared_db, two_servers):
    first, second = two_servers
    alur = Alur.open(shared_db)
    try:
        alur.add_user("analis", roles=["analyst"], password=PASSWORD)
    finally:
        alur.close()
    analyst = Browser(first, "analis")
    table = small_table()
    status, page = analyst.post("/analyst/sop/table", {"table": json.dumps(table), "action": "check"})
    assert status == 200
    token = re.search(r"/analyst/sop/drafts/([\w-]+)/deploy", page).group(1)
    analyst.server = second   # the next request reaches the other server
    with analyst.opener.open(f"{second.base}/analyst/sop?draft={token}", timeout=30) as answer:
        assert table["header"]["nama"] in answer.read().decode()
    status, page = analyst.post(f"/analyst/sop/drafts/{token}/deploy", {})
    assert status == 200
    alur = Alur.open(shared_db)
    try:
        assert table["header"]["nama"] in [p["name"] for p in alur.processes()]
        assert alur.db.execute("SELECT COUNT(*) FROM sop_drafts").fetchone()[0] == 0   # gone once deployed
    finally:
        alur.close()
