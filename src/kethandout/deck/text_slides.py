"""Text slides: the largest size at which the paragraphs fit, and paging when they do not."""
from __future__ import annotations

from dataclasses import replace

from kethandout.compose import doc
from kethandout.deck.fitting import sizes_between
from kethandout.deck.geometry import (
    BULLET_INDENT,
    DEFAULT_GEOMETRY,
    Box,
    INSET_X,
    INSET_Y,
    PARAGRAPH_GAP,
    SAFETY,
)
from kethandout.deck.measure import wrap
from kethandout.deck.model import Picture, Slide, TextParagraph
from kethandout.style import theme


class TextLayout:
    """Text slides: the largest size at which the paragraphs fit, and paging when they do not
    (a mixin of the layouter)."""

    def lines(self, paragraph: TextParagraph, size: float, width: float | None = None) -> list:
        """The paragraph's lines in the body box (or a box `width` wide)."""
        indent = BULLET_INDENT if paragraph.bullet is not None else 0
        room = ((width or self.g.body.width) - 2 * INSET_X - indent) * SAFETY
        return wrap(paragraph.text, room, size, self.g.body_metrics)

    def paragraph_height(self, paragraph: TextParagraph, size: float, first: bool, width: float | None = None,
                         gap: float = PARAGRAPH_GAP) -> float:
        """Height of one paragraph in the body box (or a box `width` wide), space before it included."""
        before = 0 if first else gap * size
        return len(self.lines(paragraph, size, width)) * size * theme.DECK_LINE_SPACING + before

    def max_lines(self) -> int:
        """Seven body lines on the built-in design; a taller body (a portrait slide's) holds more,
        in proportion to its height, at the same sizes."""
        built_in = DEFAULT_GEOMETRY.body.height - 2 * INSET_Y
        return max(theme.DECK_MAX_BODY_LINES, int(theme.DECK_MAX_BODY_LINES * self.body_height() / built_in))

    def body_height(self) -> float:
        return self.g.body.height - 2 * INSET_Y

    def capacity(self, size: float) -> float:
        """The body height a slide's text may fill: the box, and no more than seven lines."""
        return min(self.body_height(), self.max_lines() * size * theme.DECK_LINE_SPACING
                   + (self.max_lines() - 1) * PARAGRAPH_GAP * size)

    def fits(self, paragraphs: list[TextParagraph], size: float, capacity: float | None = None) -> bool:
        """The paragraphs fit the height and make at most seven lines."""
        total = sum(self.paragraph_height(p, size, i == 0) for i, p in enumerate(paragraphs))
        lines = sum(len(self.lines(p, size)) for p in paragraphs)
        return total <= (capacity or self.body_height()) and lines <= self.max_lines()

    def text_slides(self, title: str, paragraphs: list[TextParagraph], notes: str) -> list[Slide]:
        """One slide at the largest size that fits; else as few slides as possible at the
        minimum size, with the text shared evenly between them (no slide left with one line)."""
        title_size = self.fit_title(title)
        for size in sizes_between(theme.DECK_BODY_MAX, theme.DECK_BODY_MIN):
            if self.fits(paragraphs, size, self.capacity(size)):
                return [self.with_pictures(Slide(title, title_size, notes, paragraphs=tuple(paragraphs), body_size=size))]
        size = theme.DECK_BODY_MIN
        paragraphs = self.split_tall(paragraphs, size)
        full = self.capacity(size)
        count = len(self.paginate(paragraphs, size, full))
        low, high = full / count, full  # the smallest capacity that still needs only `count` slides
        for _ in range(12):
            middle = (low + high) / 2
            low, high = (low, middle) if len(self.paginate(paragraphs, size, middle)) <= count else (middle, high)
        pages = self.paginate(paragraphs, size, high)
        return [self.with_pictures(Slide(title, title_size, notes, paragraphs=tuple(page), body_size=size))
                for page in pages]

    def with_pictures(self, slide: Slide) -> Slide:
        """The slide with a box for each paragraph's pictogram, in the bullet's place beside its
        first line (the paragraphs are set from the top, at exact line heights)."""
        line = slide.body_size * theme.DECK_LINE_SPACING
        side = min(line, BULLET_INDENT - 4)
        top, pictures = self.g.body.top + INSET_Y, []
        for i, paragraph in enumerate(slide.paragraphs):
            top += 0 if i == 0 else slide.gap * slide.body_size
            if paragraph.icon:
                box = Box(self.g.body.left + INSET_X, top + (line - side) / 2, side, side)
                pictures.append(Picture(paragraph.icon, paragraph.alt, box))
            top += len(self.lines(paragraph, slide.body_size)) * line
        return replace(slide, pictures=tuple(pictures)) if pictures else slide

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
        max_lines = min(self.max_lines(), max(1, int(self.body_height() // (size * theme.DECK_LINE_SPACING))))
        out: list[TextParagraph] = []
        for paragraph in paragraphs:
            lines = self.lines(paragraph, size)
            if len(lines) <= max_lines:
                out.append(paragraph)
                continue
            for start in range(0, len(lines), max_lines):
                chunk = lines[start:start + max_lines]
                spans = tuple(doc.Span(word + " ", strong=bold) for line in chunk for word, bold in line)
                out.append(replace(paragraph, text=spans) if start == 0 else TextParagraph(spans, None))
        return out
