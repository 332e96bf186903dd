"""`kethandout watch`: build, then build again whenever an input is saved."""
from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from kethandout.cli import build
from kethandout.cli.report import EXIT_OK, report
from kethandout.errors import InputError


def run(args: argparse.Namespace) -> int:
    """Build now, then again on every saved change to an input; diagnostics as they come."""
    from watchfiles import watch

    from kethandout.cli import rebuild_skip as cache

    gc.enable()  # it lives on (see run)

    def build_once() -> None:
        try:
            build.run(args)
        except InputError as exc:
            report(exc.diagnostics)
            print("the last good outputs are kept; waiting for the next change", file=sys.stderr)

    build_once()
    inputs = {p.resolve() for p in cache.build_inputs(args)}
    folders = sorted({p.parent for p in inputs} | ({args.templates.resolve()} if args.templates else set()))
    print(f"watching {len(inputs)} files; Ctrl-C stops", file=sys.stderr, flush=True)
    for changes in watch(*folders):
        current = {p.resolve() for p in cache.build_inputs(args)}  # a new translation file counts too
        changed = sorted({Path(path).resolve() for _, path in changes} & current)
        if changed:  # output files and editor backups are not inputs
            print(f"changed: {', '.join(p.name for p in changed)}", file=sys.stderr, flush=True)
            build_once()
            sys.stdout.flush()
    return EXIT_OK
