#!/usr/bin/env python3
"""Write each SOP's BPMN diagram from its structured transcription.

    python bpmn/generate.py            # regenerate every bpmn/<office>/<sop>.bpmn (.venv/bin/python: lxml, engine)
    python bpmn/generate.py --check    # exit 1 if a committed .bpmn differs from its .sop.json

The transcription `bpmn/<office>/<sop>.sop.json` holds the SOP table as data: the header, the
pelaksana columns (lanes, left to right), the parts, and the nodes top to bottom in document order.
The output follows docs/diagram-conventions.md: one executable process in a pool of vertical lanes,
a user task per activity with its mutu baku and fields as spiffworkflow properties, an exclusive
gateway after each decision, and complete diagram interchange (a shape or an edge for everything).

Transcription format (see the two .sop.json files for complete examples):
  process_id, name, documentation, header {"sop.key": "value" | ["item", ...]},
  lanes [{name, documentation?}], parts [{id, title, first, last}],
  nodes [ {type: start|end|task|gateway|merge|event, id, lane, name, next, ...} ]
  task:    nomor, key, kegiatan, bacaan? (the reading taken where the seed is ambiguous),
           kelengkapan, kelengkapan_items?, waktu, output, keterangan?, fields [{name, label, type,
           required?, choices?}]; a checklist of the kelengkapan and a note are added to the fields.
  gateway: field (the choice field it tests), branches [{answer, target, exit?, via?}]
  next / branch: a node id, or {target, exit?: left|right|bottom, via?: {lane, side: left|right}}
  row: "same" puts a node on the previous node's row (beside it).

Layout: each node gets its own row (unless row is "same"), in its lane's column. Forward flows leave
the side facing the target's lane (or the bottom, with exit) and drop into the target's top;
flows back up run along a lane's side margin (via) into the target's side. The layout is checked:
no flow passes through a node, no two flows share a port, every node sits inside its lane.

Python 3.11 with lxml and the engine (engine.timestandard reads the time standards). Output is
deterministic: the test suite checks that the committed diagrams are exactly what this script writes.
"""

import json
import re
import sys
from pathlib import Path

from lxml import etree

from engine import timestandard
from engine.errors import InvalidData

HERE = Path(__file__).resolve().parent

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
RESERVED_IDS = {"Start", "End"}
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

# Geometry (bpmn-js default sizes for gateways and events; tasks wider for the Indonesian names).
POOL_X, POOL_Y = 160, 80
HEADER = 30                 # pool title band and lane title band, both on top (vertical lanes)
LANE_W = 230
TOP_PAD = 30                # below the lane titles
BOTTOM_PAD = 40
ROW_GAP = 44                # between two rows
PART_LABEL = 40             # extra room above a part for the group's title
PART_PAD = 16               # group border around its rows
SIZE = {"task": (120, 80), "gateway": (50, 50), "merge": (50, 50), "event": (36, 36),
        "start": (36, 36), "end": (36, 36)}
MARGIN = 16                 # distance of a loop corridor from the lane border
LABEL_W, LABEL_H = 84, 40   # external labels of gateways and events
EVENT_LABEL_H = 27


class TranscriptionError(Exception):
    pass


def q(prefix, tag):
    return f"{{{NS[prefix]}}}{tag}"


def waktu_iso(waktu):
    """'60 menit' -> 'PT60M', '1 hari' -> 'P1D', '2 pekan' -> 'P2W': the engine's reading."""
    try:
        return timestandard.to_iso(waktu)
    except InvalidData as error:
        raise TranscriptionError(str(error)) from None


def lane_id(name):
    return "Lane_" + "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", name))


def field_json(spec):
    """The JSON value of a `field.NAME` property, keys in the conventions' order."""
    value = {"label": spec["label"], "type": spec["type"]}
    if spec.get("required"):
        value["required"] = True
    if spec.get("choices") is not None:
        value["choices"] = spec["choices"]
    return json.dumps(value, ensure_ascii=False)


def kelengkapan_items(task):
    items = task.get("kelengkapan_items") or [i.strip() for i in task["kelengkapan"].split(",")]
    return [i for i in items if i]


