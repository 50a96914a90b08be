"""The rows of an SOP AP flowchart table, read from a deployed diagram.

Each row is one Kegiatan as the SOP numbers it (activities that share a number, or split one row as 5 and 5a,
and stand in different lanes, such as a decision and the work that follows it, share a row), with its symbols
in their executors' columns:
a capsule for a start or end event, a rectangle for an activity, a diamond for an activity followed by a
decision. Gateways and intermediate events are not rows: the arrows pass through them, and a decision's
answer (the name of the flow leaving the gateway, else its condition) labels its arrow.

Built on engine.model (header, lanes, activities, flows, groups); only what the model leaves out is read from
the XML here: each node's kind, the lane of events, and which part (BPMN group, drawn around its activities)
an activity lies in.
"""

import re
from dataclasses import dataclass, field

from .. import model

START, END, ACTIVITY, DECISION = "start", "end", "activity", "decision"
_PASS_THROUGH = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
                 "intermediateThrowEvent", "intermediateCatchEvent"}
_NOMOR = re.compile(r"^([A-Za-z]*)\.?\s*(\d+)")
_SPLIT = re.compile(r"^(.*\d)\s*[a-z]$")        # 5a: the second activity of the SOP's row 5


@dataclass
class Symbol:
    id: str
    kind: str
    column: int


@dataclass
class Row:
    kind: str                   # "step" or "part"
    number: str = ""
    kegiatan: list = field(default_factory=list)
    symbols: list = field(default_factory=list)
    kelengkapan: str = ""
    waktu: str = ""
    output: str = ""
    keterangan: str = ""
    title: str = ""             # a part's title row


@dataclass
class Edge:
    source: str
    target: str
    label: str = ""


@dataclass
class Flowchart:
    lanes: list
    rows: list
    edges: list


def build(root, process, process_model):
    """The flowchart of `process` (an lxml element of `root`) whose engine model is `process_model`."""
    lanes = process_model["lanes"]
    lane_of = {node: lane["name"] for lane in model.lanes(root, process) for node in lane["nodes"]}
    kinds = _kinds(process, process_model["activities"])
    successors = _successors(kinds, process_model["flows"])
    for node, answers in successors.items():
        if kinds[node] == ACTIVITY and any(label for _, label, _ in answers):
            kinds[node] = DECISION
    order = _order(kinds, successors, process_model["activities"])
    part_of = _parts(root, process_model, order)

    def column(node):
        name = lane_of.get(node) or process_model["activities"].get(node, {}).get("lane", "")
        return lanes.index(name) if name in lanes else 0

    rows, parts_seen = [], []
    for node in order:
        part = part_of.get(node)
        if part and part not in parts_seen:
            parts_seen.append(part)
            rows.append(Row("part", title=part))
        symbol = Symbol(node, kinds[node], column(node))
        activity = process_model["activities"].get(node)
        if activity is None:
            rows.append(Row("step", kegiatan=[process_model["nodes"].get(node, "")], symbols=[symbol]))
            continue
        previous = rows[-1] if rows else None
        if (previous is not None and previous.kind == "step" and activity["number"]
                and previous.number == _shown(activity["number"], part)
                and symbol.column not in {s.column for s in previous.symbols}):
            _merge(previous, activity, symbol)
        else:
            rows.append(_row(activity, symbol, part))
    edges = [Edge(node, target, label) for node in order for target, label, _ in successors.get(node, [])]
    _place_early_ends(rows, edges)
    return Flowchart(lanes=list(lanes), rows=rows, edges=edges)


def _place_early_ends(rows, edges):
    """An end reached before the last row (a decision's answer that ends the procedure) is drawn beside the row
    that leads to it when that executor's column is free there, else in a row right under it, not at the foot
    of the table."""
    row_of = {symbol.id: row for row in rows for symbol in row.symbols}
    for row in [r for r in rows if len(r.symbols) == 1 and r.symbols[0].kind == END]:
        end = row.symbols[0]
        sources = {edge.source for edge in edges if edge.target == end.id}
        if len(sources) != 1:
            continue
        source_row = row_of[sources.pop()]
        after = rows[rows.index(source_row) + 1:]
        if not any(r.kind == "step" and any(s.kind != END for s in r.symbols) for r in after):
            continue        # the procedure's own end, under its last row
        rows.remove(row)
        if end.column in {symbol.column for symbol in source_row.symbols}:
            rows.insert(rows.index(source_row) + 1, row)
        else:
            source_row.symbols.append(end)
            row_of[end.id] = source_row


def kegiatan(activity):
    """The Kegiatan sentence: the documentation's first paragraph (the SOP's own words), else the task's name."""
    first = re.split(r"\n\s*\n", activity.get("documentation") or "", maxsplit=1)[0].strip()
    return first or activity["name"]


def _row(activity, symbol, part):
    mutu = activity["mutu_baku"]
    return Row("step", number=_shown(activity["number"], part), kegiatan=[kegiatan(activity)], symbols=[symbol],
               kelengkapan=mutu.get("kelengkapan", ""), waktu=mutu.get("waktu", ""), output=mutu.get("output", ""),
               keterangan=mutu.get("keterangan", ""))


