"""Every claim sits beside its source's own words: a cited item carries at least one quote
(`evidence:`), each quote is from a source the item cites, and every number the item states is
in one of its quotes. A reviewer then checks words, not a library. Items marked
needs_review are left to that flag."""
from __future__ import annotations

import re

from kethandout.content.load import Located
from kethandout.content.paths import describe
from kethandout.content.schema import Content, Percent
from kethandout.errors import Code, Diagnostic

# A number a reader acts on: a rate ("61-84%"), a dose, a time or a pressure ("at least 2 hours",
# "a 40-minute infusion", "0.5 mg/kg", "140/90"; a range's first number counts too), or a phone number.
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
UNIT = r"%|percent|mmHg|mg/kg|mg|mL|hours?|hrs?|minutes?|min|days?|weeks?|months?|years?"
MEASURE = re.compile(rf"(?<![\w.,])({NUMBER})(?:\s*(?:-|–|to)\s*({NUMBER}))?\s*-?\s*(?:{UNIT})(?![\w])"
                     r"|(?<![\w/])(\d{2,3}/\d{2,3})(?![\w/])|\b(1-8\d\d-[0-9A-Z]{3}-[0-9A-Z]{4})\b")
# What a quote holds: every number in figures (a phone number and a pressure whole), and small numbers
# in words ("at least two hours").
QUOTED = re.compile(rf"1-8\d\d-[0-9A-Z]{{3}}-[0-9A-Z]{{4}}|\d{{2,3}}/\d{{2,3}}|{NUMBER}")
NUMBER_WORDS = dict(zip("one two three four five six seven eight nine ten eleven twelve".split(), range(1, 13)))
# (not a knowledge check's options: the wrong ones are wrong on purpose)
WORDINGS = ("title", "patient", "clinician", "frequency", "onset", "setting", "bioavailability", "approval", "ask",
            "question", "explanation", "purpose", "alternatives", "limits", "voluntary", "questions")
SHOWN = 5  # numbers named in one warning; the rest are counted


def check(content: Content, located: Located) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for path, item in content.claims():
        # An uncited claim is the references check's to report; a claim marked needs_review is
        # already known to lack its source's words (the reviewer's sheet says which).
        if not item.refs or item.needs_review:
            continue
        if not item.evidence:
            found.append(located.diagnostic(path, Code.NO_EVIDENCE, f"{describe(located, path)} cites "
                                            f"{', '.join(item.refs)} but quotes none of them", severity="warning",
                                            hint="add evidence: [{ref, section, quote}] with the source's own words"))
            continue
        found += _quotes_cited(content, located, path, item)
        found += _numbers_quoted(located, path, item)
    return found


def _quotes_cited(content: Content, located: Located, path: tuple, item) -> list[Diagnostic]:
    """A quote is from a source its item cites: beside the claim, another source's words would
    read as support the citation does not give."""
    known = {ref.id for ref in content.references}
    if not set(item.refs) <= known:
        return []  # a misspelt ref is reported once, as an unknown reference
    return [located.diagnostic(path + ("evidence", i, "ref"), Code.QUOTE_NOT_CITED,
                               f"{describe(located, path)} quotes '{quote.ref}', which its refs do not cite",
                               severity="warning", hint=f"add {quote.ref} to refs, or quote a source it cites")
            for i, quote in enumerate(item.evidence) if quote.ref not in item.refs]


def _numbers_quoted(located: Located, path: tuple, item) -> list[Diagnostic]:
    """Each number of a measure or a chart must stand in one of the item's quotes."""
    quoted = _quoted_numbers(item.evidence)
    found = []
    for field, numbers in _stated_numbers(item):
        missing = [n for n in numbers if n not in quoted]
        if missing:
            shown = ", ".join(missing[:SHOWN]) + (f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else "")
            found.append(located.diagnostic(
                path + (field,), Code.NUMBER_NOT_IN_EVIDENCE,
                f"{describe(located, path)}.{field} gives {shown}, which none of its quotes holds",
                severity="warning", hint="quote the source's words with that number, or correct the number"))
    return found


def _quoted_numbers(evidence) -> set[str]:
    """The numbers the quotes hold, read once (a set, so the check grows with the text, not
    with numbers times quotes)."""
    text = " ".join(quote.quote for quote in evidence)
    numbers = {_plain(n) for n in QUOTED.findall(text)}
    numbers |= {str(NUMBER_WORDS[w.lower()]) for w in re.findall(r"[A-Za-z]+", text) if w.lower() in NUMBER_WORDS}
    return numbers


def _stated_numbers(item):
    for field in WORDINGS:
        value = getattr(item, field, None)
        text = " ".join(value) if isinstance(value, list) else value
        if isinstance(text, str):
            numbers = [_plain(n) for match in MEASURE.finditer(text) for n in match.groups() if n]
            if numbers:
                yield field, list(dict.fromkeys(numbers))
    for field in ("frequency_pct", "bioavailability_pct"):
        value = getattr(item, field, None)
        if isinstance(value, Percent) and not value.needs_review:
            yield field, list(dict.fromkeys(f"{n:g}" for n in (value.low, value.high)))


def _plain(number: str) -> str:
    """1,000 -> 1000; 0.50 -> 0.5; a phone number or a pressure as written."""
    if "-" in number or "/" in number:
        return number
    number = number.replace(",", "")
    return number.rstrip("0").rstrip(".") if "." in number else number
