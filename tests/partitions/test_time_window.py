"""Time-window partitions definitions: spec §0.4 and §1.1-§1.4 (DST lives in test_time_window_dst)."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from partwise._partitions.context import partition_loading_context
from partwise._partitions.definitions.base import PartitionKeyRange, TimeWindow
from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from partwise._partitions.definitions.time_window import (
    ScheduleType,
    TimeWindowPartitionsDefinition,
)
from partwise.errors import (
    CheckError,
    InvalidDefinitionError,
    UnknownPartitionError,
    UnknownTimezoneError,
)

UTC = dt.timezone.utc


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def daily() -> DailyPartitionsDefinition:
    return DailyPartitionsDefinition(start_date="2022-01-01")


# -- §1.1 constructors ---------------------------------------------------------------------------


def test_cron_with_schedule_type_is_refused() -> None:
    """cron_schedule together with schedule_type raises CheckError with the reference's text."""
    with pytest.raises(CheckError, match=r"^Invariant failed\. Description: If cron_schedule"):
        TimeWindowPartitionsDefinition(
            start="2022-01-01",
            fmt="%Y-%m-%d",
            cron_schedule="0 0 * * *",
            schedule_type=ScheduleType.DAILY,
        )


def test_cron_with_an_offset_is_refused() -> None:
    """cron_schedule together with a non-zero offset raises CheckError."""
    with pytest.raises(CheckError, match="minute_offset, hour_offset, and day_offset"):
        TimeWindowPartitionsDefinition(
            start="2022-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 * * *", hour_offset=3
        )


def test_neither_cron_nor_schedule_type_is_refused() -> None:
    """Giving neither cron_schedule nor schedule_type raises the reference's CheckError."""
    with pytest.raises(CheckError, match=r"^Failure condition: One of schedule_type and cron"):
        TimeWindowPartitionsDefinition(start="2022-01-01", fmt="%Y-%m-%d")


@pytest.mark.parametrize(
    "cls",
    [
        HourlyPartitionsDefinition,
        DailyPartitionsDefinition,
        WeeklyPartitionsDefinition,
        MonthlyPartitionsDefinition,
    ],
)
def test_cadences_are_time_window_definitions(cls: type) -> None:
    """The four cadence classes subclass TimeWindowPartitionsDefinition."""
    assert issubclass(cls, TimeWindowPartitionsDefinition)


def test_timezone_defaults_to_utc_and_is_kept_verbatim() -> None:
    """timezone defaults to "UTC"; a lower-case "utc" is kept as given."""
    assert DailyPartitionsDefinition(start_date="2022-01-01").timezone == "UTC"
    assert DailyPartitionsDefinition(start_date="2022-01-01", timezone="utc").timezone == "utc"


def test_unknown_timezone_fails_at_construction() -> None:
    """An unknown zone raises UnknownTimezoneError, also an InvalidDefinitionError and KeyError."""
    with pytest.raises(UnknownTimezoneError, match="Mars/Olympus") as info:
        DailyPartitionsDefinition(start_date="2022-01-01", timezone="Mars/Olympus")
    assert isinstance(info.value, InvalidDefinitionError)
    assert isinstance(info.value, KeyError)


@pytest.mark.parametrize(
    ("defn", "fmt", "first_key"),
    [
        (HourlyPartitionsDefinition("2022-01-01-05:00"), "%Y-%m-%d-%H:%M", "2022-01-01-05:00"),
        (DailyPartitionsDefinition("2022-01-01"), "%Y-%m-%d", "2022-01-01"),
        (WeeklyPartitionsDefinition("2022-01-02"), "%Y-%m-%d", "2022-01-02"),
        (MonthlyPartitionsDefinition("2022-02-01"), "%Y-%m-%d", "2022-02-01"),
    ],
)
def test_default_formats(defn: TimeWindowPartitionsDefinition, fmt: str, first_key: str) -> None:
    """Each cadence's default fmt and the shape of its keys (monthly keys are full dates)."""
    assert defn.fmt == fmt
    assert defn.get_first_partition_key(current_time=utc(2023, 1, 1)) == first_key


@pytest.mark.parametrize(
    ("defn", "cron"),
    [
        (HourlyPartitionsDefinition("2022-01-01-00:00", minute_offset=15), "15 * * * *"),
        (DailyPartitionsDefinition("2022-01-01", minute_offset=5, hour_offset=3), "5 3 * * *"),
        (WeeklyPartitionsDefinition("2022-01-01", hour_offset=1, day_offset=2), "0 1 * * 2"),
        (WeeklyPartitionsDefinition("2022-01-01", day_offset=0), "0 0 * * 0"),
        (MonthlyPartitionsDefinition("2022-01-01", minute_offset=30, day_offset=5), "30 0 5 * *"),
        (MonthlyPartitionsDefinition("2022-01-01", day_offset=0), "0 0 1 * *"),
    ],
)
def test_derived_cron_strings(defn: TimeWindowPartitionsDefinition, cron: str) -> None:
    """Offsets become the cadence's cron; monthly day 0 becomes 1, weekly day 0 stays 0."""
    assert defn.cron_schedule == cron


