"""The page budgets, the one rule of them: how many pages each patient document may have, where
the renderer stops laying out, and the error when one is over. The handout has the clinic's
max_pages, else the content's (large print its own); the at-a-glance sheet is one page. A
translation may take one page more than the English (its file may set less). The build
enforces them on the page count its renderer returns."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kethandout.content.load import Located
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic

if TYPE_CHECKING:
    from kethandout.content.clinic import Clinic

BUDGETED = ("handout", "glance", "card")  # the patient documents with a page budget
NAMES = {"handout": "handout", "glance": "at-a-glance sheet", "card": "visit-day card"}
# The documents whose budget is their shape, not a setting: the sheet is one page (18 pt text
# holds less than half as much), the card one sheet of two cards (a page each in large print).
FIXED = {"glance": {"standard": (1, "one page"), "large-print": (3, "three pages in large print")},
         "card": {"standard": (1, "one sheet"), "large-print": (2, "two pages in large print")}}


def page_budget(content: Content, clinic: Clinic | None = None, style: str = "standard",
                kind: str = "handout") -> tuple[int, str]:
    """The document's page budget and the setting it comes from."""
    translated = not content.meta.language.lower().startswith("en")
    if kind in FIXED:
        budget, setting = FIXED[kind][style]
        return budget + translated, setting + (", and one more for a translation" if translated else "")
    if style == "large-print":
        return content.meta.max_pages_large_print, "meta.max_pages_large_print"
    if clinic and clinic.max_pages:
        return clinic.max_pages + translated, "the clinic's max_pages" + (" and one for a translation" if translated
                                                                           else "")
    return content.meta.max_pages, "meta.max_pages"


def page_limit(budget: int) -> int:
    """Where the renderer stops: far enough past the budget to say how far over a document is,
    near enough that runaway text costs a few pages of layout, not hundreds."""
    return 2 * budget + 4


def page_budget_problem(pages: int, paper: str, content: Content, located: Located | None,
                        clinic: Clinic | None = None, style: str = "standard", kind: str = "handout",
                        product: str | None = None) -> Diagnostic | None:
    """An error when the document has more pages than its budget (see page_budget)."""
    budget, setting = page_budget(content, clinic, style, kind)
    if pages <= budget:
        return None
    counted = f"at least {pages}" if pages >= page_limit(budget) else str(pages)
    variant = "large-print " if style == "large-print" else ""
    whose = f" for {clinic.name}" if clinic else ""
    about = f" ({product})" if product else ""
    message = f"the {variant}{paper} {NAMES[kind]}{about}{whose} has {counted} pages; the budget ({setting}) is {budget}"
    if kind in ("glance", "card"):
        return Diagnostic("error", Code.PAGE_BUDGET, message, clinic.source if clinic else f"{kind}.md.j2",
                          hint="shorten the page-1 text: main_message, visit_actions, may_feel and the emergency lines")
    if setting.startswith("the clinic"):
        return Diagnostic("error", Code.PAGE_BUDGET, message, clinic.source)
    hint = None if style == "large-print" else \
        "shorten the patient text, or set max_pages in the clinic profile if the clinic prints more pages"
    field = setting.removeprefix("meta.")
    if located is None:
        return Diagnostic("error", Code.PAGE_BUDGET, message, "content", hint=hint)
    return located.diagnostic(("meta", field), Code.PAGE_BUDGET, message, hint=hint)
