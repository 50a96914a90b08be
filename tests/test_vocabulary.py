"""One vocabulary: statuses, task states, event types and roles are spelled only in engine/vocabulary.py, and
every refusal the engine can give reads in Indonesian."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

from engine import messages
from engine.results import Message
from engine.vocabulary import EventType, InstanceStatus, Role, TaskState

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for folder in ("engine", "cli", "webui") for pattern in ("*.py", "*.html", "*.js")
           for p in (ROOT / folder).rglob(pattern) if p.name != "vocabulary.py"]
VALUES = {member.value for enum in (InstanceStatus, TaskState, EventType, Role) for member in enum}
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)\}")


def test_no_status_state_event_type_or_role_is_spelled_outside_the_vocabulary():
    quoted = re.compile(r"""(['"])(%s)\1""" % "|".join(sorted(VALUES, key=len, reverse=True)))
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in SOURCES for number, line in enumerate(path.read_text().splitlines(), 1)
             if quoted.search(line) and "lueprint" not in line]  # the analysts' pages are a blueprint "analyst"
    assert found == []


def indonesian():
    with open(messages.LOCALE / "id.po", "rb") as source:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(source) if m.id}


def test_every_code_has_indonesian_text_with_the_same_placeholders():
    catalog = indonesian()
    missing = []
    for code, text in messages.TEXTS.items():
        english = text if isinstance(text, str) else text[0]
        entry = catalog.get((code, english))
        strings = () if entry is None else (entry.string if isinstance(entry.string, tuple) else (entry.string,))
        if entry is None or entry.fuzzy or not all(strings) or \
                any(set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(english)) for s in strings):
            missing.append(code)
    assert missing == [], "engine/locale/id.po lacks (or has a wrong) Indonesian text for these codes"


def test_the_catalogue_holds_no_entry_for_a_code_that_is_gone():
    words = {enum.__name__ for enum in (InstanceStatus, TaskState, EventType, Role)} | {"word"}
    gone = [context for context, _ in indonesian() if context not in messages.TEXTS and context not in words]
    assert gone == []


def test_every_word_of_the_vocabulary_has_an_indonesian_name():
    catalog = indonesian()
    missing = [f"{type(m).__name__}.{m.name}" for enum in (InstanceStatus, TaskState, EventType, Role) for m in enum
               if not getattr(catalog.get((enum.__name__, m.value)), "string", "")]
    assert missing == []


def test_a_refusal_reads_in_indonesian_and_in_english_with_its_dates_in_the_office_time_zone():
    from zoneinfo import ZoneInfo
    message = Message("task.completed_already", {"task": 3, "name": "Memeriksa konsep surat", "by": "kepala",
                                                 "at": "2026-03-02T01:30:00.000000+00:00"})
    english = messages.render(message, "en", ZoneInfo("Asia/Jakarta"))
    indonesian_text = messages.render(message, "id", ZoneInfo("Asia/Jakarta"))
    assert "02-03-2026 08:30 WIB" in english and "02-03-2026 08:30 WIB" in indonesian_text
    assert english != indonesian_text and "kepala" in indonesian_text and "Memeriksa konsep surat" in indonesian_text
