"""Everything the shop defines, as one ``Definitions``."""

import partwise as dg

from . import assets
from .api import ShopApi
from .invoicing import invoicing_job, invoicing_schedule

sales_job = dg.define_asset_job("sales_job", selection=["orders", "refunds", "daily_revenue"])

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([assets]),
    asset_checks=[assets.revenue_is_not_negative],
    jobs=[sales_job, invoicing_job],
    schedules=[invoicing_schedule],
    resources={"shop_api": ShopApi()},
)
