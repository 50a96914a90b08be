"""The SOP AP document (Permenpan RB 35/2012) of a deployed version, printed from what runs.

An identity page (instansi and unit, Nomor SOP, dates, Disahkan Oleh with room for the signature, Nama SOP,
then Dasar Hukum ... Pencatatan dan Pendataan), then the flowchart table page by page, each page's headings
repeated and its symbols and arrows drawn by engine.documents.chart. Every page's footer names the version,
the sha256 of the deployed file and the printing date, so a paper copy says what runs. The text is Indonesian,
as the regulation writes it, whatever the reader's language.
"""

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import model, versions, xmlsafe
from ..errors import InvalidData
from . import chart, flowchart, layout, pdf

FORMATS = ("pdf", "html")
LISTS = (("dasar_hukum", "Dasar Hukum"), ("kualifikasi_pelaksana", "Kualifikasi Pelaksana"),
         ("keterkaitan", "Keterkaitan"), ("peralatan_perlengkapan", "Peralatan/Perlengkapan"),
         ("peringatan", "Peringatan"), ("pencatatan_pendataan", "Pencatatan dan Pendataan"))
PX_PER_MM = 96 / 25.4        # WeasyPrint's CSS pixels
_RANK = re.compile(r"^(Pembina|Penata|Pengatur|Juru)\b", re.IGNORECASE)
_templates = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                         autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)


def print_sop(ctx, process_id, version=None, fmt="pdf", paper="a4"):
    """The SOP AP document of `process_id` (its newest version, or `version`) as PDF or HTML bytes."""
    if fmt not in FORMATS:
        raise InvalidData("print.format", format=fmt, choices=list(FORMATS))
    sheet = layout.paper(paper)
    row = versions.newest(ctx.db, process_id) if version is None else versions.by_number(ctx.db, process_id, version)
    if fmt == "html":
        return render(ctx, row, sheet)[0].encode("utf-8")
    return laid_out(ctx, row, sheet)[1].write_pdf()


def laid_out(ctx, row, sheet):
    """The document's HTML and its PDF layout, every row of the table as tall as its page was planned with. Row
    heights are estimated from their text; where WeasyPrint sets a cell taller (wide letters, a long word), the
    row takes the measured height and the pages are planned again, so that the arrows meet their symbols."""
    measured = {}
    for _ in range(4):
        html, planned = render(ctx, row, sheet, measured)
        document = pdf.laid_out(html)
        taller = _taller(document, planned)
        if not taller:
            break
        measured.update(taller)
    return html, document


def _taller(document, planned):
    """{row index: measured height} of the rows laid out taller than `planned`, from where the rows start."""
    taller = {}
    for page in document.pages:
        marks = sorted((place[1] / PX_PER_MM, name) for name, place in page.anchors.items()
                       if name.startswith(("row-", "strip-", "end-")))
        for (top, name), (bottom, _) in zip(marks, marks[1:]):
            index = int(name[4:]) if name.startswith("row-") else None
            if index is not None and bottom - top > planned[index] + 0.3:
                taller[index] = round(bottom - top + 0.5, 1)
    return taller


def render(ctx, row, sheet, measured=None):
    """The document's HTML and the height planned for each row of the table ({row index: mm})."""
    process_model = versions.model_of(ctx.db, row["id"])
    root = xmlsafe.parse(bytes(row["bpmn"]), row["file_name"])
    process = next(p for p in model.executable_processes(root) if p.get("id") == row["process_id"])
    chart_model = flowchart.build(root, process, process_model)
    geometry = layout.Geometry(sheet, len(chart_model.lanes))
    table = pages(chart_model, geometry, measured)
    header = process_model.get("header", {})
    printed = ctx.clock.now().astimezone(ctx.settings.timezone)
    html = _templates.get_template("sop_ap.html").render(
        paper=sheet, geometry=geometry, columns=layout.COLUMNS, line=layout.LINE, pad=layout.PAD,
        margins=(layout.MARGIN_TOP, layout.MARGIN_SIDE, layout.MARGIN_BOTTOM), caption=layout.CAPTION,
        head_top=layout.HEAD_TOP, head_height=layout.head_height(geometry, chart_model.lanes),
        name=header.get("nama") or process_model["name"], header=header, identity=identity(header),
        lists=[(title, _as_list(header.get(key))) for key, title in LISTS],
        lanes=chart_model.lanes, pages=table,
        version=row["version"], sha256=row["sha256"], printed=_tanggal(printed))
    return html, {key[1]: height for page in table for key, height, _ in page["items"] if key[0] == "row"}


