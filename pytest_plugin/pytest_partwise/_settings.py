"""The session's effective partwise settings: command-line options over ini values.

Stdlib only: this module is imported at pytest start-up. The xdist controller decides ``now`` and
the seed once and hands them to every worker, so all workers collect the same test ids.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from typing import Any

import pytest

__all__ = [
    "OPTIONS",
    "SETTINGS_KEY",
    "Settings",
    "as_dagster",
    "parse_instant",
    "settings_from_config",
]

RANGE_SEPARATOR = "..."
# (command-line flag, ini name, help)
OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--partition-key", "partition_key", "run partition-parametrized tests for this key only"),
    (
        "--partition-range",
        "partition_range",
        "run partition-parametrized tests for keys in A...B only (inclusive; ISO dates work for "
        "time-window partitions)",
    ),
    ("--partitions-sample", "partitions_sample", "cap every partition-marked test at N keys"),
    (
        "--partitions-seed",
        "partitions_seed",
        "seed of the deterministic samples (default 0; 'random' picks one and prints it)",
    ),
    (
        "--partitions-now",
        "partitions_now",
        "ISO instant deciding which time windows exist (default: session start; naive means UTC)",
    ),
    (
        "--partwise-definitions",
        "partwise_definitions",
        "module:attr of a Definitions to validate in CI (one test item per job key, schedule "
        "and asset edge)",
    ),
    (
        "--partwise-html",
        "partwise_html",
        "write one self-contained HTML page of the outcomes by partition (and the CI validation "
        "items) to PATH",
    ),
)

AS_DAGSTER_FLAG = "--partwise-as-dagster"
AS_DAGSTER_HELP = (
    "make `import dagster` resolve to partwise for this session, so an unmodified Dagster test "
    "suite runs on partwise (ini: partwise_as_dagster = true)"
)


@dataclass(frozen=True)
class Settings:
    """What the options decided, fixed for the whole session (and every xdist worker)."""

    now: _dt.datetime
    now_source: str = "session start"
    seed: str = "0"
    sample: int | None = None
    key: str | None = None
    key_range: tuple[str, str] | None = None
    definitions: str | None = None
    html: str | None = None  # only the controller writes the page: not handed to workers
    as_dagster: bool = False

    def header(self) -> str:
        """The report-header line with the effective settings."""
        parts = [
            f"now={self.now.isoformat()} ({self.now_source})",
            f"seed={self.seed}",
            f"sample={self.sample if self.sample is not None else 'all'}",
        ]
        if self.key is not None:
            parts.append(f"key={self.key}")
        if self.key_range is not None:
            parts.append(f"range={RANGE_SEPARATOR.join(self.key_range)}")
        if self.definitions is not None:
            parts.append(f"definitions={self.definitions}")
        if self.as_dagster:
            parts.append("dagster=partwise (--partwise-as-dagster)")
        return "partwise: " + ", ".join(parts)

    def to_workerinput(self) -> dict[str, Any]:
        """Plain values an xdist controller can send to its workers."""
        return {
            "now": self.now.isoformat(),
            "now_source": self.now_source,
            "seed": self.seed,
            "sample": self.sample,
            "key": self.key,
            "key_range": list(self.key_range) if self.key_range else None,
            "definitions": self.definitions,
            "as_dagster": self.as_dagster,
        }

    @classmethod
    def from_workerinput(cls, data: dict[str, Any]) -> Settings:
        key_range = data.get("key_range")
        return cls(
            now=_dt.datetime.fromisoformat(data["now"]),
            now_source=data["now_source"],
            seed=data["seed"],
            sample=data["sample"],
            key=data["key"],
            key_range=(key_range[0], key_range[1]) if key_range else None,
            definitions=data["definitions"],
            as_dagster=data["as_dagster"],
        )


SETTINGS_KEY = pytest.StashKey[Settings]()


def _value(config: pytest.Config, flag: str, ini: str) -> str | None:
    """The command-line value if given, else the ini value, else ``None``."""
    value = config.getoption(_dest(flag), None)
    if value is None:
        value = config.getini(ini) or None
    return None if value is None else str(value).strip()


def _dest(flag: str) -> str:
    return "partwise_" + flag.lstrip("-").replace("-", "_")


def parse_instant(text: str, what: str = "--partitions-now") -> _dt.datetime:
    """An aware datetime from ISO text (naive means UTC); ``UsageError`` naming ``what``."""
    try:
        value = _dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise pytest.UsageError(
            f"{what}: {text!r} is not an ISO date or datetime; expected e.g. 2024-06-01 or "
            "2024-06-01T12:00:00+02:00"
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=_dt.timezone.utc)


def _parse_sample(text: str) -> int:
    try:
        sample = int(text)
    except ValueError:
        sample = 0
    if sample < 1:
        raise pytest.UsageError(
            f"--partitions-sample: {text!r} is not a positive integer; expected e.g. 10"
        )
    return sample


def _parse_range(text: str) -> tuple[str, str]:
    start, sep, end = text.partition(RANGE_SEPARATOR)
    if not sep or not start or not end or RANGE_SEPARATOR in end:
        raise pytest.UsageError(
            f"--partition-range: {text!r} is not a range; expected START...END, e.g. "
            "2024-01-01...2024-01-31"
        )
    return start, end


def _parse_seed(text: str | None) -> str:
    if text is None:
        return "0"
    if text == "random":
        return str(int.from_bytes(os.urandom(4), "big"))
    return text


def settings_from_config(config: pytest.Config) -> Settings:
    """The settings of this session (the controller's, on an xdist worker)."""
    handed = getattr(config, "workerinput", {}).get("partwise")
    if handed is not None:
        return Settings.from_workerinput(handed)
    now_text = _value(config, "--partitions-now", "partitions_now")
    sample = _value(config, "--partitions-sample", "partitions_sample")
    key_range = _value(config, "--partition-range", "partition_range")
    return Settings(
        now=parse_instant(now_text) if now_text else _dt.datetime.now(_dt.timezone.utc),
        now_source="--partitions-now" if now_text else "session start",
        seed=_parse_seed(_value(config, "--partitions-seed", "partitions_seed")),
        sample=_parse_sample(sample) if sample else None,
        key=_value(config, "--partition-key", "partition_key"),
        key_range=_parse_range(key_range) if key_range else None,
        definitions=_value(config, "--partwise-definitions", "partwise_definitions"),
        html=_value(config, "--partwise-html", "partwise_html"),
        as_dagster=as_dagster(config),
    )


def add_options(parser: pytest.Parser) -> None:
    """Register every option as a command-line flag and an ini value of the same meaning."""
    group = parser.getgroup("partwise", "partitioned tests (partwise)")
    for flag, ini, help_text in OPTIONS:
        group.addoption(flag, dest=_dest(flag), default=None, help=help_text)
        parser.addini(ini, help=help_text, default="")
    group.addoption(
        AS_DAGSTER_FLAG, dest=_dest(AS_DAGSTER_FLAG), action="store_true", help=AS_DAGSTER_HELP
    )
    parser.addini("partwise_as_dagster", help=AS_DAGSTER_HELP, type="bool", default=False)


def as_dagster(config: pytest.Config) -> bool:
    """Whether ``import dagster`` resolves to partwise; readable before conftests load."""
    flag = getattr(config.known_args_namespace, _dest(AS_DAGSTER_FLAG), False)
    return bool(flag or config.getini("partwise_as_dagster"))
