"""Command-line and ini options: key/range restriction, sampling, seed, now and the header."""

from __future__ import annotations

import pytest

BASE = ("-p", "no:cacheprovider", "--partitions-now", "2025-06-01")
MARKED = """
@pytest.mark.partitions(daily)
def test_daily(partition_key): pass

@pytest.mark.partitions(colors)
def test_colors(partition_key): pass

def test_plain(): pass
"""


def ids(result: pytest.RunResult) -> list[str]:
    return [line.split("::")[1] for line in result.outlines if "::" in line]


def test_partition_key_restricts_every_marked_test(pytester: pytest.Pytester, header: str) -> None:
    """``--partition-key`` runs that key only; tests without it are skipped with the reason."""
    pytester.makepyfile(header + MARKED)
    result = pytester.runpytest(*BASE, "--partition-key", "2024-05-05", "-rs")
    result.assert_outcomes(passed=2, skipped=1)
    result.stdout.fnmatch_lines(["*--partition-key '2024-05-05' is not among this test's*"])


def test_partition_range_with_keys(pytester: pytest.Pytester, header: str) -> None:
    """``--partition-range A...B`` keeps keys from A to B inclusive."""
    pytester.makepyfile(header + MARKED)
    result = pytester.runpytest(*BASE, "--partition-range", "2024-01-30...2024-02-02", "--co", "-q")
    assert [i for i in ids(result) if i.startswith("test_daily")] == [
        "test_daily[2024-01-30]",
        "test_daily[2024-01-31]",
        "test_daily[2024-02-01]",
        "test_daily[2024-02-02]",
    ]


def test_partition_range_with_dates_covers_hourly_partitions(pytester: pytest.Pytester) -> None:
    """For time windows the range ends may be ISO dates; a bare end date counts whole."""
    pytester.makepyfile(
        """
import pytest, partwise as pw
hourly = pw.HourlyPartitionsDefinition(start_date="2024-01-01-00:00", end_date="2024-02-01-00:00")

@pytest.mark.partitions(hourly)
def test_h(partition_key): pass
"""
    )
    result = pytester.runpytest(*BASE, "--partition-range", "2024-01-02...2024-01-03", "--co", "-q")
    found = ids(result)
    assert len(found) == 48
    assert found[0] == "test_h[2024-01-02-00:00]" and found[-1] == "test_h[2024-01-03-23:00]"


def test_partition_range_with_dates_covers_the_time_dimension(
    pytester: pytest.Pytester, header: str
) -> None:
    """Date ranges restrict the time dimension of multi partitions."""
    pytester.makepyfile(
        header + "@pytest.mark.partitions(multi)\ndef test_m(partition_key): pass\n"
    )
    result = pytester.runpytest(*BASE, "--partition-range", "2024-03-01...2024-03-02", "--co", "-q")
    assert sorted(ids(result)) == sorted(
        f"test_m[{c}|2024-03-0{d}]" for c in ("red", "blue") for d in (1, 2)
    )


def test_partitions_sample_caps_every_marked_test(pytester: pytest.Pytester, header: str) -> None:
    """``--partitions-sample N`` caps each marked test at N keys (first and last included)."""
    pytester.makepyfile(header + MARKED)
    result = pytester.runpytest(*BASE, "--partitions-sample", "3", "--co", "-q")
    daily_ids = [i for i in ids(result) if i.startswith("test_daily")]
    assert len(daily_ids) == 3
    assert daily_ids[0] == "test_daily[2024-01-01]" and daily_ids[-1] == "test_daily[2024-12-31]"


def test_marker_sample_and_option_sample_take_the_smaller(
    pytester: pytest.Pytester, header: str
) -> None:
    """The marker's ``sample=`` and ``--partitions-sample`` combine as the smaller cap."""
    pytester.makepyfile(header + "@pytest.mark.partitions(daily, sample=10)\ndef test_s(): pass\n")
    result = pytester.runpytest(*BASE, "--partitions-sample", "4", "--co", "-q")
    assert len(ids(result)) == 4


def test_partitions_now_decides_which_windows_exist(pytester: pytest.Pytester) -> None:
    """``--partitions-now`` fixes the instant: an open-ended daily definition has 4 keys on the 5th."""
    pytester.makepyfile(
        """
import pytest, partwise as pw
open_daily = pw.DailyPartitionsDefinition(start_date="2024-01-01")

@pytest.mark.partitions(open_daily)
def test_o(partition_key): pass
"""
    )
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "--partitions-now", "2024-01-05T12:00", "--co", "-q"
    )
    assert ids(result) == [f"test_o[2024-01-0{d}]" for d in range(1, 5)]


def test_ini_values_work_like_options(pytester: pytest.Pytester, header: str) -> None:
    """Every option has an ini twin."""
    pytester.makeini(
        """
[pytest]
partitions_now = 2025-06-01
partition_range = 2024-01-01...2024-01-10
partitions_sample = 2
"""
    )
    pytester.makepyfile(header + "@pytest.mark.partitions(daily)\ndef test_i(): pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--co", "-q")
    assert ids(result) == ["test_i[2024-01-01]", "test_i[2024-01-10]"]


def test_command_line_wins_over_ini(pytester: pytest.Pytester, header: str) -> None:
    """A command-line option overrides its ini value."""
    pytester.makeini("[pytest]\npartition_key = 2024-01-01\n")
    pytester.makepyfile(header + "@pytest.mark.partitions(daily)\ndef test_c(): pass\n")
    result = pytester.runpytest(*BASE, "--partition-key", "2024-01-02", "--co", "-q")
    assert ids(result) == ["test_c[2024-01-02]"]


def test_report_header_shows_effective_settings(pytester: pytest.Pytester, header: str) -> None:
    """The header line shows now, seed, sample, key and range."""
    pytester.makepyfile(header + MARKED)
    result = pytester.runpytest(
        *BASE, "--partitions-seed", "7", "--partitions-sample", "3", "--partition-range", "a...b"
    )
    result.stdout.fnmatch_lines(
        [
            "partwise: now=2025-06-01T00:00:00+00:00 (--partitions-now), seed=7, sample=3, range=a...b"
        ]
    )


def test_default_now_is_the_session_start(pytester: pytest.Pytester) -> None:
    """Without ``--partitions-now`` the header says the session start decides."""
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["partwise: now=* (session start), seed=0, sample=all"])


def test_random_seed_is_chosen_and_shown(pytester: pytest.Pytester) -> None:
    """``--partitions-seed random`` picks a number and prints it for replay."""
    result = pytester.runpytest("-p", "no:cacheprovider", "--partitions-seed", "random")
    line = next(line for line in result.outlines if line.startswith("partwise:"))
    seed = line.split("seed=")[1].split(",")[0]
    assert seed.isdigit()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--partitions-sample", "0", "*--partitions-sample: '0' is not a positive integer*"),
        ("--partitions-sample", "many", "*--partitions-sample: 'many' is not a positive*"),
        ("--partition-range", "2024-01-01", "*--partition-range: '2024-01-01' is not a range*"),
        ("--partitions-now", "yesterday", "*--partitions-now: 'yesterday' is not an ISO date*"),
    ],
)
def test_bad_option_values_are_usage_errors(
    pytester: pytest.Pytester, option: str, value: str, message: str
) -> None:
    """Malformed option values stop pytest with a usage error naming the option."""
    result = pytester.runpytest("-p", "no:cacheprovider", option, value)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_plugin_can_be_disabled(pytester: pytest.Pytester) -> None:
    """``-p no:partwise`` removes the plugin (and its header)."""
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:partwise")
    assert not any(line.startswith("partwise:") for line in result.outlines)
