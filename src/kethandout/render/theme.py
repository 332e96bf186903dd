"""Colours and sizes shared by the renderers (print and slide standards from CONTENT-FACTS)."""
from __future__ import annotations

from dataclasses import dataclass

# Dark text on a light background; every text colour passes WCAG AA on white.
INK = "#1A1A1A"
PRIMARY = "#0B4F6C"  # headings, rules (contrast 8.9:1 on white)
ALERT = "#A4161A"  # the "Get help now" box (contrast 7.4:1 on white)
MUTED = "#4A4A4A"  # footer text (contrast 8.9:1 on white)
RULE = "#9AA5AB"  # hairlines in tables (no text on it)

# Handout (points). Body >= 12 pt for print (APH/RNIB).
BODY_SIZE = 12
BODY_LEADING = 14.5
TITLE_SIZE = 24
H2_SIZE = 16
H3_SIZE = 13
FOOTER_SIZE = 10
SMALL_SIZE = 10  # the Sources list: reference text, not patient reading (FDA minimum is 10 pt)

# Deck (points). Body >= 18 pt and titles >= 28 pt.
DECK_TITLE_SIZE = 32
DECK_BODY_MAX = 24
DECK_BODY_MIN = 18
DECK_LINE_SPACING = 1.2  # line height as a multiple of the font size
DECK_TITLE_MIN = 28
DECK_TABLE_MAX = 24
DECK_SMALL_SIZE = 12  # slide footer and number


@dataclass(frozen=True)
class Branding:
    """A clinic's look and contact details; the default is kethandout's own, unbranded."""

    primary: str = PRIMARY
    alert: str = ALERT
    clinic_name: str | None = None
    logo: str | None = None  # absolute path of a PNG or JPEG
    contact_lines: tuple[str, ...] = ()
    url: str | None = None  # printed as a QR code