def identity(header):
    """The identity table's values, '-' where the diagram does not say."""
    dates = [("Tanggal Pembuatan", header.get("tanggal_pembuatan")), ("Tanggal Revisi", header.get("tanggal_revisi"))]
    if header.get("tanggal_pengesahan") or not header.get("tanggal_efektif"):
        dates.append(("Tanggal Pengesahan", header.get("tanggal_pengesahan")))
    if header.get("tanggal_efektif"):
        dates.append(("Tanggal Efektif", header.get("tanggal_efektif")))
    return {"nomor": header.get("nomor") or "-", "dates": [(label, value or "-") for label, value in dates],
            "instansi": header.get("instansi") or "", "unit": header.get("unit") or "",
            "pengesah": pengesah(header)}


def pengesah(header):
    """Disahkan Oleh as title, name, rank and NIP: from `sop.disahkan_oleh.jabatan/.nama/.pangkat/.nip` when
    the diagram gives them apart, else read from the one line 'Jabatan, Nama, Pangkat, NIP. ...'."""
    parts = {key: header.get(f"disahkan_oleh.{key}", "") for key in ("jabatan", "nama", "pangkat", "nip")}
    line = header.get("disahkan_oleh") or ""
    if not any(parts.values()) and line:
        pieces = [p.strip() for p in line.split(",") if p.strip()]
        nip = next((p for p in pieces if p.upper().startswith("NIP")), "")
        rank = next((p for p in pieces if _RANK.match(p)), "")
        rest = [p for p in pieces if p not in (nip, rank)]
        parts = {"jabatan": rest[0] if rest else "", "nama": ", ".join(rest[1:]), "pangkat": rank, "nip": nip}
    if parts["nip"] and not parts["nip"].upper().startswith("NIP"):
        parts["nip"] = f"NIP. {parts['nip']}"
    return parts


def pages(chart_model, geometry, measured=None):
    """Each page of the table: its rows with their heights, and the SVG of its symbols and arrows."""
    rows = chart_model.rows
    paged = layout.paginate(rows, geometry, chart_model.lanes, measured)
    page_of = {index: number for number, page in enumerate(paged) for index, _ in page}
    row_of = {symbol.id: index for index, row in enumerate(rows) for symbol in row.symbols}
    column_of = {symbol.id: symbol.column for row in rows for symbol in row.symbols}
    within, connectors = [], {number: {"top": [], "bottom": []} for number in range(len(paged))}
    crossings = 0
    for edge in chart_model.edges:
        if edge.source not in row_of or edge.target not in row_of:
            continue
        source_page, target_page = page_of[row_of[edge.source]], page_of[row_of[edge.target]]
        if source_page == target_page:
            within.append((source_page, edge))
            continue
        crossings += 1
        label = str(crossings)        # the connector's number, alike on both pages
        forward = target_page > source_page
        connectors[source_page]["bottom" if forward else "top"].append(
            (f"{label}:out", label, column_of[edge.source], (edge.source, f"{label}:out", edge.label)))
        connectors[target_page]["top" if forward else "bottom"].append(
            (f"{label}:in", label, column_of[edge.target], (f"{label}:in", edge.target, "")))
    result = []
    for number, page in enumerate(paged):
        strips = connectors[number]
        items = ([("top", layout.STRIP, False)] if strips["top"] else []) + \
                [(("row", index), height, rows[index].kind == "part") for index, height in page] + \
                ([("bottom", layout.STRIP, False)] if strips["bottom"] else [])
        drawing = chart.Page(geometry.lane_width, geometry.lane_count, items)
        for index, _ in page:
            for symbol in rows[index].symbols:
                drawing.place(("row", index), symbol.id, symbol.kind, symbol.column)
        for strip in ("top", "bottom"):
            for node, label, column, shift in _spread(strips[strip]):
                drawing.place(strip, node, "connector", column, label=label, shift=shift)
        for _, edge in (e for e in within if e[0] == number):
            drawing.arrow(edge.source, edge.target, edge.label)
        for strip in ("top", "bottom"):
            for _, _, _, (source, target, label) in strips[strip]:
                drawing.arrow(source, target, label)
        result.append({"number": number + 1, "items": [(key, height, rows[key[1]] if key[0] == "row" else None)
                                                       for key, height, _ in items],
                       "svg": drawing.svg(), "height": drawing.height})
    return result


def _spread(connectors):
    """Connectors of one strip, those in the same column set side by side."""
    by_column = {}
    for node, label, column, _ in connectors:
        by_column.setdefault(column, []).append((node, label))
    for column, placed in by_column.items():
        for k, (node, label) in enumerate(placed):
            yield node, label, column, (k - (len(placed) - 1) / 2) * 7


def _as_list(value):
    if not value:
        return []
    return [value] if isinstance(value, str) else [item for item in value if item]


def _tanggal(moment):
    from babel.dates import format_date  # Babel's locale data loads only when a document is printed
    return format_date(moment.date(), "d MMMM yyyy", locale="id")
