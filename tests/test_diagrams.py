"""The two SOP diagrams of bpmn/ and a diagram imported from a workbook (tests/data): bpmnlint-clean,
complete diagram interchange laid out as the printed SOP flowchart (vertical lanes, activities top to
bottom, flows around tasks), importable by bpmn-js without a warning; and each committed diagram exactly
what the importer writes from its workbook (bpmn/*/*.xlsx)."""

import functools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from engine import sopap

ROOT = Path(__file__).resolve().parent.parent
BPMN_DIR = ROOT / "bpmn"
VIEWER = ROOT / "node_modules" / "bpmn-js" / "dist" / "bpmn-viewer.development.js"

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
FLOW_NODES = ("startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway", "inclusiveGateway",
              "intermediateThrowEvent")

DIAGRAMS = {
    "inspektorat-nganjuk/pengusulan-wbk-wbbm.bpmn": {
        "process": "pengusulan_wbk_wbbm",
        "lanes": ["Bagian Hukum", "Kasubag Tata Usaha", "Inspektur", "TPI", "Perangkat Daerah"],
        "numbers": ["1", "2", "3", "4", "5", "5a", "6", "7", "8", "9", "9a", "10"],
        "parts": {"PERENCANAAN": ["1", "2", "3", "4", "5", "5a", "6", "7", "8", "9", "9a", "10"]},
        "header": {"sop.nomor": "700/21/SOP/411.200/2023", "sop.tanggal_pengesahan": "14-09-2023",
                   "sop.tanggal_revisi": "-"},
    },
    "organisasi-mojokerto/kompetisi-sinovik.bpmn": {
        "process": "kompetisi_sinovik",
        "lanes": ["Pengolah Data", "Kasubbag Tata Laksana", "Kabag Organisasi", "Tim", "OPD"],
        "numbers": [f"A{n}" for n in range(1, 11)] + [f"B{n}" for n in range(1, 9)],
        "parts": {"A. Perencanaan": [f"A{n}" for n in range(1, 11)],
                  "B. Pelaksanaan Penilaian Sinovik": [f"B{n}" for n in range(1, 9)]},
        "header": {"sop.nomor": "065/SOP/417.112/14", "sop.tanggal_efektif": "13-03-2018",
                   "sop.penetapan.nomor": "188.45/ 391.1 /417.111/2018", "sop.penetapan.tanggal": "16 Maret 2018"},
    },
    # Not committed as a diagram: imported from its workbook when the tests run.
    "../tests/data/penyusunan-standar-pelayanan.xlsx": {"process": "penyusunan_standar_pelayanan",
        "lanes": ["Pengolah Data", "Kasubbag Pelayanan Publik", "Kabag Organisasi", "Tim Penyusun", "OPD"],
        "numbers": [f"A{n}" for n in range(1, 5)] + [f"B{n}" for n in range(1, 7)] + [f"C{n}" for n in range(1, 6)],
        "parts": {"A. Persiapan": [f"A{n}" for n in range(1, 5)], "B. Penyusunan": [f"B{n}" for n in range(1, 7)],
                  "C. Penetapan": [f"C{n}" for n in range(1, 6)]},
        "header": {"sop.nomor": "065/SOP/417.112/11", "sop.tanggal_efektif": "13-03-2018"},
    },
}
HEADER_KEYS = ("sop.nomor", "sop.nama", "sop.unit", "sop.tanggal_pembuatan", "sop.tanggal_revisi",
               "sop.disahkan_oleh", "sop.dasar_hukum.1", "sop.kualifikasi_pelaksana.1", "sop.keterkaitan.1",
               "sop.peralatan_perlengkapan.1", "sop.peringatan.1", "sop.pencatatan_pendataan.1")
ISO = {"menit": "PT{}M", "jam": "PT{}H", "hari": "P{}D", "minggu": "P{}W", "bulan": "P{}M"}
COMMITTED = sorted(name for name in DIAGRAMS if name.endswith(".bpmn"))

params = pytest.mark.parametrize("name", sorted(DIAGRAMS))


