"""Every check a diagram must pass before it is deployed. Each finding names file, line,
element and what to do; all findings are collected, so one upload shows every problem."""

import ast

from . import expressions, model, runtime, timestandard
from .errors import InvalidData, InvalidExpression
from .model import NS, bpmn
from .results import Problem

RESERVED_IDS = {"Start", "End"}
RUNNABLE = {bpmn(t) for t in ("startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway",
                              "inclusiveGateway", "intermediateThrowEvent", "sequenceFlow", "laneSet",
                              "textAnnotation", "association", "group", "documentation", "extensionElements")}
# Elements that cannot run, with the refusal that says what to do instead.
NOT_RUNNABLE = {"scriptTask": "diagram.script_task", "serviceTask": "diagram.service_task",
                "task": "diagram.untyped_task", "manualTask": "diagram.manual_task"}
GATEWAYS = {bpmn("exclusiveGateway"), bpmn("inclusiveGateway")}


def check(root, file_name):
    """All problems with the diagram `root` (an lxml element); an empty list means deployable."""
    problems = []

    def problem(code, element=None, **params):
        line = element.sourceline if element is not None else None
        ident = element.get("id") if element is not None else None
        problems.append(Problem.of(file_name, code, line, ident, **params))

    _check_schema(root, file_name, problems)
    processes = root.xpath("//bpmn:process", namespaces=NS)
    if not processes:
        problem("diagram.no_process")
    for process in processes:
        if process.get("isExecutable") != "true":
            problem("diagram.not_executable", process)
            continue
        _check_process(root, process, problem)
    for element in root.iter():
        if isinstance(element.tag, str) and element.get("id") in RESERVED_IDS:
            problem("diagram.reserved_id", element, id=element.get("id"))
    if not problems:
        _check_spiff_parse(root, file_name, problems)
    return problems


def _check_schema(root, file_name, problems):
    for line, element, detail in runtime.schema_problems(root, file_name):
        problems.append(Problem.of(file_name, "diagram.schema", line, element, detail=detail))


def _check_process(root, process, problem):
    for child in process:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{NS['bpmn']}}}") and child.tag not in RUNNABLE:
            kind = child.tag.split("}")[1]
            problem(NOT_RUNNABLE.get(kind, "diagram.not_runnable"), child, kind=kind, name=child.get("name"))
    for event in process.xpath("./bpmn:startEvent|./bpmn:endEvent|./bpmn:intermediateThrowEvent", namespaces=NS):
        if any(isinstance(c.tag, str) and c.tag.endswith("EventDefinition") for c in event):
            problem("diagram.event_trigger", event, name=event.get("name"))
    for script in process.xpath(".//spiffworkflow:preScript|.//spiffworkflow:postScript", namespaces=NS):
        task = script.getparent().getparent()
        problem("diagram.script", task, name=task.get("name"))
    for looped in process.xpath(".//bpmn:multiInstanceLoopCharacteristics|.//bpmn:standardLoopCharacteristics",
                                namespaces=NS):
        problem("diagram.loop_marker", looped.getparent(), name=looped.getparent().get("name"))
    for prop in process.xpath(".//spiffworkflow:property", namespaces=NS):
        if not (prop.get("name") or "").strip():
            owner = prop.getparent().getparent().getparent()
            problem("diagram.nameless_property", owner, name=owner.get("name"))
    lanes = model.lanes(root, process)
    _check_lanes(process, lanes, problem)
    declared = _check_activities(process, lanes, problem)
    _check_flows(process, declared, problem)


def _check_lanes(process, lanes, problem):
    lane_of = {}
    for lane in lanes:
        for node in lane["nodes"]:
            lane_of[node] = lane["name"]
    names = [lane["name"] for lane in lanes if lane["name"]]
    for lane in process.xpath(".//bpmn:lane", namespaces=NS):
        if not (lane.get("name") or "").strip():
            problem("diagram.nameless_lane", lane)
    for name in {n for n in names if names.count(n) > 1}:
        problem("diagram.duplicate_lane", process, lane=name)
    for task in process.xpath(".//bpmn:userTask", namespaces=NS):
        if not lane_of.get(task.get("id")):
            problem("diagram.task_outside_lanes", task, name=task.get("name") or task.get("id"))


