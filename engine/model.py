"""What Alur reads from a diagram besides what SpiffWorkflow runs: the SOP header, lanes in
column order, each activity's number, mutu baku and fields, and the flows.

The result is plain JSON, stored with each version so that listings never parse XML.
"""

from . import fields as fields_module
from . import kelengkapan, timestandard
from .errors import InvalidData

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
MUTU_BAKU = ("kelengkapan", "waktu", "waktu_iso", "output", "keterangan")
# The SOP header's keys, as the modeler offers them: `sop.KEY` (scalars), `sop.KEY.N` (lists) and
# `sop.penetapan.KEY`. header() reads any `sop.` key; these are the ones docs/diagram-conventions.md names.
HEADER_SCALARS = ("nomor", "nama", "unit", "instansi", "tanggal_pembuatan", "tanggal_revisi", "tanggal_pengesahan",
                  "tanggal_efektif", "disahkan_oleh")
HEADER_LISTS = ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan_perlengkapan", "peringatan",
                "pencatatan_pendataan")
HEADER_PENETAPAN = ("nomor", "tanggal", "judul")


def bpmn(tag):
    return f"{{{NS['bpmn']}}}{tag}"


def properties(element):
    """The element's spiffworkflow properties, in document order, as (name, value, line) triples."""
    return [(p.get("name", ""), p.get("value", ""), p.sourceline)
            for p in element.xpath("./bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property",
                                   namespaces=NS)]


def documentation(element):
    return " ".join(t.strip() for t in element.xpath("./bpmn:documentation/text()", namespaces=NS)).strip()


def executable_processes(root):
    return root.xpath("//bpmn:process[@isExecutable='true']", namespaces=NS)


def header(process):
    """The SOP header: `sop.KEY` -> string, `sop.KEY.N` -> list, `sop.penetapan.KEY` -> object."""
    result, lists = {}, {}
    for name, value, _ in properties(process):
        if not name.startswith("sop."):
            continue
        key = name[4:]
        head, _, tail = key.rpartition(".")
        if head and tail.isdigit():
            lists.setdefault(head, []).append((int(tail), value))
        elif key.startswith("penetapan."):
            result.setdefault("penetapan", {})[key[len("penetapan."):]] = value
        else:
            result[key] = value
    for key, items in lists.items():
        result[key] = [value for _, value in sorted(items)]
    return result


def lanes(root, process):
    """Lanes as {name, id, nodes} in column order (by their shapes' position, else document order)."""
    found = []
    for index, lane in enumerate(process.xpath(".//bpmn:lane", namespaces=NS)):
        if lane.xpath("./bpmn:childLaneSet/bpmn:lane", namespaces=NS):
            continue  # only innermost lanes hold tasks
        nodes = [ref.text.strip() for ref in lane.xpath("./bpmn:flowNodeRef", namespaces=NS) if ref.text]
        found.append({"id": lane.get("id"), "name": (lane.get("name") or "").strip(), "nodes": nodes,
                      "order": _position(root, lane.get("id"), index), "line": lane.sourceline})
    found.sort(key=lambda lane: lane["order"])
    return found


def _position(root, element_id, fallback):
    shape = root.xpath("//bpmndi:BPMNShape[@bpmnElement=$id]", namespaces=NS, id=element_id) if element_id else []
    if not shape:
        return (1, fallback, 0)
    bounds = shape[0].find(f"{{{NS['dc']}}}Bounds")
    if bounds is None:
        return (1, fallback, 0)
    vertical = shape[0].get("isHorizontal") == "false"
    return (0, float(bounds.get("x" if vertical else "y", 0)), fallback)


