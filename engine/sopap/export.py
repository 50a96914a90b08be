"""A deployed diagram back as an SOP AP table: the header from the process's properties, the lanes in column
order, one row per user task top to bottom (its number, Kegiatan, lane, mutu baku, fields beyond the
defaults, note), decisions from the exclusive gateway after a task, parts from the groups around tasks.

A diagram the importer wrote comes back as the table that writes it again byte for byte, so a workbook
exported and imported again deploys as an unchanged version. A diagram drawn in a modeler comes back as
near as the table can say it (a choice or checklist field of its own has no place in the Isian column)."""

import json
import re

from .. import model
from ..model import NS
from ..xmlsafe import parse
from .plan import output_label
from .readings import Isian, short_name, write_isian
from .table import Row, Table

_CONDITION = re.compile(r'^\s*([a-z_][a-z0-9_]*)\s*==\s*"([^"]*)"\s*$')


def table_of(data):
    """The Table of the first executable process of diagram bytes."""
    root = parse(data, "diagram.bpmn")
    process = model.executable_processes(root)[0]
    props = {name: value for name, value, _ in model.properties(process)}
    lanes = model.lanes(root, process)
    lane_of = {node: lane["name"] for lane in lanes for node in lane["nodes"]}
    lane_names = [lane["name"] for lane in lanes]
    elements = {el.get("id"): el for el in process.iter() if isinstance(el.tag, str) and el.get("id")}
    flows = model.flows(process)
    tasks = process.xpath("./bpmn:userTask", namespaces=NS)
    tops = {t.get("id"): _bounds(root, t.get("id")) for t in tasks}
    tasks.sort(key=lambda t: (tops[t.get("id")] or (0, 0, 0, 0))[1])
    parts = _parts(root, tops)
    header = model.header(process)
    header.setdefault("nama", model.pool_name(root, process))
    table = Table(header=header, lanes=lane_names, process_id=process.get("id"),
                  ringkasan=_doc(process), catatan=props.get("bacaan", ""))
    nomor_of = {t.get("id"): _props(t).get("nomor", "") for t in tasks}
    for task in tasks:
        task_props = _props(task)
        key = task_props.get("nomor", "").lower()
        part = parts.get(task.get("id"), "")
        prefix = _prefix(part)
        nomor = task_props.get("nomor", "")
        no = nomor[1:] if prefix and nomor[:1].upper() == prefix and nomor[1:2].isdigit() else nomor
        name = (task.get("name") or "").strip()
        kegiatan = _doc(task) or name   # a diagram drawn in a modeler may have no documentation
        row = Row(no=no, kegiatan=kegiatan, lanes=[lane_of.get(task.get("id"), "")],
                  kelengkapan=task_props.get("kelengkapan", ""),
                  waktu=task_props.get("waktu_tertulis") or task_props.get("waktu", ""),
                  output=task_props.get("output", ""), keterangan=task_props.get("keterangan", ""),
                  part=part, nama="" if name == short_name(kegiatan, lane_names) else name,
                  catatan=task_props.get("bacaan", ""))
        row.isian = _isian(task_props, key)
        row.keputusan = _keputusan(task.get("id"), elements, flows, nomor_of)
        table.rows.append(row)
    return table


def _props(element):
    return {name: value for name, value, _ in model.properties(element)}


def _doc(element):
    return "\n".join((d.text or "") for d in element.xpath("./bpmn:documentation", namespaces=NS)).strip()


def _bounds(root, element_id):
    shape = root.xpath("//bpmndi:BPMNShape[@bpmnElement=$id]/dc:Bounds", namespaces=NS, id=element_id)
    return tuple(float(shape[0].get(k, 0)) for k in ("x", "y", "width", "height")) if shape else None


def _parts(root, tops):
    """Task id -> the title of the group drawn around it."""
    found = {}
    for group in model.groups(root):
        box = _bounds(root, group["id"])
        if not box:
            continue
        for task_id, inner in tops.items():
            if inner and box[0] <= inner[0] and box[1] <= inner[1] and inner[0] + inner[2] <= box[0] + box[2] \
                    and inner[1] + inner[3] <= box[1] + box[3]:
                found.setdefault(task_id, group["name"])
    return found


def _prefix(part):
    match = re.match(r"^\s*([A-Za-z])\s*[.)]\s+\S", part or "")
    return match.group(1).upper() if match else ""


def _isian(props, key):
    defaults = {f"kelengkapan_{key}", f"catatan_{key}", f"keputusan_{key}", f"alasan_{key}"}
    own, has_output_field = [], False
    for name, value in props.items():
        if not name.startswith("field."):
            continue
        field_name = name[len("field."):]
        try:
            spec = json.loads(value)
        except json.JSONDecodeError:
            continue
        if field_name in defaults:
            continue
        if field_name == f"output_{key}" and spec.get("label") == output_label(props.get("output", "")):
            has_output_field = True
            continue
        if spec.get("type", "text") in ("choice", "checklist"):
            continue
        own.append(Isian(spec.get("label") or field_name, spec.get("type", "text"), bool(spec.get("required")),
                         field_name))
    no_default = bool(props.get("output")) and not has_output_field and not own
    return write_isian(own, no_default)


def _keputusan(task_id, elements, flows, nomor_of):
    out = [f for f in flows.values() if f["source"] == task_id]
    if len(out) != 1:
        return ""
    gateway = elements.get(out[0]["target"])
    if gateway is None or gateway.tag != model.bpmn("exclusiveGateway"):
        return ""
    branches = [f for f in flows.values() if f["source"] == gateway.get("id")]
    if len(branches) < 2:
        return ""
    answers = []
    for flow in branches:
        match = _CONDITION.match(flow["condition"] or "")
        answer = match.group(2) if match else flow["name"]
        target = _landing(flow["target"], elements, flows)
        if target in nomor_of:
            answers.append(f"{answer} -> {nomor_of[target]}")
        else:
            answers.append(f"{answer} -> selesai")
    return f"{(gateway.get('name') or '').strip()} " + "; ".join(answers)


def _landing(node_id, elements, flows):
    """Where a flow lands past merges: a user task's id, else whatever it reaches."""
    for _ in range(len(elements)):
        element = elements.get(node_id)
        if element is None or element.tag != model.bpmn("exclusiveGateway"):
            return node_id
        out = [f for f in flows.values() if f["source"] == node_id]
        if len(out) != 1:
            return node_id
        node_id = out[0]["target"]
    return node_id
