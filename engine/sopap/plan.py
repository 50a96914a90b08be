"""From a Table to the process it describes: the activities with their mutu baku and fields, decisions as a
task and an exclusive gateway, merges where several flows meet, the start and the ends, the flows; and every
problem of the table on the way (engine.sopap.problems).

An activity's fields: those of its Isian cell, else the output's reference where an output exists; the
kelengkapan as a checklist; a note; and for a decision its answer and, when an answer sends work back to an
earlier row, a reason required with that answer.
"""

import json
import re

from .. import timestandard
from .problems import PROSEDUR, IDENTITAS, Findings
from .readings import (kelengkapan_items, normal_number, read_isian, read_keputusan, read_waktu, short_name,
                       slug)
from .table import HEADER_LISTS, HEADER_SCALARS, PENETAPAN

_NUMBER = re.compile(r"^(\d+)([a-z]?)$")
_PREFIX = re.compile(r"^\s*([A-Za-z])\s*[.)]\s+\S")
PROCESS_ID = re.compile(r"^[a-z_][a-z0-9_]*$")


def output_label(output):
    return f"Nomor/referensi {output}"


def plan(table):
    """(plan or None, Findings): the process of `table`, None when an error leaves nothing runnable."""
    found = Findings()
    _check_header(table, found)
    lanes = _check_lanes(table, found)
    activities = [a for a in (_activity(table, row, index, lanes, found) for index, row in enumerate(table.rows))
                  if a]
    if not activities:
        found.error("sop.no_rows", row=None)
    _check_numbers(activities, found)
    _blank_waktu(activities, found)
    if found.errors:
        return None, found
    by_number = _index(activities)
    for position, a in enumerate(activities):
        if a["decision"]:
            _resolve_answers(a, by_number, found)
            _distinct_answers(a, position, activities, found)
    if found.errors:
        return None, found
    result = _graph(table, lanes, activities)
    _check_reach(result, activities, found)
    _fields(activities, found)
    if found.errors:
        return None, found
    for a in activities:
        a["node"]["props"] = _props(a)
    return result, found


def _check_header(table, found):
    if not table.header.get("nama"):
        found.error("sop.header_missing", sheet=IDENTITAS, item="Nama SOP")
    if not table.header.get("nomor"):
        found.warning("sop.header_missing_nomor", sheet=IDENTITAS, item="Nomor SOP")
    if table.process_id and not PROCESS_ID.match(table.process_id):
        found.error("sop.process_id", sheet=IDENTITAS, item="ID Proses", value=table.process_id)


def _check_lanes(table, found):
    lanes = [lane for lane in table.lanes if lane]
    if not lanes:
        found.error("sop.no_lanes", column=None)
    seen = set()
    for lane in lanes:
        if lane.lower() in seen:
            found.error("sop.lane_repeated", column=lane, lane=lane)
        seen.add(lane.lower())
    return lanes


def _activity(table, row, index, lanes, found):
    where = {"row": row.line}
    number = normal_number(row.no)
    prefix_match = _PREFIX.match(row.part or "")
    prefix = prefix_match.group(1).lower() if prefix_match else ""
    if prefix and number.startswith(prefix) and number[1:2].isdigit():
        number = number[len(prefix):]
    match = _NUMBER.match(number)
    if not match:
        code = "sop.no_missing" if not number else "sop.no_unreadable"
        found.error(code, column="No", value=row.no, **where)
        return None
    nomor = (prefix.upper() + match.group(1) + match.group(2))
    shown = nomor or row.no
    if not row.kegiatan:
        found.error("sop.kegiatan_empty", column="Kegiatan", nomor=shown, **where)
    marked = [lane for lane in lanes if lane in row.lanes]
    unknown = [lane for lane in row.lanes if lane not in lanes]
    if unknown:
        found.error("sop.lane_unknown", column=unknown[0], nomor=shown, lane=unknown[0], **where)
        return None
    if not marked:
        found.error("sop.no_mark", column=None, nomor=shown, **where)
        return None
    lane = marked[0]
    if len(marked) > 1:
        subject = [m for m in marked if row.kegiatan.lower().startswith(m.lower())]
        lane = subject[0] if subject else marked[0]
        found.warning("sop.two_marks", column=marked[1], nomor=shown, lanes=marked, lane=lane, **where)
    waktu = read_waktu(row.waktu, table.waktu_unit)
    if waktu.error:
        found.error(waktu.error, column="Waktu", nomor=shown, value=waktu.written, **where)
    elif waktu.note:
        found.warning(waktu.note, column="Waktu", nomor=shown, value=waktu.written, waktu=waktu.waktu, **where)
    decision = None
    if row.keputusan:
        try:
            decision = read_keputusan(row.keputusan)
        except ValueError as error:
            found.error(str(error), column="Keputusan", nomor=shown, value=row.keputusan, **where)
    try:
        isian, no_default = read_isian(row.isian)
    except ValueError as error:
        found.error(str(error), column="Isian", nomor=shown, value=row.isian, **where)
        isian, no_default = [], False
    return {"row": row, "index": index, "nomor": nomor, "key": nomor.lower(), "digits": match.group(1),
            "part": row.part, "prefix": prefix, "lane": lane, "waktu": waktu, "decision": decision,
            "isian": isian, "no_default": no_default, "where": where,
            "name": row.nama or short_name(row.kegiatan, lanes)}


