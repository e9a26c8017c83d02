"""``python -m projter_desktop.cli`` behaves like the ``projter`` command."""

import sys

from projter_desktop.cli import main

sys.exit(main())
