"""PyInstaller entry point: the same ``main`` as the ``ressourcerie`` console script.

With no sub-command it opens the GUI; with one (``selftest``, ``demo``…) it runs headless.
"""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
