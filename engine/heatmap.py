"""Where the work is now: for each activity of a process's newest diagram, how many running instances wait
there, since how long (working time) and how many of them past their due time."""

from . import queries, versions
from .clock import parse


def heatmap(ctx, process, now=None):
    """{process, name, version, bpmn, generated_at, day_minutes, activities: [{element, number, name, lane,
    waiting, late, longest_minutes, instances}], elsewhere}: `elsewhere` counts tasks waiting at activities the
    newest diagram no longer has (instances still on an older version)."""
    db, calendar = ctx.db, ctx.settings.calendar
    now = now or ctx.clock.now()
    newest = versions.newest(db, process)  # NotFound for a process never deployed
    model = versions.model_of(db, newest["id"])
    places = {element: {"element": element, "number": activity["number"], "name": activity["name"],
                        "lane": activity["lane"], "waiting": 0, "late": 0, "longest_minutes": 0.0, "instances": []}
              for element, activity in model["activities"].items()}
    elsewhere = 0
    for task in queries.tasks(ctx, process=process):
        place = places.get(task["element"])
        if place is None:
            elsewhere += 1
            continue
        place["waiting"] += 1
        place["late"] += bool(task["due_at"]) and parse(task["due_at"]) < now
        place["longest_minutes"] = max(place["longest_minutes"],
                                       round(calendar.working_minutes(parse(task["ready_at"]), now), 2))
        place["instances"].append(task["instance"])
    return {"process": process, "name": model["name"], "version": newest["version"],
            "bpmn": bytes(newest["bpmn"]).decode("utf-8"), "generated_at": ctx.clock.stamp(now),
            "day_minutes": calendar.day_minutes, "activities": [p for p in places.values() if p["waiting"]],
            "elsewhere": elsewhere}
