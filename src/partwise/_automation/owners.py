"""Owners of schedules and sensors: an email address or ``team:<name>``, checked like the reference."""

from __future__ import annotations

import re
from collections.abc import Sequence

from partwise.errors import InvalidDefinitionError

__all__ = ["checked_owners"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def checked_owners(owners: Sequence[str] | None, kind: str, name: str) -> list[str]:
    """``owners`` as a list, each an email address or ``team:<name>``."""
    for owner in owners or ():
        if owner.startswith("team:"):
            if not owner[len("team:") :]:
                raise InvalidDefinitionError(
                    f"Invalid owner {owner!r} for {kind} {name!r}. Team name cannot be empty "
                    "after 'team:' prefix."
                )
        elif not _EMAIL.match(owner):
            raise InvalidDefinitionError(
                f"Invalid owner {owner!r} for {kind} {name!r}. Owner must be an email address "
                "or a team name prefixed with 'team:'."
            )
    return list(owners or ())
