"""The command line's promise under odd conditions: exit 0, 1 or 2 with one clear line.

Damaged or read-only databases, closed or narrow output streams, projects that exit or shadow
the library's own modules, keys with escape codes: each runs the real command in a subprocess.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import HERE, Cli, Outcome

P = "project.py"
ODD = "odd.py"


@pytest.fixture
def odd(cli: Cli) -> Cli:
    """The runner with ``odd.py`` (a slash in a name, escape codes in keys) beside project.py."""
    shutil.copy(HERE / "cli_odd_project.py", cli.cwd / ODD)
    return cli


def one_line_error(outcome: Outcome, code: int = 2) -> str:
    """The single stderr line of a failed command, after checking its shape."""
    assert outcome.code == code, (outcome.code, outcome.out, outcome.err)
    assert len(outcome.err.splitlines()) == 1, outcome.err
    assert outcome.err.startswith("partwise")
    assert "unexpected" not in outcome.err and "Traceback" not in outcome.err
    return outcome.err.strip()


# -- inputs that used to escape as "unexpected" ---------------------------------------------------
def test_backfill_of_an_empty_key_list_is_refused(cli: Cli) -> None:
    """`--partitions ",,"` names no key: exit 2 saying so (was KeyError: (0, None))."""
    error = one_line_error(cli("backfill", P, "--select", "raw", "--partitions", ",,"))
    assert "--partitions ',,' names no partition" in error


def test_backfill_of_a_dynamic_asset_without_keys_has_nothing_to_do(cli: Cli) -> None:
    """No dynamic keys yet: nothing runs, exit 0 with one line saying so."""
    outcome = cli("backfill", P, "--select", "uploaded", "--all", "--no-progress")
    assert (outcome.code, outcome.err) == (0, "")
    assert "Nothing to backfill: no partitions selected" in outcome.out
    assert ": 0 runs (0 succeeded, 0 failed)" in outcome.out
    assert "ran 0" not in outcome.out


def test_status_of_definitions_without_assets(odd: Cli) -> None:
    """`status` of an empty Definitions says there are no assets (was ValueError)."""
    outcome = odd("status", f"{ODD}:empty")
    assert (outcome.code, outcome.out.strip()) == (0, "odd.py:empty: no assets")


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00+01:00"])
def test_tick_at_the_ends_of_the_calendar_is_refused(cli: Cli, at: str) -> None:
    """A time whose neighbourhood the calendar cannot hold: exit 2 (was OverflowError)."""
    error = one_line_error(cli("tick", P, "--at", at))
    assert f"--at time {at!r} is too close to the ends of the calendar" in error


def test_ticks_over_millennia_stop_at_the_limit_and_say_so(cli: Cli) -> None:
    """A dry run over 8,000 years shows the first 1,000 ticks and how to see more."""
    args = ("--schedule", "pipeline_job_schedule", "--from", "1970-01-01", "--to", "9999-01-01")
    outcome = cli("ticks", P, *args)
    assert outcome.code == 0, outcome.err
    assert sum(line.startswith("│ 19") for line in outcome.lines) == 1000
    assert outcome.lines[-1] == (
        "showing the first 1000 ticks, up to 1972-09-26T03:00:00+00:00: pass a later --from for "
        "more, or a larger --limit"
    )
    small = cli("ticks", P, *args, "--limit", "2")
    assert sum(line.startswith("│ 19") for line in small.lines) == 2


def test_partwise_home_that_is_a_file(cli: Cli) -> None:
    """PARTWISE_HOME naming a file: exit 2 naming it (was [Errno 17] File exists)."""
    home = cli.cwd / "not-a-folder"
    home.write_text("")
    error = one_line_error(Cli(cli.cwd, home, cli.drop)("status", P))
    assert f"Cannot use {home} as an instance folder: it is not a folder" in error
    assert "set PARTWISE_HOME to a folder" in error


def test_a_target_that_exits_at_import(cli: Cli) -> None:
    """A project calling sys.exit(3) at import: exit 2 saying so (was exit 3, silently)."""
    (cli.cwd / "exits.py").write_text("import sys\nsys.exit(3)\n")
    assert one_line_error(cli("status", "exits.py")) == (
        "partwise: error: Cannot import exits.py: it called sys.exit(3)"
    )


# -- damaged and read-only databases ------------------------------------------------------------
def _garbage(db: Path) -> None:
    db.write_bytes(bytes(range(256)) * 40)


def _truncated(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    db.write_bytes(db.read_bytes()[:9000])


def _foreign(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE runs (x INTEGER)")


def _folder(db: Path) -> None:
    db.mkdir()


DAMAGE = {"garbage": _garbage, "truncated": _truncated, "foreign": _foreign, "folder": _folder}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
@pytest.mark.parametrize(
    "args", [("status", P), ("backfill", P, "--select", "raw", "--all", "--no-progress")]
)
def test_a_damaged_database_is_named_with_what_to_do(
    cli: Cli, damage: object, args: tuple[str, ...]
) -> None:
    """Garbage, truncated, foreign or a folder: exit 2 naming the file; no run is attempted."""
    db = cli.home / "partwise.db"
    damage(db)  # type: ignore[operator]
    error = one_line_error(cli(*args))
    assert f"Cannot use the partwise database {db}: " in error
    assert "move it aside" in error
    assert "runs," not in error


@pytest.fixture
def read_only() -> Iterator[tuple[Cli, list[str]]]:
    """A backfilled instance whose folder and database may only be read, and the command prefix
    of a user bound by that (root may write anything: it runs the commands as nobody)."""
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: nothing here is read-only to root")
    root = Path(tempfile.mkdtemp(prefix="partwise-ro-"))
    root.chmod(0o755)  # readable by that unprivileged user too
    cli = Cli(root, root / "home", root / "drop")
    (root / "home").mkdir()
    (root / "drop").mkdir()
    shutil.copy(HERE / "cli_project.py", root / P)
    assert cli("backfill", P, "--select", "raw,flaky", "--all", "--no-progress").code == 1
    (cli.home / "partwise.db").chmod(0o444)
    cli.home.chmod(0o555)
    try:
        yield cli, as_nobody if os.geteuid() == 0 else []
    finally:
        cli.home.chmod(0o755)
        shutil.rmtree(root)


def _run_as(cli: Cli, who: list[str], *args: str) -> Outcome:
    process = subprocess.run(
        [*who, sys.executable, "-m", "partwise", *args],
        cwd=cli.cwd,
        env=cli.env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    return Outcome(process.returncode, process.stdout, process.stderr, 0)


def test_reading_commands_work_on_a_read_only_database(
    read_only: tuple[Cli, list[str]],
) -> None:
    """status, runs and partitions read a database they may not write; materialize says why
    it cannot write (was: even status failed)."""
    cli, who = read_only
    before = sorted(p.name for p in cli.home.iterdir())
    status = _run_as(cli, who, "status", P)
    assert status.code == 0, status.err
    assert "7/10  3 failed" in status.out
    runs = _run_as(cli, who, "runs", P, "--job", "flaky_job")
    assert runs.code == 0, runs.err
    assert "✗" in runs.out
    partitions = _run_as(cli, who, "partitions", P, "--asset", "uploaded", "--count")
    assert (partitions.code, partitions.out.strip()) == (0, "0")
    error = one_line_error(
        _run_as(cli, who, "materialize", P, "--select", "raw", "--partition", "2024-01-02")
    )
    assert "it is read-only" in error
    assert sorted(p.name for p in cli.home.iterdir()) == before


def test_reading_commands_create_no_instance(cli: Cli) -> None:
    """status on a fresh PARTWISE_HOME reads an empty instance and writes nothing."""
    home = cli.cwd / "fresh"
    outcome = Cli(cli.cwd, home, cli.drop)("status", P, "--select", "raw")
    assert outcome.code == 0, outcome.err
    assert "0/10" in outcome.out
    assert not home.exists()


# -- output streams ----------------------------------------------------------------------------
def test_a_closed_pipe_ends_quietly(cli: Cli) -> None:
    """`partwise status | head -1`: the reader is gone, the command exits 0 without a word."""
    read, write = os.pipe()
    with subprocess.Popen(
        [sys.executable, "-m", "partwise", "status", P],
        cwd=cli.cwd,
        env=cli.env(),
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        os.close(write)
        os.close(read)  # before the command prints anything
        _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (0, "")


def test_a_closed_stdout_is_not_an_error(cli: Cli) -> None:
    """Started with stdout closed (`>&-`), a backfill still runs and exits 0."""
    command = (
        f"exec {sys.executable} -m partwise backfill {P} --select raw --partitions 2024-01-02 >&-"
    )
    process = subprocess.run(
        ["sh", "-c", command],
        cwd=cli.cwd,
        env=cli.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert (process.returncode, process.stderr) == (0, "")
    assert "raw  ░█░░░░░░░░  1/10" in cli("status", P, "--select", "raw").out


def test_an_ascii_terminal_gets_ascii_bars(cli: Cli) -> None:
    """PYTHONIOENCODING=ascii: bars and legend in ASCII (was UnicodeEncodeError)."""
    env = {**cli.env(), "PYTHONIOENCODING": "ascii"}
    process = subprocess.run(
        [sys.executable, "-m", "partwise", "status", P],
        cwd=cli.cwd,
        env=env,
        capture_output=True,
        check=False,
    )
    assert (process.returncode, process.stderr) == (0, b"")
    out = process.stdout.decode("ascii")
    assert "raw       ..........  0/10" in out
    assert out.splitlines()[-1] == "# materialized  + partly  x failed  ~ in progress  . missing"


def test_escape_codes_in_keys_never_reach_the_terminal(odd: Cli) -> None:
    """Keys holding escape sequences print escaped, in `partitions` and in `runs`."""
    listing = odd("partitions", ODD, "--asset", "coloured")
    assert listing.code == 0, listing.err
    assert listing.lines == ["\\x1b[31mred", "\\x1b]0;pwned\\x1b\\", "plain"]
    assert odd("materialize", ODD, "--select", "coloured", "--partition", "\x1b[31mred").code == 0
    runs = odd("runs", ODD, "--job", "coloured_job")
    assert runs.code == 0, runs.err
    assert "\x1b" not in runs.out and "\\x1b[31mred" in runs.out
    error = one_line_error(odd("config", P, "--job", "report_job", "--partition", "\x1b[2J"))
    assert "\x1b" not in error


# -- loading the target ---------------------------------------------------------------------
def test_a_project_module_named_like_a_dependency_does_not_replace_it(cli: Cli) -> None:
    """A `rich.py` beside the target is the project's business; the command line keeps its
    own rich (was: the project's rich.py replaced it and status failed)."""
    (cli.cwd / "rich.py").write_text("raise ImportError('the project rich.py was imported')\n")
    outcome = cli("status", P, "--select", "raw")
    assert outcome.code == 0, outcome.err
    assert "0/10" in outcome.out


# -- clearer messages -----------------------------------------------------------------------
def test_a_slash_in_an_asset_name_is_addressable(odd: Cli) -> None:
    """An asset key part "a/b" is selected by that name (was: looked up as AssetKey(["a", "b"]))."""
    assert odd("partitions", ODD, "--asset", "a/b", "--count").out.strip() == "3"
    outcome = odd("materialize", ODD, "--select", "a/b", "--partition", "2024-01-02")
    assert outcome.code == 0, outcome.err
    assert "1/3" in odd("status", ODD, "--select", "a/b").out


def test_an_empty_selection_is_refused(cli: Cli) -> None:
    """`--select ""` selects nothing rather than everything."""
    error = one_line_error(cli("status", P, "--select", ""))
    assert "argument --select: expected a value, got ''" in error
    assert "names no asset" in one_line_error(cli("status", P, "--select", ","))


def test_values_are_trimmed(cli: Cli) -> None:
    """`--partition " 2024-01-05"` is the key 2024-01-05."""
    outcome = cli("materialize", P, "--select", "raw", "--partition", " 2024-01-05 ")
    assert outcome.code == 0, outcome.err
    assert "materialized raw [2024-01-05]" in outcome.out


def test_no_suggestion_for_an_unrelated_name(cli: Cli) -> None:
    """An unknown name like no asset gets the list, not a far-fetched "did you mean"."""
    error = one_line_error(cli("partitions", P, "--asset", "zzzzzzzz"))
    assert "did you mean" not in error
    assert "(assets: raw, clean, flaky, uploaded, settings)" in error
    assert "did you mean 'pipeline_job_schedule'?" in one_line_error(
        cli("ticks", P, "--schedule", "pipeline", "--from", "2024-01-01", "--to", "2024-01-02")
    )


def test_no_partitions_yet_is_said_plainly(cli: Cli) -> None:
    """A dynamic asset without keys: "it has no partitions yet" (was "the last is None")."""
    error = one_line_error(cli("materialize", P, "--select", "uploaded"))
    assert error.endswith("pass --partition K (it has no partitions yet)")
