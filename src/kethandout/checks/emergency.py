"""Whom to call is said by the emergency lines in force: a clinic abroad replaces them in its
profile, so an item that writes a number of its own would tell that clinic's patients the
wrong one."""
from __future__ import annotations

import re

from kethandout.content.load import Located
from kethandout.content.paths import describe
from kethandout.content.schema import Content
from kethandout.content.texts import strings
from kethandout.errors import Code, Diagnostic

# The lines themselves, the sources' own words and the references may name them.
NOT_WORDING = {"emergency", "evidence", "references"}


def check(content: Content, located: Located) -> list[Diagnostic]:
    numbers = {line.number for line in content.emergency}
    found = []
    for path, text in strings(located, skip=NOT_WORDING):
        named = [n for n in numbers if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]
        if named:
            found.append(located.diagnostic(
                path, Code.EMERGENCY_NUMBER_IN_TEXT,
                f"{describe(located, path[:-1])}.{path[-1]} names {', '.join(sorted(named))}, an emergency line: "
                "a clinic that gives its own lines would still print this one", severity="warning",
                hint="say 'get emergency help' and give the item then_call: emergency (or crisis); the handout "
                     "then names the lines in force"))
    return found
