"""The UI's languages: Bahasa Indonesia (the source language of every string) and English.

Every string shown to staff goes through `_()`: `_("Proses #{id}", id=3)`. The text in the code is
the Indonesian one; `EN` maps it to English. A test checks that every `_()` string has an English entry.
"""

from flask import session

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT = "id"


def current_language():
    lang = session.get("lang")
    return lang if lang in LANGUAGES else DEFAULT


def gettext(text, **values):
    if current_language() == "en":
        text = EN.get(text, text)
    return text.format(**values) if values else text


_ = gettext


def field_error(error):
    """A short message, in the UI's language, for a field value the engine refused (by its code)."""
    items = ", ".join(error.items)
    messages = {
        "required": lambda: _("Wajib diisi."),
        "unchecked": lambda: _("Belum dicentang: {items}.", items=items),
        "not_number": lambda: _("Harus berupa angka."),
        "not_date": lambda: _("Harus berupa tanggal (TTTT-BB-HH)."),
        "not_boolean": lambda: _("Pilih ya atau tidak."),
        "not_choice": lambda: _("Pilih salah satu dari: {choices}.", choices=items),
    }
    return messages.get(error.code, lambda: str(error))()


def init_app(app):
    app.jinja_env.globals.update(_=gettext, current_language=current_language, LANGUAGES=LANGUAGES)


