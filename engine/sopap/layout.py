"""Where everything of an SOP diagram is drawn: vertical lanes in column order, one row per node top to
bottom, flows that never cross a shape, loops and skips routed up or down a corridor beside the lanes.

The input is the plan (engine.sopap.plan): lanes, parts, nodes in table order, flows. Each node gets its own
row in its lane's column, except an early end, drawn beside its gateway. A flow to the next row drops into
its target's top; any other runs along a corridor, a vertical line in a lane's side margin, and enters its
target from the side. Every route is checked against every shape; a layout that cannot be drawn raises
LayoutError (never expected: the importer reports it as a problem rather than writing a wrong diagram).
"""

POOL_X, POOL_Y = 160, 80
HEADER = 30                 # pool title band and lane title band, both on top (vertical lanes)
LANE_W = 230
WIDER = (290, 350, 410, 470)   # lane widths tried in turn when a table's loops need more corridors
TOP_PAD = 30
BOTTOM_PAD = 40
ROW_GAP = 44
PART_LABEL = 40             # room above a part for the group's title
PART_PAD = 16
SIZE = {"task": (120, 80), "gateway": (50, 50), "merge": (50, 50), "start": (36, 36), "end": (36, 36)}
CORRIDOR_STEP = 12   # loop corridors run 14, 26, 38, ... from a lane's border
LABEL_W, LABEL_H = 84, 40
EVENT_LABEL_H = 27


class LayoutError(Exception):
    pass


class Box:
    def __init__(self, x, y, w, h):
        self.x, self.y, self.w, self.h = x, y, w, h

    @property
    def cx(self):
        return self.x + self.w // 2

    @property
    def cy(self):
        return self.y + self.h // 2

    @property
    def right(self):
        return self.x + self.w

    @property
    def bottom(self):
        return self.y + self.h

    def port(self, side):
        return {"left": (self.x, self.cy), "right": (self.right, self.cy),
                "top": (self.cx, self.y), "bottom": (self.cx, self.bottom)}[side]

    def contains(self, other):
        return (self.x <= other.x and self.y <= other.y
                and other.right <= self.right and other.bottom <= self.bottom)


def segment_hits(a, b, box):
    """True when the axis-parallel segment a-b passes through the interior of box."""
    (x1, y1), (x2, y2) = a, b
    left, right, top, bottom = box.x + 1, box.right - 1, box.y + 1, box.bottom - 1
    if x1 == x2:
        return left < x1 < right and max(y1, y2) > top and min(y1, y2) < bottom
    if y1 == y2:
        return top < y1 < bottom and max(x1, x2) > left and min(x1, x2) < right
    return True


def layout(plan):
    """{pool, lanes, nodes, edges, labels, groups}: the boxes and waypoints of every element of `plan`; lanes
    made wider when the table's loops and skips need more corridors than a lane of the usual width holds."""
    for width in (LANE_W, *WIDER):
        try:
            return _layout(plan, width)
        except LayoutError:
            if width == WIDER[-1]:
                raise
    return None


