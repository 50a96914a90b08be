"""Deploying diagrams: versions, and every refusal naming file, line, element and what to do."""

import pytest

from conftest import SURAT
from engine.errors import InvalidDiagram

SOURCE = SURAT.read_text()


def variant(tmp_path, old, new, name="variant.bpmn"):
    assert old in SOURCE, old
    path = tmp_path / name
    path.write_text(SOURCE.replace(old, new, 1))
    return path


def test_deploy_stores_version_one_with_hash_and_header(alur):
    [result] = alur.deploy([SURAT])
    assert (result.process, result.version, result.changed) == ("surat", 1, True)
    [process] = alur.processes()
    assert process["lanes"] == ["Staf", "Kepala"]
    assert process["header"]["nomor"] == "001/SOP/TEST/2026"
    assert process["header"]["dasar_hukum"] == ["Peraturan A", "Peraturan B"]
    assert len(process["versions"][0]["sha256"]) == 64


def test_same_bytes_keep_the_version_and_say_so(alur):
    alur.deploy([SURAT])
    [again] = alur.deploy([SURAT])
    assert (again.version, again.changed) == (1, False)
    assert "unchanged" in str(again)
    assert len(alur.processes()[0]["versions"]) == 1


def test_changed_content_is_a_new_version_and_running_instances_keep_theirs(alur, tmp_path):
    alur.deploy([SURAT])
    alur.add_user("staf", lanes=["Staf"])
    old = alur.start("surat", "staf")
    changed = tmp_path / "changed.bpmn"
    changed.write_text(SOURCE.replace('value="60 menit"', 'value="2 jam"').replace('value="PT60M"', 'value="PT2H"'))
    [result] = alur.deploy([changed])
    assert (result.version, result.changed) == (2, True)
    new = alur.start("surat", "staf")
    assert alur.show(old)["version"] == 1
    assert alur.show(new)["version"] == 2
    assert alur.tasks(instance=old)[0]["mutu_baku"]["waktu"] == "60 menit"
    assert alur.tasks(instance=new)[0]["mutu_baku"]["waktu"] == "2 jam"


REFUSALS = [
    ("malformed", 'id="Flow_4" sourceRef', 'id="Flow_4" <oops> sourceRef', "not well-formed XML"),
    ("doctype", '<?xml version="1.0" encoding="UTF-8"?>',
     '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
     "DTD and entity declarations are not allowed"),
    ("external entity", '<?xml version="1.0" encoding="UTF-8"?>',
     '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
     "DTD and entity declarations are not allowed"),
    ("xsd", '<bpmn:startEvent id="StartEvent_surat">', '<bpmn:startEvent id="StartEvent_surat" bogus:x="1" xmlns:bogus="urn:x"><bpmn:nonsense/>',
     "not valid BPMN 2.0"),
    ("not executable", 'isExecutable="true"', 'isExecutable="false"', "not executable"),
    ("outside lane", "<bpmn:flowNodeRef>Task_kirim</bpmn:flowNodeRef>", "", "lies outside every named lane"),
    ("unnamed lane", 'name="Kepala"', 'name=""', "the lane has no name"),
    ("reserved Start", 'id="StartEvent_surat"', 'id="Start"', "reserved"),
    ("reserved End", 'id="EndEvent_surat"', 'id="End"', "reserved"),
    ("script task", '<bpmn:endEvent id="EndEvent_surat">',
     '<bpmn:scriptTask id="Script_1"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask><bpmn:endEvent id="EndEvent_surat">',
     "Alur, which runs no code from diagrams"),
    ("service task", '<bpmn:endEvent id="EndEvent_surat">',
     '<bpmn:serviceTask id="Service_1" /><bpmn:endEvent id="EndEvent_surat">', "Alur, which calls no services"),
    ("import", 'keputusan == "setuju"', "__import__('os').system('id')", "condition refused"),
    ("subclasses", 'keputusan == "setuju"', "().__class__.__base__.__subclasses__()", "condition refused"),
    ("open", 'keputusan == "setuju"', "open('/etc/passwd').read()", "condition refused"),
    ("unknown name", 'keputusan == "setuju"', 'keptusan == "setuju"', "uses 'keptusan', which no activity"),
    ("waktu", 'value="1 minggu"', 'value="seminggu lebih"', "cannot be read"),
    ("waktu beside waktu_iso", 'value="60 menit"', 'value="sejam"', "the time standard 'sejam' cannot be read"),
    ("waktu disagrees", 'value="PT60M"', 'value="P1D"', "disagree"),
    ("bad field json", '{&quot;label&quot;: &quot;Catatan&quot;, &quot;type&quot;: &quot;textarea&quot;}',
     "{label: Catatan}", "not valid JSON"),
    ("quote in an id", 'id="Lane_kepala"', 'id="Lane_k\'x"', "not valid BPMN 2.0"),
    ("dangling flow", 'targetRef="Task_kirim"', 'targetRef="Nope"', "the flow does not end at an element of this process"),
    ("nameless property", '<spiffworkflow:property name="nomor" value="1" />', '<spiffworkflow:property value="1" />',
     "a property has no name"),
    ("label not text", '{&quot;label&quot;: &quot;Catatan&quot;, &quot;type&quot;: &quot;textarea&quot;}',
     '{&quot;label&quot;: [1, 2]}', "its label must be text"),
    ("bare gateway flows", '<bpmn:conditionExpression>keputusan == "revisi"</bpmn:conditionExpression>', "",
     "has no condition and is not the default"),
]