def task_fields(task):
    """The task's fields in display order: its own, the kelengkapan checklist, a note, the decision."""
    own = [f for f in task.get("fields", []) if f["type"] != "choice"]
    decisions = [f for f in task.get("fields", []) if f["type"] == "choice"]
    key = task["key"]
    standard = [
        {"name": f"kelengkapan_{key}", "label": f"Kelengkapan: {task['kelengkapan']}", "type": "checklist",
         "required": True, "choices": kelengkapan_items(task)},
        {"name": f"catatan_{key}", "label": "Catatan", "type": "textarea"},
    ]
    return own + standard + decisions


# ---------------------------------------------------------------------------------------------
# Reading and checking the transcription


def normalise_next(value):
    if value is None:
        return None
    if isinstance(value, str):
        return {"target": value}
    return dict(value)


def flows_of(spec):
    """Every sequence flow as a dict: id, source, target, name, condition, exit, via."""
    flows = []
    for node in spec["nodes"]:
        if node["type"] == "gateway":
            for branch in node["branches"]:
                flow = normalise_next(branch)
                flow.update(source=node["id"], name=branch["answer"],
                            condition=f'{node["field"]} == "{branch["answer"]}"')
                flows.append(flow)
        elif node["type"] != "end":
            flow = normalise_next(node.get("next"))
            if flow is None:
                raise TranscriptionError(f"{node['id']} has no next")
            flow.update(source=node["id"], name=None, condition=None)
            flows.append(flow)
    for flow in flows:
        flow["id"] = f"Flow_{flow['source']}__{flow['target']}"
    return flows


def check_spec(spec, flows):
    ids = [spec["process_id"]] + [n["id"] for n in spec["nodes"]] + [p["id"] for p in spec.get("parts", [])]
    ids += [lane_id(lane["name"]) for lane in spec["lanes"]] + [f["id"] for f in flows]
    for ident in ids:
        if ident in RESERVED_IDS or not IDENT.match(ident):
            raise TranscriptionError(f"id '{ident}' is reserved or not an identifier")
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise TranscriptionError(f"duplicate ids: {sorted(duplicates)}")
    nodes = {n["id"]: n for n in spec["nodes"]}
    lanes = [lane["name"] for lane in spec["lanes"]]
    field_names = []
    for node in spec["nodes"]:
        if node["lane"] not in lanes:
            raise TranscriptionError(f"{node['id']}: unknown lane '{node['lane']}'")
        if node["type"] == "task":
            for key in ("nomor", "key", "name", "kegiatan", "kelengkapan", "waktu"):
                if not node.get(key):
                    raise TranscriptionError(f"{node['id']}: '{key}' is missing")
            waktu_iso(node["waktu"])
            for field in task_fields(node):
                if not FIELD_NAME.match(field["name"]):
                    raise TranscriptionError(f"{node['id']}: bad field name '{field['name']}'")
                field_names.append(field["name"])
    duplicates = {f for f in field_names if field_names.count(f) > 1}
    if duplicates:
        raise TranscriptionError(f"field names must be unique in the process: {sorted(duplicates)}")
    incoming = {}
    for flow in flows:
        if flow["target"] not in nodes:
            raise TranscriptionError(f"{flow['source']} flows to unknown node {flow['target']}")
        incoming.setdefault(flow["target"], []).append(flow)
    for node in spec["nodes"]:
        count = len(incoming.get(node["id"], []))
        if node["type"] == "start" and count:
            raise TranscriptionError(f"start event {node['id']} has incoming flows")
        if node["type"] in ("task", "event", "end", "gateway") and count != 1:
            raise TranscriptionError(f"{node['id']} has {count} incoming flows: use a merge before it")
        if node["type"] == "merge" and count < 2:
            raise TranscriptionError(f"merge {node['id']} has {count} incoming flows")
        if node["type"] == "gateway":
            decider = nodes[incoming[node["id"]][0]["source"]]
            choice = [f for f in decider.get("fields", []) if f["name"] == node["field"]]
            if not choice or choice[0]["type"] != "choice":
                raise TranscriptionError(f"{node['id']} tests '{node['field']}', not a choice of {decider['id']}")
            answers = [b["answer"] for b in node["branches"]]
            if answers != choice[0]["choices"]:
                raise TranscriptionError(f"{node['id']}: branches {answers} != choices {choice[0]['choices']}")


# ---------------------------------------------------------------------------------------------
# Layout


