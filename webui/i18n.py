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
    # Audit (webui/audit.py, roles.py): navigation, replay, re-execution, verify, time standards, export
    "Standar Waktu": "Time standards",
    "Verifikasi": "Verify",
    "Ekspor": "Export",
    "Semua proses, dari setiap pelaksana.": "Every process, of every lane.",
    "Semua SOP": "All SOPs",
    "Tampilkan": "Show",
    "Auditor hanya dapat melihat: peran ini tidak mengubah apa pun.":
        "An auditor can only look: this role changes nothing.",
    "Hash": "Hash",
    "Langkah": "Step",
    "Putar ulang": "Replay",
    "Putar ulang langkah demi langkah": "Replay step by step",
    "Putar ulang sampai langkah ini": "Replay up to this step",
    "Putar ulang Proses #{id}": "Replay of process #{id}",
    "Langkah {step} dari {steps}": "Step {step} of {steps}",
    "dari {steps}": "of {steps}",
    "Keadaan proses setelah setiap kejadian di riwayatnya, seperti yang tercatat.":
        "The process as it stood after each event of its history, as recorded.",
    "Sebelumnya": "Previous",
    "Berikutnya": "Next",
    "Diagram pada langkah ini": "The diagram at this step",
    "Dicatat pada langkah ini": "Recorded at this step",
    "Tidak ada.": "None.",
    "Belum ada.": "None yet.",
    "Data saat itu": "Data at that moment",
    "Langkah tidak ada": "No such step",
    "Riwayat Proses #{id} punya langkah 1 sampai {steps}; langkah {step} tidak ada.":
        "The history of process #{id} has steps 1 to {steps}; there is no step {step}.",
    "Mulai dari langkah 1": "Start at step 1",
    "Langkah terakhir": "Last step",
    "Eksekusi ulang": "Re-execute",
    "Eksekusi ulang Proses #{id}": "Re-execution of process #{id}",
    "Penyelesaian tugas yang tercatat dijalankan lagi di mesin alur kerja, pada versi diagram yang tercatat, dan "
    "setiap langkah dibandingkan dengan riwayat: tugas yang siap, jalur yang dipilih, dan data.":
        "The recorded task completions are run again by the workflow engine, on the recorded version of the "
        "diagram, and each step is compared with the history: the tasks ready, the paths taken, and the data.",
    "Sesuai dengan riwayat": "Faithful to the history",
    "Semua {steps} kejadian dijalankan ulang dan cocok dengan riwayat.":
        "All {steps} events were re-executed and match the history.",
    "Versi awal": "First version",
    "Menyimpang pada langkah {step}": "Diverges at step {step}",
    "Kejadian di riwayat:": "The event in the history:",
    "Putar ulang langkah terakhir yang cocok ({step})": "Replay the last step that matches ({step})",
    "Putar ulang langkah {step}": "Replay step {step}",
    "Kembali ke Proses #{id}": "Back to process #{id}",
    "Verifikasi riwayat": "Verify the history",
    "Setiap kejadian membawa hash atas isinya dan hash kejadian sebelumnya. Pemeriksaan ini menghitung ulang "
    "seluruh rantai dan mencocokkan keadaan setiap proses dengan kejadiannya.":
        "Each event carries a hash over its content and the previous event's hash. This check recomputes the "
        "whole chain and compares every process's state with its events.",
    "Riwayat utuh": "The history is intact",
    "{count} kejadian; setiap proses sesuai dengan kejadiannya.": "{count} events; every process follows from its events.",
    "Hash terakhir": "Last hash",
    "Catat hash terakhir ini bersama jumlah kejadiannya. Pada pemeriksaan berikutnya, kejadian ke-{count} harus "
    "masih membawa hash yang sama; bila tidak, riwayat telah ditulis ulang.":
        "Note this last hash down with the number of events. At the next check, event {count} must still carry "
        "the same hash; if it does not, the history was rewritten.",
    "Riwayat rusak": "The history is broken",
    "{count} masalah ditemukan:": "{count} problem(s) found:",
    "Rantai dihitung ulang sampai kejadian ke-{count} (hash {head}).":
        "The chain was recomputed up to event {count} (hash {head}).",
    "Rantai utuh sampai kejadian ke-{count}; sesudahnya riwayat tidak dapat dipercaya.":
        "The chain is intact up to event {count}; after it, the history cannot be trusted.",
    "Eksekusi ulang per proses": "Re-execute one process",
    "Menjalankan lagi penyelesaian tugas yang tercatat dan membandingkan setiap langkah dengan riwayat.":
        "Runs the recorded task completions again and compares each step with the history.",
    "Selesai": "Done",
    "Median": "Median",
    "Persentil 90": "90th percentile",
    "Dalam standar": "Within the standard",
    "Terlambat sekarang": "Overdue now",
    "Tidak ada tugas yang terlambat.": "No task is overdue.",
    "Per SOP": "Per SOP",
    "Per pelaksana": "Per lane",
    "Per kegiatan": "Per activity",
    "Per proses": "Per process",
    "Belum ada tugas.": "No task yet.",
    "Waktu kerja setiap tugas yang selesai, dari siap sampai diselesaikan, dibandingkan dengan mutu baku waktunya.":
        "The working time of every completed task, from ready to completed, against its time standard.",
    "Pelaksana Anda: waktu kerja tugas yang selesai dibandingkan dengan mutu baku, dan tugas yang terlambat sekarang.":
        "Your lanes: the working time of completed tasks against their time standard, and the tasks overdue now.",
    "Waktu kerja: Senin–Jumat {hours} {zone}, di luar hari libur nasional dan cuti bersama{cuti}. 1 hari = {day}.":
        "Working time: Monday to Friday {hours} {zone}, less public holidays and cuti bersama{cuti}. 1 day = {day}.",
    "{n} hari": "{n} d",
    "{n} jam": "{n} h",
    "{n} menit": "{n} min",
    "Ekspor riwayat": "Export the history",
    "Log kejadian untuk process mining: satu kasus per proses, kejadian mulai (tugas siap) dan selesai (tugas "
    "diselesaikan) per tugas, dengan kegiatan, waktu, pelaksana dan pengguna.":
        "The event log for process mining: one case per process, a start (task ready) and a complete (task "
        "completed) event per task, with the activity, time, lane and user.",
    "Format": "Format",
    "XES (IEEE 1849), untuk ProM, pm4py, Disco, Celonis": "XES (IEEE 1849), for ProM, pm4py, Disco, Celonis",
    "CSV, untuk lembar kerja": "CSV, for spreadsheets",
    "Hanya proses yang dimulai sejak (tanggal, boleh kosong)": "Only processes started since (a date, optional)",
    "Unduh": "Download",
    "Pilih XES atau CSV.": "Choose XES or CSV.",
    "Tidak ada proses {name}.": "There is no process {name}.",
    # Administrative acts (webui/admin_acts.py)
    "Batalkan proses": "Cancel the process",
    "Alasan pembatalan (dicatat di riwayat)": "Why it is cancelled (recorded in the history)",
    "Alihkan tugas ini": "Reassign this task",
    "Kepada (anggota {lane})": "To (a member of {lane})",
    "Alihkan": "Reassign",
    "Tidak ada pengguna lain di pelaksana {lane}.": "There is no other user in the lane {lane}.",
    "Tuliskan alasannya: riwayat mencatat mengapa.": "Give the reason: the history records why.",
    "Proses ini sudah {status}: tidak dapat dibatalkan lagi.": "This process is {status} already: it cannot be cancelled.",
    "Proses #{id} dibatalkan. Alasan: {reason}": "Process #{id} cancelled. Reason: {reason}",
    "Pilih pengguna tujuan.": "Choose the user to give it to.",
    "Tidak ada pengguna {name}.": "There is no user {name}.",
    "{name} bukan anggota pelaksana {lane}.": "{name} is not a member of the lane {lane}.",
    "Tugas {number}. {name} sudah tidak menunggu: tidak dapat dialihkan.":
        "Task {number}. {name} is no longer waiting: it cannot be reassigned.",
    "Tugas {number}. {name} dialihkan kepada {to}.": "Task {number}. {name} reassigned to {to}.",
    # Analysts: deploy, versions, migration, the modeler (webui/analyst.py)
    "Kelola Proses": "Manage processes",
    "Pasang diagram BPMN (proses baru atau versi baru), bandingkan versi, pindahkan proses yang sedang berjalan, dan sunting diagram di modeler.": "Deploy BPMN diagrams (a new process or a new version), compare versions, move running processes, and edit diagrams in the modeler.",
    "Pasang diagram": "Deploy a diagram",
    "Berkas BPMN (paling besar {mb} MB)": "BPMN file (at most {mb} MB)",
    "Alur memeriksa diagram lebih dulu: bila ada yang salah, tidak ada yang disimpan dan setiap masalah ditunjukkan beserta letaknya.": "Alur checks the diagram first: if anything is wrong, nothing is stored and every problem is shown with where it is.",
    "Periksa dan pasang": "Check and deploy",
    "Pilih berkas .bpmn yang akan dipasang.": "Choose the .bpmn file to deploy.",
    "Berkas terlalu besar: diagram paling besar {mb} MB. Apakah ini berkas yang benar?": "The file is too large: a diagram may be at most {mb} MB. Is this the right file?",
    "Diagram {file} tidak dipasang, tidak ada yang disimpan: perbaiki ini lalu unggah lagi.": "Diagram {file} was not deployed, nothing was stored: fix the following, then upload it again.",
    "Masalah pada {file}": "Problems in {file}",
    "Elemen yang bermasalah ditandai merah pada diagram; pilih sebuah masalah untuk menuju elemennya.": "The elements at fault are marked red on the diagram; choose a problem to go to its element.",
    "Diagram tidak ditampilkan: isi berkas ini tidak dibaca sama sekali.": "The diagram is not shown: the content of this file was not read at all.",
    "Baris {line}": "Line {line}",
    "elemen": "element",
    "{name}: versi {version} dipasang.": "{name}: version {version} deployed.",
    "{name}: isinya sama dengan versi {version}, tidak ada versi baru.": "{name}: the same content as version {version}, no new version.",
    "Proses terpasang": "Deployed processes",
    "Versi terbaru": "Newest version",
    "Sedang berjalan": "Running",
    "{count} versi": "{count} version(s)",
    "Sunting di modeler": "Edit in the modeler",
    "Belum ada proses terpasang.": "No process is deployed yet.",
    "Versi {name}": "Versions of {name}",
    "ID proses": "Process id",
    "Sunting versi terbaru di modeler": "Edit the newest version in the modeler",
    "Unduh .bpmn versi terbaru": "Download the newest version's .bpmn",
    "Dipasang oleh": "Deployed by",
    "Dipasang pada": "Deployed at",
    "Berkas": "File",
    "SHA-256": "SHA-256",
    "terbaru": "newest",
    "Buka di modeler": "Open in the modeler",
    "Bandingkan dua versi": "Compare two versions",
    "Bandingkan": "Compare",
    "Perubahan dari versi {old} ke versi {new}": "Changes from version {old} to version {new}",
    "Tidak ada perbedaan yang dibaca Alur (kegiatan, pelaksana, mutu baku, isian, alur, kepala SOP).": "No difference in what Alur reads (activities, lanes, time standards, fields, flows, SOP header).",
    "Geser dan perbesar kedua diagram bersamaan": "Pan and zoom both diagrams together",
    "Ditambahkan": "Added",
    "Diubah": "Changed",
    "Dihapus": "Removed",
    "Seret untuk menggeser diagram; Ctrl + gulir untuk memperbesar.": "Drag to move a diagram; Ctrl + scroll to zoom.",
    "Baru ada satu versi.": "There is only one version so far.",
    "Proses yang sedang berjalan": "Running processes",
    "Setiap proses tetap pada versinya sampai selesai. Proses dapat dipindahkan ke versi lain bila tugas yang sedang menunggu ada dan tidak berubah di versi itu; bila tidak, Alur menolak dan menyebut tugasnya.": "Each process stays on its version until it ends. It may be moved to another version when its waiting tasks exist unchanged there; otherwise Alur refuses and names the task.",
    "Menunggu": "Waiting",
    "Pindahkan": "Move",
    "versi {version}": "version {version}",
    "Tidak ada proses yang sedang berjalan.": "No process is running.",
    "Pilih versi tujuan.": "Choose the version to move to.",
    "Proses #{id} tidak dipindahkan: {reason}": "Process #{id} was not moved: {reason}",
    "Proses #{id} dipindahkan dari versi {old} ke versi {new}.": "Process #{id} moved from version {old} to version {new}.",
    "Modeler": "Modeler",
    "Modeler: {name}": "Modeler: {name}",
    "Membuka versi {version}.": "Version {version} is open.",
    "Versi terbaru adalah {newest}; yang disimpan menjadi versi sesudahnya.": "The newest version is {newest}; what you save becomes the version after it.",
    "Pilih kegiatan untuk menyunting mutu baku dan isiannya; klik ruang kosong untuk kepala SOP.": "Select an activity to edit its time standard and fields; click empty space for the SOP header.",
    "Simpan sebagai versi baru": "Save as a new version",
    "Urungkan": "Undo",
    "Ulangi": "Redo",
    "Properti": "Properties",
    "Kepala SOP": "SOP header",
    "Berlaku untuk seluruh proses. Daftar: satu butir per baris.": "For the whole process. Lists: one item per line.",
    "Nama kegiatan": "Activity name",
    "Uraian kegiatan (kalimat lengkap dari SOP)": "Description (the full sentence from the SOP)",
    "Nomor": "Number",
    "Kelengkapan (pisahkan dengan koma)": "Requirements (separated by commas)",
    "Waktu (mis. 60 menit, 2 jam, 1 hari, 1 minggu)": "Time standard (e.g. 60 menit, 2 jam, 1 hari, 1 minggu)",
    "Waktu ISO 8601 (diisi otomatis dari Waktu)": "ISO 8601 time (filled in from the time standard)",
    "Yang dicatat pelaksana saat menyelesaikan kegiatan ini.": "What the lane records when it completes this activity.",
    "Nama variabel (huruf kecil, angka, _)": "Variable name (lower-case letters, digits, _)",
    "Label": "Label",
    "Jenis": "Type",
    "Wajib": "Required",
    "Pilihan (satu per baris)": "Choices (one per line)",
    "Tambah isian": "Add a field",
    "Hapus isian": "Remove the field",
    "Isian baru": "New field",
    "Tambah kegiatan sesudah ini": "Add an activity after this one",
    "Kegiatan baru": "New activity",
    "Jadikan kegiatan pelaksana (user task)": "Make it an activity of a lane (user task)",
    "Elemen ini tidak punya properti Alur. Pilih kegiatan, atau klik ruang kosong untuk kepala SOP.": "This element has no Alur properties. Select an activity, or click empty space for the SOP header.",
    "Elemen": "Element",
    "teks satu baris": "one line of text",
    "catatan": "note",
    "angka": "number",
    "tanggal": "date",
    "ya/tidak": "yes/no",
    "keputusan (satu pilihan)": "decision (one choice)",
    "daftar centang": "checklist",
    "Nama SOP": "SOP name",
    "Instansi": "Institution",
    "Tanggal pembuatan": "Date made",
    "Tanggal revisi": "Date revised",
    "Tanggal pengesahan": "Date approved",
    "Tanggal efektif": "Date effective",
    "Disahkan oleh": "Approved by",
    "Dasar hukum": "Legal basis",
    "Kualifikasi pelaksana": "Executor qualifications",
    "Keterkaitan": "Related SOPs",
    "Peralatan/perlengkapan": "Equipment",
    "Peringatan": "Warnings",
    "Pencatatan dan pendataan": "Records",
    "Penetapan: nomor": "Enactment: number",
    "Penetapan: tanggal": "Enactment: date",
    "Penetapan: judul": "Enactment: title",
    "Menyimpan…": "Saving…",
    "Ada perubahan yang belum disimpan.": "There are unsaved changes.",
    "Belum ada perubahan.": "No changes yet.",
    "Penyimpanan gagal ({status}). Muat ulang halaman lalu coba lagi.": "Saving failed ({status}). Reload the page and try again.",
    "Perubahan belum disimpan. Tinggalkan halaman?": "Changes are not saved. Leave the page?",
    "Diagram kosong: tidak ada yang disimpan.": "The diagram is empty: nothing was stored.",
    "Diagram belum dapat dipasang, tidak ada yang disimpan: perbaiki yang ditandai lalu simpan lagi.": "The diagram cannot be deployed yet, nothing was stored: fix what is marked, then save again.",
}
