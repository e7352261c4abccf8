"""Failures and retries: ``Failure``, ``RetryRequested``, ``RetryPolicy`` with recorded attempts."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import (
    Backoff,
    DagsterEventType,
    DagsterMaxRetriesExceededError,
    Definitions,
    Failure,
    InvalidDefinitionError,
    Jitter,
    MetadataValue,
    RetryPolicy,
    RetryRequested,
    _clock,
    asset,
    define_asset_job,
    instance_for_test,
    job,
    materialize,
    op,
)


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the engine waited, recorded instead of slept."""
    waits: list[float] = []
    monkeypatch.setattr(_clock, "sleep", waits.append)
    return waits


def _flaky(failures: int, attempts: list[int], **op_kwargs: Any) -> Any:
    @op(**op_kwargs)
    def flaky(context: Any) -> int:
        attempts.append(context.retry_number)
        if len(attempts) <= failures:
            raise ValueError(f"boom {len(attempts)}")
        return 7

    return flaky


def test_policy_retries_until_success_and_records_each_attempt(slept: list[float]) -> None:
    """Each retry is a STEP_UP_FOR_RETRY then a STEP_RESTARTED event, stored on the instance."""
    attempts: list[int] = []
    flaky = _flaky(2, attempts, retry_policy=RetryPolicy(max_retries=2))

    @job
    def j() -> None:
        flaky()

    with instance_for_test() as instance:
        result = j.execute_in_process(instance=instance)
        assert result.success and result.output_for_node("flaky") == 7
        assert attempts == [0, 1, 2]
        kinds = [e.event_type for e in instance.all_logs(result.run_id) if e.step_key]
        assert kinds == [
            "STEP_START",
            "STEP_UP_FOR_RETRY",
            "STEP_RESTARTED",
            "STEP_UP_FOR_RETRY",
            "STEP_RESTARTED",
            "STEP_OUTPUT",
            "HANDLED_OUTPUT",
            "STEP_SUCCESS",
        ]
        restarted = instance.all_logs(result.run_id, of_type=DagsterEventType.STEP_RESTARTED)
        assert restarted[-1].message == 'Started re-execution (attempt # 3) of step "flaky".'
    assert slept == []  # no delay configured: no wait at all


def test_exhausted_retries_fail_the_step(slept: list[float]) -> None:
    """After the last retry the run fails with ``DagsterMaxRetriesExceededError`` (caused by the error)."""
    attempts: list[int] = []
    flaky = _flaky(5, attempts, retry_policy=RetryPolicy(max_retries=1))

    @job
    def j() -> None:
        flaky()

    with pytest.raises(DagsterMaxRetriesExceededError, match="Exceeded max_retries of 1") as info:
        j.execute_in_process()
    assert isinstance(info.value.__cause__, ValueError)
    assert attempts == [0, 1]
    result = j.execute_in_process(raise_on_error=False)
    assert [e.event_type for e in result.all_events if e.step_key][-1] == "STEP_FAILURE"


def test_delays_follow_backoff_through_the_clock_seam(slept: list[float]) -> None:
    """Exponential backoff waits (2ⁿ−1)×delay before retry n, through ``_clock.sleep``."""
    attempts: list[int] = []
    policy = RetryPolicy(max_retries=3, delay=0.5, backoff=Backoff.EXPONENTIAL)
    flaky = _flaky(3, attempts, retry_policy=policy)

    @job
    def j() -> None:
        flaky()

    assert j.execute_in_process().success
    assert slept == [0.5, 1.5, 3.5]


def test_delay_formulas() -> None:
    """Linear backoff is n×delay; jitter stays within its bounds."""
    assert RetryPolicy(delay=2, backoff=Backoff.LINEAR).calculate_delay(3) == 6
    assert RetryPolicy(delay=2).calculate_delay(5) == 2
    full = RetryPolicy(delay=2, jitter=Jitter.FULL).calculate_delay(1)
    assert 0 <= full <= 2
    plus_minus = RetryPolicy(delay=2, jitter=Jitter.PLUS_MINUS).calculate_delay(1)
    assert 0 <= plus_minus <= 4


def test_backoff_or_jitter_needs_a_delay() -> None:
    """A backoff or jitter without a delay is a definition error."""
    with pytest.raises(InvalidDefinitionError, match="backoff"):
        RetryPolicy(backoff=Backoff.LINEAR)
    with pytest.raises(InvalidDefinitionError, match="jitter"):
        RetryPolicy(jitter=Jitter.FULL)


def test_retry_requested_asks_for_its_own_retries(slept: list[float]) -> None:
    """``RetryRequested`` retries without a policy and waits ``seconds_to_wait``."""
    attempts: list[int] = []

    @op
    def asks(context: Any) -> int:
        attempts.append(context.retry_number)
        if context.retry_number < 2:
            raise RetryRequested(max_retries=3, seconds_to_wait=1)
        return 5

    @job
    def j() -> None:
        asks()

    assert j.execute_in_process().output_for_node("asks") == 5
    assert attempts == [0, 1, 2]
    assert slept == [1, 1]


