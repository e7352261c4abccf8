"""The testing guide's examples run and pass (docs/examples/tests through pytester)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
TEST_FILES = sorted((EXAMPLES / "tests").glob("example_*.py"))
SCRIPTS = sorted(EXAMPLES.glob("testing_*.py"))


@pytest.fixture
def examples(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytester directory holding the example pipeline and test files."""
    for path in [EXAMPLES / "tests" / "pipeline.py", *TEST_FILES]:
        name = path.name.replace("example_", "test_")
        (pytester.path / name).write_text(path.read_text())
    pytester.syspathinsert()
    return pytester


def test_the_examples_exist() -> None:
    """The guide has example test files and scripts."""
    assert len(TEST_FILES) >= 4 and len(SCRIPTS) >= 3


def test_example_tests_pass(examples: pytest.Pytester) -> None:
    """Every example test passes, and the partition summary lists them."""
    result = examples.runpytest("-p", "no:cacheprovider", "--partitions-now", "2025-06-01")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes.get("error", 0) == 0
    assert outcomes["passed"] > 400
    result.stdout.fnmatch_lines(
        ["*::test_every_day_has_a_one_day_window [[].*[]] 366/366 partitions, none failed"]
    )


def test_example_ci_validation_finds_the_missing_rates(examples: pytest.Pytester) -> None:
    """Validating the example pipeline catches January revenue reading rates that do not exist."""
    result = examples.runpytest(
        "-p",
        "no:cacheprovider",
        "--partitions-now",
        "2025-06-01",
        "--partitions-sample",
        "20",
        "--partwise-definitions",
        "pipeline:defs",
        "-k",
        "partwise-validate",
    )
    result.assert_outcomes(passed=45, failed=1)
    result.stdout.fnmatch_lines(
        ["*from exchange_rates to revenue_usd: * downstream partitions do not resolve: 2024-01-01*"]
    )


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_scripts_run(script: Path) -> None:
    """The plain-script examples run to completion."""
    runpy.run_path(str(script), run_name="__main__")


def _python_blocks(page: Path) -> list[str]:
    blocks, current, inside = [], [], False
    for line in page.read_text().splitlines():
        if line.startswith("```"):
            if inside:
                blocks.append("\n".join(current))
            current, inside = [], line.strip() in ("```python", "```py")
            continue
        if inside:
            current.append(line.rstrip())
    return blocks


@pytest.mark.parametrize("page", ["testing.md", "coming-from-dagster.md"])
def test_every_python_block_is_tested_code(page: str) -> None:
    """Each Python block (``python`` or ``py`` fence) is copied from an example file the suite runs.

    Blocks from ``docs/examples/tests`` use ``py`` fences: tests/docs checks ``python`` blocks
    against the top-level example scripts only.
    """
    sources = "\n".join(
        "\n".join(line.rstrip() for line in path.read_text().splitlines())
        for path in [*TEST_FILES, *SCRIPTS]
    )
    blocks = _python_blocks(EXAMPLES.parent / page)
    assert blocks
    missing = [block.splitlines()[0] for block in blocks if block not in sources]
    assert not missing, f"blocks not found in docs/examples: {missing}"
