"""How FilesystemIOManager writes: unnamed files linked into place where the system allows, named
temporary files renamed over the target elsewhere, undoable through the run's write journal."""

from __future__ import annotations

import os
import pickle
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from partwise import _scratch
from partwise._io.base import build_input_context, build_output_context
from partwise._io.filesystem import FilesystemIOManager
from partwise._io.journal import WriteJournal
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise.errors import InvariantViolationError

KEYS = StaticPartitionsDefinition(["k", "j"])
UNNAMED_AVAILABLE = _scratch._can_link_descriptors()


@pytest.fixture(params=["unnamed", "no-proc", "refused"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each way a file gets written: ``unnamed`` (Linux), ``no-proc`` (a system without
    ``O_TMPFILE`` or ``/proc``) and ``refused`` (the kernel refuses the unnamed file)."""
    if request.param == "unnamed" and not UNNAMED_AVAILABLE:
        pytest.skip("no unnamed files on this system")
    if request.param == "no-proc":
        monkeypatch.setattr(_scratch, "_can_link_descriptors", lambda: False)
    if request.param == "refused":  # O_TMPFILE without write access is EINVAL, a real refusal
        monkeypatch.setattr(_scratch, "_UNNAMED", getattr(os, "O_TMPFILE", 0) | os.O_RDONLY)
    yield request.param


@pytest.fixture
def manager(tmp_path: Path) -> FilesystemIOManager:
    return FilesystemIOManager(base_dir=str(tmp_path))


def _store(
    manager: FilesystemIOManager, obj: Any, key: str = "k", journal: WriteJournal | None = None
) -> None:
    context = build_output_context(asset_key="a", partitions_def=KEYS, partition_key=key)
    context._journal = journal
    manager.handle_output(context, obj)


def _load(manager: FilesystemIOManager, key: str = "k") -> Any:
    context = build_input_context(asset_key="a", partitions_def=KEYS, partition_key=key)
    return manager.load_input(context)


def _names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_new_and_replaced_files_hold_plain_pickles(
    mode: str, manager: FilesystemIOManager, tmp_path: Path
) -> None:
    _store(manager, {"v": 1})
    assert pickle.loads((tmp_path / "a" / "k").read_bytes()) == {"v": 1}
    _store(manager, {"v": 2})
    assert pickle.loads((tmp_path / "a" / "k").read_bytes()) == {"v": 2}
    assert _load(manager) == {"v": 2}
    assert _names(tmp_path / "a") == ["k"]  # no temporary or backup file


def test_rollback_removes_a_new_file_and_restores_a_replaced_one(
    mode: str, manager: FilesystemIOManager, tmp_path: Path
) -> None:
    _store(manager, "recorded", key="j")
    journal = WriteJournal()
    _store(manager, "new", key="k", journal=journal)
    _store(manager, "unrecorded", key="j", journal=journal)
    assert _load(manager, "k") == "new" and _load(manager, "j") == "unrecorded"
    journal.rollback()
    assert _names(tmp_path / "a") == ["j"]
    assert _load(manager, "j") == "recorded"


def test_commit_keeps_the_files_and_drops_the_backups(
    mode: str, manager: FilesystemIOManager, tmp_path: Path
) -> None:
    _store(manager, "recorded", key="j")
    journal = WriteJournal()
    _store(manager, "new", key="k", journal=journal)
    _store(manager, "replaced", key="j", journal=journal)
    journal.commit()
    journal.rollback()  # nothing left to undo
    assert _names(tmp_path / "a") == ["j", "k"]
    assert (_load(manager, "j"), _load(manager, "k")) == ("replaced", "new")


def test_a_failed_write_leaves_nothing(
    mode: str, manager: FilesystemIOManager, tmp_path: Path
) -> None:
    class Unpicklable:
        def __reduce__(self) -> Any:
            raise TypeError("no")

    with pytest.raises(InvariantViolationError, match="not picklable"):
        _store(manager, [b"x" * 300_000, Unpicklable()])
    assert _names(tmp_path / "a") == []


def test_files_get_the_mode_open_gives_them(
    mode: str, manager: FilesystemIOManager, tmp_path: Path
) -> None:
    _store(manager, 1)
    (tmp_path / "plain").write_bytes(b"")
    assert stat.S_IMODE((tmp_path / "a" / "k").stat().st_mode) == stat.S_IMODE(
        (tmp_path / "plain").stat().st_mode
    )


@pytest.mark.parametrize("fsync", [False, True])
def test_big_values_round_trip(mode: str, tmp_path: Path, fsync: bool) -> None:
    """Past the size read in one call, and with buffers pickle hands over as they are."""
    manager = FilesystemIOManager(base_dir=str(tmp_path), fsync=fsync)
    value = [bytearray(b"a" * 3_000_000), b"b" * 2_000_000, pickle.PickleBuffer(b"c" * 70_000)]
    _store(manager, value)
    loaded = _load(manager)
    assert loaded[:2] == value[:2] and bytes(loaded[2]) == b"c" * 70_000


def test_an_empty_file_reads_as_the_error_pickle_gives(manager: FilesystemIOManager) -> None:
    _store(manager, 1)
    path = Path(manager.base_dir or "") / "a" / "k"
    path.write_bytes(b"")
    with pytest.raises(EOFError):
        _load(manager)


def test_a_directory_where_a_partition_file_goes_is_refused(
    mode: str, manager: FilesystemIOManager, tmp_path: Path
) -> None:
    (tmp_path / "a" / "k").mkdir(parents=True)
    with pytest.raises(InvariantViolationError, match="is a directory"):
        _store(manager, 1)
    with pytest.raises(IsADirectoryError):
        _load(manager)
    assert _names(tmp_path / "a") == ["k"]


def test_a_removed_storage_directory_is_made_again(
    mode: str, manager: FilesystemIOManager, tmp_path: Path
) -> None:
    _store(manager, 1)
    (tmp_path / "a" / "k").unlink()
    (tmp_path / "a").rmdir()
    tmp_path.rmdir()
    _store(manager, 2)
    assert _load(manager) == 2
