"""A process killed at any moment loses nothing it acknowledged, and every instance loads afterwards."""

import json
import signal
import subprocess
import sys
import time

import pytest

from engine import Alur

pytestmark = pytest.mark.real_process  # a real process killed, by nature

WORKER = """
import sys
from engine import Alur
alur = Alur.open(sys.argv[1])
while True:
    for task in alur.tasks():
        user = "staf" if task["lane"] == "Staf" else "kepala"
        data = {"1": {"nomor_konsep": "K"}, "2": {"keputusan": "revisi"}}[task["number"]]
        alur.complete(task["id"], user, data)
        print(task["id"], flush=True)
"""


@pytest.mark.parametrize("kill_after", [0.0, 0.3, 0.8])
def test_killed_mid_work_keeps_every_acknowledged_completion(surat, db_path, kill_after):
    instances = [surat.start("surat", "staf") for _ in range(3)]
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(db_path)], stdout=subprocess.PIPE, text=True)
    first = worker.stdout.readline()  # the worker is up and has completed a task
    time.sleep(kill_after)
    worker.send_signal(signal.SIGKILL)
    acknowledged = [int(line) for line in (first + worker.communicate()[0]).split()]

    after = Alur.open(db_path)
    done = {row[0] for row in after.db.execute("SELECT id FROM tasks WHERE state = 'completed'")}
    assert set(acknowledged) <= done
    for instance in instances:
        [task] = after.tasks(instance=instance)
        user = "staf" if task["lane"] == "Staf" else "kepala"
        data = {"nomor_konsep": "K"} if task["number"] == "1" else {"keputusan": "revisi"}
        after.complete(task["id"], user, data)  # the stored state loads and runs on
        assert len(after.tasks(instance=instance)) == 1
    count = lambda sql: after.db.execute(sql).fetchone()[0]
    assert count("SELECT COUNT(*) FROM events WHERE type = 'task_completed'") == count(
        "SELECT COUNT(*) FROM tasks WHERE state = 'completed'") == len(done) + len(instances)
    after.close()
