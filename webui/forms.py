"""The task form: built from the fields the diagram declares, read back into the data the engine checks.

The engine validates the data (required, types, choices); here the form's strings are only gathered, so
that what was typed can be shown again when the engine refuses it.
"""


def decision_field(fields):
    """The choice field shown as one submit button per answer: the task's only choice field, if any."""
    choices = [f for f in fields if f["type"] == "choice"]
    return choices[0] if len(choices) == 1 else None


def read(fields, form):
    """The submitted values of the task's fields (and nothing else), as the engine takes them."""
    data = {}
    for field in fields:
        name = field["name"]
        if field["type"] == "checklist":
            data[name] = form.getlist(name)
        else:
            data[name] = form.get(name, "")
    return data


def is_checked(values, field, choice):
    value = values.get(field["name"])
    return choice in value if isinstance(value, list) else value == choice


def kelengkapan_field(fields, items):
    """The checklist field that records the kelengkapan, if the diagram declares one (same items)."""
    wanted = sorted(i.lower() for i in items)
    for field in fields:
        if field["type"] == "checklist" and sorted(c.strip().lower() for c in field["choices"]) == wanted:
            return field
    return None


def kelengkapan_items(text):
    """'Kertas, laptop, printer' -> ['Kertas', 'laptop', 'printer']."""
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def uploads(fields, files):
    """The documents sent for the task's file fields: {field: (file name, bytes)}; a field left empty is absent."""
    sent = {}
    for field in fields:
        storage = files.get(field["name"]) if field["type"] == "file" else None
        if storage is not None and storage.filename:
            sent[field["name"]] = (storage.filename, storage.read())
    return sent


def has_files(fields):
    return any(field["type"] == "file" for field in fields)


def prefill(fields, entered):
    """What was entered the last time a task was done, as the form's strings (a document cannot be put back
    into a file input: the page links it instead)."""
    values = {}
    for field in fields:
        value = entered.get(field["name"])
        if value is None or field["type"] == "file":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        values[field["name"]] = value if isinstance(value, list) else str(value)
    return values
