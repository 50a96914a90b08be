"""SOP AP workbooks for the SOP Baru tests, written as an office would fill the template (openpyxl): an
Identitas sheet (item, value) and a Prosedur sheet (No, Kegiatan, one column per pelaksana, mutu baku,
Keputusan). `workbook()` is a five-row SOP of the test lanes Staf and Kepala with a decision that loops back;
`fixture_with_mistakes()` the 15-row fixture of tests/data with two mistakes in it."""

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

HEADINGS_AFTER_LANES = ["Kelengkapan", "Waktu", "Output", "Keterangan", "Keputusan"]
SMALL_NAME = "Permohonan Surat Keterangan Uji"
SMALL_ID = "permohonan_surat_keterangan_uji"
SMALL_LANES = ["Staf", "Kepala"]


def small_rows():
    """(No, Kegiatan, lane, Kelengkapan, Waktu, Output, Keterangan, Keputusan)."""
    return [
        ["1", "Staf menerima permohonan dan mencatatnya di agenda", "Staf", "Formulir permohonan", "30 menit",
         "Permohonan tercatat", "", ""],
        ["2", "Staf menyusun konsep surat keterangan", "Staf", "Permohonan tercatat", "1 jam", "Konsep surat", "", ""],
        ["3", "Kepala memeriksa konsep surat keterangan", "Kepala", "Konsep surat", "1 hari", "Konsep diperiksa", "",
         "Konsep disetujui? setuju -> 4; perbaiki -> 2"],
        ["4", "Kepala menandatangani surat keterangan", "Kepala", "Konsep disetujui", "30 menit", "Surat keterangan",
         "", ""],
        ["5", "Staf menyerahkan surat keterangan kepada pemohon", "Staf", "Surat keterangan", "1 hari", "Tanda terima",
         "", ""],
    ]


def header(name=SMALL_NAME):
    return [("Instansi", "Pemerintah Kota Uji"), ("Unit", "Bagian Umum"), ("Nomor SOP", "800/01/SOP/2026"),
            ("Tanggal Pembuatan", "02-01-2026"), ("Tanggal Efektif", "05-01-2026"),
            ("Disahkan Oleh", "Kepala Bagian Umum"), ("Nama SOP", name),
            ("Dasar Hukum", "1. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"),
            ("Kualifikasi Pelaksana", "Memahami tata naskah dinas"), ("Keterkaitan", "-"),
            ("Peralatan/Perlengkapan", "Komputer\nPrinter"), ("Peringatan", "Surat tidak ditandatangani"),
            ("Pencatatan dan Pendataan", "Agenda surat")]


def workbook(rows=None, lanes=None, identitas=None):
    """The workbook's bytes: `rows` as small_rows() gives them (lane as a name, or a list of names, or '')."""
    rows = small_rows() if rows is None else rows
    lanes = SMALL_LANES if lanes is None else lanes
    book = Workbook()
    sheet = book.active
    sheet.title = "Identitas"
    for item, value in header() if identitas is None else identitas:
        sheet.append([item, value])
    prosedur = book.create_sheet("Prosedur")
    prosedur.append(["No", "Kegiatan", *lanes, *HEADINGS_AFTER_LANES])
    for no, kegiatan, marked, *mutu in rows:
        marked = marked if isinstance(marked, list) else [marked] if marked else []
        prosedur.append([no, kegiatan, *["x" if lane in marked else None for lane in lanes], *mutu])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_mistakes():
    """small() with what analysts get wrong: row 4 has no mark (its executor unsaid), row 1's time reads
    'secepatnya', row 2's time is a range (a warning: the upper bound is the standard)."""
    rows = small_rows()
    rows[3][2] = ""
    rows[0][4] = "secepatnya"
    rows[1][4] = "1-2 jam"
    return workbook(rows)


FIXTURE = Path(__file__).resolve().parent / "data" / "penyusunan-standar-pelayanan.xlsx"
FIXTURE_ID = "penyusunan_standar_pelayanan"


def fixture_with_mistakes():
    """The 15-row fixture 'Penyusunan Standar Pelayanan' as a hurried analyst fills it: B4 (OPD's public
    consultation) left without its mark, C2's time written 'setengah jam'."""
    book = load_workbook(FIXTURE)
    sheet = book["Prosedur"]
    headings = [cell.value for cell in sheet[1]]
    part = ""
    for row in sheet.iter_rows(min_row=2):
        no = str(row[0].value or "")
        if no[:2] in ("A.", "B.", "C."):
            part = no[0]
        elif (part, no) == ("B", "4"):
            row[headings.index("OPD")].value = None
        elif (part, no) == ("C", "2"):
            row[headings.index("Waktu")].value = "setengah jam"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
