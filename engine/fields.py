"""Fields: what the executor of an activity records, declared in the diagram as `field.NAME`."""

import json
import re
from datetime import date

from .errors import InvalidData

TYPES = ("text", "textarea", "number", "date", "boolean", "choice", "checklist")
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
    unknown = set(spec) - {"label", "type", "required", "choices"}
    if unknown:
        raise InvalidData("field.unknown_keys", field=name, keys=sorted(unknown))
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
    return {"name": name, "label": str(spec.get("label") or name), "type": kind,
            "required": spec.get("required", False), "choices": choices}


def validate(fields, data):
    """Check submitted `data` against `fields`; return the cleaned values. Names the first bad field."""
    if not isinstance(data, dict):
        raise InvalidData("data.not_object")
    declared = {f["name"]: f for f in fields}
    unknown = sorted(set(data) - set(declared))
    if unknown:
        raise InvalidData("field.unknown", field=unknown[0], choices=list(declared))
    cleaned = {}
    for field in fields:
        value = data.get(field["name"])
        if _is_empty(value):
            if field["required"]:
                raise InvalidData("field.required", field=field["name"], label=field["label"])
            continue
        cleaned[field["name"]] = _clean(field, value)
    return cleaned


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
    return _checklist(field, value)


def _number(name, value):
    if isinstance(value, bool):
        raise InvalidData("field.not_number", field=name, value=str(value))
    if isinstance(value, (int, float)):
        return value
    try:
        text = str(value).strip().replace(",", ".")
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        raise InvalidData("field.not_number", field=name, value=str(value)) from None


def _checklist(field, value):
    name = field["name"]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise InvalidData("field.not_list", field=name)
    outside = [i for i in items if i not in field["choices"]]
    if outside:
        raise InvalidData("field.not_choice", field=name, items=field["choices"], value=outside[0])
    if field["required"] and set(items) != set(field["choices"]):
        missing = [c for c in field["choices"] if c not in items]
        raise InvalidData("field.unchecked", field=name, items=missing, label=field["label"])
    return [c for c in field["choices"] if c in items]
