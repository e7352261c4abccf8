"""Run-config schemas: validation messages, defaults and resolved shape."""

from __future__ import annotations

import enum
from typing import Any, Literal

import pydantic
import pytest

from partwise._config.config import Config, ConfigurableResource, PermissiveConfig, RunConfig
from partwise._config.schema import (
    Field,
    RunConfigSchema,
    compile_run_config_schema,
    config_for_node,
    resolve_run_config,
)
from partwise.errors import CheckError, InvalidConfigError, InvalidDefinitionError


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Inner(Config):
    a: int
    b: str = "x"


class DoCfg(Config):
    date: str
    end: str
    n: int = 3
    inner: Inner = Inner(a=4)
    opt: int | None = None
    items: list[int] = pydantic.Field(default_factory=list)
    weights: dict[str, int] = pydantic.Field(default_factory=dict)
    color: Color = Color.RED


class Db(ConfigurableResource):
    url: str
    port: int = 5


SPECS: dict[str, Any] = {
    "do": DoCfg,
    "other": {"x": int, "y": Field(str, default_value="yy"), "z": Field(int, is_required=False)},
    "scal": str,
    "noconf": None,
}
GOOD: dict[str, Any] = {
    "ops": {
        "do": {"config": {"date": "a", "end": "b"}},
        "other": {"config": {"x": 1}},
        "scal": {"config": "s"},
    }
}


def errors_for(run_config: Any, specs: Any = None, **kwargs: Any) -> list[str]:
    with pytest.raises(InvalidConfigError) as info:
        resolve_run_config(SPECS if specs is None else specs, run_config, **kwargs)
    return info.value.errors


def test_resolved_shape_matches_dagster() -> None:
    """The resolved dict has ops (config/inputs/outputs), execution, resources and loggers."""
    resolved = resolve_run_config(SPECS, GOOD)
    assert resolved == {
        "ops": {
            "do": {
                "config": {
                    "date": "a",
                    "end": "b",
                    "n": 3,
                    "inner": {"a": 4, "b": "x"},
                    "opt": None,
                    "items": [],
                    "weights": {},
                    "color": "red",
                },
                "inputs": {},
                "outputs": None,
            },
            "other": {"config": {"x": 1, "y": "yy"}, "inputs": {}, "outputs": None},
            "scal": {"config": "s", "inputs": {}, "outputs": None},
            "noconf": {"config": None, "inputs": {}, "outputs": None},
        },
        "execution": {
            "multi_or_in_process_executor": {
                "multiprocess": {"max_concurrent": None, "retries": {"enabled": {}}}
            }
        },
        "resources": {},
        "loggers": {},
    }


def test_error_header_and_numbering() -> None:
    """The message starts with the job name and numbers each error."""
    with pytest.raises(InvalidConfigError) as info:
        resolve_run_config(SPECS, {"ops": {"do": {"config": {"date": 1}}}}, job_name="pj")
    message = str(info.value)
    assert message.startswith("Error in config for job pj\n    Error 1: ")
    assert "\n    Error 2: " in message


def test_missing_entry_message() -> None:
    """A missing required field names the entry, Dagster's path and the readable path."""
    errors = errors_for({"ops": {**GOOD["ops"], "do": {"config": {"date": "a"}}}})
    assert errors == [
        'Missing required config entry "end" at path root:ops:do:config. You must provide this '
        "value in your run config. Example config for the missing entry: {'end': '...'} "
        "(at ops.do.config.end)"
    ]


def test_invalid_scalar_message() -> None:
    """A wrongly typed scalar gets Dagster's "Invalid scalar" text."""
    errors = errors_for({"ops": {**GOOD["ops"], "do": {"config": {"date": 1, "end": "b"}}}})
    assert errors[0].startswith(
        'Invalid scalar at path root:ops:do:config:date. Value "1" of type "<class \'int\'>" '
        'is not valid for expected type "String".'
    )
    assert errors[0].endswith("(at ops.do.config.date)")


