"""Months of plausible history for the demo database, made through the real API (start, complete, cancel) with
a clock moved from event to event, so that the chain is a real chain and `alur verify` passes.

Each deployed process gets instances started on working days over the months before now. Every task takes a
working time drawn against its mutu baku: most are on time, one activity per SOP is often late, one is always
far faster than its standard (the evaluation then proposes a shorter one), and one lane of one SOP is short of
staff (its tasks are late more often: that SOP is not "Berjalan dengan baik"). Decisions go back now and then
(a loop, at most twice in a row), a few instances are cancelled, and what would end after now stays waiting.
Everything is drawn from one seeded random generator: the same call gives the same history.
"""

import heapq
import random
from collections import Counter
from datetime import datetime, time, timedelta

from . import flowgraph, versions
from .clock import FixedClock
from .demo import user_name
from .results import Message
from .vocabulary import InstanceStatus, Role

DAYS_PER_MONTH = 30
STARTS_PER_MONTH = 4          # per process
RETURN_CHANCE = 0.25          # a decision goes back
CANCEL_CHANCE = 0.08
# What the demo cases are about (perihal): the perangkat daerah proposed, or the year's competition and entrant.
SUBJECTS = {"pengusulan_wbk_wbbm": ["Dinas Kependudukan dan Pencatatan Sipil", "Dinas Penanaman Modal dan PTSP",
                                    "RSUD Nganjuk", "Kecamatan Kertosono", "Dinas Kesehatan", "Badan Pendapatan Daerah",
                                    "Dinas Perhubungan", "Kecamatan Bagor"],
            "kompetisi_sinovik": ["Inovasi Dispendukcapil", "Inovasi RSUD dr. Wahidin Sudiro Husodo",
                                  "Inovasi Dinas Kesehatan", "Inovasi DPMPTSP", "Inovasi Kecamatan Prajurit Kulon",
                                  "Inovasi Dinas Pendidikan"]}
MAX_RETURNS = 2               # per decision and instance
STALLING_DAYS, STALL_CHANCE = 20, 0.3   # in the last weeks some tasks wait long: overdue now


def fill(alur, months=6, seed=35, end=None):
    """Add the history unless the database already has instances; yield what was done (messages)."""
    if alur.instances():
        yield Message("demo.history_present", {"instances": len(alur.instances())})
        return
    real_clock = alur.ctx.clock
    end = end or real_clock.now()
    clock = FixedClock(end)
    alur.ctx.clock = clock
    # Made-up data that the same call makes again: no fsync per command (seconds instead of half a minute).
    alur.db.execute("SET synchronous_commit = off" if alur.db.postgresql else "PRAGMA synchronous=OFF")
    try:
        simulation = _Simulation(alur, clock, random.Random(seed), end)
        simulation.schedule_starts(end - timedelta(days=months * DAYS_PER_MONTH), months)
        simulation.run()
    finally:
        alur.ctx.clock = real_clock
        alur.db.execute("RESET synchronous_commit" if alur.db.postgresql else "PRAGMA synchronous=FULL")
    counts = {status: 0 for status in InstanceStatus}
    for instance in alur.instances():
        counts[instance["status"]] += 1
    yield Message("demo.history", {"months": months, "instances": sum(counts.values()),
                                   "finished": counts[InstanceStatus.COMPLETED],
                                   "cancellations": counts[InstanceStatus.CANCELLED],
                                   "running_now": counts[InstanceStatus.RUNNING]})