@pytest.mark.parametrize(
    ("make", "cron"),
    [
        (lambda: HourlyPartitionsDefinition("2022-01-01-00:00", minute_offset=60), "60 * * * *"),
        (lambda: DailyPartitionsDefinition("2022-01-01", hour_offset=24), "0 24 * * *"),
        (lambda: WeeklyPartitionsDefinition("2022-01-01", day_offset=8), "0 0 * * 8"),
        (lambda: MonthlyPartitionsDefinition("2022-01-01", day_offset=32), "0 0 32 * *"),
    ],
)
def test_out_of_range_offsets_fail_at_construction(make: object, cron: str) -> None:
    """An offset out of range raises the reference's "Found invalid cron schedule" error."""
    expected = f"^Found invalid cron schedule '{cron}' for a TimeWindowPartitionsDefinition."
    with pytest.raises(InvalidDefinitionError, match=expected.replace("*", r"\*")):
        make()  # type: ignore[operator]


def test_weekly_day_offset_seven_is_sunday() -> None:
    """Weekly day_offset 7 is accepted and gives the same keys as 0 (Sunday)."""
    now = utc(2022, 2, 1)
    seven = WeeklyPartitionsDefinition("2022-01-01", day_offset=7)
    zero = WeeklyPartitionsDefinition("2022-01-01", day_offset=0)
    assert seven.get_partition_keys(now) == zero.get_partition_keys(now)
    assert seven.day_offset == 7


def test_monthly_day_offset_31_skips_short_months() -> None:
    """Monthly day 31 fires only in 31-day months; the January window runs to March 31."""
    defn = MonthlyPartitionsDefinition("2022-01-01", day_offset=31)
    assert defn.get_partition_keys(utc(2022, 8, 1)) == ["2022-01-31", "2022-03-31", "2022-05-31"]
    assert defn.time_window_for_partition_key("2022-01-31") == (utc(2022, 1, 31), utc(2022, 3, 31))


def test_read_back_properties() -> None:
    """cron_schedule, fmt, timezone, end_offset, start, end and offsets read back."""
    defn = WeeklyPartitionsDefinition(
        "2022-01-01",
        end_date="2022-06-01",
        minute_offset=5,
        hour_offset=6,
        day_offset=3,
        timezone="Europe/Berlin",
        end_offset=2,
    )
    assert defn.cron_schedule == "5 6 * * 3"
    assert (defn.fmt, defn.timezone, defn.end_offset) == ("%Y-%m-%d", "Europe/Berlin", 2)
    assert defn.start == dt.datetime(2022, 1, 1, tzinfo=defn.start.tzinfo)
    assert str(defn.start.tzinfo) == "Europe/Berlin"
    assert defn.end is not None and defn.end.replace(tzinfo=None) == dt.datetime(2022, 6, 1)
    assert (defn.minute_offset, defn.hour_offset, defn.day_offset) == (5, 6, 3)
    assert defn.schedule_type is ScheduleType.WEEKLY


def test_end_is_none_without_end_date(daily: DailyPartitionsDefinition) -> None:
    """end reads back as None when no end_date was given."""
    assert daily.end is None


@pytest.mark.parametrize(
    ("cron", "kind"),
    [
        ("0 * * * *", ScheduleType.HOURLY),
        ("0 0 * * *", ScheduleType.DAILY),
        ("0 0 * * 1", ScheduleType.WEEKLY),
        ("0 0 1 * *", ScheduleType.MONTHLY),
        ("*/15 * * * *", None),
        ("0 0 * * 1-5", None),
        ("0 9 1,15 * *", None),
    ],
)
def test_schedule_type_is_inferred_from_the_cron(cron: str, kind: ScheduleType | None) -> None:
    """schedule_type names the cadence of a plain cron and is None for any other cron."""
    defn = TimeWindowPartitionsDefinition(
        start="2022-01-01-00:00", fmt="%Y-%m-%d-%H:%M", cron_schedule=cron
    )
    assert defn.schedule_type is kind


def test_day_offset_of_a_daily_definition_raises(daily: DailyPartitionsDefinition) -> None:
    """day_offset on a daily definition raises CheckError naming the schedule type."""
    with pytest.raises(CheckError, match="Unsupported schedule type for day_offset"):
        _ = daily.day_offset


def test_hour_offset_of_an_hourly_definition_raises() -> None:
    """An hourly cron has no hour offset: reading it raises CheckError."""
    with pytest.raises(CheckError, match=r"15 \* \* \* \* has no hour offset"):
        _ = HourlyPartitionsDefinition("2022-01-01-00:00", minute_offset=15).hour_offset


def test_repr_shows_the_base_class_and_fields(daily: DailyPartitionsDefinition) -> None:
    """repr names TimeWindowPartitionsDefinition, never the subclass, with a timestamp start."""
    assert repr(daily) == (
        "TimeWindowPartitionsDefinition(start=1640995200.0, end=None, timezone='UTC', "
        "fmt='%Y-%m-%d', end_offset=0, cron_schedule='0 0 * * *')"
    )


def test_str_describes_the_cadence(daily: DailyPartitionsDefinition) -> None:
    """str reads "Daily, starting 2022-01-01 UTC." plus the end offset when there is one."""
    assert str(daily) == "Daily, starting 2022-01-01 UTC."
    offset = DailyPartitionsDefinition("2022-01-01", end_offset=2)
    assert str(offset) == "Daily, starting 2022-01-01 UTC. End offsetted by 2 partitions."
    one = DailyPartitionsDefinition("2022-01-01", end_offset=1)
    assert str(one).endswith("End offsetted by 1 partition.")


