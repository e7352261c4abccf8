"""Cron parsing, naive tick arithmetic, DST transition tables, tick clocks and key formats.

The arithmetic is checked against walking the calendar minute by minute (or day by day).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._time.cron import (
    ScheduleType,
    cron_offset,
    infer_schedule_type,
    matches,
    override_cron,
    parse_cron,
    schedule_cron,
)
from partwise._time.formats import KeyFormat
from partwise._time.ticks import Tick, TickClock, get_timezone, transitions
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    InvalidPartitionKeyError,
    UnknownTimezoneError,
)

UTC = dt.timezone.utc
MINUTE = dt.timedelta(minutes=1)

# -- parsing -------------------------------------------------------------------------------------


def test_fields_are_expanded() -> None:
    """Lists, ranges, steps and names expand to sorted values; * stays unrestricted."""
    p = parse_cron("5/10 1-3,7 1,15 jan,JUL mon-fri")
    assert p.minutes == (5, 15, 25, 35, 45, 55)
    assert p.hours == (1, 2, 3, 7)
    assert (p.doms, p.months, p.dows) == ((1, 15), (1, 7), (1, 2, 3, 4, 5))
    star = parse_cron("* * * * *")
    assert (star.doms, star.months, star.dows) == (None, None, None)
    assert len(star.minutes) == 60 and len(star.hours) == 24


def test_day_of_week_seven_is_sunday() -> None:
    """Day of week 7 is read as 0 (Sunday)."""
    assert parse_cron("0 0 * * 7").dows == (0,)
    assert parse_cron("0 0 * * 5-7").dows == (0, 5, 6)


@pytest.mark.parametrize(
    "cron",
    [
        "0 * * *",
        "0 * * * * *",
        "60 * * * *",
        "* 24 * * *",
        "* * 0 * *",
        "* * 32 * *",
        "* * * 13 *",
        "* * * * 8",
        "x * * * *",
        "*/0 * * * *",
        "5-3 * * * *",
        "",
    ],
)
def test_invalid_crons_are_refused(cron: str) -> None:
    """A malformed cron raises InvalidDefinitionError starting with the reference's text."""
    with pytest.raises(InvalidDefinitionError) as info:
        parse_cron(cron)
    assert str(info.value).startswith(
        f"Found invalid cron schedule '{cron}' for a TimeWindowPartitionsDefinition."
    )


def test_a_cron_that_never_fires_is_refused() -> None:
    """February 30th never comes: the definition says so at construction."""
    with pytest.raises(InvalidDefinitionError, match="never fires"):
        TimeWindowPartitionsDefinition(
            start="2022-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 30 2 *"
        )


# -- naive tick arithmetic against a calendar walk -----------------------------------------------

CRONS = [
    "0 * * * *",
    "*/15 * * * *",
    "30 */2 * * *",
    "0 0 * * *",
    "7 3 * * 1-5",
    "0 0 * * 0",
    "0 9 1,15 * *",
    "0 0 31 * *",
    "0 0 29 2 *",
    "0 0 13 * 5",
    "0 6 * 3,9 *",
]


def walk(cron: str, start: dt.datetime, stop: dt.datetime) -> list[dt.datetime]:
    """Every naive minute in [start, stop) at which ``cron`` fires, found one day at a time."""
    p, out = parse_cron(cron), []
    day = dt.datetime(start.year, start.month, start.day)
    while day < stop:
        if _fires_on(cron, day.date()):
            out += [day + m * MINUTE for m in p.times if start <= day + m * MINUTE < stop]
        day += dt.timedelta(days=1)
    return out


def _fires_on(cron: str, day: dt.date) -> bool:
    """Cron day matching written out: both day fields restricted means either may match."""
    fields = cron.split()
    dom_ok = fields[2] == "*" or day.day in parse_cron(cron).doms  # type: ignore[operator]
    dow_ok = fields[4] == "*" or day.isoweekday() % 7 in parse_cron(cron).dows  # type: ignore[operator]
    month_ok = fields[3] == "*" or day.month in parse_cron(cron).months  # type: ignore[operator]
    both = fields[2] != "*" and fields[4] != "*"
    return month_ok and ((dom_ok or dow_ok) if both else (dom_ok and dow_ok))


