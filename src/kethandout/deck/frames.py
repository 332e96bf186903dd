"""Where a template's content layout (or its slide master) puts a slide's title, body and footer."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from pptx.oxml.ns import qn

from kethandout.deck.contrast import drawn_boxes
from kethandout.deck.geometry import DRAWINGML_NS, INCH, INSET_Y, Box
from kethandout.deck.pptx_internals import element, text_body
from kethandout.deck.template import (
    BODY_TYPES,
    DATE,
    FOOTER,
    SLIDE_NUMBER,
    TITLE,
    choose_layouts,
    find_placeholder,
    inside_slide,
    layouts_of,
    on_slide,
    optional_box,
    required_box,
)
from kethandout.style import theme

FOOTER_ROOM = 0.45 * INCH  # kept free under the body for the footer line


@dataclass(frozen=True)
class _Frame:
    """Where a content layout, or its slide master, puts a slide's title and body; the body
    already kept clear of the footer band."""

    master: int  # the index of the slide master whose layouts the slides use
    layout_name: str
    title: Box
    body: Box
    band_top: float  # the top of the footer band
    furniture: dict  # {FOOTER/SLIDE_NUMBER/DATE: box} of the layout's own placeholders
    printed_number: Box | None
    own_footer: bool
    too_small: str = ""  # what was wrong with the layout's body, when the master's boxes are used
    title_colour: str | None = None


def content_frame(prs, template: Path, width: float, height: float) -> _Frame:
    """The first master's content layout; where its body is too small, the master's own title
    and body boxes, and then the next masters'. LibreOffice saves every layout of a template
    with several masters with the last master's boxes: the design of each is in the master
    itself (Midnightblue's content layout puts its title mid-slide, its master at the top)."""
    first = None
    for index, master in enumerate(prs.slide_masters):
        layouts = layouts_of(master.slide_layouts)
        if layouts is None:
            continue
        content = layouts["content"]
        band = _footer_band(content, width, height)
        frame = _frame(index, content, content, band, template, width, height)
        first = first or frame
        if not cramped(frame.body, width):
            return frame
        mastered = _frame(index, content, master, band, template, width, height)
        if mastered is not None and not cramped(mastered.body, width):
            return replace(mastered, too_small=_too_small(first))
    if first is None:
        choose_layouts(prs, template)  # which says that no layout has a title and a body
    return replace(first, too_small=_too_small(first))


def _too_small(frame: _Frame) -> str:
    return (f"the layout '{frame.layout_name}' has a body box of {frame.body.width / 72:.1f} x {frame.body.height / 72:.1f} in, "
            f"too small for {MIN_BODY_LINES} lines at {theme.DECK_BODY_MIN:g} pt across the slide:")


def _footer_band(content, width: float, height: float) -> tuple[dict, Box | None, bool, float]:
    """The content layout's footer placeholders {FOOTER/SLIDE_NUMBER/DATE: box}, a slide
    number its master prints as a plain text field, whether the deck fills the template's own
    footer, and the top of the band the body stays above."""
    # The template's own footer and slide-number placeholders, where it has them: the deck
    # writes into them rather than drawing a second footer over them, and keeps the body above.
    furniture = {kind: box for kind in (FOOTER, SLIDE_NUMBER, DATE)
                 if (box := optional_box(find_placeholder(content, (kind,)))) is not None
                 and inside_slide(box, width, height) and box.height >= 0.25 * INCH}
    # A slide number printed by the master as a plain text field: the deck draws no second one,
    # and the body stays clear of it.
    printed_number = printed_slide_number(content, width, height)
    own_footer = FOOTER in furniture and (SLIDE_NUMBER in furniture or printed_number is not None)
    band_top = min(box.top for box in furniture.values()) - 0.05 * INCH if own_footer else height - FOOTER_ROOM
    if printed_number is not None:
        band_top = min(band_top, printed_number.top - 0.05 * INCH)
    return furniture, printed_number, own_footer, band_top


def _frame(master: int, content, owner, band: tuple, template: Path, width: float, height: float) -> _Frame | None:
    """The title and body boxes of `owner` (the content layout or its master; None when the
    master has no usable boxes), the body kept above the content layout's footer band."""
    margin = 0.5 * INCH
    title_shape, body_shape = find_placeholder(owner, (TITLE,)), find_placeholder(owner, BODY_TYPES)
    if owner is content:
        title, body = (required_box(title_shape, template, "the content layout's title"),
                       required_box(body_shape, template, "the content layout's body"))
    else:
        title, body = optional_box(title_shape), optional_box(body_shape)
        if title is None or body is None or on_slide(title, width, height, None) is None \
                or on_slide(body, width, height, None) is None or _overlap(title, body):
            return None
    # Boxes partly off the slide are cut to it; one left too small takes kethandout's place for it.
    title = on_slide(title, width, height, Box(margin, 0.3 * INCH, width - 2 * margin, 1.1 * INCH))
    body = on_slide(body, width, height,
                     Box(margin, title.top + title.height + 0.1 * INCH, width - 2 * margin,
                         height - FOOTER_ROOM - title.top - title.height - 0.1 * INCH))
    furniture, printed_number, own_footer, band_top = band
    body = Box(body.left, body.top, body.width, min(body.height, band_top - body.top))
    colour = _sample_colour(title_shape) if owner is not content else None
    return _Frame(master, content.name, title, body, band_top, furniture, printed_number, own_footer, title_colour=colour)


def title_floor(content_layout, title: Box, body: Box) -> float | None:
    """The bottom of a band the title sits on: a shape of the layout or its master behind at
    least half the title that ends above the body (Midnightblue's dark band). A widened title
    stays on it."""
    bottoms = []
    for owner in (content_layout, content_layout.slide_master):
        for shape in owner.shapes:
            box = None if shape.is_placeholder else optional_box(shape)
            under = box is not None and min(box.left + box.width, title.left + title.width) - max(box.left, title.left)
            if under and under >= 0.5 * title.width and box.top <= title.top + 1 \
                    and title.top + 0.5 * title.height <= box.bottom < body.top:
                bottoms.append(box.bottom)
    return min(bottoms, default=None)


def one_line_boxes(content_layout, title: Box, body: Box) -> tuple[Box, Box] | None:
    """The title and body boxes of a slide whose title takes one line, where the body may move
    up into the title's second line: a title box over the body, taller than a line, and no shape
    of the layout or its master (a rule, a band, a picture) between the line and the body."""
    line = theme.DECK_TITLE_SIZE * theme.DECK_LINE_SPACING + 2 * INSET_Y + 0.1 * INCH
    across = min(title.left + title.width, body.left + body.width) - max(title.left, body.left)
    if title.bottom > body.top + 1 or title.height < line + 0.25 * INCH or across < 0.5 * body.width:
        return None
    short = Box(title.left, title.top, title.width, line)
    freed = Box(body.left, short.bottom, body.width, body.top - short.bottom)
    for owner in (content_layout, content_layout.slide_master):
        for shape in owner.shapes:
            box = None if shape.is_placeholder else optional_box(shape)
            if box is not None and _touches(box, freed):
                return None
    return short, Box(body.left, short.bottom + 0.1 * INCH, body.width, body.bottom - short.bottom - 0.1 * INCH)


def logos(layout, width: float, height: float) -> list[Box]:
    """Where the layout and its master draw a picture smaller than a quarter of the slide (a
    logo, a badge; in a group too): text keeps clear of them."""
    return [box for owner in (layout, layout.slide_master) for box, kind in drawn_boxes(owner)
            if kind == "picture" and box.width * box.height < 0.25 * width * height]


def texts_drawn(layout) -> list[Box]:
    """Where the layout and its master print text of their own outside placeholders (a
    department's name at the foot of every slide): the deck's footer keeps clear of it."""
    return [box for owner in (layout, layout.slide_master) for box, kind in drawn_boxes(owner) if kind == "text"]


def _touches(a: Box, b: Box) -> bool:
    """The boxes meet, a line of no height included."""
    across = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    return across > 0.1 * INCH and a.top <= b.bottom and a.bottom >= b.top


def _overlap(a: Box, b: Box) -> bool:
    """The boxes share more than a sliver (a title drawn over the body's text)."""
    across = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    down = min(a.bottom, b.bottom) - max(a.top, b.top)
    return across > 0.1 * INCH and down > 0.1 * INCH


def _sample_colour(shape) -> str | None:
    """The colour of a master placeholder's sample text ("#FFFFFF"): LibreOffice keeps its
    masters' text colours only there, where PowerPoint does not look (a white title on a dark
    band would show black)."""
    found = element(shape).find(f".//{{{DRAWINGML_NS}}}rPr/{{{DRAWINGML_NS}}}solidFill/{{{DRAWINGML_NS}}}srgbClr")
    return f"#{found.get('val').upper()}" if found is not None and re.fullmatch(r"[0-9A-Fa-f]{6}", found.get("val", "")) \
        else None


MIN_BODY_LINES = theme.DECK_MAX_BODY_LINES  # a body box that holds fewer at the smallest size is too small


def cramped(body: Box, slide_width: float) -> bool:
    """Too short for MIN_BODY_LINES lines at the minimum size, or narrower than three fifths of the slide
    (a picture beside it): the deck would run to twice its slides."""
    short = body.height - 2 * INSET_Y < MIN_BODY_LINES * theme.DECK_BODY_MIN * theme.DECK_LINE_SPACING
    return short or body.width < 0.6 * slide_width


def printed_slide_number(content_layout, width: float, height: float) -> Box | None:
    """Where the layout or its master prints the slide number outside any placeholder (a text
    box holding a slide-number field, as some of LibreOffice's gallery templates do)."""
    for owner in (content_layout, content_layout.slide_master):
        for shape in owner.shapes:
            if shape.is_placeholder or not shape.has_text_frame:
                continue
            fields = text_body(shape).iter(qn("a:fld"))
            box = optional_box(shape)
            if box is not None and inside_slide(box, width, height) and any(f.get("type") == "slidenum" for f in fields):
                return box
    return None


def free_area(title: Box, body: Box, band_top: float) -> Box:
    """The area between the title and the footer band, as wide as the title or the body."""
    left = min(title.left, body.left)
    right = max(title.left + title.width, body.left + body.width)
    top = title.top + title.height + 0.1 * INCH
    return Box(left, top, right - left, band_top - top)
