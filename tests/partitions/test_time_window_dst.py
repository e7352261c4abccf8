"""Daylight-saving time: the fixed cases of spec §1.5, plus other zones and cadences.

Every window is checked in UTC and with its own UTC offset: two aware datetimes in the same zone
compare by wall time (ignoring ``fold``), so plain equality could not tell the two 01:00s apart.
"""

from __future__ import annotations

import datetime as dt

import pytest

from partwise._partitions.definitions.base import PartitionKeyRange, TimeWindow
from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition

UTC = dt.timezone.utc
H = dt.timedelta(hours=1)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def hourly(zone: str, **kwargs: object) -> TimeWindowPartitionsDefinition:
    return HourlyPartitionsDefinition(dt.datetime(2023, 1, 1), timezone=zone, **kwargs)  # type: ignore[arg-type]


CENTRAL = hourly("US/Central")
CENTRAL_Z = hourly("US/Central", fmt="%Y-%m-%d-%H:%M%z")
BERLIN = hourly("Europe/Berlin")
KOLKATA = hourly("Asia/Kolkata")
LORD_HOWE = hourly("Australia/Lord_Howe")
LORD_HOWE_45 = hourly("Australia/Lord_Howe", minute_offset=45)
DAILY_CENTRAL = DailyPartitionsDefinition("2023-01-01", timezone="US/Central")
DAILY_CENTRAL_2AM = DailyPartitionsDefinition("2023-01-01", timezone="US/Central", hour_offset=2)
DAILY_CENTRAL_0130 = DailyPartitionsDefinition(
    "2023-01-01", timezone="US/Central", hour_offset=1, minute_offset=30
)
WEEKLY_CENTRAL_2AM = WeeklyPartitionsDefinition("2023-01-01", timezone="US/Central", hour_offset=2)
TWO_HOURLY_CENTRAL = TimeWindowPartitionsDefinition(
    start="2023-01-01-00:00",
    fmt="%Y-%m-%d-%H:%M",
    cron_schedule="30 */2 * * *",
    timezone="US/Central",
)


def local_day(defn: TimeWindowPartitionsDefinition, day: dt.date) -> list[str]:
    """The keys of the windows that start during one local calendar day."""
    tz = defn.start.tzinfo
    start = dt.datetime(day.year, day.month, day.day, tzinfo=tz)
    end = start.replace(tzinfo=None) + dt.timedelta(days=1)
    return defn.get_partition_keys_in_time_window(TimeWindow(start, end.replace(tzinfo=tz)))


# -- keys of a transition day --------------------------------------------------------------------

DAY_KEYS = [
    (
        "spring forward: no 02:00, 23 keys",
        CENTRAL,
        dt.date(2023, 3, 12),
        23,
        ["2023-03-12-00:00", "2023-03-12-01:00", "2023-03-12-03:00", "2023-03-12-04:00"],
    ),
    (
        "fall back: second 01:00 suffixed -0600, 25 keys",
        CENTRAL,
        dt.date(2023, 11, 5),
        25,
        ["2023-11-05-00:00", "2023-11-05-01:00", "2023-11-05-01:00-0600", "2023-11-05-02:00"],
    ),
    (
        "%z in fmt: every key carries its offset",
        CENTRAL_Z,
        dt.date(2023, 11, 5),
        25,
        [
            "2023-11-05-00:00-0500",
            "2023-11-05-01:00-0500",
            "2023-11-05-01:00-0600",
            "2023-11-05-02:00-0600",
        ],
    ),
    (
        "Berlin fall back: second 02:00 suffixed +0100",
        BERLIN,
        dt.date(2023, 10, 29),
        25,
        ["2023-10-29-00:00", "2023-10-29-01:00", "2023-10-29-02:00", "2023-10-29-02:00+0100"],
    ),
    (
        "Berlin spring forward: no 02:00",
        BERLIN,
        dt.date(2023, 3, 26),
        23,
        ["2023-03-26-00:00", "2023-03-26-01:00", "2023-03-26-03:00", "2023-03-26-04:00"],
    ),
    (
        "Lord Howe half-hour fall back: the :00 ticks never repeat",
        LORD_HOWE,
        dt.date(2023, 4, 2),
        24,
        ["2023-04-02-00:00", "2023-04-02-01:00", "2023-04-02-02:00", "2023-04-02-03:00"],
    ),
    (
        "Lord Howe half-hour spring forward: 02:00 does not exist",
        LORD_HOWE,
        dt.date(2023, 10, 1),
        23,
        ["2023-10-01-00:00", "2023-10-01-01:00", "2023-10-01-03:00", "2023-10-01-04:00"],
    ),
    (
        "Lord Howe at :45: the repeated 01:45 comes twice, keys stay on :45",
        LORD_HOWE_45,
        dt.date(2023, 4, 2),
        25,
        ["2023-04-02-00:45", "2023-04-02-01:45", "2023-04-02-01:45+1030", "2023-04-02-02:45"],
    ),
    (
        "every 2 h at :30: a skipped 02:30 moves to the end of the gap",
        TWO_HOURLY_CENTRAL,
        dt.date(2023, 3, 12),
        12,
        ["2023-03-12-00:30", "2023-03-12-03:00", "2023-03-12-04:30", "2023-03-12-06:30"],
    ),
    (
        "every 2 h at :30: no repeat on the fall-back day",
        TWO_HOURLY_CENTRAL,
        dt.date(2023, 11, 5),
        12,
        ["2023-11-05-00:30", "2023-11-05-02:30", "2023-11-05-04:30", "2023-11-05-06:30"],
    ),
]


