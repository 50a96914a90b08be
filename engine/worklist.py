"""The inbox and the list of instances as pages: search (subject, SOP, activity, instance number), filters, an
order, and pages read from indexes, so that a page costs the same with 100,000 instances as with 100.

The SQL is in engine.store (tasks.page, instances.page); this module turns what a user asked for into the
conditions it needs: which processes and which activities (version, element) a search word names, read from the
versions' models, which the engine caches per connection.
"""

import re
from dataclasses import dataclass, field

from . import users, versions
from .errors import InvalidData
from .results import Count
from .store import instances as instance_table
from .store import tasks as task_table
from .vocabulary import InstanceStatus

TASK_ORDERS = ("oldest", "due")          # ready longest first; nearest due time first (none last)
INSTANCE_ORDERS = ("newest", "oldest")
PAGE_LIMIT = 1000                         # most items a page may ask for
COUNT_CAP = 1000                          # a count stops here: "more than 1,000" is all a page needs to say
SEARCH_LIMIT = 200
_NUMBER = re.compile(r"^#?(\d{1,18})$")


@dataclass
class Search:
    """What a search word matches: text in the subject, these processes, these activities, this instance."""
    like: str
    processes: list = field(default_factory=list)
    activities: list = field(default_factory=list)   # (version id, element)
    number: int | None = None


def search_for(db, text):
    """The Search for `text`, or None when it is blank."""
    words = " ".join(str(text or "").split())
    if not words:
        return None
    if len(words) > SEARCH_LIMIT:
        raise InvalidData("list.search_too_long", field="search", length=len(words), limit=SEARCH_LIMIT)
    wanted = words.casefold()
    found = Search(like="%" + re.sub(r"([\\%_])", r"\\\1", words) + "%")
    match = _NUMBER.match(words)
    if match:
        found.number = int(match.group(1))
    for version_id in versions.table.ids(db):
        model = versions.model_of(db, version_id)
        names = (model["name"], model["process_id"], model["header"].get("nomor", ""))
        if any(wanted in str(name).casefold() for name in names):
            found.processes.append(model["process_id"])
        found.activities.extend((version_id, element) for element, activity in model["activities"].items()
                                if wanted in activity["name"].casefold())
    found.processes = sorted(set(found.processes))
    return found


def _page(limit, offset):
    if limit is not None and not (isinstance(limit, int) and 1 <= limit <= PAGE_LIMIT):
        raise InvalidData("list.bad_limit", field="limit", value=limit, limit=PAGE_LIMIT)
    if not (isinstance(offset, int) and offset >= 0):
        raise InvalidData("list.bad_offset", field="offset", value=offset)
    return limit, offset


def _order(order, choices):
    order = order or choices[0]
    if order not in choices:
        raise InvalidData("list.unknown_order", field="order", order=order, choices=list(choices))
    return order


def task_filter(ctx, lane=None, user=None, instance=None, process=None, search=None, overdue=False, taken_by=None,
                open_to=None):
    """The conditions of a list of READY tasks: lanes (None: every lane), and the rest as store.tasks.page takes
    them."""
    db = ctx.db
    lanes = users.get(db, user, ctx.clock.stamp()).work_lanes if user else None  # with the lanes they stand in for
    if lane:
        lanes = [lane] if lanes is None else [own for own in lanes if own == lane]
    if taken_by:
        users.get(db, taken_by)
    return task_table.Filter(lanes=lanes, instance=instance, process=process, search=search_for(db, search),
                             due_before=ctx.clock.stamp() if overdue else None, taken_by=taken_by,
                             open_to=open_to)


def task_ids(ctx, conditions, order=None, limit=None, offset=0):
    """The ids of a page of READY tasks, in `order`."""
    limit, offset = _page(limit, offset)
    order = _order(order, TASK_ORDERS)
    lanes = conditions.lanes
    if lanes is None and limit is not None:   # every lane: the page is merged from each lane's own index range
        lanes = sorted(versions.known_lanes(ctx.db))
    return task_table.page(ctx.db, conditions, lanes, order, limit, offset)


def count_tasks(ctx, conditions, cap=COUNT_CAP):
    counted = task_table.count(ctx.db, conditions, cap + 1)
    return Count(count=min(counted, cap), more=counted > cap)


def instance_filter(ctx, process=None, status=None, search=None, processes=None, activity=None):
    """`processes`: only these processes' instances (the ones a user may see), None for all."""
    if status is not None and status not in set(InstanceStatus):
        raise InvalidData("instance.unknown_status", status=status, choices=[s.value for s in InstanceStatus])
    return instance_table.Filter(process=process, status=status, search=search_for(ctx.db, search),
                                 processes=None if processes is None else sorted(processes), activity=activity)


def instance_ids(ctx, conditions, order=None, limit=None, offset=0):
    limit, offset = _page(limit, offset)
    return instance_table.page(ctx.db, conditions, _order(order, INSTANCE_ORDERS), limit, offset)


def count_instances(ctx, conditions, cap=COUNT_CAP):
    counted = instance_table.count(ctx.db, conditions, cap + 1)
    return Count(count=min(counted, cap), more=counted > cap)