def test_equality_is_by_fields(daily: DailyPartitionsDefinition) -> None:
    """A daily definition equals (and hashes like) the base class with the same fields."""
    same = TimeWindowPartitionsDefinition(
        start="2022-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 * * *"
    )
    assert daily == same and hash(daily) == hash(same)
    assert daily != DailyPartitionsDefinition("2022-01-02")
    assert daily != DailyPartitionsDefinition("2022-01-01", timezone="US/Central")


def test_definitions_pickle(daily: DailyPartitionsDefinition) -> None:
    """A definition survives pickling (process pools carry them)."""
    assert pickle.loads(pickle.dumps(daily)) == daily


# -- §1.2 start and end --------------------------------------------------------------------------


def test_start_string_is_parsed_with_the_definition_fmt() -> None:
    """A custom fmt requires start strings in that fmt."""
    defn = DailyPartitionsDefinition("20220101", fmt="%Y%m%d")
    assert defn.get_partition_keys(utc(2022, 1, 3)) == ["20220101", "20220102"]


def test_daily_start_with_a_minus_zero_offset_is_accepted() -> None:
    """A daily start "2022-01-01-00:00" parses (-00:00 reads as a UTC offset), like the reference."""
    assert DailyPartitionsDefinition("2022-01-01-00:00").start == utc(2022, 1, 1)


def test_hourly_rejects_a_date_only_start() -> None:
    """An hourly start needs hours: the error starts with the reference's ValueError text."""
    with pytest.raises(ValueError, match=r"^time data '2022-01-01' does not match format") as info:
        HourlyPartitionsDefinition(start_date="2022-01-01")
    assert "'%Y-%m-%d-%H:%M%z'" in str(info.value)
    assert "e.g. '2022-01-01-00:00'" in str(info.value)


@pytest.mark.parametrize("text", ["2022-01-01T00:00:00", "2022/01/01"])
def test_other_date_spellings_are_rejected(text: str) -> None:
    """ISO or slash-separated start strings raise ValueError (an InvalidDefinitionError)."""
    with pytest.raises(InvalidDefinitionError):
        DailyPartitionsDefinition(start_date=text)


def test_start_string_is_wall_time_in_the_zone() -> None:
    """A start string is a wall-clock time in the partitions' zone, not UTC."""
    defn = DailyPartitionsDefinition("2022-01-01", timezone="US/Central")
    assert defn.start.astimezone(UTC) == utc(2022, 1, 1, 6)


def test_start_datetime_tzinfo_is_replaced_not_converted() -> None:
    """An aware UTC start datetime keeps its wall time in the partitions' zone."""
    defn = DailyPartitionsDefinition(start_date=utc(2022, 1, 1), timezone="US/Central")
    assert defn.start.astimezone(UTC) == utc(2022, 1, 1, 6)


@pytest.mark.parametrize(
    ("defn", "first_key"),
    [
        (DailyPartitionsDefinition(dt.datetime(2022, 1, 1, 5, 30)), "2022-01-02"),
        (WeeklyPartitionsDefinition("2022-01-01"), "2022-01-02"),
        (MonthlyPartitionsDefinition("2022-01-15"), "2022-02-01"),
        (HourlyPartitionsDefinition("2022-01-01-05:30"), "2022-01-01-06:00"),
    ],
)
def test_first_partition_is_the_first_tick_at_or_after_start(
    defn: TimeWindowPartitionsDefinition, first_key: str
) -> None:
    """The first partition starts at the first cron tick at or after start."""
    assert defn.get_first_partition_key(current_time=utc(2023, 1, 1)) == first_key


def test_end_date_is_exclusive() -> None:
    """A window straddling end_date is dropped."""
    defn = DailyPartitionsDefinition("2022-01-01", end_date=dt.datetime(2022, 1, 3, 12))
    assert defn.get_partition_keys(utc(2030, 1, 1)) == ["2022-01-01", "2022-01-02"]


def test_end_before_start_is_refused() -> None:
    """end_date before start is a mistake: refused, naming both (the reference accepts it)."""
    with pytest.raises(InvalidDefinitionError, match=r"The end 2022-01-01T00:00:00.* comes before"):
        DailyPartitionsDefinition("2022-01-03", end_date="2022-01-01")


def test_end_at_start_gives_no_partitions() -> None:
    """end_date at start gives an empty key list, not an error."""
    defn = DailyPartitionsDefinition("2022-01-03", end_date="2022-01-03")
    assert defn.get_partition_keys(utc(2030, 1, 1)) == []
    assert defn.get_num_partitions(utc(2030, 1, 1)) == 0
    assert defn.get_last_partition_key(utc(2030, 1, 1)) is None


