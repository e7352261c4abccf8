"""Failures and retries: events per attempt, exhaustion, RetryRequested, Failure."""

from __future__ import annotations

from _common import failure_message, lib, show

attempts: list[int] = []


def flaky_op(failures: int, **kwargs):  # type: ignore[no-untyped-def]
    @lib.op(**kwargs)
    def flaky(context):  # type: ignore[no-untyped-def]
        attempts.append(context.retry_number)
        if len(attempts) <= failures:
            raise ValueError(f"boom {len(attempts)}")
        return 7

    return flaky


STEP_EVENTS = {"STEP_START", "STEP_UP_FOR_RETRY", "STEP_RESTARTED", "STEP_OUTPUT", "STEP_FAILURE",
               "STEP_SUCCESS", "HANDLED_OUTPUT"}  # fmt: skip


def run(failures: int, raise_on_error: bool = False, **kwargs):  # type: ignore[no-untyped-def]
    attempts.clear()
    step = flaky_op(failures, **kwargs)

    @lib.job
    def j():  # type: ignore[no-untyped-def]
        step()

    with lib.instance_for_test() as instance:
        result = j.execute_in_process(instance=instance, raise_on_error=raise_on_error)
        logs = instance.all_logs(result.run_id)
        kinds = [e.dagster_event.event_type_value for e in logs if e.dagster_event]
        retry_kinds = ("STEP_UP_FOR_RETRY", "STEP_RESTARTED")
        messages = [e.dagster_event.message for e in logs if e.dagster_event and e.dagster_event.event_type_value in retry_kinds]  # fmt: skip
    return result.success, list(attempts), [k for k in kinds if k in STEP_EVENTS], messages


show("policy succeeds", lambda: run(2, retry_policy=lib.RetryPolicy(max_retries=2)))
show("policy exhausted", lambda: run(5, retry_policy=lib.RetryPolicy(max_retries=1)))
show(
    "exhausted raises",
    lambda: run(5, raise_on_error=True, retry_policy=lib.RetryPolicy(max_retries=1)),
)
show("no policy", lambda: run(1))


@lib.op
def asks(context):  # type: ignore[no-untyped-def]
    attempts.append(context.retry_number)
    if context.retry_number < 2:
        raise lib.RetryRequested(max_retries=3, seconds_to_wait=0)
    return 5


@lib.job
def asks_job():  # type: ignore[no-untyped-def]
    asks()


attempts.clear()
show("retry requested", lambda: (asks_job.execute_in_process().output_for_node("asks"), attempts))


@lib.op(retry_policy=lib.RetryPolicy(max_retries=3))
def final(context):  # type: ignore[no-untyped-def]
    attempts.append(context.retry_number)
    raise lib.Failure(description="bad thing", metadata={"n": 1}, allow_retries=False)


@lib.job
def final_job():  # type: ignore[no-untyped-def]
    final()


attempts.clear()
show(
    "failure",
    lambda: (failure_message(final_job.execute_in_process(raise_on_error=False)), attempts),
)
show("failure raised", lambda: final_job.execute_in_process())
failure = lib.Failure(description="d", metadata={"a": 1})
print(failure.description, failure.metadata, failure.allow_retries)
for policy in [
    lib.RetryPolicy(delay=2, backoff=lib.Backoff.EXPONENTIAL),
    lib.RetryPolicy(delay=2, backoff=lib.Backoff.LINEAR),
    lib.RetryPolicy(delay=2),
]:
    print([policy.calculate_delay(n) for n in (1, 2, 3)])
print(lib.RetryPolicy().max_retries, lib.RetryPolicy().delay, [j.value for j in lib.Jitter])


def refused(**kwargs):  # type: ignore[no-untyped-def]
    try:
        lib.RetryPolicy(**kwargs)
    except lib.DagsterInvalidDefinitionError:
        return True  # (the reference's two messages are swapped; partwise's name the argument)
    return False


show("backoff without delay", lambda: refused(backoff=lib.Backoff.LINEAR))
show("jitter without delay", lambda: refused(jitter=lib.Jitter.FULL))


@lib.asset
def b(context):  # type: ignore[no-untyped-def]
    attempts.append(context.retry_number)
    if context.retry_number == 0:
        raise ValueError("first")
    return 1


attempts.clear()
defs = lib.Definitions(
    assets=[b],
    jobs=[lib.define_asset_job("jb", [b], op_retry_policy=lib.RetryPolicy(max_retries=1))],
)
show("asset job policy", lambda: (defs.get_job_def("jb").execute_in_process().success, attempts))
