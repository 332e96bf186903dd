"""`kethandout check`: every check of the content (and its translations), at its line; also
the language versions and checks that `build` runs before it renders."""
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
from kethandout.errors import Diagnostic


def versions(args: argparse.Namespace, content, located, languages: list[str]) -> list[tuple]:
    """(language, content, where it came from, the translation's own warnings) per language."""
    found = []
    for language in languages:
        if language.split("-")[0].lower() == "en":
            found.append((language, content, located, []))
            continue
        from kethandout.content.translate import (  # 10 ms: when needed
            load_translation_located,
            translation_path,
        )

        translated, warnings, where = load_translation_located(translation_path(args.content, language), content)
        found.append((language, translated, where, warnings))
    return found


def checked(args: argparse.Namespace, content, located, versions: list[tuple], pages: bool,
            design=None) -> list[Diagnostic]:
    """Checks of the English content (always) and of each translation; pages: render each
    handout on both paper sizes for the page budget; design: the deck template's, which the
    deck's checks measure on."""
    from kethandout.checks import CheckOptions, in_order, run_checks, strict

    deck = (design.geometry, f"the template {design.template.name}") if design is not None else None
    options = CheckOptions(max_grade=args.max_grade, warn_grade=args.warn_grade, allow_stale=args.allow_stale,
                           deck=deck)
    found = []
    others = [(version, where, warnings) for _, version, where, warnings in versions if version is not content]
    for version, where, warnings in [(content, located, []), *others]:
        budgets = _page_budgets(version, where, args.templates) if pages else []
        found += warnings + in_order(run_checks(version, where, options, templates_dir=args.templates) + budgets)
    return strict(found) if args.strict else found


def _page_budgets(content, located, templates_dir) -> list[Diagnostic]:
    from kethandout.build.pipeline import check_page_budget

    return [d for paper in ("letter", "a4") for d in check_page_budget(content, located, paper, templates_dir, None)]


def run(args: argparse.Namespace) -> int:
    from kethandout.content.validate import load_content_located

    content, located = load_content_located(args.content)
    found = checked(args, content, located, versions(args, content, located, args.lang), pages=not args.no_pages)
    grades = _grades(content, located, args.templates) if args.grades else []
    with stdout_may_close():
        if args.format == "json":
            print_json(found, grades)
        elif args.format == "github":
            print_github(found)
        else:
            report(found, stderr=False)  # the report is the output of `check`
            for g in grades:
                print(f"grade {g.flesch_kincaid:5.1f} (Flesch-Kincaid) {g.smog:5.1f} (SMOG)  {g.name}")
            print(f"{args.content}: {summary(found)}")
    return EXIT_INPUT if any(d.severity == "error" for d in found) else EXIT_OK


def _grades(content, located, templates_dir):
    from kethandout.checks.readability import item_grades, section_grades
    from kethandout.compose.context import compose

    handout = compose(content, "handout.md.j2", templates_dir)
    return [g.__class__(f"section '{g.name}'", g.text, g.flesch_kincaid, g.smog) for g in section_grades(handout)] \
        + item_grades(located)
