"""Charts and step diagrams: rows per chart, and each step's box."""
from __future__ import annotations

from kethandout.compose import doc
from kethandout.deck.fitting import sizes_between
from kethandout.deck.geometry import INCH, INSET_X, INSET_Y, SAFETY, Box
from kethandout.deck.measure import text_width, wrap
from kethandout.style import theme

CHART_ROWS = 8  # categories on one chart at most: more continue on the next slide


CHART_GAP = 0.5  # the gap between categories, as a share of a bar (the renderer sets it)


CHART_FURNITURE = 70.0  # points of a chart's height its axis and legend take


STEP_GAP = 0.4 * INCH  # between the boxes of a step diagram: room for the arrow


CORNER_INSET = 0.29289  # a roundRect's text area is inset by this share of its corner radius


STEP_ICON = 0.45 * INCH  # a step's pictogram, at the top of its box, above its text


STEP_ICON_TOP = 0.12 * INCH


def step_boxes(body: Box, widths: tuple[float, ...], height: float = 0.0) -> list[Box]:
    """The boxes of a step diagram, in a row across the body area: of these widths, `height`
    tall (0: the body's height) and centred in it."""
    height = min(height or body.height, body.height)
    top, left, boxes = body.top + (body.height - height) / 2, body.left, []
    for width in widths:
        boxes.append(Box(left, top, width, height))
        left += width + STEP_GAP
    return boxes


class DiagramLayout:
    """Charts and step diagrams (a mixin of the layouter: self.g is the geometry)."""

    step_icons = False  # the diagram being laid out has pictograms: its text starts below them

    def icon_room(self) -> float:
        return STEP_ICON + STEP_ICON_TOP if self.step_icons else 0.0

    def step_icon_box(self, box: Box) -> Box:
        return Box(box.left + (box.width - STEP_ICON) / 2, box.top + STEP_ICON_TOP, STEP_ICON, STEP_ICON)

    def chart_rows(self, series: int) -> int:
        """Categories per chart slide: each bar as thick as its value label is tall, so that the
        labels of neighbouring bars do not run into each other (a template's short body)."""
        label = theme.DECK_CHART_SIZE * theme.DECK_LINE_SPACING
        per_category = max(series, 1) * label + CHART_GAP * label
        return max(1, min(CHART_ROWS, int((self.g.body.height - CHART_FURNITURE) // per_category)))

    def step_widths(self, items: tuple[doc.Inline, ...]) -> tuple[float, ...]:
        """Half the row shared evenly between the steps, half in proportion to their text: a
        long step gets a wider box, and a short one stays a box."""
        room = self.g.body.width - STEP_GAP * (len(items) - 1)
        demand = [max(text_width(doc.plain(item), theme.DECK_BODY_MIN, False, self.g.body_metrics), 1.0)
                  for item in items]
        return tuple(room * (0.5 / len(items) + 0.5 * d / sum(demand)) for d in demand)

    def step_needs(self, item: doc.Inline, box: Box, size: float) -> float:
        """The height a step's box needs for its text at `size`: its title on a line of its own,
        inside the rounded corners (a roundRect's text area is inset by 0.29 of its corner
        radius, at most a sixth of the box's width), below the pictogram."""
        corner = CORNER_INSET * box.width / 6
        width = (box.width - 2 * corner - 2 * INSET_X) * SAFETY
        title, rest = doc.bold_lead(item)
        lines = len(wrap((doc.Span(title, strong=True),), width, size, self.g.body_metrics)) if title else 0
        lines += len(wrap(rest, width, size, self.g.body_metrics))
        return lines * size * theme.DECK_LINE_SPACING + 0.2 * size + 2 * INSET_Y + 2 * corner + self.icon_room()

    def fits_steps(self, items: tuple[doc.Inline, ...], size: float) -> bool:
        boxes = step_boxes(self.g.body, self.step_widths(items))
        return all(self.step_needs(item, box, size) <= self.g.body.height for item, box in zip(items, boxes))

    def fit_steps(self, items: tuple[doc.Inline, ...]) -> float:
        """One size for every box of a step diagram: the largest at which each fits its box."""
        return next((size for size in sizes_between(theme.DECK_BODY_MAX, theme.DECK_BODY_MIN)
                     if self.fits_steps(items, size)), theme.DECK_BODY_MIN)

    def steps_height(self, items: tuple[doc.Inline, ...], size: float) -> float:
        """Boxes as tall as the longest step's text needs, and no shorter than two fifths of the
        body: a row of short steps does not hang in tall boxes."""
        boxes = step_boxes(self.g.body, self.step_widths(items))
        needed = max(self.step_needs(item, box, size) for item, box in zip(items, boxes))
        return min(self.g.body.height, max(needed, 0.4 * self.g.body.height))

    def step_rows(self, items: tuple[doc.Inline, ...]) -> list[tuple[doc.Inline, ...]]:
        """The steps on as few slides as let every box hold its text at the smallest size: a
        template with a small body area gets the diagram in two or more parts."""
        for parts in range(1, len(items) + 1):
            per = -(-len(items) // parts)
            chunks = [items[i:i + per] for i in range(0, len(items), per)]
            if all(self.fits_steps(chunk, theme.DECK_BODY_MIN) for chunk in chunks):
                return chunks
        return [(item,) for item in items]
