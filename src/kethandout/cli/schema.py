"""`kethandout schema`: print the JSON Schema of an input file, for editors."""
from __future__ import annotations

import argparse
import sys

from kethandout.cli.report import EXIT_OK, stdout_may_close
from kethandout.content.jsonschema import text


def run(args: argparse.Namespace) -> int:
    with stdout_may_close():
        sys.stdout.write(text(args.kind))
    return EXIT_OK
