"""The engine and the command line against the defects of the security review (issue 14): numbers that are not
finite, ids past SQLite's integers, database faults (read-only, locked, full), and conditions that would build
huge values. The web UI's side is in test_webui_reliability.py."""

import json
import tracemalloc
from xml.sax.saxutils import escape

import pytest

import engine.db
from conftest import DATA, SURAT, tamper
from engine import Alur, expressions
from engine.errors import ConfigError, InstanceStuck, InvalidDiagram, InvalidExpression, Unavailable
from engine.settings import Settings
from faults import LONG_NOTE, fill, read_only, write_lock_held

USULAN = DATA / "webui-usulan.bpmn"  # Staf records judul, catatan, jumlah (a number), ... -> Kepala decides
FIRST = {"judul": "Usulan gedung", "dokumen": ["Surat pengantar", "Lampiran"]}
BIG_IDS = [2**63, 10**20]


def strict_json(text):
    """JSON as the standard has it: NaN and Infinity are not JSON."""
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def usulan(cli):
    """usulan_uji deployed, users `staf` (Staf) and `kepala` (Kepala), one instance waiting at task 1 (Staf)."""
    cli("deploy", USULAN, check=True)
    cli("users", "add", "staf", "--lane", "Staf", check=True)
    cli("users", "add", "kepala", "--lane", "Kepala", check=True)
    assert cli("start", "usulan_uji", "--as", "staf", "--subject", "Usulan uji", check=True).stdout.strip() == "1"
    return cli


def complete_first(cli, **data):
    return cli("complete", 1, "--as", "staf", "--data", json.dumps({**FIRST, **data}))


def assert_untouched(cli, events):
    """Instance 1 still waits at task 1 with no data, the history has `events` events and verifies intact."""
    shown = strict_json(cli("show", 1, "--json", check=True).stdout)
    assert shown["data"] == {} and [t["id"] for t in shown["ready"]] == [1]
    verified = cli("verify", "--json", check=True)
    assert strict_json(verified.stdout)["events"] == events


def event_count(cli):
    return strict_json(cli("verify", "--json", check=True).stdout)["events"]


def one_line_error(result, text):
    assert result.returncode == 2, result
    assert result.stderr.startswith(f"error: {text}") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


# 1. Numbers that are not finite -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["nan", "inf", "-inf", "1e999", "Infinity", " NaN "])
def test_a_number_field_refuses_what_is_not_a_finite_number(usulan, typed):
    events = event_count(usulan)
    result = complete_first(usulan, jumlah=typed)
    one_line_error(result, f"'jumlah' must be an ordinary number, not '{typed}'")
    assert_untouched(usulan, events)


@pytest.mark.parametrize("data", ['{"jumlah": NaN}', '{"jumlah": Infinity}', '{"jumlah": -Infinity}',
                                  '{"jumlah": 1e999}', '{"jumlah": 1%s}' % ("0" * 400)])
def test_json_data_with_nan_or_infinity_is_refused_naming_the_field(usulan, data):
    events = event_count(usulan)
    data = data[:-1] + ', "judul": "x", "dokumen": ["Surat pengantar", "Lampiran"]}'
    one_line_error(usulan("complete", 1, "--as", "staf", "--data", data), "'jumlah' must be an ordinary number")
    one_line_error(usulan("start", "usulan_uji", "--as", "staf", "--subject", "Usulan uji", "--data", '{"awal": [1, {"x": NaN}]}'),
                   "'awal' must be an ordinary number, not 'nan'")
    assert_untouched(usulan, events)
    assert len(strict_json(usulan("instances", "--json", check=True).stdout)) == 1


def test_finite_numbers_still_go_in_and_verify_stays_intact(usulan):
    complete_first(usulan, jumlah="2,5")
    shown = strict_json(usulan("show", 1, "--json", check=True).stdout)
    assert shown["data"]["jumlah"] == 2.5
    assert "intact" in usulan("verify", check=True).stdout


