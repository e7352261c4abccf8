"""Subset queries run under partwise or the reference package, printed as JSON.

Usage: ``python subset_probe.py <module> <cases.json>``. Only public names are used, so the one
file drives both libraries; ``test_against_reference.py`` compares the answers.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from typing import Any

from probe import _value  # type: ignore[import-not-found]


def _definition(lib: Any, spec: dict[str, Any]) -> Any:
    if spec["cls"] == "MultiPartitionsDefinition":
        return lib.MultiPartitionsDefinition(
            {name: _definition(lib, dim) for name, dim in spec["dims"].items()}
        )
    args = {k: _value(v) for k, v in spec["args"].items()}
    return getattr(lib, spec["cls"])(**args)


def _attempt(fn: Any) -> Any:
    try:
        return fn()
    except Exception:
        return "error"


def _keys(subset: Any, ordered: bool) -> list[str]:
    keys = [str(k) for k in subset.get_partition_keys()]
    return keys if ordered else sorted(keys)


def _run(lib: Any, case: dict[str, Any]) -> dict[str, Any]:
    try:
        d = _definition(lib, case["def"])
    except Exception:
        return {"construct_error": "error"}
    now = dt.datetime.fromisoformat(case["now"])
    with lib.partition_loading_context(effective_dt=now):
        return _queries(lib, d, case)


def _queries(lib: Any, d: Any, case: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    timed = isinstance(d, lib.TimeWindowPartitionsDefinition)
    keys = list(d.get_partition_keys())
    chosen = [keys[i] for i in case["picks"] if i < len(keys)]
    subset = d.empty_subset().with_partition_keys(chosen)
    out["is_set"] = isinstance(subset.get_partition_keys(), (set, frozenset)) or not timed
    out["keys"] = _keys(subset, timed)
    out["equals_set"] = subset.get_partition_keys() == set(chosen) if not timed else None
    out["len"] = len(subset)
    out["contains"] = {str(k): k in subset for k in keys[:12]}
    text = subset.serialize()
    out["serialized"] = json.loads(text)
    out["can"] = d.can_deserialize_subset(text, None, None)
    out["round_trip"] = _keys(d.deserialize_subset(text), timed)
    ranges = [[str(r.start), str(r.end)] for r in subset.get_partition_key_ranges(d)]
    out["ranges"] = ranges if timed else sorted(ranges)
    out["not_in"] = [str(k) for k in subset.get_partition_keys_not_in_subset(d)]
    if len(keys) >= 2:
        lo, hi = sorted(case["range"])
        key_range = lib.PartitionKeyRange(keys[lo % len(keys)], keys[hi % len(keys)])
        out["with_range"] = _attempt(
            lambda: _keys(subset.with_partition_key_range(d, key_range), timed)
        )
        out["range_value"] = json.loads(lib.serialize_value(key_range))
    if timed:
        legacy = json.dumps(out["serialized"]["time_windows"])
        out["legacy"] = _keys(d.deserialize_subset(legacy), True)
        lo, hi = sorted(case["range"])
        out["between"] = d.get_partition_keys_between_indexes(lo, hi)
        out["slice"] = keys[lo:hi]
    if "Dynamic" not in json.dumps(case["def"]):
        out["uid"] = d.get_serializable_unique_identifier()
    return out


def main() -> None:
    lib = importlib.import_module(sys.argv[1])
    with open(sys.argv[2]) as f:
        cases = json.load(f)
    json.dump([_run(lib, c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
