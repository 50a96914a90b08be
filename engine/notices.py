"""Mail notices, derived from the history and the tasks table, never sent inside a completion's transaction.

`run_once` is one round of `alur worker`: it reads the events after the last one it read (tasks ready in a lane,
tasks reassigned) and the tasks past their due time, and records a notice for each user who should hear of it,
keyed so that no restart records one twice. Then, per user whose time has come (the first mail at once, after
that at most one per ALUR_MAIL_EVERY_MINUTES, grouping what came meanwhile), it claims their notices inside a
transaction (so two workers never mail one notice twice), mails them in one message in Indonesian, and marks
them sent. A mail server that fails is tried again later, each time waiting longer.

(A worker killed between handing a mail to the server and marking it sent leaves a claim that expires: that
mail may go twice. Nothing is ever lost.)"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from . import queries, users
from .clock import parse
from .db import transaction
from .messages import render
from .results import Message
from .store import delegations as delegation_table
from .store import events as event_table
from .store import notices as table
from .store import users as user_table
from .vocabulary import EventType, NoticeKind, TaskState

CLAIM = timedelta(minutes=5)        # a claim older than this is a crashed worker's
RETRY_FIRST, RETRY_MOST = timedelta(seconds=30), timedelta(hours=1)
LANG = "id"
MOST_LINES = 25                     # a mail names this many tasks at most, then says how many more wait


@dataclass
class Round:
    recorded: int = 0
    mails: list = field(default_factory=list)     # (user, address, notice count) sent
    failed: list = field(default_factory=list)    # (user, error)


def run_once(ctx, mailer, worker="worker"):
    """Record new notices and mail those due; `mailer` None (no ALUR_SMTP_HOST) only keeps up with the history."""
    result = Round()
    with transaction(ctx.db):
        result.recorded = _record(ctx, mailer is not None)
    if mailer is None:
        return result
    for user in table.users_waiting(ctx.db, ctx.clock.stamp()):
        _mail_user(ctx, mailer, worker, user, result)
    return result


def _record(ctx, mailing):
    db, now = ctx.db, ctx.clock.now()
    stamp, count = ctx.clock.stamp(now), 0
    add = _Adder(ctx, now)
    start = table.scanned(db)
    seq = start
    for event in _events_after(db, start):
        seq = event["seq"]
        if not mailing:
            continue
        task = event["task_id"]
        if event["type"] == EventType.TASK_READY:
            for user in _lane_people(db, event["lane"], stamp):
                count += add(f"{NoticeKind.READY}:{task}:{user['name']}", NoticeKind.READY, user, task)
        elif event["type"] == EventType.TASK_REASSIGNED:
            user = _person(db, json.loads(event["data"]).get("to"))
            if user:
                count += add(f"{NoticeKind.REASSIGNED}:{task}:{user['name']}:{event['seq']}",
                             NoticeKind.REASSIGNED, user, task)
    if seq != start:
        table.set_scanned(db, seq)
    if mailing:
        for task in table.overdue_tasks(db, stamp, TaskState.READY, (NoticeKind.LATE, NoticeKind.ESCALATION)):
            for user in _lane_people(db, task["lane"], stamp):
                count += add(f"{NoticeKind.LATE}:{task['id']}:{user['name']}", NoticeKind.LATE, user,
                             task["id"])
            head = _person(db, delegation_table.head(db, task["lane"]))
            if head:
                count += add(f"{NoticeKind.ESCALATION}:{task['id']}:{head['name']}", NoticeKind.ESCALATION,
                             head, task["id"])
    return count


def _events_after(db, after):
    while True:
        rows = event_table.after(db, after, [EventType.TASK_READY, EventType.TASK_REASSIGNED])
        yield from rows
        if len(rows) < 500:
            return
        after = rows[-1]["seq"]


def _lane_people(db, lane, now):
    """The active users of `lane` and those who stand in for it now."""
    people = {row["name"]: row for row in user_table.in_lane(db, lane)}
    for row in delegation_table.live_in(db, lane, now):
        person = _person(db, row["delegate"])
        if person:
            people.setdefault(person["name"], person)
    return list(people.values())


def _person(db, name):
    return user_table.person(db, name) if name else None


class _Adder:
    """Records notices at `now`; each user's first moment is looked up once per round."""

    def __init__(self, ctx, now):
        self.ctx, self.now, self.firsts = ctx, now, {}

    def __call__(self, key, kind, user, task_id):
        why = "mail_off" if user["mail_off"] else None if user["email"] else "no_address"
        return table.add(self.ctx.db, key, kind, user["name"], task_id, self.ctx.clock.stamp(self.now),
                         self.first_moment(user["name"]), why)

    def first_moment(self, user):
        """When a new notice for `user` may go: now, or ALUR_MAIL_EVERY_MINUTES after their last mail."""
        if user not in self.firsts:
            last = parse(table.last_sent(self.ctx.db, user))
            every = timedelta(minutes=self.ctx.settings.mail.every_minutes)
            self.firsts[user] = self.ctx.clock.stamp(max(self.now, last + every) if last else self.now)
        return self.firsts[user]


