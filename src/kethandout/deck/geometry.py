"""Where things go on a slide: boxes in points, a design's geometry, the built-in 16:9 design and the insets."""
from __future__ import annotations

from dataclasses import dataclass, replace

from kethandout.style.fonts import ARIAL_METRICS, Metrics

INCH = 72.0  # points
EMU_PER_PT = 12700  # PowerPoint's English Metric Units
DRAWINGML_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def points(emu: int) -> float:
    return emu / EMU_PER_PT


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Geometry:
    """Where text goes on the slides of one design, and with which font metrics."""

    slide_width: float
    slide_height: float
    title: Box
    body: Box
    cover_title: Box
    cover_subtitle: Box
    footer: Box
    number: Box
    title_metrics: Metrics = ARIAL_METRICS
    body_metrics: Metrics = ARIAL_METRICS
    logo: Box | None = None  # where the cover shows the clinic's logo
    title_floor: float | None = None  # a widened title stays above this (the bottom of the band it sits on)
    # kethandout's own design: the title and body boxes of a slide whose title takes one line
    # (the body moves up into the title's second line); None on a template, whose boxes are its own
    one_line: tuple[Box, Box] | None = None
    logos: tuple[Box, ...] = ()  # the template's pictures (logos) that no text may cover

    @property
    def wide_title(self) -> Box:
        """Where a content slide's title goes that does not fit a narrow title box (one set
        between a template's decorations), rather than lose its words; clear of the logos."""
        return clear_of(_widened(self.title, self.body, self.title_floor), self.logos)

    @property
    def wide_cover_title(self) -> Box:
        wide = _widened(self.cover_title, self.cover_subtitle)
        if self.logo is not None and wide.top < self.logo.bottom and wide.left + wide.width > self.logo.left:
            wide = replace(wide, width=max(self.cover_title.width, self.logo.left - 0.2 * INCH - wide.left))
        return wide

    def with_logo(self, aspect: float, height: float = 1.1 * INCH) -> Geometry:
        """Room for a logo (width/height = aspect) at the cover's top right; the cover title
        is narrowed when it would run under the logo."""
        width = height * aspect
        logo = Box(self.slide_width - 0.6 * INCH - width, 0.3 * INCH, width, height)
        title = self.cover_title
        if title.top < logo.bottom and title.left + title.width > logo.left:
            title = replace(title, width=logo.left - 0.2 * INCH - title.left)
        return replace(self, logo=logo, cover_title=title)


def clear_of(box: Box, obstacles, smallest: tuple[float, float] = (1.5 * INCH, 0.4 * INCH)) -> Box:
    """The box cut back from each obstacle it meets, on the side that keeps the most of it
    (a logo at the top right narrows the title); a box that would become smaller than
    `smallest` (width, height) is kept."""
    gap = 0.1 * INCH
    for logo in obstacles:
        across = min(box.left + box.width, logo.left + logo.width) - max(box.left, logo.left)
        down = min(box.bottom, logo.bottom) - max(box.top, logo.top)
        if across <= 0 or down <= 0:
            continue
        choices = [Box(box.left, box.top, logo.left - gap - box.left, box.height),
                   Box(logo.left + logo.width + gap, box.top, box.left + box.width - logo.left - logo.width - gap,
                       box.height),
                   Box(box.left, box.top, box.width, logo.top - gap - box.top),
                   Box(box.left, logo.bottom + gap, box.width, box.bottom - logo.bottom - gap)]
        best = max(choices, key=lambda b: max(b.width, 0) * max(b.height, 0))
        if best.width >= smallest[0] and best.height >= smallest[1]:
            box = best
    return box


def _widened(title: Box, body: Box, floor: float | None = None) -> Box:
    """A title box widened over the width of the text under it, and down to it, but not past
    `floor` (a template's title may sit on a band of its colour). A title beside the text,
    not over it, stays as it is."""
    if body.top < title.bottom - 0.1 * INCH:
        return title
    left = min(title.left, body.left)
    right = max(title.left + title.width, body.left + body.width)
    bottom = max(title.bottom, min(body.top, floor if floor is not None else body.top))
    return Box(left, title.top, right - left, bottom - title.top)


# The built-in 16:9 design (13.333 x 7.5 in).
DEFAULT_GEOMETRY = Geometry(
    slide_width=13.333 * INCH, slide_height=7.5 * INCH,
    title=Box(0.6 * INCH, 0.3 * INCH, 12.133 * INCH, 1.25 * INCH),  # two lines at 32 pt
    body=Box(0.6 * INCH, 1.65 * INCH, 12.133 * INCH, 5.05 * INCH),
    cover_title=Box(0.9 * INCH, 1.9 * INCH, 11.833 * INCH, 2.1 * INCH),
    cover_subtitle=Box(0.9 * INCH, 4.2 * INCH, 11.833 * INCH, 1.6 * INCH),
    footer=Box(0.6 * INCH, 6.9 * INCH, 10.5 * INCH, 0.4 * INCH),
    number=Box(11.233 * INCH, 6.9 * INCH, 1.5 * INCH, 0.4 * INCH),
    one_line=(Box(0.6 * INCH, 0.3 * INCH, 12.133 * INCH, 0.7 * INCH), Box(0.6 * INCH, 1.1 * INCH, 12.133 * INCH, 5.6 * INCH)),
)


INSET_X, INSET_Y = 0.1 * INCH, 0.05 * INCH  # text frame insets, set explicitly by the renderer


BULLET_INDENT = 0.35 * INCH


PARAGRAPH_GAP = 0.4  # space before a paragraph, as a multiple of the font size


CELL_MARGIN_X, CELL_MARGIN_Y = 0.08 * INCH, 0.05 * INCH


SAFETY = 0.97  # wrap a little short of the edge: renderers differ by a few tenths of a point
