"""The BPMN diagram of a planned SOP (engine.sopap.plan) with its layout (engine.sopap.layout), as bytes, in
the conventions of docs/diagram-conventions.md. The output is deterministic: the same table gives the same
bytes, so that a workbook exported and imported again deploys as an unchanged version."""

import re

from lxml import etree

from .layout import layout
from .plan import header_pairs

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
TAGS = {"start": "startEvent", "end": "endEvent", "task": "userTask", "gateway": "exclusiveGateway",
        "merge": "exclusiveGateway"}


def q(prefix, tag):
    return f"{{{NS[prefix]}}}{tag}"


def lane_ids(lanes):
    """Lane name -> id: 'Kasubag Tata Usaha' -> 'Lane_KasubagTataUsaha', unique."""
    ids = {}
    for name in lanes:
        ident = "Lane_" + "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", name))
        while ident in ids.values():
            ident += "_"
        ids[name] = ident
    return ids


def sub(parent, prefix, tag, attrib=None, text=None):
    element = etree.SubElement(parent, q(prefix, tag), {k: str(v) for k, v in (attrib or {}).items()})
    if text is not None:
        element.text = text
    return element


def properties(parent, pairs):
    if not pairs:
        return
    props = sub(sub(parent, "bpmn", "extensionElements"), "spiffworkflow", "properties")
    for name, value in pairs:
        sub(props, "spiffworkflow", "property", {"name": name, "value": value})


def bounds(parent, box):
    sub(parent, "dc", "Bounds", {"x": box.x, "y": box.y, "width": box.w, "height": box.h})


def write(plan):
    """The diagram of `plan`, as bytes (raises layout.LayoutError when it cannot be drawn)."""
    geo = layout(plan)
    table, pid = plan["table"], plan["process_id"]
    collaboration_id, participant_id = f"Collaboration_{pid}", f"Participant_{pid}"
    lanes = lane_ids(plan["lanes"])
    root = etree.Element(q("bpmn", "definitions"), nsmap=NS, attrib={
        "id": f"Definitions_{pid}", "targetNamespace": "http://bpmn.io/schema/bpmn",
        "exporter": "Alur SOP AP import", "exporterVersion": "1"})
    if plan["parts"]:
        category = sub(root, "bpmn", "category", {"id": f"Category_{pid}_bagian"})
        for part in plan["parts"]:
            sub(category, "bpmn", "categoryValue", {"id": f"CategoryValue_{part['id']}", "value": part["title"]})
    collaboration = sub(root, "bpmn", "collaboration", {"id": collaboration_id})
    sub(collaboration, "bpmn", "participant", {"id": participant_id, "name": plan["name"], "processRef": pid})

    process = sub(root, "bpmn", "process", {"id": pid, "name": plan["name"], "isExecutable": "true"})
    unit = table.header.get("unit", "")
    sub(process, "bpmn", "documentation", text=table.ringkasan or f"SOP AP {unit}: {plan['name']}".replace(" : ", ": "))
    properties(process, header_pairs(table.header) + ([("bacaan", table.catatan)] if table.catatan else []))
    lane_set = sub(process, "bpmn", "laneSet", {"id": f"LaneSet_{pid}"})
    for name in plan["lanes"]:
        element = sub(lane_set, "bpmn", "lane", {"id": lanes[name], "name": name})
        for node in plan["nodes"]:
            if node["lane"] == name:
                sub(element, "bpmn", "flowNodeRef", text=node["id"])

    incoming, outgoing = {}, {}
    for flow in plan["flows"]:
        incoming.setdefault(flow["target"], []).append(flow["id"])
        outgoing.setdefault(flow["source"], []).append(flow["id"])
    for node in plan["nodes"]:
        attrib = {"id": node["id"]}
        if node.get("name"):
            attrib["name"] = node["name"]
        element = sub(process, "bpmn", TAGS[node["type"]], attrib)
        if node.get("documentation"):
            sub(element, "bpmn", "documentation", text=node["documentation"])
        properties(element, node.get("props"))
        for flow_id in incoming.get(node["id"], []):
            sub(element, "bpmn", "incoming", text=flow_id)
        for flow_id in outgoing.get(node["id"], []):
            sub(element, "bpmn", "outgoing", text=flow_id)
    for flow in plan["flows"]:
        attrib = {"id": flow["id"], "sourceRef": flow["source"], "targetRef": flow["target"]}
        if flow["name"]:
            attrib["name"] = flow["name"]
        element = sub(process, "bpmn", "sequenceFlow", attrib)
        if flow["condition"]:
            sub(element, "bpmn", "conditionExpression", text=flow["condition"]).set(
                q("xsi", "type"), "bpmn:tFormalExpression")
    for part in plan["parts"]:
        sub(process, "bpmn", "group", {"id": part["id"], "categoryValueRef": f"CategoryValue_{part['id']}"})

    diagram = sub(root, "bpmndi", "BPMNDiagram", {"id": f"BPMNDiagram_{pid}"})
    plane = sub(diagram, "bpmndi", "BPMNPlane", {"id": f"BPMNPlane_{pid}", "bpmnElement": collaboration_id})
    shape = sub(plane, "bpmndi", "BPMNShape", {"id": f"{participant_id}_di", "bpmnElement": participant_id,
                                               "isHorizontal": "false"})
    bounds(shape, geo["pool"])
    for name in plan["lanes"]:
        shape = sub(plane, "bpmndi", "BPMNShape", {"id": f"{lanes[name]}_di", "bpmnElement": lanes[name],
                                                   "isHorizontal": "false"})
        bounds(shape, geo["lanes"][name])
    for node in plan["nodes"]:
        attrib = {"id": f"{node['id']}_di", "bpmnElement": node["id"]}
        if node["type"] in ("gateway", "merge"):
            attrib["isMarkerVisible"] = "true"
        shape = sub(plane, "bpmndi", "BPMNShape", attrib)
        bounds(shape, geo["nodes"][node["id"]])
        if node["id"] in geo["labels"]:
            bounds(sub(shape, "bpmndi", "BPMNLabel"), geo["labels"][node["id"]])
    for flow in plan["flows"]:
        edge = sub(plane, "bpmndi", "BPMNEdge", {"id": f"{flow['id']}_di", "bpmnElement": flow["id"]})
        for x, y in geo["edges"][flow["id"]]["points"]:
            sub(edge, "di", "waypoint", {"x": x, "y": y})
        if "label" in geo["edges"][flow["id"]]:
            bounds(sub(edge, "bpmndi", "BPMNLabel"), geo["edges"][flow["id"]]["label"])
    for part in plan["parts"]:
        shape = sub(plane, "bpmndi", "BPMNShape", {"id": f"{part['id']}_di", "bpmnElement": part["id"]})
        bounds(shape, geo["groups"][part["id"]]["box"])
        bounds(sub(shape, "bpmndi", "BPMNLabel"), geo["groups"][part["id"]]["label"])
    body = etree.tostring(root.getroottree(), pretty_print=True, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
