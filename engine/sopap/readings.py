"""How the cells of an SOP AP table are read: heading and item names, time standards as offices write them,
decisions, the fields a row asks for, the kelengkapan checklist, identifiers."""

import math
import re
import unicodedata
from dataclasses import dataclass

from .. import timestandard
from ..errors import InvalidData


def norm(text):
    """A heading or item name with case, spaces and punctuation gone: 'Tgl. Pembuatan' -> 'tglpembuatan'."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def slug(text, limit=40):
    """An identifier from words: 'Draft SK (usulan)' -> 'draft_sk_usulan'."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:limit].strip("_")


# ---- time standards -------------------------------------------------------------------------------------

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_RANGE = re.compile(rf"^{_NUMBER}\s*(?:-|–|—|s\.?/?d\.?|sampai|hingga|to)\s*{_NUMBER}\s*([a-zA-Z]*)\.?$")
_AMOUNT = re.compile(rf"^{_NUMBER}\s*([a-zA-Z]*)\.?$")
_UNIT_WORDS = {"M": "menit", "H": "jam", "D": "hari", "W": "minggu", "MO": "bulan"}
_SMALLER = {"H": ("M", 60), "W": ("D", 5), "MO": ("D", 20)}


@dataclass
class Waktu:
    """A time standard read: `written` as in the table, `waktu` as the engine reads it ('' for none), `note` a
    warning code when reading it took a choice (a range's upper bound, a fraction rounded up)."""

    written: str
    waktu: str = ""
    note: str = ""
    error: str = ""


def read_waktu(text, heading_unit=""):
    """'1-2 hari' -> 2 hari (the range's upper bound: the standard a task must meet); '1,5 jam' -> 90 menit;
    '2' under a 'Waktu (hari)' heading -> 2 hari; '' -> no time standard."""
    written = " ".join(str(text or "").split())
    if not written or written in ("-", "–"):
        return Waktu(written)
    note = ""
    match = _RANGE.match(written)
    if match:
        amount, unit_word, note = match.group(2), match.group(3), "sop.waktu_range"
    else:
        match = _AMOUNT.match(written)
        if not match:
            return Waktu(written, error="sop.waktu_unreadable")
        amount, unit_word = match.group(1), match.group(2)
    if not unit_word:
        if not heading_unit:
            return Waktu(written, error="sop.waktu_no_unit")
        unit_word = heading_unit
    unit = timestandard.UNITS.get(unit_word.lower())
    if unit is None:
        return Waktu(written, error="sop.waktu_unreadable")
    value = float(amount.replace(",", "."))
    if not value.is_integer():
        value, unit, rounded = _whole(value, unit)
        note = note or ("sop.waktu_rounded" if rounded else "")
    if value <= 0:
        return Waktu(written, error="sop.waktu_unreadable")
    waktu = f"{int(value)} {_UNIT_WORDS[unit]}"
    try:
        timestandard.to_iso(waktu)
    except InvalidData:
        return Waktu(written, error="sop.waktu_unreadable")
    return Waktu(written, waktu, note)


def _whole(value, unit):
    """A fraction in a smaller unit when it is whole there (1,5 jam = 90 menit), else rounded up."""
    while not value.is_integer() and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        value, unit = value * factor, smaller
    if value.is_integer():
        return value, unit, False
    return float(math.ceil(value)), unit, True


def heading_unit(heading):
    """The unit a heading gives bare numbers: 'Waktu (hari)' -> 'hari'; '' when none or ambiguous."""
    inner = re.findall(r"\(([^)]*)\)", str(heading or ""))
    word = inner[0].strip().lower() if inner else ""
    return word if word in timestandard.UNITS else ""


# ---- decisions ------------------------------------------------------------------------------------------

END_WORDS = {"selesai", "akhir", "berakhir", "end", "stop", "tamat", "finish", "done"}
_ARROW = re.compile(r"\s*(?:->|→|=>|⇒|>)\s*")


@dataclass
class Answer:
    answer: str
    target: str = ""      # the row as written ("6", "A2", "5a"), "" for the next row
    ends: bool = False    # leads to the end of the procedure


