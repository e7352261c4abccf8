"""The pytest entry module (``-p no:partwise`` disables it).

Start-up imports only pytest and the stdlib: partwise, Hypothesis and freezegun load when a test
first needs them (a marked test, a fixture, a strategy).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from ._settings import SETTINGS_KEY, add_options, as_dagster, settings_from_config
from ._summary import REPORT_ATTR, SUMMARY_KEY, PartitionSummary

__all__: list[str] = []

MARKER_HELP = (
    "partitions(source, *, keys=None, range=None, last=None, sample=None): run the test once "
    "per selected partition key of a partitions definition, asset, job or PartitionedConfig; "
    "the test id is the key and the test may take partition_key, partitions_def and "
    "partition_time_window."
)
# test (definition node id) -> {key: (position among the test's keys, position in the
# definition, grid row, grid column)}
_POSITIONS_KEY = pytest.StashKey[dict[str, dict[str, tuple[int, int, Any, Any]]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """``--partwise-as-dagster``: alias ``dagster`` to partwise before any conftest imports it."""
    if as_dagster(early_config):
        from ._as_dagster import install

        try:
            early_config.add_cleanup(install())
        except RuntimeError as exc:
            raise pytest.UsageError(str(exc)) from None


def pytest_configure(config: pytest.Config) -> None:
    from . import fixtures

    config.addinivalue_line("markers", MARKER_HELP)
    config.stash[SETTINGS_KEY] = settings_from_config(config)
    config.stash[SUMMARY_KEY] = PartitionSummary()
    config.stash[_POSITIONS_KEY] = {}
    if not config.pluginmanager.has_plugin("partwise.fixtures"):
        config.pluginmanager.register(fixtures, "partwise.fixtures")
        config.pluginmanager.register(_SummaryReporter(config), "partwise.summary")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist controller: hand the session's ``now`` and seed to each worker."""
    node.workerinput["partwise"] = node.config.stash[SETTINGS_KEY].to_workerinput()


def pytest_report_header(config: pytest.Config) -> str:
    return config.stash[SETTINGS_KEY].header()


@pytest.hookimpl(trylast=True)  # after parametrize marks and conftest hooks
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    from ._marker import MarkerError
    from ._parametrize import check_unmarked, fail_at_setup, parametrize

    marker = metafunc.definition.get_closest_marker("partitions")
    try:
        if marker is None:
            check_unmarked(metafunc)
            return
        keys = parametrize(metafunc, marker, metafunc.config.stash[SETTINGS_KEY])
    except MarkerError as error:  # this test fails; the rest of its module still runs
        fail_at_setup(metafunc, str(error))
        return
    if keys:
        positions = {key: (i, pos, row, col) for i, (key, pos, row, col) in enumerate(keys)}
        metafunc.config.stash[_POSITIONS_KEY][metafunc.definition.nodeid] = positions


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Append the CI validation items when ``--partwise-definitions`` is set."""
    settings = config.stash[SETTINGS_KEY]
    if settings.definitions is not None:
        from .validate import validation_items

        items.extend(validation_items(session, settings))


def _definition_id(item: pytest.Item) -> str:
    name = getattr(item, "originalname", item.name)
    return f"{item.parent.nodeid}::{name}" if item.parent is not None else name


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Generator[None, Any, None]:
    """Tag reports of partition-parametrized tests with (test, key, position among the test's
    keys, their number, position in the definition, grid row, grid column)."""
    outcome = yield
    callspec = getattr(item, "callspec", None)
    if callspec is None or "partition_key" not in callspec.params:
        return
    name = _definition_id(item)
    positions = item.config.stash[_POSITIONS_KEY].get(name)
    key = str(callspec.params["partition_key"])
    if positions and key in positions:
        index, position, row, column = positions[key]
        info = [name, key, index, len(positions), position, row, column]
        setattr(outcome.get_result(), REPORT_ATTR, info)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test whose ``partitions`` marker is misused fails here, with the marker's message."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        from ._parametrize import MarkerFailure

        value = callspec.params.get("partition_key")
        if isinstance(value, MarkerFailure):
            pytest.fail(value.message, pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, Any, None]:
    """Unfreeze ``partwise_clock`` after each test, even when a teardown fails."""
    yield
    from .fixtures import CLOCK_KEY

    clock = item.config.stash.get(CLOCK_KEY, None)
    if clock is not None:
        clock.unfreeze()


class _SummaryReporter:
    """Collects outcomes by partition, prints the bars at the end of the session and writes the
    ``--partwise-html`` page."""

    def __init__(self, config: pytest.Config) -> None:
        from ._html import ValidationOutcomes

        self.config = config
        self.summary = config.stash[SUMMARY_KEY]
        self.validation = ValidationOutcomes()
        self.html_path: Any = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.summary.record(report)
        self.validation.record(report)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        settings = self.config.stash[SETTINGS_KEY]
        if settings.html is None or hasattr(self.config, "workerinput"):
            return
        from ._html import write_report

        path = self.config.invocation_params.dir / settings.html
        write_report(path, self.summary, self.validation, settings.header())
        self.html_path = path

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.html_path is not None:
            terminalreporter.write_line(f"partwise: HTML report written to {self.html_path}")
        lines = self.summary.lines()
        if not lines or int(self.config.getoption("verbose", 0) or 0) < -1:
            return
        terminalreporter.write_sep("-", "partwise: outcomes by partition")
        for text, failed in lines:
            terminalreporter.write_line(text, red=failed, green=not failed)
