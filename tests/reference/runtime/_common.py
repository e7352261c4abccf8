"""Shared by the runtime probes: the package under test and a quiet environment."""

from __future__ import annotations

import importlib
import logging
import sys
import warnings
from collections.abc import Callable
from typing import Any

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)
lib: Any = importlib.import_module(sys.argv[1])


def show(label: str, fn: Callable[[], Any]) -> None:
    """Print ``label``, then the result or ``!`` and the message of the error raised."""
    try:
        print(label, fn())
    except Exception as error:
        print(label, "!", str(error).strip().splitlines()[0])


def failure_message(result: Any) -> str:
    """The first step failure's message, without the error class prefix either package adds."""
    event = result.get_step_failure_events()[0]
    if hasattr(event, "step_failure_data"):
        message = event.step_failure_data.error.message
    else:
        message = event.message
    return str(message).strip().splitlines()[0].split(": ", 1)[-1]
