"""The arithmetic fast paths (fixed-offset zones, keys spelled as strftime writes them) answer
exactly as the tick-by-tick path does."""

from __future__ import annotations

import datetime as _dt

import pytest

from partwise import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    TimeWindow,
    TimeWindowPartitionsDefinition,
)

NOW = _dt.datetime(2023, 3, 1, tzinfo=_dt.timezone.utc)
DEFINITIONS = [
    HourlyPartitionsDefinition("2023-01-01-00:00"),
    HourlyPartitionsDefinition("2023-01-01-00:00", minute_offset=30),
    DailyPartitionsDefinition("2023-01-01", hour_offset=6),
    DailyPartitionsDefinition("2023-01-01", end_date="2023-02-01"),
    TimeWindowPartitionsDefinition(start="2023/01/01", fmt="%Y/%m/%d", cron_schedule="0 0 * * 1"),
    TimeWindowPartitionsDefinition(start="2023-01-01", fmt="%Y-%m-%d", cron_schedule="30 0 * * *"),
]
PROBES = [
    "2023-01-01-00:00",
    "2023-01-01-00:30",
    "2023-01-05-13:00",
    "2023-1-05-13:00",
    "2023-01-05",
    "2023-01-02",
    "2023/01/02",
    "2023/01/03",
    "2022-12-31",
    "2023-02-28",
    "2023-03-01",
    "2023-02-30",
    "0999-01-01",
    "2023-01-05-13:00+0000",
    "nonsense",
]


def _slow_window(defn: TimeWindowPartitionsDefinition, key: str) -> TimeWindow:
    tick = defn.tick_of_key(key)
    return TimeWindow(tick.instant, defn.clock.after(tick).instant)


@pytest.mark.parametrize("defn", DEFINITIONS, ids=repr)
def test_membership_and_positions_match_the_key_list(defn: TimeWindowPartitionsDefinition) -> None:
    keys = defn.get_partition_keys(NOW)
    space = defn.key_space(NOW)
    for key in [*PROBES, *keys[:3], *keys[-3:]]:
        expected = key in keys
        assert defn.has_partition_key(key, NOW) is expected, key
        assert space.index_of(key) == (keys.index(key) if expected else None), key


@pytest.mark.parametrize("defn", DEFINITIONS, ids=repr)
def test_windows_match_the_tick_path(defn: TimeWindowPartitionsDefinition) -> None:
    for key in [*PROBES, *defn.get_partition_keys(NOW)[:30]]:
        try:
            slow = _slow_window(defn, key)
        except ValueError:
            with pytest.raises(ValueError):
                defn.time_window_for_partition_key(key)
            continue
        assert defn.time_window_for_partition_key(key) == slow, key


def test_zoned_definitions_keep_the_tick_path() -> None:
    central = HourlyPartitionsDefinition("2023-03-12-00:00", timezone="US/Central")
    later = NOW + _dt.timedelta(days=30)
    assert not central.has_partition_key("2023-03-12-02:00", later)  # this hour never was
    assert central.has_partition_key("2023-03-12-03:00", later)


@pytest.mark.parametrize("tz", ["UTC", "Europe/Berlin"])
def test_memoised_key_listings_equal_fresh_ones_and_stay_private(tz: str) -> None:
    """Long listings are memoised: later (sub-)listings equal those of a fresh definition, a
    caller mutating its list changes nothing, and the memo is not pickled."""
    import pickle

    def make() -> HourlyPartitionsDefinition:
        return HourlyPartitionsDefinition("2020-01-01-00:00", timezone=tz)

    pdef, now = make(), _dt.datetime(2021, 6, 1, tzinfo=_dt.timezone.utc)
    first = pdef.get_partition_keys(now)
    assert len(first) > 10_000
    first.clear()
    assert pdef.get_partition_keys(now) == make().get_partition_keys(now)
    assert pdef.keys_between_positions(100, 5000) == make().keys_between_positions(100, 5000)
    later = now + _dt.timedelta(days=30)  # a longer listing than the memo: listed afresh
    assert pdef.get_partition_keys(later) == make().get_partition_keys(later)
    copy = pickle.loads(pickle.dumps(pdef))
    assert copy == pdef and copy._keys_memo == (0, ())
    assert copy.get_partition_keys(now) == make().get_partition_keys(now)


GRID_ZONES = ["UTC", "Asia/Kolkata"]  # evenly spaced windows (arithmetic); a zone (ticks)


@pytest.mark.parametrize("tz", GRID_ZONES)
def test_aligned_upstream_positions_by_grid_match_the_tick_path(tz: str) -> None:
    """Daily, hourly, 15-minute and 2-hourly definitions rehome one another's intervals (negative
    positions included) exactly as walking the ticks does, by arithmetic in UTC."""
    from partwise._partitions.mappings.time_window import _rehomed, _spans

    definitions = [
        DailyPartitionsDefinition("2022-12-30", timezone=tz),
        HourlyPartitionsDefinition("2023-01-01-00:00", timezone=tz),
        TimeWindowPartitionsDefinition(
            start="2023-01-01-00:00",
            fmt="%Y-%m-%d-%H:%M",
            cron_schedule="*/15 * * * *",
            timezone=tz,
        ),
        TimeWindowPartitionsDefinition(
            start="2023-01-01-00:00",
            fmt="%Y-%m-%d-%H:%M",
            cron_schedule="30 */2 * * *",
            timezone=tz,
        ),
    ]
    intervals = ((-40, -3), (-1, 1), (0, 1), (7, 31), (400, 2000))
    for down in definitions:
        assert (down.grid is not None) == (tz == "UTC")
        for up in definitions:
            clock = up.clock
            by_ticks = tuple(
                (clock.position_at_or_after(a.instant), clock.position_at_or_after(b.instant))
                for a, b in _spans(down, intervals)
            )
            assert _rehomed(down, up, intervals) == by_ticks


@pytest.mark.parametrize(
    "defn",
    [
        HourlyPartitionsDefinition("2023-01-01-00:00"),
        DailyPartitionsDefinition("2023-01-01", hour_offset=6, end_offset=1),
        TimeWindowPartitionsDefinition(
            start="2023-01-01-00:00", fmt="%Y-%m-%d-%H:%M", cron_schedule="*/15 * * * *"
        ),
    ],
    ids=["hourly", "daily-offset", "quarter-hour"],
)
def test_ticks_started_by_grid_match_the_tick_path(defn: TimeWindowPartitionsDefinition) -> None:
    """How many windows have started by an instant: arithmetic on an even grid equals the ticks."""
    assert defn.grid is not None
    first = defn.first_tick.utc
    for seconds in [0, 1, 59, 899, 900, 3600, 86_399, 86_400, 86_401, 10**6 + 7, 10**8]:
        for micros in (0, 1, 999_999):
            now = first + _dt.timedelta(seconds=seconds, microseconds=micros)
            by_ticks = defn.position_of(defn.clock.at_or_after(now + _dt.timedelta(microseconds=1)))
            assert defn._ticks_until_now(now) == by_ticks, now
            assert defn.get_partition_keys(current_time=now) == defn.get_partition_keys(
                current_time=now.replace(tzinfo=None)
            )