EN = {
    # Layout and navigation
    "Alur": "Alur",
    "Kotak Masuk": "Inbox",
    "Mulai Proses": "Start a process",
    "Daftar Proses": "Processes",
    "Keluar": "Sign out",
    "Masuk": "Sign in",
    "Bahasa": "Language",
    "Ganti": "Change",
    "Lewati ke isi": "Skip to content",
    "Masuk sebagai {name}": "Signed in as {name}",
    "Pelaksana: {lanes}": "Lanes: {lanes}",
    "tanpa pelaksana": "no lane",
    "Menu utama": "Main menu",
    # Sign in
    "Nama pengguna": "User name",
    "Kata sandi": "Password",
    "Nama pengguna atau kata sandi salah.": "Wrong user name or password.",
    "Kata sandi demo tidak berlaku di server produksi: minta kata sandi kepada admin.":
        "The demo password does not work on a production server: ask the admin for a password.",
    "Silakan masuk untuk melanjutkan.": "Please sign in to continue.",
    "Anda telah keluar.": "You have signed out.",
    "Selamat datang, {name}.": "Welcome, {name}.",
    "Menjalankan SOP AP sebagai alur kerja: setiap pelaksana mengerjakan tugasnya di sini.":
        "Runs SOP AP procedures as workflows: each executor does their tasks here.",
    "Akun demo (mode pengembangan): kata sandi {password}": "Demo accounts (development mode): password {password}",
    # Inbox
    "Tugas yang menunggu Anda, yang paling lama di atas.": "Tasks waiting for you, the oldest first.",
    "Tidak ada tugas yang menunggu.": "No task is waiting.",
    "Tidak ada tugas untuk pelaksana ini.": "No task for this lane.",
    "Anda belum tergabung dalam pelaksana mana pun: minta admin menambahkan Anda.":
        "You do not belong to any lane yet: ask the admin to add you.",
    "SOP": "SOP",
    "Proses": "Process",
    "No.": "No.",
    "Kegiatan": "Activity",
    "Waktu": "Time standard",
    "Batas waktu": "Due",
    "Siap sejak": "Ready since",
    "Terlambat": "Overdue",
    "Buka": "Open",
    "{count} tugas": "{count} task(s)",
    # Task page
    "Tugas {number}: {name}": "Task {number}: {name}",
    "Mutu Baku": "Quality standard",
    "Kelengkapan": "Requirements",
    "Output": "Output",
    "Keterangan": "Remarks",
    "Pelaksana": "Lane",
    "Data proses sejauh ini": "Process data so far",
    "Belum ada data.": "No data yet.",
    "Isian": "Form",
    "Selesaikan tugas": "Complete the task",
    "Kegiatan ini tidak meminta isian: tekan tombol untuk menyelesaikannya.":
        "This activity records nothing: press the button to complete it.",
    "Pilih keputusan:": "Choose the decision:",
    "wajib": "required",
    "Ya": "Yes",
    "Tidak": "No",
    "Centang kelengkapan yang sudah tersedia (hanya untuk Anda, tidak disimpan).":
        "Tick the requirements you have ready (for you only, not saved).",
    "Centang di isian: {label}.": "Tick them in the form: {label}.",
    "Tugas diselesaikan: {name}.": "Task completed: {name}.",
    "Proses #{id} selesai.": "Process #{id} is complete.",
    "Tugas berikutnya untuk Anda: {name}.": "Your next task: {name}.",
    "Isian belum benar: periksa kolom yang ditandai.": "The form is not right yet: check the marked fields.",
    "Tugas ini sudah diselesaikan oleh {by} pada {at}.": "This task was completed already by {by} at {at}.",
    "Tugas ini sudah tidak berlaku (proses dibatalkan atau berpindah jalur).":
        "This task no longer applies (the process was cancelled or moved on).",
    "Isian Anda tidak disimpan: {data}": "What you entered was not saved: {data}",
    "Lihat proses": "View the process",
    "Kembali ke kotak masuk": "Back to the inbox",
    # Start
    "Proses yang dapat Anda mulai.": "The processes you may start.",
    "Tidak ada proses yang dapat Anda mulai.": "There is no process you may start.",
    "Mulai": "Start",
    "Dimulai oleh": "Started by",
    "Proses #{id} dimulai.": "Process #{id} started.",
    "Nomor SOP": "SOP number",
    "Unit": "Unit",
    "Versi {version}": "Version {version}",
    # Instances
    "Proses yang melibatkan pelaksana Anda.": "Processes that involve your lanes.",
    "Belum ada proses.": "No process yet.",
    "Semua": "All",
    "Status": "Status",
    "Dimulai": "Started",
    "Berakhir": "Ended",
    "berjalan": "running",
    "selesai": "completed",
    "dibatalkan": "cancelled",
    "Proses #{id}": "Process #{id}",
    "Tugas yang sedang menunggu": "Tasks now waiting",
    "Riwayat": "History",
    "Tampilkan tindakan saja": "Show actions only",
    "Tampilkan semua kejadian (termasuk tugas siap)": "Show every event (tasks becoming ready too)",
    "Kapan": "When",
    "Oleh": "Who",
    "Apa": "What",
    "Data": "Data",
    "Diagram": "Diagram",
    "Sudah dikerjakan": "Done",
    "Sedang menunggu": "Waiting",
    "Alur yang dilalui": "Flow taken",
    "Diagram tidak dapat ditampilkan.": "The diagram cannot be shown.",
    "Seret untuk menggeser diagram; Ctrl + gulir atau tombol + dan − untuk memperbesar.":
        "Drag to move the diagram; Ctrl + scroll or the + and − buttons to zoom.",
    "Perbesar": "Zoom in",
    "Perkecil": "Zoom out",
    "Sesuaikan": "Fit",
    "Versi": "Version",
    "Filter": "Filter",
    # Event types
    "deployed": "deployed",
    "Proses dimulai": "Process started",
    "Tugas siap": "Task ready",
    "Tugas diselesaikan": "Task completed",
    "Jalur dipilih": "Path taken",
    "Proses selesai": "Process completed",
    "Proses dibatalkan": "Process cancelled",
    "Tugas dialihkan": "Task reassigned",
    "Proses dipindahkan ke versi baru": "Process moved to a new version",
    "Alasan": "Reason",
    "Dari": "From",
    "Kepada": "To",
    "Dari versi": "From version",
    "Ke versi": "To version",
    "Ditugaskan kepada {name}.": "Assigned to {name}.",
    "Tugas ini ditugaskan kepada {name}: hanya dia yang dapat menyelesaikannya.":
        "This task is assigned to {name}: only they can complete it.",
    "ya": "yes",
    "tidak": "no",
    # Errors
    "Akses ditolak": "Access denied",
    "Tidak ditemukan": "Not found",
    "Konflik": "Conflict",
    "Permintaan tidak valid": "Bad request",
    "Terjadi kesalahan": "Something went wrong",
    "Halaman ini bukan untuk pelaksana Anda.": "This page is not for your lanes.",
    "Halaman atau data yang Anda cari tidak ada.": "The page or record you are looking for does not exist.",
    "Permintaan ini bertabrakan dengan keadaan saat ini.": "This request clashes with the current state.",
    "Permintaan tidak dapat diproses.": "The request cannot be processed.",
    "Terjadi kesalahan di server. Kesalahan sudah dicatat; silakan coba lagi nanti.":
        "Something went wrong on the server. It was logged; please try again later.",
    "Formulir kedaluwarsa atau tidak sah: muat ulang halaman lalu coba lagi.":
        "The form expired or is not valid: reload the page and try again.",
    "Metode tidak diizinkan": "Method not allowed",
    "Kiriman terlalu besar": "Request too large",
    # Field errors
    "Wajib diisi.": "Required.",
    "Belum dicentang: {items}.": "Not yet checked: {items}.",
    "Harus berupa angka.": "Must be a number.",
    "Harus berupa tanggal (TTTT-BB-HH).": "Must be a date (YYYY-MM-DD).",
    "Pilih ya atau tidak.": "Choose yes or no.",
    "Pilih salah satu dari: {choices}.": "Choose one of: {choices}.",
}
