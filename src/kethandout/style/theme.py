"""Colours and sizes shared by the renderers (print and slide standards from CONTENT-FACTS),
and what each renderer is told besides the blocks."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

# Dark text on a light background; every text colour passes WCAG AA on white.
INK = "#1A1A1A"
PRIMARY = "#0B4F6C"  # headings, rules (contrast 8.9:1 on white)
ALERT = "#A4161A"  # the "Get help now" box (contrast 7.4:1 on white)
MUTED = "#4A4A4A"  # footer text (contrast 8.9:1 on white)
RULE = "#9AA5AB"  # hairlines in tables (no text on it)



@dataclass(frozen=True)
class PrintStyle:
    """Type sizes of one handout style, in points."""

    name: str
    body: float
    leading: float
    title: float
    h2: float
    h3: float
    small: float  # the sources list and captions
    footer: float
    help_number: float
    sources_columns: int
    spacing: float = 1.0  # the space between paragraphs and before headings, as a share of the usual


# Body >= 12 pt for print (APH/RNIB); the sources list is reference text at the FDA's 10 pt floor.
STANDARD = PrintStyle("standard", body=12, leading=14.5, title=22, h2=16, h3=13, small=10, footer=10,
                      help_number=22, sources_columns=2)
# Large print (APH, ACB 2022): body >= 18 pt, headings >= 22 pt, every line included.
LARGE_PRINT = PrintStyle("large-print", body=18, leading=25, title=30, h2=24, h3=22, small=18, footer=18,
                         help_number=30, sources_columns=1)
PRINT_STYLES = {style.name: style for style in (STANDARD, LARGE_PRINT)}


def tightened(style: PrintStyle) -> PrintStyle:
    """The style with its title at the size of a section heading and less space between
    paragraphs: a one-page sheet that would run over (a long translated title under a clinic's
    masthead) keeps every word, its text size and its line spacing."""
    return replace(style, title=style.h2, spacing=0.4)

# Deck (points). Body 24 pt, never under 20; tables and charts >= 18; titles >= 28; at most
# 7 body lines on a slide (SGIM, ACC faculty guidance: CONTENT-FACTS).
DECK_TITLE_SIZE = 32
DECK_BODY_MAX = 24
DECK_BODY_MIN = 20
DECK_TABLE_MIN = 18
DECK_MAX_BODY_LINES = 7
DECK_LINE_SPACING = 1.2  # line height as a multiple of the font size
DECK_TITLE_MIN = 32  # titles stay at 32 pt: a long one wraps, is widened, or is shortened
DECK_TABLE_MAX = 24
DECK_CHART_SIZE = 18  # chart labels, axes and legend
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


# A form's words (the consent form's), in English: each document has them in its language.
FIELD_LABELS = {"yes": "Yes", "no": "No", "name": "printed name", "signature": "Signature", "date": "Date",
                "initials": "Initials"}


# What each renderer is told besides the blocks: plain data (compose/furniture.py fills it).
@dataclass(frozen=True)
class HandoutInfo:
    """What the page furniture and the PDF metadata need."""

    title: str
    author: str
    subject: str
    language: str
    footer: str  # e.g. "Version 0.1 · Last reviewed November 22, 2026"
    branding: Branding = Branding()
    style: PrintStyle = STANDARD
    page_label: str = "Page {number} of {total}"
    qr_caption: str = "Scan to read online"
    qr_alt: str = ""  # the QR code's text equivalent: "QR code: opens <URL>"
    logo_alt: str = ""  # the logo's: the clinic's name
    page_limit: int | None = None  # stop laying out after this many pages (a handout far over its budget)
    notice: str = ""  # a second footer line (the consent form's "this form is a template")
    draft: str = ""  # the band at the top of every page of unapproved content
    form_labels: tuple[tuple[str, str], ...] = ()  # a form's words (Yes, No, Date ...) in its language
    cards: bool = False  # two cards to a page, to cut apart (the visit-day card)


@dataclass(frozen=True)
class DeckInfo:
    title: str
    author: str
    subject: str
    language: str
    footer: str
    date: dt.date  # stamped as created/modified, so the bytes do not depend on the clock
    draft: str = ""  # said on every slide of unapproved content
    branding: Branding = Branding()
    continued: str = "{title} (continued)"  # the title of a slide that continues one
    continued_part: str = "{title} ({part} of {count})"  # ... one of several
    continued_note: str = "Continued from the previous slide."  # ... and its speaker notes