@pytest.mark.parametrize("cron", CRONS)
@pytest.mark.parametrize("year", [1999, 2000, 2023, 2100, 2400])
def test_eligible_days_match_the_calendar(cron: str, year: int) -> None:
    """days_before counts exactly the days on which the cron fires (leap and century years too)."""
    p = parse_cron(cron)
    day = dt.date(year, 1, 1)
    base = p.days_before(day.toordinal())
    fired = 0
    while day.year == year:
        assert p.days_before(day.toordinal()) == base + fired
        if _fires_on(cron, day):
            assert p.day_at(base + fired) == day.toordinal()
            fired += 1
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("cron", CRONS)
def test_index_and_tick_are_inverse(cron: str) -> None:
    """naive_at(index_at_or_after(t)) is the first tick at or after t, for every minute."""
    p = parse_cron(cron)
    start, stop = dt.datetime(2024, 2, 27), dt.datetime(2024, 3, 3)
    ticks = walk(cron, start, stop + dt.timedelta(days=9 * 366))
    t, i = start, 0
    while t < stop:
        while ticks[i] < t:
            i += 1
        n = p.index_at_or_after(t)
        assert p.naive_at(n) == ticks[i]
        assert p.naive_at(n + 1) == ticks[i + 1]
        t += MINUTE * 7


def test_seconds_round_up_to_the_next_tick() -> None:
    """A time a second past a tick has the next tick as its first tick at or after."""
    p = parse_cron("0 0 * * *")
    n = p.index_at_or_after(dt.datetime(2022, 1, 1, 0, 0, 1))
    assert p.naive_at(n) == dt.datetime(2022, 1, 2)


def test_day_of_month_or_day_of_week() -> None:
    """With both day fields restricted, the cron fires on either (13th or Friday)."""
    ticks = walk("0 0 13 * 5", dt.datetime(2023, 10, 1), dt.datetime(2023, 11, 1))
    assert [t.day for t in ticks] == [6, 13, 20, 27]


def test_matches() -> None:
    """matches() tests a naive minute against a cron."""
    weekdays = parse_cron("30 9 * * 1-5")
    assert matches(weekdays, dt.datetime(2024, 3, 1, 9, 30))  # a Friday
    assert not matches(weekdays, dt.datetime(2024, 3, 2, 9, 30))  # a Saturday
    assert not matches(weekdays, dt.datetime(2024, 3, 1, 9, 31))


# -- cadences ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cron", "kind"),
    [
        ("5 * * * *", ScheduleType.HOURLY),
        ("5 3 * * *", ScheduleType.DAILY),
        ("5 3 * * 7", ScheduleType.WEEKLY),
        ("5 3 31 * *", ScheduleType.MONTHLY),
        ("0 0 * * mon", None),
        ("0 0-1 * * *", None),
        ("0 0 1 1 *", None),
        ("0 0 1 * 1", None),
    ],
)
def test_schedule_type_is_read_from_the_cron_text(cron: str, kind: ScheduleType | None) -> None:
    """Only plain numbers in a cadence's fields make a schedule type."""
    assert infer_schedule_type(cron) is kind


def test_schedule_cron_and_offsets() -> None:
    """Cadence crons are built from offsets and read back from their fields."""
    assert schedule_cron(ScheduleType.WEEKLY, 5, 3, None) == "5 3 * * 0"
    assert schedule_cron(ScheduleType.MONTHLY, 5, 3, None) == "5 3 1 * *"
    assert cron_offset("5 3 * * 2", 4, "day") == 2
    with pytest.raises(CheckError, match=r"^Failure condition: \*/5 \* \* \* \* has no minute"):
        cron_offset("*/5 * * * *", 0, "minute")


def test_override_keeps_unset_fields() -> None:
    """override_cron replaces only the given offsets and returns a custom cron untouched."""
    assert override_cron("5 3 * * *", None, 4, None, None) == "5 4 * * *"
    assert override_cron("*/5 * * * *", None, None, None, None) == "*/5 * * * *"
    assert ScheduleType.MONTHLY.label == "Monthly"


# -- transitions and time zones ------------------------------------------------------------------


def test_transitions_of_central_time() -> None:
    """US/Central changes offset at 08:00 UTC in March and 07:00 UTC in November 2023."""
    central = ZoneInfo("US/Central")
    spring, fall = transitions(central, 2023)
    assert spring.utc == dt.datetime(2023, 3, 12, 8)
    assert (spring.before, spring.after) == (dt.timedelta(hours=-6), dt.timedelta(hours=-5))
    assert spring.naive_span == (dt.datetime(2023, 3, 12, 2), dt.datetime(2023, 3, 12, 3))
    assert fall.utc == dt.datetime(2023, 11, 5, 7)
    assert fall.naive_span == (dt.datetime(2023, 11, 5, 1), dt.datetime(2023, 11, 5, 2))


def test_half_hour_transitions() -> None:
    """Lord Howe shifts by 30 minutes; fixed-offset zones have no transitions."""
    spans = [t.naive_span for t in transitions(ZoneInfo("Australia/Lord_Howe"), 2023)]
    assert spans == [
        (dt.datetime(2023, 4, 2, 1, 30), dt.datetime(2023, 4, 2, 2)),
        (dt.datetime(2023, 10, 1, 2), dt.datetime(2023, 10, 1, 2, 30)),
    ]
    assert transitions(UTC, 2023) == ()
    assert transitions(ZoneInfo("Asia/Kolkata"), 2023) == ()


