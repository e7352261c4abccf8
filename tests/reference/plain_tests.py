"""Run a project's plain test functions (no fixtures) without pytest; print their outcomes as JSON.

Usage: ``python plain_tests.py <project dir>``: every ``test_*`` function of ``tests/test_*.py``
is called; the outcome is ``"passed"`` or the error's type and message. The reference's
environment has no pytest, and the example project's tests need none.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path


def main(root: Path) -> dict[str, str]:
    sys.path.insert(0, str(root))
    outcomes: dict[str, str] = {}
    for path in sorted((root / "tests").glob("test_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, fn in vars(module).items():
            if name.startswith("test_") and callable(fn):
                try:
                    fn()
                except Exception as exc:
                    outcomes[f"{path.name}::{name}"] = f"{type(exc).__name__}: {exc}"
                else:
                    outcomes[f"{path.name}::{name}"] = "passed"
    return outcomes


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
