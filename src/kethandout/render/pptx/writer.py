"""Deck model -> PPTX. Places what deck/ decided; measures nothing. python-pptx opens the design
and writes the package; each slide's shapes are written as DrawingML.

A design is either kethandout's own (python-pptx's default template widened to 16:9, Arial,
brand colours) or a user's PowerPoint template, whose layouts, theme fonts and colours are kept."""
from __future__ import annotations

import io
from dataclasses import replace
from xml.sax.saxutils import escape, quoteattr

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from kethandout.compose import doc
from kethandout.deck.contrast import Colours
from kethandout.deck.design import Design, open_design
from kethandout.deck.diagrams import STEP_GAP, STEP_ICON, STEP_ICON_TOP
from kethandout.deck.footer import footer_spans
from kethandout.deck.geometry import INCH, Box, Geometry, emu
from kethandout.deck.model import Deck, Slide, SlideTable
from kethandout.deck.pptx_internals import (
    add_notes,
    first_notes_number,
    replace_shapes,
    set_alt_text,
    slide_ids,
)
from kethandout.deck.template import (
    BODY_TYPES,
    CENTER_TITLE,
    FOOTER,
    SLIDE_NUMBER,
    SUBTITLE,
    TITLE,
    choose_layouts,
    first_placeholder,
    layouts_at,
    placeholder_elements,
)
from kethandout.render.pptx.chart import add_chart
from kethandout.render.pptx.drawingml import Look, SlideXml
from kethandout.render.pptx.pictograms import add_pictures
from kethandout.render.pptx.package import fixed_zip, presentation, set_properties
from kethandout.style import theme
from kethandout.style.theme import DeckInfo


