"""Deck model -> PPTX (python-pptx). Places what deck/slides.py decided; measures nothing."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from kethandout.compose import doc
from kethandout.deck import slides as layout
from kethandout.render import theme
from kethandout.render.fonts import DECK_FONT

EMU_PER_PT = 12700


@dataclass(frozen=True)
class DeckInfo:
    title: str
    author: str
    subject: str
    language: str
    footer: str
    date: dt.date  # stamped as created/modified, so the bytes do not depend on the clock


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def _emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def _place(shape, box: layout.Box) -> None:
    shape.left, shape.top, shape.width, shape.height = _emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height)


def _layout_with(prs, *choices: set) -> object:
    """The first layout whose placeholders are exactly of the wanted types, trying each
    choice in turn: layouts are found by what they hold, since names differ by program."""
    for wanted in choices:
        for slide_layout in prs.slide_layouts:
            types = {ph.placeholder_format.type for ph in slide_layout.placeholders}
            types -= {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
            if types == wanted:
                return slide_layout
    raise LookupError(f"no slide layout with placeholders {sorted(t.name for t in choices[0])}")


def _frame(text_frame, anchor=MSO_ANCHOR.TOP) -> None:
    """Fixed insets and no autofit: the layout step already made the text fit."""
    text_frame.word_wrap = True
    text_frame.auto_size = MSO_AUTO_SIZE.NONE
    text_frame.vertical_anchor = anchor
    text_frame.margin_left = text_frame.margin_right = _emu(layout.INSET_X)
    text_frame.margin_top = text_frame.margin_bottom = _emu(layout.INSET_Y)


def _runs(paragraph, inline: doc.Inline, size: float, colour: str, bold: bool = False) -> None:
    for span in inline:
        run = paragraph.add_run()
        run.text = span.text  # python-pptx escapes XML itself: never pre-escape
        font = run.font
        font.name, font.size, font.bold = DECK_FONT, Pt(size), span.strong or bold
        font.color.rgb = _rgb(colour)
        if span.href:
            run.hyperlink.address = span.href


def _spacing(paragraph, size: float, before: float) -> None:
    paragraph.line_spacing = Pt(size * theme.DECK_LINE_SPACING)  # exact, as measured
    paragraph.space_before = Pt(before)
    paragraph.space_after = Pt(0)


def _set_bullet(paragraph, bullet: str | None) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buFont"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    indent = _emu(layout.BULLET_INDENT) if bullet else 0
    p_pr.set("marL", str(indent))
    p_pr.set("indent", str(-indent))
    if bullet is None:
        p_pr.append(p_pr.makeelement(qn("a:buNone"), {}))
    elif bullet == "•":
        p_pr.append(p_pr.makeelement(qn("a:buFont"), {"typeface": DECK_FONT}))
        p_pr.append(p_pr.makeelement(qn("a:buChar"), {"char": "•"}))
    else:
        start = bullet.rstrip(".")
        p_pr.append(p_pr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod", "startAt": start}))


def _fill_title(shape, text: str, size: float, box: layout.Box, anchor=MSO_ANCHOR.MIDDLE) -> None:
    _place(shape, box)
    tf = shape.text_frame
    _frame(tf, anchor)
    tf.text = ""
    paragraph = tf.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    _spacing(paragraph, size, 0)
    _runs(paragraph, (doc.Span(text),), size, theme.PRIMARY, bold=True)


def _fill_body(shape, slide: layout.Slide) -> None:
    _place(shape, layout.BODY_BOX)
    tf = shape.text_frame
    _frame(tf)
    tf.text = ""
    for i, para in enumerate(slide.paragraphs):
        paragraph = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        _spacing(paragraph, slide.body_size, 0 if i == 0 else layout.PARAGRAPH_GAP * slide.body_size)
        _set_bullet(paragraph, para.bullet)
        _runs(paragraph, para.text, slide.body_size, theme.INK)


def _add_table(pptx_slide, table: layout.SlideTable, size: float) -> None:
    rows, cols = len(table.rows) + 1, len(table.header)
    box = layout.BODY_BOX
    shape = pptx_slide.shapes.add_table(rows, cols, _emu(box.left), _emu(box.top), _emu(sum(table.column_widths)),
                                        _emu(sum(table.row_heights)))
    grid = shape.table
    grid.first_row = True
    grid.horz_banding = False
    for c, width in enumerate(table.column_widths):
        grid.columns[c].width = _emu(width)
    for r, height in enumerate(table.row_heights):
        grid.rows[r].height = _emu(height)
    for r, cells in enumerate((table.header,) + table.rows):
        for c, inline in enumerate(cells):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = _emu(layout.CELL_MARGIN_X)
            cell.margin_top = cell.margin_bottom = _emu(layout.CELL_MARGIN_Y)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(theme.PRIMARY if r == 0 else ("#FFFFFF" if r % 2 else "#EEF3F5"))
            cell.text_frame.word_wrap = True
            paragraph = cell.text_frame.paragraphs[0]
            _spacing(paragraph, size, 0)
            _runs(paragraph, inline, size, "#FFFFFF" if r == 0 else theme.INK, bold=r == 0)


def _text_box(pptx_slide, box: layout.Box, text: str, size: float, align=PP_ALIGN.LEFT) -> None:
    shape = pptx_slide.shapes.add_textbox(_emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height))
    _frame(shape.text_frame, MSO_ANCHOR.MIDDLE)
    paragraph = shape.text_frame.paragraphs[0]
    paragraph.alignment = align
    _runs(paragraph, (doc.Span(text),), size, theme.MUTED)


def _band(pptx_slide, box: layout.Box) -> None:
    """A plain colour band (no text over it)."""
    shape = pptx_slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _emu(box.left), _emu(box.top), _emu(box.width),
                                        _emu(box.height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(theme.PRIMARY)
    shape.line.fill.background()
    shape.shadow.inherit = False


def _new_presentation():
    """python-pptx's default template, widened from 4:3 to 16:9 (layouts included)."""
    prs = Presentation()
    scale = layout.SLIDE_WIDTH * EMU_PER_PT / prs.slide_width
    prs.slide_width, prs.slide_height = _emu(layout.SLIDE_WIDTH), _emu(layout.SLIDE_HEIGHT)
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.shapes:
            shape.left, shape.width = int(shape.left * scale), int(shape.width * scale)
    return prs


