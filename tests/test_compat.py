"""Strict about the rest: reference arguments partwise ignores are listed; anything else is refused.

Also: a name partwise does not provide fails at the import line, naming the name and the docs.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Callable
from operator import attrgetter
from typing import Any

import pytest

import partwise
from partwise import (
    AssetCheckResult,
    AssetKey,
    AssetOut,
    AssetsDefinition,
    DailyPartitionsDefinition,
    Definitions,
    asset,
    asset_check,
    build_asset_context,
    build_op_context,
    define_asset_job,
    graph,
    graph_asset,
    graph_multi_asset,
    job,
    multi_asset,
    op,
    repository,
)
from partwise._compat import IGNORED, UNSUPPORTED
from partwise.errors import (
    InvalidInvocationError,
    PartwiseError,
    UnknownImportError,
    UnknownNameError,
)


def _noop() -> None:
    return None


@op
def _an_op() -> None:
    return None


def _compose() -> None:
    _an_op()


def _one_output() -> Any:
    return _an_op()


def _outputs() -> dict[str, Any]:
    return {"x": _an_op()}


def _passes() -> AssetCheckResult:
    return AssetCheckResult(passed=True)


def _nothing() -> list[Any]:
    return []


# entry point name -> how to call it with extra keywords
CALLS: dict[str, Callable[..., Any]] = {
    "asset": lambda **kw: asset(**kw)(_noop),
    "asset_check": lambda **kw: asset_check(asset="a", **kw)(_passes),
    "AssetsDefinition.from_graph": lambda **kw: AssetsDefinition.from_graph(graph(_compose), **kw),
    "AssetsDefinition.from_op": lambda **kw: AssetsDefinition.from_op(_an_op, **kw),
    "graph_asset": lambda **kw: graph_asset(**kw)(_one_output),
    "graph_multi_asset": lambda **kw: graph_multi_asset(outs={"x": AssetOut()}, **kw)(_outputs),
    "multi_asset": lambda **kw: multi_asset(outs={"x": AssetOut()}, **kw)(_noop),
    "GraphDefinition.to_job": lambda **kw: graph(_compose).to_job(**kw),
    "repository": lambda **kw: repository(**kw)(_nothing),
    "op": lambda **kw: op(**kw)(_noop),
    "job": lambda **kw: job(**kw)(_compose),
    "define_asset_job": lambda **kw: define_asset_job("j", **kw),
    "Definitions": lambda **kw: Definitions(**kw),
    "build_op_context": lambda **kw: build_op_context(**kw),
    "build_asset_context": lambda **kw: build_asset_context(**kw),
}
ENTRIES = {name: attrgetter(name)(partwise) for name in CALLS}


def _takes_any_keyword(entry: Callable[..., Any]) -> bool:
    kinds = {p.kind for p in inspect.signature(entry).parameters.values()}
    return inspect.Parameter.VAR_KEYWORD in kinds


def test_every_public_catch_all_is_in_the_tables() -> None:
    """A public function or class taking ``**kwargs`` must have an allow-list entry."""
    catch_alls = set()
    for name in partwise.__all__:
        value = getattr(partwise, name)
        fn = value.__init__ if inspect.isclass(value) else value
        if not callable(fn) or not str(getattr(fn, "__module__", "")).startswith("partwise"):
            continue
        kinds = {p.kind for p in inspect.signature(fn).parameters.values()}
        if inspect.Parameter.VAR_KEYWORD in kinds:
            catch_alls.add(name)
    assert catch_alls == {name for name in IGNORED if _takes_any_keyword(ENTRIES[name])}
    assert set(IGNORED) == set(CALLS)
    assert set(UNSUPPORTED) <= set(IGNORED)


@pytest.mark.parametrize("name", sorted(IGNORED))
def test_tables_agree_with_the_signatures(name: str) -> None:
    """Behind ``**ignored`` a listed name that became a real parameter would be documented as
    ignored by mistake; an entry without it lists only names its signature spells out."""
    params = set(inspect.signature(ENTRIES[name]).parameters)
    listed = IGNORED[name] | UNSUPPORTED.get(name, frozenset())
    assert not IGNORED[name] & UNSUPPORTED.get(name, frozenset())
    if _takes_any_keyword(ENTRIES[name]):
        assert not listed & params
    else:
        assert listed <= params


@pytest.mark.parametrize(
    ("name", "keyword"), [(n, k) for n in sorted(IGNORED) for k in sorted(IGNORED[n])]
)
def test_ignored_reference_arguments_are_accepted(name: str, keyword: str) -> None:
    assert CALLS[name](**{keyword: None}) is not None


@pytest.mark.parametrize(
    ("name", "keyword"), [(n, k) for n in sorted(UNSUPPORTED) for k in sorted(UNSUPPORTED[n])]
)
def test_unsupported_reference_arguments_are_refused(name: str, keyword: str) -> None:
    with pytest.raises(InvalidInvocationError) as info:
        CALLS[name](**{keyword: {"given": True}})
    assert str(info.value) == (
        f"{name}() argument {keyword!r} is the reference's, but partwise does not support it "
        "(see docs/compatibility.md)"
    )


def test_an_unsupported_argument_left_at_none_is_not_given() -> None:
    assert multi_asset(outs={"x": AssetOut()}, hooks=None, resource_defs=None)(_noop) is not None


def test_a_typo_in_asset_is_refused_with_the_nearest_name() -> None:
    daily = DailyPartitionsDefinition(start_date="2024-01-01")
    with pytest.raises(TypeError) as info:
        asset(partition_def=daily)
    assert isinstance(info.value, PartwiseError)
    assert str(info.value) == (
        "asset() got an unexpected keyword argument 'partition_def'; did you mean 'partitions_def'?"
    )


@pytest.mark.parametrize(
    ("name", "typo", "nearest"),
    [
        ("op", "config_shema", "config_schema"),
        ("job", "resources_defs", "resource_defs"),
        ("define_asset_job", "partition_def", "partitions_def"),
        ("Definitions", "asset", "assets"),
        ("build_op_context", "partition_keys", "partition_key"),
        ("build_asset_context", "asset_partition_def", "asset_partitions_def"),
    ],
)
def test_typos_are_refused_everywhere(name: str, typo: str, nearest: str) -> None:
    with pytest.raises(InvalidInvocationError, match=f"did you mean '{nearest}'"):
        CALLS[name](**{typo: None})


def test_an_unrelated_name_gets_no_guess() -> None:
    with pytest.raises(InvalidInvocationError) as info:
        asset(zzz=1)
    assert str(info.value) == (
        "asset() got an unexpected keyword argument 'zzz' (see docs/compatibility.md)"
    )


def test_non_argument_deps_are_deps() -> None:
    """The reference's older spelling of ``deps`` still declares the dependency."""

    @asset(non_argument_deps={"upstream"})
    def downstream() -> None:
        return None

    assert [d.asset_key for d in downstream.deps] == [AssetKey("upstream")]


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    return out.stderr.strip().splitlines()[-1]


