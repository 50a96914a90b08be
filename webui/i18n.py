"""The UI's languages: Bahasa Indonesia (the source language of every string) and English.

Every string shown to staff goes through `_()`: `_("Proses #{id}", id=3)` looks the Indonesian text up in
the language's gettext catalogue, `webui/locale/<lang>.po`, then fills in the values with `str.format`.
Indonesian needs no catalogue: the text in the code is the Indonesian one.

To add a string: write it in Indonesian in the code, `_("Tugas baru: {name}", name=...)` in Python or
`{{ _("…") }}` in a template, then add its English to webui/locale/en.po:

    msgid "Tugas baru: {name}"
    msgstr "New task: {name}"

keeping every `{placeholder}` as it is. A count takes `ngettext("{count} tugas", "{count} tugas", n)` (the
same Indonesian twice: it has no plural) and an English form for one and for many:

    msgid "{count} tugas"
    msgid_plural "{count} tugas"
    msgstr[0] "{count} task"
    msgstr[1] "{count} tasks"

tests/test_webui.py extracts the strings with Babel and names any that has no English, any entry of en.po
that no code uses anymore (delete it), and any English that lost or changed a `{placeholder}`.
"""

from pathlib import Path

from flask import session

from engine import translations

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT = "id"
LOCALE = Path(__file__).parent / "locale"


def current_language():
    lang = session.get("lang")
    return lang if lang in LANGUAGES else DEFAULT


def catalogue(lang):
    """The translations of the Indonesian source strings into `lang` (none for Indonesian itself)."""
    return translations.load(_PATHS.get(lang) or LOCALE / f"{lang}.po")


_PATHS = {lang: LOCALE / f"{lang}.po" for lang in LANGUAGES}  # a page says hundreds of strings: no Path per string


def gettext(text, **values):
    text = catalogue(current_language()).gettext(text)
    return text.format(**values) if values else text


def ngettext(singular, plural, n, **values):
    """`_()` for a count: the form that fits `n` in the UI's language, with `{count}` standing for `n`."""
    text = catalogue(current_language()).ngettext(singular, plural, n)
    return text.format(**{"count": n, **values})


_ = gettext


def init_app(app):
    app.jinja_env.globals.update(_=gettext, ngettext=ngettext, current_language=current_language,
                                 LANGUAGES=LANGUAGES)
