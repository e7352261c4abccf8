"""Run-config validation speed: microseconds per call, printed as JSON.

Usage: ``python benchmarks/bench_config.py [--number N]``.
"""

from __future__ import annotations

import argparse
import json
import timeit
from typing import Any

from partwise._config.config import Config, RunConfig
from partwise._config.partitioned import daily_partitioned_config
from partwise._config.schema import Field, compile_run_config_schema, resolve_run_config


class Inner(Config):
    a: int
    b: str = "x"


class DoCfg(Config):
    date: str
    n: int = 3
    inner: Inner = Inner(a=1)
    items: list[int] = []  # noqa: RUF012 (pydantic copies defaults)


SPECS: dict[str, Any] = {
    "do": DoCfg,
    "other": {"x": int, "y": Field(str, default_value="yy")},
    "plain": None,
}
RUN_CONFIG: dict[str, Any] = {
    "ops": {"do": {"config": {"date": "2022-01-01"}}, "other": {"config": {"x": 1}}}
}


@daily_partitioned_config(start_date="2022-01-01")
def partitioned(start: Any, end: Any) -> dict[str, Any]:
    return {"ops": {"do": {"config": {"date": start.strftime("%Y-%m-%d")}}}}


def per_call_us(fn: Any, number: int) -> float:
    """Best of five runs, in microseconds per call."""
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--number", type=int, default=20_000)
    number = parser.parse_args().number
    schema = compile_run_config_schema(SPECS, job_name="bench")
    resolved = schema.resolve(RUN_CONFIG)
    run_config_obj = RunConfig(ops={"do": DoCfg(date="2022-01-01"), "other": {"config": {"x": 1}}})
    results = {
        "compiled_schema_resolve_us": per_call_us(lambda: schema.resolve(RUN_CONFIG), number),
        "resolve_run_config_us": per_call_us(lambda: resolve_run_config(SPECS, RUN_CONFIG), number),
        "resolve_run_config_object_us": per_call_us(lambda: schema.resolve(run_config_obj), number),
        "config_for_node_us": per_call_us(lambda: schema.config_for_node(resolved, "do"), number),
        "partitioned_config_for_key_us": per_call_us(
            lambda: partitioned.get_run_config_for_partition_key("2022-06-01"), number
        ),
    }
    print(json.dumps({k: round(v, 2) for k, v in results.items()}, indent=2))


if __name__ == "__main__":
    main()