def test_verify_compares_data_exactly(usulan, db_path):
    """3 and 3.0 and true are equal to Python, not to an auditor: an edit from one to another is found."""
    usulan("complete", 1, "--as", "staf", "--data", json.dumps({**FIRST, "jumlah": "3", "mendesak": "ya"}), check=True)
    assert "intact" in usulan("verify", check=True).stdout
    for stored, found in (('"jumlah": 3.0', "jumlah"), ('"mendesak": 1', "mendesak")):
        original = strict_json(usulan("show", 1, "--json", check=True).stdout)["data"]
        edited = dict(original)
        key, value = stored.split(": ")
        edited[key.strip('"')] = json.loads(value)
        tamper(db_path, ("UPDATE instances SET data = ? WHERE id = 1", [json.dumps(edited)]))
        result = usulan("verify")
        assert result.returncode == 1 and f"the data '{found}'" in result.stdout, result.stdout
        tamper(db_path, ("UPDATE instances SET data = ? WHERE id = 1", [json.dumps(original)]))


def test_show_json_is_json_even_for_a_nan_an_older_alur_stored(usulan, db_path):
    tamper(db_path, "UPDATE instances SET data = '{\"jumlah\": NaN, \"daftar\": [Infinity]}' WHERE id = 1")
    shown = strict_json(usulan("show", 1, "--json", check=True).stdout)
    assert shown["data"] == {"jumlah": "nan", "daftar": ["inf"]}
    assert "data: {\"jumlah\": \"nan\"" in usulan("show", 1, check=True).stdout


# 2. Ids past SQLite's integers ------------------------------------------------------------------------------

@pytest.mark.parametrize("big", BIG_IDS)
def test_an_id_past_sqlites_integers_is_no_such_thing(usulan, big):
    for args, said in [(["show", big], f"no instance {big}"), (["history", big], f"no instance {big}"),
                       (["replay", big, "--step", 1], f"no instance {big}"),
                       (["replay", big, "--verify"], f"no instance {big}"),
                       (["complete", big, "--as", "staf"], f"no task {big}"),
                       (["cancel", big, "--as", "staf", "--reason", "x"], "only a user with the admin role"),
                       (["migrate", 1, "--to", big, "--as", "staf"], "only a user with the analyst role"),
                       (["diff", "usulan_uji", 1, big], f"the process 'usulan_uji' has no version {big}")]:
        one_line_error(usulan(*args), said)
    assert usulan("tasks", "--instance", big, check=True).stdout.strip() == "(none)"
    usulan("users", "add", "boss", "--role", "admin", "--role", "analyst", check=True)
    one_line_error(usulan("cancel", big, "--as", "boss", "--reason", "x"), f"no instance {big}")
    one_line_error(usulan("reassign", big, "--to", "staf", "--as", "boss", "--reason", "x"), f"no task {big}")
    one_line_error(usulan("migrate", 1, "--to", big, "--as", "boss"), f"the process 'usulan_uji' has no version {big}")


# 3. Database faults -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("what", ["file", pytest.param("folder", marks=pytest.mark.sqlite_only(
    reason="a read-only folder stops SQLite's -wal and -shm files; PostgreSQL keeps no file beside anything"))])
def test_a_read_only_database_is_said_in_one_line_and_the_same_completion_works_once_writable(usulan, db_path,
                                                                                             what):
    events = event_count(usulan)
    postgresql = str(db_path).startswith("postgresql://")
    with read_only(db_path if what == "file" else db_path.parent):
        if what == "file":  # reading works; in a read-only folder SQLite cannot make its -shm file to read with
            assert strict_json(usulan("show", 1, "--json", check=True).stdout)["status"] == "running"
        one_line_error(complete_first(usulan), "the database server refuses to write" if postgresql else
                       "the database cannot be written: its file, the -wal and -shm files")
    assert_untouched(usulan, events)
    assert "now ready" in complete_first(usulan, jumlah="4").stdout
    assert "intact" in usulan("verify", check=True).stdout


