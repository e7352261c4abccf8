"""Metadata values: what materializations, outputs and failures carry, typed as the reference types them.

Raw values are normalised on the way in (``str`` → :class:`TextMetadataValue`, ``int`` →
:class:`IntMetadataValue`, ``dict``/``list`` → :class:`JsonMetadataValue`, …), so recorded
metadata always answers ``.value``. A leaf module: it imports only :mod:`partwise._asset_key`.
"""

from __future__ import annotations

import builtins
import datetime as _dt
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from partwise._asset_key import AssetKey
from partwise.errors import CheckError, InvalidMetadataError, check_param

from .table import (
    TableColumn,
    TableColumnConstraints,
    TableConstraints,
    TableRecord,
    TableSchema,
    column_type,
)

__all__ = [
    "BoolMetadataValue",
    "DagsterAssetMetadataValue",
    "DagsterJobMetadataValue",
    "DagsterRunMetadataValue",
    "FloatMetadataValue",
    "IntMetadataValue",
    "JsonMetadataValue",
    "MarkdownMetadataValue",
    "MetadataValue",
    "NotebookMetadataValue",
    "NullMetadataValue",
    "PathMetadataValue",
    "PythonArtifactMetadataValue",
    "TableColumn",
    "TableColumnConstraints",
    "TableConstraints",
    "TableMetadataValue",
    "TableRecord",
    "TableSchema",
    "TableSchemaMetadataValue",
    "TextMetadataValue",
    "TimestampMetadataValue",
    "UrlMetadataValue",
    "normalize_metadata",
    "normalize_metadata_value",
]

T = TypeVar("T")


def _expect(value: Any, kind: type | tuple[type, ...], param: str) -> None:
    """Exact-type checks as the reference makes them (``bool`` is no ``int`` here, ``int`` no ``float``)."""
    ok = isinstance(value, kind) and not (kind is builtins.int and isinstance(value, bool))
    if not ok:
        name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise CheckError(
            f'Param "{param}" is not a {name}. Got {value!r} which is type {type(value)}.'
        )


class MetadataValue(Generic[T]):
    """Base of every typed metadata value; the static methods build them."""

    if TYPE_CHECKING:  # each subclass has ``value`` as a field or a property

        @property
        def value(self) -> T: ...

    @staticmethod
    def text(text: str) -> TextMetadataValue:
        _expect(text, str, "text")
        return TextMetadataValue(text)

    @staticmethod
    def int(value: builtins.int) -> IntMetadataValue:
        _expect(value, builtins.int, "value")
        return IntMetadataValue(value)

    @staticmethod
    def float(value: builtins.float) -> FloatMetadataValue:
        _expect(value, builtins.float, "value")
        return FloatMetadataValue(value)

    @staticmethod
    def bool(value: builtins.bool) -> BoolMetadataValue:
        _expect(value, builtins.bool, "value")
        return BoolMetadataValue(value)

    @staticmethod
    def json(data: Sequence[Any] | Mapping[str, Any]) -> JsonMetadataValue:
        return JsonMetadataValue(data)

    @staticmethod
    def md(data: str) -> MarkdownMetadataValue:
        _expect(data, str, "md_str")
        return MarkdownMetadataValue(data)

    @staticmethod
    def path(path: str | os.PathLike[str]) -> PathMetadataValue:
        return PathMetadataValue(path)

    @staticmethod
    def notebook(path: str | os.PathLike[str]) -> NotebookMetadataValue:
        return NotebookMetadataValue(path)

    @staticmethod
    def url(url: str) -> UrlMetadataValue:
        _expect(url, str, "url")
        return UrlMetadataValue(url)

    @staticmethod
    def dagster_run(run_id: str) -> DagsterRunMetadataValue:
        _expect(run_id, str, "run_id")
        return DagsterRunMetadataValue(run_id)

    @staticmethod
    def asset(asset_key: AssetKey) -> DagsterAssetMetadataValue:
        _expect(asset_key, AssetKey, "asset_key")
        return DagsterAssetMetadataValue(asset_key)

    @staticmethod
    def job(
        job_name: str, location_name: str, *, repository_name: str | None = None
    ) -> DagsterJobMetadataValue:
        return DagsterJobMetadataValue(job_name, location_name, repository_name)

    @staticmethod
    def null() -> NullMetadataValue:
        return NullMetadataValue()

    @staticmethod
    def timestamp(value: builtins.float | _dt.datetime) -> TimestampMetadataValue:
        """A unix timestamp, or an aware datetime (a naive one is ambiguous and refused)."""
        if isinstance(value, _dt.datetime):
            if value.tzinfo is None:
                raise CheckError(
                    "Failure condition: Datetime values provided to MetadataValue.timestamp must "
                    "have timezones, "
                    f"but {value.isoformat()} does not"
                )
            return TimestampMetadataValue(value.timestamp())
        if not isinstance(value, builtins.float):
            raise CheckError(
                f"Failure condition: Expected either a float or a datetime, but received a {type(value)}"
            )
        return TimestampMetadataValue(value)

    @staticmethod
    def python_artifact(python_artifact: Callable[..., Any]) -> PythonArtifactMetadataValue:
        return PythonArtifactMetadataValue(python_artifact.__module__, python_artifact.__name__)

    @staticmethod
    def table(
        records: Sequence[TableRecord], schema: TableSchema | None = None
    ) -> TableMetadataValue:
        return TableMetadataValue(records, schema)

    @staticmethod
    def table_schema(schema: TableSchema) -> TableSchemaMetadataValue:
        _expect(schema, TableSchema, "schema")
        return TableSchemaMetadataValue(schema)


