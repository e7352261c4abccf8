"""Fixtures running the real ``partwise`` command in a subprocess, on a throwaway instance."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parents[1]
WEATHER = REPO / "examples" / "weather.py"


@dataclass(frozen=True)
class Outcome:
    """What one command did: exit status, output, and the pid of the command's process."""

    code: int
    out: str
    err: str
    pid: int

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@dataclass(frozen=True)
class Cli:
    """Runs ``python -m partwise …`` in ``cwd`` with its own ``PARTWISE_HOME`` and drop dir."""

    cwd: Path
    home: Path
    drop: Path

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "PARTWISE_TRACEBACK"}
        env.update(
            PARTWISE_HOME=str(self.home),
            PARTWISE_DROP_DIR=str(self.drop),
            COLUMNS="160",
            NO_COLOR="1",
        )
        return env

    def __call__(self, *args: str, prefix: tuple[str, ...] = ("-m", "partwise")) -> Outcome:
        command = [sys.executable, *prefix, *args]
        with subprocess.Popen(
            command,
            cwd=self.cwd,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        ) as process:
            out, err = process.communicate(timeout=60)
        return Outcome(process.returncode, out, err, process.pid)


def make_cli(root: Path) -> Cli:
    """A command runner whose instance, drop dir and test projects live under ``root``."""
    (root / "home").mkdir()
    (root / "drop").mkdir()
    shutil.copy(HERE / "cli_project.py", root / "project.py")
    shutil.copy(HERE / "cli_broken_project.py", root / "broken.py")
    return Cli(root, root / "home", root / "drop")


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """A fresh instance, with ``project.py`` and ``broken.py`` in the working directory."""
    return make_cli(tmp_path)


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """An instance where raw, clean and flaky were backfilled over all ten days (3 days fail)."""
    cli = make_cli(tmp_path_factory.mktemp("backfilled"))
    outcome = cli("backfill", "project.py", "--select", "raw,clean,flaky", "--all")
    assert outcome.code == 1, outcome.err
    return cli
