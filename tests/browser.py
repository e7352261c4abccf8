"""Render a page in headless Chromium and read back the cells it shows.

Chromium is the Debian package ``chromium`` (``.ci/run`` installs it when missing); tests skip
only when no Chromium binary exists on this machine.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


@dataclass(frozen=True)
class Shown:
    """A cell as the browser's DOM has it: key, outcome and hover text."""

    key: str
    outcome: str
    title: str


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[Shown] = []
        self.rows: list[tuple[str, str]] = []  # (outcome, text) of table rows with an outcome
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "data-key" in values:
            self.cells.append(Shown(values["data-key"], values["data-outcome"], values["title"]))
        elif tag == "tr" and "data-outcome" in values:
            self.rows.append((values["data-outcome"], ""))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(page: Path) -> tuple[list[Shown], str]:
    """The cells and the visible text of ``page`` after Chromium loaded it."""
    browser = next((b for b in map(shutil.which, BROWSERS) if b), None)
    if browser is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install -y chromium)")
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"]
    done = subprocess.run(
        [*command, page.resolve().as_uri()], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    parser = _Cells()
    parser.feed(done.stdout)
    assert "<table" in done.stdout or "<span" in done.stdout, done.stdout[:500]
    return parser.cells, " ".join(" ".join(parser.text).split())
