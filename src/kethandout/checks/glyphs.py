"""Characters a template itself brings that the handout font cannot draw (those of the
content and of a clinic profile are checked where they are read: content/characters.py)."""
from __future__ import annotations

from kethandout.compose import doc
from kethandout.errors import Code, Diagnostic
from kethandout.style.glyphs import missing


def check_template(blocks, template: str, content_text: str) -> list[Diagnostic]:
    """Characters the template itself brings (its own words, its t() strings) that the font
    cannot draw; those of the content are reported at their line by content.characters."""
    text = "\n".join(doc.plain(inline) for inline in doc.inlines(blocks))
    return [Diagnostic("error", Code.UNPRINTABLE_CHARACTER, f"the template's text has {char!r} (U+{ord(char):04X}), "
                       "which the handout font cannot draw; it would print as an empty box", template,
                       hint="use another character or spell it out")
            for char in missing(text) if char not in content_text]
