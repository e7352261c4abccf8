"""One self-contained HTML page of partitions coloured by outcome (inline CSS, no script, no
network), shared by ``pytest --partwise-html`` and ``partwise status --html``.

A :class:`Strip` is one row of cells, one per partition key, or a grid (one row per key of the
non-time dimension) for multi partitions. Every cell carries its key and outcome as ``data-key``
and ``data-outcome`` and its message in ``title`` (shown on hover); failures are listed again in
a ``<details>`` block under the strip (shown on click). Stdlib only.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

__all__ = [
    "Cell",
    "Section",
    "Strip",
    "Table",
    "counts",
    "generated_at",
    "render_page",
    "write_page",
]

BAD = frozenset({"failed", "error", "failure"})
_COLOURS = {
    "passed": "#2da44e",
    "materialized": "#2da44e",
    "success": "#2da44e",
    "failed": "#cf222e",
    "failure": "#cf222e",
    "error": "#8b0820",
    "skipped": "#afb8c1",
    "xfailed": "#bf8700",
    "xpassed": "#e09b00",
    "in-progress": "#d4a72c",
    "missing": "#eaeef2",
    "not-run": "#eaeef2",
}
_CSS = (
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1f2328}"
    "h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .4em;"
    "border-bottom:1px solid #d0d7de}h3{font-size:1em;margin:.8em 0 .2em;font-weight:600}"
    ".meta,.count,.ends,.legend{color:#59636e;font-size:.9em}.count{font-weight:400}"
    ".bar{display:inline-block;max-width:1000px}.cells{display:flex;flex-wrap:wrap;gap:1px}"
    ".c{display:inline-block;min-width:9px;height:16px}"
    ".ends{display:flex;justify-content:space-between;gap:2em}"
    "table{border-collapse:collapse}td.c{display:table-cell;padding:0;border:1px solid #fff}"
    ".scroll{overflow-x:auto;max-width:100%}"
    "th{font-weight:400;text-align:left;padding:0 .5em 0 0;white-space:nowrap}"
    "table.items td,table.items th{border:1px solid #d0d7de;padding:2px 6px;text-align:left}"
    "table.items td.o{font-weight:600}details{margin:.3em 0}code{font-size:.95em}"
    "pre{white-space:pre-wrap;margin:.2em 0 .6em;background:#f6f8fa;padding:.4em}"
    ".legend .c{width:12px;height:12px;margin:0 .3em 0 1em;vertical-align:middle}"
    + "".join(f".{name}{{background:{colour}}}" for name, colour in _COLOURS.items())
    + "td.o.failed,td.o.error,td.o.failure{background:#ffebe9}td.o.passed{background:#dafbe1}"
)


@dataclass(frozen=True)
class Cell:
    """One partition: its key, outcome (a CSS class such as ``passed``) and message."""

    key: str
    outcome: str
    message: str = ""
    row: str | None = None  # the key's grid row and column (multi partitions)
    column: str | None = None


@dataclass(frozen=True)
class Strip:
    """A named set of cells: a strip, or a grid when the cells have rows and columns."""

    name: str
    cells: Sequence[Cell]
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A plain table (validation items) or a matrix of cells (``matrix=True``: the first column
    names the row, the other cells are :class:`Cell`)."""

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    matrix: bool = False
    note: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    items: Sequence[Strip | Table] = field(default_factory=tuple)
    note: str = ""


def _cell(cell: Cell, tag: str = "span") -> str:
    title = f"{cell.key}: {cell.outcome}" + (f" — {cell.message}" if cell.message else "")
    return (
        f'<{tag} class="c {cell.outcome}" title="{escape(title)}" data-key="{escape(cell.key)}" '
        f'data-outcome="{cell.outcome}"></{tag}>'
    )


def _failures(cells: Sequence[Cell]) -> str:
    bad = [c for c in cells if c.outcome in BAD]
    if not bad:
        return ""
    items = "".join(
        f"<li><code>{escape(c.key)}</code> {escape(c.outcome)}"
        + (f"<pre>{escape(c.message)}</pre>" if c.message else "")
        + "</li>"
        for c in bad
    )
    return f"<details><summary>{len(bad)} {_plural(len(bad))} failed</summary><ul>{items}</ul></details>"


def _plural(n: int) -> str:
    return "partition" if n == 1 else "partitions"


