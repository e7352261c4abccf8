"""Loading definitions from modules, ``@repository`` and ``Definitions.merge``."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from partwise import (
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    Definitions,
    InvalidDefinitionError,
    InvariantViolationError,
    RepositoryDefinition,
    ScheduleDefinition,
    SourceAsset,
    asset,
    define_asset_job,
    graph,
    job,
    load_asset_checks_from_modules,
    load_asset_checks_from_package_module,
    load_assets_from_modules,
    load_assets_from_package_module,
    materialize_to_memory,
    op,
    repository,
)

FILES = {
    "__init__.py": """
        from partwise import asset

        @asset
        def root():
            return 1
    """,
    "sub/__init__.py": "",
    "sub/shop.py": """
        from partwise import AssetCheckResult, AssetSpec, SourceAsset, asset, asset_check
        from .. import root

        @asset
        def orders(root):
            return root + 1

        @asset(deps=["vendor_feed"])
        def revenue(orders):
            return orders * 10

        vendor_feed = SourceAsset("vendor_feed")
        catalog = AssetSpec("catalog")
        same_orders = orders

        @asset_check(asset=orders)
        def orders_positive(orders):
            return AssetCheckResult(passed=orders > 0)
    """,
    "grouped.py": """
        from partwise import asset

        @asset(group_name="finance")
        def ledger():
            return 0
    """,
    "selfload.py": """
        from partwise import asset, load_assets_from_current_module

        @asset
        def here():
            return "here"

        LOADED = load_assets_from_current_module(key_prefix="me")
    """,
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("loadpkg")
    for name, text in FILES.items():
        path = root / "shoppkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("shoppkg")
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.split(".")[0] == "shoppkg"]:
            del sys.modules[name]


def _shop(package: ModuleType) -> ModuleType:
    return importlib.import_module("shoppkg.sub.shop")


def _keys(items: list[Any]) -> list[str]:
    return [
        (i.key if isinstance(i, AssetsDefinition) else i.asset_key).to_user_string() for i in items
    ]


def test_module_assets_are_loaded_once_each_including_imported_ones(package: ModuleType) -> None:
    loaded = load_assets_from_modules([_shop(package)])
    assert _keys(loaded) == ["root", "orders", "revenue", "vendor_feed"]
    assert isinstance(loaded[-1], SourceAsset)


def test_specs_are_included_only_when_asked(package: ModuleType) -> None:
    loaded = load_assets_from_modules([_shop(package)], include_specs=True)
    assert "catalog" in _keys(loaded)
    assert any(type(i) is AssetSpec for i in loaded)


def test_a_key_prefix_renames_the_loaded_assets_and_their_links(package: ModuleType) -> None:
    loaded = load_assets_from_modules(
        [_shop(package)], key_prefix="shop", source_key_prefix="ext", group_name="retail"
    )
    assert _keys(loaded) == ["shop/root", "shop/orders", "shop/revenue", "ext/vendor_feed"]
    revenue = loaded[2]
    assert revenue.keys_by_input_name == {  # a dep keeps its input name, as in the reference
        "orders": AssetKey(["shop", "orders"]),
        "vendor_feed": AssetKey(["ext", "vendor_feed"]),
    }
    assert revenue.dependency_keys == {
        AssetKey(["shop", "orders"]),
        AssetKey(["ext", "vendor_feed"]),
    }
    assert {a.group_name for a in loaded[:3]} == {"retail"}
    assert loaded[3].group_name == "retail"
    result = materialize_to_memory(loaded[:3])
    assert result.asset_value(["shop", "revenue"]) == 20


def test_a_group_name_conflicting_with_an_asset_group_is_refused(package: ModuleType) -> None:
    grouped = importlib.import_module("shoppkg.grouped")
    with pytest.raises(InvalidDefinitionError, match="conflicts with the group name sales"):
        load_assets_from_modules([grouped], group_name="sales")
    (same,) = load_assets_from_modules([grouped], group_name="finance")
    assert same.group_name == "finance"


def test_a_package_is_loaded_with_all_its_submodules(package: ModuleType) -> None:
    loaded = load_assets_from_package_module(package)
    assert sorted(_keys(loaded)) == [
        "here",
        "ledger",
        "orders",
        "revenue",
        "root",
        "vendor_feed",
    ]


def test_the_current_module_loads_its_own_assets(package: ModuleType) -> None:
    selfload = importlib.import_module("shoppkg.selfload")
    assert _keys(selfload.LOADED) == ["me/here"]


def test_asset_checks_are_loaded_and_prefixed_like_their_assets(package: ModuleType) -> None:
    (check,) = load_asset_checks_from_modules([_shop(package)])
    assert check.asset_key == AssetKey("orders")
    (prefixed,) = load_asset_checks_from_modules([_shop(package)], asset_key_prefix="shop")
    assert prefixed.asset_key == AssetKey(["shop", "orders"])
    assert len(load_asset_checks_from_package_module(package)) == 1
    assets = load_assets_from_modules([_shop(package)], key_prefix="shop")
    result = materialize_to_memory([*assets[:3], prefixed])
    (evaluation,) = result.get_asset_check_evaluations()
    assert (evaluation.asset_key, evaluation.passed) == (AssetKey(["shop", "orders"]), True)


@op
def one() -> int:
    return 1


@job
def ones() -> None:
    one()


@graph
def one_graph() -> None:
    one()


@asset
def thing() -> int:
    return 2


hourly = ScheduleDefinition(job=ones, cron_schedule="0 * * * *")


def test_a_repository_returns_its_jobs_schedules_and_assets() -> None:
    @repository
    def shop() -> list[Any]:
        return [ones, one_graph, thing, hourly, define_asset_job("things", selection=[thing])]

    assert isinstance(shop, RepositoryDefinition)
    assert shop.name == "shop"
    assert sorted(shop.job_names) == ["__ASSET_JOB", "one_graph", "ones", "things"]
    assert shop.has_job("one_graph") and not shop.has_job("nope")
    assert shop.get_job("things").execute_in_process().asset_value("thing") == 2
    assert [s.name for s in shop.schedule_defs] == ["ones_schedule"]
    assert shop.get_schedule_def("ones_schedule") is hourly
    assert list(shop.assets_defs_by_key) == [AssetKey("thing")]
    assert len(shop.get_all_jobs()) == 4
    shop.validate_loadable()


def test_a_repository_names_the_jobs_it_has() -> None:
    @repository(name="named")
    def sections() -> dict[str, Any]:
        return {"jobs": {"ones": ones}, "schedules": {"hourly": hourly}}

    assert sections.name == "named"
    assert sections.job_names == ["ones"]
    with pytest.raises(InvariantViolationError, match=r"Could not find job 'nope'\. Found: 'ones'"):
        sections.get_job("nope")


def test_a_repository_refuses_what_it_cannot_hold() -> None:
    with pytest.raises(InvalidDefinitionError, match="@repository"):

        @repository
        def odd() -> list[Any]:
            return [42]


def test_definitions_merge_combines_and_refuses_clashing_resources() -> None:
    merged = Definitions.merge(
        Definitions(assets=[thing], resources={"x": 1}), Definitions(jobs=[ones])
    )
    assert merged.assets == [thing]
    assert merged.jobs == [ones]
    assert merged.resources == {"x": 1}
    with pytest.raises(InvariantViolationError, match="same key 'x'"):
        Definitions.merge(Definitions(resources={"x": 1}), Definitions(resources={"x": 2}))


def test_definitions_keep_an_executor_for_compatibility() -> None:
    marker = object()
    defs = Definitions(assets=[thing], executor=marker)
    assert defs.executor is marker
    assert defs.resolve_implicit_global_asset_job_def().execute_in_process().success


def test_a_repository_builds_lazy_jobs_once_on_first_use() -> None:
    built: list[str] = []

    def make(name: str) -> Any:
        built.append(name)
        return one_graph.to_job(name=name)

    @repository
    def lazy() -> dict[str, Any]:
        return {"jobs": {"foo": lambda: make("foo"), "bar": lambda: make("bar")}}

    assert built == []
    assert lazy.get_job("foo").name == "foo"
    lazy.get_job("foo")
    assert built == ["foo"]
    assert sorted(j.name for j in lazy.get_all_jobs()) == ["bar", "foo"]


def test_a_lazy_job_must_be_a_job_with_its_name() -> None:
    from partwise import CheckError

    @repository
    def wrong() -> dict[str, Any]:
        return {"jobs": {"foo": lambda: one_graph.to_job(name="bar"), "raw": lambda: one_graph}}

    with pytest.raises(CheckError, match="does not match: got 'bar'"):
        wrong.get_job("foo")
    with pytest.raises(CheckError, match="must return JobDefinition"):
        wrong.get_job("raw")


def test_a_repository_refuses_duplicate_jobs_and_unknown_targets() -> None:
    from partwise import schedule

    with pytest.raises(InvalidDefinitionError, match="Duplicate job definition found for job"):

        @repository
        def twice() -> list[Any]:
            return [one_graph.to_job(name="x"), one_graph.to_job(name="x")]

    @schedule(cron_schedule="0 * * * *", job_name="missing")
    def orphan(context: Any) -> dict[str, Any]:
        return {}

    with pytest.raises(InvalidDefinitionError, match='targets job "missing" which was not found'):

        @repository
        def orphaned() -> list[Any]:
            return [orphan]


def test_a_schedule_may_target_a_graph_directly() -> None:
    from partwise import schedule

    @schedule(cron_schedule="0 * * * *", job=one_graph)
    def hourly_graph(context: Any) -> dict[str, Any]:
        return {}

    @repository
    def graphs() -> list[Any]:
        return [hourly_graph]

    assert graphs.get_job("one_graph").execute_in_process().output_for_node("one") == 1
