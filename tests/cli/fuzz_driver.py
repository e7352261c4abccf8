"""Run many ``partwise`` invocations fast: ``python fuzz_driver.py CASES.json RESULTS.json``.

Each case (a list of arguments, or ``{"args": [...], "env": {...}}`` to change environment
variables too) runs the real command line, ``partwise.cli.main``, in a process of its own, forked
from this one once partwise is imported: its stdout and stderr are files, its exit status is the
process's, and an alarm ends it after ``TIMEOUT`` seconds (status -14). The results are written
as JSON: ``[{"args", "code", "out", "err"}, …]``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

import partwise
from partwise._cli_support import import_own_dependencies
from partwise.cli import main

TIMEOUT = 60


def run_one(case: list[str] | dict[str, Any], scratch: Path) -> dict[str, object]:
    args, env = (case, {}) if isinstance(case, list) else (case["args"], case.get("env", {}))
    out, err = scratch / "out", scratch / "err"
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: one command, then exit with its status
        code = 99
        try:
            for fd, path in ((1, out), (2, err)):
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            os.environ.update(env)
            signal.alarm(TIMEOUT)
            try:
                code = main(args)
            except SystemExit as exit_:  # argparse
                code = exit_.code if isinstance(exit_.code, int) else 2
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    read = lambda path: path.read_text(encoding="utf-8", errors="backslashreplace")  # noqa: E731
    return {"args": args, "env": env, "code": code, "out": read(out), "err": read(err)}


def run_all(cases: list[list[str] | dict[str, Any]]) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as scratch:
        return [run_one(args, Path(scratch)) for args in cases]


def warm_up() -> None:
    """Import what every command imports, once, before the forks share it."""
    import_own_dependencies()
    for name in partwise.__all__:
        getattr(partwise, name)


if __name__ == "__main__":
    warm_up()
    cases = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_text(json.dumps(run_all(cases)), encoding="utf-8")
