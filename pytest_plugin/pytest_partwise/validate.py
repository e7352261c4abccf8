"""CI validation items for ``--partwise-definitions module:attr``: one item per check of
:mod:`partwise._validation`, the checks ``partwise validate`` runs too.

One item per (partitioned job, key) validates the key's run config against the job's schema, one
per schedule checks its next ticks, and one per asset edge checks that the mapping resolves for
every downstream key. Ids read ``partwise-validate::load_job[2024-01-03]``. Keys honour
``--partitions-now``, ``--partitions-sample``, ``--partition-key`` and ``--partition-range``, so
huge definitions validate quickly (``partwise validate`` checks every key).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ._settings import Settings

__all__ = ["ValidationItem", "validation_items"]

GROUP = "partwise-validate"


class ValidationGroup(pytest.Collector):
    """The parent of every validation item (node id ``partwise-validate``)."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        return []


class ValidationItem(pytest.Item):
    """One validation check, run as a test item."""

    def __init__(
        self, *, check: Callable[[], None], skip: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.check, self.skip_reason = check, skip

    def runtest(self) -> None:
        if self.skip_reason is not None:
            pytest.skip(self.skip_reason)
        self.check()

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        from partwise import PartwiseError
        from partwise._validation import Problem

        if isinstance(excinfo.value, Problem):
            return str(excinfo.value)
        if isinstance(excinfo.value, PartwiseError):
            return f"{self.name}: {type(excinfo.value).__name__}: {excinfo.value}"
        return super().repr_failure(excinfo, style="short")

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, self.nodeid


def validation_items(session: pytest.Session, settings: Settings) -> list[pytest.Item]:
    """Every validation item for the session's ``--partwise-definitions``."""
    from partwise._validation import checks

    from ._project import project_definitions

    defs = project_definitions(session.config)
    parent = ValidationGroup.from_parent(session, name=GROUP, nodeid=GROUP)
    items: list[pytest.Item] = [
        ValidationItem.from_parent(parent, name=check.name, check=check.run, skip=check.skip)
        for check in checks(defs, settings.now, _session_keys(settings))
    ]
    report = pytest.CollectReport(GROUP, "passed", None, [*items])
    session.config.hook.pytest_collectreport(report=report)  # counted as collected
    return items


def _session_keys(settings: Settings) -> Callable[[Any], list[str]]:
    """The keys of a definition this session validates (sampled and restricted)."""

    def keys_of(defn: Any) -> list[str]:
        from ._marker import session_positions

        space = defn.key_space(settings.now)
        return [str(key) for key in space.keys(session_positions(defn, space, settings))]

    return keys_of
