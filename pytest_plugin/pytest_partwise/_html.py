"""``--partwise-html=PATH``: the session's outcomes by partition as one HTML page.

Each partition-marked test is a strip of its partitions coloured by outcome (a grid for multi
partitions), the CI validation items a table alongside. The page is rendered by partwise's shared
renderer (:mod:`partwise._html_report`), imported only when the page is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._summary import PartitionSummary, failure_message, outcome_char

__all__ = ["OUTCOMES", "ValidationOutcomes", "write_report"]

OUTCOMES = {
    "F": "failed",
    "E": "error",
    "X": "xpassed",
    "x": "xfailed",
    "s": "skipped",
    ".": "passed",
}
VALIDATION_PREFIX = "partwise-validate::"


@dataclass
class ValidationOutcomes:
    """The CI validation items' outcomes (worst phase wins) and failure messages."""

    items: dict[str, tuple[str, str]] = field(default_factory=dict)

    def record(self, report: Any) -> None:
        if not report.nodeid.startswith(VALIDATION_PREFIX):
            return
        char = outcome_char(report)
        if char is None:
            return
        name = report.nodeid[len(VALIDATION_PREFIX) :]
        previous = self.items.get(name)
        if previous is not None and previous[0] in ("failed", "error"):
            return
        message = failure_message(report) if char in "FE" else ""
        if char == "s" and isinstance(report.longrepr, tuple):
            message = str(report.longrepr[2])
        self.items[name] = (OUTCOMES[char], message)


def _strips(summary: PartitionSummary) -> list[Any]:
    from partwise._html_report import Cell, Strip

    strips = []
    for name, test in summary.tests.items():
        cells = []
        for index in sorted(test.keys, key=lambda i: test.positions.get(i, i)):
            row, column = test.cells.get(index, (None, None))
            outcome = OUTCOMES.get(test.outcomes.get(index, ""), "not-run")
            cells.append(Cell(test.keys[index], outcome, test.messages.get(index, ""), row, column))
        note = f"{len(cells)} of {test.total} keys ran" if len(cells) < test.total else ""
        strips.append(Strip(name, cells, note))
    return strips


def write_report(
    path: Path, summary: PartitionSummary, validation: ValidationOutcomes, header: str
) -> None:
    """Render the page and write it to ``path``."""
    from partwise._html_report import Section, Table, generated_at, render_page, write_page

    sections = [
        Section(
            "Tests by partition",
            _strips(summary),
            "" if summary.tests else "no partition-marked tests ran",
        )
    ]
    if validation.items:
        rows = [(name, outcome, message) for name, (outcome, message) in validation.items.items()]
        table = Table("", ("item", "outcome", "message"), rows)
        sections.append(Section("CI validation (--partwise-definitions)", [table]))
    legend = ["passed", "failed", "error", "skipped", "xfailed", "xpassed"]
    html = render_page(
        "partwise: outcomes by partition", sections, legend, f"{header} · {generated_at()}"
    )
    write_page(path, html)
