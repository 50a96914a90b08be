"""Working time: weekends, Indonesian holidays, cuti bersama, nights, and mutu baku standards in it."""

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from engine import workcalendar
from engine.errors import ConfigError, InvalidData

WIB = ZoneInfo("Asia/Jakarta")
CALENDAR = workcalendar.from_env({})


def wib(*parts):
    """An instant given in Jakarta time, as UTC like Alur stores it."""
    return datetime(*parts, tzinfo=WIB).astimezone(timezone.utc)


def test_defaults_are_07_30_to_16_00_wib_monday_to_friday():
    assert CALENDAR.timezone == "Asia/Jakarta"
    assert CALENDAR.day_minutes == 8 * 60 + 30
    assert CALENDAR.working_minutes(wib(2026, 3, 2, 0, 0), wib(2026, 3, 7, 0, 0)) == 5 * 510  # Mon-Fri
    assert CALENDAR.working_minutes(wib(2026, 3, 7, 0, 0), wib(2026, 3, 9, 0, 0)) == 0        # Sat-Sun


def test_a_task_spanning_a_night():
    # Tuesday 15:00 to Wednesday 08:30: an hour each side of the night.
    assert CALENDAR.working_minutes(wib(2026, 3, 3, 15, 0), wib(2026, 3, 4, 8, 30)) == 120


def test_a_task_spanning_a_weekend():
    # Friday 15:00 to Monday 08:30.
    assert CALENDAR.working_minutes(wib(2026, 3, 6, 15, 0), wib(2026, 3, 9, 8, 30)) == 120
    # Ready on Saturday: the clock starts on Monday at 07:30.
    assert CALENDAR.add_working_minutes(wib(2026, 3, 7, 11, 0), 120) == wib(2026, 3, 9, 9, 30)


def test_hari_kemerdekaan_is_no_working_day():
    independence_day = date(2026, 8, 17)  # a Monday
    assert independence_day.weekday() == 0
    assert CALENDAR.day_off(independence_day) == "Hari Kemerdekaan Republik Indonesia"
    # Friday 14 August 15:00 to Tuesday 18 August 08:30: the weekend and the holiday do not count.
    assert CALENDAR.working_minutes(wib(2026, 8, 14, 15, 0), wib(2026, 8, 18, 8, 30)) == 120
    assert CALENDAR.due(wib(2026, 8, 14, 10, 0), "1 hari") == wib(2026, 8, 18, 10, 0)


def test_cuti_bersama_from_the_configuration():
    monday = date(2026, 12, 28)  # a plain working day as far as the holidays package knows
    assert CALENDAR.is_working_day(monday)
    configured = workcalendar.from_env({"ALUR_CUTI_BERSAMA": "2026-12-28, 2026-12-29"})
    assert configured.day_off(monday) == "cuti bersama"
    assert configured.day_off(date(2026, 12, 29)) == "cuti bersama"
    # Friday 25 December is Natal; from Thursday 24 at 15:00 the next working hour is Wednesday 30 December.
    assert configured.working_minutes(wib(2026, 12, 23, 15, 0), wib(2026, 12, 30, 8, 30)) == 120
    assert configured.due(wib(2026, 12, 23, 15, 30), "60 menit") == wib(2026, 12, 30, 8, 0)


def test_the_packages_cuti_bersama_count_unless_only_public_holidays_are_chosen():
    natal_eve = date(2026, 12, 24)  # cuti bersama Natal by the SKB, a Thursday
    assert CALENDAR.day_off(natal_eve).startswith("Cuti Bersama")
    public_only = workcalendar.from_env({"ALUR_HOLIDAY_CATEGORIES": "public"})
    assert public_only.is_working_day(natal_eve)
    assert not public_only.is_working_day(date(2026, 12, 25))


@pytest.mark.parametrize("ready, completed, met", [
    (wib(2026, 3, 2, 10, 0), wib(2026, 3, 3, 9, 59), True),     # Monday 10:00 to Tuesday 09:59
    (wib(2026, 3, 2, 10, 0), wib(2026, 3, 3, 10, 0), True),     # exactly a working day
    (wib(2026, 3, 2, 10, 0), wib(2026, 3, 3, 10, 1), False),
    (wib(2026, 3, 6, 10, 0), wib(2026, 3, 9, 9, 0), True),      # Friday to Monday: the weekend is free
    (wib(2026, 3, 6, 10, 0), wib(2026, 3, 9, 11, 0), False),
    (wib(2026, 3, 2, 17, 0), wib(2026, 3, 3, 15, 59), True),    # ready after hours: the day starts at 07:30
    (wib(2026, 3, 2, 17, 0), wib(2026, 3, 4, 7, 45), False),
])
def test_a_one_day_standard_met_or_missed(ready, completed, met):
    standard = CALENDAR.standard_minutes("1 hari")
    assert standard == 510
    assert (CALENDAR.working_minutes(ready, completed) <= standard) is met
    assert (completed <= CALENDAR.due(ready, "1 hari")) is met


def test_minutes_and_hours_count_working_time():
    assert CALENDAR.standard_minutes("60 menit") == 60
    assert CALENDAR.standard_minutes("2 jam") == 120
    # 15:30 on Tuesday with an hour to go: half an hour today, half an hour tomorrow.
    assert CALENDAR.due(wib(2026, 3, 3, 15, 30), "60 menit") == wib(2026, 3, 4, 8, 0)
    assert CALENDAR.due(wib(2026, 3, 3, 9, 0), "2 jam") == wib(2026, 3, 3, 11, 0)


