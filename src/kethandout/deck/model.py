"""The deck as deck/ decides it: slides with their text, sizes, tables, charts and diagrams; the writer only places them."""
from __future__ import annotations

from dataclasses import dataclass, field

from kethandout.compose import doc
from kethandout.deck.geometry import DEFAULT_GEOMETRY, Box, Geometry
from kethandout.style import theme


@dataclass(frozen=True)
class TextParagraph:
    text: doc.Inline
    bullet: str | None  # "•", "3." or None


@dataclass(frozen=True)
class SlideTable:
    header: tuple[doc.Inline, ...]
    rows: tuple[tuple[doc.Inline, ...], ...]
    column_widths: tuple[float, ...]  # points
    row_heights: tuple[float, ...]  # points, header first


@dataclass(frozen=True)
class Slide:
    title: str
    title_size: float
    notes: str
    kind: str = "content"  # "title" or "content"
    title_box: Box | None = None  # where the title goes when not in the design's title box
    mark: str = ""  # the end of the title that says it continues (" (2 of 3)"), kept when it is shortened
    subtitle: doc.Inline = ()
    paragraphs: tuple[TextParagraph, ...] = ()
    table: SlideTable | None = None
    body_size: float = theme.DECK_BODY_MAX
    steps: tuple[doc.Inline, ...] = ()  # a `::: steps` list: boxes in a row, joined by arrows
    steps_boxes: tuple[Box, ...] = ()  # where each step's box goes (as tall as the longest text needs)
    chart: doc.Table | None = None  # a `::: chart` table: categories, then one column per series

    @property
    def layout(self) -> str:
        """The design's layout the slide is made on: "cover", "title_only" (a table, chart or
        diagram, drawn without a body placeholder under it) or "content"."""
        if self.kind == "title":
            return "cover"
        return "title_only" if self.table or self.chart or self.steps else "content"


@dataclass(frozen=True)
class Deck:
    slides: tuple[Slide, ...] = field(default=())
    geometry: Geometry = DEFAULT_GEOMETRY
    footer_size: float = theme.DECK_SMALL_SIZE  # the size the footer fits its box at (deck/footer.py)
