"""The page budget, the one rule of it: how many pages a handout may have (the clinic's
max_pages, else the content's; large print its own), where the renderer stops laying out, and
the error when a handout is over. The build enforces it on the page count its renderer returns."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kethandout.content.load import Located
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic

if TYPE_CHECKING:
    from kethandout.content.clinic import Clinic


def page_budget(content: Content, clinic: Clinic | None = None, style: str = "standard") -> tuple[int, str]:
    """The handout's page budget and the setting it comes from: the clinic's max_pages when it
    sets one (its own sections make the handout longer), else the content's; large print has
    a budget of its own."""
    if style == "large-print":
        return content.meta.max_pages_large_print, "meta.max_pages_large_print"
    if clinic and clinic.max_pages:
        return clinic.max_pages, "the clinic's max_pages"
    return content.meta.max_pages, "meta.max_pages"


def page_limit(budget: int) -> int:
    """Where the renderer stops: far enough past the budget to say how far over a handout is,
    near enough that runaway text costs a few pages of layout, not hundreds."""
    return 2 * budget + 4


def page_budget_problem(pages: int, paper: str, content: Content, located: Located | None,
                        clinic: Clinic | None = None, style: str = "standard") -> Diagnostic | None:
    """An error when the handout has more pages than its budget (see page_budget)."""
    budget, setting = page_budget(content, clinic, style)
    if pages <= budget:
        return None
    counted = f"at least {pages}" if pages >= page_limit(budget) else str(pages)
    variant = "large-print " if style == "large-print" else ""
    whose = f" for {clinic.name}" if setting.startswith("the clinic") else ""
    message = f"the {variant}{paper} handout{whose} has {counted} pages; the budget ({setting}) is {budget}"
    if setting.startswith("the clinic"):
        return Diagnostic("error", Code.PAGE_BUDGET, message, clinic.source)
    hint = None if style == "large-print" else \
        "shorten the patient text, or set max_pages in the clinic profile if the clinic prints more pages"
    field = setting.removeprefix("meta.")
    if located is None:
        return Diagnostic("error", Code.PAGE_BUDGET, message, "content", hint=hint)
    return located.diagnostic(("meta", field), Code.PAGE_BUDGET, message, hint=hint)

