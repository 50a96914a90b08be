"""Evaluation of an SOP from its runs: each activity's written waktu against the working time measured, with a
revised mutu baku proposed where the written one is unrealistic, and each lane's load.

A proposal needs at least `MIN_SAMPLES` completed tasks of the activity. The written waktu is too tight when
fewer than half of them were done within it, too loose when nine in ten were done within a quarter of it (the
90th percentile under a quarter of the standard). Either way the proposal is the 90th percentile rounded up to
how SOPs write time: 5-minute steps up to an hour, whole hours below a working day, whole days beyond.
"""

import math
from collections import Counter

from . import queries, versions
from . import sla as time_standards

MIN_SAMPLES = 5
TIGHT_SHARE = 0.5       # fewer than half within: too tight
LOOSE_FACTOR = 0.25     # nine in ten within a quarter of it: too loose


def evaluate(ctx, process, now=None):
    """{process, name, version, generated_at, day_minutes, activities, lanes} for one SOP."""
    db = ctx.db
    newest = versions.newest(db, process)  # NotFound for a process never deployed
    model = versions.model_of(db, newest["id"])
    report = time_standards.report(ctx, process=process, now=now)
    day = ctx.settings.calendar.day_minutes
    measured = {a["element"]: a for a in report["activities"]}
    activities = []
    for element, activity in sorted(model["activities"].items(),
                                    key=lambda item: time_standards.number_key(item[1]["number"])):
        stats = measured.get(element, {})
        waktu = activity["mutu_baku"].get("waktu") or None
        entry = {"element": element, "number": activity["number"], "name": activity["name"],
                 "lane": activity["lane"], "waktu": waktu,
                 "standard_minutes": ctx.settings.calendar.standard_minutes(waktu),
                 **{key: stats.get(key) for key in ("count", "median_minutes", "p90_minutes", "with_standard",
                                                    "within_standard", "share_within")}}
        entry["count"] = entry["count"] or 0
        entry.update(_proposal(entry, day))
        activities.append(entry)
    return {"process": process, "name": model["name"], "version": newest["version"],
            "generated_at": report["generated_at"], "day_minutes": day, "min_samples": MIN_SAMPLES,
            "activities": activities, "lanes": _lanes(ctx, model, report, process)}


def _proposal(entry, day):
    """{judgement, proposed_waktu, proposed_minutes}: judgement None (too few or fine), 'tight' or 'loose'."""
    none = {"judgement": None, "proposed_waktu": None, "proposed_minutes": None}
    standard, p90 = entry["standard_minutes"], entry["p90_minutes"]
    if not standard or not entry["with_standard"] or entry["with_standard"] < MIN_SAMPLES or p90 is None:
        return none
    if entry["share_within"] < TIGHT_SHARE:
        judgement = "tight"
    elif p90 < standard * LOOSE_FACTOR:
        judgement = "loose"
    else:
        return none
    minutes, text = rounded_up(p90, day)
    if minutes == standard:
        return none
    return {"judgement": judgement, "proposed_waktu": text, "proposed_minutes": minutes}


def rounded_up(minutes, day):
    """(minutes, waktu as SOPs write it) at or above `minutes`: '15 menit', '3 jam', '2 hari'."""
    if minutes <= 60:
        steps = max(1, math.ceil(minutes / 5)) * 5
        return steps, f"{steps} menit"
    hours = math.ceil(minutes / 60)
    if hours * 60 < day:
        return hours * 60, f"{hours} jam"
    days = math.ceil(minutes / day)
    return days * day, f"{days} hari"


def _lanes(ctx, model, report, process):
    """Per lane of the SOP, in column order: tasks done (and how many within), waiting now, late now."""
    waiting = Counter(t["lane"] for t in queries.tasks(ctx, process=process))
    late = Counter(t["lane"] for t in report["overdue"])
    done = {r["lane"]: r for r in report["lanes"]}
    return [{"lane": lane, "done": done.get(lane, {}).get("count", 0),
             "within_standard": done.get(lane, {}).get("within_standard", 0),
             "with_standard": done.get(lane, {}).get("with_standard", 0),
             "share_within": done.get(lane, {}).get("share_within"),
             "median_minutes": done.get(lane, {}).get("median_minutes"),
             "waiting": waiting[lane], "late": late[lane]} for lane in model["lanes"]]

