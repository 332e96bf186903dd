"""Doc -> Deck: split into slides, choose sizes, and continue on new slides instead of overflowing.

Every slide is laid out here, with the real font metrics and the real placeholder boxes,
before any PPTX XML is written; the renderer only places what this module decided.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from kethandout.compose import doc
from kethandout.deck.measure import text_width, unbreakable, wrap
from kethandout.style import theme
from kethandout.style.fonts import ARIAL_METRICS, Metrics

INCH = 72.0  # points


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

    @property
    def wide_title(self) -> Box:
        """Where a content slide's title goes that does not fit a narrow title box (one set
        between a template's decorations), rather than lose its words."""
        return _widened(self.title, self.body, self.title_floor)

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
)
INSET_X, INSET_Y = 0.1 * INCH, 0.05 * INCH  # text frame insets, set explicitly by the renderer
BULLET_INDENT = 0.35 * INCH
PARAGRAPH_GAP = 0.4  # space before a paragraph, as a multiple of the font size
CELL_MARGIN_X, CELL_MARGIN_Y = 0.08 * INCH, 0.05 * INCH
SAFETY = 0.97  # wrap a little short of the edge: renderers differ by a few tenths of a point
COVER_TITLE_SIZE = 44
LONG_CELL_LINES = 8  # table cells of this many lines or more are given one more


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
    steps_widths: tuple[float, ...] = ()  # the width of each step's box, points
    steps_height: float = 0.0  # the height of the boxes, points (as tall as the longest text needs)
    chart: doc.Table | None = None  # a `::: chart` table: categories, then one column per series


@dataclass(frozen=True)
class Deck:
    slides: tuple[Slide, ...] = field(default=())
    geometry: Geometry = DEFAULT_GEOMETRY


def layout_deck(blocks: tuple[doc.Block, ...], geometry: Geometry = DEFAULT_GEOMETRY,
                continued: str = theme.DeckInfo.continued, continued_note: str = theme.DeckInfo.continued_note,
                continued_part: str = theme.DeckInfo.continued_part) -> Deck:
    """continued / continued_part / continued_note: how continuation slides say so, in the
    deck's language."""
    layouter = _Layouter(geometry, continued, continued_note, continued_part)
    slides = [slide for section in _sections(blocks) for slide in layouter.section(section)]
    return Deck(tuple(layouter.unique_titles([layouter.shortened(slide) for slide in slides])), geometry)


def fits_one_slide(paragraphs: list[TextParagraph], geometry: Geometry = DEFAULT_GEOMETRY) -> tuple[bool, int]:
    """Whether the paragraphs fit one slide's body at the smallest size, and how many lines
    they make there."""
    layouter = _Layouter(geometry, "", "", "")
    size = theme.DECK_BODY_MIN
    lines = sum(len(layouter.lines(paragraph, size)) for paragraph in paragraphs)
    return layouter.fits(paragraphs, size, layouter.capacity(size)), lines


@dataclass
class _Section:
    level: int  # 1: title slide, 2: content slide
    title: str
    body: list[doc.Block]
    notes: list[doc.Block]


def _sections(blocks: tuple[doc.Block, ...]) -> list[_Section]:
    """A `#` or `##` heading or a `---` rule starts a slide (pandoc's slide-level 2)."""
    sections: list[_Section] = []
    for block in blocks:
        if isinstance(block, doc.Heading) and block.level <= 2:
            sections.append(_Section(block.level, doc.plain(block.text), [], []))
        elif isinstance(block, doc.Rule):
            sections.append(_Section(2, sections[-1].title if sections else "", [], []))
        elif not sections:
            continue  # text before the first heading has no slide to go on
        elif isinstance(block, doc.Div) and "notes" in block.classes:
            sections[-1].notes.extend(block.children)
        else:
            sections[-1].body.append(block)
    return sections


def notes_text(blocks: list[doc.Block]) -> str:
    lines = []
    for block in blocks:
        if isinstance(block, doc.BulletList):
            lines.extend(f"- {doc.plain(item)}" for item in block.items)
        elif isinstance(block, doc.Table):
            lines.extend(" | ".join(doc.plain(c) for c in row) for row in (block.header,) + block.rows)
        elif hasattr(block, "text"):
            lines.append(doc.plain(block.text))
    return "\n".join(lines)