def test_errors_are_ordered_unexpected_missing_then_fields() -> None:
    """Within a dict: unexpected entries, then missing ones, then each field by name."""
    errors = errors_for({"ops": {**GOOD["ops"], "do": {"config": {"date": 1, "dtae": 3}}}})
    assert [e.split(" at ")[0] for e in errors] == [
        'Received unexpected config entry "dtae"',
        'Missing required config entry "end"',
        "Invalid scalar",
    ]


def test_unexpected_entry_suggests_nearest() -> None:
    """An unknown field is reported with a did-you-mean hint."""
    errors = errors_for(
        {"ops": {**GOOD["ops"], "do": {"config": {"date": "a", "end": "b", "nn": 1}}}}
    )
    assert errors[0].startswith(
        'Received unexpected config entry "nn" at path root:ops:do:config. Did you mean "n"?'
    )


def test_unknown_op_suggests_nearest() -> None:
    """An unknown node name is reported with the closest node name."""
    errors = errors_for({"ops": {**GOOD["ops"], "dox": {}}})
    assert errors[0].startswith(
        'Received unexpected config entry "dox" at path root:ops. Did you mean "do"?'
    )
    assert errors[0].endswith("(at ops.dox)")


def test_unknown_top_level_key() -> None:
    """A misspelt top-level section is reported at the root."""
    errors = errors_for({**GOOD, "opss": {}})
    assert errors[0].startswith('Received unexpected config entry "opss" at the root.')
    assert 'Did you mean "ops"?' in errors[0]


def test_missing_ops_at_root() -> None:
    """No config at all for a job with required config: "ops" is missing at the root."""
    errors = errors_for(None, job_name="pj")
    assert errors[0].startswith('Missing required config entry "ops" at the root.')


def test_missing_op_entry() -> None:
    """An op with required config that is absent is missing under ops."""
    errors = errors_for({"ops": {"other": {"config": {"x": 1}}, "scal": {"config": "s"}}})
    assert errors[0].startswith('Missing required config entry "do" at path root:ops.')


def test_several_missing_entries_use_plural() -> None:
    """Several missing entries are reported together, Dagster-style."""
    errors = errors_for({}, specs={"do": DoCfg}, resource_specs={"db": Db})
    assert errors[0].startswith(
        "Missing required config entries ['ops', 'resources'] at the root. "
        "You must provide these values in your run config."
    )


def test_not_a_dict() -> None:
    """A scalar where a dict is expected says so and shows the expected shape."""
    errors = errors_for({"ops": {**GOOD["ops"], "other": {"config": "x"}}})
    assert errors[0].startswith(
        "Value at path root:ops:other:config must be dict. "
        'Expected: "{ x: Int y?: String z?: Int }".'
    )


def test_none_for_required_scalar() -> None:
    """None for a non-optional scalar is rejected."""
    errors = errors_for({"ops": {**GOOD["ops"], "scal": {"config": None}}})
    assert errors[0].startswith("Value at path root:ops:scal:config must not be None.")


def test_bool_is_not_an_int() -> None:
    """Booleans do not pass as Int."""
    errors = errors_for({"ops": {**GOOD["ops"], "other": {"config": {"x": True}}}})
    assert 'Value "True" of type "<class \'bool\'>"' in errors[0]


def test_int_passes_as_float() -> None:
    """An int is a valid Float."""
    resolved = resolve_run_config({"o": {"f": float}}, {"ops": {"o": {"config": {"f": 2}}}})
    assert resolved["ops"]["o"]["config"] == {"f": 2}


def test_list_item_path() -> None:
    """List items are located with an index."""
    run_config = {
        "ops": {**GOOD["ops"], "do": {"config": {"date": "a", "end": "b", "items": [1, "a"]}}}
    }
    errors = errors_for(run_config)
    assert errors[0].startswith("Invalid scalar at path root:ops:do:config:items[1].")
    assert errors[0].endswith("(at ops.do.config.items[1])")


