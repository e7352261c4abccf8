"""The backfill progress bar (rich, imported only when a bar is asked for)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(enabled: bool, total: int, backfill_id: str) -> Iterator[Callable[[Any], None]]:
    """Yield a callback to call with each run's outcome; it advances a bar when ``enabled``."""
    if not enabled:
        yield lambda outcome: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    counts = {"ok": 0, "failed": 0, "done": 0}
    columns = (
        TextColumn("[bold]backfill {task.fields[backfill_id]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            "runs · [green]{task.fields[ok]} ok[/] · [red]{task.fields[failed]} failed[/]"
            "{task.fields[skipped]}"
        ),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns) as bar:
        task = bar.add_task(
            "backfill", total=total, backfill_id=backfill_id, ok=0, failed=0, skipped=""
        )

        def advance(outcome: Any) -> None:
            counts["ok" if outcome.success else "failed"] += 1
            counts["done"] += 1
            bar.update(task, advance=1, ok=counts["ok"], failed=counts["failed"])

        yield advance
        # Runs downstream of a failure never start: the bar still ends at its total.
        skipped = total - counts["done"]
        if skipped:
            bar.update(task, completed=total, skipped=f" · {skipped} skipped")