CHART_ROWS = 8  # categories on one chart at most: more continue on the next slide
CHART_GAP = 0.5  # the gap between categories, as a share of a bar (the renderer sets it)
CHART_FURNITURE = 70.0  # points of a chart's height its axis and legend take
STEP_GAP = 0.55 * INCH  # between the boxes of a step diagram: room for the arrow
STEP_TEXT_HEIGHT = 0.85  # the share of a step box its text may fill (inside the rounded corners)


def step_boxes(body: Box, widths: tuple[float, ...], height: float = 0.0) -> list[Box]:
    """The boxes of a step diagram, in a row across the body area: of these widths, `height`
    tall (0: the body's height) and centred in it."""
    height = min(height or body.height, body.height)
    top, left, boxes = body.top + (body.height - height) / 2, body.left, []
    for width in widths:
        boxes.append(Box(left, top, width, height))
        left += width + STEP_GAP
    return boxes


def _share_notes(slides: list[Slide], notes: str) -> list[Slide]:
    """A section's notes divided among its slides in order, in proportion to what each slide
    holds (table rows, paragraphs): the notes of a risk table's rows go with those rows, and a
    section split over many slides does not repeat all its notes on each (which grew with the
    square of its length)."""
    if len(slides) == 1:
        return slides
    lines = notes.split("\n") if notes else []
    weights = [max(1, len(s.table.rows) if s.table is not None else len(s.paragraphs)) for s in slides]
    total, shared, start, held = sum(weights), [], 0, 0
    for slide, weight in zip(slides, weights):
        held += weight
        end = round(len(lines) * held / total)
        if not shared:
            end = max(end, min(1, len(lines)))  # the first slide has notes (the others say they continue)
        shared.append(replace(slide, notes="\n".join(lines[start:end])))
        start = end
    return shared


def _groups(body: list[doc.Block]) -> list:
    """Runs of text blocks, each as a list of paragraphs; a table stands alone."""
    groups: list = []
    for block in body:
        if isinstance(block, doc.Table):
            groups.append(block)
            continue
        paragraphs = _paragraphs(block)
        if not paragraphs:
            continue
        if groups and isinstance(groups[-1], list):
            groups[-1].extend(paragraphs)
        else:
            groups.append(paragraphs)
    return groups


def _paragraphs(block: doc.Block) -> list[TextParagraph]:
    if isinstance(block, doc.BulletList):
        return [TextParagraph(item, f"{n}." if block.ordered else "•") for n, item in enumerate(block.items, 1)]
    if isinstance(block, (doc.Paragraph, doc.Heading)):
        strong = isinstance(block, doc.Heading)
        return [TextParagraph(tuple(replace(s, strong=s.strong or strong) for s in block.text), None)]
    return []


def _sizes(largest: float, smallest: float) -> list[float]:
    return list(range(int(largest), int(smallest) - 1, -2))


def _fit(inline: doc.Inline, box: Box, largest: float, smallest: float, metrics: Metrics) -> float:
    """The largest size, down to `smallest`, at which the text fits the box."""
    return next((size for size in _sizes(largest, smallest) if _fits(inline, box, size, metrics)), smallest)


def _fits(inline: doc.Inline, box: Box, size: float, metrics: Metrics) -> bool:
    width = (box.width - 2 * INSET_X) * SAFETY
    return len(wrap(inline, width, size, metrics)) * size * theme.DECK_LINE_SPACING <= box.height - 2 * INSET_Y


def title_fits(title: str, box: Box, metrics: Metrics) -> bool:
    """At the smallest title size, within the box and without a word cut over two lines."""
    width = (box.width - 2 * INSET_X) * SAFETY
    whole = all(text_width(piece, theme.DECK_TITLE_MIN, True, metrics) <= width for piece in unbreakable(title))
    return whole and _fits((doc.Span(title, strong=True),), box, theme.DECK_TITLE_MIN, metrics)


def _bolded(inline: doc.Inline) -> doc.Inline:
    return tuple(replace(span, strong=True) for span in inline)


