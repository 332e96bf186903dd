"""Every character that reaches the PDF must be in the embedded font: a missing glyph prints
as an empty box, silently."""
from __future__ import annotations

import hashlib
import json
import re
from functools import cache

from kethandout import diskcache
from kethandout.checks.texts import strings
from kethandout.content.load import Located
from kethandout.content.validate import describe
from kethandout.errors import Diagnostic
from kethandout.style.fonts import HANDOUT_FILES


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@cache
def printable() -> frozenset[int]:
    """Code points that every style of the handout font can draw. Reading the fonts'
    character maps (and importing fontTools) took 0.08 s of every build, so the set is kept
    in the private cache folder, keyed by the font files' names, sizes and times."""
    files = sorted(HANDOUT_FILES.values())
    stamp = repr([(path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in files])
    name = f"printable-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.json"
    try:
        codes = json.loads(diskcache.read(name))
        if isinstance(codes, list) and codes and all(isinstance(code, int) for code in codes):
            return frozenset(codes)
    except (TypeError, ValueError):  # missing or damaged: read the fonts again
        pass
    from fontTools.ttLib import TTFont

    maps = [set(TTFont(str(path), lazy=True).getBestCmap()) for path in files]
    codes = frozenset(set.intersection(*maps))
    diskcache.write(name, json.dumps(sorted(codes)).encode())
    return codes


def missing(text: str) -> list[str]:
    """Characters of text the handout font cannot draw (line breaks and tabs aside), in order, once."""
    seen: dict[str, None] = {}
    for char in text:
        if char not in "\n\r\t" and ord(char) not in printable() and not NOT_XML.match(char):
            seen.setdefault(char)
    return list(seen)


def check(located: Located, data=None) -> list[Diagnostic]:
    """data: the values to check (the content as built, which may differ from the file);
    positions come from `located`."""
    found = []
    for path, text in strings(located, skip=set(), data=data):  # slides and notes are XML: no control characters
        for char in dict.fromkeys(NOT_XML.findall(text)):
            found.append(located.diagnostic(
                path, "control-character",
                f"{describe(located, path[:-1])}.{path[-1]} has the control character U+{ord(char):04X}, which "
                "no document can hold", hint="delete it (it often comes from copying out of another program)"))
    for path, text in strings(located, data=data):
        for char in missing(text):
            found.append(located.diagnostic(
                path, "unprintable-character",
                f"{describe(located, path[:-1])}.{path[-1]} has {char!r} (U+{ord(char):04X}), which the handout "
                "font cannot draw; it would print as an empty box",
                hint="use another character or spell it out"))
    return found


def check_template(blocks, template: str, content_text: str) -> list[Diagnostic]:
    """Characters the template itself brings (its own words, its t() strings) that the font
    cannot draw; those of the content are reported at their line by check()."""
    from kethandout.compose import doc

    text = "\n".join(doc.plain(inline) for inline in doc.inlines(blocks))
    return [Diagnostic("error", "unprintable-character", f"the template's text has {char!r} (U+{ord(char):04X}), "
                       "which the handout font cannot draw; it would print as an empty box", template,
                       hint="use another character or spell it out")
            for char in missing(text) if char not in content_text]
