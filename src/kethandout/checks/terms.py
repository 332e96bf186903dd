"""Medical terms in patient text must be explained there or in the glossary."""
from __future__ import annotations

import re

from kethandout.checks.texts import patient_prose
from kethandout.content.load import Located
from kethandout.content.schema import Content
from kethandout.content.validate import describe
from kethandout.errors import Diagnostic

# Clinical words a patient may not know (checked whole-word, case-insensitive).
CLINICAL_TERMS = [
    "NMDA", "glutamate", "dissociation", "dissociative", "hypertension", "contraindication", "bioavailability",
    "anesthetic", "anaesthetic", "psychosis", "psychotic", "hydronephrosis", "neuroplasticity", "esketamine",
    "aneurysm", "arteriovenous", "AVM", "fibromyalgia", "PTSD", "OCD", "sublingual", "intravenous",
    "intramuscular", "IV", "off-label", "hallucination", "hallucinations", "sedation", "REMS", "enantiomer",
    "hepatic", "renal", "cardiovascular", "tolerance", "dependence", "uropathy", "psychotherapy", "antidepressant",
]


def _defined_in(term: str, text: str) -> bool:
    """Explained where it is used: "a bulging blood vessel (aneurysm)", "glutamate, a chemical",
    "X is ...", "X means ..."."""
    t = re.escape(term)
    patterns = [rf"\(\s*{t}\s*\)", rf"\b{t}(\s+\w+){{0,2}}\s*\(", rf"\b{t}\b,\s+(a|an|the)\s",
                rf"\b{t}\b\s+(is|are|means)\s"]
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def check(content: Content, located: Located) -> list[Diagnostic]:
    glossary = {entry.term.lower() for entry in content.glossary}
    explained = set(glossary)
    found: list[Diagnostic] = []
    texts = [(path, text) for path, text in patient_prose(located) if "glossary" not in path]
    for path, text in texts:  # a term explained once in the handout is explained for all later uses
        explained |= {term.lower() for term in CLINICAL_TERMS if _defined_in(term, text)}
    for term in CLINICAL_TERMS + [entry.term for entry in content.glossary]:
        if term.lower() in explained:
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", 0 if term.isupper() else re.IGNORECASE)
        where = next((path for path, text in texts if pattern.search(text)), None)
        if where is not None:
            found.append(located.diagnostic(
                where, "undefined-term", f"{describe(located, where[:-1])}.{where[-1]} uses the medical term '{term}' without explaining it",
                severity="warning", hint="explain it in the sentence, e.g. 'term (plain words)', or add it to the glossary"))
            explained.add(term.lower())
    return found
