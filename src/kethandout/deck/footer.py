"""The deck's footer, laid out with the slides (layout.py): its words (the DRAFT notice first, in bold, on
content nobody approved) and the size at which it fits its box."""
from __future__ import annotations

from kethandout.compose import doc
from kethandout.deck.geometry import INSET_X, INSET_Y, SAFETY, Geometry
from kethandout.deck.measure import text_width, wrap
from kethandout.style import theme
from kethandout.style.theme import DeckInfo


def footer_spans(info: DeckInfo) -> doc.Inline:
    """The footer; for content nobody approved it starts with the DRAFT notice, in bold."""
    if not info.draft:
        return (doc.Span(info.footer),)
    return doc.Span(info.draft, strong=True), doc.Span(f"  ·  {info.footer}")


def footer_size(info: DeckInfo, geometry: Geometry) -> float:
    """The footer's size: it fits its box (a template's footer placeholder can be narrower
    than the footer is long), on one line if it can, and no smaller than 8 pt."""
    box = geometry.footer
    room = (box.width - 2 * INSET_X) * SAFETY
    sizes = (theme.DECK_SMALL_SIZE, 11, 10, 9, 8)
    for size in sizes:
        if text_width(doc.plain(footer_spans(info)), size, bool(info.draft), geometry.body_metrics) <= room:
            return size
    for size in sizes:  # two lines or more, where the box is tall enough
        lines = len(wrap(footer_spans(info), room, size, geometry.body_metrics))
        if lines * size * theme.DECK_LINE_SPACING <= box.height - 2 * INSET_Y:
            return size
    return 8