def test_monthly_windows_ending_after_end_date() -> None:
    """Monthly day 31 with end_date: only windows ending by end_date count, but like the reference
    a definition whose first window exists keeps at least that one."""
    defn = MonthlyPartitionsDefinition("2022-01-01", end_date="2022-03-15", day_offset=31)
    assert defn.get_partition_keys(utc(2030, 1, 1)) == ["2022-01-31"]
    longer = MonthlyPartitionsDefinition("2022-01-01", end_date="2022-06-15", day_offset=31)
    assert longer.get_partition_keys(utc(2030, 1, 1)) == ["2022-01-31", "2022-03-31"]
    longer = MonthlyPartitionsDefinition("2022-01-01", end_date="2022-04-01", day_offset=31)
    assert longer.get_partition_keys(utc(2030, 1, 1)) == ["2022-01-31"]


# -- §1.3 which partitions exist now -------------------------------------------------------------


@pytest.mark.parametrize(
    ("defn", "now", "keys"),
    [
        (DailyPartitionsDefinition("2022-01-01"), utc(2022, 1, 5), ["01-01", "01-02", "01-03", "01-04"]),
        (DailyPartitionsDefinition("2022-01-01"), utc(2022, 1, 5, 0, 0, 1), ["01-01", "01-02", "01-03", "01-04"]),
        (DailyPartitionsDefinition("2022-01-01"), utc(2022, 1, 4, 23, 59), ["01-01", "01-02", "01-03"]),
        (DailyPartitionsDefinition("2022-01-01"), utc(2022, 1, 1, 12), []),
        (WeeklyPartitionsDefinition("2022-01-01"), utc(2022, 2, 1), ["01-02", "01-09", "01-16", "01-23"]),
        (MonthlyPartitionsDefinition("2022-01-01"), utc(2022, 5, 1), ["01-01", "02-01", "03-01", "04-01"]),
        (DailyPartitionsDefinition("2022-01-01", hour_offset=6), utc(2022, 1, 4, 5), ["01-01", "01-02"]),
        (DailyPartitionsDefinition("2022-01-01", end_offset=1), utc(2022, 1, 3, 12), ["01-01", "01-02", "01-03"]),
        (DailyPartitionsDefinition("2022-01-01", end_offset=2), utc(2022, 1, 3, 12), ["01-01", "01-02", "01-03", "01-04"]),
        (DailyPartitionsDefinition("2022-01-01", end_offset=1), utc(2022, 1, 3), ["01-01", "01-02", "01-03"]),
        (DailyPartitionsDefinition("2022-01-01", end_offset=-1), utc(2022, 1, 5, 12), ["01-01", "01-02", "01-03"]),
        (
            DailyPartitionsDefinition("2022-01-01", end_date="2022-01-05", end_offset=3),
            utc(2022, 1, 3, 12),
            ["01-01", "01-02", "01-03", "01-04"],
        ),
    ],
)  # fmt: skip
def test_partitions_that_exist_now(
    defn: TimeWindowPartitionsDefinition, now: dt.datetime, keys: list[str]
) -> None:
    """Only fully elapsed windows exist, shifted by end_offset and capped by end_date (§1.3)."""
    assert defn.get_partition_keys(current_time=now) == [f"2022-{k}" for k in keys]


def test_hourly_partitions_that_exist_now() -> None:
    """Hourly at 03:30 has the 00:00, 01:00 and 02:00 partitions."""
    defn = HourlyPartitionsDefinition("2022-01-01-00:00")
    assert defn.get_partition_keys(current_time=utc(2022, 1, 1, 3, 30)) == [
        "2022-01-01-00:00",
        "2022-01-01-01:00",
        "2022-01-01-02:00",
    ]


@pytest.mark.parametrize(
    ("now", "end_offset", "count"),
    [
        (utc(2022, 1, 1), 1, 1),  # now is the first tick: its window is the +1
        (utc(2021, 12, 31), 1, 0),  # the window containing now is 12-31, before the start
        (utc(2021, 12, 31, 12), 1, 1),  # the reference's floor: one partition once the first exists
        (utc(2021, 12, 31, 12), 2, 1),
        (utc(2021, 12, 30, 12), 2, 1),
        (utc(2021, 6, 1), 3, 0),  # far before the start: nothing, however large the offset
    ],
)
def test_end_offset_before_the_first_partition(
    now: dt.datetime, end_offset: int, count: int
) -> None:
    """Before the start, end_offset counts windows on from the last elapsed one (§1.3's rule)."""
    defn = DailyPartitionsDefinition("2022-01-01", end_offset=end_offset)
    assert defn.get_num_partitions(current_time=now) == count
    assert len(defn.get_partition_keys(current_time=now)) == count


# -- §0.4 the loading context --------------------------------------------------------------------


def test_naive_current_time_is_read_in_the_definition_zone() -> None:
    """A naive current time is wall time in the zone; an aware one is converted (§0.4)."""
    defn = DailyPartitionsDefinition("2023-11-04", timezone="US/Central")
    naive = defn.get_partition_keys(current_time=dt.datetime(2023, 11, 6))
    aware = defn.get_partition_keys(current_time=utc(2023, 11, 6))
    assert naive == ["2023-11-04", "2023-11-05"]
    assert aware == ["2023-11-04"]


def test_loading_context_sets_now_for_methods_without_current_time(
    daily: DailyPartitionsDefinition,
) -> None:
    """Inside partition_loading_context(T), last key, count and membership are as of T."""
    with partition_loading_context(effective_dt=utc(2022, 1, 5)):
        assert daily.get_last_partition_key() == "2022-01-04"
        assert daily.get_num_partitions() == 4
        assert daily.has_partition_key("2022-01-04")
        assert not daily.has_partition_key("2022-01-05")