@dataclass(frozen=True)
class TextMetadataValue(MetadataValue[str]):
    text: str  # type: ignore[assignment]  # the field shadows the constructor, as in the reference

    @property
    def value(self) -> str:
        return self.text


@dataclass(frozen=True)
class UrlMetadataValue(MetadataValue[str]):
    url: str  # type: ignore[assignment]

    @property
    def value(self) -> str:
        return self.url


@dataclass(frozen=True)
class MarkdownMetadataValue(MetadataValue[str]):
    md_str: str

    @property
    def value(self) -> str:
        return self.md_str


@dataclass(frozen=True)
class IntMetadataValue(MetadataValue[int]):
    value: int


@dataclass(frozen=True)
class FloatMetadataValue(MetadataValue[float]):
    value: float


@dataclass(frozen=True)
class BoolMetadataValue(MetadataValue[bool]):
    value: bool


@dataclass(frozen=True)
class TimestampMetadataValue(MetadataValue[float]):
    value: float


@dataclass(frozen=True)
class JsonMetadataValue(MetadataValue[Any]):
    data: Any

    @property
    def value(self) -> Any:
        return self.data


@dataclass(frozen=True, init=False)
class PathMetadataValue(MetadataValue[str]):
    fspath: str

    def __init__(self, path: str | os.PathLike[str]) -> None:
        object.__setattr__(self, "fspath", os.fspath(path))

    @property
    def path(self) -> str:  # type: ignore[override]
        return self.fspath

    @property
    def value(self) -> str:
        return self.fspath


@dataclass(frozen=True, init=False)
class NotebookMetadataValue(PathMetadataValue):
    pass


@dataclass(frozen=True)
class NullMetadataValue(MetadataValue[None]):
    @property
    def value(self) -> None:
        return None


@dataclass(frozen=True)
class DagsterRunMetadataValue(MetadataValue[str]):
    run_id: str

    @property
    def value(self) -> str:
        return self.run_id


@dataclass(frozen=True)
class DagsterAssetMetadataValue(MetadataValue[AssetKey]):
    asset_key: AssetKey

    @property
    def value(self) -> AssetKey:
        return self.asset_key


