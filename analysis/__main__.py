"""``python -m analysis`` runs the command line."""
import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the libraries load: same promise as later
    print("interrupted: no partial output was written", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