def read_keputusan(text):
    """'Disetujui? setuju -> 6; tidak setuju -> 3' -> ('Disetujui?', [Answer, ...]). Raises ValueError
    with a problem code when it cannot be read."""
    text = " ".join(str(text or "").replace("\n", "; ").split())
    question, mark, rest = text.partition("?")
    if not mark:
        question, rest = "", text
    else:
        question = question.strip() + "?"
    answers = []
    for part in re.split(r"\s*[;|]\s*", rest.strip(" ;:")):
        if not part:
            continue
        pieces = _ARROW.split(part, maxsplit=1)
        answer = pieces[0].strip(" :,.")
        target = pieces[1].strip(" .") if len(pieces) > 1 else ""
        if not answer:
            raise ValueError("sop.answer_empty")
        ends = norm(target) in END_WORDS
        answers.append(Answer(answer, "" if ends else target, ends))
    if len(answers) < 2:
        raise ValueError("sop.decision_answers")
    seen = [a.answer.lower() for a in answers]
    if len(set(seen)) != len(seen):
        raise ValueError("sop.answer_repeated")
    return question, answers


def normal_number(text):
    """A row number as compared: '6.' -> '6', ' A 2 ' -> 'a2', '5.a' -> '5a'."""
    return norm(text)


# ---- fields a row asks for ------------------------------------------------------------------------------

TYPES = {"teks": "text", "text": "text", "catatan": "textarea", "tekspanjang": "textarea", "textarea": "textarea",
         "angka": "number", "bilangan": "number", "number": "number", "tanggal": "date", "date": "date",
         "yatidak": "boolean", "boolean": "boolean", "yesno": "boolean"}
OPTIONAL = {"opsional", "optional", "tidakwajib", "bilaada"}
_ENTRY = re.compile(r"^(?P<label>.*?)\s*(?:\[(?P<type>[^\]]*)\])?\s*(?:\((?P<opt>[^)]*)\))?\s*"
                    r"(?:\{(?P<name>[^}]*)\})?$")


@dataclass
class Isian:
    label: str
    type: str = "text"
    required: bool = True
    name: str = ""        # as written in {braces}; else made from the label


def read_isian(text):
    """`Nomor SPT; Tanggal terima [tanggal] (opsional) {tanggal_terima}` -> (fields, no_default). `-` alone says
    the row's output has no reference to record. Raises ValueError with a problem code."""
    text = str(text or "").strip()
    if text in ("-", "–"):
        return [], True
    fields = []
    for entry in re.split(r"\s*[;\n]\s*", text):
        if not entry:
            continue
        match = _ENTRY.match(entry)
        label = (match.group("label") or "").strip()
        if not label:
            raise ValueError("sop.isian_unreadable")
        kind = TYPES.get(norm(match.group("type") or "teks"))
        if kind is None:
            raise ValueError("sop.isian_type")
        optional = match.group("opt")
        if optional is not None and norm(optional) not in OPTIONAL:
            label, optional = f"{label} ({optional})", None
        fields.append(Isian(label, kind, optional is None, (match.group("name") or "").strip()))
    return fields, False


def write_isian(fields, no_default):
    """The Isian cell that read_isian reads back as `fields` (each an Isian with its name)."""
    if no_default and not fields:
        return "-"
    words = {v: k for k, v in (("teks", "text"), ("catatan", "textarea"), ("angka", "number"),
                               ("tanggal", "date"), ("ya/tidak", "boolean"))}
    parts = []
    for f in fields:
        part = f.label + (f" [{words[f.type]}]" if f.type != "text" else "") + ("" if f.required else " (opsional)")
        parts.append(part + (f" {{{f.name}}}" if f.name and f.name != slug(f.label) else ""))
    return "; ".join(parts)


def kelengkapan_items(text):
    """The checklist of a kelengkapan: 'Surat dan Disposisi' -> ['Surat', 'Disposisi']."""
    items = re.split(r"\s*(?:,|;|\n|\bdan\b)\s*", str(text or ""))
    return list(dict.fromkeys(i.strip(" .") for i in items if i.strip(" .")))


def short_name(kegiatan, lanes):
    """A task's name from its Kegiatan when the table gives none: without its subject (the executor) and cut
    at the first clause, about 60 characters at most. 'TPI melakukan assesment dengan cara wawancara' ->
    'Melakukan assesment dengan cara wawancara'."""
    text = " ".join(kegiatan.split())
    for lane in sorted(lanes, key=len, reverse=True):
        if text.lower().startswith(lane.lower() + " "):
            text = text[len(lane) + 1:]
            break
    text = re.split(r",|;|\.\s", text)[0].strip(" .")
    if len(text) > 60:
        text = text[:60].rsplit(" ", 1)[0]
    return text[:1].upper() + text[1:]