def test_loading_contexts_nest_and_restore(daily: DailyPartitionsDefinition) -> None:
    """An inner context overrides the outer one only inside its block."""
    with partition_loading_context(utc(2022, 1, 5)):
        with partition_loading_context(utc(2022, 1, 3)):
            assert daily.get_last_partition_key() == "2022-01-02"
        assert daily.get_last_partition_key() == "2022-01-04"


def test_naive_effective_time_in_context_is_wall_time() -> None:
    """A naive effective_dt in the context is also read in the definition's zone."""
    defn = DailyPartitionsDefinition("2023-11-04", timezone="US/Central")
    with partition_loading_context(dt.datetime(2023, 11, 6)):
        assert defn.get_last_partition_key() == "2023-11-05"


# -- §1.4 keys and lookups -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2022-01-03", True),
        ("2022-1-3", False),
        ("2022-01-03-00:00", False),
        ("2021-12-31", False),
        ("2022-01-05", False),
        ("2099-01-01", False),
        ("foo", False),
    ],
)
def test_has_partition_key_is_strict(
    daily: DailyPartitionsDefinition, key: str, expected: bool
) -> None:
    """Membership needs the exact key of an existing window (no lenient parsing, no future)."""
    assert daily.has_partition_key(key, current_time=utc(2022, 1, 5)) is expected


@pytest.mark.parametrize(
    ("key", "start"),
    [
        ("2022-01-03", utc(2022, 1, 3)),
        ("2022-1-3", utc(2022, 1, 3)),
        ("2022-01-03-00:00", utc(2022, 1, 3)),
        ("1999-01-01", utc(1999, 1, 1)),
        ("2099-01-01", utc(2099, 1, 1)),
    ],
)
def test_time_window_for_partition_key_is_lenient(
    daily: DailyPartitionsDefinition, key: str, start: dt.datetime
) -> None:
    """Any parseable key gets the window starting at or after it, with no bounds check."""
    assert daily.time_window_for_partition_key(key) == TimeWindow(
        start, start + dt.timedelta(days=1)
    )


def test_time_window_for_an_unparseable_key_raises(daily: DailyPartitionsDefinition) -> None:
    """An unparseable key raises ValueError starting with the reference's text."""
    with pytest.raises(ValueError, match=r"^time data 'foo' does not match format '%Y-%m-%d%z'"):
        daily.time_window_for_partition_key("foo")


def test_a_key_inside_a_window_maps_to_the_next_window() -> None:
    """Monthly '2022-02-15' names the March window (first start at or after it)."""
    monthly = MonthlyPartitionsDefinition("2022-01-01")
    assert monthly.time_window_for_partition_key("2022-02-15") == (
        utc(2022, 3, 1),
        utc(2022, 4, 1),
    )


def test_windows_are_aware_in_the_definition_zone() -> None:
    """Window datetimes use timezone.utc for UTC and the zone itself otherwise."""
    berlin = DailyPartitionsDefinition("2022-01-01", timezone="Europe/Berlin")
    window = berlin.time_window_for_partition_key("2022-01-03")
    assert str(window.start.tzinfo) == "Europe/Berlin"
    assert window.start.astimezone(UTC) == utc(2022, 1, 2, 23)
    utc_window = DailyPartitionsDefinition("2022-01-01").time_window_for_partition_key("2022-01-03")
    assert utc_window.start.tzinfo is UTC


def test_first_and_last_windows(daily: DailyPartitionsDefinition) -> None:
    """First and last partition windows follow the current time."""
    assert daily.get_first_partition_window(utc(2022, 1, 5)) == (utc(2022, 1, 1), utc(2022, 1, 2))
    assert daily.get_last_partition_window(utc(2022, 1, 5)) == (utc(2022, 1, 4), utc(2022, 1, 5))
    assert daily.get_last_partition_window(utc(2021, 1, 5)) is None


def test_keys_in_range_are_inclusive(daily: DailyPartitionsDefinition) -> None:
    """A key range includes both ends; a one-key range gives that key."""
    assert daily.get_partition_keys_in_range(PartitionKeyRange("2022-01-02", "2022-01-04")) == [
        "2022-01-02",
        "2022-01-03",
        "2022-01-04",
    ]
    assert daily.get_partition_keys_in_range(("2022-01-02", "2022-01-02")) == ["2022-01-02"]


def test_keys_in_range_ignore_now_at_the_end(daily: DailyPartitionsDefinition) -> None:
    """A range ending in the future still returns its keys (the end is not checked against now)."""
    with partition_loading_context(utc(2022, 1, 5)):
        keys = daily.get_partition_keys_in_range(PartitionKeyRange("2022-01-03", "2099-01-01"))
    assert keys[0] == "2022-01-03" and keys[-1] == "2099-01-01"
    assert len(keys) == (dt.date(2099, 1, 1) - dt.date(2022, 1, 3)).days + 1


def test_reversed_range_is_empty(daily: DailyPartitionsDefinition) -> None:
    """A range whose start follows its end gives []."""
    assert daily.get_partition_keys_in_range(PartitionKeyRange("2022-01-03", "2022-01-01")) == []


