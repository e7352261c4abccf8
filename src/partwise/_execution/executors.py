"""Executors: partwise runs every step in the calling process, in dependency order.

``in_process_executor`` and ``multiprocess_executor`` exist so definitions written for the
reference load and run unchanged (``@job(executor_def=…)``, ``Definitions(executor=…)``,
``run_config={"execution": …}``). Both run steps in process: partwise never starts worker
processes for the steps of one run. To use several cores, run partitions in parallel instead
(``backfill(..., executor=ProcessPoolExecutor())``, or pytest-xdist over partition tests).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from partwise._compat import strict_keywords

__all__ = [
    "ExecutorDefinition",
    "get_dagster_logger",
    "in_process_executor",
    "multiprocess_executor",
]


@dataclass(frozen=True)
class ExecutorDefinition:
    """A named executor and its config; every partwise executor runs steps in process."""

    name: str
    config: Mapping[str, Any] = field(default_factory=dict)
    description: str | None = None

    def configured(self, config: Mapping[str, Any]) -> ExecutorDefinition:
        """The same executor with ``config`` (accepted; steps still run in process)."""
        return replace(self, config=dict(config))

    @property
    def runs_in_process(self) -> bool:
        return True


in_process_executor = ExecutorDefinition(
    "in_process", description="Runs every step in the calling process."
)
multiprocess_executor = ExecutorDefinition(
    "multiprocess",
    description="Accepted for compatibility: partwise runs every step in the calling process.",
)


@strict_keywords
def get_dagster_logger(name: str | None = None) -> logging.Logger:
    """The logger for user code: ``partwise.user`` (or its child ``name``), under ``partwise``."""
    return logging.getLogger(f"partwise.user.{name}" if name else "partwise.user")
