"""Every claim sits beside its source's own words: a cited item carries at least one quote
(`evidence:`), each quote is from a source the item cites, and every rate the item states is
in one of its quotes. A reviewer then checks words, not a library. Items marked
needs_review are left to that flag."""
from __future__ import annotations

import re

from kethandout.content.load import Located
from kethandout.content.schema import Content, Percent
from kethandout.content.validate import describe
from kethandout.errors import Diagnostic

# A number a reader acts on: a rate ("61-84%", "0.3%"), a dose, a time or a pressure ("at least
# 2 hours", "0.5 mg/kg", "140/90 mmHg"; a range's first number counts too), or a phone number.
MEASURE = re.compile(r"(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*"
                     r"(?:%|mmHg|mg/kg|hours?\b|minutes?\b|weeks?\b)|\b(\d{2,3}/\d{2,3})\b|\b(1-8\d\d-[0-9A-Z]{3}-[0-9A-Z]{4})\b")
# Sources write small numbers as words ("at least two hours").
NUMBER_WORDS = dict(zip("one two three four five six seven eight nine ten eleven twelve".split(), range(1, 13)))
WORDINGS = ("patient", "clinician", "frequency", "bioavailability", "explanation")


def check(content: Content, located: Located) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for path, item in content.claims():
        # An uncited claim is the references check's to report; a claim marked needs_review is
        # already known to lack its source's words (the reviewer's sheet says which).
        if not item.refs or item.needs_review:
            continue
        if not item.evidence:
            found.append(located.diagnostic(path, "no-evidence", f"{describe(located, path)} cites "
                                            f"{', '.join(item.refs)} but quotes none of them", severity="warning",
                                            hint="add evidence: [{ref, section, quote}] with the source's own words"))
            continue
        found += _quotes_cited(located, path, item)
        found += _numbers_quoted(located, path, item)
    return found


def _quotes_cited(located: Located, path: tuple, item) -> list[Diagnostic]:
    return [located.diagnostic(path + ("evidence", i, "ref"), "evidence-not-cited",
                               f"{describe(located, path)} quotes '{quote.ref}', which its refs do not cite",
                               severity="warning", hint=f"add {quote.ref} to refs, or quote a source it cites")
            for i, quote in enumerate(item.evidence) if quote.ref not in item.refs]


def _numbers_quoted(located: Located, path: tuple, item) -> list[Diagnostic]:
    """Each number of a rate or a chart must stand in one of the item's quotes."""
    quoted = " ".join(quote.quote for quote in item.evidence)
    found = []
    for field, numbers in _stated_numbers(item):
        missing = [n for n in numbers if not _holds(quoted, n)]
        if missing:
            found.append(located.diagnostic(
                path + (field,), "number-not-in-evidence",
                f"{describe(located, path)}.{field} gives {', '.join(missing)}, which none of its quotes holds",
                severity="warning", hint="quote the source's words with that number, or correct the number"))
    return found


def _stated_numbers(item):
    for field in WORDINGS:
        text = getattr(item, field, None)
        if isinstance(text, str):
            numbers = [n for match in MEASURE.finditer(text) for n in match.groups() if n]
            if numbers:
                yield field, list(dict.fromkeys(numbers))
    for field in ("frequency_pct", "bioavailability_pct"):
        value = getattr(item, field, None)
        if isinstance(value, Percent) and not value.needs_review:
            yield field, list(dict.fromkeys(f"{n:g}" for n in (value.low, value.high)))


def _holds(text: str, number: str) -> bool:
    """The number stands alone in the text ("61" in "61% to 84%", not in "161" or "6.1"),
    in figures or, for a small number, in words."""
    if re.search(rf"(?<![\d.]){re.escape(number)}(?!\.?\d)", text):
        return True
    words = [word for word, value in NUMBER_WORDS.items() if str(value) == number]
    return any(re.search(rf"\b{word}\b", text, re.IGNORECASE) for word in words)