@functools.cache
def diagram_bytes(name):
    """A committed diagram as it is, or a workbook's diagram as the importer writes it."""
    if name.endswith(".bpmn"):
        return (BPMN_DIR / name).read_bytes()
    result = sopap.read_sop((BPMN_DIR / name).read_bytes(), name)
    assert result.problems == [] and result.bpmn, [str(p) for p in result.problems]
    return result.bpmn


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers (this module's own)


class Diagram:
    """One parsed diagram with its shapes and edges by element id."""

    def __init__(self, path, data):
        self.path = path
        self.root = etree.fromstring(data)
        self.process = self.one("//bpmn:process")
        self.collaboration = self.one("//bpmn:collaboration")
        self.participant = self.one("//bpmn:participant")
        self.lanes = self.root.xpath("//bpmn:lane", namespaces=NS)
        self.nodes = [el for el in self.process if etree.QName(el).localname in FLOW_NODES]
        self.tasks = [el for el in self.nodes if etree.QName(el).localname == "userTask"]
        self.flows = self.process.xpath("./bpmn:sequenceFlow", namespaces=NS)
        self.groups = self.root.xpath("//bpmn:group", namespaces=NS)
        self.plane = self.one("//bpmndi:BPMNPlane")
        self.shapes, self.edges = {}, {}
        for shape in self.plane.xpath("./bpmndi:BPMNShape", namespaces=NS):
            self.shapes.setdefault(shape.get("bpmnElement"), []).append(shape)
        for edge in self.plane.xpath("./bpmndi:BPMNEdge", namespaces=NS):
            self.edges.setdefault(edge.get("bpmnElement"), []).append(edge)

    def one(self, xpath):
        found = self.root.xpath(xpath, namespaces=NS)
        assert len(found) == 1, f"{self.path.name}: expected one {xpath}, found {len(found)}"
        return found[0]

    def bounds(self, element_id):
        b = self.shapes[element_id][0].find("dc:Bounds", NS)
        return tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))

    def waypoints(self, flow_id):
        return [(float(p.get("x")), float(p.get("y")))
                for p in self.edges[flow_id][0].findall("di:waypoint", NS)]

    def props(self, element):
        return {p.get("name"): p.get("value") for p in
                element.xpath("./bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property",
                              namespaces=NS)}


@pytest.fixture(scope="module")
def diagrams():
    return {name: Diagram(BPMN_DIR / name, diagram_bytes(name)) for name in DIAGRAMS}


def inside(inner, outer):
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def crosses(a, b, box):
    """True when segment a-b passes through the interior of box (x, y, w, h)."""
    x, y, w, h = box
    left, right, top, bottom = x + 1, x + w - 1, y + 1, y + h - 1
    (x1, y1), (x2, y2) = a, b
    steps = int(max(abs(x2 - x1), abs(y2 - y1))) + 1
    for i in range(steps + 1):  # sampled, so that a diagonal segment is judged too
        px, py = x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps
        if left < px < right and top < py < bottom:
            return True
    return False


def on_border(point, box):
    x, y, w, h = box
    px, py = point
    on_vertical_side = min(abs(px - x), abs(px - x - w)) <= 1 and y - 1 <= py <= y + h + 1
    on_horizontal_side = min(abs(py - y), abs(py - y - h)) <= 1 and x - 1 <= px <= x + w + 1
    return on_vertical_side or on_horizontal_side


def require_or_skip(condition, reason):
    """Fail when CI=true, else skip loudly: CI must never silently lose a check."""
    if condition:
        return
    message = f"!!! {reason} !!!"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: failing instead of skipping)")
    pytest.skip(message)


# ---------------------------------------------------------------------------------------------
# bpmnlint


