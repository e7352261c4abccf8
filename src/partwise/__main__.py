"""``python -m partwise``: the command line."""

import sys

from partwise.cli import main

sys.exit(main())
