"""Laws of time-window definitions, checked against a brute-force cron oracle.

The oracle shares no code with partwise: it parses the cron itself and walks time minute by
minute. Hourly-or-faster crons fire at every UTC minute whose local wall time matches (skipped
hours have no ticks, repeated hours have two); coarser crons fire at every matching naive local
minute, localised with a gap moving to its end and an ambiguous time taking its later occurrence.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings, strategies as st

from partwise import PartitionKeyRange, TimeWindow, partition_loading_context

from .strategies import TimeWindowSpec, instants_near, time_window_specs

UTC = dt.timezone.utc
MINUTE = dt.timedelta(minutes=1)
# PARTWISE_LAW_EXAMPLES=N explores N random examples per law; by default the run is fixed and quick.
_EXPLORE = int(os.environ.get("PARTWISE_LAW_EXAMPLES", "0"))
LAWS = settings(
    max_examples=_EXPLORE or 100,
    derandomize=not _EXPLORE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- the oracle ----------------------------------------------------------------------------------


def _field(text: str, lo: int, hi: int) -> frozenset[int] | None:
    """Values of one cron field, ``None`` for ``*`` (day-of-week 7 is read as 0, Sunday)."""
    if text == "*":
        return None
    values: set[int] = set()
    for part in text.split(","):
        body, _, step = part.partition("/")
        if body == "*":
            a, b = lo, hi
        else:
            first, _, last = body.partition("-")
            a, b = int(first), int(last or first)
        values.update(range(a, b + 1, int(step or 1)))
    return frozenset(0 if hi == 7 and v == 7 else v for v in values)


@dataclass(frozen=True)
class Oracle:
    """A cron read the slow way, in one time zone."""

    cron: str
    tz: dt.tzinfo

    def fields(self) -> list[frozenset[int] | None]:
        bounds = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
        return [_field(t, *b) for t, b in zip(self.cron.split(), bounds, strict=True)]

    @property
    def hourly(self) -> bool:
        hours = self.fields()[1]
        return hours is None or len(hours) == 24

    def day_ok(self, day: dt.date) -> bool:
        _, _, doms, months, dows = self.fields()
        if months is not None and day.month not in months:
            return False
        dom_ok = doms is None or day.day in doms
        dow_ok = dows is None or day.isoweekday() % 7 in dows
        if doms is not None and dows is not None:
            return dom_ok or dow_ok
        return dom_ok and dow_ok

    def wall_ok(self, wall: dt.datetime) -> bool:
        minutes, hours = self.fields()[:2]
        return (
            (minutes is None or wall.minute in minutes)
            and (hours is None or wall.hour in hours)
            and self.day_ok(wall.date())
        )

    def localize(self, naive: dt.datetime) -> dt.datetime:
        """Naive wall time → aware: gaps move to their end, ambiguous times take the later pass."""
        first = naive.replace(tzinfo=self.tz)
        if first.astimezone(UTC).astimezone(self.tz).replace(tzinfo=None) != naive:
            u = (first.astimezone(UTC) - dt.timedelta(hours=3)).replace(second=0, microsecond=0)
            while u.astimezone(self.tz).replace(tzinfo=None) < naive:
                u += MINUTE
            return u.astimezone(self.tz)
        later = naive.replace(tzinfo=self.tz, fold=1)
        return later if later.utcoffset() != first.utcoffset() else first

    def ticks(self, lo: dt.datetime, hi: dt.datetime) -> list[dt.datetime]:
        """Every tick in ``[lo, hi)``, as aware local datetimes, in order."""
        lo, hi = lo.astimezone(UTC), hi.astimezone(UTC)  # same-zone comparison would ignore fold
        if self.hourly:
            out, u = [], lo.astimezone(UTC).replace(second=0, microsecond=0)
            u += MINUTE if u < lo else dt.timedelta(0)
            while u < hi:
                local = u.astimezone(self.tz)
                if self.wall_ok(local.replace(tzinfo=None)):
                    out.append(local)
                u += MINUTE
            return out
        minutes, hours = (
            sorted(f or range(n)) for f, n in zip(self.fields(), (60, 24), strict=False)
        )
        day = lo.astimezone(self.tz).date() - dt.timedelta(days=1)
        found: list[dt.datetime] = []
        while day <= hi.astimezone(self.tz).date() + dt.timedelta(days=1):
            if self.day_ok(day):
                for h in hours:
                    for m in minutes:
                        t = self.localize(dt.datetime(day.year, day.month, day.day, h, m))
                        if lo <= t < hi:
                            found.append(t)
            day += dt.timedelta(days=1)
        return sorted(found, key=lambda t: t.astimezone(UTC))

    def key(self, fmt: str, tick: dt.datetime) -> str:
        key = tick.strftime(fmt)
        if self.hourly and tick.fold and "%z" not in fmt:
            key += tick.strftime("%z")
        return key


def oracle_for(spec: TimeWindowSpec) -> Oracle:
    return Oracle(spec.cron, spec.tz)


def expected_keys(spec: TimeWindowSpec, now: dt.datetime) -> tuple[list[str], list[dt.datetime]]:
    """The keys that exist at ``now`` per spec §1.2-§1.3, and the oracle ticks from the first on.

    With ``tk(t)`` the position of the last tick at or before ``t`` (counted from the first tick,
    negative before it), the last window is ``tk(now) - 1 + end_offset``, capped by the last
    window ending by ``end_date``; once the first window exists there is at least one partition
    (the reference's rules, edges included).
    """
    oracle, defn = oracle_for(spec), spec.build()
    start = spec.start.replace(tzinfo=spec.tz).astimezone(UTC)
    end_date = spec.args.get("end_date")
    end = None if end_date is None else end_date.replace(tzinfo=spec.tz).astimezone(UTC)
    hi = max(now, end or now) + spec.span
    ticks = oracle.ticks(min(start, now) - 8 * spec.span, hi)
    while sum(1 for t in ticks if t >= now) < 4:
        hi += spec.span
        ticks = oracle.ticks(min(start, now) - 8 * spec.span, hi)
    first = next(i for i, t in enumerate(ticks) if t >= start)

    def tk(t: dt.datetime) -> int:
        elapsed = [i for i, tick in enumerate(ticks) if tick <= t]
        return (elapsed[-1] if elapsed else -len(ticks)) - first

    offset, now_tick = defn.end_offset, tk(now)
    if end is not None and end <= start:
        count = 0
    elif offset == 0:
        if now_tick < 1:
            count = 0
        elif end is not None and end < now:
            count = max(tk(end) - 1, 0) + 1
        else:
            count = now_tick
    else:
        next_start = now_tick if now in ticks else now_tick + 1
        if (next_start if offset > 0 else now_tick) + offset < 1:
            count = 0
        else:
            last = now_tick - 1 + offset
            if end is not None and tk(end) - 1 <= last:
                last = tk(end) - 1
            count = max(last, 0) + 1
    ticks = ticks[first:]
    return [oracle.key(defn.fmt, t) for t in ticks[:count]], ticks


@st.composite
def _near_start(draw: st.DrawFn) -> tuple[TimeWindowSpec, dt.datetime]:
    """A definition and a "now" a few windows after its start (or before it)."""
    spec = draw(time_window_specs())
    start = spec.start.replace(tzinfo=spec.tz).astimezone(UTC)
    now = (
        start
        + spec.span * draw(st.floats(-0.1, 1.5))
        + dt.timedelta(seconds=draw(st.integers(0, 1)))
    )
    return spec, now


@st.composite
def _far_window(draw: st.DrawFn) -> tuple[TimeWindowSpec, dt.datetime, dt.datetime]:
    """A definition and an instant ``a`` far after its start (often near a DST transition)."""
    spec = draw(time_window_specs())
    start = spec.start.replace(tzinfo=spec.tz).astimezone(UTC)
    a = draw(instants_near(spec.args["timezone"], after=start + 2 * spec.span))
    return spec, a, a + spec.span


# -- (i) index arithmetic equals the oracle ------------------------------------------------------


@LAWS
@given(_near_start())
def test_keys_near_the_start_match_the_oracle(case: tuple[TimeWindowSpec, dt.datetime]) -> None:
    """The key list at "now" is the oracle's ticks from start, filtered by now/end/end_offset."""
    spec, now = case
    keys, _ = expected_keys(spec, now)
    assert spec.build().get_partition_keys(current_time=now) == keys


@LAWS
@given(_far_window())
def test_keys_in_a_far_window_match_the_oracle(
    case: tuple[TimeWindowSpec, dt.datetime, dt.datetime],
) -> None:
    """Far from the start, the keys whose windows start in [a, b) are the oracle's ticks there."""
    spec, a, b = case
    defn, oracle = spec.build(), oracle_for(spec)
    expected = [oracle.key(defn.fmt, t) for t in oracle.ticks(a, b)]
    assert defn.get_partition_keys_in_time_window(TimeWindow(a, b)) == expected


@LAWS
@given(_far_window())
def test_windows_far_from_the_start_match_the_oracle(
    case: tuple[TimeWindowSpec, dt.datetime, dt.datetime],
) -> None:
    """Each key's window runs from its tick to the next tick, with the tick's own UTC offset."""
    spec, a, b = case
    defn, oracle = spec.build(), oracle_for(spec)
    ticks = oracle.ticks(a, b + spec.span)
    for tick, nxt in itertools.pairwise(ticks):
        window = defn.time_window_for_partition_key(oracle.key(defn.fmt, tick))
        assert (window.start, window.end) == (tick, nxt)
        assert window.start.utcoffset() == tick.utcoffset()
        assert window.end.utcoffset() == nxt.utcoffset()


@LAWS
@given(_far_window(), st.floats(0, 1))
def test_timestamp_lookup_matches_the_oracle(
    case: tuple[TimeWindowSpec, dt.datetime, dt.datetime], fraction: float
) -> None:
    """The key for an instant is the key of the last oracle tick at or before it."""
    spec, a, b = case
    defn, oracle = spec.build(), oracle_for(spec)
    ticks = oracle.ticks(a - spec.span, b + spec.span)
    instant = a + (b - a) * fraction
    before = [t for t in ticks if t <= instant]
    expected = oracle.key(defn.fmt, before[-1])
    assert defn.get_partition_key_for_timestamp(instant.timestamp()) == expected


@LAWS
@given(_far_window())
def test_counts_and_last_key_far_from_the_start_match_the_oracle(
    case: tuple[TimeWindowSpec, dt.datetime, dt.datetime],
) -> None:
    """Between two instants the count grows by the windows that ended; the last key is exact."""
    spec, a, b = case
    defn, oracle = spec.build(), oracle_for(spec)
    if defn.end is not None:
        return
    ticks = oracle.ticks(a - spec.span, b + spec.span)
    ended = sum(1 for t in ticks[1:] if a < t <= b)
    assert defn.get_num_partitions(b) - defn.get_num_partitions(a) == ended
    last_elapsed = max(i for i, t in enumerate(ticks[1:]) if t <= b)
    expected_last = oracle.key(defn.fmt, ticks[last_elapsed + defn.end_offset])
    with partition_loading_context(b):
        assert defn.get_last_partition_key() == expected_last


# -- (ii) round trips and tiling -----------------------------------------------------------------


@LAWS
@given(_near_start())
def test_key_window_key_round_trips_and_windows_tile(
    case: tuple[TimeWindowSpec, dt.datetime],
) -> None:
    """key → window → key is the identity, and each window ends where the next one starts."""
    spec, now = case
    defn = spec.build()
    keys = defn.get_partition_keys(current_time=now)
    windows = [defn.time_window_for_partition_key(k) for k in keys]
    for key, window in zip(keys, windows, strict=True):
        assert window.start.astimezone(UTC) < window.end.astimezone(UTC)
        assert defn.get_partition_key_for_timestamp(window.start.timestamp()) == key
        assert defn.get_partition_key_range_for_time_window(window) == (key, key)
    for left, right in itertools.pairwise(windows):
        assert left.end.astimezone(UTC) == right.start.astimezone(UTC)


# -- (iii) count / membership / first / last agree with the key list -----------------------------


@LAWS
@given(_near_start())
def test_count_membership_first_and_last_agree_with_the_key_list(
    case: tuple[TimeWindowSpec, dt.datetime],
) -> None:
    """get_num_partitions, has_partition_key and first/last keys agree with get_partition_keys."""
    spec, now = case
    defn = spec.build()
    keys, ticks = expected_keys(spec, now)
    with partition_loading_context(now):
        assert defn.get_num_partitions() == len(keys)
        assert defn.get_first_partition_key() == (keys[0] if keys else None)
        assert defn.get_last_partition_key() == (keys[-1] if keys else None)
        assert all(defn.has_partition_key(k) for k in keys)
        later = [Oracle(spec.cron, spec.tz).key(defn.fmt, t) for t in ticks[len(keys) :]]
        assert not any(defn.has_partition_key(k) for k in later)


# -- (iv) ranges are slices of the key list ------------------------------------------------------


@LAWS
@given(_near_start(), st.data())
def test_keys_in_range_are_a_slice_of_the_key_list(
    case: tuple[TimeWindowSpec, dt.datetime], data: st.DataObject
) -> None:
    """get_partition_keys_in_range((k_i, k_j)) == keys[i : j + 1]."""
    spec, now = case
    defn = spec.build()
    keys = defn.get_partition_keys(current_time=now)
    if not keys:
        return
    i = data.draw(st.integers(0, len(keys) - 1))
    j = data.draw(st.integers(i, len(keys) - 1))
    assert defn.get_partition_keys_in_range(PartitionKeyRange(keys[i], keys[j])) == keys[i : j + 1]
    assert defn.get_partition_keys_in_range(PartitionKeyRange(keys[j], keys[i])) == (
        [keys[i]] if i == j else []
    )
