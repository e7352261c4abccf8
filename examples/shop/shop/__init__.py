"""An online shop's partitioned pipeline, written the way a Dagster project is written.

* ``shop.assets``    the day's export from the shop's API, split into ``orders`` and ``refunds`` by
  one ``@multi_asset`` (retried when the API fails), ``daily_revenue`` with its metadata, a check
  that revenue is never negative, and ``weekly_revenue`` reading its seven days;
* ``shop.invoicing`` an op graph made into a job whose run config comes from the day (a partitioned
  config), and the schedule that invoices each day the morning after;
* ``shop.definitions`` the ``Definitions`` tying them together.

Every module imports the library with one line, ``import partwise as dg``. Change it to
``import dagster as dg`` and the project is a Dagster project; its tests pass both ways
(``pytest --partwise-as-dagster`` runs the Dagster spelling on partwise).
"""
