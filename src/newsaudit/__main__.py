import sys

from newsaudit.cli import main

sys.exit(main())
