"""Engine speed: run latency, a year of a two-asset chain, dynamic partitions, import time.

Usage: ``python benchmarks/bench_engine.py [--no-reference] [--chain-days N]``; prints JSON.

Every workload runs in a fresh subprocess from one source text in which only the imported package
differs, so partwise and the reference (when ``PARTWISE_REFERENCE_PYTHON``, by default
``/work/dagster-venv/bin/python``, exists) execute exactly the same calls side by side. The chain
is disk-bound: it is repeated (best pass kept) while passes take under a second and five seconds
have not been spent, the same rule for both packages; the reference's single pass takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any

DEFAULT_REFERENCE = "/work/dagster-venv/bin/python"

# One source for both packages: ``LIB`` is "partwise" or "dagster".
WORKLOAD = r"""
import json, statistics, sys, time, warnings
warnings.filterwarnings("ignore")
import logging
logging.disable(logging.CRITICAL)
LIB, WHICH, CHAIN_DAYS = sys.argv[1], sys.argv[2], int(sys.argv[3])
lib = __import__(LIB)

def latency():
    daily = lib.DailyPartitionsDefinition(start_date="2020-01-01")

    @lib.op
    def one(context):
        return context.partition_key

    @lib.job(partitions_def=daily)
    def one_op_job():
        one()

    instance = lib.DagsterInstance.ephemeral()
    keys = daily.get_partition_keys()[:51]
    start = time.perf_counter()
    assert one_op_job.execute_in_process(partition_key=keys[0], instance=instance).success
    first = time.perf_counter() - start
    times = []
    for key in keys[1:]:
        start = time.perf_counter()
        result = one_op_job.execute_in_process(partition_key=key, instance=instance)
        times.append(time.perf_counter() - start)
        assert result.success
    return {"first_run_ms": first * 1e3, "median_run_ms": statistics.median(times) * 1e3}

def chain():
    daily = lib.DailyPartitionsDefinition(start_date="2023-01-01", end_date="2024-01-01")

    @lib.asset(partitions_def=daily)
    def upstream(context):
        return {"day": context.partition_key, "rows": list(range(10))}

    @lib.asset(partitions_def=daily)
    def downstream(upstream):
        return len(upstream["rows"])

    keys = daily.get_partition_keys()[:CHAIN_DAYS]
    best, spent = float("inf"), 0.0
    for attempt in range(3):  # best of up to three passes, while passes stay quick
        if attempt and (spent > 5.0 or best > 1.0):
            break
        instance = lib.DagsterInstance.local_temp()
        start = time.perf_counter()
        for key in keys:
            assert lib.materialize([upstream, downstream], partition_key=key, instance=instance).success
        total = time.perf_counter() - start
        done = instance.get_materialized_partitions(lib.AssetKey("downstream"))
        assert len(done) == len(keys), len(done)
        best, spent = min(best, total), spent + total
    return {"chain_partitions": len(keys), "chain_total_s": best, "chain_per_run_ms": best / len(keys) * 1e3}

def dynamic():
    instance = lib.DagsterInstance.ephemeral()
    keys = [f"file-{i:05d}.csv" for i in range(10_000)]
    start = time.perf_counter()
    instance.add_dynamic_partitions("files", keys)
    added = time.perf_counter() - start
    probes = keys[::10] [:500] + [f"missing-{i}" for i in range(500)]
    start = time.perf_counter()
    hits = sum(instance.has_dynamic_partition("files", k) for k in probes)
    checked = time.perf_counter() - start
    assert hits == 500, hits
    return {"dynamic_add_10k_s": added, "dynamic_1k_checks_s": checked}

print(json.dumps({"latency": latency, "chain": chain, "dynamic": dynamic}[WHICH]()))
"""

TARGETS = {
    "median_run_ms": "partwise >= 100x faster (<= ~0.66 ms)",
    "chain_total_s": "partwise >= 100x faster (<= ~0.4 s for 365 partitions)",
    "import_s": "partwise <= 1/5 of the reference (<= ~140 ms)",
    "dynamic_1k_checks_s": "partwise >= 50x faster",
}


def run_workload(python: str, lib: str, which: str, chain_days: int) -> dict[str, float]:
    env = {**os.environ, "DAGSTER_HOME": "", "PYTHONWARNINGS": "ignore"}
    env.pop("DAGSTER_HOME")
    out = subprocess.run(
        [python, "-c", WORKLOAD, lib, which, str(chain_days)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{lib} {which} failed:\n{out.stderr[-3000:]}")
    values: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return values


def import_time(python: str, lib: str, repeat: int = 5) -> float:
    """Best wall time of ``python -c "import lib"``, process start included."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([python, "-c", f"import {lib}"], check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def measure(python: str, lib: str, chain_days: int) -> dict[str, float]:
    results: dict[str, float] = {}
    for which in ("latency", "chain", "dynamic"):
        results.update(run_workload(python, lib, which, chain_days))
    results["import_s"] = import_time(python, lib)
    return {k: round(v, 4) for k, v in results.items()}


def ratios(ours: dict[str, float], ref: dict[str, float]) -> dict[str, float]:
    """How many times faster partwise is, per figure (reference time / partwise time)."""
    keys = ["median_run_ms", "first_run_ms", "chain_total_s", "dynamic_add_10k_s"]
    keys += ["dynamic_1k_checks_s", "import_s"]
    return {k: round(ref[k] / ours[k], 1) for k in keys if ours.get(k) and k in ref}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-reference", action="store_true", help="skip the reference run")
    parser.add_argument("--chain-days", type=int, default=365, help="partitions of the chain")
    args = parser.parse_args()
    report: dict[str, Any] = {"partwise": measure(sys.executable, "partwise", args.chain_days)}
    reference = os.environ.get("PARTWISE_REFERENCE_PYTHON", DEFAULT_REFERENCE)
    if not args.no_reference and os.path.exists(reference):
        report["reference"] = measure(reference, "dagster", args.chain_days)
        report["speedup"] = ratios(report["partwise"], report["reference"])
        report["targets"] = TARGETS
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