@pytest.mark.parametrize(
    ("defn", "day", "count", "first_keys"),
    [case[1:] for case in DAY_KEYS],
    ids=[case[0] for case in DAY_KEYS],
)
def test_keys_of_a_transition_day(
    defn: TimeWindowPartitionsDefinition, day: dt.date, count: int, first_keys: list[str]
) -> None:
    """A transition day has the listed first keys and the listed number of keys."""
    keys = local_day(defn, day)
    assert keys[: len(first_keys)] == first_keys
    assert len(keys) == count


# -- windows -------------------------------------------------------------------------------------

WINDOWS = [
    ("01:00 before the gap is one real hour", CENTRAL, "2023-03-12-01:00", utc(2023, 3, 12, 7), H),
    ("03:00 after the gap", CENTRAL, "2023-03-12-03:00", utc(2023, 3, 12, 8), H),
    ("first 01:00 (CDT)", CENTRAL, "2023-11-05-01:00", utc(2023, 11, 5, 6), H),
    ("second 01:00 (CST)", CENTRAL, "2023-11-05-01:00-0600", utc(2023, 11, 5, 7), H),
    ("02:00 after the repeat", CENTRAL, "2023-11-05-02:00", utc(2023, 11, 5, 8), H),
    ("Berlin second 02:00", BERLIN, "2023-10-29-02:00+0100", utc(2023, 10, 29, 1), H),
    ("Kolkata keys are on the hour", KOLKATA, "2023-01-02-00:00", utc(2023, 1, 1, 18, 30), H),
    ("Lord Howe 01:00 spans the repeat", LORD_HOWE, "2023-04-02-01:00", utc(2023, 4, 1, 14), 1.5 * H),
    ("Lord Howe 01:00 spans the gap", LORD_HOWE, "2023-10-01-01:00", utc(2023, 9, 30, 14, 30), 1.5 * H),
    ("Lord Howe first 01:45", LORD_HOWE_45, "2023-04-02-01:45", utc(2023, 4, 1, 14, 45), 0.5 * H),
    ("Lord Howe second 01:45", LORD_HOWE_45, "2023-04-02-01:45+1030", utc(2023, 4, 1, 15, 15), H),
    ("daily spring day is 23 h", DAILY_CENTRAL, "2023-03-12", utc(2023, 3, 12, 6), 23 * H),
    ("daily fall day is 25 h", DAILY_CENTRAL, "2023-11-05", utc(2023, 11, 5, 5), 25 * H),
    ("daily at 02:00: boundary moves to 03:00", DAILY_CENTRAL_2AM, "2023-03-11", utc(2023, 3, 11, 8), 24 * H),
    ("daily at 02:00: next day starts at 03:00", DAILY_CENTRAL_2AM, "2023-03-12", utc(2023, 3, 12, 8), 23 * H),
    ("daily at 01:30: ambiguous start takes CST", DAILY_CENTRAL_0130, "2023-11-05", utc(2023, 11, 5, 7, 30), 24 * H),
    ("daily at 01:30: day before ends at CST", DAILY_CENTRAL_0130, "2023-11-04", utc(2023, 11, 4, 6, 30), 25 * H),
    ("weekly at 02:00 on a spring Sunday", WEEKLY_CENTRAL_2AM, "2023-03-12", utc(2023, 3, 12, 8), 7 * 24 * H - H),
    ("2-hourly: 00:30 runs to the gap's end", TWO_HOURLY_CENTRAL, "2023-03-12-00:30", utc(2023, 3, 12, 6, 30), 1.5 * H),
]  # fmt: skip


