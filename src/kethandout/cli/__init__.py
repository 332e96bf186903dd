"""The command line (main.py dispatches to one module per command)."""
from kethandout.cli.main import main, run

__all__ = ["main", "run"]
