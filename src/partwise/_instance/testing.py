"""``instance_for_test``: a temporary persistent instance for one test, removed afterwards."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from typing import Any

from partwise._compat import strict_keywords

from .instance import Instance

__all__ = ["instance_for_test"]

_HOME = "DAGSTER_HOME"


@strict_keywords
@contextlib.contextmanager
def instance_for_test(
    overrides: Mapping[str, Any] | None = None,
    set_dagster_home: bool = True,
    temp_dir: str | None = None,
    synchronous_run_coordinator: bool = False,
    synchronous_run_launcher: bool = False,
) -> Iterator[Instance]:
    """A SQLite-backed instance in ``temp_dir`` (default: a new temporary directory, removed on exit).

    ``overrides`` is instance config as in a ``dagster.yaml`` (see
    :meth:`Instance.from_config`); ``DAGSTER_HOME`` points at the directory while the block runs
    unless ``set_dagster_home=False``. Runs execute in process, so the run coordinator and
    launcher flags change nothing.
    """
    with contextlib.ExitStack() as stack:
        if not temp_dir:
            temp_dir = stack.enter_context(
                tempfile.TemporaryDirectory(prefix="partwise-test-", ignore_cleanup_errors=True)
            )
        if set_dagster_home:
            stack.enter_context(_environ(_HOME, temp_dir))
        instance = stack.enter_context(Instance.from_config(temp_dir, overrides=overrides))
        yield instance


@contextlib.contextmanager
def _environ(name: str, value: str) -> Iterator[None]:
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous
