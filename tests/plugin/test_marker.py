"""The ``partitions`` marker: ids, selection options, sources and collection errors."""

from __future__ import annotations

import pytest

NOW = ("--partitions-now", "2025-06-01")


def run(pytester: pytest.Pytester, header: str, body: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(header + body)
    return pytester.runpytest("-p", "no:cacheprovider", *NOW, *args)


def collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if "::" in line and "[" in line]


def test_every_key_is_one_test_named_by_the_key(pytester: pytest.Pytester, header: str) -> None:
    """Without options the test runs once per key and the ids are the keys."""
    result = run(
        pytester,
        header,
        """
@pytest.mark.partitions(daily)
def test_x(partition_key):
    assert len(partition_key) == 10
""",
        "--co",
        "-q",
    )
    ids = collected(result)
    assert len(ids) == 366
    assert ids[0].endswith("test_x[2024-01-01]")
    assert ids[-1].endswith("test_x[2024-12-31]")


def test_last_takes_the_latest_keys(pytester: pytest.Pytester, header: str) -> None:
    """``last=N`` keeps the N latest keys, oldest first."""
    result = run(
        pytester,
        header,
        "@pytest.mark.partitions(daily, last=2)\ndef test_x(partition_key): pass\n",
        "--co",
        "-q",
    )
    assert [i.split("::")[1] for i in collected(result)] == [
        "test_x[2024-12-30]",
        "test_x[2024-12-31]",
    ]


def test_range_is_inclusive(pytester: pytest.Pytester, header: str) -> None:
    """``range=(a, b)`` includes both ends."""
    result = run(
        pytester,
        header,
        """
@pytest.mark.partitions(daily, range=("2024-02-27", "2024-03-01"))
def test_x(partition_key): pass
""",
        "-v",
    )
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(
        ["*test_x[[]2024-02-29[]] PASSED*", "*test_x[[]2024-03-01[]] PASSED*"]
    )


def test_sample_is_deterministic_and_keeps_both_ends(
    pytester: pytest.Pytester, header: str
) -> None:
    """``sample=N`` gives N keys, the first and last always, the same on every run."""
    pytester.makepyfile(
        header + "@pytest.mark.partitions(daily, sample=5)\ndef test_x(partition_key): pass\n"
    )
    first = collected(pytester.runpytest("-p", "no:cacheprovider", *NOW, "--co", "-q"))
    again = collected(pytester.runpytest("-p", "no:cacheprovider", *NOW, "--co", "-q"))
    assert first == again
    assert len(first) == 5
    assert first[0].endswith("[2024-01-01]") and first[-1].endswith("[2024-12-31]")


def test_sample_depends_on_the_seed(pytester: pytest.Pytester, header: str) -> None:
    """A different ``--partitions-seed`` draws a different sample."""
    pytester.makepyfile(
        header + "@pytest.mark.partitions(daily, sample=6)\ndef test_x(partition_key): pass\n"
    )
    base = ("-p", "no:cacheprovider", *NOW, "--co", "-q")
    one = collected(pytester.runpytest(*base, "--partitions-seed", "1"))
    two = collected(pytester.runpytest(*base, "--partitions-seed", "2"))
    assert one != two


def test_multi_ids_join_dimensions(pytester: pytest.Pytester, header: str) -> None:
    """Multi-partition ids read ``red|2024-01-01``; keys may be given as strings or dicts."""
    result = run(
        pytester,
        header,
        """
@pytest.mark.partitions(multi, keys=[{"date": "2024-01-02", "color": "blue"}, "red|2024-01-01"])
def test_x(partition_key):
    assert isinstance(partition_key, pw.MultiPartitionKey)
""",
        "-v",
    )
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        ["*test_x[[]red|2024-01-01[]] PASSED*", "*test_x[[]blue|2024-01-02[]] PASSED*"]
    )


def test_k_selects_by_key(pytester: pytest.Pytester, header: str) -> None:
    """The key is in the test id, so ``-k`` selects partitions."""
    result = run(
        pytester,
        header,
        "@pytest.mark.partitions(daily)\ndef test_x(partition_key): pass\n",
        "-k",
        "2024-03",
    )
    result.assert_outcomes(passed=31)


