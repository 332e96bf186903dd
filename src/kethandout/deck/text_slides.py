"""Text slides: the largest size at which the paragraphs fit, and paging when they do not."""
from __future__ import annotations

from kethandout.compose import doc
from kethandout.deck.fitting import sizes_between
from kethandout.deck.geometry import (
    BULLET_INDENT,
    INSET_X,
    INSET_Y,
    PARAGRAPH_GAP,
    SAFETY,
)
from kethandout.deck.measure import wrap
from kethandout.deck.model import Slide, TextParagraph
from kethandout.style import theme


class TextLayout:
    """Text slides: the largest size at which the paragraphs fit, and paging when they do not
    (a mixin of the layouter)."""

    def lines(self, paragraph: TextParagraph, size: float) -> list:
        indent = BULLET_INDENT if paragraph.bullet else 0
        width = (self.g.body.width - 2 * INSET_X - indent) * SAFETY
        return wrap(paragraph.text, width, size, self.g.body_metrics)

    def paragraph_height(self, paragraph: TextParagraph, size: float, first: bool) -> float:
        """Height of one paragraph in the body box, space before it included."""
        gap = 0 if first else PARAGRAPH_GAP * size
        return len(self.lines(paragraph, size)) * size * theme.DECK_LINE_SPACING + gap

    def body_height(self) -> float:
        return self.g.body.height - 2 * INSET_Y

    def capacity(self, size: float) -> float:
        """The body height a slide's text may fill: the box, and no more than seven lines."""
        return min(self.body_height(), theme.DECK_MAX_BODY_LINES * size * theme.DECK_LINE_SPACING
                   + (theme.DECK_MAX_BODY_LINES - 1) * PARAGRAPH_GAP * size)

    def fits(self, paragraphs: list[TextParagraph], size: float, capacity: float | None = None) -> bool:
        """The paragraphs fit the height and make at most seven lines."""
        total = sum(self.paragraph_height(p, size, i == 0) for i, p in enumerate(paragraphs))
        lines = sum(len(self.lines(p, size)) for p in paragraphs)
        return total <= (capacity or self.body_height()) and lines <= theme.DECK_MAX_BODY_LINES

    def text_slides(self, title: str, paragraphs: list[TextParagraph], notes: str) -> list[Slide]:
        """One slide at the largest size that fits; else as few slides as possible at the
        minimum size, with the text shared evenly between them (no slide left with one line)."""
        title_size = self.fit_title(title)
        for size in sizes_between(theme.DECK_BODY_MAX, theme.DECK_BODY_MIN):
            if self.fits(paragraphs, size, self.capacity(size)):
                return [Slide(title, title_size, notes, paragraphs=tuple(paragraphs), body_size=size)]
        size = theme.DECK_BODY_MIN
        paragraphs = self.split_tall(paragraphs, size)
        full = self.capacity(size)
        count = len(self.paginate(paragraphs, size, full))
        low, high = full / count, full  # the smallest capacity that still needs only `count` slides
        for _ in range(12):
            middle = (low + high) / 2
            low, high = (low, middle) if len(self.paginate(paragraphs, size, middle)) <= count else (middle, high)
        pages = self.paginate(paragraphs, size, high)
        return [Slide(title, title_size, notes, paragraphs=tuple(page), body_size=size) for page in pages]

    def paginate(self, paragraphs: list[TextParagraph], size: float, capacity: float) -> list[list[TextParagraph]]:
        """Greedy: fill each slide up to `capacity` points of body height."""
        pages: list[list[TextParagraph]] = [[]]
        for paragraph in paragraphs:
            if pages[-1] and not self.fits(pages[-1] + [paragraph], size, capacity):
                pages.append([])
            pages[-1].append(paragraph)
        return pages

    def split_tall(self, paragraphs: list[TextParagraph], size: float) -> list[TextParagraph]:
        """Cut any paragraph taller than a whole body box into box-sized pieces of lines."""
        max_lines = min(theme.DECK_MAX_BODY_LINES, max(1, int(self.body_height() // (size * theme.DECK_LINE_SPACING))))
        out: list[TextParagraph] = []
        for paragraph in paragraphs:
            lines = self.lines(paragraph, size)
            if len(lines) <= max_lines:
                out.append(paragraph)
                continue
            for start in range(0, len(lines), max_lines):
                chunk = lines[start:start + max_lines]
                spans = tuple(doc.Span(word + " ", strong=bold) for line in chunk for word, bold in line)
                out.append(TextParagraph(spans, paragraph.bullet if start == 0 else None))
        return out
