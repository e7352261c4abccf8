"""``python -m partwise``: the command line.

``-m`` puts the working directory first on ``sys.path``, where a project's own ``rich.py`` would
replace the library's. The command line adds the project's folder itself, after importing its
own dependencies (see ``partwise._cli_support``), so that entry goes first.
"""

import os
import sys

try:
    _cwd = os.getcwd()
except OSError:  # the working directory was removed: main() says so
    _cwd = ""
if sys.path and sys.path[0] in ("", _cwd):
    del sys.path[0]

from partwise.cli import main

sys.exit(main())
