"""Which strings of a content file reach patients, and where they are."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kethandout.content.load import Located
from kethandout.content.paths import walk

# Keys whose text never reaches the patient handout (deck and notes only).
CLINICIAN_ONLY = {"clinician", "objectives", "deck_title"}
PATIENT_PROSE = {"intro", "text", "patient", "title", "definition", "markdown", "action", "ask",
                 "purpose", "alternatives", "limits", "voluntary", "received", "questions"}  # the last six: consent:


def strings(located: Located, skip: set[str] = CLINICIAN_ONLY, data: Any = None) -> Iterator[tuple[tuple, str]]:
    """(path, text) for every string in the file (or in `data`, shaped like it), except under
    the skipped keys."""
    return ((path, node) for path, node in walk(located.data if data is None else data, (), skip)
            if isinstance(node, str))


def patient_prose(located: Located) -> Iterator[tuple[tuple, str]]:
    """(path, text) for the plain-language texts a patient reads."""
    for path, text in strings(located):
        if path and path[-1] in PATIENT_PROSE and "references" not in path and "meta" not in path:
            yield path, text
