"""The symbols and arrows of one page of the flowchart table, drawn as SVG over the pelaksana columns.

Symbols are the regulation's: a capsule (start, end), a rectangle (activity), a diamond (decision) and the
off-page connector (a pentagon pointing down, numbered alike on both pages). Arrows run at right angles: down
from a symbol to the next, across to another executor's column, and a return leaves a symbol by its side and
goes up beside the columns to the activity it returns to. Each arrow takes the first of a few routes that
crosses no other symbol. Lengths are millimetres (the SVG's user unit).
"""

from dataclasses import dataclass

from markupsafe import Markup, escape

STROKE = 0.3
GRID = 0.2
FONT = 2.3
SIZES = {"activity": (0.62, 22, 6.5), "decision": (0.55, 15, 8.5), "start": (0.62, 18, 6),
         "end": (0.62, 18, 6), "connector": (None, 5.5, 5.5)}
TERMINATOR_WORDS = {"start": "Mulai", "end": "Selesai"}


@dataclass
class Box:
    kind: str
    cx: float
    cy: float
    w: float
    h: float
    label: str = ""

    def port(self, side):
        return {"top": (self.cx, self.cy - self.h / 2), "bottom": (self.cx, self.cy + self.h / 2),
                "left": (self.cx - self.w / 2, self.cy), "right": (self.cx + self.w / 2, self.cy)}[side]

    def hit(self, a, b):
        """Does the axis-aligned segment a-b pass through this box (with a little room)?"""
        x0, x1 = sorted((a[0], b[0]))
        y0, y1 = sorted((a[1], b[1]))
        return (x0 < self.cx + self.w / 2 + 0.5 and x1 > self.cx - self.w / 2 - 0.5
                and y0 < self.cy + self.h / 2 + 0.5 and y1 > self.cy - self.h / 2 - 0.5)


class Page:
    """One page's drawing: `items` are its rows top to bottom as (key, height, shaded); boxes are placed with
    `place(key, node, kind, column)`, arrows with `arrow(source, target, label)`."""

    def __init__(self, lane_width, lane_count, items):
        self.lane_width, self.lane_count = lane_width, lane_count
        self.width = lane_width * lane_count
        self.top, self.heights, self.shaded, y = {}, {}, [], 0.0
        for key, height, shaded in items:
            self.top[key], self.heights[key] = y, height
            if shaded:
                self.shaded.append((y, height))
            y += height
        self.height = y
        self.order = [key for key, _, _ in items]
        self.boxes, self.row_of, self.paths, self.used_gutters = {}, {}, [], {}

    def place(self, key, node, kind, column, label="", shift=0.0):
        share, widest, height = SIZES[kind]
        width = min(self.lane_width * share, widest) if share else widest
        cx = (column + 0.5) * self.lane_width + shift
        self.boxes[node] = Box(kind, cx, self.top[key] + self.heights[key] / 2, width, height, label)
        self.row_of[node] = key

    def arrow(self, source, target, label=""):
        s, t = self.boxes[source], self.boxes[target]
        rank_s, rank_t = self.order.index(self.row_of[source]), self.order.index(self.row_of[target])
        others = [b for n, b in self.boxes.items() if n not in (source, target)]
        candidates = (self._same_row(s, t) if rank_s == rank_t else
                      self._forward(s, t, self.row_of[source], self.row_of[target]) if rank_t > rank_s else self._back(s, t))
        route, gutter = next((c for c in candidates if not _crosses(c[0], others)), None) or candidates[0]
        if gutter:
            self.used_gutters[gutter] = self.used_gutters.get(gutter, 0) + 1
        self.paths.append((route, label, t))

    def _column(self, box):
        return min(int(box.cx // self.lane_width), self.lane_count - 1)

    # Each route proposal is (points, gutter): the gutter it runs in, if any, is counted once it is chosen.
    def _same_row(self, s, t):
        if t.cx > s.cx:
            return [([s.port("right"), t.port("left")], None)]
        return [([s.port("left"), t.port("right")], None)]

    def _forward(self, s, t, source_key, target_key):
        # The leg across runs in the wider of two gaps: under the source in its row, or above the target in its.
        below = (s.cy + s.h / 2, self.top[source_key] + self.heights[source_key])
        above = (self.top[target_key], t.cy - t.h / 2)
        gaps = sorted((below, above), key=lambda gap: gap[1] - gap[0], reverse=True)
        ym = sum(gaps[0]) / 2
        routes = []
        if abs(s.cx - t.cx) < 0.01:
            routes.append(([s.port("bottom"), t.port("top")], None))
        else:
            routes.extend(([s.port("bottom"), (s.cx, sum(gap) / 2), (t.cx, sum(gap) / 2), t.port("top")], None)
                          for gap in gaps)
            side = "right" if t.cx > s.cx else "left"
            routes.append(([s.port(side), (t.cx, s.cy), t.port("top")], None))
        for side in ("right", "left"):
            gutter = (self._column(s), side)
            xg = self._gutter(gutter)
            routes.append(([s.port(side), (xg, s.cy), (xg, ym), (t.cx, ym), t.port("top")], gutter))
        return routes

    def _back(self, s, t):
        preferred = "right" if t.cx > s.cx + 0.01 else "left"
        routes = []
        for side in (preferred, "left" if preferred == "right" else "right"):
            columns = (self._column(s), self._column(t))
            gutter = (max(columns) if side == "right" else min(columns), side)
            xg = self._gutter(gutter)
            routes.append(([s.port(side), (xg, s.cy), (xg, t.cy), t.port(side)], gutter))
        return routes

    def _gutter(self, gutter):
        """An x beside the symbols of a column, near one of its edges; each arrow running there gets its own."""
        column, side = gutter
        step = 1.6 + 1.3 * self.used_gutters.get(gutter, 0)
        return column * self.lane_width + step if side == "left" else (column + 1) * self.lane_width - step

    def svg(self):
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width:.2f}mm" height="{self.height:.2f}mm" '
                 f'viewBox="0 0 {self.width:.2f} {self.height:.2f}" font-family="Liberation Sans, Arial, '
                 f'DejaVu Sans, sans-serif">']
        for y, height in self.shaded:
            parts.append(f'<rect x="0" y="{y:.2f}" width="{self.width:.2f}" height="{height:.2f}" fill="#e6e6e6"/>')
        for k in range(1, self.lane_count):        # the columns' lines, not across a part's title band
            x, y = k * self.lane_width, 0.0
            for top, height in [*self.shaded, (self.height, 0)]:
                if top > y:
                    parts.append(_line((x, y), (x, top), GRID, "#000"))
                y = top + height
        for key in self.order[1:]:
            y = self.top[key]
            parts.append(_line((0, y), (self.width, y), GRID, "#000"))
        for box in self.boxes.values():
            parts.append(_symbol(box))
        parts.extend(_path(route) for route, _, _ in self.paths)
        parts.extend(_label(route, label, target) for route, label, target in self.paths if label)
        parts.append("</svg>")
        return Markup("".join(parts))


