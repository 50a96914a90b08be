"""People in the engine: accounts that change and end, lane heads, and acting officials (Plt / Plh)."""

from datetime import datetime, timedelta, timezone

import pytest

from engine import Alur
from engine.clock import FixedClock
from engine.errors import Conflict, Forbidden, InvalidData

from conftest import SURAT

START = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)   # a Tuesday, 10:00 WIB


@pytest.fixture
def office(db_path):
    """The test SOP with staf (Staf), kepala (Kepala, its head), an admin and budi (Staf, with a mail address)."""
    clock = FixedClock(START)
    alur = Alur.open(db_path, clock=clock)
    alur.deploy([SURAT])
    alur.add_user("admin", roles=["admin"], password="sandi-admin-kantor")
    alur.add_user("staf", lanes=["Staf"], password="sandi-staf-kantor")
    alur.add_user("kepala", lanes=["Kepala"], password="sandi-kepala-kantor")
    alur.add_user("budi", lanes=["Staf"], password="sandi-budi-kantor", email="budi@inspektorat.go.id")
    alur.set_lane_head("Kepala", "kepala")
    yield alur
    alur.close()


def to_kepala(alur):
    """An instance whose Kepala's decision is ready; its task id."""
    instance = alur.start("surat", "staf")
    alur.complete(alur.tasks(instance=instance)[0].id, "staf", {"nomor_konsep": "K-1"})
    return alur.tasks(instance=instance)[0]


def types(alur):
    return [row["type"] for row in alur.db.query("SELECT type FROM events ORDER BY seq")]


def test_an_admin_changes_lanes_roles_and_mail_and_each_change_is_in_the_chain(office):
    user = office.edit_user("budi", actor="admin", lanes=["Staf", "Kepala"], email="b@inspektorat.go.id")
    assert user.lanes == ["Kepala", "Staf"] and user.email == "b@inspektorat.go.id"
    assert office.edit_user("budi", actor="admin", roles=["analyst"]).roles == ["analyst"]
    assert types(office).count("user_changed") == 2 and office.verify().ok
    with pytest.raises(Forbidden):
        office.edit_user("budi", actor="staf", lanes=["Staf"])
    with pytest.raises(InvalidData, match="not a mail address"):
        office.edit_user("budi", actor="admin", email="budi at kantor")
    with pytest.raises(InvalidData, match="no deployed process has a lane 'Nope'"):
        office.edit_user("budi", actor="admin", lanes=["Nope"])
    assert office.user("budi").lanes == ["Kepala", "Staf"]


def test_a_deactivated_user_cannot_sign_in_act_or_be_given_a_task_and_the_history_keeps_the_name(office):
    instance = office.start("surat", "budi")
    task = office.tasks(instance=instance)[0]
    office.reassign(task.id, "budi", "admin", "dia yang menyusun")
    signed = office.sign_in("budi", "sandi-budi-kantor")
    assert office.deactivate_user("budi", "admin", "pindah tugas") == 1
    assert office.signed_in(signed.token) is None
    assert office.sign_in("budi", "sandi-budi-kantor") is None
    assert office.task(task.id).assignee is None            # back to the whole lane
    with pytest.raises(Forbidden, match="deactivated"):
        office.complete(task.id, "budi", {"nomor_konsep": "K-1"})
    with pytest.raises(Forbidden, match="deactivated"):
        office.reassign(task.id, "budi", "admin", "kembali")
    with pytest.raises(Conflict):
        office.deactivate_user("budi", "admin", "lagi")
    with pytest.raises(InvalidData):
        office.deactivate_user("staf", "admin", "  ")
    assert office.history(instance)[0].actor == "budi" and not office.user("budi").active
    assert "user_deactivated" in types(office) and office.verify().ok


def test_an_admin_resets_a_password_and_the_user_must_choose_their_own(office):
    office.reset_password("staf", "sementara-sekali-saja", "admin")
    assert office.user("staf").must_change_password
    assert office.sign_in("staf", "sandi-staf-kantor") is None
    with pytest.raises(Forbidden, match="current password"):
        office.change_password("staf", "salah-sekali-ini", "punya-saya-sendiri")
    office.change_password("staf", "sementara-sekali-saja", "punya-saya-sendiri")
    assert not office.user("staf").must_change_password
    assert office.sign_in("staf", "punya-saya-sendiri") is not None
    assert "password_reset" in types(office)


