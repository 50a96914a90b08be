"""The difference between two versions of a process, as messages an analyst reads at a glance (each face
words them in its language)."""

from .results import Message

ACTIVITY_KEYS = ("name", "lane", "number", "documentation")


def between(old, new):
    """What changed from model `old` to model `new` (see engine.model.build), as a list of Message."""
    changes = _lanes(old["lanes"], new["lanes"])
    old_acts, new_acts = old["activities"], new["activities"]
    for element in [e for e in new_acts if e not in old_acts]:
        changes.append(Message("diff.activity_added", {**_label(new_acts[element]), "lane": new_acts[element]["lane"]}))
    for element in [e for e in old_acts if e not in new_acts]:
        changes.append(Message("diff.activity_removed", _label(old_acts[element])))
    for element in [e for e in old_acts if e in new_acts]:
        changes.extend(activity_changes(old_acts[element], new_acts[element]))
    changes.extend(_flows(old, new))
    changes.extend(_header(old["header"], new["header"]))
    return changes


def elements(old, new):
    """The element ids behind the messages of `between`, to mark on the two diagrams: `added` (in new),
    `removed` (in old), `changed` (in both: an activity or a flow that differs)."""
    old_acts, new_acts = old["activities"], new["activities"]
    old_flows, new_flows = old["flows"], new["flows"]
    changed = [e for e in old_acts if e in new_acts and activity_changes(old_acts[e], new_acts[e])]
    changed += [f for f in old_flows if f in new_flows and old_flows[f] != new_flows[f]]
    return {"added": [e for e in new_acts if e not in old_acts] + [f for f in new_flows if f not in old_flows],
            "removed": [e for e in old_acts if e not in new_acts] + [f for f in old_flows if f not in new_flows],
            "changed": changed}


def activity_changes(old, new):
    label = _label(old)
    changes = []
    if old["name"] != new["name"]:
        changes.append(Message("diff.activity_renamed", {**label, "new_name": new["name"]}))
    if old["lane"] != new["lane"]:
        changes.append(Message("diff.activity_moved", {**label, "old_lane": old["lane"], "new_lane": new["lane"]}))
    if old["number"] != new["number"]:
        changes.append(Message("diff.activity_renumbered", {**label, "new_number": new["number"]}))
    for key, value in old["mutu_baku"].items():
        if new["mutu_baku"].get(key, "") != value:
            changes.append(Message("diff.mutu_baku_changed", {**label, "key": key, "old_value": value,
                                                              "new_value": new["mutu_baku"].get(key, "")}))
    changes.extend(_fields(label, old["fields"], new["fields"]))
    return changes


def _fields(label, old, new):
    before, after = {f["name"]: f for f in old}, {f["name"]: f for f in new}
    changes = [Message("diff.field_added", {**label, "field": after[n]["label"]}) for n in after if n not in before]
    changes += [Message("diff.field_removed", {**label, "field": before[n]["label"]}) for n in before if n not in after]
    changes += [Message("diff.field_changed", {**label, "field": after[n]["label"]})
                for n in before if n in after and before[n] != after[n]]
    return changes


def _lanes(old, new):
    changes = [Message("diff.lane_added", {"lane": lane}) for lane in new if lane not in old]
    changes += [Message("diff.lane_removed", {"lane": lane}) for lane in old if lane not in new]
    kept_old, kept_new = [lane for lane in old if lane in new], [lane for lane in new if lane in old]
    if kept_old != kept_new:
        changes.append(Message("diff.lanes_reordered", {"lanes": list(new)}))
    return changes


def _flows(old_model, new_model):
    old, new = old_model["flows"], new_model["flows"]
    changes = [Message("diff.flow_added", _flow(new_model, new[f])) for f in new if f not in old]
    changes += [Message("diff.flow_removed", _flow(old_model, old[f])) for f in old if f not in new]
    for flow_id in [f for f in old if f in new]:
        before, after = old[flow_id], new[flow_id]
        if (before["source"], before["target"]) != (after["source"], after["target"]):
            now = _flow(new_model, after)
            changes.append(Message("diff.flow_rerouted", {**_flow(old_model, before),
                                                          "new_source": now["source"], "new_target": now["target"]}))
        elif before["condition"] != after["condition"]:
            changes.append(Message("diff.condition_changed", {**_flow(old_model, before),
                                                              "old_condition": before["condition"] or "",
                                                              "new_condition": after["condition"] or ""}))
    return changes


def _header(old, new):
    return [Message("diff.header_changed", {"key": key}) for key in sorted(set(old) | set(new))
            if old.get(key) != new.get(key)]


def _label(activity):
    return {"number": activity["number"] or "", "name": activity["name"]}


def _flow(model, flow):
    """A flow by the names of what it joins (an activity's, an event's or a gateway's name; the id where the
    element has no name) and its own name, the answer it stands for."""
    return {"source": _node(model, flow["source"]), "target": _node(model, flow["target"]), "flow": flow["name"] or ""}


def _node(model, element):
    activity = model["activities"].get(element)
    if activity:
        return activity["name"]
    return model.get("nodes", {}).get(element) or element
