"""What a second fuzzing campaign of the real command found: each case failed before its fix.

Pages written where no page belongs, targets raising what is not an ``Exception``, names that
are callable but no function, escape codes in logged text, ``logs`` on a read-only database.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from .conftest import Cli
from .test_reliability import _run_as, one_line_error, read_only  # noqa: F401 (a fixture)

P = "project.py"


# -- status --html: the page goes where asked, or nowhere with one line ----------------------------
def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".partwise-")]


def test_a_page_over_a_folder_names_the_folder_and_leaves_no_temp_file(cli: Cli) -> None:
    """Was: ``[Errno 21] Is a directory: '.partwise-x1y2.html' -> 'out'`` and the temp file
    left behind."""
    (cli.cwd / "out").mkdir()
    error = one_line_error(cli("status", P, "--html", "out"))
    assert error == "partwise: error: Cannot write the page 'out': it is a folder"
    assert _leftovers(cli.cwd) == []


def test_a_page_that_cannot_be_stored_leaves_no_temp_file(cli: Cli) -> None:
    """A name too long for the file system: one line naming it, nothing left beside it."""
    name = "x" * 300 + ".html"
    error = one_line_error(cli("status", P, "--html", name))
    assert error.startswith(f"partwise: error: Cannot write the page '{name}': ")
    assert _leftovers(cli.cwd) == []


def test_a_page_written_to_a_pipe_goes_through_it(cli: Cli) -> None:
    """A FIFO (as /dev/stdout or /dev/null are devices) is written to, never replaced by a file
    (was: replaced, which as root turned /dev/null into a regular file)."""
    fifo = cli.cwd / "page.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    outcome = cli("status", P, "--html", str(fifo))
    reader.join(timeout=120)
    assert outcome.code == 0, outcome.err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"<!doctype html>")


def test_a_page_through_a_symbolic_link_keeps_the_link(cli: Cli) -> None:
    """The page replaces the file the link points at; the link stays a link."""
    (cli.cwd / "site").mkdir()
    real = cli.cwd / "site" / "status.html"
    real.write_text("old")
    link = cli.cwd / "latest.html"
    link.symlink_to(real)
    assert cli("status", P, "--html", str(link)).code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_a_new_page_is_readable_by_others(cli: Cli) -> None:
    """A page is published: it gets the mode umask allows (was 0600, the temp file's)."""
    assert cli("status", P, "--html", "page.html").code == 0
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE((cli.cwd / "page.html").stat().st_mode) == 0o666 & ~mask


# -- targets -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "summary"),
    [
        ("raise BaseException('base')", "BaseException: base"),
        ("raise GeneratorExit", "GeneratorExit"),
    ],
)
def test_a_target_raising_a_base_exception_at_import(cli: Cli, code: str, summary: str) -> None:
    """Was a 30-line traceback: anything the project's code raises is its error, in one line
    (Ctrl-C aside)."""
    (cli.cwd / "odd_raise.py").write_text(code + "\n")
    error = one_line_error(cli("status", "odd_raise.py"))
    assert error.startswith(f"partwise: error: Cannot import odd_raise.py: {summary} (")


@pytest.mark.parametrize(
    ("attr", "kind"), [("raw", "an AssetsDefinition"), ("report_job", "a JobDefinition")]
)
def test_a_target_naming_an_asset_or_job_says_what_it_is(cli: Cli, attr: str, kind: str) -> None:
    """An asset is callable but builds no definitions: say what it is (was: "Cannot call
    project.py:raw(): InvariantViolationError: Cannot access partition_key …")."""
    error = one_line_error(cli("status", f"{P}:{attr}"))
    assert error == (
        f"partwise: error: {P}:{attr} is {kind}, not a Definitions (or a function returning one)"
    )


def test_a_target_naming_a_definitions_class_still_builds_it(cli: Cli) -> None:
    """A callable of the project's own (here a Definitions subclass) is still called."""
    (cli.cwd / "made.py").write_text(
        "from partwise import Definitions\nfrom project import raw\n\n"
        "class defs(Definitions):\n    def __init__(self):\n        super().__init__(assets=[raw])\n"
    )
    outcome = cli("status", "made.py")
    assert outcome.code == 0, outcome.err
    assert outcome.out.startswith("raw ")


# -- logs --------------------------------------------------------------------------------------
LOUD = """
from partwise import Definitions, asset


@asset
def loud(context):
    context.log.info("title \\x1b]0;pwned\\x07 clear \\x1b[2J")
    raise ValueError("bad \\x1b[31m red")


defs = Definitions(assets=[loud])
"""


