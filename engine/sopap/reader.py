"""Reading an SOP AP workbook (.xlsx) into a Table, with what could not be read as problems, never a
traceback. The bytes are sniffed and size-limited before openpyxl sees them; openpyxl parses the package's
XML with defusedxml (no entities, no DTD) and is asked to keep no external links.

Sheets, headings and Identitas items are found by name without regard to case, spaces and punctuation, in
Indonesian or English (`Tgl. Pembuatan`, `tanggal pembuatan`, `Date of creation`). The Prosedur heading
may take two rows (`Pelaksana` above the executor columns, `Mutu Baku` above Kelengkapan, Waktu, Output);
a row of column numbers under it (1, 2, 3, ...) is skipped.
"""

import io
import re
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .problems import IDENTITAS, PROSEDUR, Findings
from .readings import heading_unit, norm
from .table import HEADER_LISTS, Row, Table

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 60   # a column formatted to the sheet's end must not make every row 16,384 cells wide

SHEETS = {"identitas": IDENTITAS, "identity": IDENTITAS, "header": IDENTITAS, "identitassop": IDENTITAS,
          "prosedur": PROSEDUR, "procedure": PROSEDUR, "uraianprosedur": PROSEDUR, "flowchart": PROSEDUR}
HEADINGS = {
    "no": ("no", "nomor", "number", "nourut"),
    "kegiatan": ("kegiatan", "activity", "activities", "uraiankegiatan", "aktivitas"),
    "kelengkapan": ("kelengkapan", "requirements", "requirement", "completeness"),
    "waktu": ("waktu", "time"),
    "output": ("output", "keluaran", "outputs"),
    "keterangan": ("keterangan", "ket", "remarks", "remark", "notes", "note"),
    "keputusan": ("keputusan", "decision", "decisions"),
    "nama": ("namasingkat", "namakegiatan", "shortname", "taskname"),
    "isian": ("isian", "fields", "field"),
    "catatan": ("catatananalis", "bacaan", "bacaantranskripsi", "analystnote", "analystnotes", "analystsnotes"),
}
IGNORED_HEADINGS = {"pelaksana", "executors", "executor", "mutubaku", "qualitystandard", "qualitystandards"}
ITEMS = {
    "nomor": ("nomorsop", "nosop", "nomorurutsop", "nomor", "sopnumber", "number"),
    "nama": ("namasop", "nama", "sopname", "name", "title", "judulsop"),
    "unit": ("unit", "unitkerja", "satuankerja", "organisationalunit", "organizationalunit"),
    "instansi": ("instansi", "institution", "agency"),
    "tanggal_pembuatan": ("tanggalpembuatan", "tglpembuatan", "dateofcreation", "datecreated", "creationdate"),
    "tanggal_revisi": ("tanggalrevisi", "tglrevisi", "revisiondate", "dateofrevision", "daterevised"),
    "tanggal_efektif": ("tanggalefektif", "tglefektif", "effectivedate", "dateeffective"),
    "tanggal_pengesahan": ("tanggalpengesahan", "tglpengesahan", "approvaldate", "dateofapproval"),
    "disahkan_oleh": ("disahkanoleh", "approvedby", "pengesah"),
    "dasar_hukum": ("dasarhukum", "legalbasis"),
    "kualifikasi_pelaksana": ("kualifikasipelaksana", "executorqualifications", "qualifications"),
    "keterkaitan": ("keterkaitan", "relatedsops", "relatedprocedures", "related"),
    "peralatan_perlengkapan": ("peralatanperlengkapan", "peralatandanperlengkapan", "peralatan", "equipment"),
    "peringatan": ("peringatan", "warning", "warnings"),
    "pencatatan_pendataan": ("pencatatandanpendataan", "pencatatanpendataan", "recordkeeping", "records"),
    "penetapan.nomor": ("penetapan", "penetapannomor", "nomorpenetapan", "enactmentnumber", "enactment"),
    "penetapan.tanggal": ("penetapantanggal", "tanggalpenetapan", "enactmentdate"),
    "penetapan.judul": ("penetapanjudul", "judulpenetapan", "enactmenttitle"),
    "process_id": ("idproses", "processid"),
    "ringkasan": ("ringkasan", "summary"),
    "catatan": ("catatananalis", "bacaan", "bacaantranskripsi", "analystnotes", "analystnote"),
}
_ITEM_OF = {alias: key for key, aliases in ITEMS.items() for alias in aliases}
_HEADING_OF = {alias: key for key, aliases in HEADINGS.items() for alias in aliases}


