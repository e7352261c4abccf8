"""Fast formatting and parsing of time partition keys."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

from partwise.errors import InvalidPartitionKeyError

__all__ = ["KeyFormat"]

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
_TIME = set("HIMSfpXTRrcs")
_DATE = set("YymdjbBaAUWGVuweDFhgCx")
_RESOLUTION = (("S", 1), ("M", 60), ("H", 3600), ("I", 3600), ("d", 86400), ("j", 86400))
_COARSE = (("a", 86400), ("A", 86400), ("u", 86400), ("w", 86400), ("U", 7 * 86400))
_COARSE2 = (("W", 7 * 86400), ("V", 7 * 86400), ("m", 28 * 86400), ("b", 28 * 86400))


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

    @property
    def resolution_seconds(self) -> int:
        """The shortest span the format can tell apart (a year when it only shows the year)."""
        for directives in (_RESOLUTION, _COARSE, _COARSE2):
            for d, seconds in directives:
                if "%" + d in self.fmt:
                    return seconds
        return 365 * 86400

    def suffixes(self, minutes_of_day: Sequence[int]) -> list[str]:
        base = _dt.datetime(2000, 1, 1)
        return [(base + _dt.timedelta(minutes=m)).strftime(self.suffix) for m in minutes_of_day]

    def parse(self, key: str) -> _dt.datetime:
        """Parse ``key`` with the format, retrying with a UTC offset suffix like the reference."""
        if self._regex is not None and isinstance(key, str):
            match = self._regex.fullmatch(key)
            if match is not None:
                values = [1900, 1, 1, 0, 0, 0]
                for slot, text in zip(self._slots, match.groups()):
                    values[slot] = int(text)
                try:
                    return _dt.datetime(*values)
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
            example = _dt.datetime(2022, 1, 1).strftime(self.fmt)
            raise InvalidPartitionKeyError(
                f"time data {key!r} does not match format '{self.fmt}%z': "
                f"expected a key in format '{self.fmt}', e.g. '{example}'"
            ) from None
