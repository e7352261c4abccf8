"""Instance helpers for tests: ``instance_for_test``, ``ephemeral(tempdir=)``, ``from_config``, runless events."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from partwise import (
    AssetKey,
    AssetMaterialization,
    AssetRecordsFilter,
    DagsterInstance,
    InvalidConfigError,
    InvariantViolationError,
    instance_for_test,
)


def _touch(instance: DagsterInstance) -> None:
    """Store something, so the (lazily created) database file exists."""
    instance.add_dynamic_partitions("d", ["k"])


def test_instance_for_test_is_persistent_and_removed_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """A SQLite instance in a temporary directory that is DAGSTER_HOME while it is open."""
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with instance_for_test() as instance:
        root = instance.root_directory
        assert not instance.is_ephemeral
        assert os.environ["DAGSTER_HOME"] == root
        _touch(instance)
        assert os.path.exists(os.path.join(root, "partwise.db"))
    assert not os.path.exists(root)
    assert "DAGSTER_HOME" not in os.environ


def test_instance_for_test_keeps_a_given_temp_dir(tmp_path: Path) -> None:
    """With ``temp_dir=`` the instance lives there and the directory stays."""
    with instance_for_test(temp_dir=str(tmp_path), set_dagster_home=False) as instance:
        assert instance.root_directory == str(tmp_path)
    assert tmp_path.exists()


def test_instance_for_test_overrides_place_storage(tmp_path: Path) -> None:
    """``overrides`` is instance config: a sqlite base_dir moves the database."""
    store = tmp_path / "db"
    with instance_for_test(overrides={"storage": {"sqlite": {"base_dir": str(store)}}}) as i:
        _touch(i)
        assert (store / "partwise.db").exists()


def test_ephemeral_with_tempdir_uses_it(tmp_path: Path) -> None:
    """``ephemeral(tempdir=)`` keeps runs in memory and files in ``tempdir``."""
    instance = DagsterInstance.ephemeral(tempdir=str(tmp_path))
    assert instance.is_ephemeral
    assert instance.root_directory == str(tmp_path)


def test_from_config_honours_storage_locations(tmp_path: Path) -> None:
    """``storage: sqlite: base_dir`` and ``local_artifact_storage`` are both honoured."""
    (tmp_path / "dagster.yaml").write_text(
        "storage:\n  sqlite:\n    base_dir: {db}\n"
        "local_artifact_storage:\n  module: dagster.core.storage.root\n"
        "  class: LocalArtifactStorage\n  config:\n    base_dir: {art}\n"
        "telemetry:\n  enabled: false\n".format(db=tmp_path / "db", art=tmp_path / "art")
    )
    with DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.root_directory == str(tmp_path)
        _touch(instance)
        assert (tmp_path / "db" / "partwise.db").exists()
        assert instance.storage_directory() == str(tmp_path / "art" / "storage")


def test_from_config_reads_env_base_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``{env: NAME}`` base_dir reads the variable, and names it when it is missing."""
    (tmp_path / "dagster.yaml").write_text("storage:\n  sqlite:\n    base_dir: {env: PW_DB}\n")
    monkeypatch.setenv("PW_DB", str(tmp_path / "fromenv"))
    with DagsterInstance.from_config(str(tmp_path)) as instance:
        _touch(instance)
        assert (tmp_path / "fromenv" / "partwise.db").exists()
    monkeypatch.delenv("PW_DB")
    with pytest.raises(InvalidConfigError, match="PW_DB"):
        DagsterInstance.from_config(str(tmp_path))


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("storage:\n  postgres:\n    postgres_url: x\n", "must be 'sqlite'"),
        (
            "run_storage:\n  module: m\n  class: PostgresRunStorage\n  config:\n    x: 1\n",
            "PostgresRunStorage",
        ),
        ("mystery:\n  a: 1\n", "mystery"),
    ],
)
def test_from_config_refuses_what_does_not_map(
    tmp_path: Path, yaml_text: str, message: str
) -> None:
    """Non-SQLite storages and unknown sections are refused by name."""
    (tmp_path / "dagster.yaml").write_text(yaml_text)
    with pytest.raises(InvalidConfigError, match=message):
        DagsterInstance.from_config(str(tmp_path))


def test_get_honours_dagster_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PARTWISE_HOME, ``get()`` opens the instance at DAGSTER_HOME."""
    monkeypatch.delenv("PARTWISE_HOME", raising=False)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with DagsterInstance.get() as instance:
        assert instance.root_directory == str(tmp_path)


def test_runless_materialization_is_recorded_for_its_partition() -> None:
    """A reported materialization counts for its partition, with typed metadata and no run."""
    with instance_for_test() as instance:
        instance.report_runless_asset_event(
            AssetMaterialization("x", partition="2024-01-01", metadata={"a": 1})
        )
        assert instance.get_materialized_partitions(AssetKey("x")) == {"2024-01-01"}
        event = instance.get_latest_materialization_event(AssetKey("x"))
        assert event is not None
        assert event.run_id == ""
        assert event.asset_materialization is not None
        assert event.asset_materialization.metadata["a"].value == 1


def test_runless_event_must_be_a_materialization() -> None:
    """Anything else is refused."""
    with instance_for_test() as instance, pytest.raises(InvariantViolationError, match="'x'"):
        instance.report_runless_asset_event("x")


def test_fetch_materializations_pages_with_a_cursor() -> None:
    """Newest first by default; ``cursor`` continues; partitions and timestamps filter."""
    with instance_for_test() as instance:
        for key in ("a", "b", "c"):
            instance.report_runless_asset_event(AssetMaterialization("x", partition=key))
        first = instance.fetch_materializations(AssetKey("x"), limit=2)
        assert [r.partition_key for r in first.records] == ["c", "b"] and first.has_more
        rest = instance.fetch_materializations(AssetKey("x"), limit=2, cursor=first.cursor)
        assert [r.partition_key for r in rest.records] == ["a"] and not rest.has_more
        oldest = instance.fetch_materializations(AssetKey("x"), limit=1, ascending=True)
        assert [r.partition_key for r in oldest.records] == ["a"]
        only_b = AssetRecordsFilter(asset_key=AssetKey("x"), asset_partitions=["b"])
        assert [r.partition_key for r in instance.fetch_materializations(only_b, 5).records] == [
            "b"
        ]
        after = first.records[0].timestamp
        later = AssetRecordsFilter(asset_key=AssetKey("x"), after_timestamp=after)
        assert instance.fetch_materializations(later, limit=5).records == []
        assert instance.fetch_observations(AssetKey("x"), limit=5).records == []
