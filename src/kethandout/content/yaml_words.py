"""What PyYAML's parser says, in words a clinician editing the content can act on: the
problem, and what to do about it. (Its own wording, "while scanning a simple key", names
the parser's states.) Anything not listed keeps PyYAML's words."""
from __future__ import annotations

import re

# (PyYAML's problem, as a pattern; its context or None for any) -> (what is wrong, what to do)
PLAIN = [
    (r"could not find expected ':'", None,
     ("this line has no ':' after its key, or continues the text above without being indented",
      "give the key a colon ('title: ...'), or indent the line under the text it continues")),
    (r"mapping values are not allowed here", None,
     ("a second ': ' on this line starts another key where a value is expected",
      "put text that contains ': ' in double quotes, or start the next key on its own line")),
    (r"found unexpected end of stream", "while scanning a quoted scalar",
     ("a quoted text is never closed", "add the closing quote at the end of the text")),
    (r"expected <block end>, but found", None,
     ("this line is indented differently from the lines at its level",
      "line it up with the other keys (or list items) of the same item; indent with spaces")),
    (r"expected ',' or '\]'", None, ("a list written in [ ] is not closed", "add the ] after its last entry")),
    (r"expected ',' or '\}'", None, ("a mapping written in { } is not closed", "add the } after its last entry")),
    (r"found character '\\t' that cannot start any token", None,
     ("a tab character: YAML indents with spaces only", "replace the tab with spaces")),
    (r"found character '(.)' that cannot start any token", None,
     ("a value cannot start with '{0}'", "put the whole value in double quotes")),
    (r"but found another document", None,
     ("a second document starts here (a line of ---)", "remove the --- line: a content file is one document")),
    (r"did not find expected key", None,
     ("this line is not a key of the item above it", "check its indentation against the lines above")),
    (r"did not find expected '-' indicator", None,
     ("this line breaks a list: a list item starts with '- '", "start it with '- ', or indent it under the item above")),
]


def plain(problem: str, context: str | None) -> tuple[str, str | None]:
    """(the problem in plain words, a hint or None)."""
    for pattern, wanted_context, (words, hint) in PLAIN:
        found = re.search(pattern, problem)
        if found and (wanted_context is None or wanted_context == context):
            return words.format(*found.groups()), hint
    return problem, None
