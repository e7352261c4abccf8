"""Every docs example runs, and every Python block in the guides is part of a tested example."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
EXAMPLES = sorted((DOCS / "examples").glob("*.py"))
GUIDES = sorted(DOCS.glob("*.md"))
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path: Path) -> None:
    """The example file runs to the end: its own asserts hold."""
    runpy.run_path(str(path), run_name="__main__")


def _normalized(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


@pytest.mark.parametrize("guide", GUIDES, ids=[p.name for p in GUIDES])
def test_guide_code_blocks_come_from_examples(guide: Path) -> None:
    """Each ```python block of a guide appears verbatim in one of the example files."""
    # Pytest-style examples under docs/examples/tests/ are run through pytester by tests/plugin.
    sources = [_normalized(p.read_text()) for p in sorted((DOCS / "examples").rglob("*.py"))]
    for block in BLOCK.findall(guide.read_text()):
        snippet = _normalized(block)
        assert any(snippet in source for source in sources), f"untested block:\n{snippet}"
