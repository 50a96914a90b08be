"""The round trip of issue 6: bpmn-js's Modeler (the library inside Camunda Modeler and demo.bpmn.io) in headless
Chromium imports each diagram of bpmn/, an activity is moved (modeling.moveElements), saveXML writes it, and Alur
deploys the result and runs instances of it from start to end event.

What must survive: vertical lanes, mutu baku, fields and the SOP header. Deployed after the original, the saved
diagram is a new version whose difference in words is empty (activities, lanes, mutu baku, fields, flows, header).
Both as a plain bpmn-js Modeler (no extension: the properties ride along as unknown XML) and as Alur's own modeler
configures it (webui/static/spiffworkflow-moddle.js: the properties typed).
"""

from pathlib import Path

import pytest
from lxml import etree

from engine import Alur
from test_sop_paths import PATHS, USERS, walk

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
MODELER = ROOT / "node_modules" / "bpmn-js" / "dist" / "bpmn-modeler.development.js"
EXTENSION = ROOT / "webui" / "static" / "spiffworkflow-moddle.js"
DIAGRAMS = sorted(ROOT.glob("bpmn/*/*.bpmn"))
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC"}
DX, DY = 12, 8

ROUND_TRIP = """async ([xml, typed, dx, dy]) => {
  const options = { container: '#canvas' };
  if (typed) { options.moddleExtensions = { spiffworkflow: window.AlurSpiffModdle }; }
  const modeler = new BpmnJS(options);
  const imported = await modeler.importXML(xml);
  const registry = modeler.get('elementRegistry');
  const task = registry.filter(e => e.type === 'bpmn:UserTask')[0];
  const before = { x: task.x, y: task.y };
  modeler.get('modeling').moveElements([task], { x: dx, y: dy });
  const saved = await modeler.saveXML({ format: true });
  const typedProperties = registry.filter(e => e.type === 'bpmn:UserTask').every(e =>
    (e.businessObject.extensionElements.values || []).some(v => v.$type === 'spiffworkflow:Properties'));
  return { warnings: imported.warnings.map(w => w.message), xml: saved.xml, task: task.id, before,
           after: { x: task.x, y: task.y }, typedProperties };
}"""


def round_trip(browser, path, typed):
    assert MODELER.exists(), f"{MODELER.relative_to(ROOT)} is missing: run make setup"
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content('<!DOCTYPE html><html><body><div id="canvas" style="width:1200px;height:900px"></div>'
                     '</body></html>')
    page.add_script_tag(path=str(MODELER))
    page.add_script_tag(path=str(EXTENSION))
    result = page.evaluate(ROUND_TRIP, [path.read_text(encoding="utf-8"), typed, DX, DY])
    page.close()
    assert errors == [] and result["warnings"] == []
    return result


def bounds(root, element):
    (found,) = root.xpath(f"//bpmndi:BPMNShape[@bpmnElement='{element}']/dc:Bounds", namespaces=NS)
    return float(found.get("x")), float(found.get("y"))


@pytest.mark.parametrize("typed", [False, True], ids=["bpmn-js", "bpmn-js+alur-extension"])
@pytest.mark.parametrize("path", DIAGRAMS, ids=[p.stem for p in DIAGRAMS])
def test_a_diagram_saved_by_bpmn_js_deploys_unchanged_in_meaning_and_runs_to_its_end(browser, tmp_path, path, typed):
    result = round_trip(browser, path, typed)
    assert result["typedProperties"] == typed
    saved = result["xml"].encode("utf-8")
    original_root, saved_root = etree.fromstring(path.read_bytes()), etree.fromstring(saved)

    # The activity moved, and only in the saved file.
    x, y = bounds(original_root, result["task"])
    assert bounds(saved_root, result["task"]) == (x + DX, y + DY)
    assert (result["after"]["x"] - result["before"]["x"], result["after"]["y"] - result["before"]["y"]) == (DX, DY)

    # Vertical lanes: the pool and every lane keep isHorizontal="false".
    lanes = saved_root.xpath("//bpmn:participant/@id|//bpmn:lane/@id", namespaces=NS)
    assert len(lanes) > 3
    for element in lanes:
        (shape,) = saved_root.xpath(f"//bpmndi:BPMNShape[@bpmnElement='{element}']", namespaces=NS)
        assert shape.get("isHorizontal") == "false", element

    # Alur reads the same process from it: a new version, and nothing changed in words.
    alur = Alur.open(tmp_path / "alur.db")
    try:
        (first,) = alur.deploy([path], actor="test")
        (second,) = alur.deploy_bytes([(path.name, saved)], actor="modeler")
        assert (second.process, second.version, second.changed) == (first.process, 2, True)
        assert alur.diff(first.process, 1, 2) == []
        (process,) = alur.processes()
        assert process["header"]["nomor"] and process["header"]["nama"]
        for lane, user in USERS.items():
            if lane in process["lanes"]:
                alur.add_user(user, lanes=[lane])

        # Every path of the SOP (each loop taken) runs on the saved version from start to end event.
        for name, (process_id, answers, expected) in sorted(PATHS.items()):
            if process_id != first.process:
                continue
            assert walk(alur, process_id, expected[0][1], answers) == expected, name
        ran = alur.instances(process=first.process)
        assert ran and {(i["version"], i["status"]) for i in ran} == {(2, "completed")}
        assert alur.verify()["ok"]
    finally:
        alur.close()
