"""`partwise status` draws a date × region asset as one row per region, failed and missing apart."""

from __future__ import annotations

import pytest

from tests.browser import render

from .conftest import Cli

PROJECT = """
import partwise as pw

days = pw.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-11")
regions = pw.StaticPartitionsDefinition(["emea", "amer", "apac"])
by_region = pw.MultiPartitionsDefinition({"date": days, "region": regions})


@pw.asset(partitions_def=by_region)
def sales(context):
    keys = context.partition_key.keys_by_dimension
    if keys["region"] == "apac" and keys["date"] == "2024-01-05":
        raise ValueError("apac feed missing for 2024-01-05")
    return 1


defs = pw.Definitions(assets=[sales], jobs=[pw.define_asset_job("sales_job", selection=["sales"])])
"""


@pytest.fixture
def regional(cli: Cli) -> Cli:
    (cli.cwd / "regional.py").write_text(PROJECT)
    keys = [f"2024-01-{day:02d}|{region}" for day in (1, 2, 3, 4, 5) for region in ("apac",)]
    keys += ["2024-01-01|emea", "2024-01-10|emea"]
    outcome = cli("backfill", "regional.py", "--select", "sales", "--partitions", ",".join(keys))
    assert outcome.code == 1, outcome.err
    return cli


def test_one_row_per_region_with_the_first_and_last_date(regional: Cli) -> None:
    outcome = regional("status", "regional.py")
    assert outcome.code == 0, outcome.err
    head, *rows = outcome.lines[:4]
    assert head.split() == [
        "sales",
        "region",
        "×",
        "date:",
        "3",
        "×",
        "10",
        "partitions",
        "6/30",
        "1",
        "failed",
    ]
    assert [row.split()[0] for row in rows] == ["emea", "amer", "apac"]  # definition order
    bars = {row.split()[0]: row.split()[2] for row in rows}
    assert all(row.split()[1] == "2024-01-01" and row.split()[3] == "2024-01-10" for row in rows)
    assert bars["emea"] == "█░░░░░░░░█"
    assert bars["amer"] == "░" * 10
    assert bars["apac"] == "████×░░░░░"  # failed (×) and missing (░) stay distinct
    assert rows[2].split()[4:] == ["4/10", "1", "failed"]


def test_status_html_page_in_a_browser(regional: Cli) -> None:
    """`status --html` writes one page: the asset's grid by status, and each job's run matrix."""
    outcome = regional("status", "regional.py", "--html", "pages/status.html")
    assert outcome.code == 0, outcome.err
    page = regional.cwd / "pages" / "status.html"
    assert outcome.out.strip() == "wrote pages/status.html"
    cells, text = render(page)
    by_key = {c.key: c for c in cells if "@" not in c.key}
    assert len(by_key) == 30
    assert by_key["2024-01-05|apac"].outcome == "failed"
    assert "ValueError: apac feed missing for 2024-01-05" in by_key["2024-01-05|apac"].title
    assert by_key["2024-01-01|emea"].outcome == "materialized"
    assert by_key["2024-01-02|amer"].outcome == "missing"
    assert "sales 1/30 failed · 6 materialized, 1 failed, 23 missing" in text
    matrix = {c.key: c.outcome for c in cells if "@" in c.key}  # runs of sales_job's assets
    assert matrix["sales @ 2024-01-05|apac"] == "failure"
    assert matrix["sales @ 2024-01-01|emea"] == "success"