def _merge(row, activity, symbol):
    row.symbols.append(symbol)
    if kegiatan(activity) not in row.kegiatan:
        row.kegiatan.append(kegiatan(activity))
    for key in ("kelengkapan", "waktu", "output", "keterangan"):
        value = activity["mutu_baku"].get(key, "")
        if value and value not in getattr(row, key).split("; "):
            setattr(row, key, "; ".join(filter(None, [getattr(row, key), value])))


def _shown(number, part):
    """The number as the table shows it: 'A3' in part 'A. Perencanaan' is row 3 of that part; '5a' is row 5."""
    split = _SPLIT.match(number or "")
    number = split.group(1) if split else number
    match = _NOMOR.match(number or "")
    if match and match.group(1) and part and part.upper().startswith(match.group(1).upper()):
        return match.group(2)
    return number or ""


def _kinds(process, activities):
    kinds = {}
    for element in process.iter():
        if not isinstance(element.tag, str) or not element.get("id"):
            continue
        tag = element.tag.rpartition("}")[2]
        if tag == "startEvent":
            kinds[element.get("id")] = START
        elif tag == "endEvent":
            kinds[element.get("id")] = END
        elif element.get("id") in activities:
            kinds[element.get("id")] = ACTIVITY
        elif tag in _PASS_THROUGH:
            kinds[element.get("id")] = tag
    return kinds


def _successors(kinds, flows):
    """For each row node: [(next row node, answer label, flow id)] through gateways and intermediate events."""
    outgoing = {}
    for flow_id, flow in flows.items():
        outgoing.setdefault(flow["source"], []).append((flow_id, flow))
    result = {}
    for node, kind in kinds.items():
        if kind in (START, END, ACTIVITY):
            found = []
            _walk(node, "", outgoing, kinds, found, {node})
            result[node] = found
    return result


def _walk(node, label, outgoing, kinds, found, seen):
    branches = outgoing.get(node, [])
    for flow_id, flow in branches:
        target = flow["target"]
        answer = label
        if len(branches) > 1 and kinds.get(node) in _PASS_THROUGH and not label:
            answer = flow["name"] or flow["condition"] or ""
        if kinds.get(target) in (START, END, ACTIVITY):
            if all(t != target for t, _, _ in found):
                found.append((target, answer, flow_id))
        elif target not in seen:
            _walk(target, answer, outgoing, kinds, found, seen | {target})


def _order(kinds, successors, activities):
    """Start events, the activities (by their SOP number when every one has one, else in the order the flow
    reaches them), then end events."""
    reached, stack = [], [n for n, k in kinds.items() if k == START][::-1]
    while stack:
        node = stack.pop()
        if node in reached:
            continue
        reached.append(node)
        stack.extend(t for t, _, _ in reversed(successors.get(node, [])) if t not in reached)
    reached += [n for n, k in kinds.items() if k in (START, END, ACTIVITY) and n not in reached]
    steps = [n for n in reached if kinds[n] not in (START, END)]
    if steps and all(activities[n]["number"] for n in steps):
        steps.sort(key=lambda n: (_natural(activities[n]["number"]), reached.index(n)))
    return ([n for n in reached if kinds[n] == START] + steps + [n for n in reached if kinds[n] == END])


def _natural(number):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in re.findall(r"\d+|\D+", number)]


def _parts(root, process_model, order):
    """node -> the title of the part (BPMN group) it lies in: the group whose shape holds the node's shape,
    else the group whose title starts with the letter of the node's number (A3 -> 'A. ...'). Start and end
    events take the part of the activity next to them."""
    groups = [g for g in process_model.get("groups", []) if g.get("name")]
    if not groups:
        return {}
    boxes = {g["name"]: _bounds(root, g["id"]) for g in groups}
    result = {}
    for node in order:
        box = _bounds(root, node)
        inside = [name for name, group_box in boxes.items() if box and group_box and _holds(group_box, box)]
        if inside:
            result[node] = inside[0]
            continue
        number = process_model["activities"].get(node, {}).get("number", "")
        match = _NOMOR.match(number)
        letter = match.group(1).upper() if match and match.group(1) else None
        named = [g["name"] for g in groups if letter and g["name"].upper().startswith(letter)]
        if named:
            result[node] = named[0]
    steps = [n for n in order if n in result]
    for node in order:
        if node not in result and steps:
            after = [n for n in order[order.index(node):] if n in result]
            result[node] = result[after[0]] if after else result[steps[-1]]
    return result


def _bounds(root, element_id):
    found = root.xpath("//bpmndi:BPMNShape[@bpmnElement=$id]/dc:Bounds", namespaces=model.NS, id=element_id)
    if not found:
        return None
    try:
        x, y, w, h = (float(found[0].get(k, "")) for k in ("x", "y", "width", "height"))
    except ValueError:
        return None
    return x, y, w, h


def _holds(outer, inner):
    cx, cy = inner[0] + inner[2] / 2, inner[1] + inner[3] / 2
    return outer[0] <= cx <= outer[0] + outer[2] and outer[1] <= cy <= outer[1] + outer[3]
