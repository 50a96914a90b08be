"""New versions of a process: the difference in words, and moving running instances safely."""

import pytest

from conftest import SURAT
from engine.errors import Conflict, Forbidden, NotFound

SOURCE = SURAT.read_text()


def deploy_variant(alur, tmp_path, *replacements):
    text = SOURCE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "surat-v2.bpmn"
    path.write_text(text)
    return alur.deploy([path])[0]


SLOWER_DISPATCH = [('value="1 minggu"', 'value="2 minggu"')]


@pytest.fixture
def analyst(surat):
    surat.add_user("analis", roles=["analyst"])
    return surat


def test_diff_says_what_changed_in_words(analyst, tmp_path):
    deploy_variant(analyst, tmp_path, *SLOWER_DISPATCH, ('name="Mengirim surat"', 'name="Mengirimkan surat"'),
                   ('name="Kepala"', 'name="Kepala Bagian"'))
    changes = [str(change) for change in analyst.diff("surat", 1, 2)]
    assert "renamed activity 3 'Mengirim surat' to 'Mengirimkan surat'" in changes
    assert "mutu baku waktu of 3 'Mengirim surat': '1 minggu' -> '2 minggu'" in changes
    assert "added lane 'Kepala Bagian'" in changes and "removed lane 'Kepala'" in changes
    assert "moved activity 2 'Memeriksa konsep surat' from the lane 'Kepala' to 'Kepala Bagian'" in changes
    assert analyst.diff("surat", 1, 1) == []
    with pytest.raises(NotFound, match="has no version 7"):
        analyst.diff("surat", 1, 7)


def test_versions_list_running_instances(analyst, tmp_path):
    analyst.start("surat", "staf")
    deploy_variant(analyst, tmp_path, *SLOWER_DISPATCH)
    listed = analyst.versions("surat")["versions"]
    assert [(v["version"], v["running_instances"]) for v in listed] == [(1, 1), (2, 0)]


def test_migrate_moves_an_instance_whose_current_task_is_unchanged(analyst, tmp_path):
    instance = analyst.start("surat", "staf")
    analyst.complete(analyst.tasks(instance=instance)[0]["id"], "staf", {"nomor_konsep": "K-1"})
    [review] = analyst.tasks(instance=instance)
    deploy_variant(analyst, tmp_path, *SLOWER_DISPATCH)
    analyst.migrate(instance, 2, "analis")
    assert analyst.show(instance)["version"] == 2
    assert analyst.tasks(instance=instance)[0]["id"] == review["id"]
    analyst.complete(review["id"], "kepala", {"keputusan": "setuju"})
    [send] = analyst.tasks(instance=instance)
    assert send["mutu_baku"]["waktu"] == "2 minggu"
    assert analyst.show(instance)["data"]["nomor_konsep"] == "K-1"
    migrated = next(e for e in analyst.history(instance) if e["type"] == "instance_migrated")
    assert (migrated["actor"], migrated["data"]) == ("analis", {"from_version": 1, "to_version": 2})
    assert analyst.verify()["ok"] and analyst.reexecute(instance)["ok"]


def test_migrate_refuses_when_a_current_task_changed(analyst, tmp_path):
    instance = analyst.start("surat", "staf")
    deploy_variant(analyst, tmp_path, ('value="60 menit"', 'value="2 jam"'), ('value="PT60M"', 'value="PT2H"'))
    with pytest.raises(Conflict, match="changed in version 2 .mutu baku waktu"):
        analyst.migrate(instance, 2, "analis")
    with pytest.raises(Forbidden, match="analyst role may migrate"):
        analyst.migrate(instance, 2, "staf")
    assert analyst.show(instance)["version"] == 1


def test_cli_versions_diff_and_migrate(analyst, cli, tmp_path):
    analyst.start("surat", "staf")
    deploy_variant(analyst, tmp_path, *SLOWER_DISPATCH)
    assert "admin" not in cli("versions", "surat", check=True).stdout
    assert "- mutu baku waktu of 3 'Mengirim surat'" in cli("diff", "surat", "1", "2", check=True).stdout
    assert "now runs on version 2" in cli("migrate", "1", "--to", "2", "--as", "analis", check=True).stdout
    result = cli("migrate", "1", "--to", "2", "--as", "analis")
    assert result.returncode == 2 and "on version 2 already" in result.stderr


def test_version_bpmn_gives_each_versions_bytes_as_deployed(analyst, tmp_path):
    deploy_variant(analyst, tmp_path, *SLOWER_DISPATCH)
    assert analyst.version_bpmn("surat", 1) == SURAT.read_bytes()
    assert b'value="2 minggu"' in analyst.version_bpmn("surat", 2)
    with pytest.raises(NotFound, match="has no version 3"):
        analyst.version_bpmn("surat", 3)
    with pytest.raises(NotFound, match="no process 'tidak_ada'"):
        analyst.version_bpmn("tidak_ada", 1)


def test_diff_elements_names_what_to_mark_on_the_two_diagrams(analyst, tmp_path):
    deploy_variant(analyst, tmp_path, *SLOWER_DISPATCH, ('name="Memeriksa konsep surat"', 'name="Menelaah konsep"'),
                   ('keputusan == "setuju"', 'keputusan == "setuju" or keputusan == "ya"'))
    assert analyst.diff_elements("surat", 1, 2) == {
        "added": [], "removed": [], "changed": ["Task_periksa", "Task_kirim", "Flow_setuju"]}
    assert analyst.diff_elements("surat", 2, 2) == {"added": [], "removed": [], "changed": []}
    with pytest.raises(NotFound, match="has no version 3"):
        analyst.diff_elements("surat", 1, 3)
