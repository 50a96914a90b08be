"""What `alur serve` guarantees, tried from outside as a client would: races through the real server have one
winner, and SIGKILL of every server process at any moment loses and doubles no acknowledged completion."""

import http.client
import json
import random
import threading
import time
from collections import Counter

import pytest

from engine import Alur
from servers import Browser, Server, assert_completed_once_each, assert_won_by, at_once, usulan_tasks
from test_webui import USULAN_OK
from webui_fixtures import template_db, webui_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.real_process


def test_sixteen_clients_completing_one_task_at_once_have_one_winner(webui_db):
    [task] = usulan_tasks(webui_db, 1)
    server = Server(webui_db, workers=4).start()
    try:
        browsers = [Browser(server, "staf" if i % 2 else "rangkap") for i in range(16)]
        tokens = [b.token() for b in browsers]
        answers = at_once([lambda b=b, t=t, i=i: b.post(f"/tasks/{task}", {**USULAN_OK, "judul": f"klien {i}"}, t,
                                                         json_answer=True)
                           for i, (b, t) in enumerate(zip(browsers, tokens))])
    finally:
        server.stop()
    statuses = Counter(status for status, _ in answers)
    assert statuses == {200: 1, 409: 15}
    [winner] = [i for i, (status, _) in enumerate(answers) if status == 200]
    assert_won_by(webui_db, task, winner)


def test_sixteen_starts_at_once_make_sixteen_instances(webui_db):
    server = Server(webui_db, workers=4).start()
    try:
        browsers = [Browser(server, "staf") for _ in range(16)]
        tokens = [b.token() for b in browsers]
        answers = at_once([lambda b=b, t=t, i=i: b.post("/processes/usulan_uji/start", {"subject": f"Kasus {i}"}, t)
                           for i, (b, t) in enumerate(zip(browsers, tokens))])
    finally:
        server.stop()
    assert [status for status, _ in answers] == [200] * 16  # each followed to its new task's page
    alur = Alur.open(webui_db)
    try:
        instances = alur.instances(process="usulan_uji")
        assert len(instances) == 16 and len({i["id"] for i in instances}) == 16
        assert sorted(i.subject for i in instances) == sorted(f"Kasus {i}" for i in range(16))
        assert all(len(alur.tasks(instance=i["id"])) == 1 for i in instances)
        assert alur.verify().ok
    finally:
        alur.close()


def test_sigkill_of_every_server_process_under_load_loses_and_doubles_no_acknowledged_completion(webui_db):
    tasks = usulan_tasks(webui_db, 48)
    clients = 8
    shares = [tasks[i::clients] for i in range(clients)]
    acknowledged, done_before = [], []
    server = Server(webui_db, workers=2)
    rounds = 0
    while any(shares) and rounds < 8:
        rounds += 1
        server.start()
        stop = threading.Event()

        def work(share):
            try:
                browser = Browser(server, "staf")
                while share and not stop.is_set():
                    status, body = browser.post(f"/tasks/{share[0]}", USULAN_OK, json_answer=True)
                    if status == 200:
                        acknowledged.append(json.loads(body)["task"])
                    elif status == 409:  # completed by a request the kill cut off before it was acknowledged
                        done_before.append(share[0])
                    else:
                        raise AssertionError(f"task {share[0]}: {status} {body[:200]}")
                    share.pop(0)
            except (OSError, http.client.HTTPException):
                pass  # the server died under this client: it goes on after the restart

        threads = [threading.Thread(target=work, args=(share,)) for share in shares]
        for thread in threads:
            thread.start()
        if rounds < 4:
            time.sleep(random.uniform(0.3, 1.5))
            server.kill()  # master and workers, mid-request
        for thread in threads:
            thread.join(60)
        stop.set()
        server.stop()
    assert not any(shares), f"tasks left after {rounds} rounds"
    assert len(acknowledged) == len(set(acknowledged)) and not set(acknowledged) & set(done_before)
    assert sorted(acknowledged + done_before) == sorted(tasks)
    assert_completed_once_each(webui_db, tasks)
