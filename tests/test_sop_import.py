"""Reading SOP AP workbooks as offices write them: what real tables hold is taken or flagged with its sheet,
row and column, never a traceback; headings and items in Indonesian or English, any case."""

import io
import json
import zipfile

import pytest
from lxml import etree
from openpyxl import Workbook

from engine import Alur
from engine.errors import InvalidData
from engine.messages import render_sop_problem
from engine.sopap import Table, from_table, read_sop

NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
      "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core"}
IDENTITAS = [("Nomor SOP", "800/1/SOP/2026"), ("Nama SOP", "Surat Masuk"), ("Unit", "Bagian Umum"),
             ("Dasar Hukum", "1. UU 25/2009\n2. Permenpan RB 35/2012"), ("ID Proses", "surat_masuk")]
HEADING = ["No", "Kegiatan", "Staf", "Kepala", "Kelengkapan", "Waktu", "Output", "Keterangan", "Keputusan"]


def workbook(rows, heading=HEADING, identitas=IDENTITAS, before=()):
    """An .xlsx with an Identitas sheet and a Prosedur sheet of `rows` under `heading` (and `before` above)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Identitas"
    for item in identitas:
        sheet.append(list(item))
    table = book.create_sheet("Prosedur")
    for row in [*before, heading, *rows]:
        table.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(no, kegiatan, staf="", kepala="", kelengkapan="Surat", waktu="1 hari", output="", ket="", keputusan=""):
    return [no, kegiatan, staf, kepala, kelengkapan, waktu, output, ket, keputusan]


GOOD = [row(1, "Staf mencatat surat masuk", "x", output="Agenda surat"),
        row(2, "Kepala memeriksa surat", "", "✓", keputusan="Disetujui? setuju -> 3; tidak setuju -> 1"),
        row(3, "Staf mengarsipkan surat", "■", waktu="30 menit")]


def tasks(result):
    root = etree.fromstring(result.bpmn)
    found = {}
    for task in root.iterfind(".//bpmn:userTask", NS):
        props = {p.get("name"): p.get("value") for p in task.iterfind(".//spiffworkflow:property", NS)}
        found[props["nomor"]] = {**props, "lane": None, "name": task.get("name")}
    return found


def codes(result, severity=None):
    return [p.code for p in result.problems if severity is None or p.severity == severity]


def test_a_good_table_reads_without_problems_into_a_diagram():
    result = read_sop(workbook(GOOD), "surat.xlsx")
    assert result.problems == [] and result.ok and result.process_id == "surat_masuk"
    assert result.table.header["dasar_hukum"] == ["UU 25/2009", "Permenpan RB 35/2012"]
    assert result.table.lanes == ["Staf", "Kepala"]
    found = tasks(result)
    assert found["1"]["waktu_iso"] == "P1D" and found["3"]["waktu_iso"] == "PT30M"
    fields = {k[6:]: json.loads(v) for k, v in found["2"].items() if k.startswith("field.")}
    assert fields["keputusan_2"] == {"label": "Disetujui?", "type": "choice", "required": True,
                                     "choices": ["setuju", "tidak setuju"]}
    assert fields["alasan_2"]["required_when"] == {"keputusan_2": ["tidak setuju"]}
    assert json.loads(found["1"]["field.output_1"])["label"] == "Nomor/referensi Agenda surat"
    assert json.loads(found["1"]["field.kelengkapan_1"])["choices"] == ["Surat"]


def test_real_table_readings_are_taken_and_said():
    heading = ["No.", "Kegiatan", "Pelaksana", "", "Mutu Baku", "", "", "Ket", "Keputusan"]
    under = ["", "", "Staf", "Kepala", "Kelengkapan", "Waktu (hari)", "Output", "", ""]
    rows = [[1, 2, 3, 4, 5, 6, 7, 8, 9],                      # the column numbers under the heading
            ["A. PENERIMAAN"],
            row(1, "Staf mencatat surat", "x", waktu="1-2 hari"),
            row(2, "Staf menyiapkan disposisi", "v", waktu="1,5 jam"),
            row(3, "Kepala membaca surat", "", "x", waktu=""),
            row(4, "Kepala memberi disposisi", "", "x", waktu=3),
            row(5, "Staf dan Kepala mengarsipkan", "x", "x", waktu="15 menit")]
    result = read_sop(workbook([under, *rows], heading=heading), "nyata.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert sorted(codes(result)) == ["sop.two_marks", "sop.waktu_blank", "sop.waktu_range"]
    found = tasks(result)
    assert (found["A1"]["waktu"], found["A1"]["waktu_tertulis"]) == ("2 hari", "1-2 hari")
    assert (found["A2"]["waktu"], found["A2"]["waktu_iso"]) == ("90 menit", "PT90M")
    assert "waktu" not in found["A3"] and found["A4"]["waktu"] == "3 hari"
    [two] = [p for p in result.problems if p.code == "sop.two_marks"]
    assert (two.sheet, two.row, two.params["lane"]) == ("Prosedur", 9, "Staf")
    assert "row 9" in str(two) and "Staf" in str(two)
    assert "baris 9" in render_sop_problem(two, "id")


MISTAKES = {
    "no mark": ([row(1, "Staf mencatat", "x"), row(2, "Memeriksa")], "sop.no_mark", 3, None),
    "answer to a missing row": ([row(1, "Staf mencatat", "x", keputusan="Lengkap? ya -> 2; tidak -> 9"),
                                 row(2, "Staf mengarsipkan", "x")], "sop.answer_target_missing", 2, "Keputusan"),
    "loop with no way out": ([row(1, "Staf mencatat", "x"),
                              row(2, "Kepala memeriksa", "", "x", keputusan="Benar? ya -> 1; tidak -> 1")],
                             "sop.answers_same_row", 3, "Keputusan"),
    "loop without an exit": ([row(1, "Staf mencatat", "x"), row(2, "Staf memeriksa", "x"),
                              row(3, "Kepala menilai", "", "x", keputusan="Baik? ulang -> 1; ulang lagi -> 2")],
                             "sop.no_way_out", 4, "Keputusan"),
    "repeated number": ([row(1, "Staf mencatat", "x"), row(1, "Staf memeriksa", "x")], "sop.no_repeated", 3, "No"),
    "empty kegiatan": ([row(1, "Staf mencatat", "x"), row(2, "", "x")], "sop.kegiatan_empty", 3, "Kegiatan"),
    "bare number": ([row(1, "Staf mencatat", "x", waktu="2")], "sop.waktu_no_unit", 2, "Waktu"),
    "unreadable time": ([row(1, "Staf mencatat", "x", waktu="sebentar")], "sop.waktu_unreadable", 2, "Waktu"),
    "one answer": ([row(1, "Staf mencatat", "x", keputusan="Lengkap? ya")], "sop.decision_answers", 2,
                   "Keputusan"),
    "row never reached": ([row(1, "Kepala menilai", "", "x", keputusan="Baik? ya -> 3; tidak -> 1"),
                           row(2, "Staf mencatat", "x"), row(3, "Staf mengarsipkan", "x")],
                          "sop.unreachable", 3, "No"),
}


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_each_mistake_is_an_error_with_its_place_and_stores_nothing(case, tmp_path):
    rows, code, line, column = MISTAKES[case]
    alur = Alur.open(tmp_path / "alur.db")
    try:
        result = alur.import_sop(workbook(rows), "salah.xlsx", "analis", deploy=True)
        assert not result.ok and result.bpmn is None and result.deployments == []
        [problem] = [p for p in result.problems if p.code == code]
        assert (problem.severity, problem.sheet, problem.row, problem.column) == ("error", "Prosedur", line, column)
        if column:
            assert problem.params["cell"].endswith(str(line))
        assert alur.processes() == [] and alur.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
        english, indonesian = str(problem), render_sop_problem(problem, "id")
        assert f"row {line}" in english and f"baris {line}" in indonesian and english != indonesian
    finally:
        alur.close()


def zipped(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in files.items():
            package.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("data", [b"", b"No;Kegiatan\n1;Staf mencatat\n", b"%PDF-1.7\n" + b"x" * 100,
                                  zipped({"word/document.xml": "<w/>"}), b"PK\x03\x04 broken",
                                  b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024)],
                         ids=["empty", "csv", "pdf", "docx", "broken zip", "too large"])
def test_a_file_that_is_not_a_workbook_is_one_problem(data):
    result = read_sop(data, "bukan.xlsx")
    assert [p.code for p in result.problems] in (["sop.not_xlsx"], ["sop.too_large"])
    assert result.table is None and result.bpmn is None and not result.ok


def test_a_workbook_declaring_entities_is_refused_unread():
    good = zipfile.ZipFile(io.BytesIO(workbook(GOOD)))
    files = {name: good.read(name) for name in good.namelist()}
    sheet = files["xl/worksheets/sheet2.xml"]
    files["xl/worksheets/sheet2.xml"] = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM ' \
        b'"file:///etc/passwd">]>' + sheet.replace(b"Staf mencatat surat masuk", b"&x;")
    result = read_sop(zipped(files), "entitas.xlsx")
    assert codes(result) == ["sop.not_xlsx"] and "root:" not in json.dumps(result.to_json())


def test_headings_and_items_in_english_and_any_case():
    heading = ["NO.", "Activity", "Staf", "Kepala", "requirements", "TIME", "Output", "Remarks", "decision"]
    identitas = [("SOP Name", "Incoming Letters"), ("sop number", "1/2026"), ("Legal basis", "Law 25/2009"),
                 ("", "Regulation 35/2012"), ("Unknown item", "x")]
    result = read_sop(workbook(GOOD, heading=heading, identitas=identitas), "english.xlsx")
    assert result.ok and codes(result) == ["sop.item_unknown"]
    assert result.table.header["dasar_hukum"] == ["Law 25/2009", "Regulation 35/2012"]
    assert result.process_id == "incoming_letters" and len(tasks(result)) == 3


def test_the_table_as_json_both_ways_gives_the_same_diagram():
    result = read_sop(workbook(GOOD), "surat.xlsx")
    plain = json.loads(json.dumps(result.table.to_json()))
    assert Table.from_json(plain) == result.table
    assert from_table(plain).bpmn == result.bpmn
    plain["rows"][1]["lanes"] = ["Direktur"]
    assert codes(from_table(plain)) == ["sop.lane_unknown"]
    assert codes(from_table({"rows": "nonsense"})) == ["sop.header_missing", "sop.no_lanes", "sop.no_rows",
                                                       "sop.header_missing_nomor"]


def test_a_send_back_without_its_reason_is_refused_by_the_engine(tmp_path):
    alur = Alur.open(tmp_path / "alur.db")
    try:
        result = alur.import_sop(workbook(GOOD), "surat.xlsx", "analis", deploy=True)
        assert [d.version for d in result.deployments] == [1]
        alur.add_user("staf", lanes=["Staf"])
        alur.add_user("kepala", lanes=["Kepala"])
        instance = alur.start("surat_masuk", "staf")
        [task] = alur.tasks(instance=instance)
        alur.complete(task["id"], "staf", {"output_1": "A-1", "kelengkapan_1": ["Surat"]})
        [task] = alur.tasks(instance=instance)
        with pytest.raises(InvalidData) as refused:
            alur.complete(task["id"], "kepala", {"kelengkapan_2": ["Surat"], "keputusan_2": "tidak setuju"})
        assert refused.value.code == "field.required_when" and refused.value.field == "alasan_2"
        [back] = alur.complete(task["id"], "kepala", {"kelengkapan_2": ["Surat"], "keputusan_2": "tidak setuju",
                                                      "alasan_2": "nomor agenda salah"})
        assert back["number"] == "1"
    finally:
        alur.close()


def test_a_last_row_whose_answers_all_lead_elsewhere_ends_at_the_procedures_own_end(tmp_path):
    rows = [row(1, "Staf memesan ruang rapat", "x"),
            row(2, "Kepala memeriksa ketersediaan ruang", "", "x",
                keputusan="Ruang tersedia? tersedia -> selesai; tidak tersedia -> 1")]
    result = read_sop(workbook(rows), "ruang.xlsx")
    assert result.ok, [p.code for p in result.problems]
    root = etree.fromstring(result.bpmn)
    ends = root.findall(".//bpmn:endEvent", NS)
    targets = {flow.get("targetRef") for flow in root.iterfind(".//bpmn:sequenceFlow", NS)}
    assert len(ends) == 1 and ends[0].get("id") in targets  # no loose "Selesai" left beside the diagram
    alur = Alur.open(tmp_path / "alur.db")
    try:
        alur.deploy_bytes([("ruang.bpmn", result.bpmn)], "analis")
        alur.add_user("staf", lanes=["Staf"])
        alur.add_user("kepala", lanes=["Kepala"])
        instance = alur.start("surat_masuk", "staf", subject="Rapat koordinasi")
        for user, data in (("staf", None), ("kepala", {"keputusan_2": "tersedia"})):
            [task] = alur.tasks(instance=instance)
            filled = {f["name"]: f["choices"] if f["type"] == "checklist" else "x"
                      for f in task["fields"] if f["required"] and f["type"] != "choice"}
            alur.complete(task["id"], user, {**filled, **(data or {})})
        assert alur.show(instance)["status"] == "completed"
    finally:
        alur.close()
