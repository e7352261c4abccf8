"""pytest's ``__tracebackhide__`` for the engine's modules (stdlib only: imported everywhere).

A failing materialization in a test shows the user's raising line, not the engine's frames around
it; ``pytest --full-trace`` still shows every frame.
"""

from __future__ import annotations

import os
from typing import Any

from partwise.errors import PartwiseError

__all__ = ["hide_engine_frames", "is_engine_file"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_PLUGIN_PART = f"{os.sep}pytest_partwise{os.sep}"


def is_engine_file(filename: str) -> bool:
    """Whether ``filename`` is a module of partwise or of its pytest plugin."""
    return filename.startswith(_PACKAGE_DIR) or _PLUGIN_PART in filename


def hide_engine_frames(excinfo: Any) -> bool:
    """``__tracebackhide__`` of engine modules: hide them when the user's code raised the error
    (or partwise refused input, whose message says why); show them for the engine's own bugs."""
    error = excinfo.value
    if isinstance(error, PartwiseError):
        return True
    tb = error.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return not is_engine_file(tb.tb_frame.f_code.co_filename)