@pytest.mark.parametrize("password, message", [
    ("pendek", "at least 10 characters"), ("Indonesia123", "most common passwords"), ("staf", "at least 10")])
def test_a_weak_password_is_refused_everywhere(office, password, message):
    with pytest.raises(InvalidData, match=message):
        office.set_password("staf", password)
    with pytest.raises(InvalidData, match=message):
        office.add_user("baru", lanes=["Staf"], password=password, strict=True)
    assert office.sign_in("staf", "sandi-staf-kantor") is not None


def test_every_user_sets_their_own_mail_and_may_turn_it_off(office):
    user = office.set_mail("staf", "staf@inspektorat.go.id", mail_off=True)
    assert user.email == "staf@inspektorat.go.id" and user.mail_off


def test_a_lane_head_must_be_one_of_its_users(office):
    with pytest.raises(InvalidData, match="not in the lane 'Kepala'"):
        office.set_lane_head("Kepala", "staf")
    assert office.lane_heads() == {"Kepala": "kepala"}


def test_a_plh_completes_the_lanes_task_for_the_period_only_and_the_history_says_so(office):
    office.clock.moment = START - timedelta(days=2)
    task = to_kepala(office)
    with pytest.raises(Forbidden):
        office.complete(task.id, "budi", {"keputusan": "setuju"})
    made = office.delegate("Kepala", "budi", "2026-12-01", "2026-12-07", "admin", "cuti")
    assert office.tasks(user="budi") == []                  # not yet: it begins on the 1st, 00:00 WIB
    office.clock.moment = START
    assert [t.id for t in office.tasks(user="budi")] == [task.id]
    office.complete(task.id, "budi", {"keputusan": "setuju"})
    acting = [e for e in office.history(task.instance) if e.type == "completed_as_acting"]
    assert acting[0].actor == "budi" and acting[0].data["as"] == "budi, Plh Kepala"
    listed = office.delegations()[0]
    assert listed.id == made.id and listed.live and [e.task for e in listed.acts] == [task.id]
    assert office.verify().ok and office.reexecute(task.instance).ok
    office.clock.moment = datetime(2026, 12, 7, 17, 0, tzinfo=timezone.utc)   # the 8th, 00:00 WIB: over by itself
    later = to_kepala(office)
    assert later.id not in [t.id for t in office.tasks(user="budi")] and not office.delegations()[0].live
    with pytest.raises(Forbidden):
        office.complete(later.id, "budi", {"keputusan": "setuju"})


def test_a_delegation_ended_early_stops_at_once_and_cannot_end_twice(office):
    task = to_kepala(office)
    made = office.delegate("Kepala", "budi", "2026-12-01", "2026-12-14", "admin", "cuti", title="Plt")
    office.end_delegation(made.id, "admin", "kepala kembali")
    with pytest.raises(Forbidden):
        office.complete(task.id, "budi", {"keputusan": "setuju"})
    with pytest.raises(Conflict):
        office.end_delegation(made.id, "admin", "lagi")
    assert types(office)[-2:] == ["delegation_granted", "delegation_ended"]


@pytest.mark.parametrize("args, message", [
    (("Kepala", "budi", "2026-12-14", "2026-12-01"), "last day must not come before"),
    (("Kepala", "budi", "1 Desember", "2026-12-14"), "--from '1 Desember' is not a date"),
    (("Kepala", "budi", "2026-11-01", "2026-11-14"), "must reach into the future"),
    (("Kepala", "kepala", "2026-12-01", "2026-12-14"), "in the lane 'Kepala' already"),
    (("Nope", "budi", "2026-12-01", "2026-12-14"), "no deployed process has a lane 'Nope'"),
])
def test_a_delegation_that_cannot_be_is_refused_and_changes_nothing(office, args, message):
    with pytest.raises(InvalidData, match=message):
        office.delegate(*args, "admin", "cuti")
    assert office.delegations() == []


def test_only_an_admin_delegates(office):
    with pytest.raises(Forbidden, match="admin role"):
        office.delegate("Kepala", "budi", "2026-12-01", "2026-12-14", "staf", "cuti")
