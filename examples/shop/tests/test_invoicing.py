"""Invoicing: the job for a day, its per-day config, its schedule, and the project's Definitions."""

import datetime as dt

from shop.api import ShopApi
from shop.definitions import defs
from shop.invoicing import invoicing_config, invoicing_job, invoicing_schedule

import partwise as dg

DAY = "2024-03-01"


def test_each_day_gets_its_own_run_config() -> None:
    config = invoicing_config.get_run_config_for_partition_key(DAY)
    assert config == {"ops": {"collect_orders": {"config": {"day": DAY}}}}
    assert invoicing_job.partitions_def.get_partition_keys()[:2] == ["2024-01-01", "2024-01-02"]


def test_the_job_invoices_the_day_s_orders() -> None:
    result = defs.get_job_def("invoicing_job").execute_in_process(partition_key=DAY)
    assert result.success
    orders = [x for x in ShopApi().export(DAY) if x["kind"] == "order"]
    invoices = result.output_for_node("render_invoices")
    assert len(invoices) == len(orders)
    assert invoices[0] == f"invoice {orders[0]['id']}: {orders[0]['amount']}"
    assert result.dagster_run.tags["dagster/partition"] == DAY


def test_the_schedule_invoices_yesterday_each_morning() -> None:
    at = dt.datetime(2024, 3, 2, 6, tzinfo=dt.timezone.utc)
    context = dg.build_schedule_context(scheduled_execution_time=at)
    (request,) = invoicing_schedule.evaluate_tick(context).run_requests
    assert request.partition_key == DAY
    assert invoicing_schedule.cron_schedule == "0 6 * * *"


def test_the_definitions_hold_every_job_and_schedule() -> None:
    assert defs.get_job_def("sales_job").partitions_def is not None
    assert defs.get_schedule_def("invoicing_job_schedule").job_name == "invoicing_job"
    result = defs.get_job_def("sales_job").execute_in_process(partition_key=DAY)
    assert result.success
    assert {m.asset_key.to_user_string() for m in result.get_asset_materialization_events()} == {
        "orders",
        "refunds",
        "daily_revenue",
    }