@pytest.mark.parametrize("old,new,message", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refused_diagrams_say_why_and_store_nothing(alur, tmp_path, old, new, message):
    path = variant(tmp_path, old, new)
    with pytest.raises(InvalidDiagram) as refused:
        alur.deploy([path])
    text = str(refused.value)
    assert message in text
    assert text.startswith(str(path))
    assert alur.processes() == []
    assert alur.db["events"].count == 0
    # Only XML the safe parser read may be shown back (a UI draws it with the problems marked).
    unreadable = ("not well-formed", "DTD and entity")
    assert [p.readable for p in refused.value.problems] == [not any(m in message for m in unreadable)] * len(
        refused.value.problems)


def test_refusal_names_line_and_element(alur, tmp_path):
    path = variant(tmp_path, 'keputusan == "setuju"', "x.__class__")
    with pytest.raises(InvalidDiagram) as refused:
        alur.deploy([path])
    [problem] = refused.value.problems
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if 'id="Flow_setuju"' in text)
    assert (problem.line, problem.element) == (line, "Flow_setuju")
    assert f"{path}:{line}: element 'Flow_setuju':" in str(problem)


def test_entities_are_never_expanded_even_in_a_billion_laughs(alur, tmp_path):
    laughs = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    path = tmp_path / "laughs.bpmn"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY l0 "ha">{laughs}]>\n<d>&l9;</d>')
    with pytest.raises(InvalidDiagram, match="line|DTD"):
        alur.deploy([path])


def test_huge_file_is_refused_before_parsing(alur, tmp_path):
    path = tmp_path / "huge.bpmn"
    path.write_bytes(SOURCE.encode() + b"<!--" + b"x" * (6 * 1024 * 1024) + b"-->")
    with pytest.raises(InvalidDiagram, match="up to 5 MB") as refused:
        alur.deploy([path])
    assert not refused.value.problems[0].readable


def test_one_bad_file_stops_the_whole_deploy(alur, tmp_path):
    bad = variant(tmp_path, 'isExecutable="true"', 'isExecutable="false"')
    with pytest.raises(InvalidDiagram):
        alur.deploy([SURAT, bad])
    assert alur.processes() == []


def test_missing_file_is_named(alur, tmp_path):
    with pytest.raises(InvalidDiagram, match="nope.bpmn: cannot read the file"):
        alur.deploy([tmp_path / "nope.bpmn"])