def _check_numbers(activities, found):
    seen = {}
    for a in activities:
        if a["nomor"] in seen:
            found.error("sop.no_repeated", column="No", nomor=a["nomor"], first=seen[a["nomor"]],
                        suggestion=a["nomor"] + "a", **a["where"])
        seen.setdefault(a["nomor"], a["where"]["row"] or a["index"] + 1)


def _blank_waktu(activities, found):
    """No time standard is a warning, unless another activity of the same row (5 and 5a) carries the row's."""
    timed = {(a["prefix"], a["digits"]) for a in activities if a["waktu"].waktu}
    for a in activities:
        if not a["waktu"].written and (a["prefix"], a["digits"]) not in timed:
            found.warning("sop.waktu_blank", column="Waktu", nomor=a["nomor"], **a["where"])


def _index(activities):
    by_number = {}
    for a in activities:
        by_number.setdefault(a["nomor"].lower(), a)
    return by_number


def _resolve_answers(a, by_number, found):
    question, answers = a["decision"]
    targets = []
    for answer in answers:
        if answer.ends or not answer.target:
            targets.append(answer)
            continue
        wanted = normal_number(answer.target)
        target = by_number.get(a["prefix"] + wanted) or by_number.get(wanted)
        if target is None:
            found.error("sop.answer_target_missing", column="Keputusan", nomor=a["nomor"], answer=answer.answer,
                        target=answer.target, **a["where"])
        answer.row = target
        targets.append(answer)
    a["question"] = question or f"{a['name']}?"


def _distinct_answers(a, position, activities, found):
    if len(a["decision"][1]) > 3:   # a gateway has three sides to leave by
        found.error("sop.decision_too_many", column="Keputusan", nomor=a["nomor"], count=len(a["decision"][1]),
                    **a["where"])
        return
    places = {}
    for answer in a["decision"][1]:
        row = getattr(answer, "row", None)
        place = "end" if answer.ends or (not row and position + 1 == len(activities)) else \
            (row["nomor"] if row else activities[position + 1]["nomor"])
        places.setdefault(place, []).append(answer.answer)
    for answers in places.values():
        if len(answers) > 1:
            found.error("sop.answers_same_row", column="Keputusan", nomor=a["nomor"], answers=answers, **a["where"])


