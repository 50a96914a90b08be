"""The shape of a diagram's flows, read from the stored model (engine.model), never from element ids: where
the decisions are, and which of their answers return to an earlier step (a loop).
"""

def outgoing(model):
    result = {}
    for flow_id, flow in model["flows"].items():
        result.setdefault(flow["source"], []).append(flow_id)
    return result


def reachable(model, start):
    """Every node reachable from node `start` (itself included)."""
    out, seen, queue = outgoing(model), {start}, [start]
    while queue:
        for flow_id in out.get(queue.pop(), []):
            target = model["flows"][flow_id]["target"]
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def decisions(model):
    """Every split (a node with more than one outgoing flow, not a user task): {node: [answer]}, each answer
    {flow, name, condition, returns}; `returns` is true when the split can be reached again from where the
    answer leads: taking it goes back to an earlier step."""
    result = {}
    for node, flows in outgoing(model).items():
        if len(flows) < 2 or node in model["activities"]:
            continue
        result[node] = [{"flow": flow_id, "name": model["flows"][flow_id]["name"],
                         "condition": model["flows"][flow_id]["condition"],
                         "returns": node in reachable(model, model["flows"][flow_id]["target"])}
                        for flow_id in flows]
    return result


def returns(model):
    """The answers that go back: {flow id: {flow, name, decision, decision_name}}."""
    return {answer["flow"]: {"flow": answer["flow"], "name": answer["name"], "decision": node,
                             "decision_name": model["nodes"].get(node, "")}
            for node, answers in decisions(model).items() for answer in answers if answer["returns"]}


def decisions_after(model, element):
    """The splits reached from activity `element` before any other activity."""
    out, found, seen, queue = outgoing(model), [], {element}, [element]
    splits = decisions(model)
    while queue:
        for flow_id in out.get(queue.pop(), []):
            target = model["flows"][flow_id]["target"]
            if target in seen or target in model["activities"]:
                continue
            seen.add(target)
            if target in splits:
                found.append(target)
            else:
                queue.append(target)
    return found


def answer_returns(model, element, choice):
    """Does answering `choice` at activity `element` take a returning flow (its condition compares with that
    very text)? None when no decision after the activity tests it."""
    quoted = {f'"{choice}"', f"'{choice}'"}
    for node in decisions_after(model, element):
        for answer in decisions(model)[node]:
            if answer["condition"] and any(q in answer["condition"] for q in quoted):
                return answer["returns"]
    return None