class _Simulation:
    def __init__(self, alur, clock, rng, end):
        self.alur, self.clock, self.rng, self.end = alur, clock, rng, end
        self.calendar = alur.settings.calendar
        self.queue, self.counter = [], 0
        self.models = {p.id: versions.model_of(alur.db, versions.newest(alur.db, p.id)["id"]) for p in alur.processes()}
        self.profiles = {pid: self._profiles(model) for pid, model in self.models.items()}
        # One lane of one SOP is short of staff: its tasks are often late, and that SOP does not work well.
        strained = rng.choice(sorted(self.models)) if self.models else None
        lanes = Counter(a["lane"] for a in self.models[strained]["activities"].values()) if strained else Counter()
        self.strained = (strained, lanes.most_common(1)[0][0]) if lanes else None
        self.returns_taken = {}

    def _push(self, moment, action, *args):
        if moment <= self.end:
            self.counter += 1
            heapq.heappush(self.queue, (moment, self.counter, action, args))

    def schedule_starts(self, begin, months):
        for process_id, model in self.models.items():
            if not model["start_lanes"]:
                continue
            for _ in range(months * STARTS_PER_MONTH):
                day = begin + timedelta(days=self.rng.uniform(0, months * DAYS_PER_MONTH))
                midnight = datetime.combine(day.astimezone(self.calendar.zone).date(), time(0),
                                            tzinfo=self.calendar.zone)
                moment = self.calendar.add_working_minutes(midnight, self.rng.uniform(10, self.calendar.day_minutes - 30))
                self._push(moment, self._start, process_id, model["start_lanes"][0])

    def run(self):
        while self.queue:
            moment, _, action, args = heapq.heappop(self.queue)
            self.clock.moment = moment
            action(*args)

    def _start(self, process_id, lane):
        subject = self.rng.choice(SUBJECTS.get(process_id) or [self.models[process_id]["name"]])
        instance = self.alur.start(process_id, user_name(lane), subject=f"{subject} {self.clock.moment.year}")
        if self.rng.random() < CANCEL_CHANCE:
            self._push(self.calendar.add_working_minutes(self.clock.moment, self.rng.uniform(1, 5) * self.calendar.day_minutes),
                       self._cancel, instance)
        self._schedule(self.alur.tasks(instance=instance))

    def _cancel(self, instance):
        if self.alur.show(instance)["status"] == InstanceStatus.RUNNING:
            self.alur.cancel(instance, Role.ADMIN.value, "Usulan ditarik kembali oleh pemohon")

    def _schedule(self, ready):
        for task in ready:
            standard = self.calendar.standard_minutes(task["mutu_baku"]["waktu"]) or 60
            profile = self.profiles[task["process"]].get(task["element"], "normal")
            if (task["process"], task["lane"]) == self.strained and profile == "normal" and self.rng.random() < 0.5:
                profile = "late"
            if self.end - self.clock.moment < timedelta(days=STALLING_DAYS) and self.rng.random() < STALL_CHANCE:
                profile = "stalled"
            factor = self._factor(profile)
            self._push(self.calendar.add_working_minutes(self.clock.moment, max(5.0, standard * factor)),
                       self._complete, task)

    def _complete(self, task):
        if self.alur.task(task["id"])["state"] != task["state"]:
            return  # the instance was cancelled meanwhile
        ready = self.alur.complete(task["id"], user_name(task["lane"]), self._data(task))
        self._schedule(ready)

    def _data(self, task):
        model = self.models[task["process"]]
        data = {f["name"]: self._answer(model, task, f) for f in task["fields"] if f["type"] == "choice"}
        for field in task["fields"]:
            kind = field["type"]
            asked = field["required"] or any(data.get(other) in answers
                                             for other, answers in (field.get("required_when") or {}).items())
            if kind == "choice" or not asked:
                continue
            elif kind == "checklist":
                data[field["name"]] = list(field["choices"])
            elif kind == "number":
                data[field["name"]] = self.rng.randint(1, 20)
            elif kind == "date":
                data[field["name"]] = self.clock.moment.astimezone(self.calendar.zone).date().isoformat()
            elif kind == "boolean":
                data[field["name"]] = True
            else:
                data[field["name"]] = f"{task['name'][:40]} #{task['instance']}"
        return data

    def _answer(self, model, task, field):
        back = [c for c in field["choices"] if flowgraph.answer_returns(model, task["element"], c)]
        forward = [c for c in field["choices"] if c not in back]
        key = (task["instance"], task["element"])
        if back and forward and self.returns_taken.get(key, 0) < MAX_RETURNS and self.rng.random() < RETURN_CHANCE:
            self.returns_taken[key] = self.returns_taken.get(key, 0) + 1
            return self.rng.choice(back)
        return self.rng.choice(forward or back)

    def _profiles(self, model):
        """One activity often late, one far faster than its standard; the others mostly on time."""
        elements = sorted(e for e, a in model["activities"].items() if a["mutu_baku"].get("waktu"))
        picked = self.rng.sample(elements, 2) if len(elements) >= 2 else []
        return dict(zip(picked, ("late", "fast")))

    def _factor(self, profile):
        """The working time taken, as a share of the standard."""
        if profile == "late":
            return self.rng.uniform(0.6, 2.2)
        if profile == "stalled":
            return self.rng.uniform(2.0, 8.0)
        if profile == "fast":
            return self.rng.uniform(0.03, 0.15)
        return self.rng.uniform(1.05, 1.8) if self.rng.random() < 0.08 else self.rng.uniform(0.2, 0.95)