def test_get_timezone() -> None:
    """UTC (any case) is timezone.utc; other names are ZoneInfo; unknown names raise."""
    assert get_timezone("utc") is UTC
    assert get_timezone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    with pytest.raises(UnknownTimezoneError, match="'Nowhere/Town'"):
        get_timezone("Nowhere/Town")


# -- tick clocks: positions against stepping -----------------------------------------------------


@pytest.mark.parametrize(
    ("cron", "zone"),
    [
        ("0 * * * *", "US/Central"),
        ("45 * * * *", "Australia/Lord_Howe"),
        ("*/30 * * * *", "Europe/Berlin"),
        ("30 2 * * *", "US/Central"),
        ("0 0 * * *", "Asia/Kolkata"),
    ],
)
def test_positions_count_ticks_one_by_one(cron: str, zone: str) -> None:
    """position/at_position agree with stepping tick by tick through a year with transitions."""
    clock = TickClock(cron, get_timezone(zone))
    first = clock.at_or_after(dt.datetime(2023, 3, 1, tzinfo=UTC))
    clock.set_reference(first)
    tick = first
    for i in range(5000 if len(parse_cron(cron).times) > 1 else 400):
        assert clock.position(tick) == i
        assert clock.at_position(i).utc == tick.utc
        nxt = clock.after(tick)
        assert nxt.utc > tick.utc
        assert clock.before(nxt).utc == tick.utc
        tick = nxt


def test_at_or_before_and_after() -> None:
    """at_or_before is the window start containing an instant; at_or_after the next start."""
    clock = TickClock("0 * * * *", get_timezone("US/Central"))
    inside = dt.datetime(2023, 11, 5, 7, 30, tzinfo=UTC)  # 01:30 CST, second pass
    assert clock.at_or_before(inside).utc == dt.datetime(2023, 11, 5, 7, tzinfo=UTC)
    assert clock.at_or_before(inside).fold == 1
    assert clock.at_or_after(inside).utc == dt.datetime(2023, 11, 5, 8, tzinfo=UTC)


def test_tick_utc_compares_instants() -> None:
    """Tick.utc tells the two passes of a repeated hour apart."""
    central = ZoneInfo("US/Central")
    first = Tick(dt.datetime(2023, 11, 5, 1, tzinfo=central), 0)
    second = Tick(dt.datetime(2023, 11, 5, 1, fold=1, tzinfo=central), 0, 1)
    assert first.instant == second.instant  # same-zone comparison ignores fold
    assert first.utc < second.utc


# -- key formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "key", "parsed"),
    [
        ("%Y-%m-%d", "2022-01-03", dt.datetime(2022, 1, 3)),
        ("%Y-%m-%d", "2022-1-3", dt.datetime(2022, 1, 3)),
        ("%Y-%m-%d-%H:%M", "2022-01-03-05:30", dt.datetime(2022, 1, 3, 5, 30)),
        ("%Y%m%d", "20220103", dt.datetime(2022, 1, 3)),
        ("%d/%m/%Y", "03/01/2022", dt.datetime(2022, 1, 3)),
        ("%b %d %Y", "Jan 03 2022", dt.datetime(2022, 1, 3)),
    ],
)
def test_keys_parse_with_their_format(fmt: str, key: str, parsed: dt.datetime) -> None:
    """Keys parse by the format (a fast path for numeric formats, strptime for the rest)."""
    assert KeyFormat(fmt).parse(key) == parsed


def test_a_trailing_utc_offset_is_accepted() -> None:
    """Like the reference, a key may carry a trailing UTC offset the format lacks."""
    parsed = KeyFormat("%Y-%m-%d-%H:%M").parse("2023-11-05-01:00-0600")
    assert parsed == dt.datetime(2023, 11, 5, 7, tzinfo=UTC)


@pytest.mark.parametrize("key", ["foo", "2022-02-30", "2022-13-01", "2022-01-03x"])
def test_bad_keys_raise_with_an_example(key: str) -> None:
    """An unparseable key raises InvalidPartitionKeyError (a ValueError) showing a valid key."""
    with pytest.raises(InvalidPartitionKeyError, match=r"e\.g\. '2022-01-01'") as info:
        KeyFormat("%Y-%m-%d").parse(key)
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(f"time data {key!r} does not match format '%Y-%m-%d%z'")


def test_format_splits_into_day_prefix_and_time_suffix() -> None:
    """A date-then-time format splits so keys can be built from a per-day prefix."""
    fmt = KeyFormat("%Y-%m-%d-%H:%M")
    assert (fmt.prefix, fmt.suffix) == ("%Y-%m-%d-", "%H:%M")
    assert fmt.suffixes([0, 90]) == ["00:00", "01:30"]
    assert KeyFormat("%Y-%m-%d-%H:%M%z").prefix is None
    assert KeyFormat("%H:%M %Y-%m-%d").prefix is None