def read(data, file_name):
    """(Table or None, Findings, letters): `letters` maps a Prosedur column ('Waktu') to its letter."""
    found = Findings()
    workbook = _open(data, found)
    if workbook is None:
        return None, found, {}
    sheets = {}
    for sheet in workbook.worksheets:
        sheets.setdefault(SHEETS.get(norm(sheet.title)), sheet)
    if PROSEDUR not in sheets and len(workbook.worksheets) == 1:
        sheets[PROSEDUR] = workbook.worksheets[0]
    table = Table()
    if IDENTITAS in sheets:
        _identitas(sheets[IDENTITAS], table, found)
    else:
        found.error("sop.sheet_missing", sheet=IDENTITAS, wanted=IDENTITAS)
    letters = {}
    if PROSEDUR in sheets:
        letters = _prosedur(sheets[PROSEDUR], table, found)
    else:
        found.error("sop.sheet_missing", sheet=PROSEDUR, wanted=PROSEDUR)
    return table, found, letters


def _open(data, found):
    if len(data) > MAX_BYTES:
        found.error("sop.too_large", sheet=None, megabytes=round(len(data) / 1048576, 1),
                    limit=MAX_BYTES // 1048576)
        return None
    if not data.startswith(b"PK\x03\x04"):
        found.error("sop.not_xlsx", sheet=None)
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            unpacked = sum(info.file_size for info in package.infolist())
        if "xl/workbook.xml" not in names or unpacked > MAX_UNPACKED:
            found.error("sop.not_xlsx", sheet=None)
            return None
        return load_workbook(io.BytesIO(data), data_only=True, keep_links=False, keep_vba=False)
    except Exception:  # a damaged package: openpyxl and zipfile raise many kinds; all mean the same to a user
        found.error("sop.not_xlsx", sheet=None)
        return None


def text(value):
    """A cell as text: 1.0 -> '1', a date -> '14-09-2023'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value).strip()


def _list_items(value):
    """'1. Satu\\n2. Dua' -> ['Satu', 'Dua']."""
    items = []
    for line in value.splitlines():
        line = re.sub(r"^\s*(?:\d+|[a-z])\s*[.)]\s+|^\s*[-•*]\s+", "", line).strip()
        if line:
            items.append(line)
    return items


def _identitas(sheet, table, found):
    current = None
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, MAX_ROWS), max_col=2):
        item, value = text(row[0].value), text(row[1].value) if len(row) > 1 else ""
        line = row[0].row
        if norm(item) in ("butir", "item", "items", "identitas", "identity"):
            continue   # the sheet's own heading
        if item:
            key = _ITEM_OF.get(norm(item))
            if key is None:
                found.warning("sop.item_unknown", sheet=IDENTITAS, row=line, column="A", item=item)
                current = None
                continue
            current = key
            if value:
                _set_item(table, key, value)
        elif value and current in HEADER_LISTS:
            table.header.setdefault(current, []).extend(_list_items(value))


def _set_item(table, key, value):
    if key in HEADER_LISTS:
        table.header.setdefault(key, []).extend(_list_items(value))
    elif key.startswith("penetapan."):
        table.header.setdefault("penetapan", {})[key.split(".", 1)[1]] = " ".join(value.split())
    elif key in ("process_id", "ringkasan", "catatan"):
        setattr(table, key, value.strip())
    else:
        table.header[key] = ", ".join(line.strip() for line in value.splitlines() if line.strip())


def _heading_row(sheet):
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 30)):
        keys = {_HEADING_OF.get(norm(text(c.value))) for c in row}
        keys |= {"waktu" for c in row if norm(text(c.value)).startswith(("waktu", "time"))}
        if {"no", "kegiatan"} <= keys:
            return row[0].row
    return None


def _heading(value):
    key = norm(value)
    if key.startswith(("waktu", "time")) and key not in ("timestamp",):
        return "waktu"
    return _HEADING_OF.get(key)


def _prosedur(sheet, table, found):
    top = _heading_row(sheet)
    if top is None:
        found.error("sop.heading_missing", row=None)
        return {}
    width = min(sheet.max_column, MAX_COLUMNS)
    first = [text(sheet.cell(top, c).value) for c in range(1, width + 1)]
    second = [text(sheet.cell(top + 1, c).value) for c in range(1, width + 1)]
    two_rows = any(norm(h) in IGNORED_HEADINGS for h in first)   # "Pelaksana", "Mutu Baku" above their columns
    lane_columns, columns, letters = [], {}, {}
    kegiatan_seen = mutu_seen = False
    for index in range(width):
        heading = first[index]
        if two_rows and second[index] and norm(heading) in IGNORED_HEADINGS | {""}:
            heading = second[index]
        key = _heading(heading)
        if key == "kegiatan":
            kegiatan_seen = True
        if key in ("kelengkapan", "waktu", "output", "keterangan", "keputusan"):
            mutu_seen = True
        if key:
            columns.setdefault(key, index)
            letters.setdefault("No" if key == "no" else key.capitalize(), get_column_letter(index + 1))
            if key == "waktu":
                table.waktu_unit = heading_unit(heading)
        elif heading and norm(heading) not in IGNORED_HEADINGS:
            if kegiatan_seen and not mutu_seen:
                lane_columns.append((" ".join(heading.split()), index))
            else:
                found.warning("sop.heading_unknown", row=top, column=get_column_letter(index + 1), heading=heading)
    lanes = [name for name, _ in lane_columns]
    table.lanes = lanes
    start = top + (2 if two_rows else 1)
    part = ""
    for cells in sheet.iter_rows(min_row=start, max_row=min(sheet.max_row, start + MAX_ROWS), max_col=width):
        values = [cells[i].value if i < len(cells) else None for i in range(width)]

        def cell(key):
            return text(values[columns[key]]) if key in columns else ""

        line = cells[0].row
        if not any(text(v) for v in values):
            continue
        numbers = [text(v) for v in values if text(v)]
        if len(numbers) >= 3 and all(n.isdigit() for n in numbers) and \
                [int(n) for n in numbers] == sorted(set(int(n) for n in numbers)):
            continue  # the row of column numbers under the heading (1, 2, 3, ...)
        marks = [lane for lane, index in lane_columns if text(values[index])]
        mutu = any(cell(k) for k in ("kelengkapan", "waktu", "output", "keterangan", "keputusan"))
        title = cell("no") if not cell("kegiatan") else (cell("kegiatan") if not cell("no") else "")
        if title and not marks and not mutu and not title.rstrip(".").isdigit():
            part = " ".join(title.split())
            continue
        if "waktu" in columns and isinstance(values[columns["waktu"]], datetime):
            found.error("sop.waktu_date", row=line, column="Waktu", value=text(values[columns["waktu"]]))
        table.rows.append(Row(no=cell("no"), kegiatan=" ".join(cell("kegiatan").split()), lanes=marks,
                              kelengkapan=cell("kelengkapan"), waktu=cell("waktu"), output=cell("output"),
                              keterangan=cell("keterangan"), keputusan=cell("keputusan"), part=part,
                              nama=cell("nama"), isian=cell("isian"), catatan=cell("catatan"), line=line))
    return letters

