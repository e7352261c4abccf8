"""Helpers of the ``partwise`` command line: loading targets, checking input, formatting keys."""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from partwise._target import error_summary
from partwise.errors import PartwiseError, did_you_mean

__all__ = [
    "CliError",
    "Parser",
    "UserCodeError",
    "check_keys",
    "error_summary",
    "import_own_dependencies",
    "load_definitions",
    "load_definitions_with_ref",
    "one_line",
    "parse_time",
    "pick",
    "positive_int",
    "ranges_of",
    "limit_arg",
    "text_arg",
    "workers_arg",
]

MAX_WORKERS = 64

# What the command line imports after loading a project, imported before it: the project's
# folder goes first on sys.path, where a `rich.py` or `sqlite3.py` of its own would shadow them.
_OWN_DEPENDENCIES = (
    "rich.box",
    "rich.console",
    "rich.markup",
    "rich.progress",
    "rich.segment",
    "rich.table",
    "rich.text",
    "partwise._cli_matrix",
    "partwise._instance.sqlite",
)
_RUN_DEPENDENCIES = ("partwise._automation.backfill", "partwise._execution.execute")
"""What commands that run steps (``materialize``, ``backfill``, ``tick``) import as well."""


class CliError(PartwiseError):
    """Bad command-line input: printed as one line, exit status 2."""


class UserCodeError(Exception):
    """The project's code (a schedule, a config function) raised: exit status 1."""


def one_line(error: BaseException) -> str:
    """An error's message on one line (a ``KeyError``'s without its quotes)."""
    message = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    text = " ".join(line.strip() for line in message.splitlines() if line.strip())
    return text or type(error).__name__


def load_definitions(target: str, *, runs: bool = False) -> Any:
    """``module:attr`` or ``path.py[:attr]`` (attr defaults to ``defs``) → a ``Definitions``
    (``runs``: for a command that runs steps)."""
    defs, _ = load_definitions_with_ref(target, runs=runs)
    return defs


def load_definitions_with_ref(target: str, *, runs: bool = False) -> tuple[Any, str | None]:
    """The ``Definitions`` and an importable ``module:attr`` for it (for worker processes;
    ``None`` when ``attr`` is a function building the definitions)."""
    from partwise._target import load_target

    import_own_dependencies(runs=runs)
    loaded = load_target(target, [Path.cwd()])
    return loaded.definitions, loaded.ref


def import_own_dependencies(*, runs: bool = False) -> None:
    """Import what the command needs before loading a project, whose directory then comes first
    on ``sys.path`` (a ``rich.py`` or ``heapq.py`` of the project must not replace ours).

    Read commands skip the execution engine (``runs``): they never import it.
    """
    for name in (*_OWN_DEPENDENCIES, *(_RUN_DEPENDENCIES if runs else ())):
        importlib.import_module(name)


def parse_time(text: str, what: str) -> _dt.datetime:
    """An ISO date or datetime (a naive value keeps no timezone: the caller decides which)."""
    try:
        value = _dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(
            f"Malformed {what} {text!r}: expected an ISO date or datetime such as "
            "2024-01-31 or 2024-01-31T06:00"
        ) from None
    aware = value if value.tzinfo is not None else value.replace(tzinfo=_dt.timezone.utc)
    try:  # schedules look around the time: a week either side must exist, in UTC too
        for days in (-7, 7):
            (aware + _dt.timedelta(days)).astimezone(_dt.timezone.utc)
    except OverflowError:
        raise CliError(f"{what} {text!r} is too close to the ends of the calendar") from None
    return value


def check_keys(pdef: Any, keys: Sequence[str], what: str = "partition") -> None:
    """Raise a one-line error naming the first key that does not exist, with the nearest ones."""
    for key in keys:
        if not pdef.has_partition_key(key):
            hint = pdef.nearest_partition_keys(key)
            nearest_text = (
                f"nearest valid keys: {', '.join(map(str, hint))}"
                if hint
                else "it has no partitions yet"
            )
            why = pdef.unknown_key_hint(key).strip()
            raise CliError(f"Unknown {what} {key!r} ({describe(pdef)}); {why or nearest_text}")


