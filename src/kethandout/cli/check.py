"""`kethandout check`: every check of the content (and its translations), at its line, and
the page budget on both paper sizes (build/prepare.py runs them, as for a build)."""
from __future__ import annotations

import argparse

from kethandout.cli.report import (
    EXIT_INPUT,
    EXIT_OK,
    print_github,
    print_json,
    report,
    stdout_may_close,
    summary,
)
from kethandout.errors import printable


def check_options(args: argparse.Namespace):
    """The reading-grade and review-date options, as the checks take them (`check`, `build`, `watch`)."""
    from kethandout.checks import CheckOptions

    return CheckOptions(max_grade=args.max_grade, warn_grade=args.warn_grade, allow_stale=args.allow_stale)


def run(args: argparse.Namespace) -> int:
    from kethandout.build.prepare import check_versions, load_versions
    from kethandout.content.validate import load_content_located

    content, located = load_content_located(args.content)
    versions = load_versions(args.content, content, located, args.lang)
    found = check_versions(content, located, versions, check_options(args), args.templates, pages=not args.no_pages,
                           strict=args.strict)
    if args.clinic:  # (what it finds in the content alike for every reader is said once)
        found += [d for d in dict.fromkeys(_clinics(content, located, args)) if d not in set(found)]
    grades = _grades(content, located, args.templates) if args.grades else []
    with stdout_may_close():
        if args.format == "json":
            print_json(found, grades)
        elif args.format == "github":
            print_github(found)
        else:
            report(found, stderr=False)  # the report is the output of `check`
            for g in grades:
                smog = f"{g.smog:5.1f} (SMOG)" if g.smog else "  n/a (SMOG)"
                print(printable(f"grade {g.flesch_kincaid:5.1f} (Flesch-Kincaid) {smog}  {g.name}"))
            print(printable(f"{args.content}: {summary(found)}"))
    return EXIT_INPUT if any(d.severity == "error" for d in found) else EXIT_OK


def _grades(content, located, templates_dir):
    from kethandout.checks.readability import item_grades, section_grades
    from kethandout.compose.context import compose

    handout = compose(content, "handout.md.j2", templates_dir)
    return [g.__class__(f"section '{g.name}'", g.text, g.flesch_kincaid, g.smog) for g in section_grades(handout)] \
        + item_grades(located)


def _clinics(content, located, args: argparse.Namespace) -> list:
    """Every problem of each profile at once, then the checks of the content as that clinic's
    documents carry it (its routes, its rules) and their page budgets on its paper."""
    from kethandout.build.clinics import load_clinics
    from kethandout.build.pipeline import check_page_budget
    from kethandout.checks import in_order, run_checks
    from kethandout.checks import strict as as_errors
    from kethandout.content.products import content_for_clinic
    from kethandout.errors import InputError

    valid, failed = load_clinics(args.clinic)
    found = [d for result in failed for d in result.problems]
    for _, clinic in valid:
        try:
            part = content_for_clinic(content, clinic)
        except InputError as exc:
            found += exc.diagnostics
            continue
        budgets = [] if args.no_pages else check_page_budget(part, located, clinic.paper, args.templates, clinic)
        found += in_order(run_checks(part, located, check_options(args), templates_dir=args.templates, clinic=clinic)
                          + budgets)
    return as_errors(found) if args.strict else found