def _layout(plan, lane_w):
    lanes = {name: i for i, name in enumerate(plan["lanes"])}
    nodes = {n["id"]: n for n in plan["nodes"]}
    lane_x = {name: POOL_X + i * lane_w for name, i in lanes.items()}
    part_first = {p["first"]: p for p in plan["parts"]}
    part_last = {p["last"]: p for p in plan["parts"]}

    boxes, row_of, row, y = {}, {}, -1, POOL_Y + 2 * HEADER + TOP_PAD
    part_top, part_bottom = {}, {}
    for node in plan["nodes"]:
        w, h = SIZE[node["type"]]
        if node.get("beside"):   # an early end, beside its gateway on the same row
            gateway = boxes[node["beside"]]
            x = lane_x[node["lane"]] + (lane_w - w) // 2
            if node["lane"] == nodes[node["beside"]]["lane"]:   # a procedure of one lane: in the gateway's lane
                x = gateway.right + 20
            boxes[node["id"]] = Box(x, gateway.cy - h // 2, w, h)
            row_of[node["id"]] = row_of[node["beside"]]
            continue
        if node["id"] in part_first:
            y += PART_LABEL
            part_top[part_first[node["id"]]["id"]] = y - PART_LABEL + PART_PAD // 2
        row += 1
        row_of[node["id"]] = row
        boxes[node["id"]] = Box(lane_x[node["lane"]] + (lane_w - w) // 2, y, w, h)
        y += h
        if node["id"] in part_last:
            part_bottom[part_last[node["id"]]["id"]] = y + PART_PAD
            y += 2 * PART_PAD
        y += ROW_GAP
    pool = Box(POOL_X, POOL_Y, lane_w * len(lanes), y - ROW_GAP + BOTTOM_PAD - POOL_Y)
    lane_boxes = {name: Box(lane_x[name], POOL_Y + HEADER, lane_w, pool.h - HEADER) for name in lanes}

    router = _Router(boxes, lane_boxes, {i: nodes[i]["lane"] for i in nodes}, lanes)
    order = sorted(plan["flows"], key=lambda f: (row_of[f["target"]] != row_of[f["source"]],
                                                 row_of[f["target"]] != row_of[f["source"]] + 1))
    edges = {flow["id"]: router.route(flow, row_of) for flow in order}

    labels = {}
    for node in plan["nodes"]:
        if node["type"] in ("task", "merge") or not node.get("name"):
            continue
        labels[node["id"]] = _node_label(node, boxes[node["id"]], router.used, lane_boxes[node["lane"]])
    for flow in plan["flows"]:
        if flow.get("name"):
            edges[flow["id"]]["label"] = _flow_label(flow["name"], edges[flow["id"]])
    groups = {}
    for part in plan["parts"]:
        top, bottom = part_top[part["id"]], part_bottom[part["id"]]
        box = Box(pool.x + 8, top, pool.w - 16, bottom - top)
        groups[part["id"]] = {"box": box, "label": Box(box.x + 10, box.y + 6, 8 * len(part["title"]) + 10, 14)}
    _check(plan, boxes, lane_boxes, pool, edges)
    return {"pool": pool, "lanes": lane_boxes, "nodes": boxes, "edges": edges, "labels": labels, "groups": groups}


class _Router:
    """Routes one flow at a time: every way out of the source (a side, the bottom, or a hook from the far
    side down into the gap below) joined to every way into the target (its top, or a side from a corridor),
    the first whose ports are free and whose segments cross no shape."""

    def __init__(self, boxes, lane_boxes, lane_of, lane_index):
        self.boxes, self.lane_boxes, self.lane_of, self.lane_index = boxes, lane_boxes, lane_of, lane_index
        self.used = {}          # (node, side) -> flow id
        self.corridors = []     # (x, low, high)

    def route(self, flow, row_of):
        src, tgt = self.boxes[flow["source"]], self.boxes[flow["target"]]
        s_row, t_row = row_of[flow["source"]], row_of[flow["target"]]
        if s_row == t_row:
            side = "right" if tgt.x > src.x else "left"
            back = "left" if side == "right" else "right"
            candidates = [(side, back, [src.port(side), tgt.port(back)], None)]
        elif t_row == s_row + 1:
            candidates = self._joined(src, tgt, [tgt.cx], ["top"])
        else:
            candidates = self._joined(src, tgt, self._corridor_xs(flow, src, tgt), ["side", "top"])
        for side_out, side_in, points, corridor in candidates:
            if (flow["source"], side_out) in self.used or (flow["target"], side_in) in self.used:
                continue
            points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if corridor and any(cx == corridor[0] and low < corridor[2] and corridor[1] < high
                                for cx, low, high in self.corridors):
                continue
            if self._hits(points, flow):
                continue
            self.used[(flow["source"], side_out)] = self.used[(flow["target"], side_in)] = flow["id"]
            if corridor:
                self.corridors.append(corridor)
            return {"points": points, "side_out": side_out}
        raise LayoutError(f"no route for {flow['id']}")

    def _corridor_xs(self, flow, src, tgt):
        lane = self.lane_boxes[self.lane_of[flow["target"]]]
        s_index = self.lane_index[self.lane_of[flow["source"]]]
        t_index = self.lane_index[self.lane_of[flow["target"]]]
        first = ("right", "left") if s_index >= t_index else ("left", "right")
        return [lane.right - offset if side == "right" else lane.x + offset
                for side in first for offset in range(14, max(75, lane.w // 2 - 64), CORRIDOR_STEP)]

    def _exits(self, src, x):
        """(side, points, y at which the flow travels across to x)."""
        mid = src.bottom + ROW_GAP // 2
        found = []
        toward = "right" if x > src.cx else "left"
        found.append((toward, [src.port(toward)], src.cy))
        found.append(("bottom", [src.port("bottom"), (src.cx, mid)], mid))
        away = "left" if toward == "right" else "right"
        hook = src.x - 12 if away == "left" else src.right + 12
        found.append((away, [src.port(away), (hook, src.cy), (hook, mid)], mid))
        if x == src.cx:
            found.insert(0, ("bottom", [src.port("bottom")], None))
        return found

    def _joined(self, src, tgt, xs, entries):
        candidates = []
        for x in xs:
            for side_out, start, travel in self._exits(src, x):
                head = start if travel is None else start + [(x, travel)]
                for entry in entries:
                    if entry == "top":
                        above = tgt.y - ROW_GAP // 2
                        tail = [(tgt.cx, tgt.y)] if x == tgt.cx else [(x, above), (tgt.cx, above), tgt.port("top")]
                        side_in = "top"
                    else:
                        side_in = "right" if x > tgt.cx else "left"
                        tail = [(x, tgt.cy), tgt.port(side_in)]
                    corridor = None if x == tgt.cx else (x, min(p[1] for p in head + tail),
                                                         max(p[1] for p in head + tail))
                    candidates.append((side_out, side_in, head + tail, corridor))
        return candidates

    def _hits(self, points, flow):
        for a, b in zip(points, points[1:]):
            for node_id, box in self.boxes.items():
                if node_id not in (flow["source"], flow["target"]) and segment_hits(a, b, box):
                    return True
        return False


def _node_label(node, box, used, lane):
    h = LABEL_H if node["type"] == "gateway" else EVENT_LABEL_H
    spots = {"left": Box(box.x - 4 - LABEL_W, box.cy - h // 2, LABEL_W, h),
             "right": Box(box.right + 4, box.cy - h // 2, LABEL_W, h),
             "bottom": Box(box.cx - LABEL_W // 2, box.bottom + 4, LABEL_W, h)}
    for side in ("left", "right", "bottom"):
        if (node["id"], side) not in used and lane.contains(spots[side]):
            return spots[side]
    return Box(box.cx - LABEL_W // 2, box.bottom + 4, LABEL_W, h)


def _flow_label(name, edge):
    """Beside the flow's first segment, near its gateway."""
    (px, py), (qx, _) = edge["points"][0], edge["points"][1]
    w, h = 6 * len(name) + 4, 14
    if edge["side_out"] == "right":
        return Box(min(px + 6, (px + qx) // 2 - w // 2), py - h - 4, w, h)
    if edge["side_out"] == "left":
        return Box(max(px - 6 - w, (px + qx) // 2 - w // 2), py - h - 4, w, h)
    return Box(px + 6, py + 4, w, h)


def _check(plan, boxes, lane_boxes, pool, edges):
    for node in plan["nodes"]:
        if not lane_boxes[node["lane"]].contains(boxes[node["id"]]):
            raise LayoutError(f"{node['id']} lies outside its lane")
    ids = list(boxes)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            p, r = boxes[a], boxes[b]
            if p.x <= r.right and r.x <= p.right and p.y <= r.bottom and r.y <= p.bottom:
                raise LayoutError(f"{a} and {b} overlap")
    for flow in plan["flows"]:
        for a, b in zip(edges[flow["id"]]["points"], edges[flow["id"]]["points"][1:]):
            if a[0] != b[0] and a[1] != b[1]:
                raise LayoutError(f"{flow['id']} has a diagonal segment")
            if not (pool.x < a[0] < pool.right and pool.y + HEADER < a[1] < pool.bottom):
                raise LayoutError(f"{flow['id']} leaves the pool")