@pytest.mark.parametrize(
    ("defn", "key", "start", "length"),
    [case[1:] for case in WINDOWS],
    ids=[case[0] for case in WINDOWS],
)
def test_window_of_a_key(
    defn: TimeWindowPartitionsDefinition, key: str, start: dt.datetime, length: dt.timedelta
) -> None:
    """The window of a key starts at the listed UTC instant and lasts the listed real time."""
    window = defn.time_window_for_partition_key(key)
    assert window.start.astimezone(UTC) == start
    assert window.end.astimezone(UTC) - window.start.astimezone(UTC) == length
    assert window.start.utcoffset() == start.astimezone(window.start.tzinfo).utcoffset()
    assert window.end.utcoffset() == (start + length).astimezone(window.end.tzinfo).utcoffset()


def test_first_pass_window_ends_at_the_second_pass() -> None:
    """The first 01:00 ends at 01:00 CST (fold=1), the second at 02:00 CST (§1.5)."""
    first = CENTRAL.time_window_for_partition_key("2023-11-05-01:00")
    second = CENTRAL.time_window_for_partition_key("2023-11-05-01:00-0600")
    assert (first.end.hour, first.end.fold) == (1, 1)
    assert (second.start.hour, second.start.fold) == (1, 1)
    assert (second.end.hour, second.end.fold) == (2, 0)


# -- membership, ranges and lookups across transitions -------------------------------------------

NOW = dt.datetime(2024, 1, 1)  # naive: wall time in each definition's zone


@pytest.mark.parametrize(
    ("defn", "key", "expected"),
    [
        (CENTRAL, "2023-11-05-01:00", True),
        (CENTRAL, "2023-11-05-01:00-0600", True),
        (CENTRAL, "2023-11-05-01:00-0500", False),
        (CENTRAL, "2023-03-12-02:00", False),  # the reference says True for this nonexistent hour
        (CENTRAL_Z, "2023-11-05-01:00-0500", True),
        (KOLKATA, "2023-01-02-00:30", False),  # the reference says True for :30 keys here
        (LORD_HOWE, "2023-10-01-02:00", False),
        (LORD_HOWE_45, "2023-04-02-01:45+1030", True),
        (DAILY_CENTRAL, "2023-03-12", True),
    ],
)
def test_membership_across_transitions(
    defn: TimeWindowPartitionsDefinition, key: str, expected: bool
) -> None:
    """has_partition_key is True exactly for keys that get_partition_keys lists."""
    assert defn.has_partition_key(key, current_time=NOW) is expected
    assert (key in set(defn.get_partition_keys(current_time=NOW))) is expected


def test_range_across_the_repeated_hour() -> None:
    """A key range over the fall-back hour includes both 01:00 keys (§1.5)."""
    keys = CENTRAL.get_partition_keys_in_range(
        PartitionKeyRange("2023-11-05-00:00", "2023-11-05-03:00")
    )
    assert keys == [
        "2023-11-05-00:00",
        "2023-11-05-01:00",
        "2023-11-05-01:00-0600",
        "2023-11-05-02:00",
        "2023-11-05-03:00",
    ]