def activity(task, lane_name):
    """An activity as Alur shows it; raises InvalidData (from fields/timestandard) on bad properties."""
    props = {name: value for name, value, _ in properties(task)}
    mutu_baku = {key: props.get(key, "") for key in MUTU_BAKU}
    if mutu_baku["waktu"] and not mutu_baku["waktu_iso"]:
        mutu_baku["waktu_iso"] = timestandard.to_iso(mutu_baku["waktu"])
    every_item = props.get(kelengkapan.PROPERTY, "ya").strip().lower() or "ya"
    if every_item not in kelengkapan.VALUES:
        raise InvalidData("diagram.kelengkapan_wajib", value=props[kelengkapan.PROPERTY], choices=list(kelengkapan.VALUES))
    return {
        "element": task.get("id"),
        "name": (task.get("name") or task.get("id")).strip(),
        "number": props.get("nomor", ""),
        "lane": lane_name,
        "documentation": documentation(task),
        "mutu_baku": mutu_baku,
        "fields": declared_fields(task),
        kelengkapan.PROPERTY: every_item,
    }


def declared_fields(element):
    """The fields an element declares (`field.NAME` properties): a user task's form, or a start event's, which
    Mulai Proses asks for beside the subject. Raises InvalidData on a bad declaration."""
    return [fields_module.parse_declaration(name[len("field."):], value)
            for name, value, _ in properties(element) if name.startswith("field.")]


def start_fields(process):
    starts = process.xpath("./bpmn:startEvent", namespaces=NS)
    return declared_fields(starts[0]) if starts else []


def flows(process):
    result = {}
    for flow in process.xpath("./bpmn:sequenceFlow", namespaces=NS):
        condition = flow.find(bpmn("conditionExpression"))
        result[flow.get("id")] = {
            "source": flow.get("sourceRef"), "target": flow.get("targetRef"),
            "name": flow.get("name") or "",
            "condition": condition.text.strip() if condition is not None and condition.text else None,
        }
    return result


def first_activities(process, flow_map):
    """User tasks reachable from the start events without passing another user task."""
    tags = {el.get("id"): el.tag for el in process.iter() if el.get("id")}
    starts = [el.get("id") for el in process.xpath("./bpmn:startEvent", namespaces=NS)]
    seen, found, queue = set(starts), [], list(starts)
    while queue:
        node = queue.pop(0)
        for flow in flow_map.values():
            target = flow["target"]
            if flow["source"] != node or target in seen:
                continue
            seen.add(target)
            if tags.get(target) == bpmn("userTask"):
                found.append(target)
            else:
                queue.append(target)
    return found


def pool_name(root, process):
    participant = root.xpath("//bpmn:participant[@processRef=$id]", namespaces=NS, id=process.get("id", ""))
    name = participant[0].get("name") if participant else None
    return (name or process.get("name") or process.get("id")).strip()


def groups(root):
    """The diagram's groups (the parts of an SOP, such as A. Perencanaan) with their titles."""
    result = []
    for group in root.xpath("//bpmn:group", namespaces=NS):
        ref = group.get("categoryValueRef")
        value = root.xpath("//bpmn:categoryValue[@id=$id]", namespaces=NS, id=ref) if ref else []
        title = value[0].get("value") if value else group.get("name") or ""
        result.append({"id": group.get("id"), "name": title})
    return result


def build(root, process):
    """The whole model of one executable process (assumes validation passed)."""
    lane_list = lanes(root, process)
    lane_of = {node: lane["name"] for lane in lane_list for node in lane["nodes"]}
    activities = {task.get("id"): activity(task, lane_of.get(task.get("id"), ""))
                  for task in process.xpath(".//bpmn:userTask", namespaces=NS)}
    flow_map = flows(process)
    first = first_activities(process, flow_map)
    nodes = {el.get("id"): el.get("name").strip() for el in process.iter()
             if isinstance(el.tag, str) and el.get("id") and (el.get("name") or "").strip()
             and el.tag != bpmn("sequenceFlow")}
    return {
        "process_id": process.get("id"),
        "name": pool_name(root, process),
        "documentation": documentation(process),
        "header": header(process),
        "lanes": [lane["name"] for lane in lane_list],
        "start_lanes": sorted({activities[a]["lane"] for a in first if a in activities}),
        "start_fields": start_fields(process),
        "activities": activities,
        "flows": flow_map,
        "nodes": nodes,
        "groups": groups(root),
    }
