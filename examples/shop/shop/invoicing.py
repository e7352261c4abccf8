"""Invoices for a day's orders: an op graph, a job per day (partitioned config), its schedule."""

import partwise as dg

from .api import ShopApi


class InvoiceConfig(dg.Config):
    day: str
    currency: str = "EUR"


@dg.op(retry_policy=dg.RetryPolicy(max_retries=3))
def collect_orders(config: InvoiceConfig, shop_api: ShopApi) -> list:
    return [line for line in shop_api.export(config.day) if line["kind"] == "order"]


@dg.op
def render_invoices(context: dg.OpExecutionContext, orders: list) -> list:
    invoices = [f"invoice {order['id']}: {order['amount']}" for order in orders]
    context.log.info(f"rendered {len(invoices)} invoices")
    return invoices


@dg.graph
def invoicing():
    render_invoices(collect_orders())


@dg.daily_partitioned_config(start_date="2024-01-01")
def invoicing_config(start, _end):
    return {"ops": {"collect_orders": {"config": {"day": start.strftime("%Y-%m-%d")}}}}


invoicing_job = invoicing.to_job(name="invoicing_job", config=invoicing_config)

# Each morning at 06:00, invoice the day that just ended.
invoicing_schedule = dg.build_schedule_from_partitioned_job(invoicing_job, hour_of_day=6)
