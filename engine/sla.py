"""Time standards kept or broken: each completed task's working time against its mutu baku.

A task's duration runs from when it became ready to when it was completed, counted in working time
(`engine.workcalendar`, with today's configuration). Its standard is the `waktu` of its activity in the
version the instance was on when the task became ready (the `task_ready` event's version; an instance
migrated later keeps its earlier tasks' standards). Tasks without a `waktu` count in the durations but not
in the share within the standard.

Everything is read from the `tasks`, `instances`, `versions` and `events` tables and the versions'
stored models; no workflow state is loaded.
"""

from collections import Counter, defaultdict
from datetime import datetime
from statistics import median

from . import versions
from .store import tasks as task_table
from .store import versions as version_table
from .vocabulary import TaskState


def report(ctx, process=None, now=None):
    """The time-standard report, for every process or one; `now` (the clock's, by default) decides what is
    overdue."""
    calendar, db = ctx.settings.calendar, ctx.db
    now = now or ctx.clock.now()
    if process:
        versions.newest(db, process)  # NotFound for a process never deployed
    numbers = version_table.numbers(db)
    done, overdue, seen, instances = [], [], [], {}
    for row in task_table.for_time_standards(db, process):
        activity = versions.model_of(db, row["version_id"])["activities"].get(row["element"], {})
        task = _task(row, activity, numbers)
        seen.append(task)
        instances.setdefault(row["instance_id"], {
            "instance": row["instance_id"], "process": row["process_id"],
            "version": numbers[row["instance_version_id"]], "status": row["instance_status"],
            "subject": row["subject"]})
        if row["state"] == TaskState.COMPLETED and row["completed_at"]:
            minutes = calendar.working_minutes(row["ready_at"], row["completed_at"])
            standard = calendar.standard_minutes(task["waktu"])
            done.append({**task, "completed_at": row["completed_at"], "completed_by": row["completed_by"],
                         "minutes": round(minutes, 2), "standard_minutes": standard,
                         "within": None if standard is None else minutes <= standard})
        elif row["state"] == TaskState.READY and row["due_at"] and datetime.fromisoformat(row["due_at"]) < now:
            overdue.append({**task, "assignee": row["assignee"], "due_at": row["due_at"],
                            "elapsed_minutes": round(calendar.working_minutes(row["ready_at"], now), 2),
                            "overdue_minutes": round(calendar.working_minutes(row["due_at"], now), 2)})
    overdue.sort(key=lambda t: (t["due_at"], t["task"]))
    return {
        "generated_at": ctx.clock.stamp(now), "process": process, "calendar": calendar.describe(),
        "processes": _grouped(seen, done, overdue, ("process",), version_table.names(db)),
        "lanes": _grouped(seen, done, overdue, ("process", "lane")),
        "activities": _activities(seen, done, calendar),
        "instances": _per_instance(instances, done, overdue),
        "overdue": overdue,
        "tasks": done,
    }


def _task(row, activity, numbers):
    return {"task": row["id"], "instance": row["instance_id"], "process": row["process_id"],
            "version": numbers[row["version_id"]], "element": row["element"], "number": activity.get("number"),
            "name": activity.get("name", row["element"]), "lane": row["lane"],
            "waktu": (activity.get("mutu_baku") or {}).get("waktu") or None, "ready_at": row["ready_at"],
            "subject": row["subject"]}


def _grouped(seen, done, overdue, keys, names=None):
    """Statistics per value of `keys`, for every group that has a task at all (done or still ready)."""
    groups, late = defaultdict(list), Counter(tuple(t[k] for k in keys) for t in overdue)
    for task in done:
        groups[tuple(task[k] for k in keys)].append(task)
    result = []
    for key in sorted({tuple(t[k] for k in keys) for t in seen}):
        entry = dict(zip(keys, key))
        if names is not None:
            entry["name"] = names.get(key[0], key[0])
        result.append({**entry, **_stats(groups[key]), "overdue_now": late[key]})
    return result


def _per_instance(instances, done, overdue):
    groups, late = defaultdict(list), Counter(t["instance"] for t in overdue)
    for task in done:
        groups[task["instance"]].append(task)
    return [{**info, **_stats(groups[key]), "overdue_now": late[key]} for key, info in sorted(instances.items())]


def _activities(seen, done, calendar):
    """Per activity (across versions; name and standard as in the newest version that has a task)."""
    newest, groups = {}, defaultdict(list)
    for task in seen:
        key = (task["process"], task["element"])
        if key not in newest or (task["version"], task["task"]) > (newest[key]["version"], newest[key]["task"]):
            newest[key] = task
    for task in done:
        groups[(task["process"], task["element"])].append(task)
    result = []
    for (process, element), task in newest.items():
        result.append({"process": process, "element": element, "number": task["number"], "name": task["name"],
                       "lane": task["lane"], "waktu": task["waktu"],
                       "standard_minutes": calendar.standard_minutes(task["waktu"]),
                       **_stats(groups[(process, element)])})
    return sorted(result, key=lambda a: (a["process"], number_key(a["number"]), a["element"]))


def _stats(tasks):
    minutes = sorted(t["minutes"] for t in tasks)
    judged = [t["within"] for t in tasks if t["within"] is not None]
    return {"count": len(minutes),
            "median_minutes": round(median(minutes), 2) if minutes else None,
            "p90_minutes": round(percentile(minutes, 0.9), 2) if minutes else None,
            "with_standard": len(judged), "within_standard": sum(judged),
            "share_within": round(sum(judged) / len(judged), 4) if judged else None}


def percentile(ordered, q):
    """The q-quantile of sorted values by linear interpolation between closest ranks (numpy's default)."""
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def number_key(number):
    """Order SOP row numbers as written: 2 before 10, A4 before B1."""
    text = str(number or "")
    digits = "".join(c for c in text if c.isdigit())
    return (text.rstrip("0123456789"), int(digits) if digits else 0, text)
