"""The second fuzzing campaign as a test: odd instance homes and damaged databases under every
command, ``logs`` and ``status --html`` with bad values, targets that raise what is not an
``Exception``. Same promise as ``test_fuzz.py``: exit 0, 1 or 2, one line, never a traceback."""

from __future__ import annotations

import shutil
import sqlite3
from itertools import product
from pathlib import Path

from .conftest import Cli
from .test_fuzz import broken_cases

P = "project.py"
COMMANDS = [
    ["status", P],
    ["status", P, "--html", "page.html"],
    ["runs", P, "--job", "pipeline_job"],
    ["runs", P, "--failed"],
    ["partitions", P, "--asset", "raw"],
    ["materialize", P, "--select", "raw", "--partition", "2024-01-02"],
    ["backfill", P, "--select", "raw", "--from", "2024-01-01", "--to", "2024-01-02"],
    ["tick", P, "--at", "2024-01-05"],
    ["validate", P],
    ["logs"],
]
VALUES = ["", " ", "\t", "\u200b", "\x1b[2J", "-", "..", "a" * 5000, "ＲＡＷ", "1e309", "0x10"]


def _homes(cli: Cli) -> dict[str, str]:
    """Instance homes, each odd in its own way, made from a backfilled one."""
    good = cli.cwd / "homes" / "good"
    outcome = Cli(cli.cwd, good, cli.drop)("backfill", P, "--select", "raw", "--all")
    assert outcome.code == 0, outcome.err
    db = good / "partwise.db"
    homes = {"good": good}
    for name in ["garbage", "truncated", "folder", "schema", "empty", "wal"]:
        (cli.cwd / "homes" / name).mkdir()
        homes[name] = cli.cwd / "homes" / name
    (homes["garbage"] / "partwise.db").write_bytes(b"not a database" * 100)
    (homes["truncated"] / "partwise.db").write_bytes(db.read_bytes()[: db.stat().st_size // 3])
    (homes["folder"] / "partwise.db").mkdir()
    with sqlite3.connect(homes["schema"] / "partwise.db") as conn:
        conn.execute("CREATE TABLE runs (x)")
    (homes["empty"] / "partwise.db").write_bytes(b"")
    shutil.copy(db, homes["wal"] / "partwise.db")
    (homes["wal"] / "partwise.db-wal").write_bytes(b"garbage wal" * 1000)
    (cli.cwd / "a_file").write_text("x")
    odd = {"file": "a_file", "blank": " ", "newline": "a\nb", "long": "x" * 5000, "deep": "a/b/c"}
    return {name: str(path) for name, path in homes.items()} | odd


def _cases(cli: Cli) -> list[dict[str, object]]:
    cases: list[dict[str, object]] = []
    for home, command in product(_homes(cli).values(), COMMANDS):
        cases.append({"args": command, "env": {"PARTWISE_HOME": home}})
    fresh = {"PARTWISE_HOME": str(cli.home)}
    for value in VALUES:
        cases.append({"args": ["logs", value], "env": fresh})
        cases.append({"args": ["status", P, "--html", value], "env": fresh})
    for path in [".", "..", "sub", "x" * 300 + ".html", "new/dir/page.html", P + "/page.html"]:
        cases.append({"args": ["status", P, "--html", path], "env": fresh})
    targets = ["base.py", "genexit.py", "fn_args.py", "nothing.py", f"{P}:raw", f"{P}:DAYS"]
    for target, command in product(targets, ["status", "validate", "runs"]):
        cases.append({"args": [command, target], "env": fresh})
    return cases


def test_odd_homes_values_and_targets_get_one_line(cli: Cli) -> None:
    (cli.cwd / "sub").mkdir()
    (cli.cwd / "base.py").write_text("raise BaseException('base')\n")
    (cli.cwd / "genexit.py").write_text("raise GeneratorExit\n")
    (cli.cwd / "fn_args.py").write_text("def defs(a, b):\n    pass\n")
    (cli.cwd / "nothing.py").write_text("x = 1\n")
    cases = _cases(cli)
    assert len(cases) >= 150
    assert broken_cases(cli, cases) == []
    leftovers = [str(p) for p in Path(cli.cwd).rglob(".partwise-*")]
    assert leftovers == []  # no page's temp file stays behind
    assert (cli.cwd / "sub").is_dir() and (cli.cwd / P).is_file()