def test_map_value_path() -> None:
    """Dict values are located with Dagster's key:value notation."""
    run_config = {
        "ops": {**GOOD["ops"], "do": {"config": {"date": "a", "end": "b", "weights": {"k": "v"}}}}
    }
    errors = errors_for(run_config)
    assert errors[0].startswith("Invalid scalar at path root:ops:do:config:weights:'k':value.")


def test_enum_by_name_or_value() -> None:
    """Enum fields accept the member name (Dagster) or its value; both resolve to the value."""
    for given in ("BLUE", "blue"):
        run_config = {
            "ops": {**GOOD["ops"], "do": {"config": {"date": "a", "end": "b", "color": given}}}
        }
        assert resolve_run_config(SPECS, run_config)["ops"]["do"]["config"]["color"] == "blue"


def test_bad_enum_message() -> None:
    """An unknown enum name lists the valid names."""
    run_config = {
        "ops": {**GOOD["ops"], "do": {"config": {"date": "a", "end": "b", "color": "BLU"}}}
    }
    errors = errors_for(run_config)
    assert errors[0].startswith(
        "Value at path root:ops:do:config:color not in enum type Color got BLU."
    )
    assert 'Did you mean "BLUE"?' in errors[0]


def test_nested_config_defaults_fill() -> None:
    """A nested Config given partially gets its own defaults."""
    run_config = {
        "ops": {**GOOD["ops"], "do": {"config": {"date": "a", "end": "b", "inner": {"a": 9}}}}
    }
    assert resolve_run_config(SPECS, run_config)["ops"]["do"]["config"]["inner"] == {
        "a": 9,
        "b": "x",
    }


def test_nested_dict_schema_defaults() -> None:
    """Dict schemas nest; a nested dict with only defaults may be omitted."""
    specs = {"o": {"outer": {"q": Field(int, default_value=2)}, "li": [int]}}
    resolved = resolve_run_config(specs, {"ops": {"o": {"config": {"li": [1]}}}})
    assert resolved["ops"]["o"]["config"] == {"outer": {"q": 2}, "li": [1]}


def test_field_default_makes_node_optional() -> None:
    """A node whose config has a default needs no run config at all."""
    resolved = resolve_run_config({"o": Field(int, default_value=4)}, None)
    assert resolved["ops"]["o"]["config"] == 4


def test_field_defaults_are_copied() -> None:
    """Each resolution gets its own copy of a mutable default."""
    specs = {"o": {"l": Field([int], default_value=[1])}}
    first = resolve_run_config(specs, None)
    first["ops"]["o"]["config"]["l"].append(2)
    assert resolve_run_config(specs, None)["ops"]["o"]["config"]["l"] == [1]


def test_invalid_field_default_is_a_definition_error() -> None:
    """A Field default that does not match its type fails when the schema is compiled."""
    with pytest.raises(InvalidDefinitionError, match="Invalid default value 'x'"):
        RunConfigSchema({"o": {"n": Field(int, default_value="x")}})


def test_run_config_object_accepted() -> None:
    """A RunConfig with Config objects validates like the equivalent dict."""
    run_config = RunConfig(
        ops={
            "do": DoCfg(date="a", end="b", color=Color.BLUE),
            "other": {"config": {"x": 1}},
            "scal": {"config": "s"},
        }
    )
    assert resolve_run_config(SPECS, run_config)["ops"]["do"]["config"]["color"] == "blue"


def test_config_object_inside_raw_dict() -> None:
    """A Config object may stand for an op entry or its config inside a plain dict."""
    ops = {**GOOD["ops"], "do": DoCfg(date="a", end="b")}
    as_entry = resolve_run_config(SPECS, {"ops": ops})
    as_config = resolve_run_config(
        SPECS, {"ops": {**ops, "do": {"config": DoCfg(date="a", end="b")}}}
    )
    assert as_entry == as_config == resolve_run_config(SPECS, GOOD)


