import sys

try:
    from kethandout.cli import run
except KeyboardInterrupt:  # Ctrl-C while Python was still starting: nothing was read or written
    print("kethandout: interrupted (Ctrl-C)", file=sys.stderr)
    sys.exit(130)

run()
