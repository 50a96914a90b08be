"""The safe evaluator: what diagrams may compute, and that nothing reaches Python's internals."""

import pytest

from conftest import SURAT
from engine import expressions
from engine.errors import InstanceStuck, InvalidExpression


@pytest.mark.parametrize("expression,data,expected", [
    ('keputusan == "setuju"', {"keputusan": "setuju"}, True),
    ('keputusan != "setuju" and jumlah > 2', {"keputusan": "revisi", "jumlah": 3}, True),
    ('"SPT" in dokumen', {"dokumen": ["SPT", "SK"]}, True),
    ('len(dokumen) == 2 or not ok', {"dokumen": ["a", "b"], "ok": True}, True),
    ('lower(status) in ["ya", "setuju"]', {"status": "Setuju"}, True),
    ('data["nomor"] == "12"', {"data": {"nomor": "12"}}, True),
])
def test_allowed_expressions_evaluate_over_data(expression, data, expected):
    assert expressions.evaluate(expression, data) == expected


HOSTILE = [
    "__import__('os').system('touch /tmp/alur-pwned')",
    "().__class__.__base__.__subclasses__()",
    "open('/etc/passwd').read()",
    "eval('1')",
    "keputusan.__class__",
    "[c for c in ().__class__.__mro__]",
    "(lambda: 1)()",
    "f'{keputusan.__class__}'",
    "globals()",
    "9 ** 9 ** 9",
    "_secret == 1",
]


@pytest.mark.parametrize("expression", HOSTILE)
def test_hostile_expressions_are_refused_before_and_at_evaluation(expression):
    with pytest.raises(InvalidExpression):
        expressions.check(expression)
    with pytest.raises(InvalidExpression):
        expressions.evaluate(expression, {"keputusan": "setuju", "_secret": 1})


def test_missing_name_is_explained():
    with pytest.raises(InvalidExpression, match="needs 'keputusan'"):
        expressions.evaluate('keputusan == "setuju"', {})


def test_scripts_are_never_run():
    with pytest.raises(InvalidExpression, match="no scripts"):
        expressions.SafeEnvironment().execute("import os", {})


def test_a_stored_hostile_condition_cannot_run(surat, tmp_path):
    """Even a diagram that bypassed deploy's checks (edited in the database) cannot run code."""
    marker = tmp_path / "pwned"
    hostile = SURAT.read_text().replace('keputusan == "setuju"', f"__import__('os').system('touch {marker}')")
    surat.db.execute("UPDATE versions SET bpmn = ?, sha256 = 'edited'", [hostile.encode()])
    instance = surat.start("surat", "staf")
    [draft] = surat.tasks(instance=instance)
    surat.complete(draft["id"], "staf", {"nomor_konsep": "1"})
    [review] = surat.tasks(instance=instance)
    events_before = surat.db["events"].count
    with pytest.raises(InstanceStuck, match="cannot go on"):
        surat.complete(review["id"], "kepala", {"keputusan": "setuju"})
    assert not marker.exists()
    assert surat.tasks(instance=instance)[0]["id"] == review["id"]
    assert surat.db["events"].count == events_before
