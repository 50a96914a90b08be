"""The SOP AP table as data: the Identitas items (the header), the executor columns (lanes) and the rows of
the Prosedur sheet. The workbook reader fills it, the table editor of the browser sends it as JSON, the
diagram writer reads it, and the export of a deployed diagram gives it back.

`Table.to_json()` gives plain JSON and `Table.from_json(d)` reads it back (unknown keys are ignored, missing ones
take their defaults, values of the wrong kind are made text), so that `Table.from_json(t.to_json()) == t`.

The header uses the keys of `Process.header` (docs/diagram-conventions.md): scalars as strings (`nomor`,
`nama`, `unit`, `instansi`, `tanggal_pembuatan`, `tanggal_revisi`, `tanggal_pengesahan` or
`tanggal_efektif`, `disahkan_oleh`), lists as lists (`dasar_hukum`, `kualifikasi_pelaksana`, `keterkaitan`,
`peralatan_perlengkapan`, `peringatan`, `pencatatan_pendataan`) and `penetapan` as {nomor, tanggal, judul}.
"""

import dataclasses
from dataclasses import dataclass, field

HEADER_SCALARS = ("nomor", "nama", "unit", "instansi", "tanggal_pembuatan", "tanggal_revisi", "tanggal_pengesahan",
                  "tanggal_efektif", "disahkan_oleh")
HEADER_LISTS = ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan_perlengkapan", "peringatan",
                "pencatatan_pendataan")
PENETAPAN = ("nomor", "tanggal", "judul")


@dataclass
class Row:
    """One activity: a row of the Prosedur sheet.

    `no` is the number as written in its part ("1", "5a" for a second activity of row 5); `part` the title of
    the part it belongs to ("A. Perencanaan"; a row whose No cell holds that title starts it), "" without
    parts. `lanes` are the executor columns marked. `keputusan` makes it a
    decision: `Question? answer -> row; answer -> row` (an answer without `->` goes on to the next row,
    `-> selesai` ends the procedure). `nama` is the task's short name (else taken from the Kegiatan),
    `isian` the fields it records beside the default ones, `catatan` the analysts' reading of the row
    (never shown to staff). `line` is the sheet's row number, for problems (None for a table typed in the
    browser)."""

    no: str = ""
    kegiatan: str = ""
    lanes: list = field(default_factory=list)
    kelengkapan: str = ""
    waktu: str = ""
    output: str = ""
    keterangan: str = ""
    keputusan: str = ""
    part: str = ""
    nama: str = ""
    isian: str = ""
    catatan: str = ""
    line: int | None = None


@dataclass
class Table:
    """The whole SOP AP table. `process_id` names the process (else one is made from the SOP's name),
    `ringkasan` is the process's documentation (the SOP in a sentence), `catatan` the analysts' notes on the
    whole SOP, `waktu_unit` the unit a `Waktu (hari)` heading gives bare numbers."""

    header: dict = field(default_factory=dict)
    lanes: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    process_id: str = ""
    ringkasan: str = ""
    catatan: str = ""
    waktu_unit: str = ""

    def to_json(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data):
        """A Table from plain JSON (as to_json writes it, or as the table editor sends it)."""
        data = data if isinstance(data, dict) else {}
        rows = [_row(r) for r in data.get("rows") or [] if isinstance(r, dict)]
        return cls(header=_header(data.get("header")), lanes=[_text(x) for x in _list(data.get("lanes"))],
                   rows=rows, process_id=_text(data.get("process_id")), ringkasan=_text(data.get("ringkasan")),
                   catatan=_text(data.get("catatan")), waktu_unit=_text(data.get("waktu_unit")))


def _row(data):
    values = {}
    for f in dataclasses.fields(Row):
        value = data.get(f.name)
        if f.name == "lanes":
            values["lanes"] = [_text(x) for x in _list(value)]
        elif f.name == "line":
            values["line"] = value if isinstance(value, int) and not isinstance(value, bool) else None
        else:
            values[f.name] = _text(value)
    return Row(**values)


def _header(data):
    data = data if isinstance(data, dict) else {}
    header = {}
    for key, value in data.items():
        if key == "penetapan" and isinstance(value, dict):
            penetapan = {k: _text(v) for k, v in value.items() if k in PENETAPAN and _text(v)}
            if penetapan:
                header["penetapan"] = penetapan
        elif key in HEADER_LISTS or isinstance(value, list):
            items = [_text(item) for item in _list(value) if _text(item)]
            if items:
                header[str(key)] = items
        elif _text(value):
            header[str(key)] = _text(value)
    return header


def _list(value):
    if isinstance(value, list):
        return value
    return [] if value in (None, "") else [value]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