@dataclass(frozen=True)
class DagsterJobMetadataValue(MetadataValue["DagsterJobMetadataValue"]):
    job_name: str
    location_name: str
    repository_name: str | None = None

    @property
    def value(self) -> DagsterJobMetadataValue:
        return self


@dataclass(frozen=True)
class PythonArtifactMetadataValue(MetadataValue["PythonArtifactMetadataValue"]):
    module: str
    name: str

    @property
    def value(self) -> PythonArtifactMetadataValue:
        return self


@dataclass(frozen=True, init=False)
class TableMetadataValue(MetadataValue["TableMetadataValue"]):
    """Rows with a schema; without one, the schema is inferred from the first row's values."""

    records: list[TableRecord]
    schema: TableSchema

    def __init__(self, records: Sequence[TableRecord], schema: TableSchema | None = None) -> None:
        rows = list(records)
        if not rows and schema is None:
            raise CheckError("schema must be provided if records is empty")
        if rows:
            columns = set(rows[0].data)
            if any(set(r.data) != columns for r in rows[1:]):
                raise CheckError("All records must have the same fields")
        if schema is None:
            schema = TableSchema([TableColumn(k, column_type(v)) for k, v in rows[0].data.items()])
        object.__setattr__(self, "records", rows)
        object.__setattr__(self, "schema", schema)

    @staticmethod
    def infercolumn_type(value: object) -> str:
        return column_type(value)

    @property
    def value(self) -> TableMetadataValue:
        return self


@dataclass(frozen=True)
class TableSchemaMetadataValue(MetadataValue[TableSchema]):
    schema: TableSchema

    @property
    def value(self) -> TableSchema:
        return self.schema


# -- normalisation -----------------------------------------------------------------------------


def normalize_metadata_value(raw: Any) -> MetadataValue[Any]:
    """The typed value for ``raw`` (a ``MetadataValue`` is kept as is)."""
    if isinstance(raw, MetadataValue):
        return raw
    if isinstance(raw, str):
        return TextMetadataValue(raw)
    if isinstance(raw, float):
        return FloatMetadataValue(raw)
    if isinstance(raw, bool):
        return BoolMetadataValue(raw)
    if isinstance(raw, int):
        return IntMetadataValue(raw)
    if isinstance(raw, (list, dict)):
        try:
            json.dumps(raw)
        except (TypeError, ValueError):
            raise InvalidMetadataError("Value is not JSON serializable.") from None
        return JsonMetadataValue(raw)
    if isinstance(raw, os.PathLike):
        return PathMetadataValue(raw)
    if isinstance(raw, AssetKey):
        return DagsterAssetMetadataValue(raw)
    if isinstance(raw, TableSchema):
        return TableSchemaMetadataValue(raw)
    if raw is None:
        return NullMetadataValue()
    raise InvalidMetadataError(
        f"Its type was {type(raw)}. Consider wrapping the value with the appropriate "
        "MetadataValue type."
    )


def normalize_metadata(
    metadata: Mapping[str, Any] | None, allow_invalid: bool = False
) -> dict[str, MetadataValue[Any]]:
    """Every value of ``metadata`` typed; an unsupported value names its key.

    With ``allow_invalid``, an unsupported value becomes the text ``"[<class>] (unserializable)"``.
    """
    check_param(metadata, "metadata", Mapping, optional=True)
    if not metadata:
        return {}
    out: dict[str, MetadataValue[Any]] = {}
    for key, raw in metadata.items():
        try:
            out[key] = normalize_metadata_value(raw)
        except InvalidMetadataError as error:
            if allow_invalid:
                out[key] = TextMetadataValue(f"[{type(raw).__name__}] (unserializable)")
                continue
            raise InvalidMetadataError(
                f'Could not resolve the metadata value for "{key}" to a known type. {error}'
            ) from None
    return out
