"""`kethandout stamp-translation`: record that the translation's entries a translator brought
up to date are current (--entry ID ..., or --all), and say which are still out of date."""
from __future__ import annotations

import argparse

from kethandout.cli.report import EXIT_OK, stdout_may_close
from kethandout.content.translation import stamp
from kethandout.content.validate import load_content
from kethandout.errors import printable
from kethandout.files import replace_file


def run(args: argparse.Namespace) -> int:
    named = None if args.all else set(args.entry)
    text, changed, stale = stamp(args.translation, load_content(args.content), named)
    replace_file(args.translation, text)
    left = (f"; {len(stale)} entr{'ies' if len(stale) != 1 else 'y'} still out of date: {', '.join(stale[:8])}"
            + (" ..." if len(stale) > 8 else "")) if stale else "; every entry is up to date"
    with stdout_may_close():
        print(printable(f"{args.translation}: {changed} hash{'es' * (changed != 1)} updated{left}"))
    return EXIT_OK