def test_range_starting_before_the_definition_raises(daily: DailyPartitionsDefinition) -> None:
    """A range start before the definition's start raises the reference's CheckError."""
    with pytest.raises(CheckError) as info:
        daily.get_partition_keys_in_range(PartitionKeyRange("2021-12-30", "2022-01-03"))
    assert str(info.value) == (
        "Invariant failed. Description: Partition key range start 2021-12-30 is before the "
        "partitions definition start time 2022-01-01 00:00:00+00:00"
    )


def test_range_ending_after_end_date_raises() -> None:
    """A range end whose window ends after end_date raises CheckError."""
    defn = DailyPartitionsDefinition("2022-01-01", end_date="2022-01-05")
    with pytest.raises(CheckError, match="Partition key range end 2022-01-05 is after"):
        defn.get_partition_keys_in_range(PartitionKeyRange("2022-01-02", "2022-01-05"))


def test_get_partition_key_formats_dates(daily: DailyPartitionsDefinition) -> None:
    """get_partition_key accepts a key, a date or a datetime and returns the key string."""
    with partition_loading_context(utc(2022, 1, 5)):
        assert daily.get_partition_key("2022-01-03") == "2022-01-03"
        assert daily.get_partition_key(dt.date(2022, 1, 3)) == "2022-01-03"
        assert daily.get_partition_key(dt.datetime(2022, 1, 3)) == "2022-01-03"


def test_get_partition_key_refuses_missing_keys(daily: DailyPartitionsDefinition) -> None:
    """A key that does not exist raises ValueError("Got invalid partition key ...")."""
    with pytest.raises(ValueError, match=r"^Got invalid partition key '2099-01-02'"):
        daily.get_partition_key("2099-01-02")


def test_next_partition_key(daily: DailyPartitionsDefinition) -> None:
    """The next key follows; past the last partition there is none."""
    with partition_loading_context(utc(2022, 1, 5)):
        assert daily.get_next_partition_key("2022-01-02") == "2022-01-03"
        assert daily.get_next_partition_key("2022-01-04") is None


def test_partition_key_for_timestamp(daily: DailyPartitionsDefinition) -> None:
    """The key of the window containing an instant; end_closed moves a boundary to the left."""
    assert daily.get_partition_key_for_timestamp(utc(2022, 1, 3, 12).timestamp()) == "2022-01-03"
    boundary = utc(2022, 1, 3).timestamp()
    assert daily.get_partition_key_for_timestamp(boundary) == "2022-01-03"
    assert daily.get_partition_key_for_timestamp(boundary, end_closed=True) == "2022-01-02"


def test_keys_in_time_window_use_window_starts(daily: DailyPartitionsDefinition) -> None:
    """Keys whose windows start inside [start, end) of the given window."""
    window = TimeWindow(utc(2022, 1, 3, 12), utc(2022, 1, 6))
    assert daily.get_partition_keys_in_time_window(window) == ["2022-01-04", "2022-01-05"]


def test_key_range_for_time_window_covers_overlaps(daily: DailyPartitionsDefinition) -> None:
    """The range of the first and last windows overlapping a time window."""
    window = TimeWindow(utc(2022, 1, 3), utc(2022, 1, 6))
    assert daily.get_partition_key_range_for_time_window(window) == ("2022-01-03", "2022-01-05")


def test_tags_for_partition_key(daily: DailyPartitionsDefinition) -> None:
    """A partition's run tags name it under dagster/partition."""
    assert daily.get_tags_for_partition_key("2022-01-03") == {"dagster/partition": "2022-01-03"}


def test_validate_partition_key_suggests_nearest_keys(daily: DailyPartitionsDefinition) -> None:
    """An unknown key raises UnknownPartitionError with the reference text and nearest keys."""
    with pytest.raises(UnknownPartitionError) as info:
        daily.validate_partition_key("2022-01-09", current_time=utc(2022, 1, 5))
    message = str(info.value)
    assert message.startswith("Could not find a partition with key `2022-01-09`.")
    assert "2022-01-04" in message


def test_validate_partition_key_accepts_existing_keys(daily: DailyPartitionsDefinition) -> None:
    """An existing key validates silently."""
    daily.validate_partition_key("2022-01-03", current_time=utc(2022, 1, 5))


def test_str_of_a_custom_cron_names_the_cron() -> None:
    """A custom cron definition's str shows the cron in place of a cadence name."""
    defn = TimeWindowPartitionsDefinition(
        start="2022-01-01-00:00", fmt="%Y-%m-%d-%H:%M", cron_schedule="*/15 * * * *"
    )
    assert str(defn) == "*/15 * * * *, starting 2022-01-01-00:00 UTC."


# -- get_cron_schedule ---------------------------------------------------------------------------


