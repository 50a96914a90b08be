"""Working time: when the office is open, in its own time zone.

A working day is Monday to Friday, less Indonesian public holidays (from the `holidays` package) and
cuti bersama days; working hours are 07:30 to 16:00 WIB unless configured otherwise. All instants
going in and out are timezone-aware; what comes out is UTC, like everything Alur stores.

A mutu baku time standard counts in working time:
- `N menit` and `N jam` are N working minutes or hours: a task ready at 15:30 with "60 menit" is due
  at 08:00 the next working day;
- `N hari` is N working days, each the full working hours of a day, so "1 hari" from Monday 10:00 is
  due Tuesday 10:00 (from Friday 10:00: Monday 10:00);
- `N minggu` is 5N working days (a working week);
- `N bulan` is 20N working days: a month holds about 21 working days less its holidays, and SOPs that
  say "1 bulan" mean a month of office work; 20 keeps the count the same whatever month it starts in.

Configuration, from the environment (see `from_env`):
- `ALUR_WORK_HOURS`: opening and closing time, `07:30-16:00`;
- `ALUR_TIMEZONE`: an IANA zone, `Asia/Jakarta` (WIB); `Asia/Makassar` (WITA), `Asia/Jayapura` (WIT);
- `ALUR_CUTI_BERSAMA`: extra days off, `2026-12-24,2026-12-31`;
- `ALUR_HOLIDAY_CATEGORIES`: which of the `holidays` package's Indonesian lists count, `public,government`
  by default; `government` is the cuti bersama set by the joint ministerial decree (SKB) for civil servants,
  as far as the package knows it. Use `public` to rely on `ALUR_CUTI_BERSAMA` alone.
"""

import functools
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


from . import timestandard
from .errors import ConfigError, InvalidData

COUNTRY = "ID"
DEFAULTS = {"ALUR_WORK_HOURS": "07:30-16:00", "ALUR_TIMEZONE": "Asia/Jakarta", "ALUR_CUTI_BERSAMA": "",
            "ALUR_HOLIDAY_CATEGORIES": "public,government"}
WORKING_DAYS = {"D": 1, "W": 5, "MO": 20}   # a hari, a minggu, a bulan, in working days
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_LONGEST_SEARCH = 3660   # days; a calendar with no working day in ten years is a configuration error


@dataclass(frozen=True)
class WorkCalendar:
    timezone: str = "Asia/Jakarta"
    opens: time = time(7, 30)
    closes: time = time(16, 0)
    cuti_bersama: frozenset = field(default_factory=frozenset)
    holiday_categories: tuple = ("public", "government")

    @functools.cached_property
    def zone(self):
        return ZoneInfo(self.timezone)

    @property
    def day_minutes(self):
        """The length of a working day in minutes (510 for 07:30-16:00)."""
        return (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)

    def day_off(self, day):
        """Why `day` is not a working day ("Sabtu", a holiday's name, "cuti bersama"), or None."""
        if day.weekday() >= 5:
            return "Sabtu" if day.weekday() == 5 else "Minggu"
        if day in self.cuti_bersama:
            return "cuti bersama"
        return _holidays(day.year, self.holiday_categories).get(day)

    def is_working_day(self, day):
        return self.day_off(day) is None

    def working_minutes(self, start, end):
        """Working minutes between two instants (0 when `end` is not after `start`)."""
        start, end = _aware(start), _aware(end)
        if end <= start:
            return 0.0
        seconds = 0.0
        day, last = start.astimezone(self.zone).date(), end.astimezone(self.zone).date()
        while day <= last:
            if self.is_working_day(day):
                opens, closes = self._window(day)
                overlap = (min(end, closes) - max(start, opens)).total_seconds()
                seconds += max(overlap, 0.0)
            day += timedelta(days=1)
        return seconds / 60

    def add_working_minutes(self, start, minutes):
        """The earliest instant by which `minutes` working minutes have passed since `start`, in UTC."""
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        start = _aware(start)
        remaining = timedelta(minutes=minutes)
        full_day = timedelta(minutes=self.day_minutes)
        first = day = start.astimezone(self.zone).date()
        for _ in range(_LONGEST_SEARCH):
            if self.is_working_day(day):
                if day != first and remaining > full_day:  # a whole working day passes: no instant to work out
                    remaining -= full_day
                    day += timedelta(days=1)
                    continue
                opens, closes = self._window(day)
                begin = max(start, opens)
                if begin <= closes:
                    if remaining <= closes - begin:
                        return (begin + remaining).astimezone(timezone.utc)
                    remaining -= closes - begin
            day += timedelta(days=1)
        raise ConfigError("calendar.no_working_time", days=_LONGEST_SEARCH)

    def standard_minutes(self, waktu):
        """A mutu baku time ('60 menit', '1 hari', ...) in working minutes; None when there is none."""
        if not waktu:
            return None
        amount, unit = timestandard.parse_written(waktu)
        if unit == "M":
            return amount
        if unit == "H":
            return amount * 60
        return amount * WORKING_DAYS[unit] * self.day_minutes

    def due(self, start, waktu):
        """When a task ready at `start` with time standard `waktu` is due (UTC), or None."""
        minutes = self.standard_minutes(waktu)
        return None if minutes is None else self.add_working_minutes(start, minutes)

    def describe(self):
        """The calendar as plain data, for reports."""
        return {"timezone": self.timezone, "work_hours": f"{self.opens:%H:%M}-{self.closes:%H:%M}",
                "day_minutes": self.day_minutes, "working_days": "Monday-Friday",
                "holiday_categories": list(self.holiday_categories), "holidays_package": _holidays_package().__version__,
                "cuti_bersama": sorted(d.isoformat() for d in self.cuti_bersama),
                "hari": "1 working day", "minggu": f"{WORKING_DAYS['W']} working days",
                "bulan": f"{WORKING_DAYS['MO']} working days"}

    def _window(self, day):
        return (datetime.combine(day, self.opens, tzinfo=self.zone),
                datetime.combine(day, self.closes, tzinfo=self.zone))


