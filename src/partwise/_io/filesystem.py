"""The filesystem I/O managers configured like ``Config`` classes: pickle files, one per partition.

The files themselves (layout, atomic writes, reads) are :mod:`partwise._io.file_store`'s.
"""

from __future__ import annotations

from partwise._config.schema import Field
from partwise._tracebackhide import hide_engine_frames

from .base import InitResourceContext, io_manager
from .configurable import ConfigurableIOManager
from .file_store import FileStore, PickleFiles

__all__ = ["FileIOManagerBase", "FilesystemIOManager", "fs_io_manager"]
__tracebackhide__ = hide_engine_frames  # pytest shows the user's frames, not these


class FileIOManagerBase(FileStore, ConfigurableIOManager):
    """One file per output or partition below ``base_dir`` (config fields: ``base_dir``,
    ``fsync``); subclasses choose the file format (see :class:`FileStore`)."""

    base_dir: str | None = None
    fsync: bool = False


class FilesystemIOManager(PickleFiles, FileIOManagerBase):
    """Pickles each output to a file without extension (Dagster's default layout, spec §4.5)."""


@io_manager(config_schema={"base_dir": Field(str, is_required=False)})
def fs_io_manager(init_context: InitResourceContext) -> FilesystemIOManager:
    """The filesystem (pickle) I/O manager as a function-style definition."""
    return FilesystemIOManager(base_dir=init_context.resource_config.get("base_dir"))
