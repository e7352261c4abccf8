"""Helpers of the ``partwise`` command line: loading targets, parsing values, drawing bars."""

from __future__ import annotations

import datetime as _dt
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from partwise.errors import PartwiseError, nearest

__all__ = ["CliError", "load_definitions", "parse_time", "partition_bar", "ranges_of"]


class CliError(PartwiseError):
    """Bad command-line input: printed as one line, exit status 2."""


def load_definitions(target: str) -> Any:
    """``module:attr`` or ``path.py[:attr]`` (attr defaults to ``defs``) → a ``Definitions``."""
    defs, _ = load_definitions_with_ref(target)
    return defs


def load_definitions_with_ref(target: str) -> tuple[Any, str]:
    """The ``Definitions`` and an importable ``module:attr`` for it (for worker processes)."""
    from partwise._definitions.definitions import Definitions

    spec, _, attr = target.partition(":") if not _is_windows_drive(target) else (target, "", "")
    attr = attr or "defs"
    module = _import_file(spec) if spec.endswith(".py") else _import_module(spec)
    if not hasattr(module, attr):
        names = [n for n, v in vars(module).items() if isinstance(v, Definitions)]
        raise CliError(f"{spec} has no attribute {attr!r}; Definitions found there: {names}")
    defs = getattr(module, attr)
    if not isinstance(defs, Definitions):
        raise CliError(f"{target} is a {type(defs).__name__}, not a Definitions")
    return defs, f"{module.__name__}:{attr}"


def _is_windows_drive(text: str) -> bool:
    return len(text) > 1 and text[1] == ":" and text[0].isalpha() and os.name == "nt"


def _import_file(path: str) -> Any:
    file = Path(path)
    if not file.is_file():
        raise CliError(f"No such file: {path}")
    sys.path.insert(0, str(file.parent.resolve()))
    # Importable by its stem (worker processes re-import it from the same sys.path).
    name = file.stem if file.stem not in sys.modules else f"partwise_target_{file.stem}"
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _import_module(name: str) -> Any:
    sys.path.insert(0, os.getcwd())
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name and name.startswith(e.name):
            raise CliError(
                f"No module named {name!r} (looked in {os.getcwd()} and sys.path)"
            ) from None
        raise


def parse_time(text: str, what: str) -> _dt.datetime:
    """An ISO date or datetime; naive values are taken as UTC."""
    try:
        value = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise CliError(
            f"Malformed {what} {text!r}: expected an ISO date or datetime such as "
            "2024-01-31 or 2024-01-31T06:00"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=_dt.timezone.utc)


def check_keys(pdef: Any, keys: Sequence[str], what: str = "partition") -> None:
    """Raise a one-line error naming the first key that does not exist, with the nearest ones."""
    for key in keys:
        if not pdef.has_partition_key(key):
            raise CliError(
                f"Unknown {what} {key!r}; nearest valid keys: {pdef.nearest_partition_keys(key)}"
            )


def pick(name: str, options: Sequence[str], what: str) -> str:
    if name not in options:
        raise CliError(
            f"Unknown {what} {name!r}; did you mean {nearest(name, options)}? ({what}s: {list(options)})"
        )
    return name


def ranges_of(keys: Sequence[str], order: Sequence[str]) -> list[str]:
    """Keys as compact ``a...b`` ranges, in ``order``."""
    wanted = set(keys)
    out: list[str] = []
    start = prev = None
    for key in order:
        if key in wanted:
            start = start or key
            prev = key
        elif start is not None:
            out.append(start if start == prev else f"{start}...{prev}")
            start = None
    if start is not None:
        out.append(start if start == prev else f"{start}...{prev}")
    return out


_GLYPH = {
    "MATERIALIZED": ("█", "green"),
    "FAILED": ("█", "red"),
    "IN_PROGRESS": ("█", "yellow"),
    None: ("░", "grey50"),
}


def partition_bar(statuses: Sequence[str | None], width: int = 60) -> list[tuple[str, str]]:
    """Runs of (glyph text, style) summarising per-partition statuses in at most ``width`` cells."""
    if not statuses:
        return []
    cells = min(width, len(statuses))
    out: list[tuple[str, str]] = []
    for i in range(cells):
        chunk = statuses[i * len(statuses) // cells : (i + 1) * len(statuses) // cells]
        worst = next((s for s in ("FAILED", "IN_PROGRESS", None) if s in chunk), "MATERIALIZED")
        glyph, style = _GLYPH[worst]
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + glyph, style)
        else:
            out.append((glyph, style))
    return out
