"""``partwise_clock``: freeze time, evaluate one tick, dry-run a schedule over a period.

Run: ``pytest docs/examples/tests/example_clock.py``
"""

from __future__ import annotations

import datetime as dt

from pipeline import daily, nightly
from pytest_partwise import PartwiseClock


def test_the_latest_partition_is_yesterday(partwise_clock: PartwiseClock) -> None:
    partwise_clock.freeze("2024-06-15T09:30:00+00:00")
    assert daily.get_last_partition_key() == "2024-06-14"


def test_a_freeze_can_be_a_block(partwise_clock: PartwiseClock) -> None:
    with partwise_clock.freeze(dt.datetime(2024, 3, 1)):  # naive: UTC
        assert dt.date.today() == dt.date(2024, 3, 1)
    assert partwise_clock.frozen_at is None


def test_the_nightly_tick_loads_the_previous_day(partwise_clock: PartwiseClock) -> None:
    [request] = partwise_clock.tick(nightly, at=dt.datetime(2024, 6, 15, 2))
    assert request.partition_key == "2024-06-14"
    assert request.run_config["ops"]["load_files"]["config"]["path"] == "s3://orders/2024-06-14.csv"


def test_a_week_of_ticks(partwise_clock: PartwiseClock) -> None:
    rows = partwise_clock.ticks(nightly, start="2024-06-01", end="2024-06-08")
    assert [row.time.strftime("%d %H:%M") for row in rows] == [f"0{d} 02:00" for d in range(1, 8)]
    assert [row.partition_key for row in rows] == [
        "2024-05-31",
        *(f"2024-06-0{d}" for d in range(1, 7)),
    ]
