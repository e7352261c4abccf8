"""Table metadata parts: ``TableSchema`` of ``TableColumn``s, ``TableRecord`` rows, constraints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from partwise.errors import CheckError

__all__ = [
    "TableColumn",
    "TableColumnConstraints",
    "TableConstraints",
    "TableRecord",
    "TableSchema",
    "column_type",
]

_RECORD_TYPES = (str, int, float, bool, type(None))


def _check_field(owner: object, name: str, kinds: type | tuple[type, ...]) -> None:
    value = getattr(owner, name)
    if not isinstance(value, kinds):
        raise CheckError(
            f'Param "{name}" of {type(owner).__name__} is not a {kinds}. Got {value!r} which is '
            f"type {type(value)}."
        )


def _check_str_list(owner: object, name: str) -> None:
    _check_field(owner, name, list)
    if not all(isinstance(item, str) for item in getattr(owner, name)):
        raise CheckError(f'Param "{name}" of {type(owner).__name__} must hold strings only')


@dataclass(frozen=True)
class TableColumnConstraints:
    nullable: bool = True
    unique: bool = False
    other: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.other is None:
            object.__setattr__(self, "other", [])
        _check_field(self, "nullable", bool)
        _check_field(self, "unique", bool)
        _check_str_list(self, "other")


@dataclass(frozen=True)
class TableConstraints:
    other: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        _check_str_list(self, "other")


@dataclass(frozen=True)
class TableColumn:
    """A column of a table schema: name, type name (``"string"`` by default), description."""

    name: str
    type: str = "string"
    description: str | None = None
    constraints: TableColumnConstraints = field(default_factory=TableColumnConstraints)
    tags: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.constraints is None:
            object.__setattr__(self, "constraints", TableColumnConstraints())
        if self.tags is None:
            object.__setattr__(self, "tags", {})
        _check_field(self, "name", str)
        _check_field(self, "type", str)
        _check_field(self, "description", (str, type(None)))
        _check_field(self, "constraints", TableColumnConstraints)


@dataclass(frozen=True)
class TableSchema:
    """The columns (and constraints) of a table."""

    columns: list[TableColumn]
    constraints: TableConstraints = field(default_factory=TableConstraints)

    def __post_init__(self) -> None:
        if self.constraints is None:
            object.__setattr__(self, "constraints", TableConstraints())
        if not isinstance(self.columns, (list, tuple)) or not all(
            isinstance(c, TableColumn) for c in self.columns
        ):
            raise CheckError(
                f"TableSchema columns must be a list of TableColumn; got {self.columns!r}"
            )
        object.__setattr__(self, "columns", list(self.columns))
        _check_field(self, "constraints", TableConstraints)

    @staticmethod
    def from_name_type_dict(name_type_dict: Mapping[str, str]) -> TableSchema:
        return TableSchema([TableColumn(name, type_) for name, type_ in name_type_dict.items()])


@dataclass(frozen=True, init=False)
class TableRecord:
    """One row of a table: column name → scalar (str, int, float, bool or None)."""

    data: dict[str, Any]

    def __init__(self, data: Mapping[str, Any]) -> None:
        values = dict(data)
        for key, value in values.items():
            if not isinstance(value, _RECORD_TYPES):
                raise CheckError(
                    f"Value in Mapping mismatches expected type for key {key}. Expected value of "
                    f"type str, int, float, bool or None. Got value {value!r} of type {type(value)}."
                )
        object.__setattr__(self, "data", values)


def column_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "float" if isinstance(value, float) else "string"
