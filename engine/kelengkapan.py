"""Kelengkapan: the items an activity needs (its mutu baku), ticked by the clerk in a checklist field.

A required checklist asks for every item before the work moves on. An answer that sends the work back (its
flow leads round to this activity again) or refuses it (its flow ends the process without another activity)
is given whatever is missing: the missing items are recorded in the completion event (`MISSING`) and shown.
Whether an approval needs every item is the task's property `kelengkapan_wajib`: `ya` (the default) or
`tidak` (no answer is held back; what is missing is recorded all the same).
"""

from .errors import InvalidExpression

MISSING = "_kurang"   # key of the completion event's data: {checklist field: [items not ticked]}
PROPERTY = "kelengkapan_wajib"
VALUES = ("ya", "tidak")


def every_item_needed(model, activity, data):
    """Must the required checklists of `activity` be complete for the answer in `data`?"""
    if activity.get(PROPERTY, "ya") == "tidak":
        return False
    return not any(data.get(field["name"]) in lenient_answers(model, activity, field)
                   for field in activity["fields"] if field["type"] == "choice")


def missing(fields, cleaned):
    """{checklist field: [its items not ticked]}, for the checklists with something missing."""
    found = {}
    for field in fields:
        if field["type"] == "checklist":
            ticked = cleaned.get(field["name"]) or []
            left = [item for item in field["choices"] if item not in ticked]
            if left:
                found[field["name"]] = left
    return found


def lenient_answers(model, activity, field):
    """The answers of the choice `field` that send the work back or refuse it: the way from the activity to the
    next one, given the answer, turns back (a back edge of the diagram, walked from its start) or reaches an end."""
    back = _back_edges(model)
    return {answer for answer in field["choices"]
            if any(target is None or turned for target, turned
                   in _targets(model, activity["element"], {field["name"]: answer}, back))}


def _targets(model, element, data, back):
    """(activity, or None for an end; whether the way there turned back) for each way out of `element`."""
    found, seen, queue = [], {element}, [(element, False)]
    while queue:
        node, turned = queue.pop()
        for flow_id, flow in _chosen(model, node, data):
            target, turning = flow["target"], turned or flow_id in back
            if target in model["activities"]:
                found.append((target, turning))
            elif target not in seen:
                seen.add(target)
                queue.append((target, turning))
                if not _outgoing(model, target):
                    found.append((None, turning))
    return found


def _outgoing(model, node):
    return [(flow_id, flow) for flow_id, flow in model["flows"].items() if flow["source"] == node]


def _chosen(model, node, data):
    """The flows out of `node` taken with `data`: those whose condition holds, else the unconditioned ones."""
    flows = _outgoing(model, node)
    held = [(i, flow) for i, flow in flows if flow["condition"] and _holds(flow["condition"], data)]
    return held or [(i, flow) for i, flow in flows if not flow["condition"]]


def _holds(condition, data):
    from .expressions import evaluate  # SpiffWorkflow's script engine: imported by the commands that decide only
    try:
        return bool(evaluate(condition, data))
    except InvalidExpression:  # names other data: not decided by this answer alone
        return False


def _back_edges(model):
    """The flows that lead back to a node still on the way from a start (depth first): where loops turn."""
    targets = {flow["target"] for flow in model["flows"].values()}
    sources = {flow["source"] for flow in model["flows"].values()}
    back, done = set(), set()
    for start in sorted(sources - targets):
        on_way, stack = {start}, [(start, iter(_outgoing(model, start)))]
        while stack:
            node, rest = stack[-1]
            step = next(rest, None)
            if step is None:
                stack.pop()
                on_way.discard(node)
                done.add(node)
                continue
            flow_id, flow = step
            if flow["target"] in on_way:
                back.add(flow_id)
            elif flow["target"] not in done:
                on_way.add(flow["target"])
                stack.append((flow["target"], iter(_outgoing(model, flow["target"]))))
    return back
