"""The filesystem I/O managers' files, without their config: paths, atomic writes and reads.

Layout (spec §4.5): ``<base>/<asset path>`` for an unpartitioned asset, ``<base>/<asset path>/<key>``
per partition (a multi key as one directory level per dimension, dimensions sorted by name), and
``<base>/<run_id>/<step_key>/<output name>`` for op outputs.

:class:`PickledObjectFilesystemIOManager` is the I/O manager a run uses when it is given none, as in
the reference; it needs no config machinery (pydantic), so runs that configure nothing never load it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import re
from collections.abc import Iterable
from typing import Any, BinaryIO

from partwise._metadata import PathMetadataValue
from partwise._scratch import link_unnamed, open_unnamed, recover_scratch_files, scratch_name
from partwise._tracebackhide import hide_engine_frames
from partwise.errors import InvariantViolationError, MissingInputError

from .base import (
    MISSING,
    InputContext,
    IOManager,
    OutputContext,
    load_mapped_partitions as _load_mapped,
    missing_input,
)
from .contexts import partition_path_parts

__all__ = ["FileStore", "PickleFiles", "PickledObjectFilesystemIOManager"]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these


_SPECIAL_SEGMENTS = {".": "%2E", "..": "%2E%2E", "": "%"}
_EMPTY_SEGMENT_SLASH = re.compile(r"^/|/$|(?<=/)/")


def _encode(part: str, splits: bool) -> str:
    """One key part as a relative path; no two parts (or keys) share a path.

    ``%`` is written ``%25``; ``/`` is ``%2F``, except that in a partition key (``splits``) it
    makes sub-directories, as in the reference, unless it would make an empty one (leading,
    trailing or doubled ``/``); the segments ``.``, ``..`` and the empty key are ``%2E``,
    ``%2E%2E`` and ``%``. Ordinary keys (names, dates) are written unchanged.
    """
    if part and "%" not in part and "/" not in part and part not in _SPECIAL_SEGMENTS:
        return part
    text = part.replace("%", "%25")
    text = _EMPTY_SEGMENT_SLASH.sub("%2F", text) if splits else text.replace("/", "%2F")
    return "/".join(_SPECIAL_SEGMENTS.get(segment, segment) for segment in text.split("/"))


def _join(base: str, parts: Iterable[str], splits: bool = False) -> str:
    return os.path.join(base, *(_encode(part, splits) for part in parts))


@functools.lru_cache(maxsize=4096)
def _asset_directory(base: str, parts: tuple[str, ...]) -> str:
    """Where an asset's file (or its partitions' directory) goes: computed once per asset."""
    return _join(base, parts)


@functools.lru_cache(maxsize=4096)
def _sweep(directory: str) -> None:
    """Recover what dead processes left in ``directory`` (see ``partwise._scratch``).

    Done once per directory and process: a forked child forgets the directories swept.
    """
    recover_scratch_files(directory)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_sweep.cache_clear)

_BINARY = getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY


def _fsync_directory(directory: str) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class FileStore:
    """One file per output or partition below ``base_dir``; subclasses choose the file format.

    ``base_dir`` defaults to the instance's storage directory. Readers never see a partial file: a
    new file is linked into place once written, an existing one replaced by a renamed temporary file.
    ``fsync`` also syncs each file and its directory. Both are set by the class using this one
    (config fields of :class:`~partwise._io.filesystem.FileIOManagerBase`, or ``__init__``).
    """

    base_dir: str | None
    fsync: bool

    # format hooks

    def _extension(self) -> str:
        return ""

    def _dump(self, obj: Any, file: BinaryIO) -> None:
        raise NotImplementedError

    def _load(self, file: BinaryIO) -> Any:
        raise NotImplementedError

    def _should_write(self, context: OutputContext, obj: Any) -> bool:
        """Whether ``obj`` is stored at all (``False`` skips it); may raise for a bad type."""
        return True

    def _combine(self, loaded: dict[str, Any]) -> Any:
        """The input value when several partitions were loaded (default: the dict)."""
        return loaded

    # paths

    def _base(self, context: OutputContext | InputContext) -> str:
        if self.base_dir is not None:
            return self.base_dir
        return context.instance.storage_directory()

    def _partition_path(self, asset_dir: str, key: str, partitions_def: Any) -> str:
        parts = partition_path_parts(key, partitions_def)  # one part unless a multi key
        if len(parts) == 1:  # asset_dir never ends with a separator, a part never starts with one
            return f"{asset_dir}{os.sep}{_encode(parts[0], True)}{self._extension()}"
        return _join(asset_dir, parts) + self._extension()

    # writing

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        if not self._should_write(context, obj):
            return
        base = self._base(context)
        asset_key = context._asset_key
        keys = context._keys
        asset_dir = None
        if asset_key is None:
            path = _join(base, context.get_identifier()) + self._extension()
        elif not keys:
            path = _asset_directory(base, asset_key.parts) + self._extension()
        elif len(keys) == 1:
            asset_dir = _asset_directory(base, asset_key.parts)
            path = self._partition_path(asset_dir, keys[0], context._partitions_def)
        elif obj is None:
            context.log.debug("Nothing stored for %s: the step returned None", asset_key)
            return
        else:
            raise self._several_partitions_error(context)
        self._write(path, obj, context, asset_dir)
        if obj is not None:
            context.add_output_metadata({"path": PathMetadataValue(path)})

    def _several_partitions_error(self, context: OutputContext) -> InvariantViolationError:
        keys = context._keys
        return InvariantViolationError(
            f"The current IO manager {type(self).__name__} does not support persisting an output "
            f"associated with multiple partitions: asset {context.asset_key.to_user_string()} "
            f"got one object for {len(keys)} partitions ('{keys[0]}' to '{keys[-1]}'), and it "
            "stores exactly one object per partition. Return None from the asset (and write the "
            "data yourself), or run one partition per run (a multi-run backfill policy)."
        )

    def _write(self, path: str, obj: Any, context: OutputContext, asset_dir: str | None) -> None:
        """Store ``obj`` at ``path``: a new file is written unnamed and then linked there (see
        ``partwise._scratch``); an existing one is replaced by renaming a temporary file over it."""
        directory = os.path.dirname(path)
        _sweep(directory)
        try:
            fd = open_unnamed(directory)
        except (FileNotFoundError, NotADirectoryError):
            self._make_directory(directory, asset_dir, context)
            fd = open_unnamed(directory)
        if fd is None or not self._write_unnamed(fd, path, obj, context):
            self._write_named(path, obj, context, asset_dir)
        if self.fsync:
            _fsync_directory(directory)

    def _write_unnamed(self, fd: int, path: str, obj: Any, context: OutputContext) -> bool:
        """Write ``obj`` to the unnamed file ``fd``, then name it ``path``; ``False`` if this file
        cannot be named (the caller writes a named temporary file instead)."""
        try:
            self._write_to(fd, obj)
            try:
                link_unnamed(fd, path)
            except FileExistsError:  # replace the file there, as a named write does
                temp = scratch_name(path, "tmp")
                link_unnamed(fd, temp)
                self._replace(temp, path, context)
            except OSError:
                return False
            else:
                if context._journal is not None:
                    context._journal.created(path)  # undoable until the run is recorded
        finally:
            os.close(fd)
        return True

    def _write_named(
        self, path: str, obj: Any, context: OutputContext, asset_dir: str | None
    ) -> None:
        temp = scratch_name(path, "tmp")
        try:
            fd = os.open(temp, _NEW_FILE, 0o666)
        except (FileNotFoundError, NotADirectoryError):
            self._make_directory(os.path.dirname(path), asset_dir, context)
            fd = os.open(temp, _NEW_FILE, 0o666)
        try:
            try:
                self._write_to(fd, obj)
            finally:
                os.close(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        self._replace(temp, path, context)

    def _write_to(self, fd: int, obj: Any) -> None:
        """Write ``obj`` to the open file ``fd`` (with ``_dump``), synced if ``fsync`` is set."""
        with open(fd, "wb", closefd=False) as file:
            self._dump(obj, file)
        if self.fsync:
            os.fsync(fd)

    def _replace(self, temp: str, path: str, context: OutputContext) -> None:
        """Rename ``temp`` over ``path``, undoably if the run keeps a journal."""
        try:
            if context._journal is not None:
                context._journal.replace(temp, path)  # undoable until the run is recorded
            else:
                os.replace(temp, path)
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            if isinstance(error, IsADirectoryError):
                raise InvariantViolationError(
                    f"Cannot store the output at {path}: that path is a directory (for an asset, "
                    "the partitions of an earlier partitioned materialization); remove it, or "
                    "materialize with a partition key"
                ) from error
            raise

    def _make_directory(
        self, directory: str, asset_dir: str | None, context: OutputContext
    ) -> None:
        """Create ``directory``, first removing an unpartitioned file where partitions now go."""
        if asset_dir is not None and os.path.isfile(asset_dir):
            context.log.warning(
                "Found a file at %s from an earlier unpartitioned materialization of %s; "
                "removing it to store partitions in a directory there",
                asset_dir,
                context.asset_key.to_user_string(),
            )
            os.remove(asset_dir)
        os.makedirs(directory, exist_ok=True)

    # loading

    def _read(self, path: str) -> Any:
        try:
            fd = os.open(path, os.O_RDONLY | _BINARY)
        except (FileNotFoundError, NotADirectoryError):
            return MISSING
        try:
            return self._read_from(fd)
        finally:
            os.close(fd)

    def _read_from(self, fd: int) -> Any:
        """The object stored in the open file ``fd`` (read with ``_load``)."""
        with open(fd, "rb", closefd=False) as file:
            return self._load(file)

    def load_input(self, context: InputContext) -> Any:
        base = self._base(context)
        asset_key = context._asset_key
        if asset_key is None:
            return self._read_whole(_join(base, context.get_identifier()), context)
        asset_dir = _asset_directory(base, asset_key.parts)
        if not context.has_asset_partitions:
            return self._read_whole(asset_dir, context)
        defn = context._partitions_def

        def fetch(key: str) -> Any:
            return self._read(self._partition_path(asset_dir, key, defn))

        def missing(key: str) -> Exception:
            path = self._partition_path(asset_dir, key, defn)
            return _not_found(f"partition '{key}' of asset {asset_key.to_user_string()}", path)

        loaded = _load_mapped(context, fetch, missing)
        return self._combine(loaded) if len(context._keys) > 1 else loaded

    def _read_whole(self, stem: str, context: InputContext) -> Any:
        path = stem + self._extension()
        try:
            obj = self._read(path)
        except IsADirectoryError as error:
            raise InvariantViolationError(
                f"Cannot load {_describe(context)} from {path}: that path is a directory of "
                "partitions (the asset was materialized partitioned); load it as a partitioned "
                "input"
            ) from error
        if obj is MISSING:
            raise _not_found(_describe(context), path)
        return obj


def _describe(context: InputContext) -> str:
    if context._asset_key is not None:
        return f"asset {context._asset_key.to_user_string()}"
    upstream = context.upstream_output
    assert upstream is not None  # get_identifier() succeeded
    return f"output '{upstream.name}' of step '{upstream.step_key}' in run {upstream.run_id}"


def _not_found(what: str, path: str) -> MissingInputError:
    return missing_input(what, f"no file {path} with this I/O manager and base directory")


class PickleFiles(FileStore):
    """Each output pickled to a file without extension (Dagster's default layout, spec §4.5)."""

    def _dump(self, obj: Any, file: BinaryIO) -> None:
        try:
            pickle.dump(obj, file, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as error:
            raise InvariantViolationError(
                f"Object of type {type(obj).__qualname__} is not picklable ({error}); "
                f"{type(self).__name__} pickles every output. Use InMemoryIOManager or another "
                "I/O manager for this output."
            ) from error

    def _load(self, file: BinaryIO) -> Any:
        return pickle.load(file)

    def _write_to(self, fd: int, obj: Any) -> None:
        self._dump(obj, _DescriptorWriter(fd))  # type: ignore[arg-type]  # pickle only writes
        if self.fsync:
            os.fsync(fd)

    def _read_from(self, fd: int) -> Any:
        size = os.fstat(fd).st_size
        if size > _READ_WHOLE:  # big: unpickled as it is read, not from a copy of the file
            return super()._read_from(fd)
        data = os.read(fd, size or _READ_WHOLE)
        if len(data) != size:  # a short read, or a file whose size is not known in advance
            chunks = [data]
            while chunks[-1]:
                chunks.append(os.read(fd, _READ_WHOLE))
            data = b"".join(chunks)
        return pickle.loads(data)


_READ_WHOLE = 1 << 20
"""Files up to this size are read in one call and unpickled from memory."""


class _DescriptorWriter:
    """The ``write`` that pickle needs, straight to a file descriptor: no buffer to set up for
    a value that pickle hands over in one piece (or in frames of 64 KiB)."""

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes | bytearray | pickle.PickleBuffer) -> int:
        view = memoryview(data).cast("B")  # pickle may hand over a PickleBuffer
        written = os.write(self.fd, view)
        while written < len(view):  # a short write: write the rest
            written += os.write(self.fd, view[written:])
        return written


class PickledObjectFilesystemIOManager(PickleFiles, IOManager):
    """Pickle files below ``base_dir`` (default: the instance's storage directory): the files of
    ``FilesystemIOManager`` without its config fields; asset runs given no I/O manager use it."""

    def __init__(self, base_dir: str | None = None, fsync: bool = False) -> None:
        self.base_dir = base_dir
        self.fsync = fsync

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_dir={self.base_dir!r}, fsync={self.fsync!r})"