def test_a_lock_held_too_long_is_said_in_one_line_and_the_same_completion_works_once_let_go(usulan, db_path,
                                                                                           monkeypatch):
    monkeypatch.setenv("ALUR_DB_TIMEOUT", "0.2")
    events = event_count(usulan)
    with write_lock_held(db_path):
        one_line_error(complete_first(usulan), "the database is busy: another program kept it locked for more than "
                                               "0.2 seconds. Nothing was changed: try again in a moment")
        monkeypatch.setenv("ALUR_LANG", "id")
        one_line_error(complete_first(usulan), "basis data sedang sibuk")
        monkeypatch.delenv("ALUR_LANG")
    assert_untouched(usulan, events)
    assert "now ready" in complete_first(usulan).stdout


@pytest.mark.sqlite_only(reason="a full disk is SQLite's max_page_count standing in for it")
def test_a_full_disk_is_said_in_one_line_nothing_half_written_and_the_same_completion_works_with_space(
        usulan, monkeypatch):
    connect = engine.db.connect

    def connect_to_a_full_disk(path, timeout=30):
        db = connect(path, timeout)
        fill(db)
        return db

    events = event_count(usulan)
    monkeypatch.setattr(engine.db, "connect", connect_to_a_full_disk)
    one_line_error(complete_first(usulan, catatan=LONG_NOTE), "the disk holding the database is full. Nothing was "
                                                              "changed: ask the administrator to free space")
    monkeypatch.undo()
    assert_untouched(usulan, events)
    assert "now ready" in complete_first(usulan, catatan=LONG_NOTE).stdout
    assert "intact" in usulan("verify", check=True).stdout


@pytest.mark.sqlite_only(reason="a full disk is SQLite's max_page_count standing in for it")
def test_an_engine_left_open_keeps_working_after_a_full_disk(alur):
    """A web worker keeps its engine: a failed COMMIT or statement leaves no transaction open behind it."""
    alur.deploy([USULAN])
    alur.add_user("staf", lanes=["Staf"])
    instance = alur.start("usulan_uji", "staf")
    [task] = alur.tasks(instance=instance)
    fill(alur.db)
    with pytest.raises(Unavailable) as refused:
        alur.complete(task["id"], "staf", {**FIRST, "catatan": LONG_NOTE})
    assert refused.value.code == "database.full" and refused.value.status == 503 and refused.value.retry_after
    assert not alur.db.conn.in_transaction
    alur.db.execute("PRAGMA max_page_count = 1073741823")
    alur.complete(task["id"], "staf", {**FIRST, "catatan": LONG_NOTE})
    assert alur.verify().ok


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan", "inf", "99999"])
def test_the_lock_timeout_is_a_setting_read_once_and_checked(value, usulan, monkeypatch):
    assert Settings.from_env({}).db_timeout == 30
    assert Settings.from_env({"ALUR_DB_TIMEOUT": "2.5"}).db_timeout == 2.5
    with pytest.raises(ConfigError):
        Settings.from_env({"ALUR_DB_TIMEOUT": value})
    monkeypatch.setenv("ALUR_DB_TIMEOUT", value)
    one_line_error(usulan("tasks"), f"ALUR_DB_TIMEOUT='{value}' must be a number of seconds")


def test_an_engine_on_a_database_it_cannot_write_still_opens_and_reads(usulan, db_path):
    with read_only(db_path):
        alur = Alur.open(db_path)
        try:
            assert alur.show(1).status == "running"
        finally:
            alur.close()


# 4. Conditions that would build huge values ----------------------------------------------------------------

