"""``python -m tools.bench``: see :mod:`tools.bench`."""

import sys

from ._cli import main

sys.exit(main())
