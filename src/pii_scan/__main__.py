"""``python -m pii_scan`` runs the CLI."""

import sys

from pii_scan.cli import main

sys.exit(main())
