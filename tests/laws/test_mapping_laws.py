"""Laws of TimeWindowPartitionMapping over random pairs of time-window definitions.

Each example draws two definitions in one zone (hourly/daily/weekly/monthly; UTC, US/Central or
Europe/Berlin), often starting near a DST transition, offsets in -2..1, a fixed "now" and a
downstream subset. The oracle reads only public window edges: an upstream partition is found
iff its window overlaps some downstream window shifted by whole downstream partitions.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from partwise._partitions.definitions.time_window import TimeWindowPartitionsDefinition
from partwise._partitions.mappings.base import UpstreamPartitionsResult
from partwise._partitions.mappings.time_window import TimeWindowPartitionMapping

from .strategies import dst_transitions, zone

UTC = dt.timezone.utc
LAWS = settings(
    max_examples=min(60, int(os.environ.get("PARTWISE_LAW_EXAMPLES", "40"))),
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CLASSES: dict[str, Callable[..., TimeWindowPartitionsDefinition]] = {
    "Hourly": HourlyPartitionsDefinition,
    "Daily": DailyPartitionsDefinition,
    "Weekly": WeeklyPartitionsDefinition,
    "Monthly": MonthlyPartitionsDefinition,
}
# How many days before the base instant a definition may start (so a few windows exist by then),
# and a margin of a few windows.
LEAD = {"Hourly": (0, 3), "Daily": (2, 20), "Weekly": (15, 60), "Monthly": (62, 150)}
MARGIN = {"Hourly": 5 / 24, "Daily": 5, "Weekly": 35, "Monthly": 155}
ZONES = ("UTC", "US/Central", "Europe/Berlin")


@dataclass(frozen=True)
class Side:
    """One definition's recipe: cadence, naive local start and zone."""

    kind: str
    start: dt.datetime
    tz: str

    def build(self, earlier: float = 0) -> TimeWindowPartitionsDefinition:
        start = self.start - dt.timedelta(days=earlier)
        return CLASSES[self.kind](start_date=start, timezone=self.tz)


@dataclass(frozen=True)
class Case:
    """A downstream/upstream pair, the mapping's offsets, the current time and a key sample."""

    down: Side
    up: Side
    now: dt.datetime
    start_offset: int
    end_offset: int
    picks: tuple[tuple[float, int], ...]  # (relative position, run length) of downstream runs
    more: tuple[tuple[float, int], ...]  # extra runs for the "bigger" subset

    @property
    def mapping(self) -> TimeWindowPartitionMapping:
        return TimeWindowPartitionMapping(self.start_offset, self.end_offset)


@st.composite
def cases(draw: st.DrawFn, offsets: bool = True) -> Case:
    tz = draw(st.sampled_from(ZONES))
    year = draw(st.integers(2019, 2024))
    changes = dst_transitions(tz, year)
    near_change = bool(changes) and draw(st.booleans())
    if near_change:
        base = draw(st.sampled_from(changes)) + dt.timedelta(hours=draw(st.integers(-30, 30)))
    else:
        base = dt.datetime(year, 1, 1, tzinfo=UTC) + dt.timedelta(days=draw(st.integers(0, 364)))
    local = base.astimezone(zone(tz)).replace(tzinfo=None, minute=0, second=0, microsecond=0)

    def side() -> Side:
        kind = draw(st.sampled_from(sorted(CLASSES)))
        days = draw(st.integers(*LEAD[kind]))
        back = dt.timedelta(days=days, hours=draw(st.integers(3, 23)))
        return Side(kind, local - back, tz)

    down, up = side(), side()
    now = local + dt.timedelta(hours=draw(st.integers(1, 24 * 45)))
    start_offset = draw(st.integers(-2, 1)) if offsets else 0
    end_offset = draw(st.integers(-2, 1)) if offsets else 0
    if start_offset > end_offset and draw(st.integers(0, 3)):  # inverted offsets read nothing
        start_offset, end_offset = end_offset, start_offset
    runs = st.lists(st.tuples(st.floats(0, 1), st.integers(1, 4)), min_size=1, max_size=4)
    return Case(down, up, now, start_offset, end_offset, tuple(draw(runs)), tuple(draw(runs)))


def pick(keys: list[str], runs: tuple[tuple[float, int], ...]) -> list[str]:
    """The keys at the drawn runs of positions, in order."""
    if not keys:
        return []
    chosen: set[int] = set()
    for where, length in runs:
        first = min(int(where * len(keys)), len(keys) - 1)
        chosen.update(range(first, min(len(keys), first + length)))
    return [keys[i] for i in sorted(chosen)]


def map_up(case: Case, keys: list[str]) -> UpstreamPartitionsResult:
    down, up = case.down.build(), case.up.build()
    return case.mapping.get_upstream_mapped_partitions_result_for_partitions(
        down.subset_with_partition_keys(keys), down, up, current_time=case.now
    )


def map_down(case: Case, keys: list[str]) -> set[str]:
    down, up = case.down.build(), case.up.build()
    subset = up.subset_with_partition_keys(keys)
    mapped = case.mapping.get_downstream_partitions_for_partitions(
        subset, up, down, current_time=case.now
    )
    return set(mapped.get_partition_keys())


def existing(side: Side, now: dt.datetime) -> list[str]:
    return list(side.build().get_partition_keys(current_time=now))