def render_deck(deck: layout.Deck, info: DeckInfo) -> bytes:
    prs = _new_presentation()
    cover = _layout_with(prs, {PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE})
    content = _layout_with(prs, {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.OBJECT}, {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.BODY})
    title_only = _layout_with(prs, {PP_PLACEHOLDER.TITLE})
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, start=1):
        if slide.kind == "title":
            pptx_slide = prs.slides.add_slide(cover)
            _band(pptx_slide, layout.Box(0, 0, 0.35 * layout.INCH, layout.SLIDE_HEIGHT))
            _fill_title(pptx_slide.shapes.title, slide.title, slide.title_size, layout.COVER_TITLE_BOX,
                        MSO_ANCHOR.BOTTOM)
            subtitle = pptx_slide.placeholders[1]
            _place(subtitle, layout.COVER_SUBTITLE_BOX)
            _frame(subtitle.text_frame)
            paragraph = subtitle.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT
            _runs(paragraph, slide.subtitle, theme.DECK_BODY_MAX, theme.INK)
        else:
            pptx_slide = prs.slides.add_slide(title_only if slide.table else content)
            _band(pptx_slide, layout.Box(0, 0, layout.SLIDE_WIDTH, 0.12 * layout.INCH))
            _fill_title(pptx_slide.shapes.title, slide.title, slide.title_size, layout.TITLE_BOX)
            if slide.table:
                _add_table(pptx_slide, slide.table, slide.body_size)
            else:
                _fill_body(pptx_slide.placeholders[1], slide)
        _text_box(pptx_slide, layout.FOOTER_BOX, info.footer, theme.DECK_SMALL_SIZE)
        _text_box(pptx_slide, layout.NUMBER_BOX, f"{number} / {total}", theme.DECK_SMALL_SIZE, PP_ALIGN.RIGHT)
        pptx_slide.notes_slide.notes_text_frame.text = slide.notes
    _set_properties(prs, info)
    buffer = io.BytesIO()
    prs.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _set_properties(prs, info: DeckInfo) -> None:
    props = prs.core_properties
    stamp = dt.datetime.combine(info.date, dt.time(12, 0))
    props.title, props.author, props.subject = info.title, info.author, info.subject
    props.language, props.last_modified_by, props.revision = info.language, info.author, 1
    props.created = props.modified = stamp
    props.last_printed = stamp


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry times: python-pptx stamps the current time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()
