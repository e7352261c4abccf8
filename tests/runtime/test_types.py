# ruff: noqa: UP006, UP007, UP035, UP045  (the typing-module spellings are what is tested)
"""Type checks of step outputs and inputs, from annotations and ``dagster_type``s."""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple, Union

import pytest

from partwise import (
    AssetIn,
    DagsterType,
    DagsterTypeCheckDidNotPass,
    In,
    InvalidDefinitionError,
    MaterializeResult,
    Nothing,
    Out,
    Output,
    PythonObjectDagsterType,
    TypeCheck,
    asset,
    job,
    materialize,
    op,
)


def _run_returning(annotation: Any, value: Any) -> Any:
    def produce() -> Any:
        return value

    produce.__annotations__["return"] = annotation
    step = op(produce)

    @job
    def one() -> None:
        step()

    return one.execute_in_process(raise_on_error=False)


@pytest.mark.parametrize(
    ("annotation", "value", "expected", "description"),
    [
        (str, 1, "String", 'Value "1" of python type "int" must be a string.'),
        (int, "x", "Int", 'Value "x" of python type "str" must be a int.'),
        (float, 1, "Float", 'Value "1" of python type "int" must be a float.'),
        (bool, 1, "Bool", 'Value "1" of python type "int" must be a bool.'),
        (Optional[str], 1, "String?", 'Value "1" of python type "int" must be a string.'),
        (List[int], ["x"], "[Int]", 'Value "x" of python type "str" must be a int.'),
        (list, (1,), "[Any]", 'Value "(1,)" of python type "tuple" must be a list.'),
        (
            Dict[str, int],
            {"a": "b"},
            "Dict[String,Int]",
            'Value "b" of python type "str" must be a int.',
        ),
        (
            Tuple[int, int],
            [1, 2],
            "Tuple[Int,Int]",
            "Value should be a tuple, got a <class 'list'>",
        ),
        (Set[int], [1], "Set[Int]", "Value should be a set, got a<class 'list'>"),
        (None, 1, "Nothing", "Value must be None or unset, got a <class 'int'>"),
        (
            dict,
            [1],
            "dict",
            "Value of type <class 'list'> failed type check for Dagster type dict, expected value "
            "to be of Python type dict.",
        ),
        (Output[int], Output("x"), "Int", 'Value "x" of python type "str" must be a int.'),
    ],
)
def test_output_annotations_are_checked(
    annotation: Any, value: Any, expected: str, description: str
) -> None:
    """A value that does not match the return annotation fails the step with the reference's message."""
    result = _run_returning(annotation, value)
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert failure.message == (
        f'TypeCheckError: Type check failed for step output "result" - expected type "{expected}". '
        f"Description: {description}"
    )


@pytest.mark.parametrize(
    ("annotation", "value"),
    [
        (int, True),
        (Optional[str], None),
        (Any, object()),
        (object, 1),
        (List[Optional[int]], [None]),
        (MaterializeResult, 1),
        (Dict[str, List[int]], {"a": [1]}),
        ("NotResolvable", 1),
    ],
)
def test_matching_or_unchecked_values_pass(annotation: Any, value: Any) -> None:
    """Matching values, ``Any``/``object`` and unresolvable string annotations pass."""
    assert _run_returning(annotation, value).success


@pytest.mark.parametrize("annotation", [Union[int, str], Tuple[int, ...], FrozenSet[int]])
def test_unsupported_annotations_are_refused_at_definition(annotation: Any) -> None:
    """A non-optional Union (and similar) cannot be checked: the definition fails."""

    def produce() -> Any:
        return 1

    produce.__annotations__["return"] = annotation
    with pytest.raises(InvalidDefinitionError, match="from return type annotation"):
        op(produce)


def test_failed_check_raises_the_type_error() -> None:
    """With raise_on_error the run raises ``DagsterTypeCheckDidNotPass``."""

    @op
    def bad() -> str:
        return 1  # type: ignore[return-value]

    @job
    def j() -> None:
        bad()

    with pytest.raises(DagsterTypeCheckDidNotPass, match='expected type "String"'):
        j.execute_in_process()


def test_inputs_are_checked_for_ops_and_assets() -> None:
    """An input annotation is checked against the loaded value."""

    @asset
    def up() -> int:
        return 1

    @asset
    def down(up: str) -> int:
        return 2

    with pytest.raises(DagsterTypeCheckDidNotPass, match='step input "up"'):
        materialize([up, down])


def test_explicit_dagster_types_win_over_annotations() -> None:
    """``Out(int)``, ``In(dagster_type=)``, ``@asset(dagster_type=)`` and ``AssetIn(dagster_type=)``."""

    @op(out=Out(int))
    def gives_str() -> Any:
        return "x"

    @op(ins={"x": In(dagster_type=str)})
    def takes(x: int) -> None:
        return None

    @job
    def j() -> None:
        takes(gives_str())

    with pytest.raises(DagsterTypeCheckDidNotPass, match='output "result" - expected type "Int"'):
        j.execute_in_process()

    @asset(dagster_type=str)
    def typed() -> Any:
        return 1

    @asset(ins={"typed": AssetIn(dagster_type=int)})
    def reader(typed: Any) -> None:
        return None

    with pytest.raises(DagsterTypeCheckDidNotPass, match='"String"'):
        materialize([typed, reader])


def test_custom_dagster_types() -> None:
    """A bool or a ``TypeCheck`` from the check function decides; its description is reported."""
    one = DagsterType(lambda _, v: v == 1, name="One")
    described = DagsterType(lambda _, v: TypeCheck(False, description="nah"), name="Nah")
    assert one.type_check(None, 1).success
    assert _run_returning(one, 1).success
    failure = _run_returning(described, 2).get_step_failure_events()[0]
    assert failure.message.endswith('expected type "Nah". Description: nah')
    objects = PythonObjectDagsterType((dict, list))
    assert objects.display_name == "Union[dict, list]"
    assert _run_returning(objects, [1]).success
    assert Nothing.type_check(None, None).success


def test_direct_invocation_checks_the_output() -> None:
    """Calling an asset directly checks its return annotation too."""

    @asset
    def direct() -> str:
        return 1  # type: ignore[return-value]

    with pytest.raises(DagsterTypeCheckDidNotPass, match='op "direct" output "result"'):
        direct()


def test_output_is_subscriptable() -> None:
    """``Output[int]`` is a valid annotation and the wrapped value is stored."""

    @asset
    def wrapped() -> Output[int]:
        return Output(3, metadata={"n": 1})

    assert materialize([wrapped]).output_for_node("wrapped") == 3


def test_nothing_inputs_order_ops_without_passing_values() -> None:
    """``In(Nothing)`` inputs only order an op after its upstream; ``Out(Nothing)`` passes None."""
    order: list[str] = []

    @op(out=Out(Nothing))
    def first() -> None:
        order.append("first")

    @op(ins={"start": In(Nothing), "x": In(int)})
    def second(x: int) -> int:
        order.append("second")
        return x + 1

    @op
    def one() -> int:
        order.append("one")
        return 1

    @job
    def j() -> None:
        second(start=first(), x=one())

    assert j.execute_in_process().output_for_node("second") == 2
    assert order.index("second") == 2