def test_cron_schedule_overrides() -> None:
    """get_cron_schedule rebuilds the cadence's cron with the given fields replaced."""
    hourly = HourlyPartitionsDefinition("2022-01-01-00:00", minute_offset=15)
    daily = DailyPartitionsDefinition("2022-01-01", minute_offset=7, hour_offset=3)
    weekly = WeeklyPartitionsDefinition("2022-01-01", day_offset=3)
    monthly = MonthlyPartitionsDefinition("2022-01-01", day_offset=3)
    assert hourly.get_cron_schedule() == "15 * * * *"
    assert hourly.get_cron_schedule(minute_of_hour=5) == "5 * * * *"
    assert daily.get_cron_schedule(minute_of_hour=1, hour_of_day=2) == "1 2 * * *"
    assert weekly.get_cron_schedule(day_of_week=5) == "0 0 * * 5"
    assert weekly.get_cron_schedule(day_of_month=5) == "0 0 * * 3"
    assert monthly.get_cron_schedule(day_of_month=5) == "0 0 5 * *"
    assert monthly.get_cron_schedule(day_of_week=5) == "0 0 3 * *"


@pytest.mark.parametrize(
    ("defn", "kwargs", "message"),
    [
        (HourlyPartitionsDefinition("2022-01-01-00:00"), {"hour_of_day": 3}, "hour parameter"),
        (DailyPartitionsDefinition("2022-01-01"), {"day_of_week": 3}, "day of week parameter"),
        (DailyPartitionsDefinition("2022-01-01"), {"day_of_month": 3}, "day of month parameter"),
    ],
)
def test_cron_schedule_refuses_fields_the_cadence_lacks(
    defn: TimeWindowPartitionsDefinition, kwargs: dict[str, int], message: str
) -> None:
    """Hourly refuses an hour; daily refuses days (CheckError, the reference's text)."""
    with pytest.raises(CheckError, match=f"^Invariant failed. Description: Cannot set {message}"):
        defn.get_cron_schedule(**kwargs)


def test_cron_schedule_of_a_custom_cron_refuses_overrides() -> None:
    """A custom cron is returned as is, and refuses field overrides."""
    defn = TimeWindowPartitionsDefinition(
        start="2022-01-01-00:00", fmt="%Y-%m-%d-%H:%M", cron_schedule="*/15 * * * *"
    )
    assert defn.get_cron_schedule() == "*/15 * * * *"
    with pytest.raises(CheckError, match="does not support minute_of_hour"):
        defn.get_cron_schedule(minute_of_hour=3)


# -- custom crons, exclusions and formats --------------------------------------------------------


def test_quarter_hour_cron() -> None:
    """A */15 cron gives quarter-hour keys."""
    defn = TimeWindowPartitionsDefinition(
        start="2022-01-01-00:00", fmt="%Y-%m-%d-%H:%M", cron_schedule="*/15 * * * *"
    )
    assert defn.get_partition_keys(utc(2022, 1, 1, 1)) == [
        "2022-01-01-00:00",
        "2022-01-01-00:15",
        "2022-01-01-00:30",
        "2022-01-01-00:45",
    ]


def test_weekday_cron_windows_span_weekends() -> None:
    """A weekday-only cron skips weekends; Friday's window runs to Monday."""
    defn = TimeWindowPartitionsDefinition(
        start="2022-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 * * 1-5"
    )
    keys = defn.get_partition_keys(utc(2022, 1, 12))
    assert keys == [f"2022-01-{d:02d}" for d in (3, 4, 5, 6, 7, 10, 11)]
    assert defn.time_window_for_partition_key("2022-01-07") == (utc(2022, 1, 7), utc(2022, 1, 10))


def test_exclusions_drop_windows_and_keep_the_rest() -> None:
    """Excluded cron ticks and datetimes are removed; the others keep their own windows."""
    defn = DailyPartitionsDefinition(
        "2022-01-01", exclusions=["0 0 * * 6,0", dt.datetime(2022, 1, 4)]
    )
    now = utc(2022, 1, 12)
    keys = defn.get_partition_keys(now)
    assert keys == [f"2022-01-{d:02d}" for d in (3, 5, 6, 7, 10, 11)]
    assert defn.get_num_partitions(now) == 6
    assert defn.get_first_partition_key(now) == "2022-01-03"
    assert not defn.has_partition_key("2022-01-04", current_time=now)
    assert defn.time_window_for_partition_key("2022-01-07") == (utc(2022, 1, 7), utc(2022, 1, 8))


def test_exclusions_are_skipped_by_next_key_and_ranges() -> None:
    """get_next_partition_key and key ranges skip excluded windows."""
    defn = DailyPartitionsDefinition("2022-01-01", exclusions=["0 0 * * 6,0"])
    with partition_loading_context(utc(2022, 1, 12)):
        assert defn.get_next_partition_key("2022-01-07") == "2022-01-10"
        assert defn.get_partition_keys_in_range(("2022-01-07", "2022-01-10")) == [
            "2022-01-07",
            "2022-01-10",
        ]


def test_invalid_exclusion_cron_fails_at_construction() -> None:
    """A malformed exclusion cron raises InvalidDefinitionError naming it."""
    with pytest.raises(InvalidDefinitionError, match="'not a cron'"):
        DailyPartitionsDefinition("2022-01-01", exclusions=["not a cron"])


def test_exclusions_change_equality() -> None:
    """Definitions that differ only by exclusions are not equal."""
    plain = DailyPartitionsDefinition("2022-01-01")
    assert plain != DailyPartitionsDefinition("2022-01-01", exclusions=["0 0 * * 0"])


