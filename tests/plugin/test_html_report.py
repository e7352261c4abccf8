"""``pytest --partwise-html=PATH``: one self-contained page of the outcomes by partition."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import render

BASE = ("-p", "no:cacheprovider", "--partitions-now", "2025-06-01")
TESTS = """
@pytest.mark.partitions(daily, range=("2024-01-01", "2024-01-05"))
def test_days(partition_key):
    assert partition_key != "2024-01-03", f"no data for <{partition_key}>"

@pytest.mark.partitions(multi, keys=["red|2024-01-01", "red|2024-01-02", "blue|2024-01-01"])
def test_grid(partition_key):
    if partition_key == "blue|2024-01-01":
        pytest.skip("blue is paused")
"""


def _page(pytester: pytest.Pytester, header: str, *args: str) -> Path:
    pytester.makepyfile(header + TESTS)
    result = pytester.runpytest(*BASE, "--partwise-html", "out/report.html", *args)
    result.assert_outcomes(passed=6, failed=1, skipped=1)
    result.stdout.fnmatch_lines(["partwise: HTML report written to *out/report.html"])
    return pytester.path / "out" / "report.html"


def test_the_page_is_self_contained(pytester: pytest.Pytester, header: str) -> None:
    html = _page(pytester, header).read_text()
    assert html.startswith("<!doctype html>") and "<style>" in html
    assert "http" not in html.replace("http-equiv", "") and "<script" not in html
    assert "<link" not in html and "<img" not in html


def test_the_browser_shows_each_partition_and_its_outcome(
    pytester: pytest.Pytester, header: str
) -> None:
    cells, text = render(_page(pytester, header))
    days = [(c.key, c.outcome) for c in cells if c.key.startswith("2024")]
    assert days == [
        ("2024-01-01", "passed"),
        ("2024-01-02", "passed"),
        ("2024-01-03", "failed"),
        ("2024-01-04", "passed"),
        ("2024-01-05", "passed"),
    ]
    [failed] = [c for c in cells if c.outcome == "failed"]
    assert "no data for <2024-01-03>" in failed.title  # the message on hover, escaped
    assert "1 partition failed" in text and "no data for <2024-01-03>" in text  # on click
    grid = [(c.key, c.outcome) for c in cells if "|" in c.key]
    assert grid == [
        ("red|2024-01-01", "passed"),
        ("red|2024-01-02", "passed"),
        ("blue|2024-01-01", "skipped"),
    ]
    assert "test_days 1/5 failed" in text and "test_grid 3 partitions" in text


def test_grid_rows_are_the_non_time_dimension(pytester: pytest.Pytester, header: str) -> None:
    html = _page(pytester, header).read_text()
    grid = html[html.index('<table class="grid">') :]
    assert grid.index("<th>red</th>") < grid.index("<th>blue</th>")
    assert "2024-01-01 … 2024-01-02" in grid


def test_validation_items_are_listed_alongside(pytester: pytest.Pytester, header: str) -> None:
    pytester.makepyfile(
        project="""
import partwise as pw

daily = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-04")

@pw.asset(partitions_def=daily)
def raw():
    return 1

defs = pw.Definitions(assets=[raw], jobs=[pw.define_asset_job("raw_job", partitions_def=daily)])
"""
    )
    pytester.makepyfile(header + TESTS)
    args = ("--partwise-html", "report.html", "--partwise-definitions", "project:defs")
    result = pytester.runpytest(*BASE, *args)
    result.assert_outcomes(passed=10, failed=1, skipped=1)
    _, text = render(pytester.path / "report.html")
    assert "CI validation" in text
    for item in ("definitions", "raw_job[2024-01-01]", "raw_job[2024-01-03]"):
        assert f"{item} passed" in text


def test_xdist_controller_writes_the_page(pytester: pytest.Pytester, header: str) -> None:
    pytester.makepyfile(header + TESTS)
    result = pytester.runpytest_subprocess(*BASE, "-n", "2", "--partwise-html", "report.html")
    result.assert_outcomes(passed=6, failed=1, skipped=1)
    cells, _ = render(pytester.path / "report.html")
    assert sorted(c.outcome for c in cells) == ["failed"] + ["passed"] * 6 + ["skipped"]
