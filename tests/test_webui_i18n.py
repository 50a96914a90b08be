"""The web UI's languages: Indonesian by default, English with the switch, every string in the catalogue
(webui/locale/en.po), plurals, and times in the office's time zone."""

import string

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import webui.errors
import webui.instances
import webui.views
from engine.settings import Settings
from test_webui import start_usulan, text
from webui import create_app
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import ROOT, post

def test_indonesian_by_default_english_selectable(client, auth):
    auth.login("staf")
    page = text(client.get("/inbox"))
    assert '<html lang="id">' in page and "Kotak Masuk" in page
    answer = post(client, "/language", {"lang": "en", "next": "/processes"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/processes"
    page = text(client.get("/inbox"))
    assert '<html lang="en">' in page and "Inbox" in page and "Kotak Masuk" not in page
    post(client, "/language", {"lang": "xx", "next": "https://evil.example/"})
    assert '<html lang="en">' in text(client.get("/inbox"))
    auth.logout()  # the choice outlives the session
    assert '<html lang="en">' in text(client.get("/auth/login"))


def test_english_pages_hold_no_indonesian_ui_string(client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("staf")
    post(client, "/language", {"lang": "en"})
    pages = [client.get(url) for url in ("/inbox", f"/tasks/{task}", "/processes", "/instances",
                                         f"/instances/{instance}", "/tasks/9999")]
    joined = " ".join(text(p) for p in pages)
    for word in ("Kotak Masuk", "Selesaikan", "Kegiatan", "Riwayat", "Batas waktu", "Mulai Proses", "Tidak ditemukan",
                 "Keluar", "wajib"):
        assert word not in joined, word


def ui_strings():
    """Every string of the web UI that goes through _(): its msgid (a pair for ngettext) -> where it is used."""
    methods = [("*.py", "python"), ("templates/*.html", "jinja2.ext:babel_extract")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    found = {}
    for path, line, message, _comments, _context in extract_from_dir(ROOT / "webui", methods, keywords):
        found.setdefault(message, f"webui/{path}:{line}")
    # These reach _() through a variable, where no extractor can see them.
    indirect = [*(s for pair in webui.errors.TITLES.values() for s in pair), *webui.instances.EVENT_LABELS.values(),
                *webui.instances.DATA_LABELS.values(), *webui.views.STATUS_LABELS.values()]
    for message in indirect:
        found.setdefault(message, "a label table in webui/")
    return found


def english_catalogue():
    with (ROOT / "webui" / "locale" / "en.po").open("rb") as po:
        return read_po(po)


def singular(msgid):
    return msgid if isinstance(msgid, str) else msgid[0]


def english(entry):
    """An entry's English: one text, or one per plural form."""
    return entry.string if isinstance(entry.string, tuple) else (entry.string,)


def test_every_ui_string_has_english_in_en_po():
    catalogue, strings = english_catalogue(), ui_strings()
    missing = []
    for message, where in strings.items():
        entry = catalogue.get(singular(message))
        if entry is None or entry.id != message or entry.fuzzy or not all(english(entry)):
            missing.append(f"{where}: {message!r}")
    assert len(strings) > 100
    assert missing == [], "no English (or a fuzzy one) in webui/locale/en.po for:\n" + "\n".join(sorted(missing))


def test_en_po_holds_no_entry_the_code_no_longer_uses():
    catalogue, strings = english_catalogue(), ui_strings()
    used = {singular(message) for message in strings}
    entries = [*(entry for entry in catalogue if entry.id), *catalogue.obsolete.values()]
    obsolete = sorted(repr(entry.id) for entry in entries if singular(entry.id) not in used)
    assert obsolete == [], "webui/locale/en.po holds entries no code uses; remove them:\n" + "\n".join(obsolete)


def placeholders(text):
    try:
        return sorted(field for _text, field, _spec, _conversion in string.Formatter().parse(text) if field is not None)
    except ValueError:  # an unmatched brace: str.format would fail on the page
        return None


def test_english_keeps_the_placeholders_of_the_indonesian():
    wrong = []
    for entry in (entry for entry in english_catalogue() if entry.id):
        sources = [entry.id] if isinstance(entry.id, str) else entry.id
        for translated in english(entry):
            if any(placeholders(translated) != placeholders(source) for source in sources):
                wrong.append(f"{entry.id!r} -> {translated!r}")
    assert wrong == [], "English with other {placeholders} than its Indonesian in webui/locale/en.po:\n" + \
        "\n".join(wrong)


def test_a_count_reads_singular_or_plural_in_english(client, auth, engine):
    start_usulan(engine)
    auth.login("staf")
    post(client, "/language", {"lang": "en"})
    assert "1 task waiting." in text(client.get("/inbox"))
    start_usulan(engine)
    assert "2 tasks waiting." in text(client.get("/inbox"))


def test_times_read_day_first_in_the_offices_zone_in_either_language(webui_db):
    wita = Settings.from_env({"ALUR_TIMEZONE": "Asia/Makassar"})
    app = create_app({"TESTING": True, "ALUR_DB": str(webui_db), "SECRET_KEY": "test", "ALUR_SETTINGS": wita})
    for lang in ("id", "en"):
        with app.test_request_context() as request:
            request.session["lang"] = lang
            assert webui.views.format_stamp("2024-05-02T23:30:00+00:00") == "03-05-2024 07:30 WITA"
