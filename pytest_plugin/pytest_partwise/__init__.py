"""pytest-partwise: partition-parametrized tests, fixtures, frozen schedules and mapping laws."""
