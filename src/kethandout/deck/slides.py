"""Doc -> slides: each section's blocks to text, table, chart and diagram slides, with the
mixins of titles.py, text_slides.py, table_slides.py and diagrams.py.

Every slide is laid out here, with the real font metrics and the real placeholder boxes,
before any PPTX XML is written; the renderer only places what deck/ decided."""
from __future__ import annotations

from dataclasses import replace

from kethandout.compose import doc
from kethandout.deck.diagrams import DiagramLayout, step_boxes
from kethandout.deck.geometry import (
    DEFAULT_GEOMETRY,
    Geometry,
)
from kethandout.deck.model import Deck, Picture, Slide, TextParagraph
from kethandout.deck.parts import PartLayout, key_number
from kethandout.deck.sections import (
    Section,
    agenda,
    notes_text,
    share_notes,
    slide_groups,
    split_sections,
)
from kethandout.deck.table_slides import TableLayout
from kethandout.deck.text_slides import TextLayout
from kethandout.deck.titles import COVER_TITLE_SIZE, TitleLayout
from kethandout.style import theme


def layout_deck(blocks: tuple[doc.Block, ...], geometry: Geometry = DEFAULT_GEOMETRY,
                continued: str = theme.DeckInfo.continued, continued_note: str = theme.DeckInfo.continued_note,
                continued_part: str = theme.DeckInfo.continued_part) -> Deck:
    """continued / continued_part / continued_note: how continuation slides say so, in the
    deck's language."""
    layouter = _Layouter(geometry, continued, continued_note, continued_part)
    sections = split_sections(blocks)
    slides: list[Slide] = []
    for index, section in enumerate(sections):
        if section.level == 1 and slides:  # a `#` after the deck's title opens a part
            slides.append(layouter.part(section, agenda(sections[index + 1:])))
        else:
            slides.extend(layouter.section(section))
    return Deck(tuple(layouter.unique_titles([layouter.shortened(slide) for slide in slides])), geometry)


def fits_one_slide(paragraphs: list[TextParagraph], geometry: Geometry = DEFAULT_GEOMETRY) -> tuple[bool, int, int]:
    """Whether the paragraphs fit one slide's body at the smallest size, how many lines they
    make there, and how many the body holds."""
    layouter = _Layouter(geometry, "", "", "")
    size = theme.DECK_BODY_MIN
    lines = sum(len(layouter.lines(paragraph, size)) for paragraph in paragraphs)
    return layouter.fits(paragraphs, size, layouter.capacity(size)), lines, layouter.max_lines()


class _Layouter(TitleLayout, TextLayout, DiagramLayout, TableLayout, PartLayout):
    """Lays out sections on the slides of one geometry."""

    def __init__(self, geometry: Geometry, continued: str, continued_note: str, continued_part: str):
        self.g, self.continued, self.continued_note = geometry, continued, continued_note
        self.continued_part = continued_part

    def section(self, section: Section) -> list[Slide]:
        """The section's slides; on kethandout's own design, a section whose title (marked as
        continued, too) takes one line gets the room of the title's second line."""
        if section.level == 2 and self.g.one_line is not None and self.one_line_title(section.title):
            title, body = self.g.one_line
            compact = _Layouter(replace(self.g, title=title, body=body, one_line=None), self.continued,
                                self.continued_note, self.continued_part)
            return [replace(slide, title_box=slide.title_box or title, body_box=slide.body_box or body)
                    for slide in compact.section(section)]
        return self.slides_of(section)

    def one_line_title(self, title: str) -> bool:
        longest = self.continued_part.format(title=title, part=9, count=9)
        return len(self.title_lines(max(longest, self.continued.format(title=title), key=len))) == 1

    def slides_of(self, section: Section) -> list[Slide]:
        notes = notes_text(section.notes)
        if section.level == 1:
            subtitle = next((b.text for b in section.body if isinstance(b, doc.Paragraph)), ())
            size = self.fit_title(section.title, COVER_TITLE_SIZE, self.g.cover_title)
            return [Slide(section.title, size, notes, kind="title", subtitle=subtitle,
                          body_size=self.fit_subtitle(subtitle))]
        slides: list[Slide] = []
        for block in section.body:
            if isinstance(block, doc.Div) and "references" in block.classes:
                lists = [group for group in slide_groups(list(block.children)) if isinstance(group, list)]
                slides.extend(self.reference_slides(section.title, lists[0], notes) if lists else [])
            if isinstance(block, doc.Div) and "steps" in block.classes:
                slides.extend(self.step_slides(section.title, block, notes))
            elif isinstance(block, doc.Div) and "chart" in block.classes:
                table = next((b for b in block.children if isinstance(b, doc.Table)), None)
                rows = table.rows if table is not None else ()
                per = self.chart_rows(len(table.header) - 1 if table else 1)
                slides.extend(Slide(section.title, self.fit_title(section.title), notes,
                                    chart=replace(table, rows=rows[i:i + per])) for i in range(0, len(rows), per))
        for group in slide_groups(section.body):
            if isinstance(group, doc.Table):
                slides.extend(self.table_slides(section.title, group, notes))
            else:
                slides.extend(self.text_slides(section.title, group, notes))
        if not slides:
            slides.append(Slide(section.title, self.fit_title(section.title), notes))
        return self.mark_continuations(share_notes(slides, notes))

    def step_slides(self, title: str, block: doc.Div, notes: str) -> list[Slide]:
        """A step diagram, on one slide where its boxes hold their text, else in parts; a
        pictogram a step starts with goes at the top of its box."""
        listed = [doc.leading_icon(item) for b in block.children if isinstance(b, doc.BulletList) for item in b.items]
        items, icons = tuple(rest for _, rest in listed), [icon for icon, _ in listed]
        self.step_icons = any(icons)
        parts = self.step_rows(items)  # one size and height for every part of a diagram
        size = min(self.fit_steps(part) for part in parts)
        height = max(self.steps_height(part, size) for part in parts)
        slides, done = [], 0
        for part in parts:
            boxes = tuple(step_boxes(self.g.body, self.step_widths(part), height))
            pictures = tuple(Picture(icon.icon, icon.text, self.step_icon_box(box))
                             for icon, box in zip(icons[done:done + len(part)], boxes) if icon)
            slides.append(Slide(title, self.fit_title(title), notes, steps=part, body_size=size, steps_boxes=boxes,
                                pictures=pictures))
            done += len(part)
        return slides

    def part(self, section: Section, topics: list[str]) -> Slide:
        """A part's opening slide: its title, its key number, and the topics it covers."""
        figure: doc.Inline = ()
        says: doc.Inline = ()
        for block in section.body:
            if isinstance(block, doc.Div) and "key-number" in block.classes and not figure:
                figure, says = key_number(block)
        return self.opener(section.title, notes_text(section.notes), figure, says, topics)
