"""Each catch-all entry point splits the reference's keywords exactly: used, ignored, or refused.

``partwise._compat`` lists, per entry point, the reference's arguments partwise accepts and ignores
and those it refuses; together with the real parameters they must be the reference's signature, no
more (a listed name the reference lacks would hide a typo) and no less (a reference argument in no
list would be refused as a typo). Runs where ``PARTWISE_REFERENCE_PYTHON`` is set.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
from pathlib import Path

import pytest

import partwise
from partwise._compat import IGNORED, UNSUPPORTED

REFERENCE = os.environ.get("PARTWISE_REFERENCE_PYTHON", "")

pytestmark = pytest.mark.skipif(
    not REFERENCE or not Path(REFERENCE).exists(),
    reason="set PARTWISE_REFERENCE_PYTHON to a Python with the reference package installed",
)

# The function being decorated: positional in both, named differently.
POSITIONAL = {"compute_fn", "compose_fn", "fn"}

PROBE = """
import inspect, json, sys, dagster
from dagster._annotations import get_deprecated_params, has_deprecated_params
out = {}
for name in json.loads(sys.argv[1]):
    obj = getattr(dagster, name)
    params = {p.name for p in inspect.signature(obj).parameters.values()
              if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    if has_deprecated_params(obj):  # hidden keywords the reference still honours
        params |= set(get_deprecated_params(obj))
    out[name] = sorted(params)
print(json.dumps(out))
"""


def test_tables_split_the_reference_signatures_exactly() -> None:
    names = sorted(IGNORED)
    out = subprocess.run(
        [REFERENCE, "-c", PROBE, json.dumps(names)], capture_output=True, text=True, check=True
    )
    reference: dict[str, list[str]] = json.loads(out.stdout)
    for name in names:
        theirs = set(reference[name]) - POSITIONAL
        ours = set(inspect.signature(getattr(partwise, name)).parameters) - POSITIONAL
        listed = IGNORED[name] | UNSUPPORTED.get(name, frozenset())
        assert listed <= theirs, (name, "not the reference's", sorted(listed - theirs))
        assert theirs <= ours | listed, (name, "in no list", sorted(theirs - ours - listed))
