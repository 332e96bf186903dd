"""`kethandout build`: check the content, render every document in memory, then write them
all or none; many clinics at once with --clinics."""
from __future__ import annotations

import argparse
import gc
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kethandout import reads
from kethandout.cli.report import (
    EXIT_INPUT,
    EXIT_OK,
    report,
    report_before_build,
    stdout_may_close,
)
from kethandout.errors import printable
from kethandout.files import write_outputs


@dataclass
class Built:
    code: int
    written: list[Path]
    inputs: dict[Path, set[Path]] = field(default_factory=dict)  # per output: the files it was made from


def run(args: argparse.Namespace) -> int:
    """Check, then build; an unchanged rebuild is skipped (see rebuild_skip.py)."""
    from kethandout.cli import rebuild_skip

    key = rebuild_skip.options_key(args)
    unchanged = rebuild_skip.up_to_date(args.out, key)
    if unchanged is not None:
        print(printable(f"up to date: {len(unchanged)} file{'s' * (len(unchanged) != 1)} in {args.out} already "
                        f"match{'es' * (len(unchanged) == 1)} {'its' if len(unchanged) == 1 else 'their'} inputs"))
        return EXIT_OK
    with reads.recording() as read:
        built = build_with(args)
    if built.code == EXIT_OK:
        rebuild_skip.record(args.out, key, built.written, read)
    return built.code


def request_from(args: argparse.Namespace):
    """The command line's options as the library's build request."""
    from kethandout.build.prepare import Request
    from kethandout.cli.check import check_options

    return Request(args.content, args.out, tuple(args.lang), args.paper, args.only, args.style, args.templates,
                   args.deck_template, tuple(args.clinic), args.clinics, args.require_approval, args.changes_since,
                   check_options(args), args.strict)


def build_with(args: argparse.Namespace, wanted: set[Path] | None = None) -> Built:
    """Load and check (build/prepare.py), render every document in memory, then write every
    output or none; wanted: only these outputs (`watch`, after a change that concerns no other)."""
    from kethandout.build.prepare import prepare, render_all

    prepared = prepare(request_from(args))
    report_before_build(prepared.warnings)
    if prepared.profiles:
        versions = {v.language: v.content for v in prepared.versions}
        return Built(*_build_clinics(args, versions, prepared.located, prepared.profiles))
    outputs, inputs = render_all(prepared, wanted)
    written = write_outputs(outputs, args.out)
    with stdout_may_close():
        for path in written:
            print(printable(f"wrote {path}"))
    return Built(EXIT_OK, written, inputs)


def _build_clinics(args: argparse.Namespace, versions: dict, located, profiles) -> tuple[int, list[Path]]:
    """Every clinic in parallel, a progress bar, then a summary table; exit 1 if any failed."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress
    from rich.table import Table

    from kethandout.build.clinics import BuildOptions, build_clinics

    gc.enable()  # it builds many clinics (see main.run; the pool's fresh interpreters collect as usual)
    clinics, failed = profiles
    for result in failed:
        report(result.problems)
    options = BuildOptions(args.paper, args.only, args.templates, args.deck_template, args.style, tuple(args.lang))
    with Progress(console=Console(stderr=True, emoji=False), transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Building clinics", total=len(clinics))

        def done(result) -> None:
            report(result.problems)
            progress.advance(task)

        results = failed + build_clinics(versions, clinics, args.out, options, jobs=max(1, args.jobs), on_done=done,
                                         located=located)
    table = Table(title="kethandout build")
    for column in ("clinic", "profile", "result", "files"):
        table.add_column(column)
    for result in results:
        status = "[green]built[/green]" if result.ok else f"[red]failed ({len(result.problems)} problem{'s' * (len(result.problems) != 1)})[/red]"
        files = "\n".join(p.name for p in result.paths) or "-"
        table.add_row(*(escape(printable(text)) for text in (result.clinic_id or "?", result.profile.name)), status,
                      escape(printable(files)))
    Console(emoji=False).print(table)
    return (EXIT_OK if all(r.ok for r in results) else EXIT_INPUT), [p for r in results for p in r.paths]
