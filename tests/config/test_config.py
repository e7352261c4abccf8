"""Pythonic ``Config`` classes, ``ConfigurableResource`` and ``RunConfig``."""

from __future__ import annotations

import enum

import pydantic
import pytest
from pydantic import PrivateAttr

from partwise._config.config import (
    Config,
    ConfigurableResource,
    PermissiveConfig,
    RunConfig,
    to_config_value,
)
from partwise.errors import InvalidInvocationError


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Inner(Config):
    a: int
    b: str = "x"


class MyCfg(Config):
    date: str
    n: int = 3


class Rich(Config):
    inner: Inner
    opt: int | None = None
    items: list[int] = pydantic.Field(default_factory=list)
    weights: dict[str, float] = pydantic.Field(default_factory=dict)
    color: Color = Color.RED


class Db(ConfigurableResource):
    url: str
    port: int = 5432
    _conn: str | None = PrivateAttr(default=None)


def test_defaults_fill_in() -> None:
    """A field with a default takes it when not given."""
    assert MyCfg(date="d").n == 3


def test_construction_validates() -> None:
    """Direct construction checks types with pydantic."""
    with pytest.raises(pydantic.ValidationError):
        MyCfg(date=5)  # type: ignore[arg-type]


def test_unknown_field_rejected() -> None:
    """Config classes forbid undeclared fields."""
    with pytest.raises(pydantic.ValidationError):
        MyCfg(date="d", extra=1)  # type: ignore[call-arg]


def test_assignment_raises_with_dagster_text() -> None:
    """Assigning an attribute raises InvalidInvocationError with Dagster's message."""
    cfg = MyCfg(date="d")
    with pytest.raises(InvalidInvocationError) as info:
        cfg.n = 4
    assert str(info.value) == (
        "'MyCfg' is a Pythonic config class and does not support item assignment, as it "
        "inherits from 'pydantic.BaseModel' with frozen=True."
    )


def test_assignment_error_is_a_type_error() -> None:
    """The frozen-assignment error is also a TypeError."""
    with pytest.raises(TypeError):
        MyCfg(date="d").date = "e"


def test_deleting_an_attribute_raises() -> None:
    """Deleting a field is refused like assignment."""
    cfg = MyCfg(date="d")
    with pytest.raises(InvalidInvocationError):
        del cfg.date


def test_nested_optional_list_dict_enum_fields() -> None:
    """Nested configs, optionals, lists, dicts and enums validate and coerce."""
    cfg = Rich(inner={"a": 1}, items=[1, 2], weights={"w": 1}, color="blue")  # type: ignore[arg-type]
    assert cfg.inner == Inner(a=1)
    assert (cfg.opt, cfg.items, cfg.weights, cfg.color) == (None, [1, 2], {"w": 1.0}, Color.BLUE)


def test_resource_assignment_message() -> None:
    """Resources refuse assignment with the resource wording."""
    with pytest.raises(InvalidInvocationError, match="'Db' is a Pythonic resource and does not"):
        Db(url="u").url = "v"


def test_resource_private_attributes_are_assignable() -> None:
    """Private attributes stay writable, for state set up during execution."""
    db = Db(url="u")
    db._conn = "open"
    assert db._conn == "open"


def test_resource_hooks_are_noops() -> None:
    """setup_for_execution and teardown_after_execution do nothing by default."""
    db = Db(url="u")
    db.setup_for_execution(None)
    db.teardown_after_execution(None)
    assert db == Db(url="u")


def test_resource_is_a_config() -> None:
    """A ConfigurableResource is a Config (so it has a config schema)."""
    assert issubclass(Db, Config)


def test_permissive_config_keeps_extras() -> None:
    """PermissiveConfig accepts undeclared entries and keeps them."""

    class Loose(PermissiveConfig):
        a: int = 1

    assert to_config_value(Loose(b=2)) == {"a": 1, "b": 2}  # type: ignore[call-arg]


def test_to_config_value_uses_enum_names_and_dicts() -> None:
    """Models become dicts and enum members their names, as run config spells them."""
    value = to_config_value(Rich(inner=Inner(a=1), color=Color.BLUE))
    assert value == {
        "inner": {"a": 1, "b": "x"},
        "opt": None,
        "items": [],
        "weights": {},
        "color": "BLUE",
    }


def test_empty_run_config_dict() -> None:
    """An empty RunConfig gives the four empty sections."""
    assert RunConfig().to_config_dict() == {
        "loggers": {},
        "resources": {},
        "ops": {},
        "execution": {},
    }


def test_run_config_wraps_config_objects() -> None:
    """Config objects under ops/resources become {"config": {...}} entries."""
    run_config = RunConfig(ops={"do": MyCfg(date="d")}, resources={"db": Db(url="u")})
    assert run_config.to_config_dict() == {
        "loggers": {},
        "resources": {"db": {"config": {"url": "u", "port": 5432}}},
        "ops": {"do": {"config": {"date": "d", "n": 3}}},
        "execution": {},
    }


def test_run_config_passes_dicts_through() -> None:
    """Plain dict entries and the execution/loggers sections are kept as given."""
    run_config = RunConfig(
        ops={"do": {"config": {"date": "d"}}}, execution={"config": {"in_process": {}}}
    )
    result = run_config.to_config_dict()
    assert result["ops"] == {"do": {"config": {"date": "d"}}}
    assert result["execution"] == {"config": {"in_process": {}}}