def last_key_hint(pdef: Any) -> str:
    """``"the last is K"``, or that there are no partitions yet."""
    last = pdef.get_last_partition_key()
    return "it has no partitions yet" if last is None else f"the last is {last}"


def describe(pdef: Any) -> str:
    """A partitions definition in a few words, for messages."""
    text = " ".join(str(pdef).split()).replace(". ", "; ")
    return text.rstrip(".")


def pick(name: str, options: Sequence[str], what: str) -> str:
    """``name`` if it is one of ``options``, else a one-line error with the nearest ones."""
    if name in options:
        return name
    if not options:
        raise CliError(f"Unknown {what} {name!r}: the definitions have no {what}s")
    listing = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
    raise CliError(f"Unknown {what} {name!r}{did_you_mean(name, options)} ({what}s: {listing})")


def split_list(text: str) -> list[str]:
    """``"a, b,c"`` → ``["a", "b", "c"]`` (empty items dropped)."""
    return [item.strip() for item in text.split(",") if item.strip()]


def ranges_of(keys: Iterable[str], order: Sequence[str]) -> list[str]:
    """Keys as compact ``a...b`` ranges, in ``order``; keys missing from ``order`` come last."""
    wanted = set(keys)
    out: list[str] = []
    start: str | None = None
    prev: str | None = None
    for key in order:
        if key in wanted:
            start = key if start is None else start
            prev = key
        elif start is not None:
            out.append(start if start == prev else f"{start}...{prev}")
            start = None
    if start is not None:
        out.append(start if start == prev else f"{start}...{prev}")
    return out + sorted(wanted - set(order))


def pick_one(text: str, option: str) -> str:
    """The single item of a comma-separated option value."""
    items = split_list(text)
    if len(items) != 1:
        raise CliError(f"{option} takes one asset, got {text!r}")
    return items[0]


def shared_partitions_def(defs: Any, keys: Sequence[Any]) -> Any:
    """The partitions definition of the selected assets, which one run needs to be the same."""
    pdefs = {k.to_user_string(): defs.asset_graph.partitions_def(k) for k in keys}
    distinct = list(dict.fromkeys(pdefs.values()))
    if len(distinct) > 1:
        parts = "; ".join(
            f"{name}: {describe(p) if p else 'not partitioned'}" for name, p in pdefs.items()
        )
        raise CliError(
            f"One run materializes assets of one partitions definition, these differ ({parts}); "
            "use `partwise backfill --select …` to run them together"
        )
    return distinct[0]


def dynamic_partition_keys(defs: Any, instance: Any) -> dict[str, list[str]]:
    """The keys of every dynamic partitions definition the assets use, by name."""
    names: set[str] = set()
    for key in defs.asset_graph.assets:
        pdef = defs.asset_graph.partitions_def(key)
        if pdef is not None:
            names.update(pdef.dynamic_partitions_names)
    return {name: list(instance.get_dynamic_partitions(name)) for name in sorted(names)}


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line naming ``--help``."""

    def strip_values(self) -> None:
        """Make every argument without a ``type`` stripped of blanks and refused when empty."""
        self.register("type", None, text_arg)  # the default type, argument groups included

    def error(self, message: str) -> Any:
        from partwise._cli_output import clean

        self.exit(2, f"{self.prog}: error: {clean(message)} (see {self.prog} --help)\n")


def text_arg(text: str) -> str:
    """An argparse type: a non-empty value, surrounding blanks removed."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"expected a value, got {text!r}")
    return text.strip()


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def limit_arg(text: str) -> int:
    """An argparse type: how many items to show, 1 to a million."""
    value = positive_int(text)
    if value > 1_000_000:
        raise argparse.ArgumentTypeError(f"expected at most 1000000, got {value}")
    return value


def workers_arg(text: str) -> int:
    """An argparse type: how many worker processes, 1 to ``MAX_WORKERS``."""
    value = positive_int(text)
    if value > MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_WORKERS} workers, got {value}")
    return value
