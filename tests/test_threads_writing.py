"""Threads of one process writing at once, as a server's threads do, each on its own connection: many completions at
once all land, each once, the chain intact; a writer that waits for the write lock longer than ALUR_DB_TIMEOUT
is refused with database.locked, changes nothing, and can try again."""

import threading

import pytest

from engine import Alur
from engine.db import transaction
from engine.errors import Unavailable
from engine.settings import Settings
from engine.vocabulary import TaskState


def test_sixteen_threads_of_one_process_complete_at_once_and_every_completion_lands(surat, db_path):
    instances = [surat.start("surat", "staf") for _ in range(16)]
    tasks = [surat.tasks(instance=i)[0].id for i in instances]
    barrier, failures = threading.Barrier(len(tasks)), []

    def complete(task):
        engine = Alur.open(db_path)  # each thread its own connection, as a server's threads have
        try:
            barrier.wait()
            engine.complete(task, "staf", {"nomor_konsep": f"K-{task}"})
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)
        finally:
            engine.close()
    threads = [threading.Thread(target=complete, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for instance, task in zip(instances, tasks):
        shown = surat.show(instance)
        assert [t.id for t in shown.completed] == [task] and shown.data["nomor_konsep"] == f"K-{task}"
    assert surat.verify().ok


def test_a_thread_waiting_longer_than_the_timeout_behind_another_is_refused_and_changes_nothing(surat, db_path):
    [task] = surat.tasks(instance=surat.start("surat", "staf"))
    holding, release = threading.Event(), threading.Event()
    other = Alur.open(db_path)

    def hold():
        with transaction(other.db):
            holding.set()
            release.wait(10)
    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    waiting = Alur.open(db_path, settings=Settings(db_timeout=0.2))
    try:
        with pytest.raises(Unavailable) as refused:
            waiting.complete(task.id, "staf", {"nomor_konsep": "K"})
        assert refused.value.code == "database.locked"
        release.set()
        holder.join()
        assert surat.task(task.id).state == TaskState.READY
        waiting.complete(task.id, "staf", {"nomor_konsep": "K"})
        assert surat.task(task.id).completed_by == "staf" and surat.verify().ok
    finally:
        release.set()
        holder.join()
        waiting.close()
        other.close()
