"""Each catch-all entry point splits the reference's keywords exactly: used, ignored, or refused.

``partwise._compat`` lists, per entry point, the reference's arguments partwise accepts and ignores
and those it refuses; together with the real parameters they must be the reference's signature, no
more (a listed name the reference lacks would hide a typo) and no less (a reference argument in no
list would be refused as a typo). The deprecated keywords the reference hides in its own
``**kwargs`` count only where partwise has a catch-all too. Runs where ``PARTWISE_REFERENCE_PYTHON``
is set.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
from operator import attrgetter
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
# The reference's plumbing between its own modules, not arguments for users.
INTERNAL = {"asset_layer"}

PROBE = """
import inspect, json, operator, sys, dagster
from dagster._annotations import get_deprecated_params, has_deprecated_params
out = {}
for name in json.loads(sys.argv[1]):
    obj = operator.attrgetter(name)(dagster)
    params = {p.name for p in inspect.signature(obj).parameters.values()
              if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    hidden = get_deprecated_params(obj) if has_deprecated_params(obj) else {}
    out[name] = [sorted(params), sorted(set(hidden) - params)]
print(json.dumps(out))
"""


def test_tables_split_the_reference_signatures_exactly() -> None:
    names = sorted(IGNORED)
    out = subprocess.run(
        [REFERENCE, "-c", PROBE, json.dumps(names)], capture_output=True, text=True, check=True
    )
    reference: dict[str, list[list[str]]] = json.loads(out.stdout)
    for name in names:
        params, hidden = reference[name]
        signature = inspect.signature(attrgetter(name)(partwise)).parameters
        catch_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.values())
        theirs = (set(params) | (set(hidden) if catch_all else set())) - POSITIONAL - INTERNAL
        theirs = {p for p in theirs if not p.startswith("_")}
        ours = set(signature) - POSITIONAL
        listed = IGNORED[name] | UNSUPPORTED.get(name, frozenset())
        known = set(params) | set(hidden)
        assert listed <= known, (name, "not the reference's", sorted(listed - known))
        assert theirs <= ours | listed, (name, "in no list", sorted(theirs - ours - listed))
