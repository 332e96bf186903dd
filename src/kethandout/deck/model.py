"""The deck as deck/ decides it: slides with their text, sizes, tables, charts and diagrams; the writer only places them."""
from __future__ import annotations

from dataclasses import dataclass, field

from kethandout.compose import doc
from kethandout.deck.geometry import DEFAULT_GEOMETRY, PARAGRAPH_GAP, Box, Geometry
from kethandout.style import theme


@dataclass(frozen=True)
class TextParagraph:
    text: doc.Inline
    bullet: str | None  # "•", "3.", "" (a pictogram in the bullet's place) or None
    icon: str | None = None  # the pictogram's name (Lucide), drawn where the bullet would be
    alt: str = ""  # its alt text


@dataclass(frozen=True)
class SlideTable:
    header: tuple[doc.Inline, ...]
    rows: tuple[tuple[doc.Inline, ...], ...]
    column_widths: tuple[float, ...]  # points
    row_heights: tuple[float, ...]  # points, header first


@dataclass(frozen=True)
class Picture:
    """A pictogram (a Lucide icon's name) in a box, with its alt text."""

    icon: str
    alt: str
    box: Box


@dataclass(frozen=True)
class Slide:
    title: str
    title_size: float
    notes: str
    kind: str = "content"  # "title", "section" (a part's opening slide) or "content"
    title_box: Box | None = None  # where the title goes when not in the design's title box
    mark: str = ""  # the end of the title that says it continues (" (2 of 3)"), kept when it is shortened
    subtitle: doc.Inline = ()
    paragraphs: tuple[TextParagraph, ...] = ()
    table: SlideTable | None = None
    body_size: float = theme.DECK_BODY_MAX
    gap: float = PARAGRAPH_GAP  # space before a paragraph, as a multiple of body_size
    steps: tuple[doc.Inline, ...] = ()  # a `::: steps` list: boxes in a row, joined by arrows
    steps_boxes: tuple[Box, ...] = ()  # where each step's box goes (as tall as the longest text needs)
    chart: doc.Table | None = None  # a `::: chart` table: categories, then one column per series
    body_box: Box | None = None  # where the paragraphs go when not in the design's body box
    key_figure: doc.Inline = ()  # a part's opening slide: the number a trainer says aloud ("61-84%")
    key_says: doc.Inline = ()  # what the number is, under it
    figure_size: float = 0.0
    says_size: float = 0.0
    figure_box: Box | None = None
    says_box: Box | None = None
    pictures: tuple[Picture, ...] = ()  # pictograms beside paragraphs or in step boxes

    @property
    def layout(self) -> str:
        """The design's layout the slide is made on: "cover", "title_only" (a table, chart or
        diagram, drawn without a body placeholder under it) or "content"."""
        if self.kind == "title":
            return "cover"
        return "title_only" if self.table or self.chart or self.steps or self.kind == "section" else "content"


@dataclass(frozen=True)
class Deck:
    slides: tuple[Slide, ...] = field(default=())
    geometry: Geometry = DEFAULT_GEOMETRY
    footer_size: float = theme.DECK_SMALL_SIZE  # the size the footer fits its box at (deck/footer.py)
