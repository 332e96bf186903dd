"""Command line: thin commands over the library; bad input -> message and exit code, never a traceback."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kethandout.content.validate import load_content
from kethandout.errors import InputError

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kethandout", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the patient handout (PDF) and clinician deck (PPTX)")
    build.add_argument("content", nargs="?", default="content.yaml", type=Path, help="content file (default: content.yaml)")
    build.add_argument("--out", default=Path("output"), type=Path, help="output folder (default: output/)")
    build.add_argument("--paper", choices=("letter", "a4"), default="letter")
    build.add_argument("--only", choices=("handout", "deck"), help="build one document only")
    build.add_argument("--templates", type=Path, help="folder searched for templates before the built-in one")

    check = commands.add_parser("check", help="validate a content file and report every problem")
    check.add_argument("content", nargs="?", default="content.yaml", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        content = load_content(args.content)
        if args.command == "check":
            print(f"{args.content}: no problems found")
            return EXIT_OK
        from kethandout.build import build

        for path in build(content, args.out, paper=args.paper, only=args.only, templates_dir=args.templates):
            print(f"wrote {path}")
        return EXIT_OK
    except InputError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        count = len(exc.diagnostics)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return EXIT_INPUT
