"""Fast formatting and parsing of time partition keys."""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

from partwise._time.cron import calendar_day
from partwise._time.ticks import Tick, TickClock, transitions
from partwise.errors import InvalidDefinitionError, InvalidPartitionKeyError

__all__ = ["KeyFormat", "TickKeys", "parse_bound"]

_DIRECTIVE = re.compile(r"%.")
_FIELDS = {
    "Y": r"(\d{4})",
    "m": r"(\d{1,2})",
    "d": r"(\d{1,2})",
    "H": r"(\d{1,2})",
    "M": r"(\d{1,2})",
    "S": r"(\d{1,2})",
}
_ORDER = "YmdHMS"
_Layout = tuple[int, tuple[tuple[int, int, int], ...], tuple[tuple[int, str], ...]]
_TIME = set("HIMSfpXTRrcs")
_DATE = set("YymdjbBaAUWGVuweDFhgCx")


class KeyFormat:
    """A ``strftime`` format compiled for speed: a per-day prefix plus a per-time suffix."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.has_zone = "%z" in fmt or "%Z" in fmt
        self.prefix: str | None = None
        self.suffix = ""
        directives = [(m.start(), m.group()[1]) for m in _DIRECTIVE.finditer(fmt)]
        times = [pos for pos, d in directives if d in _TIME]
        split = times[0] if times else len(fmt)
        if (
            not self.has_zone
            and all(d in _DATE or d == "%" for pos, d in directives if pos < split)
            and all(d in _TIME for pos, d in directives if pos >= split)
        ):
            self.prefix, self.suffix = fmt[:split], fmt[split:]
        self._regex, self._slots = self._compile_parser(directives)
        self.fields = frozenset(_ORDER[slot] for slot in self._slots)
        self._layout = self._canonical_layout(directives) if self._regex is not None else None

    def _canonical_layout(self, directives: list[tuple[int, str]]) -> _Layout:
        """Where each field and literal sits in a key as ``strftime`` writes it (zero-padded,
        so at fixed offsets): ``(length, ((slot, start, end), ...), ((start, literal), ...))``."""
        fields, literals, out, last = [], [], 0, 0
        for pos, d in directives:
            if pos > last:
                literals.append((out, self.fmt[last:pos]))
                out += pos - last
            width = 4 if d == "Y" else 2
            fields.append((_ORDER.index(d), out, out + width))
            out, last = out + width, pos + 2
        if last < len(self.fmt):
            literals.append((out, self.fmt[last:]))
            out += len(self.fmt) - last
        return out, tuple(fields), tuple(literals)

    def _compile_parser(
        self, directives: list[tuple[int, str]]
    ) -> tuple[re.Pattern[str] | None, tuple[int, ...]]:
        """A regex for formats made of %Y %m %d %H %M %S and literals (strptime is slow)."""
        if any(d not in _FIELDS for _, d in directives) or len({d for _, d in directives}) != len(
            directives
        ):
            return None, ()
        pattern, last = "", 0
        for pos, d in directives:
            pattern += re.escape(self.fmt[last:pos]) + _FIELDS[d]
            last = pos + 2
        pattern += re.escape(self.fmt[last:])
        slots = tuple(_ORDER.index(d) for _, d in directives)
        return re.compile(pattern), slots

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_day_formatter", None)  # a closure: rebuilt on first use after unpickling
        return state

    def day_formatter(self) -> Callable[[_dt.date], str]:
        """Format a date with the per-day prefix (built once per format, on first use)."""
        formatter: Callable[[_dt.date], str] | None = self.__dict__.get("_day_formatter")
        if formatter is None:
            formatter = self.__dict__["_day_formatter"] = self._build_day_formatter()
        return formatter

    def _build_day_formatter(self) -> Callable[[_dt.date], str]:
        """``str.format`` (or ``isoformat``) when the prefix only uses %Y %m %d."""
        prefix = self.prefix or ""
        head, iso, tail = prefix.partition("%Y-%m-%d")
        if iso and "%" not in head + tail:  # the common case: ISO dates are 6x faster
            if not head and not tail:
                return _dt.date.isoformat
            return lambda day: head + day.isoformat() + tail
        directives = {m.group() for m in _DIRECTIVE.finditer(prefix)}
        if not directives <= {"%Y", "%m", "%d"}:
            return lambda day: day.strftime(prefix)
        template = prefix.replace("{", "{{").replace("}", "}}")
        for directive, field in (
            ("%Y", "{0.year:04d}"),
            ("%m", "{0.month:02d}"),
            ("%d", "{0.day:02d}"),
        ):
            template = template.replace(directive, field)
        return template.format

    def example(self, tz: _dt.tzinfo = _dt.timezone.utc) -> str:
        """A sample key in this format, for error messages."""
        return _dt.datetime(2022, 1, 1, tzinfo=tz).strftime(self.fmt)

    def suffixes(self, minutes_of_day: Sequence[int]) -> list[str]:
        base = _dt.datetime(2000, 1, 1)
        return [(base + _dt.timedelta(minutes=m)).strftime(self.suffix) for m in minutes_of_day]

    def parse_canonical(self, key: str) -> _dt.datetime | None:
        """The naive datetime of a key spelled exactly as ``strftime`` writes it (from year 1000);
        ``None`` for any other key (which :meth:`parse` may still read)."""
        layout = self._layout
        if layout is None or len(key) != layout[0] or not key.isascii():
            return None
        for start, literal in layout[2]:
            if not key.startswith(literal, start):
                return None
        values = [1900, 1, 1, 0, 0, 0]
        for slot, start, end in layout[1]:
            text = key[start:end]
            if not text.isdigit():
                return None
            values[slot] = int(text)
        year, month, day, hour, minute, second = values
        if year < 1000:
            return None
        try:
            return _dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None

    def parse(self, key: str) -> _dt.datetime:
        """Parse ``key`` with the format, retrying with a UTC offset suffix like the reference."""
        if self._regex is not None and isinstance(key, str):
            match = self._regex.fullmatch(key)
            if match is not None:
                values = [1900, 1, 1, 0, 0, 0]
                for slot, text in zip(self._slots, match.groups(), strict=True):
                    values[slot] = int(text)
                try:
                    year, month, day, hour, minute, second = values
                    return _dt.datetime(year, month, day, hour, minute, second)
                except ValueError:
                    pass
        try:
            return _dt.datetime.strptime(key, self.fmt)
        except (ValueError, TypeError):
            pass
        try:
            if "%z" in self.fmt:
                raise ValueError(key)
            return _dt.datetime.strptime(key, self.fmt + "%z")
        except (ValueError, TypeError):
            example = self.example()
            raise InvalidPartitionKeyError(
                f"time data {key!r} does not match format '{self.fmt}%z': "
                f"expected a key in format '{self.fmt}', e.g. '{example}'"
            ) from None


def parse_bound(
    key_format: KeyFormat, value: str | _dt.date | _dt.datetime, tz: _dt.tzinfo, name: str
) -> _dt.datetime:
    """A start/end bound: a datetime (its tzinfo replaced by ``tz``) or a string in the format."""
    if isinstance(value, _dt.date):
        if value.year in (_dt.MINYEAR, _dt.MAXYEAR):
            raise InvalidDefinitionError(
                f"The {name} {value.isoformat()} is in the first or last year of the calendar, "
                "where windows cannot be computed: pick a bound within years 2 to 9998"
            )
        if isinstance(value, _dt.datetime):
            return value.replace(tzinfo=tz)
        return _dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    try:
        parsed = key_format.parse(value)
    except InvalidPartitionKeyError:
        fmt = key_format.fmt
        raise InvalidDefinitionError(
            f"time data {value!r} does not match format '{fmt}%z': invalid {name} date; expected "
            f"a datetime or a string in the partitions format '{fmt}', e.g. "
            f"'{key_format.example(tz)}'."
        ) from None
    return parsed.replace(tzinfo=tz)


class TickKeys:
    """Keys of ticks: one at a time, or whole position ranges fast (per-day prefix + suffixes)."""

    def __init__(self, key_format: KeyFormat, clock: TickClock, first_n: int) -> None:
        self.format, self.clock, self.first_n = key_format, clock, first_n
        self.fmt = key_format.fmt
        self._suffixes = (
            key_format.suffixes(clock.pattern.times) if key_format.prefix is not None else None
        )

    def check_distinct(self, cron: str, sample: int = 64) -> None:
        """Raise if the format gives two of the first ``sample`` windows the same key."""
        keys = self.between(0, sample, None)
        for a, b in itertools.pairwise(keys):
            if a == b:
                raise InvalidDefinitionError(
                    f"Partition key format {self.fmt!r} is too coarse for cron schedule "
                    f"{cron!r}: consecutive windows would both get key {a!r}. Use a format "
                    "that shows every window start, e.g. '%Y-%m-%d-%H:%M'."
                )

    def key(self, tick: Tick) -> str:
        """The key of one tick; a repeated hour's second pass gets its UTC offset appended."""
        key = tick.instant.strftime(self.fmt)
        if tick.fold and not self.format.has_zone:
            key += tick.instant.strftime("%z")
        return key

    def between(self, lo: int, hi: int, excluded: Callable[[Tick], bool] | None) -> list[str]:
        """Keys at positions ``[lo, hi)`` (from the first tick), ``excluded`` ones dropped."""
        if hi <= lo:
            return []
        if self._suffixes is None or excluded is not None:
            return self._one_by_one(lo, hi, excluded)
        if self.clock.fixed or not self.clock.hourly:
            return self._wall_keys(lo, hi)
        return self._hourly_keys(lo, hi)

    def _wall_keys(self, lo: int, hi: int) -> list[str]:
        """One naive tick per position: format naive ticks, then patch those DST gaps moved."""
        n0 = self.first_n
        keys = self._naive_keys(n0 + lo, n0 + hi)
        if self.clock.fixed:
            return keys
        first, last = self.clock.at_position(lo), self.clock.at_position(hi - 1)
        pattern = self.clock.pattern
        for year in range(first.instant.year, last.instant.year + 1):
            for tr in transitions(self.clock.tz, year):
                if tr.after <= tr.before:
                    continue
                gap_lo, gap_hi = tr.naive_span
                a = max(pattern.index_at_or_after(gap_lo), n0 + lo)
                b = min(pattern.index_at_or_after(gap_hi), n0 + hi)
                for n in range(a, b):
                    keys[n - n0 - lo] = self.key(self.clock.tick(n))
        return keys

    def _hourly_keys(self, lo: int, hi: int) -> list[str]:
        """Hourly patterns in a DST zone: plain runs of naive ticks between transitions."""
        keys: list[str] = []
        for pos, n, length, fold in self.clock.segments(hi):
            a, b = max(lo, pos), min(hi, pos + length)
            if a >= b:
                continue
            if fold:
                keys.extend(self.key(self.clock.tick(n + i - pos, 1)) for i in range(a, b))
            else:
                keys.extend(self._naive_keys(n + a - pos, n + b - pos))
        return keys

    def _one_by_one(self, lo: int, hi: int, excluded: Callable[[Tick], bool] | None) -> list[str]:
        keys: list[str] = []
        tick = self.clock.at_position(lo)
        for _ in range(hi - lo):
            if excluded is None or not excluded(tick):
                keys.append(self.key(tick))
            tick = self.clock.after(tick)
        return keys

    def _naive_keys(self, n0: int, n1: int) -> list[str]:
        """Keys of naive ticks ``[n0, n1)`` via a per-day prefix and per-time suffixes."""
        assert self._suffixes is not None and self.format.prefix is not None
        pattern, suffixes = self.clock.pattern, self._suffixes
        day_prefix = self.format.day_formatter()
        per_day = len(suffixes)
        k0, j0 = divmod(n0, per_day)
        k1, j1 = divmod(n1, per_day)
        fromordinal = _dt.date.fromordinal
        if suffixes == [""] and pattern.every_day:  # one key per calendar day (day_at(k) = k + 1)
            if k1 > k0:  # (the bounds first: a day past the calendar is a clear error)
                calendar_day(k0 + 1), calendar_day(k1)
            return list(map(day_prefix, map(fromordinal, range(k0 + 1, k1 + 1))))
        keys: list[str] = []
        extend = keys.extend
        for k in range(k0, k1 + 1 if j1 else k1):  # a range ending at midnight skips that day
            prefix = day_prefix(fromordinal(pattern.day_at(k)))
            part = suffixes[j0 if k == k0 else 0 : j1 if k == k1 else per_day]
            extend([prefix + s for s in part] if part != [""] else [prefix])
        return keys
