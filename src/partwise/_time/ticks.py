"""Cron ticks in a time zone: naive arithmetic from ``_cron`` plus daylight-saving rules.

Two regimes, matching how schedulers treat wall clocks:

* **hourly-or-faster** patterns fire at every instant whose local wall time matches: a skipped
  local hour has no ticks, a repeated one has them twice (the second pass has ``fold=1``);
* **coarser** patterns fire once per naive tick: a nonexistent time moves to the end of the gap,
  an ambiguous one takes its later occurrence.

Positions count ticks from a reference tick; for hourly patterns they add the ticks each DST
transition skips or repeats, read from a per-year table of transitions (cached).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from partwise._time.cron import CronPattern, matches, parse_cron
from partwise.errors import UnknownTimezoneError

__all__ = ["Exclusions", "Tick", "TickClock", "get_timezone", "transitions"]

_UTC = _dt.timezone.utc
_US = _dt.timedelta(microseconds=1)


def get_timezone(name: str) -> _dt.tzinfo:
    """The tzinfo for an IANA name (``datetime.timezone.utc`` for UTC)."""
    if name.upper() == "UTC":
        return _UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise UnknownTimezoneError(
            f"Unknown timezone {name!r}: expected an IANA name such as 'UTC', "
            "'US/Central' or 'Europe/Berlin'."
        ) from None


@dataclass(frozen=True)
class Transition:
    utc: _dt.datetime  # naive UTC instant of the change
    before: _dt.timedelta
    after: _dt.timedelta

    @property
    def naive_span(self) -> tuple[_dt.datetime, _dt.datetime]:
        """The local wall times skipped (gap) or repeated (overlap) by this transition."""
        lo, hi = sorted((self.before, self.after))
        return self.utc + lo, self.utc + hi


def _offset(tz: _dt.tzinfo, utc_naive: _dt.datetime) -> _dt.timedelta:
    off = utc_naive.replace(tzinfo=_UTC).astimezone(tz).utcoffset()
    assert off is not None
    return off


@lru_cache(maxsize=8192)
def transitions(tz: _dt.tzinfo, year: int) -> tuple[Transition, ...]:
    """UTC-offset changes of ``tz`` in ``year`` (sampled weekly, bisected to the second)."""
    if isinstance(tz, _dt.timezone) or year < 1 or year > 9998:
        return ()
    start = _dt.datetime(year, 1, 1)
    points = [start + _dt.timedelta(days=7 * i) for i in range(53)] + [_dt.datetime(year + 1, 1, 1)]
    out: list[Transition] = []
    prev_t, prev_off = points[0], _offset(tz, points[0])
    for t in points[1:]:
        off = _offset(tz, t)
        if off != prev_off:
            lo, hi = prev_t, t
            while hi - lo > _dt.timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if _offset(tz, mid) == prev_off:
                    lo = mid
                else:
                    hi = mid
            out.append(Transition(hi, prev_off, off))
        prev_t, prev_off = t, off
    return tuple(out)


def _transition_for(tz: _dt.tzinfo, naive: _dt.datetime) -> Transition | None:
    """The transition whose gap or overlap contains the local wall time ``naive``."""
    for year in (naive.year - 1, naive.year, naive.year + 1):
        for tr in transitions(tz, year):
            lo, hi = tr.naive_span
            if lo <= naive < hi:
                return tr
    return None


class Tick(NamedTuple):
    """One firing: the aware local ``instant``, its naive wall time and naive tick index.

    A named tuple: ticks are made by the million in key and mapping arithmetic.
    """

    instant: _dt.datetime
    n: int
    fold: int = 0  # 1 for the second pass through a repeated hour (hourly patterns only)

    @property
    def utc(self) -> _dt.datetime:
        """The instant in UTC: compare these, never ``instant`` (same-zone compares ignore fold)."""
        return self.instant.astimezone(_UTC)


@dataclass(frozen=True)
class _Breaks:
    """DST transitions after a reference tick: rows ``(nA, nB, is_gap, ticks_before, position)``
    where naive ticks ``[nA, nB)`` are skipped (gap) or repeated, recorded through ``year``."""

    year: int
    rows: tuple[tuple[int, int, bool, int, int], ...]
    positions: tuple[int, ...]


class Exclusions:
    """Window starts to leave out: ticks of cron strings, or exact datetimes (in the zone)."""

    def __init__(self, exclusions: tuple[str | _dt.datetime, ...], tz: _dt.tzinfo) -> None:
        self.crons = tuple(parse_cron(e) for e in exclusions if isinstance(e, str))
        self.instants = frozenset(
            e.replace(tzinfo=tz).astimezone(_UTC) for e in exclusions if isinstance(e, _dt.datetime)
        )

    def __call__(self, tick: Tick) -> bool:
        if tick.utc in self.instants:
            return True
        local = tick.instant.replace(tzinfo=None)
        return any(matches(p, local) for p in self.crons)


class TickClock:
    """Ticks of ``cron`` in ``tz``: lookups by instant and by position from a reference tick."""

    def __init__(self, cron: str, tz: _dt.tzinfo) -> None:
        self.pattern: CronPattern = parse_cron(cron)
        self.tz = tz
        self.hourly = self.pattern.fires_hourly
        self.fixed = isinstance(tz, _dt.timezone)
        self._table = _Breaks(0, (), ())
        self._ref: Tick | None = None
        self._fold_end = 0  # naive index ending the repeated hour the reference lies in (fold=1)

    # -- localisation --------------------------------------------------------------------------
    def _aware(self, naive: _dt.datetime, fold: int = 0) -> _dt.datetime:
        """Wall time → aware instant; gaps move to their end, overlaps take ``fold``'s pass."""
        if self.fixed:
            return naive.replace(tzinfo=self.tz)
        a = naive.replace(tzinfo=self.tz)
        b = naive.replace(tzinfo=self.tz, fold=1)
        oa, ob = a.utcoffset(), b.utcoffset()
        if oa == ob:
            return a
        assert oa is not None and ob is not None
        if oa > ob:  # repeated wall time
            return b if fold else a
        return self._gap_end(naive)

    def _gap_end(self, naive: _dt.datetime) -> _dt.datetime:
        tr = _transition_for(self.tz, naive)
        assert tr is not None
        return tr.utc.replace(tzinfo=_UTC).astimezone(self.tz)

    def _status(self, naive: _dt.datetime) -> int:
        """0 normal, 1 repeated (ambiguous), -1 skipped (nonexistent)."""
        if self.fixed:
            return 0
        oa = naive.replace(tzinfo=self.tz).utcoffset()
        ob = naive.replace(tzinfo=self.tz, fold=1).utcoffset()
        assert oa is not None and ob is not None
        return 0 if oa == ob else (1 if oa > ob else -1)

    def tick(self, n: int, fold: int = 0) -> Tick:
        if self.fixed:
            return Tick(self.pattern.naive_at(n, self.tz), n)
        naive = self.pattern.naive_at(n)
        if not self.hourly:
            return Tick(self._aware(naive, 1), n, 0)
        return Tick(self._aware(naive, fold), n, fold)

    # -- lookups by instant --------------------------------------------------------------------
    def at_or_after(self, t: _dt.datetime) -> Tick:
        """The first tick at or after the aware instant ``t``."""
        if self.fixed:
            n = self.pattern.index_at_or_after(t.astimezone(self.tz).replace(tzinfo=None))
            return Tick(self.pattern.naive_at(n, self.tz), n)
        t = t.astimezone(_UTC)
        local = t.astimezone(self.tz)
        naive = local.replace(tzinfo=None, fold=0)
        n = self.pattern.index_at_or_after(naive)
        if not self.hourly:
            while n > 0 and self.tick(n - 1).utc >= t:
                n -= 1
            while (tk := self.tick(n)).utc < t:
                n += 1
            return tk
        best = self._hourly_from(n, t)
        if self._status(naive) == 1 and local.fold == 0:
            # t is in the first pass of a repeated hour: the second pass may come first.
            tr = _transition_for(self.tz, naive)
            assert tr is not None
            second = self._hourly_from(self.pattern.index_at_or_after(tr.naive_span[0]), t, 1)
            if second.utc < best.utc:
                return second
        return best

    def _hourly_from(self, n: int, t: _dt.datetime, fold: int = -1) -> Tick:
        while True:
            naive = self.pattern.naive_at(n)
            status = self._status(naive)
            if status == 0:
                return Tick(naive.replace(tzinfo=self.tz), n)
            if status == 1:
                for f in (0, 1) if fold < 0 else (fold,):
                    aware = self._aware(naive, f)
                    if aware.astimezone(_UTC) >= t:
                        return Tick(aware, n, f)
            n += 1

    def after(self, tick: Tick) -> Tick:
        """The tick following ``tick`` (one naive step unless DST repeats or skips hours)."""
        if self.fixed or not self.hourly:
            return self.tick(tick.n + 1)
        return self.at_or_after(tick.utc + _US)

    def at_or_before(self, t: _dt.datetime) -> Tick:
        """The last tick at or before ``t`` (the start of the window containing ``t``)."""
        nxt = self.at_or_after(t)
        if nxt.utc == t.astimezone(_UTC):
            return nxt
        return self.before(nxt)

    def count_back(self, first: Tick, t: _dt.datetime, limit: int) -> int:
        """How many ticks lie in ``(t, first)``, counting at most ``limit`` of them."""
        tick, count = first, 0
        while count < limit:
            tick = self.before(tick)
            if tick.utc <= t:
                break
            count += 1
        return count

    def before(self, tick: Tick) -> Tick:
        """The tick preceding ``tick``."""
        if self.hourly and not self.fixed:
            step = self.pattern.naive_at(tick.n) - self.pattern.naive_at(tick.n - 1)
            guess = self.at_or_after(tick.utc - step - _dt.timedelta(hours=3))
            prev = guess
            while (nxt := self.after(prev)).utc < tick.utc:
                prev = nxt
            return prev
        return self.tick(tick.n - 1)

    # -- positions -----------------------------------------------------------------------------
    def set_reference(self, ref: Tick) -> None:
        self._ref = ref
        self._table = _Breaks(ref.instant.year - 1, (), ())
        self._fold_end = ref.n
        if ref.fold:  # the reference is in a repeated hour's second pass: so are the next ticks
            tr = _transition_for(self.tz, self.pattern.naive_at(ref.n))
            assert tr is not None
            self._fold_end = self.pattern.index_at_or_after(tr.naive_span[1])

    def _extend(self, year: int) -> _Breaks:
        """The DST transitions after the reference, recorded at least through ``year``.

        The table is immutable and replaced whole, so threads sharing a definition never see a
        half-built one (two may build the same extension; both are right).
        """
        table = self._table
        if table.year >= year:
            return table
        assert self._ref is not None
        ref_utc, rows = self._ref.utc.replace(tzinfo=None), list(table.rows)
        for y in range(table.year + 1, year + 1):
            for tr in transitions(self.tz, y):
                if tr.utc <= ref_utc:
                    continue
                na = self.pattern.index_at_or_after(tr.naive_span[0])
                nb = self.pattern.index_at_or_after(tr.naive_span[1])
                cum = 0
                if rows:
                    pna, pnb, pgap, pcum, _ = rows[-1]
                    cum = pcum + (pna - pnb if pgap else pnb - pna)
                rows.append((na, nb, tr.after > tr.before, cum, na - self._ref.n + cum))
        self._table = table = _Breaks(year, tuple(rows), tuple(row[4] for row in rows))
        return table

    def position_at_or_after(self, t: _dt.datetime) -> int:
        """The position of the first tick at or after the aware instant ``t``."""
        if self.fixed and self._ref is not None:  # no folds or gaps: arithmetic alone
            naive = t.astimezone(self.tz).replace(tzinfo=None)
            return self.pattern.index_at_or_after(naive) - self._ref.n
        return self.position(self.at_or_after(t))

    def position(self, tick: Tick) -> int:
        """How many ticks lie between the reference tick and ``tick`` (``tick`` ≥ reference)."""
        assert self._ref is not None
        if not self.hourly or self.fixed:
            return tick.n - self._ref.n
        rows = self._extend(self.pattern.naive_at(tick.n).year + 1).rows
        i = bisect.bisect_right(rows, (tick.n, 1 << 62)) - 1
        if i < 0:
            return tick.n - self._ref.n
        na, nb, gap, cum, _ = rows[i]
        if tick.n >= nb:
            cum += na - nb if gap else nb - na
        elif tick.fold:
            cum += nb - na
        return tick.n - self._ref.n + cum

    def segments(self, end: int) -> list[tuple[int, int, int, int]]:
        """``(position, naive index, length, fold)`` runs of consecutive naive ticks to ``end``."""
        assert self._ref is not None
        year = self.pattern.naive_at(self._ref.n + max(end - 1, 0)).year + 1
        rows = self._extend(year).rows
        out: list[tuple[int, int, int, int]] = []
        pos, n = 0, self._ref.n
        if self._fold_end > n:
            out.append((0, n, self._fold_end - n, 1))
            pos, n = self._fold_end - n, self._fold_end
        for na, nb, gap, _, start in rows:
            if start >= end:
                break
            out.append((pos, n, start - pos, 0))
            if gap:
                pos, n = start, nb
            else:
                k = nb - na
                out += [(start, na, k, 0), (start + k, na, k, 1)]
                pos, n = start + 2 * k, nb
        out.append((pos, n, max(end - pos, 0), 0))
        return out

    def at_position(self, p: int) -> Tick:
        """The ``p``-th tick after the reference tick (0 is the reference)."""
        assert self._ref is not None
        if not self.hourly or self.fixed:
            return self.tick(self._ref.n + p)
        table = self._extend(self.pattern.naive_at(self._ref.n + p).year + 1)
        i = bisect.bisect_right(table.positions, p) - 1
        if i < 0:
            n = self._ref.n + p
            return self.tick(n, 1 if n < self._fold_end else 0)
        na, nb, gap, _, pos = table.rows[i]
        offset = p - pos
        if gap:
            return self.tick(nb + offset)
        k = nb - na
        if offset < k:
            return self.tick(na + offset, 0)
        if offset < 2 * k:
            return self.tick(na + offset - k, 1)
        return self.tick(nb + offset - 2 * k)
