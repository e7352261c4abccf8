"""Run the same partitions queries under partwise or the reference package and print JSON.

Usage: ``python probe.py <module> <cases.json>``. Both libraries expose the same public names, so
this one file drives both; ``test_against_reference.py`` compares their answers.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from typing import Any


def _value(v: Any) -> Any:
    if isinstance(v, dict) and "dt" in v:
        return dt.datetime.fromisoformat(v["dt"])
    return v


def _window(d: Any, key: str) -> Any:
    try:
        w = d.time_window_for_partition_key(key)
        return [w.start.isoformat(), w.end.isoformat(), w.start.timestamp(), w.end.timestamp()]
    except Exception:
        return "error"


def _run(lib: Any, case: dict[str, Any]) -> dict[str, Any]:
    cls = getattr(lib, case["cls"])
    try:
        d = cls(**{k: _value(v) for k, v in case["args"].items()})
    except Exception:
        return {"construct_error": "error"}
    now = dt.datetime.fromisoformat(case["now"])
    try:
        return _queries(lib, d, case, now)
    except Exception:
        return {"query_error": "error"}


def _queries(lib: Any, d: Any, case: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with lib.partition_loading_context(effective_dt=now):
        keys = list(d.get_partition_keys(current_time=now))
        out["count"] = len(keys)
        out["num"] = d.get_num_partitions()
        step = max(1, len(keys) // 25)
        sample = keys[:3] + keys[::step] + keys[-3:]
        out["head"] = keys[:30]
        out["tail"] = keys[-30:]
        out["sample"] = sample
        out["first"] = d.get_first_partition_key()
        out["last"] = d.get_last_partition_key()
        out["windows"] = {k: _window(d, k) for k in sample}
        listed = set(keys)
        # Membership is judged against the key list: the reference's has_partition_key says
        # True for some keys it never lists (DST gaps, half-hour zones), a quirk partwise fixes.
        out["member"] = {k: k in listed for k in sample + case["probes"]}
        out["has"] = {k: d.has_partition_key(k) for k in sample + case["probes"]}
        out["probe_windows"] = {k: _window(d, k) for k in case["probes"]}
        ranges = {}
        for a, b in zip(sample[::3], sample[1::3], strict=False):
            try:
                ranges[f"{a}..{b}"] = list(
                    d.get_partition_keys_in_range(lib.PartitionKeyRange(a, b))
                )
            except Exception:
                ranges[f"{a}..{b}"] = "error"
        out["ranges"] = ranges
        stamps = {}
        for ts in case["timestamps"]:
            try:
                stamps[str(ts)] = d.get_partition_key_for_timestamp(ts)
            except Exception:
                stamps[str(ts)] = "error"
        out["stamps"] = stamps
    return out


def main() -> None:
    lib = importlib.import_module(sys.argv[1])
    with open(sys.argv[2]) as f:
        cases = json.load(f)
    json.dump([_run(lib, c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
