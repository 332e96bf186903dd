"""`kethandout approve`: record the medical reviewer's sign-off in meta.approval, or a
translation reviewer's in the translation's own `approval`."""
from __future__ import annotations

import argparse
import datetime as dt

from kethandout.cli.report import EXIT_OK, stdout_may_close
from kethandout.content.approval import approve, approve_translation, english_of
from kethandout.errors import printable
from kethandout.files import replace_file


def run(args: argparse.Namespace) -> int:
    on = args.on or dt.date.today()
    english = english_of(args.content)
    if english is not None:
        text, approval = approve_translation(args.content, english, args.by.strip(), on)
    else:
        text, approval = approve(args.content, args.by.strip(), on, args.allow_open_flags)
    replace_file(args.content, text)
    over = (f", over {approval.open_flags} open review flag{'s' * (approval.open_flags != 1)}"
            if approval.open_flags else "")
    what = f"the translation of {english.name}, " if english else ""
    with stdout_may_close():
        print(printable(f"{args.content}: {what}approved by {approval.by} on {on.isoformat()}{over} "
                        f"(fingerprint {approval.fingerprint})"))
    return EXIT_OK
