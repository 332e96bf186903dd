"""kethandout: one reviewed YAML source -> patient handout PDF and clinician deck PPTX."""
import sys


def run() -> None:
    """The console command (kethandout.cli.run), with Ctrl-C while Python still imports it
    ending quietly: nothing was read or written yet."""
    try:
        from kethandout.cli import run as run_command
    except KeyboardInterrupt:
        print("kethandout: interrupted (Ctrl-C)", file=sys.stderr)
        sys.exit(130)
    run_command()
