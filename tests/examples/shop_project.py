"""The example shop project (examples/shop), copied as written or with Dagster's import line."""

from __future__ import annotations

import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2] / "examples" / "shop"
PARTWISE_IMPORT = "import partwise as dg\n"
DAGSTER_IMPORT = "import dagster as dg\n"
TESTS = 8  # the project's test functions


def copy_project(to: Path, *, as_dagster: bool = False) -> Path:
    """The project under ``to``; with ``as_dagster``, each module's one import line reads dagster."""
    shutil.copytree(PROJECT, to, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    if as_dagster:
        for path in to.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if PARTWISE_IMPORT in text:
                assert text.count(PARTWISE_IMPORT) == 1 and "partwise" not in text.replace(
                    PARTWISE_IMPORT, ""
                ).replace("--partwise-as-dagster", ""), f"{path}: more than the import line"
                path.write_text(text.replace(PARTWISE_IMPORT, DAGSTER_IMPORT), encoding="utf-8")
    return to