def _mail_user(ctx, mailer, worker, name, result):
    db, now = ctx.db, ctx.clock.now()
    with transaction(db):
        rows = table.waiting_for(db, name, ctx.clock.stamp(now))
        last = parse(table.last_sent(db, name))
        if not rows or (last and now < last + timedelta(minutes=ctx.settings.mail.every_minutes)):
            return
        person = _person(db, name)
        stale = [r["key"] for r in rows if r["task_state"] != TaskState.READY]
        if person is None or person["mail_off"] or not person["email"]:
            table.skip(db, [r["key"] for r in rows], "mail_off" if person and person["mail_off"] else "no_address")
            return
        table.skip(db, stale, "task_done")
        claimed = set(table.claim(db, [r["key"] for r in rows if r["key"] not in stale], worker,
                                  ctx.clock.stamp(now + CLAIM), ctx.clock.stamp(now)))
        rows = [r for r in rows if r["key"] in claimed]
    if not rows:
        return
    keys = [r["key"] for r in rows]
    subject, body = compose(ctx, name, rows)
    try:
        mailer.send(person["email"], subject, body)
    except Exception as error:  # any failure of the mail server: try again later, never lose the notice
        wait = min(RETRY_FIRST * 2 ** max(r["attempts"] for r in rows), RETRY_MOST)
        with transaction(db):
            table.failed(db, keys, f"{type(error).__name__}: {error}"[:500], ctx.clock.stamp(now + wait))
        result.failed.append((name, str(error)))
        return
    with transaction(db):
        table.sent(db, keys, ctx.clock.stamp())
    result.mails.append((name, person["email"], len(rows)))


def compose(ctx, user, rows):
    """(subject, body) of one mail to `user` about `rows` (notices), in Indonesian, each with a link."""
    base, zone = ctx.settings.mail.base_url, ctx.settings.timezone
    lines = [render(Message("mail.greeting", {"user": user}), LANG, zone), ""]
    for row in rows[:MOST_LINES]:
        task = queries.task(ctx.db, row["task_id"])
        params = {"number": task.number, "name": task.name, "lane": task.lane, "instance": task.instance,
                  "due": task.due_at or "–", "link": f"{base}/tasks/{task.id}"}
        lines.append("- " + render(Message(f"mail.{row['kind']}", params), LANG, zone))
    if len(rows) > MOST_LINES:
        lines.append(render(Message("mail.more", {"count": len(rows) - MOST_LINES, "link": f"{base}/inbox"}), LANG,
                            zone))
    lines += ["", render(Message("mail.footer", {"link": f"{base}/account"}), LANG, zone)]
    subject = render(Message("mail.subject", {"count": len(rows)}), LANG, zone)
    return subject, "\n".join(lines)


def new_task_count(ctx, name):
    user = users.current(ctx, name)
    return table.new_tasks(ctx.db, user.work_lanes, user_table.inbox_seen_at(ctx.db, name), TaskState.READY)


def inbox_seen(ctx, name):
    with transaction(ctx.db):
        user_table.update(ctx.db, name, inbox_seen_at=ctx.clock.stamp())


def sent_to(db, user):
    """The notices of `user`, sent or not (for tests and the worker's log)."""
    return table.of_user(db, user)