HUGE = {
    'keputusan == "%0300000000d" % 1': "expression.formatting",
    'keputusan == "a" * 10**9': "expression.repetition",
    'keputusan == "a" * 1000000000': "expression.repetition",
    'keputusan in [1] * 10**9': "expression.repetition",
    'keputusan in [1] * 1000000000': "expression.repetition",
    'keputusan == str(1) * 1000000000': "expression.repetition",
    'keputusan == 10 ** 10 ** 10': "expression.forbidden",
    'keputusan == 1 << 100000000': "expression.forbidden",
    'keputusan == round(1, -1000000000)': "expression.round_digits",
}


@pytest.mark.parametrize("condition", HUGE)
def test_deploy_refuses_a_condition_that_would_build_a_huge_value(alur, tmp_path, condition):
    diagram = tmp_path / "surat.bpmn"
    diagram.write_text(SURAT.read_text().replace('keputusan == "setuju"', escape(condition, {'"': "&quot;"})))
    with pytest.raises(InvalidDiagram) as refused:
        alur.deploy([diagram])
    [problem] = refused.value.problems
    assert problem.message.code == "diagram.condition_refused"
    assert problem.message.params["reason"].code == HUGE[condition]
    assert alur.processes() == []


@pytest.mark.parametrize("expression,data,code", [
    ("teks % 1", {"teks": "%0300000000d"}, "expression.formatting"),
    ("teks * jumlah", {"teks": "a", "jumlah": 10**9}, "expression.repetition"),
    ("daftar * jumlah", {"daftar": [1], "jumlah": 10**9}, "expression.repetition"),
    ("jumlah * teks", {"teks": "a", "jumlah": 10**9}, "expression.repetition"),
    ("teks + teks", {"teks": "a" * 60000}, "expression.value_too_long"),
    ("jumlah * jumlah * jumlah * jumlah", {"jumlah": 10**300}, "expression.number_too_large"),
    ("round(jumlah, -jumlah)", {"jumlah": 100_000}, "expression.round_digits"),
])
def test_evaluation_refuses_what_the_data_would_make_huge_with_little_memory(expression, data, code):
    expressions.check(expression)  # nothing in the text shows it: the data does
    tracemalloc.start()
    try:
        with pytest.raises(InvalidExpression) as refused:
            expressions.evaluate(expression, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.code == code and peak < 5_000_000


@pytest.mark.parametrize("expression,data,expected", [
    ("jumlah % 2 == 1", {"jumlah": 7}, True), ("jumlah * 2.5 > 10", {"jumlah": 5}, True),
    ('nama + " " + unit == "Ani TU"', {"nama": "Ani", "unit": "TU"}, True), ("round(nilai, 1) == 2.5", {"nilai": 2.46}, True),
    ("jumlah // 3 - 1 == 1", {"jumlah": 7}, True), ("len(daftar + daftar) == 4", {"daftar": [1, 2]}, True),
])
def test_arithmetic_on_numbers_and_joining_text_still_work(expression, data, expected):
    assert expressions.evaluate(expression, data) == expected


def test_a_stored_formatting_condition_is_refused_at_completion_with_nothing_saved(surat):
    """A condition edited into the database behind deploy's back is refused when evaluated, in little memory."""
    hostile = SURAT.read_text().replace('keputusan == "setuju"', 'keputusan == "%0300000000d" % 1')
    surat.db.execute("UPDATE versions SET bpmn = ?, sha256 = 'edited to format'", [hostile.encode()])  # a spec of its own
    instance = surat.start("surat", "staf")
    [draft] = surat.tasks(instance=instance)
    surat.complete(draft["id"], "staf", {"nomor_konsep": "1"})
    [review] = surat.tasks(instance=instance)
    events = surat.db["events"].count
    tracemalloc.start()
    try:
        with pytest.raises(InstanceStuck, match="formats text with %"):
            surat.complete(review["id"], "kepala", {"keputusan": "setuju"})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000
    assert surat.tasks(instance=instance)[0]["id"] == review["id"] and surat.db["events"].count == events
