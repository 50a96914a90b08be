"""Which elements of a diagram an instance has passed: for the highlighted diagram and for replay.

The engine records user tasks and the flows gateways took; events and merges in between are
inferred by following the token from the start events: a completed task passes it on every
outgoing flow, a split passes it only on the flows it was recorded to take, anything else on
its single outgoing flow.
"""

from .results import Highlight


def passed(model, completed, ready, taken):
    """Highlight(done, current, flows): element ids passed, elements ready now, flow ids taken.

    completed: user task elements completed at least once; ready: user task elements ready now;
    taken: flow ids recorded as taken at gateways.
    """
    flows = model["flows"]
    outgoing = {}
    for flow_id, flow in flows.items():
        outgoing.setdefault(flow["source"], []).append(flow_id)
    targets = {flow["target"] for flow in flows.values()}
    starts = [node for node in outgoing if node not in targets]
    reached, used, queue = set(starts), set(), list(starts)
    while queue:
        node = queue.pop()
        for flow_id in _passes(node, outgoing.get(node, []), model, set(completed), set(taken)):
            used.add(flow_id)
            target = flows[flow_id]["target"]
            if target not in reached:
                reached.add(target)
                queue.append(target)
    done = (reached - set(model["activities"])) | set(completed)
    return Highlight(done=sorted(done), current=sorted(set(ready)), flows=sorted(used))


def _passes(node, out, model, completed, taken):
    if node in model["activities"]:
        return out if node in completed else []
    if len(out) > 1:
        return [flow_id for flow_id in out if flow_id in taken]
    return out
