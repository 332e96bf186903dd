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
    """--strict: warnings count as errors, except those accepted in the file: a comment
    `# accept: CODE` (several: `# accept: no-evidence, long-deck`) at the end of the line
    the warning names. An accepted warning is still printed, and says so."""
    from dataclasses import replace

    lines: dict[str, list[str]] = {}
    return [replace(d, message=d.message + " (accepted in the file)") if _accepted(d, lines)
            else replace(d, severity="error") for d in diagnostics]


def _accepted(diagnostic: Diagnostic, lines: dict[str, list[str]]) -> bool:
    import re

    if diagnostic.severity != "warning" or diagnostic.line is None:
        return False
    if diagnostic.file not in lines:
        lines[diagnostic.file] = _lines_of(diagnostic.file)
    text = lines[diagnostic.file][diagnostic.line - 1] if diagnostic.line <= len(lines[diagnostic.file]) else ""
    found = re.search(r"#\s*accept:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)", text)
    return bool(found) and diagnostic.code.value in re.split(r"\s*,\s*", found.group(1))


def _lines_of(name: str) -> list[str]:
    """A diagnosed file's lines (none for what is not a readable regular file of sane size)."""
    from kethandout.reads import NotRegularFile, TooLarge, read_regular

    try:
        return read_regular(name, 20_000_000, refuse_larger=True).decode("utf-8", errors="replace").splitlines()
    except (OSError, NotRegularFile, TooLarge):
        return []
