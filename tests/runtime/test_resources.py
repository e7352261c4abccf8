"""Resources and executors: ``EnvVar``, sources, ``@resource``, built-in I/O managers, executors, logger."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest

from partwise import (
    BoolSource,
    ConfigurableResource,
    DagsterInvalidConfigError,
    EnvVar,
    InitResourceContext,
    IntSource,
    ResourceDefinition,
    StringSource,
    asset,
    build_init_resource_context,
    fs_io_manager,
    get_dagster_logger,
    in_process_executor,
    io_manager,
    job,
    materialize,
    mem_io_manager,
    multiprocess_executor,
    op,
    resource,
)
from partwise._io.memory import InMemoryIOManager


class Client(ConfigurableResource):
    token: str
    retries: int = 1

    def connect(self) -> str:
        self._client = f"client-{self.token}"  # private state, as pydantic private attributes
        return self._client


@asset
def uses_client(client: Client) -> tuple[str, int]:
    return client.connect(), client.retries


def test_env_vars_are_read_when_the_run_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """``EnvVar`` fields hold the name until a run reads the environment."""
    client = Client(token=EnvVar("PW_TOKEN"), retries=EnvVar.int("PW_RETRIES"))
    monkeypatch.setenv("PW_TOKEN", "secret")
    monkeypatch.setenv("PW_RETRIES", "3")
    result = materialize([uses_client], resources={"client": client})
    assert result.output_for_node("uses_client") == ("client-secret", 3)
    assert EnvVar("PW_TOKEN") == "PW_TOKEN" and EnvVar("PW_TOKEN").get_value() == "secret"
    assert EnvVar("PW_TOKEN").env_var_name == "PW_TOKEN"


def test_missing_env_var_fails_the_run_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unset variable is a config error naming the variable and the resource field."""
    monkeypatch.delenv("PW_MISSING", raising=False)
    with pytest.raises(DagsterInvalidConfigError, match='"PW_MISSING" which is not set') as info:
        materialize([uses_client], resources={"client": Client(token=EnvVar("PW_MISSING"))})
    assert "root:resources:client:config:token" in str(info.value)


def test_resources_keep_private_state() -> None:
    """Underscore attributes set by resource methods work; fields stay frozen."""
    client = Client(token="t")
    assert client.connect() == "client-t" and client._client == "client-t"
    with pytest.raises(TypeError, match="does not support item assignment"):
        client.token = "u"


@resource(config_schema={"k": StringSource, "i": IntSource, "b": BoolSource})
def settings(init_context: InitResourceContext) -> dict[str, Any]:
    return dict(init_context.resource_config)


@op(required_resource_keys={"settings"})
def read_settings(context: Any) -> Any:
    return context.resources.settings


@job(resource_defs={"settings": settings})
def settings_job() -> None:
    read_settings()


def test_sources_read_values_or_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """``{"env": NAME}`` entries of source-typed config are read and converted."""
    monkeypatch.setenv("PW_K", "secret")
    monkeypatch.setenv("PW_B", "true")
    config = {"k": {"env": "PW_K"}, "i": 3, "b": {"env": "PW_B"}}
    result = settings_job.execute_in_process(
        run_config={"resources": {"settings": {"config": config}}}
    )
    assert result.output_for_node("read_settings") == {"k": "secret", "i": 3, "b": True}
    monkeypatch.delenv("PW_K")
    with pytest.raises(DagsterInvalidConfigError, match="PW_K") as info:
        settings_job.execute_in_process(run_config={"resources": {"settings": {"config": config}}})
    assert "root:resources:settings:config:k" in str(info.value)


def test_resource_definitions_build_per_run() -> None:
    """``configured``, hard-coded and yield-style resources; direct calls with an init context."""

    @resource
    def yielded(_: InitResourceContext) -> Any:
        yield "value"

    @op(required_resource_keys={"a", "b", "c"})
    def read(context: Any) -> Any:
        r = context.resources
        return r.a, r.b, r.c

    @job(
        resource_defs={
            "a": settings.configured({"k": "x", "i": 1, "b": False}),
            "b": ResourceDefinition.hardcoded_resource(5),
            "c": yielded,
        }
    )
    def j() -> None:
        read()

    assert j.execute_in_process().output_for_node("read") == (
        {"k": "x", "i": 1, "b": False},
        5,
        "value",
    )
    context = build_init_resource_context(config={"k": "y"}, resources={"dep": 1})
    assert settings(context) == {"k": "y"} and context.resources.dep == 1


def test_fs_io_manager_is_configurable(tmp_path: Path) -> None:
    """``fs_io_manager.configured({"base_dir": …})`` writes below that directory."""

    @asset
    def stored() -> int:
        return 1

    manager = fs_io_manager.configured({"base_dir": str(tmp_path)})
    materialize([stored], resources={"io_manager": manager})
    assert os.path.exists(tmp_path / "stored")


def test_mem_io_manager_and_io_manager_version() -> None:
    """``mem_io_manager`` keeps values in memory; ``@io_manager(version=)`` is recorded."""

    @asset
    def kept() -> int:
        return 2

    result = materialize([kept], resources={"io_manager": mem_io_manager})
    assert result.output_for_node("kept") == 2

    @io_manager(version="2")
    def versioned(_: Any) -> InMemoryIOManager:
        return InMemoryIOManager()

    assert versioned.version == "2"


def test_executors_are_accepted_and_run_in_process() -> None:
    """Both executors exist, are configurable, and say plainly that steps run in process."""
    configured = multiprocess_executor.configured({"max_concurrent": 4})
    assert configured.config == {"max_concurrent": 4}
    assert configured.runs_in_process and in_process_executor.runs_in_process

    pids: list[int] = []

    @op
    def where() -> None:
        pids.append(os.getpid())

    @job(executor_def=multiprocess_executor)
    def j() -> None:
        where()

    assert j.execute_in_process().success and pids == [os.getpid()]


def test_get_dagster_logger_logs_under_partwise(caplog: pytest.LogCaptureFixture) -> None:
    """User code's logger is a child of the ``partwise`` logger."""
    logger = get_dagster_logger("mine")
    with caplog.at_level(logging.INFO, logger="partwise"):
        logger.info("hello")
    assert logger.name == "partwise.user.mine"
    assert [r.getMessage() for r in caplog.records] == ["hello"]


def test_built_contexts_initialise_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    """``build_op_context``/``build_asset_context`` build definitions and read ``EnvVar``s."""
    from partwise import build_asset_context, build_op_context

    @resource(config_schema={"x": int})
    def doubled(init_context: InitResourceContext) -> int:
        return int(init_context.resource_config["x"]) * 2

    context = build_op_context(
        resources={"d": doubled}, resources_config={"d": {"config": {"x": 4}}}
    )
    assert context.resources.d == 8
    assert build_asset_context(resources={"d": doubled.configured({"x": 1})}).resources.d == 2
    monkeypatch.setenv("PW_CTX_TOKEN", "tok")
    built = build_op_context(resources={"c": Client(token=EnvVar("PW_CTX_TOKEN"))})
    assert built.resources.c.token == "tok"
