"""Demo set-up for development: deploy the SOP diagrams and add one user per lane."""

import re
from pathlib import Path

from .results import Message
from .vocabulary import Role

PASSWORD = "alur-demo"


def user_name(lane):
    return re.sub(r"[^a-z0-9]+", "-", lane.lower()).strip("-")


def set_up(alur, bpmn_dir, password=PASSWORD):
    """Deploy `bpmn_dir`/*/*.bpmn and add missing demo users; yield what was done (messages), one by one."""
    files = sorted(str(p) for p in Path(bpmn_dir).glob("*/*.bpmn"))
    for result in alur.deploy(files, actor="demo") if files else []:
        yield result.message
    existing = {u.name for u in alur.users()}
    lanes = sorted({lane for p in alur.processes() for lane in p.lanes})
    for lane in lanes:
        name = user_name(lane)
        if name not in existing:
            alur.add_user(name, lanes=[lane], password=password)
        yield Message("demo.lane_user", {"user": name, "lane": lane, "password": password})
    for role in (Role.ADMIN, Role.AUDITOR, Role.ANALYST):
        if role.value not in existing:
            alur.add_user(role.value, roles=[role], password=password)
        yield Message("demo.role_user", {"user": role.value, "role": role, "password": password})
