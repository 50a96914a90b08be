"""Every check a diagram must pass before it is deployed. Each finding names file, line,
element and what to do; all findings are collected, so one upload shows every problem."""

import ast

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from . import expressions, model, timestandard
from .errors import InvalidData, InvalidExpression
from .model import NS, bpmn
from .xmlsafe import Problem

RESERVED_IDS = {"Start", "End"}
RUNNABLE = {bpmn(t) for t in ("startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway",
                              "inclusiveGateway", "intermediateThrowEvent", "sequenceFlow", "laneSet",
                              "textAnnotation", "association", "group", "documentation", "extensionElements")}
HINTS = {
    "scriptTask": "Alur runs no code from diagrams: make it a user task that a lane performs",
    "serviceTask": "Alur calls no services from diagrams: make it a user task that a lane performs",
    "task": "give it a type: make it a user task (wrench icon > User task in the modeler)",
    "manualTask": "make it a user task, so that the lane's staff complete it in Alur",
}
GATEWAYS = {bpmn("exclusiveGateway"), bpmn("inclusiveGateway")}


def check(root, file_name):
    """All problems with the diagram `root` (an lxml element); an empty list means deployable."""
    problems = []

    def problem(message, element=None):
        line = element.sourceline if element is not None else None
        ident = element.get("id") if element is not None else None
        problems.append(Problem(file_name, message, line, ident))

    _check_schema(root, file_name, problems)
    processes = root.xpath("//bpmn:process", namespaces=NS)
    if not processes:
        problem("the file has no process: draw the SOP in a pool, then save")
    for process in processes:
        if process.get("isExecutable") != "true":
            problem("the process is not executable: tick 'Executable' on the pool (isExecutable=\"true\")",
                    process)
            continue
        _check_process(root, process, problem)
    for element in root.iter():
        if isinstance(element.tag, str) and element.get("id") in RESERVED_IDS:
            problem(f"the id '{element.get('id')}' is reserved by the engine: give the element another id",
                    element)
    if not problems:
        _check_spiff_parse(root, file_name, problems)
    return problems


def _check_schema(root, file_name, problems):
    try:
        VALIDATOR.validate(root, file_name)
    except ValidationException as error:
        problems.append(Problem(file_name, f"not valid BPMN 2.0: {error}", error.line_number or None))


def _check_process(root, process, problem):
    for child in process:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{NS['bpmn']}}}") and child.tag not in RUNNABLE:
            kind = child.tag.split("}")[1]
            problem(f"a {kind} cannot run in Alur: {HINTS.get(kind, 'Alur runs user tasks, gateways and plain start/end events')}",
                    child)
    for event in process.xpath("./bpmn:startEvent|./bpmn:endEvent|./bpmn:intermediateThrowEvent", namespaces=NS):
        if any(isinstance(c.tag, str) and c.tag.endswith("EventDefinition") for c in event):
            problem("events with a trigger (timer, message, ...) are not supported: use a plain event", event)
    for script in process.xpath(".//spiffworkflow:preScript|.//spiffworkflow:postScript", namespaces=NS):
        problem("Alur runs no scripts from diagrams: remove the pre-/post-script", script.getparent().getparent())
    for looped in process.xpath(".//bpmn:multiInstanceLoopCharacteristics|.//bpmn:standardLoopCharacteristics",
                                namespaces=NS):
        problem("loop markers are not supported: draw the loop with a gateway and a flow back", looped.getparent())
    for prop in process.xpath(".//spiffworkflow:property", namespaces=NS):
        if not (prop.get("name") or "").strip():
            problem("a property has no name: give it one (nomor, waktu, field.NAME, ...) or remove it",
                    prop.getparent().getparent().getparent())
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
            problem("the lane has no name: name it exactly as the executor (pelaksana) column", lane)
    for name in {n for n in names if names.count(n) > 1}:
        problem(f"two lanes are named '{name}': each executor column is one lane", process)
    for task in process.xpath(".//bpmn:userTask", namespaces=NS):
        if not lane_of.get(task.get("id")):
            problem(f"the user task '{task.get('name') or task.get('id')}' lies outside every named lane: "
                    "move it into its executor's lane", task)


def _check_activities(process, lanes, problem):
    declared = set()
    for task in process.xpath(".//bpmn:userTask", namespaces=NS):
        props = {name: value for name, value, _ in model.properties(task)}
        try:
            activity = model.activity(task, "")
        except (InvalidData, InvalidExpression) as error:
            problem(str(error), task)
            continue
        declared.update(f["name"] for f in activity["fields"])
        clash = [f["name"] for f in activity["fields"] if f["name"] in expressions.SAFE_FUNCTIONS]
        if clash:
            problem(f"field '{clash[0]}' has the name of a function: rename it", task)
        waktu, iso = props.get("waktu"), props.get("waktu_iso")
        try:
            agree = not (waktu and iso) or timestandard.same_duration(waktu, iso)
        except InvalidData as error:  # a waktu it cannot read, beside a waktu_iso
            problem(str(error), task)
            continue
        if not agree:
            problem(f"waktu '{waktu}' and waktu_iso '{iso}' disagree: waktu_iso should be "
                    f"'{timestandard.to_iso(waktu)}'", task)
        if iso and not waktu:
            problem("waktu_iso is set but waktu is not: write the time standard as in the SOP, e.g. '1 hari'", task)
    return declared


def _check_flows(process, declared, problem):
    elements = {el.get("id"): el for el in process.iter() if isinstance(el.tag, str) and el.get("id")}
    known = declared | set(expressions.CONSTANTS)
    for flow in process.xpath("./bpmn:sequenceFlow", namespaces=NS):
        for end in ("sourceRef", "targetRef"):
            if flow.get(end) not in elements:
                problem(f"the flow's {end} '{flow.get(end)}' is no element of this process: "
                        "connect the flow to a task, gateway or event again", flow)
        condition = flow.find(bpmn("conditionExpression"))
        if condition is None:
            continue
        source = elements.get(flow.get("sourceRef"))
        if source is not None and source.tag not in GATEWAYS:
            problem("conditions belong on flows out of an exclusive gateway: put a gateway after the decision",
                    flow)
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
            problem(f"the flow(s) {', '.join(bare)} out of this gateway have no condition and none is the default: "
                    "give each a condition such as keputusan == \"setuju\", or mark one as the default flow", gateway)


def _check_condition(text, flow, known, problem):
    try:
        tree = expressions.check(text)
    except InvalidExpression as error:
        problem(f"condition refused: {error}", flow)
        return
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - set(expressions.SAFE_FUNCTIONS)
    unknown = sorted(names - known)
    if unknown:
        problem(f"the condition '{text.strip()}' uses '{unknown[0]}', which no activity of this process records: "
                f"declare it as a field (field.{unknown[0]}) on the deciding task", flow)


def _check_spiff_parse(root, file_name, problems):
    try:
        parser = SpiffBpmnParser()
        parser.add_bpmn_xml(root, file_name)
        for process in model.executable_processes(root):
            parser.get_spec(process.get("id"))
    except ValidationException as error:
        problems.append(Problem(file_name, str(error), error.line_number or None, error.id or None))
    except SpiffWorkflowException as error:
        problems.append(Problem(file_name, f"the engine cannot read this diagram: {error}"))
