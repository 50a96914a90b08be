"""Export for process mining: a standard reader (pm4py, a test-only dependency) loads the XES, the CSV says
the same, and completed traces replay on the diagram without deviation."""

import csv
import io
import re
from datetime import datetime
from decimal import Decimal

import pandas
import pytest
from lxml import etree

from engine.errors import InvalidData, NotFound

from conftest import ROOT, SURAT

import pm4py  # AGPL: a test dependency (the `test` extra), never imported by engine/
pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning",
                                        "ignore:Install the optional requirement:UserWarning")

KONSEP = ("staf", {"nomor_konsep": "K-1"})
SETUJU = ("kepala", {"keputusan": "setuju"})
REVISI = ("kepala", {"keputusan": "revisi"})
KIRIM = ("staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]})
K, P, M = "Menyusun konsep surat", "Memeriksa konsep surat", "Mengirim surat"
EXTENSIONS = {prefix: f"http://www.xes-standard.org/{prefix}.xesext"
              for prefix in ("concept", "time", "org", "lifecycle")}


def run(alur, *steps, process="surat", starter="staf"):
    instance = alur.start(process, starter)
    for user, data in steps:
        alur.complete(alur.tasks(instance=instance)[0]["id"], user, data)
    return instance


@pytest.fixture
def log(surat):
    """Four instances: straight through, through a revision, still running, cancelled."""
    surat.add_user("admin", roles=["admin"])
    ids = {"straight": run(surat, KONSEP, SETUJU, KIRIM),
           "revised": run(surat, KONSEP, REVISI, KONSEP, SETUJU, KIRIM),
           "running": run(surat, KONSEP, REVISI), "cancelled": run(surat, KONSEP)}
    surat.cancel(ids["cancelled"], "admin", "diajukan ganda")
    return ids


def read_xes(alur, tmp_path, **filters):
    path = tmp_path / "log.xes"
    path.write_text(alur.export("xes", **filters), encoding="utf-8")
    return pm4py.read_xes(str(path)), path


def expected_events(alur, instance):
    """(activity, lifecycle, resource, role, timestamp) straight from the events table."""
    out = []
    for e in alur.history(instance):
        if e["type"] in ("task_ready", "task_completed"):
            out.append((e["name"], "start" if e["type"] == "task_ready" else "complete",
                        e["actor"] if e["type"] == "task_completed" else None, e["lane"], e["at"]))
    return out


def test_pm4py_reads_traces_events_and_attributes(log, surat, tmp_path):
    frame, _ = read_xes(surat, tmp_path)
    assert sorted(frame["case:concept:name"].unique(), key=int) == [str(i) for i in sorted(log.values())]
    for name, instance in log.items():
        case = frame[frame["case:concept:name"] == str(instance)]
        got = [(r["concept:name"], r["lifecycle:transition"], None if r["org:resource"] != r["org:resource"]
                else r["org:resource"], r["org:role"], r["time:timestamp"].isoformat(timespec="microseconds"))
               for _, r in case.iterrows()]
        assert got == expected_events(surat, instance), name
        assert set(case["case:process"]) == {"surat"} and set(case["case:version"]) == {1}
        assert set(case["case:status"]) == {surat.show(instance)["status"]}
    revised = frame[frame["case:concept:name"] == str(log["revised"])]
    assert [(a, t) for a, t in zip(revised["concept:name"], revised["lifecycle:transition"])] == [
        (K, "start"), (K, "complete"), (P, "start"), (P, "complete"), (K, "start"), (K, "complete"),
        (P, "start"), (P, "complete"), (M, "start"), (M, "complete")]
    assert list(revised["org:role"]) == ["Staf"] * 2 + ["Kepala"] * 2 + ["Staf"] * 2 + ["Kepala"] * 2 + ["Staf"] * 2
    completes = revised[revised["lifecycle:transition"] == "complete"]
    assert list(completes["org:resource"]) == ["staf", "kepala", "staf", "kepala", "staf"]
    # concept:instance names the task: its start and complete share it.
    assert list(revised["concept:instance"])[:2] == [str(surat.show(log["revised"])["completed"][0]["id"])] * 2


def test_pm4py_sees_the_standard_extensions_and_classifiers(log, surat, tmp_path):
    path = tmp_path / "log.xes"
    path.write_text(surat.export("xes"), encoding="utf-8")
    legacy = pm4py.read_xes(str(path), return_legacy_log_object=True)
    assert {e["prefix"]: e["uri"] for e in legacy.extensions.values()} == EXTENSIONS
    assert legacy.classifiers["ActivityLifecycle"] == ["concept:name", "lifecycle:transition"]
    assert legacy.attributes["lifecycle:model"] == "standard"
    assert len(legacy) == 4 and legacy[0].attributes["concept:name"] == str(log["straight"])


def test_completed_traces_replay_on_the_diagram_without_deviation(log, surat, tmp_path):
    frame, _ = read_xes(surat, tmp_path)
    done = frame[(frame["case:status"] == "completed") & (frame["lifecycle:transition"] == "complete")]
    assert done["case:concept:name"].nunique() == 2
    net, initial, final = pm4py.convert_to_petri_net(pm4py.read_bpmn(str(SURAT)))
    assert sorted(t.label for t in net.transitions if t.label) == sorted([K, P, M])
    replay = pm4py.fitness_token_based_replay(done, net, initial, final)
    assert replay["log_fitness"] == 1.0 and replay["perc_fit_traces"] == 100.0
    alignments = pm4py.conformance_diagnostics_alignments(done, net, initial, final)
    assert [a["fitness"] for a in alignments] == [1.0, 1.0]
    # The check can fail: a trace without its review deviates.
    skipped = done[~((done["case:concept:name"] == str(log["straight"])) & (done["concept:name"] == P))]
    assert pm4py.fitness_token_based_replay(skipped, net, initial, final)["perc_fit_traces"] == 50.0
    assert sorted(a["fitness"] for a in pm4py.conformance_diagnostics_alignments(skipped, net, initial, final))[0] < 1


def test_xes_follows_the_ieee_schema(log, surat):
    root = etree.fromstring(surat.export("xes").encode("utf-8"))
    assert root.tag == "log" and Decimal(root.get("xes.version")) == Decimal("1849.2016")
    order = ["extension", "global", "classifier", "attribute", "trace"]
    kinds = [child.tag if child.tag in order else "attribute" for child in root]
    assert kinds == sorted(kinds, key=order.index), "log children out of the schema's order"
    assert {e.get("prefix"): e.get("uri") for e in root.findall("extension")} == EXTENSIONS
    event_globals = {a.get("key") for a in root.find("global[@scope='event']")}
    for classifier in root.findall("classifier"):
        assert re.fullmatch(r"[A-Za-z_][\w.-]*", classifier.get("name"))  # xs:NCName
        assert set(classifier.get("keys").split()) <= event_globals
    date_time = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
    for component in [root, *root.iter("trace", "event", "global")]:
        keys = [a.get("key") for a in component if a.tag in ("string", "date", "int", "float", "boolean", "id")]
        assert len(keys) == len(set(keys)), f"a key twice in one {component.tag}"
    for attribute in root.iter("string", "date", "int"):
        assert attribute.get("key") and attribute.get("value") is not None
        if attribute.tag == "date":
            assert date_time.match(attribute.get("value")), attribute.get("value")
        if attribute.tag == "int":
            int(attribute.get("value"))
    for event in root.iter("event"):
        keys = {a.get("key") for a in event}
        assert {"concept:name", "time:timestamp", "lifecycle:transition", "org:role"} <= keys
        transition = event.find("string[@key='lifecycle:transition']").get("value")
        assert ("org:resource" in keys) == (transition == "complete")


def test_csv_has_one_row_per_event_with_the_same_content(log, surat, tmp_path):
    rows = list(csv.DictReader(io.StringIO(surat.export("csv"))))
    assert list(rows[0]) == ["case_id", "activity", "timestamp", "lifecycle", "resource", "role", "process",
                             "version", "element", "task", "subject"]
    frame, _ = read_xes(surat, tmp_path)
    assert len(rows) == len(frame)
    for row, (_, event) in zip(rows, frame.iterrows()):
        assert row["case_id"] == event["case:concept:name"] and row["activity"] == event["concept:name"]
        assert datetime.fromisoformat(row["timestamp"]) == event["time:timestamp"].to_pydatetime()
        assert row["lifecycle"] == event["lifecycle:transition"] and row["role"] == event["org:role"]
        assert row["resource"] == ("" if event["org:resource"] != event["org:resource"] else event["org:resource"])
        assert (row["process"], row["version"], row["task"]) == ("surat", "1", event["concept:instance"])
    # pm4py takes the CSV too, once told its columns.
    frame = pm4py.format_dataframe(pandas.read_csv(io.StringIO(surat.export("csv"))), case_id="case_id",
                                   activity_key="activity", timestamp_key="timestamp")
    assert frame["case:concept:name"].nunique() == 4


def test_names_with_markup_and_non_ascii_survive(surat, tmp_path):
    odd_name, odd_lane = 'Menyusun & "mengoreksi" <konsep> surat — ḍraf ✓', "Staf & TU"
    escaped = 'name="Menyusun &amp; &quot;mengoreksi&quot; &lt;konsep&gt; surat — ḍraf ✓"'
    text = SURAT.read_text().replace('name="Menyusun konsep surat"', escaped)
    text = text.replace('name="Staf"', 'name="Staf &amp; TU"')
    odd = tmp_path / "surat.bpmn"
    odd.write_text(text, encoding="utf-8")
    surat.deploy([odd])
    surat.add_user("tu", lanes=[odd_lane])
    run(surat, ("tu", {"nomor_konsep": "K-<1>"}), starter="tu")
    xes = surat.export("xes")
    assert "&amp;" in xes and "&lt;konsep&gt;" in xes and "<konsep>" not in xes
    frame, _ = read_xes(surat, tmp_path)
    assert list(frame["concept:name"]) == [odd_name, odd_name, P]
    assert list(frame["org:role"]) == [odd_lane, odd_lane, "Kepala"]
    rows = list(csv.DictReader(io.StringIO(surat.export("csv"), newline="")))
    assert [(r["activity"], r["role"], r["version"]) for r in rows][:2] == [(odd_name, odd_lane, "2")] * 2


def test_since_counts_from_local_midnight(log, surat):
    # Instance "straight" started a second before midnight WIB on 2 March, "revised" at midnight.
    surat.db.execute("UPDATE instances SET started_at = '2026-03-01T16:59:59.999999+00:00' WHERE id = ?",
                     [log["straight"]])
    surat.db.execute("UPDATE instances SET started_at = '2026-03-01T17:00:00.000000+00:00' WHERE id = ?",
                     [log["revised"]])
    cases = {r["case_id"] for r in csv.DictReader(io.StringIO(surat.export("csv", since="2026-03-02")))}
    assert cases == {str(log["revised"]), str(log["running"]), str(log["cancelled"])}
    assert {r["case_id"] for r in csv.DictReader(io.StringIO(surat.export("csv", since="2026-03-01")))} == {
        str(i) for i in log.values()}
    assert surat.export("csv", since="2999-01-01").splitlines() == [
        "case_id,activity,timestamp,lifecycle,resource,role,process,version,element,task,subject"]
    assert "<trace>" not in surat.export("xes", since="2999-01-01")


@pytest.mark.parametrize("bad", ["2026-02-30", "kemarin", "02/03/2026", "2026-3-2"])
def test_a_bad_since_date_is_refused(surat, bad):
    with pytest.raises(InvalidData) as refused:
        surat.export("xes", since=bad)
    assert str(refused.value) == f"--since: '{bad}' is not a date: write YYYY-MM-DD, such as 2026-01-31"


def test_one_process_only(log, surat, tmp_path):
    other = tmp_path / "surat_b.bpmn"
    other.write_text(SURAT.read_text().replace('id="surat"', 'id="surat_b"').replace('processRef="surat"',
                                                                                      'processRef="surat_b"'))
    surat.deploy([other])
    only = run(surat, KONSEP, process="surat_b")
    rows = list(csv.DictReader(io.StringIO(surat.export("csv", process="surat_b"))))
    assert {(r["case_id"], r["process"]) for r in rows} == {(str(only), "surat_b")}
    assert len({r["case_id"] for r in csv.DictReader(io.StringIO(surat.export("csv")))}) == 5
    with pytest.raises(NotFound):
        surat.export("xes", process="lain")
    with pytest.raises(InvalidData, match="choose xes, csv"):
        surat.export("json")


def test_cli_writes_a_file_or_standard_output(log, surat, cli, tmp_path):
    out = tmp_path / "log.xes"
    result = cli("export", "xes", "--process", "surat", "-o", out, check=True)
    assert result.stdout.strip() == f"wrote {out}"
    without_stamp = re.compile(r'\s*<date key="exported_at" value="[^"]+"/>')
    written, direct = out.read_text(encoding="utf-8"), surat.export("xes", process="surat")
    assert without_stamp.sub("", written) == without_stamp.sub("", direct)
    assert len(pm4py.read_xes(str(out))) == len(list(csv.DictReader(io.StringIO(surat.export("csv")))))
    assert cli("export", "csv", check=True).stdout == surat.export("csv").replace("\r\n", "\n")
    refused = cli("export", "csv", "--since", "31-12-2026")
    assert refused.returncode == 2
    assert refused.stderr == "error: --since: '31-12-2026' is not a date: write YYYY-MM-DD, such as 2026-01-31\n"
    unwritable = cli("export", "xes", "-o", tmp_path / "missing" / "log.xes")
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr


def test_the_engine_never_imports_pm4py():
    sources = [path for folder in ("engine", "webui") for path in (ROOT / folder).rglob("*.py")]
    offenders = [str(path.relative_to(ROOT)) for path in sources
                 if re.search(r"^\s*(import|from)\s+pm4py", path.read_text(encoding="utf-8"), re.MULTILINE)]
    assert offenders == [], "pm4py is AGPL and a test dependency only"
