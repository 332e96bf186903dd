"""Command line: thin commands over the library; bad input -> message and exit code, never a traceback."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kethandout.content.validate import load_content
from kethandout.errors import Diagnostic, InputError

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kethandout", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the patient handout (PDF) and clinician deck (PPTX)")
    build.add_argument("content", nargs="?", default="content.yaml", type=Path, help="content file (default: content.yaml)")
    build.add_argument("--out", default=Path("output"), type=Path, help="output folder (default: output/)")
    build.add_argument("--paper", choices=("letter", "a4"), help="paper size (default: the clinic's, else letter)")
    build.add_argument("--only", choices=("handout", "deck"), help="build one document only")
    build.add_argument("--templates", type=Path, help="folder searched for templates before the built-in one")
    build.add_argument("--deck-template", type=Path, help="a PowerPoint template (.pptx) for the deck")
    build.add_argument("--clinic", action="append", type=Path, default=[], metavar="PROFILE",
                       help="a clinic profile (repeat for several); outputs go to OUT/<clinic-id>/")
    build.add_argument("--clinics", type=Path, metavar="DIR", help="build every clinic profile (*.yaml) in DIR")
    build.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel builds (default: cores)")

    check = commands.add_parser("check", help="validate a content file and report every problem")
    check.add_argument("content", nargs="?", default="content.yaml", type=Path)
    return parser


def _report(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        content = load_content(args.content)
        if args.command == "check":
            print(f"{args.content}: no problems found")
            return EXIT_OK
        if args.deck_template and not args.deck_template.is_file():
            raise InputError([Diagnostic("error", "file-not-found", "deck template not found", str(args.deck_template))])
        if args.clinic or args.clinics:
            return _build_clinics(args, content)
        from kethandout.build import build

        for path in build(content, args.out, paper=args.paper, only=args.only, templates_dir=args.templates,
                          deck_template=args.deck_template):
            print(f"wrote {path}")
        return EXIT_OK
    except InputError as exc:
        _report(exc.diagnostics)
        count = len(exc.diagnostics)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return EXIT_INPUT


def _build_clinics(args: argparse.Namespace, content) -> int:
    """Every clinic in parallel, a progress bar, then a summary table; exit 1 if any failed."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from kethandout.batch import BuildOptions, build_clinics, load_clinics, profiles_in

    profiles = list(args.clinic)
    if args.clinics:
        if not args.clinics.is_dir():
            raise InputError([Diagnostic("error", "file-not-found", "no such folder", str(args.clinics))])
        profiles += profiles_in(args.clinics)
    clinics, failed = load_clinics(profiles)
    for result in failed:
        _report(result.problems)
    options = BuildOptions(args.paper, args.only, args.templates, args.deck_template)
    with Progress(console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Building clinics", total=len(clinics))

        def done(result) -> None:
            _report(result.problems)
            progress.advance(task)

        results = failed + build_clinics(content, clinics, args.out, options, jobs=max(1, args.jobs), on_done=done)
    table = Table(title="kethandout build")
    for column in ("clinic", "profile", "result", "files"):
        table.add_column(column)
    for result in results:
        status = "[green]built[/green]" if result.ok else f"[red]failed ({len(result.problems)} problems)[/red]"
        files = "\n".join(p.name for p in result.paths) or "-"
        table.add_row(result.clinic_id or "?", result.profile.name, status, files)
    Console().print(table)
    return EXIT_OK if all(r.ok for r in results) else EXIT_INPUT
