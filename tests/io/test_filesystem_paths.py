"""Keys never share a file, odd keys work, killed writes leave no litter (issue 10, item 3)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from partwise import (
    AssetKey,
    AssetOut,
    DailyPartitionsDefinition,
    FilesystemIOManager,
    Instance,
    MultiPartitionsDefinition,
    StaticPartitionsDefinition,
    asset,
    materialize,
    multi_asset,
)

ODD = ["/x", "%2Fx", "..", "%2E%2E", ".", "", "%", "%25", "a/b", "a//b", "a/b/", "100%"]


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_odd_static_keys_each_get_their_own_file(tmp_path: Path) -> None:
    @asset(partitions_def=StaticPartitionsDefinition(ODD))
    def odd(context: Any) -> str:
        return str(context.partition_key)

    @asset(partitions_def=StaticPartitionsDefinition(ODD))
    def echo(odd: str) -> str:
        return odd

    resources = {"io_manager": FilesystemIOManager(base_dir=str(tmp_path / "s"))}
    instance = Instance.ephemeral()
    for key in ODD:
        result = materialize([odd, echo], partition_key=key, resources=resources, instance=instance)
        assert result.output_for_node("echo") == key
    files = _files(tmp_path / "s")
    assert len(files) == 2 * len(ODD)
    for path in files:
        assert pickle.loads((tmp_path / "s" / path).read_bytes()) in ODD
    assert "odd/%2Fx" in files and "odd/%252Fx" in files
    assert "odd/%2E%2E" in files and "odd/%252E%252E" in files
    assert "odd/%2E" in files and "odd/%" in files and "odd/100%25" in files
    assert "odd/a/b" in files and "odd/a/%2Fb" in files and "odd/a/b%2F" in files


def test_a_slash_inside_an_asset_key_part_is_not_a_directory(tmp_path: Path) -> None:
    @asset(key=AssetKey(["lake", "t"]))
    def nested() -> int:
        return 1

    @multi_asset(outs={"slashed": AssetOut(key=AssetKey(["lake/t"]))})  # @asset refuses the name
    def slashed() -> int:
        return 2

    resources = {"io_manager": FilesystemIOManager(base_dir=str(tmp_path))}
    materialize([nested, slashed], resources=resources)
    assert pickle.loads((tmp_path / "lake" / "t").read_bytes()) == 1
    assert pickle.loads((tmp_path / "lake%2Ft").read_bytes()) == 2


def test_ordinary_keys_keep_the_reference_layout(tmp_path: Path) -> None:
    multi = MultiPartitionsDefinition(
        {
            "date": DailyPartitionsDefinition("2024-01-01"),
            "color": StaticPartitionsDefinition(["b"]),
        }
    )

    @asset(key_prefix=["pre"], partitions_def=DailyPartitionsDefinition("2024-01-01"))
    def daily() -> int:
        return 1

    @asset(partitions_def=multi)
    def grid() -> int:
        return 2

    @asset(partitions_def=StaticPartitionsDefinition(["/abs"]))
    def rooted() -> int:
        return 3

    resources = {"io_manager": FilesystemIOManager(base_dir=str(tmp_path))}
    materialize([daily], partition_key="2024-01-02", resources=resources)
    materialize([grid], partition_key="b|2024-01-02", resources=resources)
    materialize([rooted], partition_key="/abs", resources=resources)
    assert _files(tmp_path) == ["grid/b/2024-01-02", "pre/daily/2024-01-02", "rooted/%2Fabs"]


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(proc.stdout)


def test_scratch_files_of_dead_writers_are_recovered(tmp_path: Path) -> None:
    @asset(partitions_def=StaticPartitionsDefinition(["k", "j"]))
    def kept() -> int:
        return 1

    folder = tmp_path / "kept"
    folder.mkdir()
    dead = [folder / f".k.{_dead_pid()}-0badcafe.tmp", folder / f".j.{_dead_pid()}-0badcafe.bak"]
    alive = folder / f".k.{os.getppid()}-0badcafe.tmp"  # a live writer: left alone
    for path in [*dead, alive]:
        path.write_bytes(b"partial")
    resources = {"io_manager": FilesystemIOManager(base_dir=str(tmp_path))}
    materialize([kept], partition_key="k", resources=resources)
    # the dead writer's backup is the last recorded "j", replaced by a run never recorded: back
    assert sorted(os.listdir(folder)) == sorted([alive.name, "j", "k"])
    assert (folder / "j").read_bytes() == b"partial"


@pytest.mark.parametrize("key", ["", ".", ".."])
def test_odd_keys_through_the_pandas_io_manager(tmp_path: Path, key: str) -> None:
    pd = pytest.importorskip("pandas")
    from partwise import PandasIOManager

    @asset(partitions_def=StaticPartitionsDefinition([key, "other"]))
    def frame() -> Any:
        return pd.DataFrame({"a": [1]})

    manager = PandasIOManager(base_dir=str(tmp_path), file_format="pickle")
    materialize([frame], partition_key=key, resources={"io_manager": manager})
    materialize([frame], partition_key="other", resources={"io_manager": manager})
    assert len(_files(tmp_path)) == 2