def test_failure_carries_description_and_metadata() -> None:
    """``Failure`` fails the step with its description; its metadata is on the failure event."""

    @op
    def fails() -> None:
        raise Failure(description="bad thing", metadata={"n": 1})

    @job
    def j() -> None:
        fails()

    result = j.execute_in_process(raise_on_error=False)
    (event,) = result.get_step_failure_events()
    assert event.message == "Failure: bad thing"
    assert event.metadata["n"].value == 1
    with pytest.raises(Failure, match="bad thing"):
        j.execute_in_process()


def test_failure_without_retries_is_not_retried(slept: list[float]) -> None:
    """``Failure(allow_retries=False)`` stops a retry policy."""
    attempts: list[int] = []

    @op(retry_policy=RetryPolicy(max_retries=3))
    def final(context: Any) -> None:
        attempts.append(context.retry_number)
        raise Failure("no", allow_retries=False)

    @job
    def j() -> None:
        final()

    assert not j.execute_in_process(raise_on_error=False).success
    assert attempts == [0]


def test_job_level_policies_apply_to_every_step(slept: list[float]) -> None:
    """``@job(op_retry_policy=)`` and ``define_asset_job(op_retry_policy=)``; an asset's own policy."""
    attempts: list[int] = []
    plain = _flaky(1, attempts)

    @job(op_retry_policy=RetryPolicy(max_retries=1))
    def j() -> None:
        plain()

    assert j.execute_in_process().success and attempts == [0, 1]

    asset_attempts: list[int] = []

    @asset
    def b(context: Any) -> int:
        asset_attempts.append(context.retry_number)
        if context.retry_number == 0:
            raise ValueError("first")
        return 1

    defs = Definitions(
        assets=[b],
        jobs=[define_asset_job("jb", [b], op_retry_policy=RetryPolicy(max_retries=1))],
    )
    assert defs.get_job_def("jb").execute_in_process().success
    assert asset_attempts == [0, 1]

    own = asset(retry_policy=RetryPolicy(max_retries=1))(b.fn)
    asset_attempts.clear()
    assert materialize([own]).success and asset_attempts == [0, 1]


def test_failure_data_for_node() -> None:
    """The failed step's error and its ``Failure`` data, shaped as the reference's."""

    @op
    def throw() -> None:
        raise Failure(description="it Failure", metadata={"label": "text"})

    @op
    def plain() -> None:
        raise ValueError("boom")

    @job
    def failing() -> None:
        throw()
        plain()

    result = failing.execute_in_process(raise_on_error=False)
    data = result.failure_data_for_node("throw")
    assert data is not None and data.error is not None and data.user_failure_data is not None
    assert data.error.cls_name == "Failure"
    assert data.user_failure_data.label == "intentional-failure"
    assert data.user_failure_data.description == "it Failure"
    assert data.user_failure_data.metadata["label"] == MetadataValue.text("text")
    other = result.failure_data_for_node("plain")
    assert other is not None and other.error is not None
    assert other.error.message == "ValueError: boom\n" and other.user_failure_data is None
    assert result.failure_data_for_node("missing") is None


def test_per_use_policies_and_retry_counts(slept: list[float]) -> None:
    """``with_retry_policy`` overrides for one use; ``retry_attempts_for_node`` counts retries."""

    @op(retry_policy=RetryPolicy(max_retries=2))
    def throw_with_policy() -> None:
        raise ValueError("I throw")

    @op
    def throw_no_policy() -> None:
        raise ValueError("I throw")

    @op
    def fail_no_policy() -> None:
        raise Failure("I fail")

    @job(op_retry_policy=RetryPolicy(max_retries=3))
    def policy_test() -> None:
        throw_with_policy()
        throw_no_policy()
        throw_with_policy.with_retry_policy(RetryPolicy(max_retries=1)).alias("override_with")()
        throw_no_policy.alias("override_no").with_retry_policy(RetryPolicy(max_retries=1))()
        fail_no_policy.alias("override_fail").with_retry_policy(RetryPolicy(max_retries=1))()

    result = policy_test.execute_in_process(raise_on_error=False)
    assert not result.success
    counts = {
        name: result.retry_attempts_for_node(name)
        for name in ("throw_no_policy", "throw_with_policy", "override_no", "override_with")
    }
    assert counts == {
        "throw_no_policy": 3,
        "throw_with_policy": 2,
        "override_no": 1,
        "override_with": 1,
    }
    assert result.retry_attempts_for_node("override_fail") == 1


def test_failure_data_survives_exhausted_retries(slept: list[float]) -> None:
    """A ``Failure`` that used up its retries still reports its metadata."""

    @op(retry_policy=RetryPolicy(max_retries=1))
    def fails() -> None:
        raise Failure("FAILURE", metadata={"meta": "data"})

    @job
    def exceeds() -> None:
        fails()

    result = exceeds.execute_in_process(raise_on_error=False)
    data = result.failure_data_for_node("fails")
    assert data is not None and data.user_failure_data is not None
    assert data.user_failure_data.metadata["meta"].value == "data"
    assert result.get_step_failure_events()[0].metadata["meta"].value == "data"