def test_logs_and_failed_runs_escape_what_the_project_wrote(cli: Cli) -> None:
    """Log lines and error messages come from user code: shown escaped (was raw escape codes:
    the terminal's title set, the screen cleared)."""
    (cli.cwd / "loud.py").write_text(LOUD)
    assert cli("materialize", "loud.py", "--select", "loud").code == 1
    logs = cli("logs")
    failed = cli("runs", "loud.py", "--failed")
    for outcome in (logs, failed):
        assert outcome.code == 0, outcome.err
        assert "\x1b" not in outcome.out and "\x07" not in outcome.out
        assert "bad \\x1b[31m red" in outcome.out
    assert "title \\x1b]0;pwned\\x07 clear \\x1b[2J" in logs.out


def test_logs_reads_a_read_only_database(read_only: tuple[Cli, list[str]]) -> None:  # noqa: F811
    """`logs` only reads: it works where the database may not be written (was: "attempt to
    write a readonly database")."""
    cli, who = read_only
    outcome = _run_as(cli, who, "logs")
    assert outcome.code == 0, outcome.err
    assert outcome.out.startswith("run ")
    assert "FAILURE" in outcome.out or "SUCCESS" in outcome.out


def test_logs_on_a_fresh_home_creates_nothing(cli: Cli) -> None:
    home = cli.cwd / "fresh"
    outcome = Cli(cli.cwd, home, cli.drop)("logs")
    assert one_line_error(outcome) == f"partwise: error: No runs yet in {home}"
    assert not home.exists()


def test_status_of_an_unpartitioned_asset_whose_run_failed(cli: Cli) -> None:
    """Was "█ materialized": any stored event (the run's plan) counted as a materialization."""
    (cli.cwd / "loud.py").write_text(LOUD)
    assert cli("materialize", "loud.py", "--select", "loud").code == 1
    outcome = cli("status", "loud.py")
    assert outcome.code == 0, outcome.err
    assert outcome.lines[0].split() == ["loud", "×", "failed"]
    assert cli("status", "loud.py", "--html", "page.html").code == 0
    page = (cli.cwd / "page.html").read_text(encoding="utf-8")
    assert 'data-outcome="failed"' in page and 'data-outcome="materialized"' not in page


def test_a_huge_last_is_refused_as_usage(cli: Cli) -> None:
    """Was: "datatype mismatch; it is damaged or not a partwise database" (exit 2, wrong cause)."""
    error = one_line_error(cli("runs", P, "--failed", "--last", "9" * 23))
    assert error == (
        f"partwise runs: error: argument --last: expected at most 1000000, got {'9' * 23} "
        "(see partwise runs --help)"
    )


@pytest.mark.parametrize("command", [["status", "ABS"], ["logs"]])
def test_a_removed_working_directory_is_one_line(cli: Cli, command: list[str]) -> None:
    """Was "[Errno 2] No such file or directory" naming nothing (``partwise``), a traceback
    (``python -m partwise``)."""
    import subprocess
    import sys

    gone = cli.cwd / "gone"
    gone.mkdir()
    args = [str(cli.cwd / P) if a == "ABS" else a for a in command]
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    process = subprocess.run(
        ["bash", "-c", script, "_", str(gone), sys.executable, "-m", "partwise", *args],
        env={k: v for k, v in cli.env().items() if k != "PARTWISE_HOME"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (process.returncode, process.stdout) == (2, "")
    assert process.stderr == (
        "partwise: error: The working directory is gone (No such file or directory): cd to a "
        "folder that exists\n"
    )


def test_a_dagster_yaml_that_is_not_yaml_is_one_line(cli: Cli) -> None:
    """``DAGSTER_HOME`` whose dagster.yaml does not parse: exit 2 naming the file (was
    "unexpected ParserError", exit 1)."""
    import subprocess
    import sys

    home = cli.cwd / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("storage: [garbage\n")
    env = {k: v for k, v in cli.env().items() if k != "PARTWISE_HOME"} | {"DAGSTER_HOME": str(home)}
    process = subprocess.run(
        [sys.executable, "-m", "partwise", "status", P],
        cwd=cli.cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert process.returncode == 2, process.stderr
    assert len(process.stderr.splitlines()) == 1
    assert process.stderr.startswith(
        f"partwise: error: Instance config {home / 'dagster.yaml'} is not valid YAML: "
    )
