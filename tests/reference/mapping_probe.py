"""Map random downstream keys to upstream keys (and back) under partwise or the reference.

Usage: ``python mapping_probe.py <module> <cases.json>``; prints JSON. Both libraries expose the
same public names, so this one file drives both.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from typing import Any


def _defn(lib: Any, spec: dict[str, Any]) -> Any:
    args = dict(spec["args"])
    args["start_date"] = dt.datetime.fromisoformat(args["start_date"])
    return getattr(lib, spec["cls"])(**args)


def _run(lib: Any, case: dict[str, Any]) -> dict[str, Any]:
    down, up = _defn(lib, case["down"]), _defn(lib, case["up"])
    now = dt.datetime.fromisoformat(case["now"])
    mapping = lib.TimeWindowPartitionMapping(**case["mapping"])
    out: dict[str, Any] = {}
    with lib.partition_loading_context(effective_dt=now):
        down_keys = list(down.get_partition_keys())
        up_keys = list(up.get_partition_keys())
        for key in down_keys[:: max(1, len(down_keys) // 12)] + down_keys[-2:]:
            result = mapping.get_upstream_mapped_partitions_result_for_partitions(
                down.subset_with_partition_keys([key]), down, up, current_time=now
            )
            missing = sorted(result.required_but_nonexistent_partition_keys)
            out[f"up:{key}"] = [list(result.partitions_subset.get_partition_keys()), missing]
        for key in up_keys[:: max(1, len(up_keys) // 12)] + up_keys[-2:]:
            subset = mapping.get_downstream_partitions_for_partitions(
                up.subset_with_partition_keys([key]), up, down, current_time=now
            )
            out[f"down:{key}"] = sorted(subset.get_partition_keys())
    return out


def main() -> None:
    lib = importlib.import_module(sys.argv[1])
    with open(sys.argv[2]) as f:
        cases = json.load(f)
    json.dump([_run(lib, c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