class _Writer:
    """Writes each laid-out slide, and its notes, into the presentation."""

    def __init__(self, prs, design: Design, info: DeckInfo, geometry: Geometry, footer_size: float):
        self.prs, self.design, self.info, self.g = prs, design, info, geometry
        # kethandout's own design: python-pptx's default layouts; a template's: those the design chose
        layouts = choose_layouts(prs) if design.layouts is None else layouts_at(prs, design.layouts)
        self.layouts = {name: (lay, placeholder_elements(lay)) for name, lay in layouts.items()}
        self.footer_size = footer_size
        self.notes_master = prs.part.notes_master_part
        self.notes_placeholders = placeholder_elements(self.notes_master.notes_master)
        self.notes_number = first_notes_number(prs)

    def palette(self, layout: str) -> Colours:
        """The colours of a slide on this layout: kethandout's own, or those that read at 4.5:1
        on what really lies under the template's title, body and footer."""
        if self.design.colours is None:
            primary = self.info.branding.primary
            return Colours(primary, theme.INK, theme.MUTED, primary, primary)
        return self.design.colours[layout]

    def add(self, slide: Slide, number: int, total: int) -> None:
        kind = slide.layout
        slide_layout, placeholders = self.layouts[kind]
        rid, pptx_slide = self.prs.part.add_slide(slide_layout)
        part = pptx_slide.part
        shapes = SlideXml(self.design.font, self.info.language,
                           lambda url: part.relate_to(url, RT.HYPERLINK, is_external=True))
        self.draw(shapes, slide, placeholders, number, total, kind in self.design.prints_number)
        replace_shapes(pptx_slide, shapes.xml())
        slide_ids(self.prs).add_sldId(rid)
        if slide.kind == "title":
            self.logo(pptx_slide)
        if slide.chart is not None:
            add_chart(pptx_slide, slide, slide.body_box or self.g.body, self.design, self.info)
        if slide.pictures:
            add_pictures(pptx_slide, slide.pictures, self.palette(kind).accent)
        self.notes(part, slide.notes)

    def draw(self, shapes: SlideXml, slide: Slide, placeholders: dict, number: int, total: int,
             prints_number: bool = False) -> None:
        """prints_number: the slide's layout or master prints the slide number as a text field."""
        g, pal = self.g, self.palette(slide.layout)
        title_look = Look(slide.title_size, pal.title, bold=True, heading=True)
        title = shapes.paragraph((doc.Span(slide.title),), title_look)
        # The title is the slide's first shape: screen readers read the shapes in this order.
        if slide.kind == "title":
            shapes.placeholder(first_placeholder(placeholders, (CENTER_TITLE, TITLE)), slide.title_box or g.cover_title, title,
                               MSO_ANCHOR.BOTTOM, "title" in pal.panels)
            self.band(shapes, Box(0, 0, 0.35 * INCH, g.slide_height))
            subtitle = shapes.paragraph(slide.subtitle, Look(slide.body_size, pal.body))
            shapes.placeholder(first_placeholder(placeholders, (SUBTITLE,) + BODY_TYPES), g.cover_subtitle, subtitle,
                               panel="body" in pal.panels)
        else:
            # (kethandout's titles start at one height, whether the body moved up under them or not)
            anchor = MSO_ANCHOR.TOP if self.design.own_look else MSO_ANCHOR.MIDDLE
            shapes.placeholder(first_placeholder(placeholders, (TITLE,)), slide.title_box or g.title, title, anchor,
                               "title" in pal.panels)
            self.band(shapes, Box(0, 0, g.slide_width, 0.12 * INCH))
            if slide.kind == "section":
                self.opener(shapes, slide, pal)
            elif slide.steps:
                self.steps(shapes, slide, pal)
            elif slide.chart is not None:
                pass  # added after the slide's shapes (add_chart): no empty body placeholder under it
            elif slide.table:  # a template without a title-only layout: its body placeholder is left out
                self.table(shapes, slide.table, slide.body_size, slide.body_box or g.body, pal)
            else:
                body = "".join(shapes.paragraph(para.text, Look(
                    slide.body_size, pal.body, before=0 if i == 0 else slide.gap * slide.body_size,
                    bullet=para.bullet)) for i, para in enumerate(slide.paragraphs))
                shapes.placeholder(first_placeholder(placeholders, BODY_TYPES), slide.body_box or g.body, body,
                                   panel="body" in pal.panels)
        small = Look(self.footer_size, pal.footer, exact_spacing=False)
        footer = shapes.paragraph(footer_spans(self.info), small)
        page = shapes.paragraph((doc.Span(f"{number} / {total}"),), replace(small, align=PP_ALIGN.RIGHT))
        own_number = first_placeholder(placeholders, (SLIDE_NUMBER,)) or prints_number
        if self.design.own_footer and first_placeholder(placeholders, (FOOTER,)) and own_number:
            panel = "footer" in pal.panels
            shapes.inherited_placeholder(first_placeholder(placeholders, (FOOTER,)), footer, panel)
            if first_placeholder(placeholders, (SLIDE_NUMBER,)):
                shapes.inherited_placeholder(first_placeholder(placeholders, (SLIDE_NUMBER,)), page, panel)
        else:
            shapes.text_box(g.footer, footer, panel="footer" in pal.panels)
            if not prints_number:
                shapes.text_box(g.number, page, panel="footer" in pal.panels)

    def opener(self, shapes: SlideXml, slide: Slide, pal: Colours) -> None:
        """A part's opening slide: its key number large in the accent colour, what the number
        is under it, and the part's topics as a list (text boxes: the layout has no body)."""
        panel = "body" in pal.panels
        if slide.key_figure:
            figure = shapes.paragraph(slide.key_figure, Look(slide.figure_size, pal.accent, bold=True))
            shapes.text_box(slide.figure_box, figure, MSO_ANCHOR.TOP, panel)
            shapes.text_box(slide.says_box, shapes.paragraph(slide.key_says, Look(slide.says_size, pal.body)),
                            MSO_ANCHOR.TOP, panel)
        topics = "".join(shapes.paragraph(para.text, Look(
            slide.body_size, pal.body, before=0 if i == 0 else slide.gap * slide.body_size, bullet=para.bullet))
            for i, para in enumerate(slide.paragraphs))
        shapes.text_box(slide.body_box or self.g.body, topics, MSO_ANCHOR.TOP, panel)

    def steps(self, shapes: SlideXml, slide: Slide, pal: Colours) -> None:
        """A step diagram of native shapes: a box of real text per step, an arrow to the next;
        in colours that read on the template's ground (its accent where it reads)."""
        boxes = slide.steps_boxes
        corner = min(min(box.width, box.height) for box in boxes) / 6  # the preset's, of the narrowest
        fill = "#FFFFFF" if "body" in pal.panels else None
        for i, (box, item) in enumerate(zip(boxes, slide.steps)):
            title, rest = doc.bold_lead(item)
            text = shapes.paragraph((doc.Span(title),), Look(slide.body_size, pal.accent, bold=True)) if title else ""
            words = tuple(s for s in rest if not s.icon)
            if words:  # (the space after the title)
                words = (replace(words[0], text=words[0].text.lstrip()),) + words[1:]
            text += shapes.paragraph(words, Look(slide.body_size, pal.body, before=0.2 * slide.body_size))
            shapes.shape(box, "roundRect", text, line=pal.accent, fill=fill, name=f"Step {i + 1}", corner=corner,
                         top=STEP_ICON + STEP_ICON_TOP if slide.pictures else 0.0)
            if i < len(boxes) - 1:
                size = STEP_GAP * 0.6
                arrow = Box(box.left + box.width + (STEP_GAP - size) / 2, box.top + box.height / 2 - size / 2,
                            size, size)
                shapes.shape(arrow, "rightArrow", fill=pal.accent, name="Arrow")

    def band(self, shapes: SlideXml, box: Box) -> None:
        """A plain colour band (no text over it), in kethandout's own design only."""
        if self.design.own_look:
            shapes.rectangle(box, self.info.branding.primary)

    def table(self, shapes: SlideXml, table: SlideTable, size: float, box: Box, pal: Colours) -> None:
        """Every cell with a fill of its own, so it reads on any template: the header white on
        a fill of the accent that white reads on, the rows ink on white and pale grey."""
        rows = []
        for r, cells in enumerate((table.header,) + table.rows):
            fill = pal.table_header if r == 0 else ("#FFFFFF" if r % 2 else "#EEF3F5")
            look = Look(size, "#FFFFFF" if r == 0 else theme.INK, bold=r == 0)
            rows.append([(shapes.paragraph(inline, look), fill) for inline in cells])
        shapes.table(box, table.column_widths, table.row_heights, rows, banded=False)

    def logo(self, pptx_slide) -> None:
        """The clinic's logo on the cover, where the layout made room for it, with alt text."""
        brand, box = self.info.branding, self.g.logo
        if not brand.logo or box is None:
            return
        picture = pptx_slide.shapes.add_picture(brand.logo, emu(box.left), emu(box.top), emu(box.width),
                                                emu(box.height))
        set_alt_text(picture, f"{brand.clinic_name} logo")  # not the file name

    def notes(self, slide_part, text: str) -> None:
        """The speaker notes, with the notes master's slide image and body placeholders."""
        notes = SlideXml(None, self.info.language, None)
        direction = f'<a:pPr rtl="{int(notes.rtl)}" algn="{"r" if notes.rtl else "l"}"/>'
        lines = "".join(f"<a:p>{direction}<a:r><a:rPr lang={quoteattr(self.info.language)} dirty=\"0\"/>"
                        f"<a:t>{escape(line)}</a:t></a:r></a:p>" for line in text.split("\n"))
        for kind, body in (("sldImg", None), ("body", lines), ("sldNum", None)):
            if kind in self.notes_placeholders:
                notes.inherited_placeholder(self.notes_placeholders[kind], body)
        add_notes(slide_part, self.notes_master, notes.xml("p:notes"), self.notes_number)
        self.notes_number += 1


def render_deck(deck: Deck, info: DeckInfo, design: Design | None = None) -> bytes:
    """Writes what deck/ decided; measures nothing."""
    design = design or open_design(None)
    prs = presentation(design)
    writer = _Writer(prs, design, info, deck.geometry, deck.footer_size)  # the layout's geometry, logo room included
    for number, slide in enumerate(deck.slides, start=1):
        writer.add(slide, number, len(deck.slides))
    set_properties(prs, info)
    buffer = io.BytesIO()
    prs.save(buffer)
    return fixed_zip(buffer.getvalue())