def _strip(strip: Strip) -> str:
    cells = strip.cells
    bad = sum(c.outcome in BAD for c in cells)
    count = f"{bad}/{len(cells)} failed" if bad else f"{len(cells)} {_plural(len(cells))}"
    head = f'<h3>{escape(strip.name)} <span class="count">{count}{_note(strip.note)}</span></h3>'
    if cells and all(c.row is not None for c in cells):
        body = _grid(cells)
    elif cells:
        ends = f"<span>{escape(cells[0].key)}</span><span>{escape(cells[-1].key)}</span>"
        body = (
            f'<div class="bar"><div class="cells">{"".join(map(_cell, cells))}</div>'
            f'<div class="ends">{ends}</div></div>'
        )
    else:
        body = '<p class="meta">no partitions</p>'
    return (
        f'<div class="strip" data-name="{escape(strip.name)}">{head}{body}{_failures(cells)}</div>'
    )


def _note(note: str) -> str:
    return f" · {escape(note)}" if note else ""


def _grid(cells: Sequence[Cell]) -> str:
    rows: dict[str, dict[str, Cell]] = {}
    columns: dict[str, None] = {}
    for cell in cells:
        rows.setdefault(str(cell.row), {})[str(cell.column)] = cell
        columns.setdefault(str(cell.column))
    order = list(columns)
    out = [
        f'<div class="scroll"><table class="grid"><tr><th></th><th colspan="{len(order)}">'
        f"{escape(order[0])} … {escape(order[-1])}</th></tr>"
    ]
    for row, by_column in rows.items():
        tds = "".join(
            _cell(by_column[c], "td") if c in by_column else '<td class="c not-run"></td>'
            for c in order
        )
        out.append(f"<tr><th>{escape(row)}</th>{tds}</tr>")
    out.append("</table></div>")
    return "".join(out)


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    if table.matrix and table.rows and len(table.header) == 2:  # the keys' span over the cells
        span = len(table.rows[0]) - 1
        head = (
            f'<th>{escape(table.header[0])}</th><th colspan="{span}">{escape(table.header[1])}</th>'
        )
    body = []
    for row in table.rows:
        if table.matrix:
            cells = "".join(_cell(c, "td") for c in row[1:])
            body.append(f"<tr><th>{escape(str(row[0]))}</th>{cells}</tr>")
        else:
            outcome = str(row[1]) if len(row) > 1 else ""
            tds = [f"<td>{escape(str(row[0]))}</td>", f'<td class="o {outcome}">{outcome}</td>']
            tds += [f"<td>{escape(str(v))}</td>" for v in row[2:]]
            body.append(f'<tr data-outcome="{outcome}">{"".join(tds)}</tr>')
    kind = "matrix" if table.matrix else "items"
    name = f"<h3>{escape(table.name)}{_note(table.note)}</h3>" if table.name else ""
    rows = "".join(body)
    return f'{name}<div class="scroll"><table class="{kind}"><tr>{head}</tr>{rows}</table></div>'


def render_page(
    title: str, sections: Sequence[Section], legend: Sequence[str], meta: str = ""
) -> str:
    """The whole page as one string."""
    keys = "".join(f'<span class="c {name}"></span>{escape(name)}' for name in legend)
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(meta)}</p>' if meta else "",
        f'<p class="legend">{keys}</p>',
    ]
    for section in sections:
        parts.append(f"<section><h2>{escape(section.heading)}</h2>")
        if section.note:
            parts.append(f'<p class="meta">{escape(section.note)}</p>')
        for item in section.items:
            parts.append(_strip(item) if isinstance(item, Strip) else _table(item))
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "".join(parts)


def write_page(path: str | os.PathLike[str], html: str) -> None:
    """Write ``html`` to ``path`` atomically (a reader never sees half a page).

    A device or pipe (``/dev/stdout``) is written to, never replaced; a symbolic link keeps
    pointing at the page. Failing, it leaves nothing behind and names ``path``.
    """
    from partwise.errors import StorageError

    try:
        if os.path.exists(path) and not os.path.isfile(path):
            if os.path.isdir(path):
                raise IsADirectoryError(errno.EISDIR, "it is a folder")
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(html)
        else:
            _replace(os.path.realpath(path), html)
    except OSError as e:
        raise StorageError(f"Cannot write the page {os.fspath(path)!r}: {e.strerror or e}") from e


def _replace(target: str, html: str) -> None:
    directory = os.path.dirname(target)
    os.makedirs(directory, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".partwise-", suffix=".html", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(html)
        os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _file_mode(path: str) -> int:
    """The mode a page written at ``path`` gets: the replaced file's, else what umask allows."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def generated_at() -> str:
    """``generated 2026-11-05 14:02 UTC`` (the page's meta line)."""
    from partwise import _clock

    now = _clock.now().astimezone(_dt.timezone.utc)
    return f"generated {now:%Y-%m-%d %H:%M} UTC"


def counts(cells: Mapping[str, int]) -> str:
    """``3 passed, 1 failed`` from counts by outcome (zero counts left out)."""
    return ", ".join(f"{n} {name}" for name, n in cells.items() if n)
