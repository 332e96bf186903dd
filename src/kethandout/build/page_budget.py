"""The page budget: a handout longer than its budget is an error, at the setting it comes from."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kethandout.compose.furniture import page_budget, page_limit
from kethandout.content.load import Located
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic

if TYPE_CHECKING:
    from kethandout.content.clinic import Clinic


def page_budget_problem(pages: int, paper: str, content: Content, located: Located | None,
                        clinic: Clinic | None = None, style: str = "standard") -> Diagnostic | None:
    """An error when the handout has more pages than its budget (see furniture.page_budget)."""
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

