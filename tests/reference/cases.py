"""Random partitions definitions (every cadence, offsets, end_offset, time zones, formats)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

ZONES = ["UTC", "US/Central", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"]
SPANS = {"Hourly": 24 * 40, "Daily": 24 * 400, "Weekly": 24 * 7 * 150, "Monthly": 24 * 31 * 60}


def random_case(rng: random.Random) -> dict[str, Any]:
    cls = rng.choice(["Hourly", "Daily", "Weekly", "Monthly", "Cron"])
    tz = rng.choice(ZONES)
    if cls == "Hourly" and tz == "Australia/Lord_Howe":
        tz = "Europe/Berlin"  # the reference mis-handles half-hour DST shifts (documented fix)
    start = dt.datetime(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 6 * 365))
    if rng.random() < 0.3:
        start += dt.timedelta(hours=rng.randrange(24), minutes=rng.choice([0, 30]))
    args: dict[str, Any] = {"timezone": tz}
    if cls == "Cron":
        cron, fmt, hours = rng.choice(
            [
                ("*/15 * * * *", "%Y-%m-%d-%H:%M", 24 * 10),
                ("0 0 * * 1-5", "%Y-%m-%d", 24 * 200),
                ("30 */2 * * *", "%Y-%m-%d-%H:%M", 24 * 30),
                ("0 9 1,15 * *", "%Y-%m-%d", 24 * 500),
            ]
        )
        args.update(start={"dt": start.isoformat()}, fmt=fmt, cron_schedule=cron)
        name = "TimeWindowPartitionsDefinition"
    else:
        hours = SPANS[cls]
        name = f"{cls}PartitionsDefinition"
        args["start_date"] = {"dt": start.isoformat()}
        args["minute_offset"] = rng.choice([0, 0, 15, 30, 45])
        if cls != "Hourly":
            args["hour_offset"] = rng.choice([0, 0, 1, 2, 3, 23])
        if cls == "Weekly":
            args["day_offset"] = rng.randrange(0, 7)
        if cls == "Monthly":
            # Days 29-31 are left out: the reference errors or keeps windows past end_date there.
            args["day_offset"] = rng.choice([1, 1, 5, 28])
        if rng.random() < 0.3:
            args["end_offset"] = rng.choice([-2, -1, 1, 2])
        if rng.random() < 0.2:
            end = start + dt.timedelta(hours=rng.randrange(1, hours))
            args["end_date"] = {"dt": end.isoformat()}
        if cls == "Hourly" and rng.random() < 0.3:
            args["fmt"] = "%Y-%m-%d-%H:%M%z"
        if cls == "Daily" and rng.random() < 0.2:
            args["fmt"] = "%Y%m%d"
    now = start + dt.timedelta(hours=rng.randrange(0, hours))
    probes = _probes(rng, start, cls)
    stamps = [
        (start + dt.timedelta(hours=rng.uniform(0, hours)))
        .replace(tzinfo=dt.timezone.utc)
        .timestamp()
        for _ in range(4)
    ]
    return {
        "cls": name,
        "args": args,
        "now": now.isoformat(),
        "probes": probes,
        "timestamps": stamps,
    }


def _probes(rng: random.Random, start: dt.datetime, cls: str) -> list[str]:
    out = []
    for _ in range(8):
        t = start + dt.timedelta(hours=rng.randrange(-48, 24 * 60))
        out.append(t.strftime("%Y-%m-%d"))
        out.append(t.strftime("%Y-%m-%d-%H:%M"))
    out += ["2023-03-12-02:00", "2023-11-05-01:00-0600", "2023-10-29-02:00+0100", "foo", "2022-1-3"]
    return out


def random_mapping_case(rng: random.Random) -> dict[str, Any]:
    """Two time-window definitions in one zone and a TimeWindowPartitionMapping between them."""
    tz = rng.choice(["UTC", "US/Central", "Europe/Berlin", "Asia/Kolkata"])
    start = dt.datetime(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 3 * 365))

    def side() -> dict[str, Any]:
        cls = rng.choice(["Hourly", "Daily", "Daily", "Weekly", "Monthly"])
        shifted = start + dt.timedelta(days=rng.choice([0, 0, 3, 40]))
        return {
            "cls": f"{cls}PartitionsDefinition",
            "args": {"timezone": tz, "start_date": shifted.isoformat()},
        }

    down, up = side(), side()
    span = 24 * 60 if "Hourly" in down["cls"] + up["cls"] else 24 * 300
    offsets = rng.choice([(0, 0), (0, 0), (-1, 0), (-1, -1), (-2, 0), (0, 1)])
    return {
        "down": down,
        "up": up,
        "mapping": {"start_offset": offsets[0], "end_offset": offsets[1]},
        "now": (start + dt.timedelta(hours=rng.randrange(24 * 45, span))).isoformat(),
    }


# Time-window definitions around DST changes, where subsets are easiest to get wrong.
DST_DEFINITIONS: list[dict[str, Any]] = [
    {
        "cls": "HourlyPartitionsDefinition",
        "args": {
            "start_date": "2020-10-31-23:00",
            "end_date": "2020-11-01-5:00",
            "timezone": "US/Pacific",
        },
    },
    {
        "cls": "HourlyPartitionsDefinition",
        "args": {"start_date": "2021-03-13-20:00", "timezone": "US/Central"},
    },
    {
        "cls": "DailyPartitionsDefinition",
        "args": {
            "start_date": "2020-10-30-01:00",
            "end_date": "2020-11-03-01:00",
            "timezone": "US/Pacific",
            "hour_offset": 1,
            "fmt": "%Y-%m-%d-%H:%M",
        },
    },
    {
        "cls": "TimeWindowPartitionsDefinition",
        "args": {
            "cron_schedule": "*/15 * * * *",
            "start": "2020-11-01-00:30",
            "end": "2020-11-01-2:30",
            "timezone": "US/Pacific",
            "fmt": "%Y-%m-%d-%H:%M",
        },
    },
]

_STATIC = {"cls": "StaticPartitionsDefinition", "args": {"partition_keys": list("abcdefgh")}}
_COLOURS = {
    "cls": "StaticPartitionsDefinition",
    "args": {"partition_keys": ["red", "blue", "green"]},
}


def random_subset_case(rng: random.Random) -> dict[str, Any]:
    """A definition (time window, DST, static or multi), a random subset of it and a key range."""
    kind = rng.choice(["random", "dst", "static", "multi"])
    now = "2021-03-20T00:00:00"
    if kind == "random":
        case = random_case(rng)
        spec, now = {"cls": case["cls"], "args": case["args"]}, case["now"]
    elif kind == "dst":
        spec = rng.choice(DST_DEFINITIONS)
    elif kind == "static":
        spec = _STATIC
    else:
        days = {"cls": "DailyPartitionsDefinition", "args": {"start_date": "2021-03-01"}}
        spec = {"cls": "MultiPartitionsDefinition", "dims": {"a_day": days, "colour": _COLOURS}}
    width = rng.choice([4, 12, 40])
    picks = sorted(rng.sample(range(width), rng.randrange(0, width)))
    if rng.random() < 0.3:  # long runs, so ranges and not-in-subset have something to join
        picks = list(range(rng.randrange(width), width))
    return {
        "def": spec,
        "now": now,
        "picks": picks,
        "range": [rng.randrange(40), rng.randrange(40)],
    }
