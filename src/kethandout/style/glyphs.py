"""Which characters the handout font can draw: a missing glyph prints as an empty box, silently."""
from __future__ import annotations

import hashlib
import json
import re
from functools import cache

from kethandout import user_cache
from kethandout.style.fonts import HANDOUT_FILES

_LINE_BREAKS = str.maketrans("", "", "\n\r\t")
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
        codes = json.loads(user_cache.read(name))
        if isinstance(codes, list) and codes and all(isinstance(code, int) for code in codes):
            return frozenset(codes)
    except (TypeError, ValueError):  # missing or damaged: read the fonts again
        pass
    from fontTools.ttLib import TTFont

    maps = [set(TTFont(str(path), lazy=True).getBestCmap()) for path in files]
    codes = frozenset(set.intersection(*maps))
    user_cache.write(name, json.dumps(sorted(codes)).encode())
    return codes


_DRAWN_ASCII = frozenset(map(chr, range(0x20, 0x7F)))  # the handout font draws every one (a test says so)


def missing(text: str) -> list[str]:
    """Characters of text the handout font cannot draw (line breaks and tabs aside), in order, once."""
    if text.isascii() and _DRAWN_ASCII.issuperset(text.translate(_LINE_BREAKS)):
        return []  # most of a content file: checked at C speed
    seen: dict[str, None] = {}
    for char in text:
        if char not in "\n\r\t" and ord(char) not in printable() and not NOT_XML.match(char):
            seen.setdefault(char)
    return list(seen)
