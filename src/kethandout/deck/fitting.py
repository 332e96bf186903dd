"""The largest size at which text fits a box, in the real font metrics."""
from __future__ import annotations

from dataclasses import replace

from kethandout.compose import doc
from kethandout.deck.geometry import INSET_X, INSET_Y, SAFETY, Box
from kethandout.deck.measure import text_width, unbreakable, wrap
from kethandout.style import theme
from kethandout.style.fonts import Metrics


def sizes_between(largest: float, smallest: float) -> list[float]:
    return list(range(int(largest), int(smallest) - 1, -2))


def fitted_size(inline: doc.Inline, box: Box, largest: float, smallest: float, metrics: Metrics) -> float:
    """The largest size, down to `smallest`, at which the text fits the box."""
    return next((size for size in sizes_between(largest, smallest) if fits_box(inline, box, size, metrics)), smallest)


def fits_box(inline: doc.Inline, box: Box, size: float, metrics: Metrics) -> bool:
    width = (box.width - 2 * INSET_X) * SAFETY
    return len(wrap(inline, width, size, metrics)) * size * theme.DECK_LINE_SPACING <= box.height - 2 * INSET_Y


def title_fits(title: str, box: Box, metrics: Metrics) -> bool:
    """At the smallest title size, within the box and without a word cut over two lines."""
    width = (box.width - 2 * INSET_X) * SAFETY
    whole = all(text_width(piece, theme.DECK_TITLE_MIN, True, metrics) <= width for piece in unbreakable(title))
    return whole and fits_box((doc.Span(title, strong=True),), box, theme.DECK_TITLE_MIN, metrics)


def bolded(inline: doc.Inline) -> doc.Inline:
    return tuple(replace(span, strong=True) for span in inline)