def from_env(environ=None):
    """The calendar configured by ALUR_WORK_HOURS, ALUR_TIMEZONE, ALUR_CUTI_BERSAMA, ALUR_HOLIDAY_CATEGORIES."""
    environ = os.environ if environ is None else environ
    values = tuple((name, environ.get(name) or default) for name, default in DEFAULTS.items())
    return _build(values)


@functools.lru_cache(maxsize=8)
def _build(values):
    settings = dict(values)
    opens, closes = _parse_hours(settings["ALUR_WORK_HOURS"])
    return WorkCalendar(timezone=_parse_zone(settings["ALUR_TIMEZONE"]), opens=opens, closes=closes,
                        cuti_bersama=_parse_dates(settings["ALUR_CUTI_BERSAMA"]),
                        holiday_categories=_parse_categories(settings["ALUR_HOLIDAY_CATEGORIES"]))


def _parse_hours(text):
    match = _HOURS.match(text)
    if not match:
        raise ConfigError("calendar.hours_unreadable", value=text)
    h1, m1, h2, m2 = map(int, match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ConfigError("calendar.hours_out_of_range", value=text)
    if (h1, m1) >= (h2, m2):
        raise ConfigError("calendar.hours_reversed", value=text)
    return time(h1, m1), time(h2, m2)


def _parse_zone(name):
    try:
        ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError("calendar.unknown_zone", value=name) from None
    return name.strip()


def _parse_dates(text):
    days = set()
    for item in (part.strip() for part in text.split(",")):
        if item:
            try:
                days.add(parse_date(item, "ALUR_CUTI_BERSAMA"))
            except InvalidData:
                raise ConfigError("calendar.cuti_bersama_unreadable", value=item) from None
    return frozenset(days)


def parse_date(text, what):
    """A YYYY-MM-DD date; anything else is InvalidData naming `what` (an option, a setting)."""
    try:
        if _DATE.match(text or ""):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise InvalidData("date.unreadable", what=what, value=text)


def _parse_categories(text):
    """The categories named; whether the holidays package knows them is checked at the first holiday asked for,
    because loading its country table takes a sixth of a second that most commands never need."""
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    if not chosen:
        raise ConfigError("calendar.unknown_category", value=text,
                          choices=DEFAULTS["ALUR_HOLIDAY_CATEGORIES"].split(","))
    return chosen


@functools.lru_cache(maxsize=64)
def _holidays(year, categories):
    """{date: name} of Indonesia's holidays in `year`, names in Indonesian."""
    holidays = _holidays_package()
    known = holidays.country_holidays(COUNTRY).supported_categories
    if set(categories) - set(known):
        raise ConfigError("calendar.unknown_category", value=",".join(categories), choices=sorted(known))
    return dict(holidays.country_holidays(COUNTRY, years=year, categories=categories, language="id"))


def preload():
    """Import the holidays package and its Indonesian table (a sixth of a second): a server does it before it forks
    its workers, so that each new worker (gunicorn replaces them every few thousand requests) does not."""
    _holidays_package().country_holidays(COUNTRY)


def _holidays_package():
    """The holidays package, imported when a holiday is first needed (most commands count no working time)."""
    import holidays

    return holidays


def _aware(moment):
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        raise ValueError(f"{moment} has no time zone: Alur's instants are UTC")
    return moment
