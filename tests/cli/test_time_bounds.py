"""`backfill --from/--to` over hourly and daily assets: the bounds are times, each asset's
partitions overlapping them run."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import Instance

from .conftest import Cli

PROJECT = """
import partwise as pw

hourly = pw.HourlyPartitionsDefinition(start_date="2026-11-01-00:00", end_date="2026-11-05-00:00")
daily = pw.DailyPartitionsDefinition(start_date="2026-11-01", end_date="2026-11-05")


@pw.asset(partitions_def=hourly)
def readings(context):
    return 1


@pw.asset(partitions_def=daily)
def daily_total(readings):
    return sum(readings.values())


defs = pw.Definitions(assets=[readings, daily_total])
"""


@pytest.fixture
def cadences(cli: Cli) -> Cli:
    (cli.cwd / "cadences.py").write_text(PROJECT)
    return cli


def _partitions(cli: Cli) -> dict[str, list[str]]:
    by_asset: dict[str, list[str]] = {}
    with Instance.local(cli.home) as instance:
        for run in instance.get_runs():
            assets: Any = run.asset_selection or ()
            for key in assets:
                by_asset.setdefault(key.to_user_string(), []).append(run.tags["dagster/partition"])
    return {name: sorted(keys) for name, keys in by_asset.items()}


def test_dates_select_every_cadence(cadences: Cli) -> None:
    outcome = cadences(
        "backfill", "cadences.py", "--select", "readings,daily_total",
        "--from", "2026-11-01", "--to", "2026-11-02", "--no-progress",
    )  # fmt: skip
    assert outcome.code == 0, outcome.err
    done = _partitions(cadences)
    assert done["daily_total"] == ["2026-11-01", "2026-11-02"]
    assert len(done["readings"]) == 48
    assert done["readings"][0] == "2026-11-01-00:00" and done["readings"][-1] == "2026-11-02-23:00"
    assert "  readings     ran 48: 48 succeeded, 0 failed" in outcome.lines


def test_datetimes_select_the_windows_they_overlap(cadences: Cli) -> None:
    outcome = cadences(
        "backfill", "cadences.py", "--select", "readings",
        "--from", "2026-11-01T22:30", "--to", "2026-11-02T01:00", "--no-progress",
    )  # fmt: skip
    assert outcome.code == 0, outcome.err
    assert _partitions(cadences)["readings"] == [
        "2026-11-01-22:00", "2026-11-01-23:00", "2026-11-02-00:00", "2026-11-02-01:00"
    ]  # fmt: skip


def test_bounds_that_are_neither_keys_nor_times_still_fail(cadences: Cli) -> None:
    outcome = cadences(
        "backfill", "cadences.py", "--select", "readings", "--from", "yesterday",
        "--to", "2026-11-02", "--no-progress",
    )  # fmt: skip
    assert outcome.code == 2
    assert "Unknown partition 'yesterday'" in outcome.err
    empty = cadences(
        "backfill", "cadences.py", "--select", "readings", "--from", "2026-10-01",
        "--to", "2026-10-02", "--no-progress",
    )  # fmt: skip
    assert empty.code == 2
    assert "--from 2026-10-01 --to 2026-10-02 overlaps no partition" in empty.err