def test_unconfigured_node_accepts_anything() -> None:
    """A node without a config schema accepts any config and resolves to it."""
    resolved = resolve_run_config(SPECS, {"ops": {**GOOD["ops"], "noconf": {"config": {"a": 1}}}})
    assert resolved["ops"]["noconf"]["config"] == {"a": 1}


def test_resources_resolve() -> None:
    """Resource config is validated and defaulted under resources.<name>.config."""
    resolved = resolve_run_config(
        {}, {"resources": {"db": {"config": {"url": "u"}}}}, resource_specs={"db": Db}
    )
    assert resolved["resources"] == {"db": {"config": {"url": "u", "port": 5}}}


def test_resource_error_path() -> None:
    """Resource errors carry the resources path."""
    errors = errors_for(
        {"resources": {"db": {"config": {"url": 1}}}}, specs={}, resource_specs={"db": Db}
    )
    assert errors[0].startswith("Invalid scalar at path root:resources:db:config:url.")


def test_permissive_config_keeps_unknown_entries() -> None:
    """A PermissiveConfig schema keeps entries it does not declare."""

    class Loose(PermissiveConfig):
        a: int = 1

    resolved = resolve_run_config({"o": Loose}, {"ops": {"o": {"config": {"b": 2}}}})
    assert resolved["ops"]["o"]["config"] == {"a": 1, "b": 2}


def test_literal_field_uses_pydantic_fallback() -> None:
    """Annotations outside the core types are checked by pydantic."""

    class Mode(Config):
        mode: Literal["fast", "slow"] = "fast"

    errors = errors_for({"ops": {"o": {"config": {"mode": "medium"}}}}, specs={"o": Mode})
    assert errors[0].startswith("Invalid value at path root:ops:o:config:mode.")


def test_non_mapping_run_config() -> None:
    """A run config that is not a mapping is a CheckError."""
    with pytest.raises(CheckError, match="Param \"run_config\" is not one of \\['Mapping'\\]"):
        resolve_run_config(SPECS, "x")  # type: ignore[arg-type]


def test_config_for_node_builds_config_instance() -> None:
    """A Config-typed node receives an instance; others the resolved value."""
    schema = RunConfigSchema(SPECS)
    resolved = schema.resolve(GOOD)
    cfg = schema.config_for_node(resolved, "do")
    assert cfg == DoCfg(date="a", end="b")
    assert schema.config_for_node(resolved, "other") == {"x": 1, "y": "yy"}


def test_config_for_resource_builds_instance() -> None:
    """A ConfigurableResource type gets an instance from its resolved config."""
    schema = RunConfigSchema({}, {"db": Db})
    resolved = schema.resolve({"resources": {"db": {"config": {"url": "u"}}}})
    assert schema.config_for_resource(resolved, "db") == Db(url="u")


def test_config_for_node_function() -> None:
    """The module-level helper instantiates a given Config type."""
    resolved = resolve_run_config(SPECS, GOOD)
    assert config_for_node(resolved, "do", DoCfg) == DoCfg(date="a", end="b")
    assert config_for_node(resolved, "scal") == "s"


def test_requires_config() -> None:
    """requires_config tells whether an empty run config can pass."""

    class AllDefaults(Config):
        n: int = 1

    assert RunConfigSchema(SPECS).requires_config
    assert not RunConfigSchema({"o": AllDefaults, "p": None}).requires_config


def test_compiled_schema_is_reused() -> None:
    """Equal specs share one compiled schema."""
    first = compile_run_config_schema({"o": {"x": int}}, job_name="j")
    assert compile_run_config_schema({"o": {"x": int}}, job_name="j") is first


def test_unhashable_specs_still_validate() -> None:
    """Specs that cannot be hashed are compiled on each call instead of cached."""
    specs = {"o": {"x": Field(dict, default_value={"k": [1, {2}]})}}
    assert resolve_run_config(specs, None)["ops"]["o"]["config"] == {"x": {"k": [1, {2}]}}
