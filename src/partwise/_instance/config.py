"""Reading a Dagster instance config (``dagster.yaml``) as far as it maps onto a partwise instance.

A partwise instance is one SQLite file plus a directory of stored outputs, so the settings that
matter are where those live: ``storage: sqlite: base_dir``, the ``base_dir`` of SQLite
``run_storage``/``event_log_storage``/``schedule_storage``, and ``local_artifact_storage``'s
``base_dir``. Sections about daemons, launchers and UI behaviour have no meaning for an in-process
engine and are accepted and ignored; anything else is refused by name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from partwise.errors import InvalidConfigError, PartwiseError, StorageError

if TYPE_CHECKING:
    from .instance import Instance

__all__ = [
    "IGNORED_SECTIONS",
    "StorageLocations",
    "instance_from_config",
    "read_instance_config",
    "storage_locations",
]

_DB_SECTIONS = ("run_storage", "event_log_storage", "schedule_storage")
IGNORED_SECTIONS = frozenset(
    {
        "auto_materialize",
        "backfills",
        "code_servers",
        "compute_logs",
        "concurrency",
        "nux",
        "python_logs",
        "retention",
        "run_coordinator",
        "run_launcher",
        "run_monitoring",
        "run_queue",
        "run_retries",
        "scheduler",
        "schedules",
        "secrets",
        "sensors",
        "telemetry",
    }
)
"""Sections with no meaning in-process (daemons, launchers, UI): accepted and ignored."""


@dataclass(frozen=True)
class StorageLocations:
    """Where the instance's database and its stored outputs go."""

    database_dir: str
    artifact_dir: str


def instance_from_config(
    cls: type[Instance],
    config_dir: str | os.PathLike[str],
    config_filename: str,
    overrides: Mapping[str, Any] | None,
) -> Instance:
    """A SQLite instance rooted at ``config_dir`` with the storage locations its config names."""
    from .sqlite import SqliteStorage

    root = os.path.abspath(os.fspath(config_dir))
    try:
        config = {**read_instance_config(root, config_filename), **(overrides or {})}
        where = storage_locations(root, config)
        os.makedirs(where.database_dir, exist_ok=True)
        storage_dir = None
        if where.artifact_dir != root:
            storage_dir = os.path.join(where.artifact_dir, "storage")
            os.makedirs(storage_dir, exist_ok=True)
    except (OSError, ValueError) as e:  # ValueError: a NUL in a path
        if isinstance(e, PartwiseError):
            raise
        config_file = os.path.join(root, config_filename)
        raise StorageError(f"Cannot set up an instance from {config_file}: {e}") from e
    return cls(SqliteStorage(os.path.join(where.database_dir, "partwise.db")), root, storage_dir)


def read_instance_config(config_dir: str, config_filename: str = "dagster.yaml") -> dict[str, Any]:
    """The parsed config file in ``config_dir`` (``{}`` when there is none)."""
    path = os.path.join(config_dir, config_filename)
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf8") as file:
        text = file.read()
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        data = _parse_block_mapping(text, path)
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            problem = " ".join(str(e).split())
            raise InvalidConfigError(f"Instance config {path} is not valid YAML: {problem}") from e
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise InvalidConfigError(f"Instance config {path} is not a mapping: {data!r}")
    return dict(data)


def storage_locations(config_dir: str, config: Mapping[str, Any]) -> StorageLocations:
    """The database and artifact directories ``config`` names (default: ``config_dir``)."""
    unknown = sorted(
        set(config) - IGNORED_SECTIONS - {"storage", "local_artifact_storage", *_DB_SECTIONS}
    )
    if unknown:
        raise InvalidConfigError(
            f"Instance config section(s) {unknown} are not supported by partwise; it honours "
            "'storage' (sqlite base_dir), SQLite 'run_storage'/'event_log_storage'/"
            f"'schedule_storage' and 'local_artifact_storage', and ignores {sorted(IGNORED_SECTIONS)}"
        )
    db_dirs = {d for d in [_storage_dir(config.get("storage"))] if d is not None}
    for section in _DB_SECTIONS:
        if section in config:
            db_dirs.add(_classed_base_dir(section, config[section], "Sqlite"))
    if len(db_dirs) > 1:
        raise InvalidConfigError(
            f"Instance config puts storages in different directories {sorted(db_dirs)}; partwise "
            "keeps runs and events in one SQLite file, so give them one base_dir"
        )
    artifacts = config.get("local_artifact_storage")
    artifact_dir = (
        _classed_base_dir("local_artifact_storage", artifacts, "")
        if artifacts is not None
        else config_dir
    )
    return StorageLocations(next(iter(db_dirs), config_dir), artifact_dir)


def _storage_dir(section: Any) -> str | None:
    if section is None:
        return None
    if not isinstance(section, Mapping) or set(section) != {"sqlite"}:
        kinds = sorted(section) if isinstance(section, Mapping) else section
        raise InvalidConfigError(
            f"Instance config 'storage' must be 'sqlite' for partwise (a local SQLite file); "
            f"got {kinds!r}"
        )
    return _base_dir("storage.sqlite", section["sqlite"])


def _classed_base_dir(section: str, value: Any, class_prefix: str) -> str:
    """``base_dir`` of a ``{module, class, config}`` section whose class partwise can stand in for."""
    if not isinstance(value, Mapping):
        raise InvalidConfigError(f"Instance config {section!r} must be a mapping; got {value!r}")
    cls = str(value.get("class", ""))
    if class_prefix and class_prefix not in cls:
        raise InvalidConfigError(
            f"Instance config {section}: class {cls!r} is not supported by partwise; only SQLite "
            "storages (a local file) are"
        )
    return _base_dir(section, value.get("config"))


def _base_dir(where: str, config: Any) -> str:
    raw = config.get("base_dir") if isinstance(config, Mapping) else None
    if isinstance(raw, Mapping) and set(raw) == {"env"}:
        name = raw["env"]
        if name not in os.environ:
            raise InvalidConfigError(
                f"Instance config {where}.base_dir reads environment variable {name!r}, "
                "which is not set"
            )
        raw = os.environ[name]
    if not isinstance(raw, str) or not raw:
        raise InvalidConfigError(f"Instance config {where} needs a base_dir string; got {raw!r}")
    return os.path.abspath(os.path.expanduser(raw))


def _parse_block_mapping(text: str, path: str) -> dict[str, Any]:
    """The block-mapping subset of YAML that instance configs use, for when PyYAML is absent."""
    root: dict[str, Any] = {}
    stack: list[tuple[int, dict[str, Any]]] = [(-1, root)]
    for number, line in enumerate(text.splitlines(), 1):
        content = line.split(" #", 1)[0].rstrip()
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        indent = len(content) - len(content.lstrip())
        key, sep, rest = content.strip().partition(":")
        if not sep:
            raise InvalidConfigError(
                f"{path}, line {number}: cannot read {line.strip()!r} without PyYAML; "
                "install pyyaml, or use plain 'key: value' lines"
            )
        while stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1]
        if rest.strip():
            parent[key.strip()] = _scalar(rest.strip())
        else:
            child: dict[str, Any] = {}
            parent[key.strip()] = child
            stack.append((indent, child))
    return root


def _scalar(text: str) -> Any:
    if text[:1] in "'\"" and text[-1:] == text[:1]:
        return text[1:-1]
    if text.startswith("{") and text.endswith("}"):
        pairs = [p.partition(":") for p in text[1:-1].split(",") if p.strip()]
        return {k.strip(): _scalar(v.strip()) for k, _, v in pairs}
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "~"):
        return None
    try:
        return int(text)
    except ValueError:
        return text
