"""Every character of an input file must reach the documents: no control characters, and
none the handout font cannot draw."""
from __future__ import annotations

from kethandout.content.load import Located
from kethandout.content.paths import describe
from kethandout.content.texts import strings
from kethandout.errors import Code, Diagnostic
from kethandout.style.glyphs import NOT_XML, missing


def check(located: Located, data=None) -> list[Diagnostic]:
    """data: the values to check (the content as built, which may differ from the file);
    positions come from `located`."""
    found = []
    for path, text in strings(located, skip=set(), data=data):  # slides and notes are XML: no control characters
        for char in dict.fromkeys(NOT_XML.findall(text)):
            found.append(located.diagnostic(
                path, Code.CONTROL_CHARACTER,
                f"{describe(located, path[:-1])}.{path[-1]} has the control character U+{ord(char):04X}, which "
                "no document can hold", hint="delete it (it often comes from copying out of another program)"))
    for path, text in strings(located, data=data):
        for char in missing(text):
            found.append(located.diagnostic(
                path, Code.UNPRINTABLE_CHARACTER,
                f"{describe(located, path[:-1])}.{path[-1]} has {char!r} (U+{ord(char):04X}), which the handout "
                "font cannot draw; it would print as an empty box",
                hint="use another character or spell it out"))
    return found
