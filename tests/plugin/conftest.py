"""Shared setup for the plugin's pytester tests.

``pytester`` is enabled for the whole suite with ``-p pytester`` (pyproject ``addopts``). Heavy modules are imported up front so that in-process ``runpytest`` runs,
which drop modules first imported inside them, do not re-import them every time.
"""

from __future__ import annotations

import freezegun
import hypothesis  # noqa: F401
import pytest
import pytest_partwise.clock
import pytest_partwise.laws
import pytest_partwise.strategies
import pytest_partwise.validate  # noqa: F401

import partwise

HEADER = """
import datetime as dt
import pytest
import partwise as pw

daily = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2025-01-01")
colors = pw.StaticPartitionsDefinition(["red", "blue"])
multi = pw.MultiPartitionsDefinition({"color": colors, "date": daily})
"""


for _name in partwise.__all__:  # load the lazy modules now, not inside a pytester run
    getattr(partwise, _name)


@pytest.fixture(scope="session", autouse=True)
def _settle_lazy_imports() -> None:
    """Trigger lazy imports before any pytester run, whose module snapshot would drop them.

    freezegun reads every attribute of every loaded module when it starts, which imports lazy
    submodules (``concurrent.futures.process``, ...). Imported inside an in-process pytester run,
    they would be removed afterwards and re-imported as different objects later in the session.
    """
    freezer = freezegun.freeze_time("2000-01-01")
    freezer.start()
    freezer.stop()


@pytest.fixture
def header() -> str:
    """Definitions most pytester test files start from."""
    return HEADER
