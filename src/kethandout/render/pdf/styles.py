"""The handout's page geometry, paragraph styles and inline markup, in the handout font."""
from __future__ import annotations

import functools
from html import escape as _html_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch

from kethandout.compose import doc
from kethandout.style import theme
from kethandout.style.fonts import HANDOUT_FAMILY, HANDOUT_FILES

# The page: paper, margins and the colour band at its top (the footer's room is page.footer_room).
PAPER = {"letter": letter, "a4": A4}
MARGIN = 1.1 * inch  # left and right: lines of about 70 characters at 12 pt (60-75 is easiest to read)
TOP_MARGIN = 0.7 * inch
BAND = 10  # the colour band across the top of every page, points
DRAFT_GAP = 4  # between the band and the DRAFT notice's box
FRAME_PADDING = 6  # platypus frames pad their content by 6 pt on each side
ICON_X = MARGIN + FRAME_PADDING - 8  # icons hang in the left margin, their right edge here
MIN_COLUMN = 1.6 * inch  # narrower than this, columns and boxes stack instead


@functools.cache
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


def escape(text: str) -> str:
    """&, < and > as entities, for ReportLab's paragraph markup. (Not xml.sax.saxutils, whose
    import brings in urllib, http and ssl: 28 ms of a build.)"""
    return _html_escape(text, quote=False)


def styles(brand: theme.Branding, size: theme.PrintStyle) -> dict[str, ParagraphStyle]:
    gap = size.body / 2 * size.spacing  # paragraph spacing grows with the type
    body = ParagraphStyle("body", fontName=register_handout_fonts(), fontSize=size.body, leading=size.leading,
                          textColor=colors.HexColor(theme.INK), alignment=TA_LEFT, spaceAfter=gap,
                          allowWidows=0, allowOrphans=0)
    heading = dict(fontName=HANDOUT_FAMILY + "-bold", textColor=colors.HexColor(brand.primary))
    return {
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "h1": ParagraphStyle("h1", parent=body, fontSize=size.title, leading=size.title * 1.2,
                             spaceAfter=gap + 2, **heading),
        "h2": ParagraphStyle("h2", parent=body, fontSize=size.h2, leading=size.h2 * 1.25,
                             spaceBefore=size.body * 0.8 * size.spacing, spaceAfter=gap * 0.66, **heading),
        "h3": ParagraphStyle("h3", parent=body, fontSize=size.h3, leading=size.h3 * 1.25,
                             spaceBefore=gap * 0.6, spaceAfter=gap / 3, **heading),
        "clinic": ParagraphStyle("clinic", parent=body, fontName=HANDOUT_FAMILY + "-bold", fontSize=size.body + 3,
                                 leading=(size.body + 3) * 1.25, textColor=colors.HexColor(brand.primary),
                                 spaceAfter=2),
        "caption": ParagraphStyle("caption", parent=body, fontSize=size.small, leading=size.small * 1.2,
                                  alignment=1, spaceAfter=0),
        "small": ParagraphStyle("small", parent=body, fontSize=size.small, leading=size.small * 1.15,
                                spaceAfter=0),
        "help_number": ParagraphStyle("help_number", parent=body, fontName=HANDOUT_FAMILY + "-bold",
                                      fontSize=size.help_number, leading=size.help_number * 1.2,
                                      textColor=colors.HexColor(brand.alert)),
        "help_word": ParagraphStyle("help_word", parent=body, fontName=HANDOUT_FAMILY + "-bold",  # (a heading's least)
                                    fontSize=max(size.help_number * 0.7, size.h3), leading=size.help_number * 0.84,
                                    textColor=colors.HexColor(brand.alert)),
        "key": ParagraphStyle("key", parent=body, fontSize=size.h2, leading=size.h2 * 1.25,
                              fontName=HANDOUT_FAMILY + "-bold", textColor=colors.HexColor(brand.primary),
                              spaceAfter=4),
        "step_title": ParagraphStyle("step_title", parent=body, spaceAfter=1,
                                     textColor=colors.HexColor(brand.primary)),
        "step": ParagraphStyle("step", parent=body, spaceAfter=0),
        "help": ParagraphStyle("help", parent=body, fontSize=size.h2, leading=size.h2 * 1.25,
                               fontName=HANDOUT_FAMILY + "-bold", textColor=colors.HexColor(brand.alert),
                               spaceAfter=4),
    }


def markup(inline: doc.Inline, sup_size: float = 10) -> str:
    """ReportLab paragraph markup for an inline run; content text is always escaped."""
    parts = []
    for span in inline:
        if span.icon:  # drawn beside the text (Flowables.paragraph); inside a line, its words stand for it
            if span.text:
                parts.append(escape(f"({span.text})"))
            continue
        text = escape(span.text)
        if span.sup:
            text = f'<super rise="{sup_size * 0.4:g}" size="{sup_size:g}">{text}</super>'
        if span.emph:
            text = f"<i>{text}</i>"
        if span.strong:
            text = f"<b>{text}</b>"
        # A link within the document (#section) is left out: a printed page has nowhere to
        # go, and ReportLab fails on a target it does not know. So is one with no words.
        if span.href and not span.href.startswith("#") and span.text.strip():
            href = escape(span.href).replace('"', "&quot;")
            text = f'<a href="{href}">{text}</a>'
        parts.append(text)
    return "".join(parts)


# Tables set a cell font even around flowables; without this, unembedded Helvetica is listed.
BASE_CELL = [("FONTNAME", (0, 0), (-1, -1), register_handout_fonts())]