def _check_activities(process, lanes, problem):
    declared = set()
    for start in process.xpath("./bpmn:startEvent", namespaces=NS):
        try:
            declared.update(f["name"] for f in model.declared_fields(start))
        except InvalidData as error:
            problem(error.code, start, **{**error.params, "name": start.get("name") or start.get("id")})
    for task in process.xpath(".//bpmn:userTask", namespaces=NS):
        props = {name: value for name, value, _ in model.properties(task)}
        try:
            activity = model.activity(task, "")
        except (InvalidData, InvalidExpression) as error:
            problem(error.code, task, **{**error.params, "name": task.get("name")})
            continue
        declared.update(f["name"] for f in activity["fields"])
        clash = [f["name"] for f in activity["fields"] if f["name"] in expressions.SAFE_FUNCTIONS]
        if clash:
            problem("diagram.field_is_function", task, field=clash[0], name=task.get("name"))
        waktu, iso = props.get("waktu"), props.get("waktu_iso")
        try:
            agree = not (waktu and iso) or timestandard.same_duration(waktu, iso)
        except InvalidData as error:  # a waktu it cannot read, beside a waktu_iso
            problem(error.code, task, **{**error.params, "name": task.get("name")})
            continue
        if not agree:
            problem("diagram.waktu_disagrees", task, name=task.get("name"), waktu=waktu, iso=iso,
                    expected=timestandard.to_iso(waktu))
        if iso and not waktu:
            problem("diagram.waktu_iso_alone", task, name=task.get("name"))
    return declared


def _check_flows(process, declared, problem):
    elements = {el.get("id"): el for el in process.iter() if isinstance(el.tag, str) and el.get("id")}
    known = declared | set(expressions.CONSTANTS)
    for flow in process.xpath("./bpmn:sequenceFlow", namespaces=NS):
        for end, code in (("sourceRef", "diagram.flow_source_missing"), ("targetRef", "diagram.flow_target_missing")):
            if flow.get(end) not in elements:
                problem(code, flow, name=flow.get("name"))
        condition = flow.find(bpmn("conditionExpression"))
        if condition is None:
            continue
        source = elements.get(flow.get("sourceRef"))
        if source is not None and source.tag not in GATEWAYS:
            problem("diagram.condition_not_at_gateway", flow, name=flow.get("name"))
        _check_condition(condition.text or "", flow, known, problem)
    for gateway in process.xpath("./bpmn:exclusiveGateway|./bpmn:inclusiveGateway", namespaces=NS):
        outgoing = [f for f in process.xpath("./bpmn:sequenceFlow", namespaces=NS)
                    if f.get("sourceRef") == gateway.get("id")]
        if len(outgoing) < 2:
            continue
        default = gateway.get("default")
        bare = [f.get("id") for f in outgoing
                if f.find(bpmn("conditionExpression")) is None and f.get("id") != default]
        if bare:
            problem("diagram.gateway_bare_flows", gateway, name=gateway.get("name"), count=len(bare),
                    flows=[_flow_label(process, flow_id) for flow_id in bare])


def _check_condition(text, flow, known, problem):
    try:
        tree = expressions.check(text)
    except InvalidExpression as error:
        problem("diagram.condition_refused", flow, name=flow.get("name"), reason=error.message)
        return
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - set(expressions.SAFE_FUNCTIONS)
    unknown = sorted(names - known)
    if unknown:
        problem("diagram.condition_unknown_name", flow, condition=text.strip(), field=unknown[0])


def _check_spiff_parse(root, file_name, problems):
    process_ids = [process.get("id") for process in model.executable_processes(root)]
    for line, element, detail in runtime.parse_problems(root, file_name, process_ids):
        problems.append(Problem.of(file_name, "diagram.engine_refused", line, element, detail=detail))


def _flow_label(process, flow_id):
    """A flow as an analyst sees it: its name (the answer it stands for), else the id the modeler shows."""
    flow = process.xpath("./bpmn:sequenceFlow[@id=$id]", namespaces=NS, id=flow_id)
    return (flow[0].get("name") or flow_id) if flow else flow_id
