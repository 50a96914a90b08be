"""A loop taken hundreds of times: no task is lost, the instance completes only at its end event,
and the stored state stays the size of what is still to come."""

ITERATIONS = 650


def state_size(alur, instance):
    return len(alur.db.execute("SELECT state FROM instances WHERE id = ?", [instance]).fetchone()[0])


def test_a_loop_taken_650_times_loses_nothing(surat):
    instance = surat.start("surat", "staf")
    sizes = []
    for iteration in range(ITERATIONS):
        [draft] = surat.tasks(instance=instance)
        assert draft["number"] == "1"
        surat.complete(draft["id"], "staf", {"nomor_konsep": f"K-{iteration}"})
        [review] = surat.tasks(instance=instance)
        assert review["number"] == "2"
        surat.complete(review["id"], "kepala", {"keputusan": "revisi"})
        # The status as `show` gives it, without listing every task done so far (which grows with the loop).
        assert [(i["id"], i["status"]) for i in surat.instances(process="surat")] == [(instance, "running")]
        sizes.append(state_size(surat, instance))
    [draft] = surat.tasks(instance=instance)
    surat.complete(draft["id"], "staf", {"nomor_konsep": "final"})
    [review] = surat.tasks(instance=instance)
    surat.complete(review["id"], "kepala", {"keputusan": "setuju"})
    [send] = surat.tasks(instance=instance)
    assert surat.show(instance)["status"] == "running"
    surat.complete(send["id"], "staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]})
    shown = surat.show(instance)
    assert shown["status"] == "completed" and shown["data"]["nomor_konsep"] == "final"
    assert len(shown["completed"]) == 2 * ITERATIONS + 3
    assert max(sizes) < sizes[0] * 1.2
    flows = [e["element"] for e in surat.history(instance) if e["type"] == "flow_taken"]
    assert flows.count("Flow_revisi") == ITERATIONS and flows[-1] == "Flow_setuju"
