"""`kethandout build`: check the content, render every document in memory, then write them
all or none; many clinics at once with --clinics."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kethandout import reads
from kethandout.cli.check import checked, versions
from kethandout.cli.report import (
    EXIT_INPUT,
    EXIT_OK,
    report,
    report_before_build,
    stdout_may_close,
)
from kethandout.errors import Code, Diagnostic, InputError
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
        print(f"up to date: {len(unchanged)} files in {args.out} already match their inputs")
        return EXIT_OK
    with reads.recording() as read:
        built = build_with(args)
    if built.code == EXIT_OK:
        rebuild_skip.record(args.out, key, built.written, read)
    return built.code


def _refuse_drafts(content, versions: list[tuple]) -> None:
    """--require-approval: unapproved content, or content changed since, is an error."""
    from kethandout.checks.review import approval

    problems = [d for _, version, where, _ in versions
                for d in approval(version, where, version is content, severity="error")]
    if problems:
        raise InputError(problems)


def build_with(args: argparse.Namespace, wanted: set[Path] | None = None) -> Built:
    """Load, check, render every document in memory, then write every output or none;
    wanted: only these outputs (`watch`, after a change that concerns no other)."""
    from kethandout.content.validate import load_content_located

    with reads.recording() as english:
        content, located = load_content_located(args.content)
    profiles = _load_profiles(args) if args.clinic or args.clinics else None
    languages = args.lang or _clinic_languages(profiles) or ["en"]
    if args.deck_template and not args.deck_template.is_file():
        raise InputError([Diagnostic("error", Code.FILE_NOT_FOUND, "deck template not found", str(args.deck_template))])
    found_versions = versions(args, content, located, languages)
    _one_output_each([(language, version.meta.language) for language, version, _, _ in found_versions])
    if args.require_approval:
        _refuse_drafts(content, found_versions)
    changes = None
    if args.changes_since:
        from kethandout.content import diff

        old, old_name = diff.load_side(args.changes_since, args.content)
        changes = diff.compare(old, content, old_name, str(args.content))
    from kethandout.build.jobs import resolve

    targets = [resolve(version, args.out, paper=args.paper, only=args.only, templates_dir=args.templates,
                       deck_template=args.deck_template, located=located if version is content else None,
                       style=args.style, changes=changes if version is content else None)
               for _, version, _, _ in found_versions] if profiles is None else []
    design = None
    if args.deck_template and args.only in (None, "deck"):
        from kethandout.deck.design import design_warnings, open_design

        design = open_design(args.deck_template)
    found = checked(args, content, located, found_versions, pages=False, design=design)  # the build checks the page budget
    errors = [d for d in found if d.severity == "error"]
    if errors:
        raise InputError(errors)
    if design is not None:  # what the deck does differently, said once
        found += design_warnings(args.deck_template, design)
    report_before_build(found)
    if profiles:
        return Built(*_build_clinics(args, {language: version for language, version, _, _ in found_versions},
                                     located, profiles))
    from kethandout.build.pipeline import render_target
    from kethandout.content.translate import translation_path

    outputs, inputs = [], {}
    for (language, version, _, _), target in zip(found_versions, targets):
        made_from: dict[Path, set[Path]] = {}
        outputs += render_target(target, wanted, made_from)
        source = set(english) | ({Path(os.path.abspath(translation_path(args.content, language)))}
                                 if version is not content else set())
        inputs.update({path: read | source for path, read in made_from.items()})
    written = write_outputs(outputs, args.out)
    with stdout_may_close():
        for path in written:
            print(f"wrote {path}")
    return Built(EXIT_OK, written, inputs)


def _one_output_each(languages: list[tuple[str, str]]) -> None:
    """Two languages that would write the same files ('es' and 'es-MX' both make ...-es.pdf,
    and so would a translation whose own tag is 'en') are an error before anything is
    rendered. languages: (as asked for, the tag of the content in that language)."""
    seen: dict[str, str] = {}
    for asked, tag in languages:
        primary = tag.split("-")[0].lower()
        if primary in seen:
            raise InputError([Diagnostic("error", Code.SAME_OUTPUT, f"--lang {seen[primary]} and --lang {asked} "
                                         f"would write the same files (both are '{primary}')", "command line",
                                         hint="give each language once, and each translation its own language")])
        seen[primary] = asked


def _load_profiles(args: argparse.Namespace):
    """(valid clinics, failed results) for --clinic and --clinics; each profile is read once."""
    from kethandout.build.clinics import load_clinics, profiles_in

    paths = list(args.clinic)
    if args.clinics:
        if not args.clinics.is_dir():
            raise InputError([Diagnostic("error", Code.FILE_NOT_FOUND, "no such folder", str(args.clinics))])
        reads.note(args.clinics)  # its listing: a profile added there is built too
        paths += profiles_in(args.clinics)
    return load_clinics(paths)


def _clinic_languages(profiles) -> list[str]:
    """The languages the valid clinic profiles ask for, in order, once each."""
    languages: list[str] = []
    for _, clinic in (profiles[0] if profiles else []):
        languages += [lang for lang in clinic.languages if lang not in languages]
    return languages


def _build_clinics(args: argparse.Namespace, versions: dict, located, profiles) -> tuple[int, list[Path]]:
    """Every clinic in parallel, a progress bar, then a summary table; exit 1 if any failed."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from kethandout.build.clinics import BuildOptions, build_clinics

    gc.enable()  # it builds many clinics (see main.run; the pool's fresh interpreters collect as usual)
    clinics, failed = profiles
    for result in failed:
        report(result.problems)
    options = BuildOptions(args.paper, args.only, args.templates, args.deck_template, args.style, tuple(args.lang))
    with Progress(console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as progress:
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
        status = "[green]built[/green]" if result.ok else f"[red]failed ({len(result.problems)} problems)[/red]"
        files = "\n".join(p.name for p in result.paths) or "-"
        table.add_row(result.clinic_id or "?", result.profile.name, status, files)
    Console().print(table)
    return (EXIT_OK if all(r.ok for r in results) else EXIT_INPUT), [p for r in results for p in r.paths]
