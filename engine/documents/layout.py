"""Where the flowchart table's pages break, and the height of every row.

Alur decides the pages itself rather than leaving it to the PDF engine: the symbols and arrows of a page are
one SVG drawing over the pelaksana columns, and to draw an arrow, or the off-page connector where the flow
goes on, it must know which rows share a page and where each one lies. Every row gets a height measured from
its text (a safe estimate of how many lines each cell wraps to), which the table is then given exactly.
All lengths are millimetres.
"""

from dataclasses import dataclass

from ..errors import InvalidData


@dataclass(frozen=True)
class Paper:
    name: str
    width: float                 # landscape
    height: float


PAPERS = {"a4": Paper("a4", 297, 210), "f4": Paper("f4", 330, 215)}
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 10, 14, 10
CAPTION = 9                      # the line above each page's table (SOP name and number)
LINE = 3.6                       # line height of the table's text (7.5pt), set in the template's CSS too
PAD = 1.2                        # a cell's padding, top and bottom, left and right
CHAR = 1.45                      # a generous average width of a character at 7.5pt
MIN_ROW, EVENT_ROW, PART_ROW, STRIP = 12, 10, 7, 10
HEAD_TOP = 7                     # the first heading row: No, Kegiatan, Pelaksana, Mutu Baku, Keterangan
# Fixed columns; the pelaksana columns share what is left of the width.
COLUMNS = {"no": 9, "kegiatan": 66, "kelengkapan": 29, "waktu": 17, "output": 29, "keterangan": 24}


def paper(name):
    if name not in PAPERS:
        raise InvalidData("print.paper", paper=name, choices=list(PAPERS))
    return PAPERS[name]


@dataclass
class Geometry:
    paper: Paper
    lane_count: int

    @property
    def content_width(self):
        return self.paper.width - 2 * MARGIN_SIDE

    @property
    def lanes_width(self):
        return self.content_width - sum(COLUMNS.values())

    @property
    def lane_width(self):
        return self.lanes_width / max(self.lane_count, 1)

    @property
    def body_height(self):
        return self.paper.height - MARGIN_TOP - MARGIN_BOTTOM - CAPTION


def lines(text, width):
    """How many lines `text` wraps to in a cell `width` wide (greedy, by words; long words are split)."""
    per_line = max(int((width - 2 * PAD) / CHAR), 1)
    count = 0
    for paragraph in (text or "").split("\n"):
        count += 1
        used = 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size <= per_line:
                used += 1 + size
                continue
            if used:
                count += 1
            count += (size - 1) // per_line
            used = size - (size - 1) // per_line * per_line
    return max(count, 1)


def text_height(count):
    return count * LINE + 2 * PAD + 1


def head_height(geometry, lanes):
    """The second heading row: the pelaksana names and Kelengkapan, Waktu, Output."""
    counts = [lines(name, geometry.lane_width) for name in lanes] + [lines("Kelengkapan", COLUMNS["kelengkapan"])]
    return text_height(max(counts))


def row_height(row):
    if row.kind == "part":
        return max(PART_ROW, text_height(lines(row.title, COLUMNS["no"] + COLUMNS["kegiatan"])))
    cells = [("\n".join(row.kegiatan), COLUMNS["kegiatan"]), (row.kelengkapan, COLUMNS["kelengkapan"]),
             (row.waktu, COLUMNS["waktu"]), (row.output, COLUMNS["output"]), (row.keterangan, COLUMNS["keterangan"])]
    needed = max(text_height(lines(text, width)) for text, width in cells)
    minimum = EVENT_ROW if not row.number and all(s.kind in ("start", "end") for s in row.symbols) else MIN_ROW
    return round(max(needed, minimum), 2)


def paginate(rows, geometry, lanes, measured=None):
    """The rows in pages: [[(row index, height)]], each page's rows fitting under the repeated headings, with
    room for a strip of off-page connectors above and below when there is more than one page. `measured`
    gives the height of rows whose text came out taller than estimated ({row index: mm})."""
    heights = [(measured or {}).get(index, row_height(row)) for index, row in enumerate(rows)]
    budget = geometry.body_height - HEAD_TOP - head_height(geometry, lanes)
    if sum(heights) <= budget:
        return [[(i, h) for i, h in enumerate(heights)]]
    budget -= 2 * STRIP
    pages, used = [[]], 0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > budget:
            pages.append([])
            used = 0
        pages[-1].append((index, height))
        used += height
    for number in range(len(pages) - 1):       # a part's title row starts the page its first row is on
        while len(pages[number]) > 1 and rows[pages[number][-1][0]].kind == "part":
            pages[number + 1].insert(0, pages[number].pop())
    return pages
