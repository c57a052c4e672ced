"""``python -m newsaudit.cli``: the same as the ``newsaudit`` command."""

import sys

from newsaudit.cli import main

sys.exit(main())
