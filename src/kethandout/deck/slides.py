"""Doc -> Deck: split into slides, choose sizes, and continue on new slides instead of overflowing.

Every slide is laid out here, with the real font metrics and the real placeholder boxes,
before any PPTX XML is written; the renderer only places what this module decided."""
from __future__ import annotations

from dataclasses import dataclass, replace

from kethandout.compose import doc
from kethandout.deck.diagrams import DiagramLayout, step_boxes
from kethandout.deck.fitting import fitted_size, sizes_between, title_fits
from kethandout.deck.geometry import (
    BULLET_INDENT,
    DEFAULT_GEOMETRY,
    INSET_X,
    INSET_Y,
    PARAGRAPH_GAP,
    SAFETY,
    Box,
    Geometry,
)
from kethandout.deck.measure import wrap
from kethandout.deck.model import Deck, Slide, TextParagraph
from kethandout.deck.table_slides import TableLayout
from kethandout.style import theme

COVER_TITLE_SIZE = 44


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


class _Layouter(DiagramLayout, TableLayout):
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
                                    body_size=size,
                                    steps_boxes=tuple(step_boxes(self.g.body, self.step_widths(part), height)))
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
        return fitted_size((doc.Span(title, strong=True),), box or self.g.title, largest, theme.DECK_TITLE_MIN,
                    self.g.title_metrics)

    def fit_subtitle(self, subtitle: doc.Inline) -> float:
        return fitted_size(subtitle, self.g.cover_subtitle, theme.DECK_BODY_MAX, theme.DECK_BODY_MIN, self.g.body_metrics)

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
