"""The pytest entry module (``-p no:partwise`` disables it). Imports nothing heavy at start-up."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "partitions(source, *, keys=None, range=None, last=None, sample=None): run the test once "
        "per selected partition key of a partitions definition, asset, job or PartitionedConfig.",
    )