def test_too_coarse_format_fails_when_keys_are_listed() -> None:
    """A fmt that gives two windows one key builds (as in the reference) but cannot list keys."""
    defn = HourlyPartitionsDefinition("2022-01-01", fmt="%Y-%m-%d")
    assert defn == HourlyPartitionsDefinition("2022-01-01", fmt="%Y-%m-%d")
    with pytest.raises(InvalidDefinitionError, match="too coarse") as info:
        defn.get_partition_keys(utc(2022, 1, 2))
    assert "'2022-01-01'" in str(info.value)
    with pytest.raises(InvalidDefinitionError, match="too coarse"):
        defn.get_partition_keys_in_range(("2022-01-01", "2022-01-02"))


def test_any_format_builds_like_the_reference() -> None:
    """Even a fmt without directives (a timezone passed positionally as fmt) builds and pickles."""
    defn = TimeWindowPartitionsDefinition(
        dt.datetime(2021, 1, 1), "America/Los_Angeles", cron_schedule="0 0 * * *"
    )
    assert pickle.loads(pickle.dumps(defn)) == defn
    assert defn.fmt == "America/Los_Angeles" and defn.timezone == "UTC"


def test_too_coarse_format_is_found_past_the_first_windows() -> None:
    """The check looks at many windows, not only the first two."""
    defn = TimeWindowPartitionsDefinition(
        start=dt.datetime(2022, 1, 31), fmt="%Y-%m", cron_schedule="0 0 28-31 * *"
    )
    with pytest.raises(InvalidDefinitionError, match="too coarse"):
        defn.get_partition_keys(utc(2022, 6, 1))


def test_zone_format_directive_adds_the_offset() -> None:
    """A fmt with %z gives keys that carry their UTC offset and parse back."""
    defn = DailyPartitionsDefinition(
        dt.datetime(2022, 1, 1), fmt="%Y-%m-%d%z", timezone="Asia/Kolkata"
    )
    keys = defn.get_partition_keys(utc(2022, 1, 2))
    assert keys == ["2022-01-01+0530"]
    assert defn.has_partition_key("2022-01-01+0530", current_time=utc(2022, 1, 2))


def test_lookups_on_a_century_of_hours() -> None:
    """Count, membership and key → window on 100 years of hours (speed: benchmarks/)."""
    defn = HourlyPartitionsDefinition("2000-01-01-00:00", end_date="2100-01-01-00:00")
    now = utc(2101, 1, 1)
    assert defn.get_num_partitions(now) == (dt.date(2100, 1, 1) - dt.date(2000, 1, 1)).days * 24
    for year in range(2000, 2100):
        key = f"{year}-06-15-13:00"
        assert defn.has_partition_key(key, current_time=now)
        assert defn.time_window_for_partition_key(key).start.year == year


@pytest.mark.parametrize(
    ("fmt", "cron"),
    [
        ("%Y%m%d", "0 0 * * *"),
        ("%d.%m.%Y", "0 0 * * *"),
        ("{%Y}-%m-%d", "0 0 * * *"),
        ("%Y-%m-%dT%H", "0 * * * *"),
        ("%Y-W%W-%a", "0 0 * * 1-5"),
        ("%b %d, %Y %I:%M %p", "30 */6 * * *"),
    ],
)
def test_keys_are_window_starts_formatted_with_fmt(fmt: str, cron: str) -> None:
    """Whatever the format, each key is its window's start formatted with fmt."""
    defn = TimeWindowPartitionsDefinition(
        start=dt.datetime(2022, 1, 1), fmt=fmt, cron_schedule=cron
    )
    keys = defn.get_partition_keys(current_time=utc(2022, 1, 20))
    assert keys
    for key in keys:
        window = defn.time_window_for_partition_key(key)
        assert window.start.strftime(fmt) == key
        assert defn.has_partition_key(key, current_time=utc(2022, 1, 20))


@pytest.mark.parametrize(
    ("bad", "nearest"),
    [
        ("2024-01-32", ["2024-01-30", "2024-01-31", "2024-02-01"]),
        ("2024-02-30", ["2024-02-28", "2024-02-29", "2024-03-01"]),
        ("2023-12-32", ["2024-01-01", "2024-01-02", "2024-01-03"]),
    ],
)
def test_unparseable_keys_suggest_their_string_neighbours(bad: str, nearest: list[str]) -> None:
    """A key that is no date still gets the keys it would sort between as suggestions."""
    defn = DailyPartitionsDefinition("2024-01-01", end_date="2024-06-01")
    with partition_loading_context(utc(2025, 1, 1)):
        assert defn.nearest_partition_keys(bad) == nearest
        with pytest.raises(UnknownPartitionError, match=nearest[1]):
            defn.validate_partition_key(bad)


@pytest.mark.parametrize(
    ("kwargs", "cause"),
    [
        ({"hour_offset": 25}, "hour_offset=25 is out of range; expected 0-23"),
        ({"minute_offset": 60}, "minute_offset=60 is out of range; expected 0-59"),
    ],
)
def test_out_of_range_offsets_are_named(kwargs: dict[str, int], cause: str) -> None:
    """The invalid-cron error says which offset caused it."""
    with pytest.raises(InvalidDefinitionError, match=cause):
        DailyPartitionsDefinition("2024-01-01", **kwargs)
