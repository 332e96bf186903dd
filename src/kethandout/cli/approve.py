"""`kethandout approve`: record the medical reviewer's sign-off in meta.approval."""
from __future__ import annotations

import argparse
import datetime as dt

from kethandout.cli.report import EXIT_OK, stdout_may_close
from kethandout.content.approval import approve
from kethandout.errors import printable
from kethandout.files import replace_file


def run(args: argparse.Namespace) -> int:
    on = args.on or dt.date.today()
    text, code = approve(args.content, args.by.strip(), on)
    replace_file(args.content, text)
    with stdout_may_close():
        print(printable(f"{args.content}: approved by {args.by.strip()} on {on.isoformat()} (fingerprint {code})"))
    return EXIT_OK