def test_importing_a_missing_name_names_it_and_the_docs() -> None:
    """What a user sees: the last line of the traceback."""
    assert _run("from partwise import AutomationCondition") == (
        "partwise.errors.UnknownImportError: cannot import name 'AutomationCondition' from "
        "'partwise': partwise does not provide it (what it covers: docs/compatibility.md)"
    )
    assert _run("from partwise import asset, Defintions") == (
        "partwise.errors.UnknownImportError: cannot import name 'Defintions' from 'partwise': "
        "partwise does not provide it; did you mean 'Definitions'? "
        "(what it covers: docs/compatibility.md)"
    )


def test_a_missing_name_is_an_import_error_on_import_and_an_attribute_error_otherwise() -> None:
    with pytest.raises(UnknownImportError, match=r"'Defintions'.*did you mean 'Definitions'"):
        from partwise import Defintions  # type: ignore[attr-defined]  # noqa: F401
    with pytest.raises(UnknownNameError, match=r"has no attribute 'Defintions'.*compatibility\.md"):
        partwise.Defintions  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(partwise, "Defintions")
    assert getattr(partwise, "__wrapped__", None) is None


def test_job_run_tags_replace_the_definition_tags_on_runs() -> None:
    """As the reference: ``run_tags`` tag the runs; without them, ``tags`` do."""
    both = job(tags={"team": "a"}, run_tags={"kind": "nightly"})(_compose)
    plain = job(tags={"team": "a"})(_compose)
    assert both.execute_in_process().dagster_run.tags == {"kind": "nightly"}
    assert plain.execute_in_process().dagster_run.tags == {"team": "a"}
    assert both.tags == {"team": "a"}


PUBLIC_FUNCTIONS = sorted(
    name
    for name in partwise.__all__
    if inspect.isfunction(getattr(partwise, name))
    and getattr(partwise, name).__module__.startswith("partwise")
)


REQUIRED = {"define_asset_job": ("a_job",)}  # a missing positional would fail first


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_every_public_function_refuses_an_unknown_keyword(name: str) -> None:
    """Never Python's bare ``TypeError``: a partwise error naming the function and the keyword."""
    with pytest.raises(InvalidInvocationError) as info:
        getattr(partwise, name)(*REQUIRED.get(name, ()), zzz_not_a_parameter=1)
    assert str(info.value).startswith(
        f"{name}() got an unexpected keyword argument 'zzz_not_a_parameter'"
    )


def test_a_typo_in_a_schedule_decorator_gets_the_nearest_name() -> None:
    with pytest.raises(InvalidInvocationError) as info:
        partwise.schedule(cron="0 0 * * *", job_name="j")
    assert str(info.value) == (
        "schedule() got an unexpected keyword argument 'cron'; did you mean 'cron_schedule'?"
    )
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_strict_functions_keep_their_signature_and_behaviour() -> None:
    """The wrapper is invisible: same signature, same result, same errors from inside."""
    assert "cron_schedule" in inspect.signature(partwise.schedule).parameters
    with partwise.partition_loading_context(dynamic_partitions_store=None) as ctx:
        assert ctx is None or ctx is not None  # entering works with real keywords
    with pytest.raises(TypeError, match="missing"):  # not ours: no unknown keyword involved
        partwise.tick(instance=None)  # type: ignore[call-arg]