@params
def test_bpmnlint_recommended_finds_nothing(name, tmp_path):
    npx = shutil.which("npx")
    require_or_skip(npx and (ROOT / "node_modules" / "bpmnlint").is_dir(),
                    "npx or node_modules/bpmnlint is missing: run make setup to lint the diagrams")
    config = json.loads((ROOT / ".bpmnlintrc").read_text())
    assert config["extends"] == "bpmnlint:recommended"
    path = tmp_path / Path(name).with_suffix(".bpmn").name
    path.write_bytes(diagram_bytes(name))
    result = subprocess.run([npx, "--no-install", "bpmnlint", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


# ---------------------------------------------------------------------------------------------
# The workbooks are the source


@pytest.mark.parametrize("name", COMMITTED)
def test_each_workbook_reproduces_its_committed_diagram_byte_for_byte(name):
    workbook = (BPMN_DIR / name).with_suffix(".xlsx")
    result = sopap.read_sop(workbook.read_bytes(), workbook.name)
    assert [str(p) for p in result.problems] == []
    assert result.bpmn == (BPMN_DIR / name).read_bytes(), (
        f"{name} differs from what {workbook.name} imports as: edit the workbook and run "
        f"alur import {workbook.relative_to(ROOT)} -o {(BPMN_DIR / name).relative_to(ROOT)}")
    assert sorted(p.relative_to(BPMN_DIR).as_posix() for p in BPMN_DIR.glob("*/*.bpmn")) == COMMITTED


# ---------------------------------------------------------------------------------------------
# Diagram interchange and layout


@params
def test_every_element_has_exactly_one_shape_or_edge(diagrams, name):
    d = diagrams[name]
    assert d.plane.get("bpmnElement") == d.collaboration.get("id")
    assert d.participant.get("processRef") == d.process.get("id") == DIAGRAMS[name]["process"]
    for element in [d.participant, *d.lanes, *d.nodes, *d.groups]:
        ident = element.get("id")
        assert len(d.shapes.get(ident, [])) == 1, f"{ident} has {len(d.shapes.get(ident, []))} shapes"
        assert d.shapes[ident][0].find("dc:Bounds", NS) is not None
    for flow in d.flows:
        ident = flow.get("id")
        assert len(d.edges.get(ident, [])) == 1, f"{ident} has {len(d.edges.get(ident, []))} edges"
        assert len(d.waypoints(ident)) >= 2
    known = {el.get("id") for el in [d.participant, *d.lanes, *d.nodes, *d.groups, *d.flows]}
    strays = (set(d.shapes) | set(d.edges)) - known
    assert not strays, f"DI for unknown elements: {strays}"
    ids = [el.get("id") for el in d.root.iter() if isinstance(el.tag, str) and el.get("id")]
    assert len(ids) == len(set(ids))
    assert not {"Start", "End"} & set(ids)
    for shape_id in [s.get("bpmnElement") for s in d.plane.xpath("./bpmndi:BPMNShape", namespaces=NS)]:
        labels = d.shapes[shape_id][0].findall("bpmndi:BPMNLabel", NS)
        assert all(label.find("dc:Bounds", NS) is not None for label in labels)
    for group in d.groups:
        label = d.shapes[group.get("id")][0].find("bpmndi:BPMNLabel/dc:Bounds", NS)
        assert label is not None, f"group {group.get('id')} has no label bounds"


@params
def test_lanes_are_vertical_columns_in_the_documents_order(diagrams, name):
    d = diagrams[name]
    expected = DIAGRAMS[name]["lanes"]
    assert [lane.get("name") for lane in d.lanes] == expected
    assert d.shapes[d.participant.get("id")][0].get("isHorizontal") == "false"
    pool = d.bounds(d.participant.get("id"))
    previous_right = pool[0]
    for lane in d.lanes:
        assert d.shapes[lane.get("id")][0].get("isHorizontal") == "false", f"lane {lane.get('name')} is horizontal"
        x, y, w, h = d.bounds(lane.get("id"))
        assert x == previous_right, f"lane {lane.get('name')} is not next to the previous one"
        assert y == pool[1] + 30 and y + h == pool[1] + pool[3], "lanes run the pool's height below its header"
        assert h > w, f"lane {lane.get('name')} is not a column"
        previous_right = x + w
    assert previous_right == pool[0] + pool[2]


@params
def test_each_node_is_listed_by_and_drawn_inside_its_lane(diagrams, name):
    d = diagrams[name]
    lane_of = {}
    for lane in d.lanes:
        for ref in lane.findall("bpmn:flowNodeRef", NS):
            assert ref.text not in lane_of, f"{ref.text} is in two lanes"
            lane_of[ref.text] = lane
    pool = d.bounds(d.participant.get("id"))
    for node in d.nodes:
        ident = node.get("id")
        assert ident in lane_of, f"{ident} is in no lane"
        assert inside(d.bounds(ident), d.bounds(lane_of[ident].get("id"))), (
            f"{ident} is drawn outside its lane {lane_of[ident].get('name')}")
        assert inside(d.bounds(ident), pool)
    for lane in d.lanes:
        assert inside(d.bounds(lane.get("id")), pool)


@params
def test_activities_run_top_to_bottom_in_document_order(diagrams, name):
    d = diagrams[name]
    numbers = [d.props(t)["nomor"] for t in d.tasks]
    first_of_each = list(dict.fromkeys(numbers))
    assert first_of_each == DIAGRAMS[name]["numbers"], "activities missing or out of the document's order"
    tops = [d.bounds(t.get("id"))[1] for t in d.tasks]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), "activities do not run top to bottom"
    start = d.process.find("bpmn:startEvent", NS).get("id")
    *early, end = [e.get("id") for e in d.process.findall("bpmn:endEvent", NS)]
    others = [d.bounds(n.get("id")) for n in d.nodes if n.get("id") not in (start, end, *early)]
    assert d.bounds(start)[1] + d.bounds(start)[3] < min(b[1] for b in others), "the start is not on top"
    assert d.bounds(end)[1] > max(b[1] + b[3] for b in others), "the end is not at the bottom"
    for ident in early:  # an answer that ends the procedure: beside its gateway
        [flow] = [f for f in d.flows if f.get("targetRef") == ident]
        (_, y, _, h), (_, gy, _, gh) = d.bounds(ident), d.bounds(flow.get("sourceRef"))
        assert y + h / 2 == gy + gh / 2


@params
def test_flows_are_orthogonal_and_go_around_tasks(diagrams, name):
    d = diagrams[name]
    tasks = {t.get("id"): d.bounds(t.get("id")) for t in d.tasks}
    for flow in d.flows:
        ident, source, target = flow.get("id"), flow.get("sourceRef"), flow.get("targetRef")
        points = d.waypoints(ident)
        assert on_border(points[0], d.bounds(source)), f"{ident} does not start on {source}"
        assert on_border(points[-1], d.bounds(target)), f"{ident} does not end on {target}"
        for a, b in zip(points, points[1:]):
            assert a[0] == b[0] or a[1] == b[1], f"{ident} has a diagonal segment {a}-{b}"
            for task_id, box in tasks.items():
                if task_id not in (source, target):
                    assert not crosses(a, b, box), f"{ident} passes through task {task_id}"


@params
def test_loops_run_back_up_beside_the_tasks(diagrams, name):
    d = diagrams[name]
    loops = [f for f in d.flows if d.bounds(f.get("targetRef"))[1] < d.bounds(f.get("sourceRef"))[1]]
    assert loops, "each SOP has a loop back"
    for flow in loops:
        points = d.waypoints(flow.get("id"))
        assert points[-1][0] != d.bounds(flow.get("targetRef"))[0] + d.bounds(flow.get("targetRef"))[2] / 2, (
            "a loop enters its target from the side, not down through the flow above it")


@params
def test_parts_are_groups_around_their_activities(diagrams, name):
    d = diagrams[name]
    parts = DIAGRAMS[name]["parts"]
    titles = {}
    for group in d.groups:
        ref = group.get("categoryValueRef")
        [value] = d.root.xpath(f"//bpmn:category/bpmn:categoryValue[@id='{ref}']", namespaces=NS)
        titles[value.get("value")] = group
    assert sorted(titles) == sorted(parts)
    by_number = {d.props(t)["nomor"]: t for t in d.tasks}
    for title, numbers in parts.items():
        box = d.bounds(titles[title].get("id"))
        for number in numbers:
            assert inside(d.bounds(by_number[number].get("id")), box), f"{number} is outside group {title}"
        others = [n for n in by_number if n not in numbers]
        for number in others:
            assert not inside(d.bounds(by_number[number].get("id")), box), f"{number} is inside group {title}"


# ---------------------------------------------------------------------------------------------
# What the engine reads: header, mutu baku, fields, decisions


@params
def test_header_is_on_the_process(diagrams, name):
    d = diagrams[name]
    props = d.props(d.process)
    for key in HEADER_KEYS:
        assert props.get(key), f"header property {key} is missing"
    assert "sop.tanggal_pengesahan" in props or "sop.tanggal_efektif" in props
    for key, value in DIAGRAMS[name]["header"].items():
        assert props[key] == value
    assert d.process.get("isExecutable") == "true"
    assert (d.process.findtext("bpmn:documentation", namespaces=NS) or "").strip()
    assert d.participant.get("name") == props["sop.nama"]


@params
def test_every_activity_carries_its_mutu_baku_and_fields(diagrams, name):
    d = diagrams[name]
    field_names, timed, rows = [], {}, set()
    for task in d.tasks:
        props = d.props(task)
        label = f"{name} activity {props.get('nomor')}"
        assert task.get("name") and task.findtext("bpmn:documentation", namespaces=NS), label
        row = re.match(r"[A-Z]?\d+", props["nomor"]).group()
        rows.add(row)
        if props.get("waktu"):
            timed[row] = timed.get(row, 0) + 1
            amount, unit = re.fullmatch(r"(\d+) (menit|jam|hari|minggu|bulan)", props["waktu"]).groups()
            assert props["waktu_iso"] == ISO[unit].format(amount), label
        fields = {k[len("field."):]: json.loads(v) for k, v in props.items() if k.startswith("field.")}
        field_names += list(fields)
        kinds = [f["type"] for f in fields.values()]
        assert "textarea" in kinds, f"{label}: no note"
        assert ("checklist" in kinds) == bool(props.get("kelengkapan")), f"{label}: kelengkapan without checklist"
        for field_name, field in fields.items():
            assert re.fullmatch(r"[a-z][a-z0-9_]*", field_name)
            assert set(field) <= {"label", "type", "required", "choices", "required_when"}
            if field["type"] == "checklist":
                assert field["required"] is True and field["choices"]
    assert timed == {row: 1 for row in rows}, "each row's time standard is on exactly one of its activities"
    assert len(field_names) == len(set(field_names)), "field names are unique within the process"


@params
def test_decisions_are_choices_tested_by_the_gateway_after_them(diagrams, name):
    d = diagrams[name]
    by_id = {n.get("id"): n for n in d.nodes}
    deciders = [t for t in d.tasks if any(json.loads(v)["type"] == "choice"
                                          for k, v in d.props(t).items() if k.startswith("field."))]
    assert deciders
    for task in deciders:
        fields = {k[len("field."):]: json.loads(v) for k, v in d.props(task).items() if k.startswith("field.")}
        [choice_name] = [k for k, f in fields.items() if f["type"] == "choice"]
        choices = fields[choice_name]["choices"]
        [out] = [f for f in d.flows if f.get("sourceRef") == task.get("id")]
        gateway = by_id[out.get("targetRef")]
        assert etree.QName(gateway).localname == "exclusiveGateway" and gateway.get("name")
        branches = [f for f in d.flows if f.get("sourceRef") == gateway.get("id")]
        conditions = {f.get("name"): f.findtext("bpmn:conditionExpression", namespaces=NS) for f in branches}
        assert conditions == {c: f'{choice_name} == "{c}"' for c in choices}
        back = sorted(f.get("name") for f in branches
                      if d.bounds(f.get("targetRef"))[1] < d.bounds(gateway.get("id"))[1])
        asked = sorted(a for f in fields.values() for a in (f.get("required_when") or {}).get(choice_name, []))
        assert asked == back, f"{task.get('name')}: every answer that sends work back asks why, and only those"
    assert any(json.loads(v).get("required_when") for t in d.tasks for k, v in d.props(t).items()
               if k.startswith("field.")), "each SOP has a loop back that asks why"


# ---------------------------------------------------------------------------------------------
# bpmn-js


IMPORT = """async (xml) => {
  const viewer = new BpmnJS({ container: '#canvas' });
  const result = await viewer.importXML(xml);
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  canvas.zoom(1);
  const pool = registry.filter(e => e.type === 'bpmn:Participant')[0];
  return {
    warnings: result.warnings.map(w => w.message),
    ids: registry.getAll().map(e => e.id),
    vertical: registry.filter(e => e.type === 'bpmn:Participant' || e.type === 'bpmn:Lane')
                      .map(e => e.di.isHorizontal),
    size: { width: pool.x + pool.width + 40, height: pool.y + pool.height + 40 }
  };
}"""


@pytest.fixture(scope="module")
def browser(browser):
    """The session's headless Chromium (conftest), once bpmn-js's viewer is installed."""
    require_or_skip(VIEWER.exists(), f"{VIEWER.relative_to(ROOT)} is missing: run make setup")
    return browser


@pytest.mark.browser
@params
def test_bpmn_js_imports_without_warnings(browser, diagrams, name):
    d = diagrams[name]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content('<!DOCTYPE html><html><body style="margin:0"><div id="canvas" '
                     'style="width:100vw;height:100vh"></div></body></html>')
    for css in ("diagram-js.css", "bpmn-js.css"):
        page.add_style_tag(path=str(VIEWER.parent / "assets" / css))
    page.add_script_tag(path=str(VIEWER))
    result = page.evaluate(IMPORT, diagram_bytes(name).decode("utf-8"))
    assert result["warnings"] == []
    assert errors == []
    ids = set(result["ids"])
    for element in [d.participant, *d.lanes, *d.nodes, *d.flows, *d.groups]:
        assert element.get("id") in ids, f"bpmn-js did not draw {element.get('id')}"
    assert result["vertical"] and all(v is False for v in result["vertical"])
    shots = os.environ.get("ALUR_SCREENSHOTS")  # e.g. /tmp/alur-shots: look at the rendered diagram
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": int(result["size"]["width"]), "height": int(result["size"]["height"])})
        page.screenshot(path=str(Path(shots) / (Path(name).stem + ".png")), full_page=True)
    page.close()


SAVE = """async (xml) => {
  const modeler = new BpmnJS({ container: '#canvas' });
  const result = await modeler.importXML(xml);
  const saved = await modeler.saveXML({ format: true });
  return { warnings: result.warnings.map(w => w.message), xml: saved.xml };
}"""


def semantic_content(root):
    """What a modeler must keep: properties, documentation, conditions, lanes and vertical shapes."""
    found = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        owner = element.getparent().getparent().getparent() if tag == "property" else None
        if tag == "property":
            found.add(("property", owner.get("id"), element.get("name"), element.get("value")))
        elif tag in ("documentation", "conditionExpression", "flowNodeRef"):
            found.add((tag, element.getparent().get("id"), (element.text or "").strip()))
        elif tag == "BPMNShape" and element.get("isHorizontal"):
            found.add(("isHorizontal", element.get("bpmnElement"), element.get("isHorizontal")))
        elif tag == "categoryValue":
            found.add(("categoryValue", element.get("id"), element.get("value")))
    return found


@pytest.mark.browser
@params
def test_a_modeler_keeps_everything_alur_reads_when_it_saves(browser, name):
    modeler = VIEWER.parent / "bpmn-modeler.development.js"
    require_or_skip(modeler.exists(), f"{modeler.relative_to(ROOT)} is missing: run make setup")
    page = browser.new_page()
    page.set_content('<!DOCTYPE html><html><body><div id="canvas" style="width:1200px;height:900px"></div>'
                     '</body></html>')
    page.add_script_tag(path=str(modeler))
    original = diagram_bytes(name)
    result = page.evaluate(SAVE, original.decode("utf-8"))
    page.close()
    assert result["warnings"] == []
    saved = etree.fromstring(result["xml"].encode("utf-8"))
    before, after = semantic_content(etree.fromstring(original)), semantic_content(saved)
    assert before - after == set(), f"lost on save: {sorted(before - after)[:5]}"