def _graph(table, lanes, activities):
    """Nodes in table order and flows; a merge before every activity more than one flow leads to."""
    pid = table.process_id or slug(table.header.get("nama", ""), 60) or "sop"
    pid = pid if PROCESS_ID.match(pid) else "sop_" + pid
    for a in activities:
        a["tail"] = f"Gateway_{a['nomor']}_keputusan" if a["decision"] else f"Activity_{a['nomor']}"
        a["node"] = {"type": "task", "id": f"Activity_{a['nomor']}", "lane": a["lane"], "name": a["name"],
                     "documentation": a["row"].kegiatan}
    start = {"type": "start", "id": f"StartEvent_{pid}", "lane": activities[0]["lane"], "name": "Mulai"}
    end = {"type": "end", "id": f"EndEvent_{pid}", "lane": activities[-1]["lane"], "name": "Selesai"}
    flows = [(start["id"], activities[0])]
    extra = {}  # activity index -> nodes after its task (gateway, early end)
    for i, a in enumerate(activities):
        following = activities[i + 1] if i + 1 < len(activities) else None
        if not a["decision"]:
            flows.append((a["node"]["id"], following or end))
            continue
        field = f"keputusan_{a['key']}"
        gateway = {"type": "gateway", "id": f"Gateway_{a['nomor']}_keputusan", "lane": a["lane"],
                   "name": a["question"], "field": field}
        extra[i] = [gateway]
        flows.append((a["node"]["id"], gateway))
        for answer in a["decision"][1]:
            if answer.ends and following is None:  # the last row's "selesai" is the procedure's own end
                target = end
            elif answer.ends:
                early = {"type": "end", "id": f"EndEvent_{a['nomor']}_{slug(answer.answer) or 'selesai'}",
                         "lane": _neighbour(lanes, a["lane"]), "name": "Selesai", "beside": gateway["id"]}
                extra[i].append(early)
                target = early
            else:
                target = getattr(answer, "row", None) or following or end
            flows.append((gateway["id"], target, answer.answer, f'{field} == "{answer.answer}"'))
            answer.back = isinstance(target, dict) and "index" in target and target["index"] <= a["index"]
    incoming = {}
    for flow in flows:
        target = flow[1]
        key = target["node"]["id"] if "node" in target else target["id"]
        incoming[key] = incoming.get(key, 0) + 1
    nodes, merges = [start], {}
    for i, a in enumerate(activities):
        count = incoming.get(a["node"]["id"], 0)
        if count > 1:   # a merge takes three flows (top and sides); each further merge below it two more
            chain = 1 + max(0, -(-(count - 3) // 2))
            merges[a["node"]["id"]] = [{"type": "merge", "lane": a["lane"],
                                        "id": f"Gateway_{a['nomor']}_gabung" + (f"_{k + 1}" if k else "")}
                                       for k in range(chain)]
            nodes.extend(merges[a["node"]["id"]])
        nodes.append(a["node"])
        nodes.extend(extra.get(i, []))
    nodes.append(end)
    flow_list, taken = [], {}

    def node_id(target):
        return target["node"]["id"] if "node" in target else target["id"]

    for flow in flows:
        target = node_id(flow[1])
        if target in merges:
            taken[target] = taken.get(target, 0) + 1
            target = merges[target][0 if taken[target] <= 3 else (taken[target] - 4) // 2 + 1]["id"]
        flow_list.append({"source": flow[0], "target": target, "name": flow[2] if len(flow) > 2 else None,
                          "condition": flow[3] if len(flow) > 3 else None})
    for a in activities:
        a["head"] = merges[a["node"]["id"]][0]["id"] if a["node"]["id"] in merges else a["node"]["id"]
    for merge_target, chain in merges.items():
        for upper, lower in zip(chain, chain[1:] + [{"id": merge_target}]):
            flow_list.append({"source": upper["id"], "target": lower["id"], "name": None, "condition": None})
    for flow in flow_list:
        flow["id"] = f"Flow_{flow['source']}__{flow['target']}"
    return {"process_id": pid, "name": table.header.get("nama", ""), "lanes": lanes, "nodes": nodes,
            "flows": flow_list, "parts": _parts(activities), "end": end["id"], "table": table}


def _neighbour(lanes, lane):
    """The lane an early end is drawn in, beside its gateway's: the next column, else the one before."""
    index = lanes.index(lane)
    if index + 1 < len(lanes):
        return lanes[index + 1]
    return lanes[index - 1] if index else lane


def _parts(activities):
    """Each run of rows under one part title is a group."""
    parts, previous = [], None
    for a in activities:
        if a["part"] and previous is not None and previous["part"] == a["part"]:
            parts[-1]["last"] = a["tail"]
        elif a["part"]:
            ident = f"Group_{a['prefix'].upper() or len(parts) + 1}"
            if any(p["id"] == ident for p in parts):
                ident += f"_{len(parts) + 1}"
            parts.append({"id": ident, "title": a["part"], "first": a["head"], "last": a["tail"]})
        previous = a
    return parts


def _check_reach(result, activities, found):
    following = {}
    for flow in result["flows"]:
        following.setdefault(flow["source"], []).append(flow["target"])
    reached, queue = set(), [result["nodes"][0]["id"]]
    while queue:
        node = queue.pop()
        if node not in reached:
            reached.add(node)
            queue.extend(following.get(node, []))
    ends = {n["id"] for n in result["nodes"] if n["type"] == "end"}
    leading, changed = set(ends), True
    while changed:
        changed = False
        for source, targets in following.items():
            if source not in leading and any(t in leading for t in targets):
                leading.add(source)
                changed = True
    for a in activities:
        if a["node"]["id"] not in reached:
            found.error("sop.unreachable", column="No", nomor=a["nomor"], **a["where"])
        elif a["node"]["id"] not in leading and a["decision"]:   # the decision is where the loop is mended
            found.error("sop.no_way_out", column="Keputusan", nomor=a["nomor"], **a["where"])


def _fields(activities, found):
    taken = {}
    for a in activities:
        own = []
        for isian in a["isian"]:
            name = isian.name or slug(isian.label) or "isian"
            if not re.match(r"^[a-z][a-z0-9_]*$", name):
                name = "isian_" + name if re.match(r"^[a-z0-9_]+$", name) else ""
            if not name:
                found.error("sop.isian_name", column="Isian", nomor=a["nomor"], value=isian.name, **a["where"])
                continue
            if name in taken:
                if isian.name:
                    found.error("sop.isian_name_repeated", column="Isian", nomor=a["nomor"], field=name,
                                other=taken[name], **a["where"])
                    continue
                name = f"{name}_{a['key']}"
            taken[name] = a["nomor"]
            own.append({"name": name, "label": isian.label, "type": isian.type, "required": isian.required})
        row = a["row"]
        if not a["isian"] and not a["no_default"] and row.output:
            name = f"output_{a['key']}"
            own.append({"name": name, "label": output_label(row.output), "type": "text", "required": True})
        items = kelengkapan_items(row.kelengkapan)
        if items:
            own.append({"name": f"kelengkapan_{a['key']}", "label": f"Kelengkapan: {row.kelengkapan}",
                        "type": "checklist", "required": True, "choices": items})
        own.append({"name": f"catatan_{a['key']}", "label": "Catatan", "type": "textarea"})
        if a["decision"]:
            field, answers = f"keputusan_{a['key']}", a["decision"][1]
            own.append({"name": field, "label": a["question"], "type": "choice", "required": True,
                        "choices": [x.answer for x in answers]})
            back = [x.answer for x in answers if getattr(x, "back", False)]
            if back:
                own.append({"name": f"alasan_{a['key']}", "label": "Alasan (bila " + " / ".join(back) + ")",
                            "type": "textarea", "required_when": {field: back}})
        for f in own:
            taken.setdefault(f["name"], a["nomor"])
        a["fields"] = own


def field_json(spec):
    """The JSON value of a `field.NAME` property, keys in the conventions' order."""
    value = {"label": spec["label"], "type": spec["type"]}
    if spec.get("required"):
        value["required"] = True
    if spec.get("choices") is not None:
        value["choices"] = spec["choices"]
    if spec.get("required_when"):
        value["required_when"] = spec["required_when"]
    return json.dumps(value, ensure_ascii=False)


def _props(a):
    row, waktu = a["row"], a["waktu"]
    pairs = [("nomor", a["nomor"])]
    if row.kelengkapan:
        pairs.append(("kelengkapan", row.kelengkapan))
    if waktu.waktu:
        pairs += [("waktu", waktu.waktu), ("waktu_iso", timestandard.to_iso(waktu.waktu))]
    if waktu.written and waktu.written != waktu.waktu:
        pairs.append(("waktu_tertulis", waktu.written))
    for key in ("output", "keterangan"):
        if getattr(row, key):
            pairs.append((key, getattr(row, key)))
    if row.catatan:
        pairs.append(("bacaan", row.catatan))
    pairs += [(f"field.{f['name']}", field_json(f)) for f in a["fields"]]
    return pairs


def header_pairs(header):
    """The SOP header as process properties: `sop.KEY`, `sop.KEY.N` for lists, `sop.penetapan.KEY`."""
    pairs = [(f"sop.{key}", header[key]) for key in HEADER_SCALARS if header.get(key)]
    pairs += [(f"sop.penetapan.{key}", header["penetapan"][key]) for key in PENETAPAN
              if header.get("penetapan", {}).get(key)]
    lists = [key for key in HEADER_LISTS if header.get(key)]
    lists += [key for key, value in header.items() if isinstance(value, list) and key not in HEADER_LISTS]
    for key in lists:
        pairs += [(f"sop.{key}.{i}", item) for i, item in enumerate(header[key], 1)]
    known = set(HEADER_SCALARS) | set(HEADER_LISTS) | {"penetapan"}
    pairs += [(f"sop.{key}", value) for key, value in header.items()
              if key not in known and isinstance(value, str) and value]
    return pairs


__all__ = ["plan", "header_pairs", "field_json", "output_label", "PROSEDUR"]
