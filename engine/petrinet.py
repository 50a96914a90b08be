"""A version's diagram as a Petri net in PNML (ISO/IEC 15909-2), for process-mining tools to replay the exported
log on: `alur export pnml --process P`.

Standard readers that convert BPMN themselves drop what they do not know: pm4py's converter, for one, leaves out
intermediate events, so a path through a named event (a return such as "Draft SK dikembalikan ke TPI") has no
way through its net and the log of a run that took it does not fit. Built here from the engine's model and the kind of each
node, every path the engine can run is a firing sequence of the net:

- each sequence flow is a place; the start event puts a token on its outgoing flows, an end event takes one to
  the sink (the final marking);
- each user task is a transition labelled with the activity's name (the `concept:name` of the log's events),
  taking a token from any one incoming flow and putting one on every outgoing flow;
- a parallel gateway is one silent transition from all its incoming flows to all its outgoing flows; any other
  node (an exclusive gateway, an intermediate event) passes a token from any incoming flow to any one outgoing
  flow through silent transitions. Inclusive gateways are read as exclusive.
"""

from lxml import etree

from . import versions, xmlsafe
from .model import NS, executable_processes

PNML_TYPE = "http://www.pnml.org/version-2009/grammar/pnmlcoremodel"
PARALLEL = "parallelGateway"
STARTS, ENDS = "startEvent", "endEvent"


def pnml(db, process, version=None):
    """The PNML text of `process` (its newest version, or `version`)."""
    row = versions.by_number(db, process, version) if version else versions.newest(db, process)
    model = versions.model_of(db, row["id"])
    return _write(_net(model, _kinds(bytes(row["bpmn"]), process)), f"{process}-v{row['version']}")


def _kinds(bpmn, process):
    """{node id: BPMN tag without namespace} of the process's flow nodes."""
    root = xmlsafe.parse(bpmn, f"{process}.bpmn")
    [element] = [p for p in executable_processes(root) if p.get("id") == process]
    return {node.get("id"): etree.QName(node).localname for node in element.iter()
            if isinstance(node.tag, str) and node.get("id") and etree.QName(node).namespace == NS["bpmn"]}


class _Net:
    def __init__(self):
        self.places, self.transitions, self.arcs = ["source", "sink"], [], []

    def place(self, name):
        self.places.append(name)
        return name

    def transition(self, inputs, outputs, label=None):
        name = f"t{len(self.transitions) + 1}"
        self.transitions.append((name, label))
        self.arcs.extend([(p, name) for p in inputs] + [(name, p) for p in outputs])


def _net(model, kinds):
    net, flows = _Net(), model["flows"]
    into, out = {}, {}
    for flow_id, flow in flows.items():
        net.place(f"p_{flow_id}")
        into.setdefault(flow["target"], []).append(f"p_{flow_id}")
        out.setdefault(flow["source"], []).append(f"p_{flow_id}")
    for node in sorted(set(into) | set(out)):
        ins, outs, kind = into.get(node, []), out.get(node, []), kinds.get(node, "")
        if not ins or kind == STARTS:
            net.transition(["source"], outs)
        elif not outs or kind == ENDS:
            for place in ins:
                net.transition([place], ["sink"])
        elif node in model["activities"]:
            entry = ins[0] if len(ins) == 1 else net.place(f"in_{node}")
            if len(ins) > 1:
                for place in ins:
                    net.transition([place], [entry])
            net.transition([entry], outs, model["activities"][node]["name"])
        elif kind == PARALLEL:
            net.transition(ins, outs)
        else:
            hub = net.place(f"n_{node}")
            for place in ins:
                net.transition([place], [hub])
            for place in outs:
                net.transition([hub], [place])
    return net


def _write(net, name):
    root = etree.Element("pnml")
    element = etree.SubElement(root, "net", id=name, type=PNML_TYPE)
    _text(etree.SubElement(element, "name"), name)
    page = etree.SubElement(element, "page", id="page")
    for place in net.places:
        node = etree.SubElement(page, "place", id=place)
        _text(etree.SubElement(node, "name"), place)
        if place == "source":
            _text(etree.SubElement(node, "initialMarking"), "1")
    for transition, label in net.transitions:
        node = etree.SubElement(page, "transition", id=transition)
        _text(etree.SubElement(node, "name"), label or transition)
        if label is None:
            etree.SubElement(node, "toolspecific", tool="ProM", version="6.4", activity="$invisible$",
                             localNodeID=transition)
    for number, (source, target) in enumerate(net.arcs, start=1):
        etree.SubElement(page, "arc", id=f"a{number}", source=source, target=target)
    marking = etree.SubElement(etree.SubElement(element, "finalmarkings"), "marking")
    _text(etree.SubElement(marking, "place", idref="sink"), "1")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode", pretty_print=True)


def _text(parent, value):
    etree.SubElement(parent, "text").text = value
