"""Medical terms in patient text must be explained there or in the glossary."""
from __future__ import annotations

import re
from functools import cache

from kethandout.content.load import Located
from kethandout.content.paths import describe
from kethandout.content.schema import Content
from kethandout.content.texts import patient_prose
from kethandout.errors import Code, Diagnostic

# Clinical words a patient may not know (checked whole-word, case-insensitive).
CLINICAL_TERMS = [
    "NMDA", "glutamate", "dissociation", "dissociative", "hypertension", "contraindication", "bioavailability",
    "anesthetic", "anaesthetic", "psychosis", "psychotic", "hydronephrosis", "neuroplasticity", "esketamine",
    "aneurysm", "arteriovenous", "AVM", "fibromyalgia", "PTSD", "OCD", "sublingual", "intravenous",
    "intramuscular", "IV", "off-label", "hallucination", "hallucinations", "sedation", "REMS", "enantiomer",
    "hepatic", "renal", "cardiovascular", "tolerance", "dependence", "uropathy", "psychotherapy", "antidepressant",
]


@cache
def _definition(term: str) -> re.Pattern:
    """Explained where it is used: "a bulging blood vessel (aneurysm)", "glutamate, a chemical",
    "X is ...", "X means ..."."""
    t = re.escape(term)
    return re.compile(rf"\(\s*{t}\s*\)|\b{t}(\s+\w+){{0,2}}\s*\(|\b{t}\b,\s+(a|an|the)\s|\b{t}\b\s+(is|are|means)\s",
                      re.IGNORECASE)


@cache
def _use(term: str) -> re.Pattern:
    """The term as a whole word; an abbreviation (all capitals) in capitals only."""
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", 0 if term.isupper() else re.IGNORECASE)


def check(content: Content, located: Located) -> list[Diagnostic]:
    glossary = {entry.term.lower() for entry in content.glossary}
    explained = set(glossary)
    found: list[Diagnostic] = []
    texts = [(path, text, text.lower()) for path, text in patient_prose(located) if "glossary" not in path]
    # A plain substring test first: most terms are in few texts, and the patterns are slower.
    for _, text, lowered in texts:  # a term explained once in the handout is explained for all later uses
        explained |= {term.lower() for term in CLINICAL_TERMS
                      if term.lower() in lowered and _definition(term).search(text)}
    for term in CLINICAL_TERMS + [entry.term for entry in content.glossary]:
        if term.lower() in explained:
            continue
        where = next((path for path, text, lowered in texts
                      if term.lower() in lowered and _use(term).search(text)), None)
        if where is not None:
            found.append(located.diagnostic(
                where, Code.UNDEFINED_TERM, f"{describe(located, where[:-1])}.{where[-1]} uses the medical term '{term}' without explaining it",
                severity="warning", hint="explain it in the sentence, e.g. 'term (plain words)', or add it to the glossary"))
            explained.add(term.lower())
    return found
