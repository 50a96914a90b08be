"""Any table the importer accepts is drawn and deploys: random SOP tables (seeded, so each run sees the same)
with decisions leading back, forward, to the end, into rows many flows meet, over one to six lanes and parts."""

import random

import pytest

from engine import Alur
from engine.sopap import Row, Table, from_table


def random_table(seed):
    rnd = random.Random(seed)
    lanes = [f"Pelaksana {i}" for i in range(rnd.randint(1, 6))]
    count = rnd.randint(2, 16)
    rows = []
    for number in range(1, count + 1):
        keputusan = ""
        if rnd.random() < 0.35:
            targets = rnd.sample(range(1, count + 1), k=min(count, rnd.randint(1, 2)))
            answers = [f"jawaban {j} -> {t}" if rnd.random() < 0.85 else f"jawaban {j} -> selesai"
                       for j, t in enumerate(targets)]
            keputusan = "Lanjut? " + "; ".join(["lanjut"] + answers if rnd.random() < 0.8 else answers)
        part = ["A. Persiapan", "B. Pelaksanaan"][number * 2 // (count + 1)] if seed % 2 else ""
        rows.append(Row(str(number), f"{lanes[0]} mengerjakan kegiatan {number}", [rnd.choice(lanes)],
                        "Surat, agenda", "1 hari", "Surat", keputusan=keputusan, part=part))
    return Table(header={"nama": f"Uji {seed}", "nomor": str(seed)}, lanes=lanes, rows=rows,
                 process_id=f"uji_{seed}")


def test_every_accepted_random_table_is_drawn_and_deploys(tmp_path):
    alur = Alur.open(tmp_path / "alur.db")
    accepted = 0
    try:
        for seed in range(150):
            result = from_table(random_table(seed))
            codes = {p.code for p in result.problems}
            assert "sop.layout_failed" not in codes, (seed, [str(p) for p in result.problems])
            if result.ok:
                accepted += 1
                [deployed] = alur.deploy_bytes([(f"uji-{seed}.bpmn", result.bpmn)], "analis")
                assert deployed.version == 1
            else:
                assert codes & {"sop.no_way_out", "sop.unreachable", "sop.answers_same_row", "sop.decision_answers",
                                "sop.decision_too_many", "sop.answer_target_missing"}, (seed, codes)
    finally:
        alur.close()
    assert accepted > 35   # most random tables have a row never reached or a loop with no way out


@pytest.mark.parametrize("lanes", [1, 2])
def test_an_answer_that_ends_the_procedure_is_drawn_beside_its_decision(lanes):
    names = ["Staf", "Kepala"][:lanes]
    rows = [Row("1", "Staf menerima berkas", [names[0]], waktu="1 hari"),
            Row("2", "Staf memeriksa berkas", [names[-1]], waktu="1 hari",
                keputusan="Lengkap? lengkap; tidak lengkap -> selesai"),
            Row("3", "Staf memproses berkas", [names[0]], waktu="1 hari")]
    result = from_table(Table(header={"nama": "Berkas", "nomor": "1"}, lanes=names, rows=rows))
    assert result.ok and b'id="EndEvent_2_tidak_lengkap"' in result.bpmn