@pytest.mark.parametrize("source", ["an_asset", "an_asset_job", "op_job", "config"])
def test_sources(pytester: pytest.Pytester, header: str, source: str) -> None:
    """Assets, resolved asset jobs, op jobs and PartitionedConfigs are all sources."""
    result = run(
        pytester,
        header,
        f"""
@pw.asset(partitions_def=daily)
def an_asset(): return 1

an_asset_job = pw.Definitions(assets=[an_asset], jobs=[pw.define_asset_job("j")]).resolve_job_def("j")

@pw.daily_partitioned_config(start_date="2024-01-01", end_offset=0)
def config(start, end): return {{}}

@pw.op
def noop(): pass

@pw.job(config=config)
def op_job(): noop()

@pytest.mark.partitions({source}, range=("2024-01-01", "2024-01-01"))
def test_x(partitions_def):
    assert partitions_def.get_first_partition_key() == "2024-01-01"
""",
    )
    result.assert_outcomes(passed=1)


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    """``pytest --markers`` lists the marker, so ``--strict-markers`` accepts it."""
    result = pytester.runpytest("-p", "no:cacheprovider", "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.partitions(source, [*]*keys=None*"])


def test_unknown_key_fails_only_that_test_naming_test_key_and_nearest(
    pytester: pytest.Pytester, header: str
) -> None:
    """A missing key fails its test (naming the test, the key and the nearest keys); the other
    tests of the module still run."""
    result = run(
        pytester,
        header,
        "@pytest.mark.partitions(daily, keys=['2024-02-30'])\ndef test_bad(partition_key): pass\n"
        "\n@pytest.mark.partitions(daily, keys=['2024-02-29'])\ndef test_ok(partition_key): pass\n"
        "\ndef test_plain(): pass\n",
    )
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*test_bad: partition key '2024-02-30' does not exist*nearest valid keys: [[]'2024-*",
            "ERROR *::test_bad[[]marker-error[]]*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_range_end_outside_definition_fails(pytester: pytest.Pytester, header: str) -> None:
    """Range ends are checked like keys."""
    result = run(
        pytester,
        header,
        "@pytest.mark.partitions(daily, range=('2024-12-30', '2025-01-02'))\ndef test_r(): pass\n",
    )
    result.stdout.fnmatch_lines(["*test_r: partition key '2025-01-02' does not exist*"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("daily, last=0", "*last=0) must be a positive integer*"),
        ("daily, sample='3'", "*sample='3') must be a positive integer*"),
        ("daily, keys='2024-01-01'", "*did you mean keys=[[]'2024-01-01'[]]*"),
        ("daily, keys=['2024-01-01'], last=3", "*at most one of keys=, range= and last=*"),
        ("daily, size=3", "*unknown arguments [[]'size'[]]*"),
        ("", "*0 positional arguments*"),
        ("42", "*got int 42; expected a partitions definition, an asset, a job*"),
        ("daily, range=('a',)", "*range=('a',)) must be a pair*"),
    ],
)
def test_marker_misuse_is_a_usage_error(
    pytester: pytest.Pytester, header: str, args: str, message: str
) -> None:
    """Bad marker arguments fail their test (an error at setup) with a message naming it."""
    result = run(pytester, header, f"@pytest.mark.partitions({args})\ndef test_m(): pass\n")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*test_m*" + message.lstrip("*")])


def test_unpartitioned_asset_is_rejected(pytester: pytest.Pytester, header: str) -> None:
    """An unpartitioned asset source says so."""
    result = run(
        pytester,
        header,
        "@pw.asset\ndef plain(): return 1\n\n@pytest.mark.partitions(plain)\ndef test_p(): pass\n",
    )
    result.stdout.fnmatch_lines(["*test_p: AssetsDefinition plain is not partitioned*"])


def test_a_multi_asset_is_a_source(pytester: pytest.Pytester, header: str) -> None:
    """A multi-asset (no single key) parametrizes by its shared definition."""
    body = (
        "@pw.multi_asset(outs={'a': pw.AssetOut(), 'b': pw.AssetOut()}, partitions_def=colors)\n"
        "def pair(): return 1, 2\n\n"
        "@pytest.mark.partitions(pair)\ndef test_p(partition_key): pass\n"
    )
    result = run(pytester, header, body, "--co", "-q")
    assert [i.rsplit("[", 1)[1] for i in collected(result)] == ["red]", "blue]"]


def test_a_multi_asset_partitioned_two_ways_asks_for_one_definition(
    pytester: pytest.Pytester, header: str
) -> None:
    """A multi-asset whose assets have different definitions names them and the way out."""
    body = (
        "L = pw.StaticPartitionsDefinition(['a'])\n"
        "N = pw.StaticPartitionsDefinition(['1'])\n"
        "@pw.multi_asset(specs=[pw.AssetSpec('l', partitions_def=L),"
        " pw.AssetSpec('n', partitions_def=N)], can_subset=True)\n"
        "def pair(): return None\n\n"
        "@pytest.mark.partitions(pair)\ndef test_p(): pass\n"
    )
    result = run(pytester, header, body)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*test_p: *different PartitionsDefinitions*partitions_def_for(key)*"]
    )


