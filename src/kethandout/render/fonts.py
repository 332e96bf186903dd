"""Font files shipped as Python packages, so print matches screen on every machine."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_arimo
import fontpkg_atkinson_hyperlegible

HANDOUT_FAMILY = "AtkinsonHyperlegible"
_ATKINSON = Path(fontpkg_atkinson_hyperlegible.ROOT) / "files"
HANDOUT_FILES = {
    "regular": _ATKINSON / "AtkinsonHyperlegible-Regular.ttf",
    "bold": _ATKINSON / "AtkinsonHyperlegible-Bold.ttf",
    "italic": _ATKINSON / "AtkinsonHyperlegible-Italic.ttf",
    "boldItalic": _ATKINSON / "AtkinsonHyperlegible-BoldItalic.ttf",
}

# Decks: PowerPoint cannot embed fonts written by python-pptx, so slides use Arial, which
# every presenter has, and text is measured with Arimo, its metric-compatible twin.
DECK_FONT = "Arial"
DECK_METRICS_FILE = Path(fontpkg_arimo.ROOT) / "files" / "Arimo[wght].ttf"


@cache
def register_handout_fonts() -> str:
    """Register Atkinson Hyperlegible with ReportLab; return the regular face's name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {style: f"{HANDOUT_FAMILY}-{style}" for style in HANDOUT_FILES}
    for style, path in HANDOUT_FILES.items():
        pdfmetrics.registerFont(TTFont(names[style], str(path)))
    # Without a registered family, <b> and <i> silently stay regular.
    pdfmetrics.registerFontFamily(HANDOUT_FAMILY, normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["boldItalic"])
    return names["regular"]
