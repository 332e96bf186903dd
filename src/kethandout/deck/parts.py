"""A part's opening slide (its title, the number a trainer says aloud, and what the part
covers) and the reference slides (smaller type, as many to a slide as fit)."""
from __future__ import annotations

from kethandout.compose import doc
from kethandout.deck.fitting import bolded, fitted_size
from kethandout.deck.geometry import INCH, INSET_X, SAFETY, Box
from kethandout.deck.measure import wrap
from kethandout.deck.model import Slide, TextParagraph
from kethandout.style import theme

FIGURE_LARGEST, FIGURE_SMALLEST = 96, 48  # a key number: read from the back of the room
REFERENCE_SIZE = 14  # the one exception to the 20 pt body rule: sources are read up close, or in the notes
REFERENCE_GAP = 0.2  # space before a reference, as a multiple of its size
COLUMN_GAP = 0.5 * INCH


def key_number(block: doc.Div) -> tuple[doc.Inline, doc.Inline]:
    """A `::: key-number` div: its first paragraph is the number, the rest says what it is."""
    texts = [b.text for b in block.children if isinstance(b, doc.Paragraph)]
    if not texts:
        return (), ()
    says: doc.Inline = ()
    for text in texts[1:]:
        says += ((doc.Span(" "),) if says else ()) + text
    return texts[0], says


class PartLayout:
    """A part's opening slide and the reference slides (a mixin of the layouter: self.g is the
    geometry, and text_slides, lines and fit_title come from the others)."""

    def opener(self, title: str, notes: str, figure: doc.Inline, says: doc.Inline,
               agenda: list[str]) -> Slide:
        """The part's title; the key number on the left, large, with what it is under it; what
        the part covers on the right as a list. Without a number, the list takes the width."""
        body = self.g.body
        paragraphs = tuple(TextParagraph((doc.Span(item),), "•") for item in agenda)
        if not figure:
            size = self.fitted_list(paragraphs, body)
            return Slide(title, self.fit_title(title), notes, kind="section", paragraphs=paragraphs, body_size=size)
        if body.width >= 1.2 * body.height:  # the number on the left, the topics on the right
            column = Box(body.left, body.top, 0.42 * body.width, body.height)
            right = Box(column.left + column.width + COLUMN_GAP, body.top, body.width - column.width - COLUMN_GAP,
                        body.height)
        else:  # an upright body: the number over the topics
            column = Box(body.left, body.top, body.width, 0.45 * body.height)
            right = Box(body.left, column.bottom + COLUMN_GAP / 2, body.width, body.height - column.height - COLUMN_GAP / 2)
        figure_size, figure_lines = self.figure_size(figure, column.width)
        figure_box = Box(column.left, column.top, column.width,
                         figure_lines * figure_size * theme.DECK_LINE_SPACING + 0.1 * INCH)
        says_box = Box(column.left, figure_box.bottom, column.width, max(column.bottom - figure_box.bottom, 1.0))
        says_size = fitted_size(says, says_box, theme.DECK_BODY_MAX, theme.DECK_BODY_MIN, self.g.body_metrics)
        says_box = Box(says_box.left, says_box.top, says_box.width,
                       self.inline_height(says, says_box.width, says_size))
        size = self.fitted_list(paragraphs, right)
        return Slide(title, self.fit_title(title), notes, kind="section", paragraphs=paragraphs, body_size=size,
                     body_box=right, key_figure=figure, key_says=says, figure_size=figure_size,
                     says_size=says_size, figure_box=figure_box, says_box=says_box)

    def figure_size(self, figure: doc.Inline, width: float) -> tuple[float, int]:
        """The largest size at which the number takes one line of the column; at the smallest,
        the lines it takes."""
        room = (width - 2 * INSET_X) * SAFETY
        for size in range(FIGURE_LARGEST, FIGURE_SMALLEST - 1, -4):
            if len(wrap(bolded(figure), room, size, self.g.body_metrics)) == 1:
                return size, 1
        return FIGURE_SMALLEST, len(wrap(bolded(figure), room, FIGURE_SMALLEST, self.g.body_metrics))

    def fitted_list(self, paragraphs: tuple[TextParagraph, ...], box: Box) -> float:
        """The largest body size at which the list fits the box (the smallest if none does)."""
        for size in range(int(theme.DECK_BODY_MAX), int(theme.DECK_BODY_MIN) - 1, -2):
            height = sum(self.paragraph_height(p, size, i == 0, box.width) for i, p in enumerate(paragraphs))
            if height <= box.height:
                return size
        return theme.DECK_BODY_MIN

    def inline_height(self, inline: doc.Inline, width: float, size: float) -> float:
        lines = len(self.lines(TextParagraph(inline, None), size, width))
        return lines * size * theme.DECK_LINE_SPACING + 0.15 * INCH

    def reference_slides(self, title: str, paragraphs: list[TextParagraph], notes: str) -> list[Slide]:
        """References at REFERENCE_SIZE, with no cap on lines: as many to a slide as the body
        holds, shared evenly between the slides."""
        size = REFERENCE_SIZE
        height = self.body_height()
        heights = [self.paragraph_height(p, size, i == 0, gap=REFERENCE_GAP) for i, p in enumerate(paragraphs)]
        pages, used = [[]], 0.0
        for paragraph, tall in zip(paragraphs, heights):
            if pages[-1] and used + tall > height:
                pages.append([])
                used = 0.0
            pages[-1].append(paragraph)
            used += tall
        if len(pages) > 1:  # the same number of slides, with the references shared evenly
            per = -(-len(paragraphs) // len(pages))
            even = [paragraphs[i:i + per] for i in range(0, len(paragraphs), per)]
            if all(sum(self.paragraph_height(p, size, i == 0, gap=REFERENCE_GAP) for i, p in enumerate(page)) <= height
                   for page in even):
                pages = even
        title_size = self.fit_title(title)
        return [Slide(title, title_size, notes, paragraphs=tuple(page), body_size=size, gap=REFERENCE_GAP)
                for page in pages]
