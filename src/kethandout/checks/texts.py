"""Which strings of a content file reach patients, and where they are."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kethandout.content.load import Located

# Keys whose text never reaches the patient handout (deck and notes only).
CLINICIAN_ONLY = {"clinician", "objectives", "deck_title"}
# Keys that are identifiers, codes or metadata rather than prose.
NOT_PROSE = {"id", "refs", "slug", "kind", "urgency", "timeframe", "severity", "evidence", "language",
             "doi", "url", "number", "publisher", "reviewed_by", "version"}
PATIENT_PROSE = {"intro", "text", "patient", "title", "definition", "markdown", "action"}


def strings(located: Located, skip: set[str] = CLINICIAN_ONLY, data: Any = None) -> Iterator[tuple[tuple, str]]:
    """(path, text) for every string in the file (or in `data`, shaped like it), except under
    the skipped keys."""
    yield from _walk(located.data if data is None else data, (), skip)


def patient_prose(located: Located) -> Iterator[tuple[tuple, str]]:
    """(path, text) for the plain-language texts a patient reads."""
    for path, text in strings(located):
        if path and path[-1] in PATIENT_PROSE and "references" not in path and "meta" not in path:
            yield path, text


def _walk(node: Any, path: tuple, skip: set[str]) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in skip:
                yield from _walk(value, path + (key,), skip)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, path + (i,), skip)
    elif isinstance(node, str):
        yield path, node