def test_a_week_is_five_working_days_and_a_month_twenty():
    assert CALENDAR.standard_minutes("1 minggu") == 5 * 510
    assert CALENDAR.standard_minutes("2 minggu") == 10 * 510
    assert CALENDAR.standard_minutes("1 bulan") == 20 * 510
    assert CALENDAR.due(wib(2026, 3, 2, 10, 0), "1 minggu") == wib(2026, 3, 9, 10, 0)
    # Nyepi and Idul Fitri 2026 with their cuti bersama (18-24 March, five working days off): a week
    # from Monday 16 March runs to Monday 30 March.
    assert CALENDAR.due(wib(2026, 3, 16, 10, 0), "1 minggu") == wib(2026, 3, 30, 10, 0)
    # Four plain weeks from Monday 4 May would end on Monday 1 June, itself Hari Lahir Pancasila;
    # with 14-15 and 27-28 May off too, the twentieth working day is Monday 8 June.
    assert CALENDAR.due(wib(2026, 5, 4, 10, 0), "1 bulan") == wib(2026, 6, 8, 10, 0)
    assert CALENDAR.standard_minutes("") is None and CALENDAR.due(wib(2026, 3, 2, 10, 0), None) is None


@pytest.mark.parametrize("start", [wib(2026, 3, 2, 7, 30), wib(2026, 3, 3, 12, 17, 5), wib(2026, 3, 6, 16, 0),
                                   wib(2026, 3, 7, 3, 0), wib(2026, 8, 16, 23, 59), wib(2026, 12, 23, 15, 59)])
@pytest.mark.parametrize("minutes", [0, 1, 59.5, 510, 511, 3 * 510 + 7, 20 * 510])
def test_adding_working_minutes_and_counting_them_agree(start, minutes):
    due = CALENDAR.add_working_minutes(start, minutes)
    assert due.tzinfo == timezone.utc
    assert CALENDAR.working_minutes(start, due) == pytest.approx(minutes)
    # ... and `due` is the earliest such instant: a minute earlier, the time is not there yet.
    if minutes >= 1:
        assert CALENDAR.working_minutes(start, due - timedelta(minutes=1)) < minutes


def test_configured_hours_and_time_zone():
    short = workcalendar.from_env({"ALUR_WORK_HOURS": "08:00-12:00"})
    assert short.day_minutes == 240 and short.standard_minutes("1 hari") == 240
    assert short.due(wib(2026, 3, 2, 11, 0), "2 jam") == wib(2026, 3, 3, 9, 0)
    wita = workcalendar.from_env({"ALUR_TIMEZONE": "Asia/Makassar"})  # one hour ahead of WIB
    assert wita.working_minutes(wib(2026, 3, 2, 6, 30), wib(2026, 3, 2, 7, 30)) == 60
    assert CALENDAR.working_minutes(wib(2026, 3, 2, 6, 30), wib(2026, 3, 2, 7, 30)) == 0
    assert wita.describe()["timezone"] == "Asia/Makassar"


def test_end_before_start_counts_nothing():
    assert CALENDAR.working_minutes(wib(2026, 3, 3, 12, 0), wib(2026, 3, 3, 10, 0)) == 0


@pytest.mark.parametrize("name, value, says", [
    ("ALUR_WORK_HOURS", "8-16", "HH:MM-HH:MM"),
    ("ALUR_WORK_HOURS", "16:00-07:30", "closing time must come after the opening time"),
    ("ALUR_WORK_HOURS", "07:30-24:00", "hours go from 00 to 23"),
    ("ALUR_TIMEZONE", "Asia/Jakrta", "not a known time zone"),
    ("ALUR_TIMEZONE", "../../etc/passwd", "not a known time zone"),
    ("ALUR_CUTI_BERSAMA", "2026-12-24,24-12-2026", "'24-12-2026' is not a date"),
    ("ALUR_CUTI_BERSAMA", "2026-02-30", "'2026-02-30' is not a date"),
    ("ALUR_HOLIDAY_CATEGORIES", "publik", "'publik': name one or more of"),
])
def test_bad_configuration_is_refused_with_a_clear_message(name, value, says):
    with pytest.raises(ConfigError) as refused:
        workcalendar.from_env({name: value}).day_off(date(2026, 3, 2))  # holidays are checked when first needed
    assert says in str(refused.value) and name in str(refused.value)
    assert "\n" not in str(refused.value)


def test_due_at_of_ready_tasks_counts_working_time(surat):
    instance = surat.start("surat", "staf")
    task = surat.tasks(instance=instance)[0]
    ready = datetime.fromisoformat(task["ready_at"])
    calendar = surat.settings.calendar
    assert datetime.fromisoformat(task["due_at"]) == calendar.due(ready, "60 menit")
    assert calendar.working_minutes(ready, datetime.fromisoformat(task["due_at"])) == 60


def test_a_bad_calendar_stops_the_command_and_saves_nothing(surat, cli, monkeypatch):
    monkeypatch.setenv("ALUR_WORK_HOURS", "sepanjang hari")
    result = cli("start", "surat", "--as", "staf", "--subject", "Surat uji")
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: ALUR_WORK_HOURS='sepanjang hari' cannot be read: write opening and "
                                     "closing time as HH:MM-HH:MM, such as 07:30-16:00")
    monkeypatch.delenv("ALUR_WORK_HOURS")
    assert json.loads(cli("instances", "--json", check=True).stdout) == []
