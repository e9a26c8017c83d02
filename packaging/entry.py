"""Entry script of the frozen application (PyInstaller runs it as ``__main__``).

It behaves exactly like the ``projter`` command: no argument opens the application,
``--self-test`` checks the installation, sub-commands run the headless jobs.
"""

import sys

from projter_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
