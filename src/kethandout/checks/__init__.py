"""Content quality checks: every check returns diagnostics; the CLI decides how to show them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kethandout.content.load import Located
from kethandout.content.schema import Content
from kethandout.errors import Diagnostic

if TYPE_CHECKING:  # clinic profiles (and PIL, 60 ms) load only for clinic builds
    from kethandout.content.clinic import Clinic


@dataclass(frozen=True)
class CheckOptions:
    max_grade: float = 8.0  # a handout section above this grade (FK or SMOG) is an error
    warn_grade: float = 6.0  # ... above this Flesch-Kincaid grade, a warning
    allow_stale: bool = False  # a past review date is then a warning, not an error
    today: dt.date | None = None  # None: the clock's date
    deck: tuple | None = None  # (geometry, name) of the deck template the deck is built on; None: the built-in


def run_checks(content: Content, located: Located, options: CheckOptions = CheckOptions(),
               templates_dir: Path | None = None, clinic: Clinic | None = None) -> list[Diagnostic]:
    """Every check on one content file (and clinic), in file and line order.

    For a translation, `located` is the translation file: the checks of what translations
    do not change (references, review dates, the English term list) run on the English.
    The checks render nothing: the page budget is the build's (build.pipeline.check_page_budget)."""
    from kethandout.checks import (
        emergency,
        evidence,
        products,
        quiz,
        readability,
        references,
        review,
        structure,
        terms,
    )
    from kethandout.compose.context import compose
    from kethandout.content import characters

    from kethandout.content.products import for_product, products_given

    found = []
    for part in [for_product(content, product) for product in products_given(content)]:  # each product's papers
        handout = compose(part, "handout.md.j2", templates_dir, clinic, citations=False)
        # The consent form's own text (purpose, alternatives, choice) is patient reading too.
        consent = compose(part, "consent.md.j2", templates_dir, clinic, citations=False) if part.consent else ()
        found += (readability.check(part, located, handout + consent, options)
                  + _template_glyphs(part, handout, consent, templates_dir, clinic) + structure.check(part, handout))
    english = content.meta.language.lower().startswith("en")
    # The English content is checked as built (it may be changed in code); a translation as filed.
    found = list(dict.fromkeys(found))  # what both products' papers print is reported once
    found += (characters.check(located, content.model_dump() if english else None)
              + review.approval(content, located, english) + quiz.check(content, located, *(options.deck or ())))
    if english:
        found += (terms.check(content, located) + references.check(content, located)
                  + evidence.check(content, located) + emergency.check(content, located)
                  + products.check(content, located) + review.check(content, located, options))
    return in_order(found)


def in_order(found: list[Diagnostic]) -> list[Diagnostic]:
    """In file and line order."""
    return sorted(found, key=lambda d: (d.file, d.line or 0, d.col or 0, d.code))


def _template_glyphs(content: Content, handout, consent, templates_dir: Path | None,
                     clinic: Clinic | None) -> list[Diagnostic]:
    """Characters the font lacks that only a template brings (the content's and a clinic's
    own are reported at their lines)."""
    from kethandout.checks import glyphs

    values = content.model_dump_json() + (clinic.model_dump_json() if clinic else "")
    found = []
    for name, blocks in (("handout.md.j2", handout), ("consent.md.j2", consent)):
        own = templates_dir / name if templates_dir and (templates_dir / name).is_file() else None
        found += glyphs.check_template(blocks, str(own or f"(built-in) {name}"), values)
    return found


def strict(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """--strict: warnings count as errors."""
    from dataclasses import replace
    return [replace(d, severity="error") for d in diagnostics]
