"""Which of the reference's keyword arguments partwise takes without using, and the check for the rest.

An entry point whose reference signature has arguments partwise has no use for either collects
them in ``**ignored`` or names them in its own signature, and calls :func:`check_keywords` first
thing with what it got. Names in its ``IGNORED`` entry pass (they describe the asset or job to a UI
or a scheduler partwise does not have); names in ``UNSUPPORTED`` are reference arguments that
would change what a run does, so ignoring a value given for one would make a test pass for the
wrong reason; anything else is a typo. Both refusals are an
:class:`~partwise.errors.InvalidInvocationError`, a ``TypeError``, raised where the decorator is
applied. Every other public function refuses unknown keywords through :func:`strict_keywords`.
``docs/compatibility.md`` shows these tables; a test keeps it in step.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import opcode
from collections.abc import Callable, Iterable, Mapping
from types import FrameType
from typing import Any, ParamSpec, TypeVar

from partwise._tracebackhide import hide_engine_frames
from partwise.errors import InvalidInvocationError, UnknownImportError, UnknownNameError

__all__ = [
    "DOCS",
    "IGNORED",
    "UNSUPPORTED",
    "check_keywords",
    "closest",
    "strict_keywords",
    "unknown_name",
]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these

P = ParamSpec("P")
R = TypeVar("R")

DOCS = "docs/compatibility.md"

# entry point -> reference arguments accepted and ignored (entries and names sorted)
IGNORED: dict[str, frozenset[str]] = {
    "asset": frozenset(
        {
            "auto_materialize_policy",
            "automation_condition",
            "compute_kind",
            "freshness_policy",
            "kinds",
            "legacy_freshness_policy",
            "owners",
            "pool",
            "tags",
        }
    ),
    "asset_check": frozenset({"automation_condition", "compute_kind", "pool"}),
    "AssetsDefinition.from_graph": frozenset(
        {
            "auto_materialize_policies_by_output_name",
            "automation_conditions_by_output_name",
            "owners_by_output_name",
            "tags_by_output_name",
        }
    ),
    "AssetsDefinition.from_op": frozenset(
        {
            "auto_materialize_policies_by_output_name",
            "automation_conditions_by_output_name",
            "tags_by_output_name",
        }
    ),
    "build_asset_context": frozenset({"event_loop"}),
    "build_op_context": frozenset({"event_loop", "mapping_key"}),
    "define_asset_job": frozenset({"automation_condition", "executor_def", "owners"}),
    "Definitions": frozenset({"component_tree"}),
    "graph_asset": frozenset({"automation_condition", "kinds", "owners", "tags"}),
    "graph_multi_asset": frozenset(),
    "GraphDefinition.to_job": frozenset(
        {"automation_condition", "executor_def", "logger_defs", "owners"}
    ),
    "job": frozenset({"executor_def", "logger_defs", "owners"}),
    "multi_asset": frozenset({"compute_kind", "pool"}),
    "op": frozenset({"code_version", "pool", "version"}),
    "repository": frozenset({"default_executor_def", "default_logger_defs"}),
}

# entry point -> reference arguments partwise refuses, because ignoring them would change results
UNSUPPORTED: dict[str, frozenset[str]] = {
    "asset": frozenset(
        {
            "hooks",
            "io_manager_def",
            "is_virtual",
        }
    ),
    "asset_check": frozenset({"resource_defs"}),
    "AssetsDefinition.from_graph": frozenset({"hook_defs"}),
    "AssetsDefinition.from_op": frozenset({"hook_defs"}),
    "define_asset_job": frozenset({"hooks"}),
    "graph_asset": frozenset({"hooks", "resource_defs"}),
    "graph_multi_asset": frozenset({"config", "hooks", "resource_defs"}),
    "GraphDefinition.to_job": frozenset({"hooks"}),
    "job": frozenset({"hooks", "input_values"}),
    "multi_asset": frozenset({"hooks", "resource_defs"}),
}


def check_keywords(entry: Callable[..., Any], given: Mapping[str, object]) -> None:
    """Refuse every keyword in ``given`` that is not in ``entry``'s allow-list.

    ``given`` is what ``entry``'s ``**ignored`` collected, or the values of the ``UNSUPPORTED``
    arguments its signature names (``None`` there means not given). ``entry`` is the public
    function, class or method itself, so the message names it and suggests the closest of its real
    parameters.
    """
    if not given:
        return
    name = entry.__qualname__
    accepted = IGNORED.get(name, frozenset())
    for key, value in given.items():
        if key in accepted:
            continue
        if key in UNSUPPORTED.get(name, ()):
            if value is None:
                continue
            raise InvalidInvocationError(
                f"{name}() argument {key!r} is the reference's, but partwise does not support it "
                f"(see {DOCS})"
            )
        raise _unexpected(name, key, _parameters(entry) | accepted)


def strict_keywords(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` with an unknown keyword refused like :func:`check_keywords` refuses it.

    For public functions whose signature lists every keyword they take: Python's own refusal is a
    bare ``TypeError`` without a hint. The check runs only once a call has failed, so a good call
    costs one frame.
    """

    @functools.wraps(fn)
    def strict(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except TypeError:
            known = _parameters(fn)
            unknown = [key for key in kwargs if key not in known]
            if unknown:
                raise _unexpected(fn.__name__, unknown[0], known) from None
            raise

    return strict


def _unexpected(name: str, key: str, known: Iterable[str]) -> InvalidInvocationError:
    close = closest(key, known)
    hint = f"; did you mean {close!r}?" if close else f" (see {DOCS})"
    return InvalidInvocationError(f"{name}() got an unexpected keyword argument {key!r}{hint}")


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` most likely misspells or shortens, if any is close enough."""
    names = sorted(candidates)
    close = difflib.get_close_matches(word, names, n=1)
    if close:
        return close[0]
    lower = word.lower()
    containing = [n for n in names if len(lower) >= 3 and lower in n.lower()]
    return min(containing, key=len) if containing else None


def _parameters(entry: Callable[..., Any]) -> set[str]:
    """The names ``entry`` takes by keyword (its ``__init__``'s, for a class)."""
    params = inspect.signature(entry).parameters.values()
    by_name = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return {p.name for p in params if p.kind in by_name and p.name != "self"}


_IMPORT_FROM = opcode.opmap["IMPORT_FROM"]


def unknown_name(
    module: str, name: str, names: Iterable[str], caller: FrameType | None
) -> UnknownNameError | UnknownImportError:
    """The error for ``module.name`` when ``module`` (partwise, or its alias) has no such name.

    A module ``__getattr__`` raising ``AttributeError`` under ``from module import name`` becomes
    Python's own "cannot import name" message, which cannot point anywhere. So when ``caller`` (the
    frame that asked) is executing that import statement, this is an ``ImportError`` carrying the
    hint; for ``module.name``, ``getattr`` and ``hasattr`` it stays an ``AttributeError``.
    """
    if name.startswith("__"):  # protocol probes (``__wrapped__``…) get the plain words
        return UnknownNameError(f"module {module!r} has no attribute {name!r}")
    close = closest(name, names)
    hint = f"; did you mean {close!r}?" if close else ""
    who = "partwise" if module == "partwise" else f"partwise (standing in for {module})"
    where = f"{who} does not provide it{hint} (what it covers: {DOCS})"
    if caller is not None and caller.f_code.co_code[caller.f_lasti] == _IMPORT_FROM:
        return UnknownImportError(
            f"cannot import name {name!r} from {module!r}: {where}", name=module
        )
    return UnknownNameError(f"module {module!r} has no attribute {name!r}: {where}")
