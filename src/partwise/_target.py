"""Loading a project's ``Definitions`` from a target: the one loader of the CLI and the plugin.

A target is ``module:attr`` or ``path.py[:attr]``; ``attr`` defaults to ``defs`` and may name a
``Definitions`` or a function returning one. Modules are looked up in the given directories (the
working directory for the CLI; the invocation and root directories for pytest). Every problem is a
:class:`TargetError` naming the target and what to change.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partwise.errors import PartwiseError

__all__ = ["LoadedTarget", "TargetError", "error_summary", "load_target", "split_target"]


class TargetError(PartwiseError, ValueError):
    """A target that does not name loadable definitions."""


@dataclass(frozen=True)
class LoadedTarget:
    """The definitions and an importable ``module:attr`` for them (``None`` when ``attr`` is a
    function: worker processes cannot import its result)."""

    definitions: Any
    ref: str | None


def load_target(target: str, search: Sequence[Path] = ()) -> LoadedTarget:
    """The ``Definitions`` ``target`` names; modules are searched in ``search`` too."""
    from partwise._definitions.definitions import Definitions

    spec, attr = split_target(target)
    load = _import_file if spec.endswith(".py") else _import_module
    module = _run_user_code(f"import {spec}", lambda: load(spec, search))
    if not hasattr(module, attr):
        names = [n for n, v in vars(module).items() if isinstance(v, Definitions)]
        hint = f"Definitions found there: {', '.join(names)}" if names else "it has no Definitions"
        raise TargetError(f"{spec} has no attribute {attr!r}; {hint}")
    value = getattr(module, attr)
    ref: str | None = f"{module.__name__}:{attr}"
    if callable(value) and not type(value).__module__.startswith("partwise."):
        # a function building the definitions (an asset or a job is not one, though callable)
        value = _run_user_code(f"call {spec}:{attr}()", value)
        ref = None
    if not isinstance(value, Definitions):
        kind = type(value).__name__
        article = "an" if kind[:1].lower() in "aeiou" else "a"
        raise TargetError(
            f"{spec}:{attr} is {article} {kind}, not a Definitions (or a function returning one)"
        )
    return LoadedTarget(value, ref)


def split_target(target: str) -> tuple[str, str]:
    if not target or target.startswith(":"):
        raise TargetError(f"Malformed target {target!r}: expected module:attr or path.py[:attr]")
    drive = target[:2] if len(target) > 1 and target[1] == ":" and os.name == "nt" else ""
    spec, _, attr = target[len(drive) :].partition(":")
    return drive + spec, attr or "defs"


def _import_file(path: str, search: Sequence[Path]) -> Any:
    file = Path(path)
    if not file.is_absolute() and not file.is_file():
        file = next((d / file for d in search if (d / file).is_file()), file)
    if not file.is_file():
        where = "" if file.parent.is_dir() else f" (no directory {str(file.parent)!r} either)"
        raise TargetError(f"No such file: {path!r}{where}")
    # Like `python path.py`: its directory first on sys.path, so sibling modules import, and
    # importable by its stem, so worker processes of a backfill can import it again.
    sys.path.insert(0, str(file.parent.resolve()))
    name = file.stem if file.stem not in sys.modules else f"partwise_target_{file.stem}"
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise TargetError(f"Cannot import {path!r}: not a Python source file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader = spec.loader
    loader.exec_module(module)
    return module


def _import_module(name: str, search: Sequence[Path]) -> Any:
    if not all(part.isidentifier() for part in name.split(".")):
        raise TargetError(f"Malformed target {name!r}: expected module:attr or path.py[:attr]")
    dirs = [str(d) for d in dict.fromkeys([Path.cwd(), *search])]
    sys.path[:0] = [d for d in dirs if d not in sys.path]
    return _import_or_explain(name, dirs)


def _import_or_explain(name: str, dirs: list[str]) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name and (name == e.name or name.startswith(e.name + ".")):
            raise TargetError(
                f"No module named {name!r} (looked in {', '.join(dirs)} and sys.path); "
                "for a file, pass its path ending in .py"
            ) from None
        raise


def _run_user_code(what: str, fn: Callable[[], Any]) -> Any:
    """Run user code (an import, a function building definitions); an error in it becomes one
    line naming where it happened."""
    try:
        return fn()
    except TargetError:
        raise
    except SyntaxError as e:
        where = f"{e.filename}:{e.lineno}"
        raise TargetError(f"Cannot {what}: SyntaxError: {e.msg} ({where})") from None
    except SystemExit as e:
        raise TargetError(f"Cannot {what}: it called sys.exit({e.code!r})") from None
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # GeneratorExit or a bare BaseException too: still its code's
        raise TargetError(f"Cannot {what}: {error_summary(e)}") from e


def error_summary(error: BaseException) -> str:
    """``Type: message (file:line)`` of an exception, the line being where it was raised."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "importlib" not in f.filename]
    place = f" ({frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    message = f"{type(error).__name__}: {' '.join(lines)}" if lines else type(error).__name__
    return f"{message}{place}"