def test_key_without_offset_names_the_first_pass() -> None:
    """A key without an offset parses to the first (pre-transition) 01:00."""
    window = CENTRAL.time_window_for_partition_key("2023-11-05-01:00")
    assert window.start.utcoffset() == dt.timedelta(hours=-5)


@pytest.mark.parametrize(
    ("instant", "key"),
    [
        (utc(2023, 11, 5, 6, 30), "2023-11-05-01:00"),
        (utc(2023, 11, 5, 7, 30), "2023-11-05-01:00-0600"),
        (utc(2023, 3, 12, 7, 59), "2023-03-12-01:00"),
        (utc(2023, 3, 12, 8, 0), "2023-03-12-03:00"),
    ],
)
def test_timestamp_lookup_across_transitions(instant: dt.datetime, key: str) -> None:
    """An instant in either pass of a repeated hour maps to that pass's key."""
    assert CENTRAL.get_partition_key_for_timestamp(instant.timestamp()) == key


def test_daily_windows_hold_23_or_25_hours_of_keys() -> None:
    """A daily window on a transition day covers 23 or 25 hourly keys (§1.5)."""
    for day, count in (("2023-03-12", 23), ("2023-11-05", 25), ("2023-11-06", 24)):
        window = DAILY_CENTRAL.time_window_for_partition_key(day)
        assert len(CENTRAL.get_partition_keys_in_time_window(window)) == count


def test_daily_keys_never_get_suffixes() -> None:
    """Daily keys in a DST zone never carry an offset suffix."""
    keys = DAILY_CENTRAL.get_partition_keys(current_time=NOW)
    assert len(keys) == 365
    assert all(len(k) == 10 for k in keys)


def test_a_year_of_hourly_keys_counts_every_real_hour() -> None:
    """2023 in US/Central has 8760 real hours: one 23-hour and one 25-hour day."""
    assert CENTRAL.get_num_partitions(current_time=NOW) == 8760
    keys = CENTRAL.get_partition_keys(current_time=NOW)
    assert len(keys) == len(set(keys)) == 8760


def test_count_when_now_is_in_the_second_pass() -> None:
    """At 01:30 CST (second pass) the first 01:00 window has ended, the second has not."""
    defn = hourly("US/Central")
    keys = defn.get_partition_keys(current_time=utc(2023, 11, 5, 7, 30))
    assert keys[-2:] == ["2023-11-05-00:00", "2023-11-05-01:00"]


def test_definition_starting_inside_the_second_pass() -> None:
    """A start in the first 01:30 makes the second 01:00 (CST) the first partition."""
    defn = HourlyPartitionsDefinition(dt.datetime(2023, 11, 5, 1, 30), timezone="US/Central")
    keys = defn.get_partition_keys(current_time=utc(2023, 11, 5, 11))
    assert keys[:3] == ["2023-11-05-01:00-0600", "2023-11-05-02:00", "2023-11-05-03:00"]
    assert defn.get_partition_keys_in_range(("2023-11-05-01:00-0600", "2023-11-05-02:00")) == [
        "2023-11-05-01:00-0600",
        "2023-11-05-02:00",
    ]


def test_key_range_of_a_window_ending_after_a_gap() -> None:
    """The key range of the window ending at 03:00 CDT is that one key (not 03:00)."""
    window = CENTRAL.time_window_for_partition_key("2023-03-12-01:00")
    assert CENTRAL.get_partition_key_range_for_time_window(window) == (
        "2023-03-12-01:00",
        "2023-03-12-01:00",
    )


def test_threads_sharing_a_definition_agree() -> None:
    """Concurrent position lookups far apart in time on one shared definition stay exact."""
    from concurrent.futures import ThreadPoolExecutor

    instants = [utc(year, 11, 5, 8) for year in range(2024, 2124, 2)]

    def count(defn: TimeWindowPartitionsDefinition, instant: dt.datetime) -> int:
        return defn.get_num_partitions(current_time=instant)

    expected = [count(hourly("US/Central"), t) for t in instants]
    shared = hourly("US/Central")
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda t: count(shared, t), reversed(instants)))
    assert found[::-1] == expected
