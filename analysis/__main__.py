"""``python -m analysis`` runs the command line."""
import signal
import sys

_INTERRUPTED = "interrupted: no partial output was written"


def run() -> int:
    """Run the command line and return its exit code, with Ctrl-C handled at every stage."""
    try:
        from .cli import main

        code = main()
    except KeyboardInterrupt:  # while the libraries load, or between the last write and return
        print(_INTERRUPTED, file=sys.stderr)
        code = 130
    # The run is over and every output complete: a Ctrl-C while the interpreter shuts down
    # (joining library threads, running exit hooks) has nothing left to stop and would
    # only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return code


if __name__ == "__main__":
    raise SystemExit(run())