def edges(defn: TimeWindowPartitionsDefinition, key: str) -> tuple[float, float]:
    window = defn.time_window_for_partition_key(key)
    return window.start.timestamp(), window.end.timestamp()


def shifted_windows(case: Case, keys: list[str]) -> list[tuple[float, float]]:
    """Each contiguous run of downstream keys as one window, its start and end moved by whole
    downstream partitions and then kept inside the upstream's existing range."""
    margin = MARGIN[case.down.kind]
    wide = case.down.build(earlier=margin)
    wide_keys = list(wide.get_partition_keys(current_time=case.now + dt.timedelta(days=margin)))
    index = {key: i for i, key in enumerate(wide_keys)}
    positions = sorted(index[key] for key in keys)
    runs: list[list[int]] = []
    for i in positions:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    up_keys = existing(case.up, case.now)
    up = case.up.build()
    lo = edges(up, up_keys[0])[0] if up_keys else None
    hi = edges(up, up_keys[-1])[1] if up_keys else None
    out = []
    for run in runs:
        start = edges(wide, wide_keys[run[0] + case.start_offset])[0]
        end = edges(wide, wide_keys[run[-1] + case.end_offset])[1]
        if lo is not None and hi is not None:
            start = max(start, lo) if case.start_offset < 0 else start
            end = min(end, hi) if case.end_offset > 0 else end
        out.append((start, end))
    return out


def oracle_found(case: Case, keys: list[str]) -> set[str]:
    """Existing upstream keys whose windows overlap a shifted downstream window."""
    up = case.up.build()
    windows = shifted_windows(case, keys)
    found = set()
    for key in existing(case.up, case.now):
        lo, hi = edges(up, key)
        if any(lo < end and hi > start for start, end in windows if start < end):
            found.add(key)
    return found


@LAWS
@given(cases())
def test_found_keys_exist_and_missing_keys_do_not(case: Case) -> None:
    """Every returned upstream key exists upstream; every reported missing key does not."""
    keys = pick(existing(case.down, case.now), case.picks)
    result = map_up(case, keys)
    upstream = set(existing(case.up, case.now))
    found = set(result.partitions_subset.get_partition_keys())
    missing = set(result.required_but_nonexistent_partition_keys)
    assert found <= upstream
    assert not missing & upstream


@LAWS
@given(cases())
def test_found_keys_match_the_window_oracle(case: Case) -> None:
    """Found keys are exactly the existing upstream windows overlapping the shifted windows."""
    assume(case.start_offset <= case.end_offset)  # crossed offsets: see test_mapping_time.py
    keys = pick(existing(case.down, case.now), case.picks)
    found = set(map_up(case, keys).partitions_subset.get_partition_keys())
    assert found == oracle_found(case, keys)


@LAWS
@given(cases(offsets=False))
def test_unshifted_missing_keys_cover_the_whole_window(case: Case) -> None:
    """Without offsets, found and missing keys together tile each downstream window."""
    keys = pick(existing(case.down, case.now), case.picks)
    result = map_up(case, keys)
    up = case.up.build()
    down = case.down.build()
    mapped = list(result.partitions_subset.get_partition_keys())
    mapped += result.required_but_nonexistent_partition_keys
    covered = sorted(edges(up, key) for key in mapped)
    for key in keys:
        lo, hi = edges(down, key)
        inside = [(a, b) for a, b in covered if a < hi and b > lo]
        assert inside, key
        assert inside[0][0] <= lo and inside[-1][1] >= hi
        assert all(x[1] == y[0] for x, y in itertools.pairwise(inside))


@LAWS
@given(cases(offsets=False))
def test_down_up_down_contains_the_original(case: Case) -> None:
    """Mapping up then back down returns every key that found some upstream partition."""
    keys = pick(existing(case.down, case.now), case.picks)
    found = list(map_up(case, keys).partitions_subset.get_partition_keys())
    back = map_down(case, found)
    for key in keys:
        if len(map_up(case, [key]).partitions_subset):
            assert key in back


@LAWS
@given(cases())
def test_mapping_is_monotone_in_the_subset(case: Case) -> None:
    """A bigger downstream subset maps to a superset, found and missing alike, both ways."""
    down_keys = existing(case.down, case.now)
    small = pick(down_keys, case.picks)
    big = pick(down_keys, case.picks + case.more)
    a, b = map_up(case, small), map_up(case, big)
    assert set(a.partitions_subset.get_partition_keys()) <= set(
        b.partitions_subset.get_partition_keys()
    )
    assert set(a.required_but_nonexistent_partition_keys) <= set(
        b.required_but_nonexistent_partition_keys
    )
    up_keys = existing(case.up, case.now)
    assert map_down(case, pick(up_keys, case.picks)) <= map_down(
        case, pick(up_keys, case.picks + case.more)
    )


@LAWS
@given(cases())
def test_reverse_mapping_agrees_with_the_forward_one(case: Case) -> None:
    """A downstream key is returned for upstream keys U iff it reads some key of U."""
    up_keys = pick(existing(case.up, case.now), case.picks)
    back = map_down(case, up_keys)
    chosen = set(up_keys)
    down_keys = existing(case.down, case.now)
    sample = set(pick(down_keys, case.more)) | set(sorted(back)[:10])
    for key in sample:
        reads = set(map_up(case, [key]).partitions_subset.get_partition_keys())
        assert (key in back) == bool(reads & chosen), key
