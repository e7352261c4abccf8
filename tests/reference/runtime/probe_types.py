"""Type checks of outputs and inputs (run with the package name as the argument)."""

from __future__ import annotations

import collections.abc as cabc
import datetime as dt
from typing import Any, Dict, FrozenSet, List, Literal, Optional, Set, Tuple, Union  # noqa: UP035

from _common import failure_message, lib, show


class Custom:
    pass


CASES: list[tuple[str, Any, Any]] = [
    ("str<-int", str, 1), ("int<-str", int, "x"), ("float<-int", float, 1), ("int<-bool", int, True),
    ("bool<-int", bool, 1), ("Optional[str]<-None", Optional[str], None),  # noqa: UP045
    ("Optional[str]<-1", Optional[str], 1), ("str<-None", str, None),  # noqa: UP045
    ("List[int]<-['x']", List[int], ["x"]), ("List[int]<-(1,)", List[int], (1,)),  # noqa: UP006
    ("list<-tuple", list, (1,)), ("list[int]<-['x']", list[int], ["x"]),
    ("Dict[str,int]", Dict[str, int], {"a": "b"}), ("dict<-list", dict, [1]),  # noqa: UP006
    ("Any<-1", Any, 1), ("Tuple<-list", Tuple[int, int], [1, 2]), ("Set<-list", Set[int], [1]),  # noqa: UP006
    ("None<-1", None, 1), ("object<-1", object, 1), ("Custom<-1", Custom, 1),
    ("Mapping<-list", cabc.Mapping[str, int], [1]), ("Sequence<-tuple", cabc.Sequence[str], ("a",)),
    ("datetime<-str", dt.datetime, "x"), ("int|None<-'x'", int | None, "x"),
    ("Optional[Custom]<-1", Optional[Custom], 1), ("list[dict]<-[1]", list[dict], [1]),  # noqa: UP045
    ("dict[str,Any]<-{1:1}", dict[str, Any], {1: 1}), ("Dict<-[]", Dict, []), ("List<-()", List, ()),  # noqa: UP006
    ("tuple<-list", tuple, [1]), ("bytes<-1", bytes, 1), ("'str'<-1", "str", 1),
    ("Optional[List[int]]<-['a']", Optional[List[int]], ["a"]),  # noqa: UP006, UP045
    ("List[Optional[int]]<-[None]", List[Optional[int]], [None]),  # noqa: UP006, UP045
    ("Dict[int,str] key", Dict[int, str], {"a": "b"}), ("Nothing<-1", lib.Nothing, 1),  # noqa: UP006
    ("DagsterType", lib.DagsterType(lambda _, v: v == 1, name="One"), 2),
    ("TypeCheck", lib.DagsterType(lambda _, v: lib.TypeCheck(False, description="nah"), name="N"), 2),
    ("PythonObject", lib.PythonObjectDagsterType((dict, list)), 2),
    ("Union", Union[int, str], 1), ("Literal", Literal["a"], "b"), ("tuple[int,...]", tuple[int, ...], (1,)),  # noqa: UP007
    ("FrozenSet", FrozenSet[int], {1}), ("Iterable", cabc.Iterable[int], [1]),  # noqa: UP006
]  # fmt: skip


def run(annotation: Any, value: Any) -> str:
    def produce():  # type: ignore[no-untyped-def]
        return value

    produce.__annotations__["return"] = annotation
    step = lib.op(produce)

    @lib.job
    def one():  # type: ignore[no-untyped-def]
        step()

    result = one.execute_in_process(raise_on_error=False)
    return "passed" if result.success else failure_message(result)


for label, annotation, value in CASES:
    show(label, lambda a=annotation, v=value: run(a, v))


@lib.asset
def up() -> int:
    return 1


@lib.asset
def down(up: str) -> int:
    return 2


@lib.asset
def direct() -> str:
    return 1  # type: ignore[return-value]


@lib.asset
def wrapped() -> lib.Output[str]:
    return lib.Output(1)


show("asset input", lambda: lib.materialize([up, down]))
show("direct call", lambda: direct())
show("Output[str]", lambda: lib.materialize([wrapped]))
show("raises the type error", lambda: _raises())


def _raises() -> bool:
    try:
        lib.materialize([wrapped])
    except lib.DagsterTypeCheckDidNotPass:
        return True
    return False


show("raises the type error", _raises)
