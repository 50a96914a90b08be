"""Fields: what the executor of an activity records, declared in the diagram as `field.NAME`.

`required_when` ({"keputusan_5": ["tidak setuju"]}) makes a field required when another field of the task has one
of those answers: the reason an SOP importer asks for every answer that sends work back.

A number is finite: NaN, infinities and anything beyond a double's range (`1e999`, a 400-digit integer) are
refused wherever data comes in, so that whatever is stored reads back as the same JSON (engine.audit compares).
"""

import json
import math
import re
from datetime import date

from . import attachments
from .errors import InvalidData, InvalidFields

TYPES = ("text", "textarea", "number", "date", "boolean", "choice", "checklist", "file")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def parse_declaration(name, value):
    """Turn a `field.NAME` property into a field dict; raises InvalidData naming what is wrong."""
    if not NAME.match(name):
        raise InvalidData("field.bad_name", field=name)
    try:
        spec = json.loads(value or "{}")
    except json.JSONDecodeError as error:
        raise InvalidData("field.bad_json", field=name, detail=error.msg, column=error.colno) from None
    if not isinstance(spec, dict):
        raise InvalidData("field.not_object", field=name)
    unknown = set(spec) - {"label", "type", "required", "choices", "required_when"}
    if unknown:
        raise InvalidData("field.unknown_keys", field=name, keys=sorted(unknown))
    when = spec.get("required_when")
    if when is not None and not (isinstance(when, dict) and when and all(
            isinstance(v, list) and v and all(isinstance(x, str) for x in v) for v in when.values())):
        raise InvalidData("field.bad_required_when", field=name)
    kind = spec.get("type", "text")
    if kind not in TYPES:
        raise InvalidData("field.unknown_type", field=name, type=kind, choices=list(TYPES))
    choices = spec.get("choices")
    if kind in ("choice", "checklist"):
        if not isinstance(choices, list) or not choices or not all(isinstance(c, str) and c for c in choices):
            raise InvalidData("field.needs_choices", field=name, type=kind)
    elif choices is not None:
        raise InvalidData("field.choices_without_choice", field=name, type=kind)
    if not isinstance(spec.get("label", ""), str):
        raise InvalidData("field.label_not_text", field=name)
    if not isinstance(spec.get("required", False), bool):
        raise InvalidData("field.required_not_boolean", field=name)
    declared = {"name": name, "label": str(spec.get("label") or name), "type": kind,
                "required": spec.get("required", False), "choices": choices}
    if when:
        declared["required_when"] = when
    return declared


def validate(fields, data, files=None, limit=None, every_item=True):
    """Check submitted `data`, and `files` ({field: (file name, bytes)}) for the file fields, against `fields`;
    return the cleaned values (a file field's an attachments.Upload). Every problem is named at once
    (InvalidFields, one InvalidData per field). `every_item` False lets a required checklist miss items (the
    answer sends the work back: engine.kelengkapan); `limit` is the largest document in bytes."""
    if not isinstance(data, dict):
        raise InvalidData("data.not_object")
    files = files or {}
    declared = {f["name"]: f for f in fields}
    problems = []
    unknown = sorted(set(data) - set(declared))
    if unknown:
        problems.append(InvalidData("field.unknown", field=unknown[0], choices=list(declared)))
    file_fields = [f["name"] for f in fields if f["type"] == "file"]
    for name in sorted(set(files) - set(file_fields)):
        problems.append(InvalidData("field.not_file", field=name, choices=file_fields))
    cleaned = {}
    for field in fields:
        try:
            value = _value(field, data, files, limit, every_item)
        except InvalidData as error:
            problems.append(error)
            continue
        if value is not None:
            cleaned[field["name"]] = value
    if problems:
        raise InvalidFields(problems)
    return cleaned


def _value(field, data, files, limit, every_item):
    """The cleaned value of one field, None when left empty."""
    name, value = field["name"], data.get(field["name"])
    if field["type"] == "file":
        if not _is_empty(value):
            raise InvalidData("field.file_in_data", field=name)
        value = files.get(name)
    if _is_empty(value):
        if field["required"] and (every_item or field["type"] != "checklist"):
            raise InvalidData("field.required", field=name, label=field["label"])
        answer = _required_by(field, data)
        if answer:
            raise InvalidData("field.required_when", field=name, label=field["label"], answer=answer)
        return None
    if field["type"] == "file":
        return attachments.check(field, value, limit or 0)
    if field["type"] == "checklist":
        return _checklist(field, value, every_item)
    return _clean(field, value)


def _required_by(field, data):
    """The answer that makes an empty field required (`required_when`: {"keputusan": ["tidak setuju"]}),
    such as a reason for sending work back; None when no answer does."""
    for other, answers in (field.get("required_when") or {}).items():
        if data.get(other) in answers:
            return data[other]
    return None


def _is_empty(value):
    return value is None or value == "" or value == []


def _clean(field, value):
    name, kind = field["name"], field["type"]
    if kind in ("text", "textarea"):
        if not isinstance(value, str):
            raise InvalidData("field.not_text", field=name)
        return value.strip()
    if kind == "number":
        return _number(name, value)
    if kind == "date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise InvalidData("field.not_date", field=name, value=str(value)) from None
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "ya", "yes", "1", "on"):
            return True
        if str(value).lower() in ("false", "tidak", "no", "0", "off"):
            return False
        raise InvalidData("field.not_boolean", field=name)
    if kind == "choice":
        if value not in field["choices"]:
            raise InvalidData("field.not_choice", field=name, items=field["choices"], value=str(value))
    return value


def _number(name, value):
    if isinstance(value, bool):
        raise InvalidData("field.not_number", field=name, value=str(value))
    number = value
    if not isinstance(value, (int, float)):
        try:
            text = str(value).strip().replace(",", ".")
            number = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:  # also an integer of more than 4300 digits
            raise InvalidData("field.not_number", field=name, value=_shown(value)) from None
    if not is_finite(number):
        raise InvalidData("field.not_finite", field=name, value=_shown(value))
    return number


def is_finite(number):
    """A number neither NaN nor infinite, within a double's range (an int is too, if a float can hold it)."""
    try:
        return math.isfinite(number)
    except OverflowError:  # an int too large for a float
        return False


def refuse_non_finite(data):
    """Refuse `data` (a dict of JSON values) when a number anywhere in it is not finite, naming its key."""
    for key, value in data.items():
        bad = _non_finite(value)
        if bad is not None:
            raise InvalidData("field.not_finite", field=key, value=_shown(bad))


def _non_finite(value):
    """The first number in `value`, however deep, that is not finite; else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None if is_finite(value) else value
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
    return next((bad for bad in map(_non_finite, items) if bad is not None), None)


def _shown(value):
    """A refused value as a message quotes it: at most 40 characters."""
    if isinstance(value, int) and not is_finite(value):  # too long to write out: its order of magnitude
        return f"{'-' if value < 0 else ''}1e{math.floor(math.log10(abs(value)))}"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _checklist(field, value, every_item=True):
    name = field["name"]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise InvalidData("field.not_list", field=name)
    outside = [i for i in items if i not in field["choices"]]
    if outside:
        raise InvalidData("field.not_choice", field=name, items=field["choices"], value=outside[0])
    if field["required"] and every_item and set(items) != set(field["choices"]):
        missing = [c for c in field["choices"] if c not in items]
        raise InvalidData("field.unchecked", field=name, items=missing, label=field["label"])
    return [c for c in field["choices"] if c in items]