def test_unresolved_asset_job_asks_for_the_resolved_job(
    pytester: pytest.Pytester, header: str
) -> None:
    """An asset job without its own partitions_def must be resolved first."""
    result = run(
        pytester,
        header,
        "job = pw.define_asset_job('load')\n\n@pytest.mark.partitions(job)\ndef test_j(): pass\n",
    )
    result.stdout.fnmatch_lines(["*test_j: asset job 'load'*defs.resolve_job_def('load')*"])


def test_partition_key_without_marker_is_explained(pytester: pytest.Pytester, header: str) -> None:
    """Asking for ``partition_key`` in an unmarked test names the missing marker."""
    result = run(pytester, header, "def test_u(partition_key): pass\n")
    result.stdout.fnmatch_lines(["*test_u uses partition_key*@pytest.mark.partitions(source*"])


def test_unmarked_tests_may_parametrize_the_same_names(
    pytester: pytest.Pytester, header: str
) -> None:
    """Without the marker, ``partitions_def`` may be an ordinary parameter or fixture."""
    result = run(
        pytester,
        header,
        """
@pytest.fixture
def partition_key():
    return "mine"

@pytest.mark.parametrize("partitions_def", [daily, colors])
def test_param(partitions_def, partition_key):
    assert partition_key == "mine"
""",
    )
    result.assert_outcomes(passed=2)


def test_time_window_of_static_partitions_is_explained(
    pytester: pytest.Pytester, header: str
) -> None:
    """``partition_time_window`` on static partitions fails collection with the reason."""
    result = run(
        pytester,
        header,
        "@pytest.mark.partitions(colors)\ndef test_w(partition_time_window): pass\n",
    )
    result.stdout.fnmatch_lines(["*test_w: partition_time_window needs time-window partitions*"])


def test_dynamic_partitions_need_keys(pytester: pytest.Pytester, header: str) -> None:
    """Dynamic keys live in a store, so the marker asks for ``keys=``."""
    result = run(
        pytester,
        header,
        "dyn = pw.DynamicPartitionsDefinition(name='files')\n\n"
        "@pytest.mark.partitions(dyn)\ndef test_d(): pass\n",
    )
    result.stdout.fnmatch_lines(["*test_d: the keys of*name the keys to test with keys=[[]...[]]*"])


def test_dynamic_keys_are_added_to_the_instance(pytester: pytest.Pytester, header: str) -> None:
    """With ``keys=``, each dynamic key exists in ``partwise_instance``."""
    result = run(
        pytester,
        header,
        """
dyn = pw.DynamicPartitionsDefinition(name="files")

@pytest.mark.partitions(dyn, keys=["a.csv", "b.csv"])
def test_d(partition_key, partwise_instance):
    assert partwise_instance.get_dynamic_partitions("files") == [partition_key]
""",
    )
    result.assert_outcomes(passed=2)


def test_marker_on_a_class_applies_to_its_methods(pytester: pytest.Pytester, header: str) -> None:
    """A class-level marker parametrizes every method."""
    result = run(
        pytester,
        header,
        """
@pytest.mark.partitions(colors)
class TestColors:
    def test_a(self, partition_key): assert partition_key in ("red", "blue")
    def test_b(self): pass
""",
    )
    result.assert_outcomes(passed=4)


def test_range_of_dates_on_hourly_partitions(pytester: pytest.Pytester, header: str) -> None:
    """Dates bound an hourly range as times: every hour of both days (backfill's rule)."""
    result = run(
        pytester,
        header,
        """
hourly = pw.HourlyPartitionsDefinition(start_date="2024-11-01-00:00")

@pytest.mark.partitions(hourly, range=("2024-11-01", "2024-11-02"))
def test_h(partition_key):
    pass

@pytest.mark.partitions(hourly, range=("2024-11-01T22:30", "2024-11-02-01:00"))
def test_mixed(partition_key):
    pass
""",
        "--collect-only",
        "-q",
    )
    ids = [line.split("[")[1].rstrip("]") for line in collected(result)]
    assert len(ids) == 48 + 4
    assert ids[0] == "2024-11-01-00:00" and ids[47] == "2024-11-02-23:00"
    assert ids[48:] == [
        "2024-11-01-22:00",
        "2024-11-01-23:00",
        "2024-11-02-00:00",
        "2024-11-02-01:00",
    ]


def test_range_of_dates_outside_hourly_partitions(pytester: pytest.Pytester, header: str) -> None:
    result = run(
        pytester,
        header,
        """
hourly = pw.HourlyPartitionsDefinition(start_date="2024-11-01-00:00")

@pytest.mark.partitions(hourly, range=("2024-10-01", "2024-10-02"))
def test_h(partition_key):
    pass
""",
    )
    result.stdout.fnmatch_lines(
        ["*test_h: range=('2024-10-01', '2024-10-02') overlaps no partition*"]
    )
