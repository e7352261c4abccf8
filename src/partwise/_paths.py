"""``file_relative_path``: a path next to the calling module, as Dagster projects locate their files."""

from __future__ import annotations

import os

from partwise._compat import strict_keywords
from partwise.errors import CheckError

__all__ = ["file_relative_path"]


@strict_keywords
def file_relative_path(dunderfile: str, relative_path: str) -> str:
    """The absolute, normalised path of ``relative_path`` taken from the folder of ``dunderfile``.

    Called with ``__file__``: ``file_relative_path(__file__, "sql/orders.sql")``.
    """
    for name, value in (("dunderfile", dunderfile), ("relative_path", relative_path)):
        if not isinstance(value, str):
            raise CheckError(
                f'Param "{name}" is not a str. Got {value!r} which is type {type(value)}.'
            )
    return os.path.abspath(os.path.join(os.path.dirname(dunderfile), relative_path))
