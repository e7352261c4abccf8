"""The README's demo: backfill the weather example, then show its partitions."""

from __future__ import annotations

from .conftest import WEATHER, Cli


def test_weather_demo_backfill_then_status(cli: Cli) -> None:
    """The demo's backfill succeeds and `status` shows every selected partition materialized."""
    selection = "observations,daily_summary,weekly_summary,regional_extremes"
    backfill = cli("backfill", str(WEATHER), "--select", selection, "--all")
    assert backfill.code == 0, backfill.err
    assert "467/467 runs" in backfill.out
    assert "  weekly_summary     ran 12: 12 succeeded, 0 failed" in backfill.lines
    status = cli("status", str(WEATHER))
    assert status.code == 0, status.err
    counts = {line.split()[0]: line.split()[-1] for line in status.lines[:-1]}
    assert counts == {
        "observations": "91/91",
        "uploaded_readings": "yet",
        "daily_summary": "91/91",
        "regional_extremes": "364/364",
        **{region: "91/91" for region in ("north", "south", "east", "west")},
        "weekly_summary": "12/12",
    }
