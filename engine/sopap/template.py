"""Writing the SOP AP workbook: the empty template analysts fill, or a Table (an export of a deployed
diagram) in the same form, which the reader reads back as the same Table."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .problems import IDENTITAS, PROSEDUR
from .table import HEADER_LISTS, Table

ITEMS = [("nomor", "Nomor SOP"), ("nama", "Nama SOP"), ("instansi", "Instansi"), ("unit", "Unit"),
         ("tanggal_pembuatan", "Tanggal Pembuatan"), ("tanggal_revisi", "Tanggal Revisi"),
         ("tanggal_efektif", "Tanggal Efektif"), ("tanggal_pengesahan", "Tanggal Pengesahan"),
         ("disahkan_oleh", "Disahkan Oleh"), ("dasar_hukum", "Dasar Hukum"),
         ("kualifikasi_pelaksana", "Kualifikasi Pelaksana"), ("keterkaitan", "Keterkaitan"),
         ("peralatan_perlengkapan", "Peralatan/Perlengkapan"), ("peringatan", "Peringatan"),
         ("pencatatan_pendataan", "Pencatatan dan Pendataan"), ("penetapan.nomor", "Penetapan Nomor"),
         ("penetapan.tanggal", "Penetapan Tanggal"), ("penetapan.judul", "Penetapan Judul"),
         ("process_id", "ID Proses"), ("ringkasan", "Ringkasan"), ("catatan", "Catatan Analis")]
TAIL = ["Kelengkapan", "Waktu", "Output", "Keterangan", "Keputusan", "Nama Singkat", "Isian", "Catatan Analis"]
EXAMPLE_LANES = ["Pelaksana 1", "Pelaksana 2", "Pelaksana 3"]
GUIDE = [
    "Cara mengisi (How to fill in)",
    "Identitas: satu baris per butir; kolom A nama butir, kolom B isinya. Daftar (Dasar Hukum, Keterkaitan, ...): "
    "satu butir per baris di kolom B di bawahnya, atau baris bernomor dalam satu sel.",
    "ID Proses (opsional): nama proses di Alur, huruf kecil, angka dan _, misalnya penyusunan_standar_pelayanan.",
    "Prosedur: satu baris per kegiatan. Ganti judul kolom Pelaksana 1, 2, 3 dengan nama pelaksana SOP, sesuai "
    "urutannya; tambah atau hapus kolom bila perlu (di antara Kegiatan dan Kelengkapan).",
    "Tandai pelaksana tiap kegiatan dengan x (atau v, ✓, ■) di kolomnya. Satu pelaksana per baris: kegiatan dua "
    "pelaksana ditulis dua baris, misalnya 5 dan 5a.",
    "Baris yang kolom No-nya berisi judul bagian (A. PERENCANAAN) memulai bagian.",
    "Waktu: 60 menit, 2 jam, 1 hari, 1 minggu, 1 bulan; 1-2 hari dibaca 2 hari; 1,5 jam dibaca 90 menit.",
    "Keputusan: pertanyaan, lalu tiap jawaban dan nomor baris tujuannya: Disetujui? setuju -> 6; tidak setuju -> 3. "
    "Jawaban tanpa -> lanjut ke baris berikutnya; -> selesai mengakhiri prosedur. Jawaban yang mengembalikan "
    "pekerjaan ke baris sebelumnya meminta alasan.",
    "Nama Singkat (opsional): nama tugas di Alur; tanpa itu diambil dari Kegiatan.",
    "Isian (opsional): yang dicatat pelaksana, dipisah titik koma: Nomor SPT; Tanggal terima [tanggal] (opsional). "
    "Jenis: [teks], [catatan], [angka], [tanggal], [ya/tidak]. Tanpa Isian, Alur meminta nomor/referensi Output; "
    "tulis - bila Output tidak bernomor. Kelengkapan selalu menjadi daftar periksa, dan selalu ada Catatan.",
    "Catatan Analis (opsional): bacaan analis atas baris itu; tidak ditampilkan kepada pelaksana.",
    "Lalu: alur import BERKAS.xlsx, atau halaman SOP Baru.",
]
BOLD, WRAP = Font(bold=True), Alignment(wrap_text=True, vertical="top")
FILL = PatternFill("solid", fgColor="DDEBF7")


def workbook(table=None):
    """The workbook of `table` (the empty template without one), as xlsx bytes."""
    table = table or Table(lanes=list(EXAMPLE_LANES))
    book = Workbook()
    _identitas(book.active, table)
    _prosedur(book.create_sheet(PROSEDUR), table)
    _guide(book.create_sheet("Petunjuk"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _identitas(sheet, table):
    sheet.title = IDENTITAS
    sheet.append(["Butir", "Isi"])
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, FILL
    extra = {"process_id": table.process_id, "ringkasan": table.ringkasan, "catatan": table.catatan}
    for key, label in ITEMS:
        if key.startswith("penetapan."):
            value = table.header.get("penetapan", {}).get(key.split(".", 1)[1], "")
        else:
            value = extra[key] if key in extra else table.header.get(key, [] if key in HEADER_LISTS else "")
        if key in ("tanggal_efektif", "tanggal_pengesahan") and not value and table.header and \
                (table.header.get("tanggal_efektif") or table.header.get("tanggal_pengesahan")):
            continue  # an SOP has one of the two
        if isinstance(value, list):
            sheet.append([label, value[0] if value else ""])
            for item in value[1:]:
                sheet.append(["", item])
        else:
            sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 110
    for row in sheet.iter_rows(min_row=2):
        row[1].alignment = WRAP
        row[1].number_format = "@"


def _prosedur(sheet, table):
    headings = ["No", "Kegiatan", *table.lanes, *TAIL]
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = BOLD, FILL, WRAP
    part = ""
    for row in table.rows:
        if row.part and row.part != part:
            sheet.append([row.part])
            sheet.cell(sheet.max_row, 1).font = BOLD
        part = row.part
        marks = ["x" if lane in row.lanes else None for lane in table.lanes]
        sheet.append([row.no, row.kegiatan, *marks, row.kelengkapan, row.waktu, row.output, row.keterangan,
                      row.keputusan, row.nama, row.isian, row.catatan])
    widths = {"No": 6, "Kegiatan": 50, "Kelengkapan": 24, "Waktu": 11, "Output": 24, "Keterangan": 20,
              "Keputusan": 34, "Nama Singkat": 30, "Isian": 34, "Catatan Analis": 40}
    for index, heading in enumerate(headings, start=1):
        letter = sheet.cell(1, index).column_letter
        sheet.column_dimensions[letter].width = widths.get(heading, 13)
    for cells in sheet.iter_rows(min_row=2, max_row=max(sheet.max_row, 1 if table.rows else 200),
                                 max_col=len(headings)):
        for cell in cells:
            cell.alignment = WRAP
            cell.number_format = "@"   # text: Excel must not turn 1-2 into a date
    sheet.freeze_panes = "C2"


def _guide(sheet):
    for line in GUIDE:
        sheet.append([line])
    sheet["A1"].font = BOLD
    sheet.column_dimensions["A"].width = 140
    for row in sheet.iter_rows():
        row[0].alignment = WRAP
