"""`kethandout stamp-translation`: record that a translation's entries are up to date."""
from __future__ import annotations

import argparse

from kethandout.cli.report import EXIT_OK, stdout_may_close
from kethandout.content.translation import stamp
from kethandout.content.validate import load_content
from kethandout.files import replace_file


def run(args: argparse.Namespace) -> int:
    text, changed = stamp(args.translation, load_content(args.content))
    replace_file(args.translation, text)
    with stdout_may_close():
        print(f"{args.translation}: {changed} hash{'es' * (changed != 1)} updated")
    return EXIT_OK
