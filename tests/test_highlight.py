"""What the instance diagram highlights: the path the token took, the tasks waiting now."""


def marks(alur, instance):
    shown = alur.diagram(instance)
    return set(shown["done"]), set(shown["current"]), set(shown["flows"])


def test_a_new_instance_shows_the_start_and_the_first_task(surat):
    instance = surat.start("surat", "staf")
    assert marks(surat, instance) == ({"StartEvent_surat"}, {"Task_konsep"}, {"Flow_1"})


def test_after_a_loop_the_path_so_far_stays_highlighted(surat):
    instance = surat.start("surat", "staf")
    surat.complete(surat.tasks(instance=instance)[0]["id"], "staf", {"nomor_konsep": "K-1"})
    surat.complete(surat.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": "revisi"})
    done, current, flows = marks(surat, instance)
    assert current == {"Task_konsep"}
    assert done == {"StartEvent_surat", "Task_konsep", "Task_periksa", "Gateway_periksa"}
    assert flows == {"Flow_1", "Flow_2", "Flow_3", "Flow_revisi"}


def test_a_completed_instance_shows_its_end_event_and_only_the_branches_taken(surat):
    instance = surat.start("surat", "staf")
    surat.complete(surat.tasks(instance=instance)[0]["id"], "staf", {"nomor_konsep": "K-1"})
    surat.complete(surat.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": "setuju"})
    surat.complete(surat.tasks(instance=instance)[0]["id"], "staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]})
    done, current, flows = marks(surat, instance)
    assert current == set()
    assert "EndEvent_surat" in done and "Flow_4" in flows
    assert "Flow_revisi" not in flows and "Flow_setuju" in flows


def test_replay_highlights_the_diagram_as_it_was(surat):
    instance = surat.start("surat", "staf")
    surat.complete(surat.tasks(instance=instance)[0]["id"], "staf", {"nomor_konsep": "K-1"})
    surat.complete(surat.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": "setuju"})
    first_ready = surat.replay(instance, 2)["highlight"]
    assert (first_ready["done"], first_ready["current"]) == (["StartEvent_surat"], ["Task_konsep"])
    latest = surat.replay(instance, len(surat.history(instance)))["highlight"]
    assert latest["current"] == ["Task_kirim"] and "Flow_setuju" in latest["flows"]