class _Layouter:
    """Lays out sections on the slides of one geometry."""

    def __init__(self, geometry: Geometry, continued: str, continued_note: str, continued_part: str):
        self.g, self.continued, self.continued_note = geometry, continued, continued_note
        self.continued_part = continued_part

    def section(self, section: _Section) -> list[Slide]:
        notes = notes_text(section.notes)
        if section.level == 1:
            subtitle = next((b.text for b in section.body if isinstance(b, doc.Paragraph)), ())
            size = self.fit_title(section.title, COVER_TITLE_SIZE, self.g.cover_title)
            return [Slide(section.title, size, notes, kind="title", subtitle=subtitle,
                          body_size=self.fit_subtitle(subtitle))]
        slides: list[Slide] = []
        for block in section.body:
            if isinstance(block, doc.Div) and "steps" in block.classes:
                items = tuple(item for b in block.children if isinstance(b, doc.BulletList) for item in b.items)
                parts = self.step_rows(items)  # one size and height for every part of a diagram
                size = min(self.fit_steps(part) for part in parts)
                height = max(self.steps_height(part, size) for part in parts)
                slides.extend(Slide(section.title, self.fit_title(section.title), notes, steps=part,
                                    body_size=size, steps_widths=self.step_widths(part), steps_height=height)
                              for part in parts)
            elif isinstance(block, doc.Div) and "chart" in block.classes:
                table = next((b for b in block.children if isinstance(b, doc.Table)), None)
                rows = table.rows if table is not None else ()
                per = self.chart_rows(len(table.header) - 1 if table else 1)
                slides.extend(Slide(section.title, self.fit_title(section.title), notes,
                                    chart=replace(table, rows=rows[i:i + per])) for i in range(0, len(rows), per))
        for group in _groups(section.body):
            if isinstance(group, doc.Table):
                slides.extend(self.table_slides(section.title, group, notes))
            else:
                slides.extend(self.text_slides(section.title, group, notes))
        if not slides:
            slides.append(Slide(section.title, self.fit_title(section.title), notes))
        return self.mark_continuations(_share_notes(slides, notes))

    def mark_continuations(self, slides: list[Slide]) -> list[Slide]:
        """Continuation slides say so, and are told apart when there are several (a screen
        reader finds slides by their titles)."""
        marked = [slides[0]]
        for part, slide in enumerate(slides[1:], start=2):
            title = (self.continued.format(title=slide.title) if len(slides) == 2 else
                     self.continued_part.format(title=slide.title, part=part, count=len(slides)))
            notes = f"{self.continued_note}\n{slide.notes}".strip()
            mark = title[len(slide.title):] if title.startswith(slide.title) else ""
            marked.append(replace(slide, title=title, title_size=self.fit_title(title), notes=notes, mark=mark))
        return marked

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

    def text_boxes(self, items: tuple[doc.Inline, ...]) -> list[Box]:
        """Where each step's text goes (inside the rounded corners, below the title's own line)."""
        return [replace(box, width=box.width * 0.9, height=box.height * STEP_TEXT_HEIGHT)
                for box in step_boxes(self.g.body, self.step_widths(items))]

    def fit_steps(self, items: tuple[doc.Inline, ...]) -> float:
        """One size for every box of a step diagram: the largest at which each fits its box."""
        if not items:
            return theme.DECK_BODY_MAX
        return min(_fit(item, box, theme.DECK_BODY_MAX, theme.DECK_BODY_MIN, self.g.body_metrics)
                   for item, box in zip(items, self.text_boxes(items)))

    def steps_height(self, items: tuple[doc.Inline, ...], size: float) -> float:
        """Boxes as tall as the longest step's text needs (a line more for its title), and no
        shorter than two fifths of the body: a row of short steps does not hang in tall boxes."""
        lines = max(len(wrap(item, (box.width - 2 * INSET_X) * SAFETY, size, self.g.body_metrics))
                    for item, box in zip(items, self.text_boxes(items)))
        needed = ((lines + 1) * size * theme.DECK_LINE_SPACING + 2 * INSET_Y) / STEP_TEXT_HEIGHT
        return min(self.g.body.height, max(needed, 0.4 * self.g.body.height))

    def step_rows(self, items: tuple[doc.Inline, ...]) -> list[tuple[doc.Inline, ...]]:
        """The steps on as few slides as let every box hold its text at the smallest size: a
        template with a small body area gets the diagram in two or more parts."""
        for parts in range(1, len(items) + 1):
            per = -(-len(items) // parts)
            chunks = [items[i:i + per] for i in range(0, len(items), per)]
            if all(_fits(item, box, theme.DECK_BODY_MIN, self.g.body_metrics)
                   for chunk in chunks for item, box in zip(chunk, self.text_boxes(chunk))):
                return chunks
        return [(item,) for item in items]

    # Titles ------------------------------------------------------------------------------

    def unique_titles(self, slides: list[Slide]) -> list[Slide]:
        """A title the deck has already used (two sections of one name, or two long titles
        shortened alike) gets a number, within its box."""
        seen: dict[str, int] = {}
        out = []
        for slide in slides:
            seen[slide.title] = seen.get(slide.title, 0) + 1
            if seen[slide.title] > 1:
                box = slide.title_box or (self.g.cover_title if slide.kind == "title" else self.g.title)
                title = self.fitted_title(slide.title, box, f" ({seen[slide.title]})")
                notes = slide.notes
                if "…" in title and not notes.startswith(slide.title.removesuffix("…")):
                    notes = f"{slide.title}\n{notes}".strip()
                slide = replace(slide, title=title, title_size=self.fit_title(title, box=box), notes=notes)
            out.append(slide)
        return out

    def shortened(self, slide: Slide) -> Slide:
        """A slide whose title does not fit its box even at the smallest size (a narrow or
        one-line title box on a template) is set in the box widened over the body; if it still
        does not fit, it gets the words that fit and an ellipsis, and the whole title opens its
        notes."""
        box = self.g.cover_title if slide.kind == "title" else self.g.title
        if self.title_fits(slide.title, box):
            return slide
        wide = self.g.wide_cover_title if slide.kind == "title" else self.g.wide_title
        if wide != box:
            box = wide
            largest = COVER_TITLE_SIZE if slide.kind == "title" else theme.DECK_TITLE_SIZE
            slide = replace(slide, title_box=box, title_size=self.fit_title(slide.title, largest, box))
            if self.title_fits(slide.title, box):
                return slide
        base = slide.title.removesuffix(slide.mark) if slide.mark else slide.title
        return replace(slide, title=self.fitted_title(base, box, slide.mark), title_size=theme.DECK_TITLE_MIN,
                       notes=f"{slide.title}\n{slide.notes}".strip())

    def fitted_title(self, title: str, box: Box, suffix: str = "") -> str:
        """The title and `suffix`, the title's words cut to an ellipsis until they fit the box."""
        if self.title_fits(title + suffix, box):
            return title + suffix
        words = title.removesuffix("…").split()  # (a template may have shortened it already)
        if words and not self.title_fits(words[0][0] + "…" + suffix, box):
            suffix = ""  # a mark wider than the box itself ("(continued)" in a narrow column) is left out

        def cut() -> str:
            return " ".join(words).rstrip(".…,;:") + "…" + suffix

        while len(words) > 1 and not self.title_fits(cut(), box):
            words.pop()
        while len(words[0]) > 1 and not self.title_fits(cut(), box):
            words[0] = words[0][:-1]  # one word wider than the box: cut within it
        return cut()

    def title_fits(self, title: str, box: Box) -> bool:
        return title_fits(title, box, self.g.title_metrics)

    def fit_title(self, title: str, largest: float = theme.DECK_TITLE_SIZE, box: Box | None = None) -> float:
        """The largest title size, down to the minimum, at which the bold title fits its box."""
        return _fit((doc.Span(title, strong=True),), box or self.g.title, largest, theme.DECK_TITLE_MIN,
                    self.g.title_metrics)

    def fit_subtitle(self, subtitle: doc.Inline) -> float:
        return _fit(subtitle, self.g.cover_subtitle, theme.DECK_BODY_MAX, theme.DECK_BODY_MIN, self.g.body_metrics)

    # Text slides -------------------------------------------------------------------------

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
        for size in _sizes(theme.DECK_BODY_MAX, theme.DECK_BODY_MIN):
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

    # Table slides ------------------------------------------------------------------------

    def table_slides(self, title: str, table: doc.Table, notes: str) -> list[Slide]:
        """Tables at the largest size that fits; long ones split by rows with the header repeated."""
        limit = self.g.body.height
        for size in _sizes(theme.DECK_TABLE_MAX, theme.DECK_TABLE_MIN):
            row_heights = self._row_heights(table, size)
            widths = self.column_widths(table, size, row_heights)
            heights = row_heights(widths)
            if sum(heights) <= limit:
                break
        if heights[0] + max(heights[1:], default=0) > limit:
            # a row taller than the slide even alone: the table becomes a list, which can continue
            return self.text_slides(title, [_row_as_paragraph(table.header, row) for row in table.rows], notes)
        slides: list[Slide] = []
        for start, end in _balanced_runs(heights[0], heights[1:], limit):
            part = SlideTable(table.header, table.rows[start:end], tuple(widths),
                              tuple([heights[0]] + heights[start + 1:end + 1]))
            slides.append(Slide(title, self.fit_title(title), notes, table=part, body_size=size))
        return slides

    def column_widths(self, table: doc.Table, size: float, row_heights, steps: int = 24) -> list[float]:
        """Start each column at its longest word, so no word is cut, then hand out the rest of
        the width in small steps, each to the column where it saves the most table height.
        row_heights: _row_heights(table, size)."""
        columns = list(zip(table.header, *table.rows))
        metrics = self.g.body_metrics
        widths = [max(text_width(w, size, True, metrics) for cell in col for w in unbreakable(doc.plain(cell)) or [""])
                  + 2 * CELL_MARGIN_X + 4 for col in columns]
        if sum(widths) > self.g.body.width:
            # not even the longest words fit side by side (they will be cut): a column wider
            # than an even share starts at that share, and the rest is handed out as below
            widths = [min(w, self.g.body.width / len(columns)) for w in widths]
        spare = self.g.body.width - sum(widths)
        if spare <= 0.01:
            return [self.g.body.width / len(columns)] * len(columns)
        step = spare / steps

        def table_height(widths: list[float]) -> float:
            header, *rows = row_heights(widths)
            return header + sum(rows)

        for done in range(steps):
            current = table_height(widths)
            heights = [table_height(widths[:c] + [w + step] + widths[c + 1:]) for c, w in enumerate(widths)]
            best = min(range(len(widths)), key=heights.__getitem__)
            if heights[best] >= current:  # no step helps any more: share the rest by text length
                demand = [max(text_width(doc.plain(cell), size, False, metrics) for cell in col) for col in columns]
                rest = step * (steps - done)
                return [w + rest * d / sum(demand) for w, d in zip(widths, demand)]
            widths[best] += step
        return widths

    def _row_heights(self, table: doc.Table, size: float):
        """The height of each row (the bold header first) as a function of the column widths.
        The search for column widths asks for the same cell at the same width over and over:
        each is wrapped once (10 ms of the default deck's layout)."""
        rows = [tuple(_bolded(cell) for cell in table.header), *table.rows]

        @cache
        def lines(row: int, column: int, width: float) -> int:
            count = len(wrap(rows[row][column], (width - 2 * CELL_MARGIN_X) * SAFETY, size, self.g.body_metrics))
            # a long cell gets a line to spare: LibreOffice set a 12-line cell 6 pt taller than measured
            return count + 1 if count >= LONG_CELL_LINES else count

        def heights(widths: list[float]) -> list[float]:
            return [max(lines(row, column, width) for column, width in enumerate(widths))
                    * size * theme.DECK_LINE_SPACING + 2 * CELL_MARGIN_Y for row in range(len(rows))]

        return heights


def _row_as_paragraph(header: tuple[doc.Inline, ...], row: tuple[doc.Inline, ...]) -> TextParagraph:
    """A table row as one bullet: its first cell in bold, then "Column: text" for the others."""
    spans = [doc.Span(doc.plain(row[0]) + ".", strong=True)] if row else []
    for name, cell in zip(header[1:], row[1:]):
        spans += [doc.Span(f" {doc.plain(name)}: "), *cell, doc.Span(".")]
    return TextParagraph(tuple(spans), "•")


def _runs(header: float, rows: list[float], cap: float) -> list[tuple[int, int]]:
    """Rows in order, as many on each slide as fit under `cap` with the header (at least one)."""
    runs, start = [], 0
    while start < len(rows):
        used, end = header + rows[start], start + 1
        while end < len(rows) and used + rows[end] <= cap:
            used += rows[end]
            end += 1
        runs.append((start, end))
        start = end
    return runs


def _balanced_runs(header: float, rows: list[float], limit: float) -> list[tuple[int, int]]:
    """As few slides as fit under `limit`, with the rows shared as evenly as they can be: the
    lowest height cap that still needs no more slides (so no slide carries one lone row)."""
    count = len(_runs(header, rows, limit))
    # (a row taller than the limit stands alone; it must not raise the cap of the others)
    low, high = min(header + max(rows, default=0), limit), limit
    for _ in range(30):
        middle = (low + high) / 2
        if len(_runs(header, rows, middle)) <= count:
            high = middle
        else:
            low = middle
    return _runs(header, rows, high)
