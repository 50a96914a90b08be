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
        raise InvalidData(f"field name '{name}' must be lower-case letters, digits and _ , starting with a letter")
    try:
        spec = json.loads(value or "{}")
    except json.JSONDecodeError as error:
        raise InvalidData(f"field '{name}' is not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(spec, dict):
        raise InvalidData(f"field '{name}' must be a JSON object such as {{\"type\": \"text\"}}")
    unknown = set(spec) - {"label", "type", "required", "choices"}
    if unknown:
        raise InvalidData(f"field '{name}' has unknown keys {sorted(unknown)}: use label, type, required, choices")
    kind = spec.get("type", "text")
    if kind not in TYPES:
        raise InvalidData(f"field '{name}' has type '{kind}': use one of {', '.join(TYPES)}")
    choices = spec.get("choices")
    if kind in ("choice", "checklist"):
        if not isinstance(choices, list) or not choices or not all(isinstance(c, str) and c for c in choices):
            raise InvalidData(f"field '{name}' of type {kind} needs \"choices\": a list of answers")
    elif choices is not None:
        raise InvalidData(f"field '{name}' has choices but type '{kind}': make it a choice or checklist")
    if not isinstance(spec.get("label", ""), str):
        raise InvalidData(f"field '{name}': \"label\" must be text")
    if not isinstance(spec.get("required", False), bool):
        raise InvalidData(f"field '{name}': \"required\" must be true or false")
    return {"name": name, "label": str(spec.get("label") or name), "type": kind,
            "required": spec.get("required", False), "choices": choices}


def validate(fields, data):
    """Check submitted `data` against `fields`; return the cleaned values. Names the first bad field."""
    if not isinstance(data, dict):
        raise InvalidData("the data must be a JSON object such as {\"catatan\": \"...\"}")
    declared = {f["name"]: f for f in fields}
    unknown = sorted(set(data) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise InvalidData(f"unknown field '{unknown[0]}': this activity records {allowed}", field=unknown[0],
                          code="unknown_field")
    cleaned = {}
    for field in fields:
        value = data.get(field["name"])
        if _is_empty(value):
            if field["required"]:
                raise InvalidData(f"field '{field['name']}' ({field['label']}) is required", field=field["name"],
                                  code="required")
            continue
        cleaned[field["name"]] = _clean(field, value)
    return cleaned


def _is_empty(value):
    return value is None or value == "" or value == []


def _clean(field, value):
    name, kind = field["name"], field["type"]
    if kind in ("text", "textarea"):
        if not isinstance(value, str):
            raise InvalidData(f"field '{name}' must be text", field=name, code="not_text")
        return value.strip()
    if kind == "number":
        return _number(name, value)
    if kind == "date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise InvalidData(f"field '{name}' must be a date written YYYY-MM-DD, not '{value}'", field=name,
                              code="not_date") from None
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "ya", "yes", "1", "on"):
            return True
        if str(value).lower() in ("false", "tidak", "no", "0", "off"):
            return False
        raise InvalidData(f"field '{name}' must be true or false", field=name, code="not_boolean")
    if kind == "choice":
        if value not in field["choices"]:
            raise InvalidData(f"field '{name}' must be one of {', '.join(field['choices'])}; got '{value}'", field=name,
                              code="not_choice", items=field["choices"])
        return value
    return _checklist(field, value)


def _number(name, value):
    if isinstance(value, bool):
        raise InvalidData(f"field '{name}' must be a number", field=name, code="not_number")
    if isinstance(value, (int, float)):
        return value
    try:
        text = str(value).strip().replace(",", ".")
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        raise InvalidData(f"field '{name}' must be a number, not '{value}'", field=name, code="not_number") from None


def _checklist(field, value):
    name = field["name"]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise InvalidData(f"field '{name}' must be a list of items", field=name, code="not_list")
    outside = [i for i in items if i not in field["choices"]]
    if outside:
        raise InvalidData(f"field '{name}': '{outside[0]}' is not one of {', '.join(field['choices'])}", field=name,
                          code="not_choice", items=field["choices"])
    if field["required"] and set(items) != set(field["choices"]):
        missing = [c for c in field["choices"] if c not in items]
        raise InvalidData(f"field '{name}' ({field['label']}): not yet checked: {', '.join(missing)}", field=name,
                          code="unchecked", items=missing)
    return [c for c in field["choices"] if c in items]