def _crosses(route, boxes):
    return any(box.hit(a, b) for a, b in zip(route, route[1:]) for box in boxes)


def _line(a, b, width, colour):
    return (f'<line x1="{a[0]:.2f}" y1="{a[1]:.2f}" x2="{b[0]:.2f}" y2="{b[1]:.2f}" stroke="{colour}" '
            f'stroke-width="{width}"/>')


def _symbol(box):
    x0, y0, x1, y1 = box.cx - box.w / 2, box.cy - box.h / 2, box.cx + box.w / 2, box.cy + box.h / 2
    style = f'fill="#fff" stroke="#000" stroke-width="{STROKE}"'
    if box.kind == "activity":
        shape = f'<rect x="{x0:.2f}" y="{y0:.2f}" width="{box.w:.2f}" height="{box.h:.2f}" {style}/>'
    elif box.kind == "decision":
        points = [(box.cx, y0), (x1, box.cy), (box.cx, y1), (x0, box.cy)]
        shape = f'<polygon points="{_points(points)}" {style}/>'
    elif box.kind == "connector":
        points = [(x0, y0), (x1, y0), (x1, box.cy + box.h / 6), (box.cx, y1), (x0, box.cy + box.h / 6)]
        shape = f'<polygon points="{_points(points)}" {style}/>'
    else:
        radius = box.h / 2
        shape = (f'<rect x="{x0:.2f}" y="{y0:.2f}" width="{box.w:.2f}" height="{box.h:.2f}" rx="{radius:.2f}" '
                 f'ry="{radius:.2f}" {style}/>')
    text = TERMINATOR_WORDS.get(box.kind) or (box.label if box.kind == "connector" else "")
    if text:
        baseline = box.cy + FONT * 0.35 - (box.h / 8 if box.kind == "connector" else 0)
        shape += (f'<text x="{box.cx:.2f}" y="{baseline:.2f}" font-size="{FONT}" text-anchor="middle">'
                  f'{escape(text)}</text>')
    return shape


def _points(points):
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in points)


def _path(route):
    drawn = f'<polyline points="{_points(route)}" fill="none" stroke="#000" stroke-width="{STROKE}"/>'
    (ax, ay), (bx, by) = route[-2], route[-1]
    length = max(abs(bx - ax), abs(by - ay)) or 1
    dx, dy = (bx - ax) / length, (by - ay) / length
    size, half = 1.6, 0.7
    back = (bx - dx * size, by - dy * size)
    head = [(bx, by), (back[0] - dy * half, back[1] + dx * half), (back[0] + dy * half, back[1] - dx * half)]
    return drawn + f'<polygon points="{_points(head)}" fill="#000"/>'


def _label(route, text, target):
    """A decision's answer, written beside the start of its arrow (higher, clear of the symbol it points to,
    when the arrow is too short to hold it)."""
    (ax, ay), (bx, by) = route[0], route[1]
    size = FONT * 0.9
    width = len(text) * size * 0.5 + 0.6      # an estimate, for the white ground that keeps it readable
    if len(route) == 2 and abs(by - ay) < 0.01 and abs(bx - ax) < width + 1:
        above = ay - max(target.h / 2, 2) - 0.4
        x, y, anchor = (ax + 0.6, above, "start") if bx > ax else (ax - 0.6, above, "end")
    elif abs(bx - ax) < 0.01 and by - ay < 4 and len(route) > 2:   # a short drop, then across: under the turn
        (cx, _) = route[2]
        x, y, anchor = (bx + 0.8, by + size + 0.4, "start") if cx > bx else (bx - 0.8, by + size + 0.4, "end")
    elif abs(bx - ax) < 0.01:        # leaves downwards
        x, y, anchor = ax + 0.8, ay + FONT + 0.3, "start"
    elif bx > ax:
        x, y, anchor = ax + 0.6, ay - 0.8, "start"
    else:
        x, y, anchor = ax - 0.6, ay - 0.8, "end"
    left = x - 0.3 if anchor == "start" else x - width + 0.3
    ground = (f'<rect x="{left:.2f}" y="{y - size * 0.85:.2f}" width="{width:.2f}" height="{size * 1.1:.2f}" '
              f'fill="#fff"/>')
    return ground + (f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size:.2f}" font-style="italic" '
                     f'text-anchor="{anchor}">{escape(text)}</text>')
