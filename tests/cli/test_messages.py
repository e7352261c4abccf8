"""Command-line messages a new user found unclear, as they read now."""

from __future__ import annotations

from .conftest import Cli

FUTURE = """
import partwise as pw

later = pw.DailyPartitionsDefinition(start_date="2999-01-01")


@pw.asset(partitions_def=later)
def forecast():
    return 1


defs = pw.Definitions(assets=[forecast])
"""


def test_partitions_of_an_asset_without_keys_says_so(cli: Cli) -> None:
    outcome = cli("partitions", "project.py", "--asset", "uploaded")
    assert outcome.code == 0, outcome.err
    assert outcome.out == ""  # stdout stays a list of keys
    assert outcome.err.strip() == 'uploaded has no partitions yet (Dynamic partitions: "files")'


def test_materialize_without_a_partition_of_a_future_definition(cli: Cli) -> None:
    (cli.cwd / "future.py").write_text(FUTURE)
    outcome = cli("materialize", "future.py", "--select", "forecast")
    assert outcome.code == 2
    assert "None" not in outcome.err
    assert outcome.err.strip().endswith("pass --partition K (it has no partitions yet)")


def test_a_swapped_multi_key_names_the_dimension_order(cli: Cli) -> None:
    (cli.cwd / "regional.py").write_text(
        "import partwise as pw\n"
        "days = pw.DailyPartitionsDefinition(start_date='2026-11-01', end_date='2026-11-05')\n"
        "regions = pw.StaticPartitionsDefinition(['amer', 'emea'])\n"
        "@pw.asset(partitions_def=pw.MultiPartitionsDefinition({'date': days, 'region': regions}))\n"
        "def sales():\n    return 1\n"
        "defs = pw.Definitions(assets=[sales])\n"
    )
    outcome = cli(
        "materialize", "regional.py", "--select", "sales", "--partition", "emea|2026-11-03"
    )
    assert outcome.code == 2
    assert outcome.err.strip().endswith(
        "Multi keys list the dimensions' keys in the order of the dimension names (date|region): "
        "did you mean '2026-11-03|emea'?"
    )
