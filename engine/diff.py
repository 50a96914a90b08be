"""The difference between two versions of a process, in words an analyst reads at a glance."""

ACTIVITY_KEYS = ("name", "lane", "number", "documentation")


def between(old, new):
    """Sentences saying what changed from model `old` to model `new` (see engine.model.build)."""
    changes = _lanes(old["lanes"], new["lanes"])
    old_acts, new_acts = old["activities"], new["activities"]
    for element in [e for e in new_acts if e not in old_acts]:
        changes.append(f"added activity {_label(new_acts[element])} in lane '{new_acts[element]['lane']}'")
    for element in [e for e in old_acts if e not in new_acts]:
        changes.append(f"removed activity {_label(old_acts[element])}")
    for element in [e for e in old_acts if e in new_acts]:
        changes.extend(activity_changes(old_acts[element], new_acts[element]))
    changes.extend(_flows(old["flows"], new["flows"]))
    changes.extend(_header(old["header"], new["header"]))
    return changes


def elements(old, new):
    """The element ids behind the sentences of `between`, to mark on the two diagrams: `added` (in new),
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
        changes.append(f"renamed activity {label} to '{new['name']}'")
    if old["lane"] != new["lane"]:
        changes.append(f"moved activity {label} from lane '{old['lane']}' to '{new['lane']}'")
    if old["number"] != new["number"]:
        changes.append(f"renumbered activity {label} to {new['number']}")
    for key, value in old["mutu_baku"].items():
        if new["mutu_baku"].get(key, "") != value:
            changes.append(f"mutu baku {key} of {label}: '{value}' -> '{new['mutu_baku'].get(key, '')}'")
    changes.extend(_fields(label, old["fields"], new["fields"]))
    return changes


def _fields(label, old, new):
    before, after = {f["name"]: f for f in old}, {f["name"]: f for f in new}
    changes = [f"field '{n}' added to {label}" for n in after if n not in before]
    changes += [f"field '{n}' removed from {label}" for n in before if n not in after]
    changes += [f"field '{n}' of {label} changed" for n in before if n in after and before[n] != after[n]]
    return changes


def _lanes(old, new):
    changes = [f"added lane '{lane}'" for lane in new if lane not in old]
    changes += [f"removed lane '{lane}'" for lane in old if lane not in new]
    kept_old, kept_new = [lane for lane in old if lane in new], [lane for lane in new if lane in old]
    if kept_old != kept_new:
        changes.append(f"reordered lanes: {', '.join(new)}")
    return changes


def _flows(old, new):
    changes = [f"added flow {_flow(new[f])}" for f in new if f not in old]
    changes += [f"removed flow {_flow(old[f])}" for f in old if f not in new]
    for flow_id in [f for f in old if f in new]:
        before, after = old[flow_id], new[flow_id]
        if (before["source"], before["target"]) != (after["source"], after["target"]):
            changes.append(f"rerouted flow {flow_id}: {_flow(before)} is now {_flow(after)}")
        elif before["condition"] != after["condition"]:
            changes.append(f"condition of flow {_flow(before)}: {before['condition']!r} -> {after['condition']!r}")
    return changes


def _header(old, new):
    return [f"SOP header '{key}' changed" for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]


def _label(activity):
    number = f"{activity['number']} " if activity["number"] else ""
    return f"{number}'{activity['name']}'"


def _flow(flow):
    name = f" ({flow['name']})" if flow["name"] else ""
    return f"{flow['source']} -> {flow['target']}{name}"
