"""A hundred and more bad invocations, every one answered by exit 0, 1 or 2 and one clear line.

Bad targets, flags, keys, dates, empty strings, unicode and huge numbers go to every command;
``fuzz_driver.py`` runs each as its own process (forked after import, so the lot takes seconds).
A failure is one line on stderr, never "unexpected", never a traceback; nothing printed carries
a raw control character.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from itertools import product
from pathlib import Path

from .conftest import HERE, Cli

P = "project.py"
DAYS = ("--from", "2024-01-01", "--to", "2024-01-03")

TARGETS = [
    "",
    " ",
    ":",
    "::",
    ":defs",
    "project.py:",
    "project.py:defs:extra",
    "project.py:nope",
    "project.py:DAYS",
    "project.py:raw",
    "missing.py",
    "no_such_module:defs",
    "1bad-module:defs",
    "sub",
    "sub/",
    "/etc/passwd",
    "/dev/null",
    "raises.py",
    "exits.py",
    "odd.py:empty",
    "é.py",
    "\x1b[2J.py",
    "a" * 5000,
    "project.py:" + "x" * 5000,
]

KEYS = [
    "",
    " ",
    ",,",
    "2024-01-32",
    "2024-1-5",
    "\x1b[2J",
    "\u202egnp.exe",
    "2024-01-01...2024-01-05",
    "２０２４-01-01",
    "9" * 400,
    "2024-01-01\n2024-01-02",
    "'; DROP TABLE runs; --",
    "%s%n",
    "..",
]

TIMES = [
    "",
    "soon",
    "2024-13-01",
    "2024-01-01T25:00",
    "2024-01-01T00:00+25:00",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01",
    "99999-01-01",
    "-1",
    "١٢٣٤-01-01",
]

NUMBERS = ["0", "-1", "1e3", "many", "", "99999999999999999999999999", "٣"]


def cases() -> list[list[str]]:
    out: list[list[str]] = []
    commands = [["status"], ["runs", "--job", "pipeline_job"]]
    out += [[c[0], target, *c[1:]] for c, target in product(commands, TARGETS)]
    out += [["partitions", target, "--asset", "raw"] for target in TARGETS[::3]]
    out += [["validate", target] for target in TARGETS[1::3]]
    out += [["materialize", P, "--select", "raw", "--partition", key] for key in KEYS]
    out += [["backfill", P, "--select", "raw", "--partitions", key] for key in KEYS]
    out += [
        ["backfill", P, "--select", "raw", "--from", k, "--to", "2024-01-02"] for k in KEYS[::2]
    ]
    out += [["config", P, "--job", "report_job", "--partition", key] for key in KEYS[1::2]]
    out += [["runs", P, "--job", "pipeline_job", "--to", key] for key in KEYS[::3]]
    schedule = ["--schedule", "pipeline_job_schedule"]
    out += [["ticks", P, *schedule, "--from", t, "--to", "2024-02-01"] for t in TIMES]
    out += [["ticks", P, *schedule, "--from", "2024-01-01", "--to", t] for t in TIMES]
    out += [["tick", P, "--at", t] for t in TIMES]
    for name in ["", " ", ",", "nope", "raw,nope", "a/b", "\x1b[31m", "ü" * 300]:
        out += [
            ["status", P, "--select", name],
            ["partitions", P, "--asset", name],
            ["materialize", P, "--select", name, "--partition", "2024-01-01"],
            ["backfill", P, "--select", name, "--all"],
            ["backfill", P, "--job", name, "--all"],
            ["runs", P, "--job", name],
            ["config", P, "--job", name, "--partition", "2024-01-01"],
            ["ticks", P, "--schedule", name, *DAYS],
        ]
    out += [["runs", P, "--job", "pipeline_job", "--last", n] for n in NUMBERS]
    out += [["validate", P, "--max-problems", n] for n in NUMBERS]
    out += [["backfill", P, "--select", "raw", "--all", "--workers", n] for n in NUMBERS]
    out += [["ticks", P, *schedule, *DAYS, "--limit", n] for n in NUMBERS]
    out += [
        [],
        ["--bogus"],
        ["status"],
        ["status", P, "--bogus"],
        ["status", P, "extra"],
        ["backfill", P, "--select", "raw"],
        ["backfill", P, "--select", "raw", "--from", "2024-01-02"],
        ["backfill", P, "--select", "raw", "--from", "2024-01-03", "--to", "2024-01-01"],
        ["backfill", P, "--select", "uploaded", "--all"],
        ["backfill", P, "--select", "settings", "--all"],
        ["backfill", P, "--job", "report_job", "--partitions", "2024-01-02", "--no-progress"],
        ["backfill", "odd.py", "--select", "inbox", "--all", "--no-progress"],
        ["materialize", P, "--select", "raw,uploaded", "--partition", "2024-01-01"],
        ["materialize", P, "--select", "settings", "--partition", "2024-01-01"],
        ["materialize", P, "--select", "uploaded"],
        ["materialize", "odd.py", "--select", "a/b", "--partition", "2024-01-02"],
        ["partitions", P, "--asset", "raw,clean"],
        ["partitions", P, "--asset", "settings"],
        ["partitions", "odd.py", "--asset", "coloured"],
        ["runs", P, "--job", "report_job"],
        ["runs", "odd.py", "--job", "coloured_job"],
        ["config", P, "--job", "pipeline_job", "--partition", "2024-01-01"],
        ["ticks", P, *schedule, "--from", "2024-01-02", "--to", "2024-01-01"],
        ["ticks", P, *schedule, "--from", "2024-01-01T00:00+00:00", "--to", "2024-01-02"],
        ["status", "odd.py"],
        ["validate", "odd.py"],
    ]
    return out


def test_every_bad_invocation_gets_one_line_and_a_known_status(cli: Cli) -> None:
    """Each invocation exits 0, 1 or 2; a non-zero one says why on exactly one stderr line."""
    shutil.copy(HERE / "cli_odd_project.py", cli.cwd / "odd.py")
    (cli.cwd / "raises.py").write_text("raise RuntimeError('broken at import')\n")
    (cli.cwd / "exits.py").write_text("import sys\nsys.exit(3)\n")
    (cli.cwd / "sub").mkdir()
    all_cases = cases()
    assert len(all_cases) >= 100
    assert broken_cases(cli, all_cases) == []


def broken_cases(cli: Cli, cases: list[dict[str, object]]) -> list[str]:
    """Run ``cases`` (``args``, optional ``env``) through the real command; what broke the promise."""
    (cli.cwd / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(HERE / "fuzz_driver.py"), "cases.json", "results.json"],
        cwd=cli.cwd,
        env=cli.env(),
        check=True,
        timeout=1800,
    )
    results = json.loads((cli.cwd / "results.json").read_text(encoding="utf-8"))
    return [
        f"{_problem(r)}: {r['args']!r} {r.get('env', {})!r} → {r['err']!r}"
        for r in results
        if _problem(r)
    ]


def _problem(result: dict[str, object]) -> str:
    code, out, err = result["code"], str(result["out"]), str(result["err"])
    if code not in (0, 1, 2):
        return f"exit {code}"
    if code != 0 and len(err.splitlines()) != 1:
        return f"{len(err.splitlines())} lines on stderr"
    if "unexpected" in err or "Traceback" in err:
        return "unexpected error"
    if any(ch in out + err for ch in "\x1b\x00\x07\x08\r"):
        return "raw control character in the output"
    return ""


def test_the_driver_runs_the_real_command(cli: Cli, tmp_path: Path) -> None:
    """The driver's outcome of a command is the command's: status, stdout and stderr."""
    cases = [["partitions", P, "--asset", "raw", "--count"], ["status", "missing.py"]]
    (cli.cwd / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(HERE / "fuzz_driver.py"), "cases.json", "results.json"],
        cwd=cli.cwd,
        env=cli.env(),
        check=True,
    )
    first, second = json.loads((cli.cwd / "results.json").read_text(encoding="utf-8"))
    assert (first["code"], first["out"], first["err"]) == (0, "10\n", "")
    assert (second["code"], second["out"]) == (2, "")
    assert second["err"] == "partwise: error: No such file: 'missing.py'\n"