class Box:
    def __init__(self, x, y, w, h):
        self.x, self.y, self.w, self.h = x, y, w, h

    @property
    def cx(self):
        return self.x + self.w // 2

    @property
    def cy(self):
        return self.y + self.h // 2

    @property
    def right(self):
        return self.x + self.w

    @property
    def bottom(self):
        return self.y + self.h

    def port(self, side):
        return {"left": (self.x, self.cy), "right": (self.right, self.cy),
                "top": (self.cx, self.y), "bottom": (self.cx, self.bottom)}[side]

    def contains(self, other):
        return (self.x <= other.x and self.y <= other.y
                and other.right <= self.right and other.bottom <= self.bottom)


def segment_hits(a, b, box):
    """True when the axis-parallel segment a-b passes through the interior of box."""
    (x1, y1), (x2, y2) = a, b
    left, right, top, bottom = box.x + 1, box.right - 1, box.y + 1, box.bottom - 1
    if x1 == x2:
        return left < x1 < right and max(y1, y2) > top and min(y1, y2) < bottom
    if y1 == y2:
        return top < y1 < bottom and max(x1, x2) > left and min(x1, x2) < right
    return True  # diagonal: refused


def layout(spec, flows):
    lanes = {lane["name"]: i for i, lane in enumerate(spec["lanes"])}
    nodes = spec["nodes"]
    order = {n["id"]: i for i, n in enumerate(nodes)}

    # rows: consecutive node indices sharing a row
    rows = []
    for node in nodes:
        if node.get("row") == "same" and rows:
            rows[-1].append(node)
        else:
            rows.append([node])
    row_of = {n["id"]: r for r, row in enumerate(rows) for n in row}
    part_first = {p["first"]: p for p in spec.get("parts", [])}
    part_last = {p["last"]: p for p in spec.get("parts", [])}

    lane_x = {name: POOL_X + i * LANE_W for name, i in lanes.items()}
    boxes, y = {}, POOL_Y + 2 * HEADER + TOP_PAD
    part_top, part_bottom = {}, {}
    for r, row in enumerate(rows):
        for node in row:
            if node["id"] in part_first:
                y += PART_LABEL
                part_top[part_first[node["id"]]["id"]] = y - PART_LABEL + PART_PAD // 2
        height = max(SIZE[n["type"]][1] for n in row)
        for node in row:
            w, h = SIZE[node["type"]]
            boxes[node["id"]] = Box(lane_x[node["lane"]] + (LANE_W - w) // 2, y + (height - h) // 2, w, h)
        y += height
        extra = 0
        for node in row:
            if node.get("label") == "bottom":
                extra = max(extra, (LABEL_H if node["type"] == "gateway" else EVENT_LABEL_H) + 4)
            if node["id"] in part_last:
                part_bottom[part_last[node["id"]]["id"]] = y + extra + PART_PAD
                extra += 2 * PART_PAD
        y += ROW_GAP + extra
    pool = Box(POOL_X, POOL_Y, LANE_W * len(lanes), y - ROW_GAP + BOTTOM_PAD - POOL_Y)
    lane_boxes = {name: Box(lane_x[name], POOL_Y + HEADER, LANE_W, pool.h - HEADER) for name in lanes}

    # edges
    used_ports = {}
    edges = {}

    def use(node_id, side, flow_id):
        key = (node_id, side)
        if key in used_ports:
            raise TranscriptionError(f"{flow_id} and {used_ports[key]} both use the {side} of {node_id}: "
                                     "give one an exit or via")
        used_ports[key] = flow_id

    for flow in flows:
        src, tgt = boxes[flow["source"]], boxes[flow["target"]]
        s_lane = lanes[nodes[order[flow["source"]]]["lane"]]
        t_lane = lanes[nodes[order[flow["target"]]]["lane"]]
        s_row, t_row = row_of[flow["source"]], row_of[flow["target"]]
        exit_side = flow.get("exit")
        if t_row > s_row and not flow.get("via"):
            if s_lane == t_lane and exit_side in (None, "bottom"):
                side_out, side_in = "bottom", "top"
                points = [src.port("bottom"), tgt.port("top")]
            elif exit_side == "bottom":
                side_out, side_in = "bottom", "top"
                mid = tgt.y - ROW_GAP // 2
                points = [src.port("bottom"), (src.cx, mid), (tgt.cx, mid), tgt.port("top")]
            else:
                side_out = exit_side or ("right" if t_lane > s_lane else "left")
                side_in = "top"
                start = src.port(side_out)
                points = [start, (tgt.cx, start[1]), tgt.port("top")]
        elif t_row == s_row:
            side_out = "right" if t_lane > s_lane else "left"
            side_in = "left" if side_out == "right" else "right"
            points = [src.port(side_out), tgt.port(side_in)]
        else:
            via = flow.get("via") or {}
            via_lane = via.get("lane") or nodes[order[flow["target"]]]["lane"]
            side = via.get("side") or ("left" if s_lane < lanes[via_lane] else "right")
            lane_box = lane_boxes[via_lane]
            x = lane_box.x + MARGIN if side == "left" else lane_box.right - MARGIN
            side_out = exit_side or ("left" if x < src.cx else "right")
            side_in = "left" if x < tgt.cx else "right"
            start, end = src.port(side_out), tgt.port(side_in)
            if side_out == "bottom":
                mid = src.bottom + ROW_GAP // 2
                points = [start, (src.cx, mid), (x, mid), (x, end[1]), end]
            else:
                points = [start, (x, start[1]), (x, end[1]), end]
        use(flow["source"], side_out, flow["id"])
        use(flow["target"], side_in, flow["id"])
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        edges[flow["id"]] = {"points": points, "side_out": side_out}

    # labels of gateways and events: on a free side
    labels = {}
    for node in nodes:
        if node["type"] in ("task", "merge"):
            continue
        box = boxes[node["id"]]
        free = [s for s in ("left", "right", "bottom", "top") if (node["id"], s) not in used_ports]
        side = node.get("label") or free[0]
        if side not in free:
            raise TranscriptionError(f"label of {node['id']} on its {side}, where a flow is")
        h = LABEL_H if node["type"] == "gateway" else EVENT_LABEL_H
        if side == "left":
            labels[node["id"]] = Box(box.x - 4 - LABEL_W, box.cy - h // 2, LABEL_W, h)
        elif side == "right":
            labels[node["id"]] = Box(box.right + 4, box.cy - h // 2, LABEL_W, h)
        elif side == "bottom":
            labels[node["id"]] = Box(box.cx - LABEL_W // 2, box.bottom + 4, LABEL_W, h)
        else:
            labels[node["id"]] = Box(box.cx - LABEL_W // 2, box.y - 4 - h, LABEL_W, h)

    # labels of named flows, beside their first segment
    for flow in flows:
        if not flow["name"]:
            continue
        edge = edges[flow["id"]]
        (px, py), (qx, _), w, h = edge["points"][0], edge["points"][1], 6 * len(flow["name"]) + 4, 14
        side = edge["side_out"]
        if side == "right":   # above the first segment, near the gateway, not past the first bend
            box = Box(min(px + 6, (px + qx) // 2 - w // 2), py - h - 4, w, h)
        elif side == "left":
            box = Box(max(px - 6 - w, (px + qx) // 2 - w // 2), py - h - 4, w, h)
        else:
            box = Box(px + 6, py + 4, w, h)
        edge["label"] = box

    # groups around the parts
    groups = {}
    for part in spec.get("parts", []):
        top, bottom = part_top[part["id"]], part_bottom[part["id"]]
        box = Box(pool.x + 8, top, pool.w - 16, bottom - top)
        groups[part["id"]] = {"box": box, "label": Box(box.x + 10, box.y + 6, 6 * len(part["title"]) + 10, 14)}

    check_layout(spec, flows, boxes, lane_boxes, pool, edges)
    for node in nodes:
        if node["id"] in labels and not lane_boxes[node["lane"]].contains(labels[node["id"]]):
            raise TranscriptionError(f"the label of {node['id']} sticks out of its lane")
    for flow_id, edge in edges.items():
        if "label" in edge and not pool.contains(edge["label"]):
            raise TranscriptionError(f"the label of {flow_id} sticks out of the pool")
    return {"pool": pool, "lanes": lane_boxes, "nodes": boxes, "edges": edges, "labels": labels,
            "groups": groups}


def check_layout(spec, flows, boxes, lane_boxes, pool, edges):
    for node in spec["nodes"]:
        if not lane_boxes[node["lane"]].contains(boxes[node["id"]]):
            raise TranscriptionError(f"{node['id']} lies outside its lane")
    ids = list(boxes)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            p, r = boxes[a], boxes[b]
            if p.x <= r.right and r.x <= p.right and p.y <= r.bottom and r.y <= p.bottom:
                raise TranscriptionError(f"{a} and {b} overlap")
    for flow in flows:
        points = edges[flow["id"]]["points"]
        for a, b in zip(points, points[1:]):
            if a[0] != b[0] and a[1] != b[1]:
                raise TranscriptionError(f"{flow['id']} has a diagonal segment")
            if not (pool.x < a[0] < pool.right and pool.y + HEADER < a[1] < pool.bottom):
                raise TranscriptionError(f"{flow['id']} leaves the pool")
            for node_id, box in boxes.items():
                if segment_hits(a, b, box) and node_id not in (flow["source"], flow["target"]):
                    raise TranscriptionError(f"{flow['id']} passes through {node_id}")


# ---------------------------------------------------------------------------------------------
# Writing


def sub(parent, prefix, tag, attrib=None, text=None):
    element = etree.SubElement(parent, q(prefix, tag), {k: str(v) for k, v in (attrib or {}).items()})
    if text is not None:
        element.text = text
    return element


def properties(parent, pairs):
    extension = sub(parent, "bpmn", "extensionElements")
    props = sub(extension, "spiffworkflow", "properties")
    for name, value in pairs:
        sub(props, "spiffworkflow", "property", {"name": name, "value": value})


def header_pairs(header):
    pairs = []
    for key, value in header.items():
        if isinstance(value, list):
            pairs.extend((f"{key}.{i}", item) for i, item in enumerate(value, 1))
        else:
            pairs.append((key, value))
    return pairs


def task_pairs(task):
    pairs = [("nomor", task["nomor"]), ("kelengkapan", task["kelengkapan"]), ("waktu", task["waktu"]),
             ("waktu_iso", waktu_iso(task["waktu"]))]
    if task.get("output"):
        pairs.append(("output", task["output"]))
    if task.get("keterangan"):
        pairs.append(("keterangan", task["keterangan"]))
    for field in task_fields(task):
        pairs.append((f"field.{field['name']}", field_json(field)))
    return pairs


def documentation_of(node):
    if node["type"] == "task":
        text = node["kegiatan"]
        if node.get("bacaan"):
            text += "\n\nBacaan transkripsi: " + node["bacaan"]
        return text
    return node.get("documentation")


def bounds(parent, box):
    sub(parent, "dc", "Bounds", {"x": box.x, "y": box.y, "width": box.w, "height": box.h})


TAGS = {"start": "startEvent", "end": "endEvent", "task": "userTask", "gateway": "exclusiveGateway",
        "merge": "exclusiveGateway", "event": "intermediateThrowEvent"}


def render(spec_path):
    """The diagram of one transcription, as bytes."""
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    flows = flows_of(spec)
    check_spec(spec, flows)
    geo = layout(spec, flows)
    pid = spec["process_id"]
    collaboration_id, participant_id = f"Collaboration_{pid}", f"Participant_{pid}"

    root = etree.Element(q("bpmn", "definitions"), nsmap=NS, attrib={
        "id": f"Definitions_{pid}", "targetNamespace": "http://bpmn.io/schema/bpmn",
        "exporter": "Alur bpmn/generate.py", "exporterVersion": "1"})
    root.addprevious(etree.Comment(
        f" Generated by bpmn/generate.py from {Path(spec_path).name}: edit the transcription and "
        "regenerate, or edit this file in a modeler and update the transcription to match. "))

    if spec.get("parts"):
        category = sub(root, "bpmn", "category", {"id": f"Category_{pid}_bagian"})
        for part in spec["parts"]:
            sub(category, "bpmn", "categoryValue", {"id": f"CategoryValue_{part['id']}", "value": part["title"]})

    collaboration = sub(root, "bpmn", "collaboration", {"id": collaboration_id})
    sub(collaboration, "bpmn", "participant", {"id": participant_id, "name": spec["name"], "processRef": pid})

    process = sub(root, "bpmn", "process", {"id": pid, "name": spec["name"], "isExecutable": "true"})
    sub(process, "bpmn", "documentation", text=spec["documentation"])
    properties(process, header_pairs(spec["header"]))

    lane_set = sub(process, "bpmn", "laneSet", {"id": f"LaneSet_{pid}"})
    for lane in spec["lanes"]:
        element = sub(lane_set, "bpmn", "lane", {"id": lane_id(lane["name"]), "name": lane["name"]})
        if lane.get("documentation"):
            sub(element, "bpmn", "documentation", text=lane["documentation"])
        for node in spec["nodes"]:
            if node["lane"] == lane["name"]:
                sub(element, "bpmn", "flowNodeRef", text=node["id"])

    incoming = {}
    outgoing = {}
    for flow in flows:
        incoming.setdefault(flow["target"], []).append(flow["id"])
        outgoing.setdefault(flow["source"], []).append(flow["id"])
    for node in spec["nodes"]:
        attrib = {"id": node["id"]}
        if node.get("name"):
            attrib["name"] = node["name"]
        element = sub(process, "bpmn", TAGS[node["type"]], attrib)
        doc = documentation_of(node)
        if doc:
            sub(element, "bpmn", "documentation", text=doc)
        if node["type"] == "task":
            properties(element, task_pairs(node))
        for flow_id in incoming.get(node["id"], []):
            sub(element, "bpmn", "incoming", text=flow_id)
        for flow_id in outgoing.get(node["id"], []):
            sub(element, "bpmn", "outgoing", text=flow_id)
    for flow in flows:
        attrib = {"id": flow["id"], "sourceRef": flow["source"], "targetRef": flow["target"]}
        if flow["name"]:
            attrib["name"] = flow["name"]
        element = sub(process, "bpmn", "sequenceFlow", attrib)
        if flow["condition"]:
            condition = sub(element, "bpmn", "conditionExpression", text=flow["condition"])
            condition.set(q("xsi", "type"), "bpmn:tFormalExpression")
    for part in spec.get("parts", []):
        group = sub(process, "bpmn", "group", {"id": part["id"], "categoryValueRef": f"CategoryValue_{part['id']}"})
        if part.get("documentation"):
            sub(group, "bpmn", "documentation", text=part["documentation"])

    diagram = sub(root, "bpmndi", "BPMNDiagram", {"id": f"BPMNDiagram_{pid}"})
    plane = sub(diagram, "bpmndi", "BPMNPlane", {"id": f"BPMNPlane_{pid}", "bpmnElement": collaboration_id})
    shape = sub(plane, "bpmndi", "BPMNShape", {"id": f"{participant_id}_di", "bpmnElement": participant_id,
                                               "isHorizontal": "false"})
    bounds(shape, geo["pool"])
    for lane in spec["lanes"]:
        ident = lane_id(lane["name"])
        shape = sub(plane, "bpmndi", "BPMNShape", {"id": f"{ident}_di", "bpmnElement": ident,
                                                   "isHorizontal": "false"})
        bounds(shape, geo["lanes"][lane["name"]])
    for node in spec["nodes"]:
        attrib = {"id": f"{node['id']}_di", "bpmnElement": node["id"]}
        if node["type"] in ("gateway", "merge"):
            attrib["isMarkerVisible"] = "true"
        shape = sub(plane, "bpmndi", "BPMNShape", attrib)
        bounds(shape, geo["nodes"][node["id"]])
        if node["id"] in geo["labels"] and node.get("name"):
            bounds(sub(shape, "bpmndi", "BPMNLabel"), geo["labels"][node["id"]])
    for flow in flows:
        edge = sub(plane, "bpmndi", "BPMNEdge", {"id": f"{flow['id']}_di", "bpmnElement": flow["id"]})
        for x, y in geo["edges"][flow["id"]]["points"]:
            sub(edge, "di", "waypoint", {"x": x, "y": y})
        if "label" in geo["edges"][flow["id"]]:
            bounds(sub(edge, "bpmndi", "BPMNLabel"), geo["edges"][flow["id"]]["label"])
    for part in spec.get("parts", []):
        shape = sub(plane, "bpmndi", "BPMNShape", {"id": f"{part['id']}_di", "bpmnElement": part["id"]})
        bounds(shape, geo["groups"][part["id"]]["box"])
        bounds(sub(shape, "bpmndi", "BPMNLabel"), geo["groups"][part["id"]]["label"])

    body = etree.tostring(root.getroottree(), pretty_print=True, encoding="UTF-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def transcriptions():
    return sorted(HERE.glob("*/*.sop.json"))


def target_of(spec_path):
    return spec_path.with_name(spec_path.name[: -len(".sop.json")] + ".bpmn")


def main(argv):
    check = "--check" in argv
    stale = []
    for spec_path in transcriptions():
        data = render(spec_path)
        target = target_of(spec_path)
        if check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(target)
        else:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(HERE.parent)}")
    for target in stale:
        print(f"{target.relative_to(HERE.parent)} differs from its transcription: run python bpmn/generate.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
