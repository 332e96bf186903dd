"""Deck model -> PPTX (python-pptx). Places what deck/slides.py decided; measures nothing.

A design is either kethandout's own (python-pptx's default template widened to 16:9, Arial,
brand colours) or a user's PowerPoint template, whose layouts, theme fonts and colours are kept.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Pt

from kethandout.compose import doc
from kethandout.deck import slides as layout
from kethandout.deck.slides import Box, Geometry
from kethandout.errors import Diagnostic, InputError
from kethandout.render import theme
from kethandout.render.fonts import ARIAL_METRICS, DECK_FONT, metrics_for

EMU_PER_PT = 12700
_FOOTER_ROOM = 0.45 * layout.INCH  # kept free under the body for the footer line
_DRAWINGML = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}

TITLE, CENTER_TITLE, SUBTITLE = PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE
BODY_TYPES = (PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY)


@dataclass(frozen=True)
class DeckInfo:
    title: str
    author: str
    subject: str
    language: str
    footer: str
    date: dt.date  # stamped as created/modified, so the bytes do not depend on the clock
    branding: theme.Branding = theme.Branding()


@dataclass(frozen=True)
class Design:
    template: Path | None  # None: kethandout's own design
    geometry: Geometry
    font: str | None  # named on every run; None keeps the template's theme fonts

    @property
    def own_look(self) -> bool:
        """Draw kethandout's bands and colours (a user's template brings its own)."""
        return self.template is None


def _emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def _pt(emu: int) -> float:
    return emu / EMU_PER_PT


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


# Designs -----------------------------------------------------------------------------------


def open_design(template: Path | None) -> Design:
    """Kethandout's design, or the geometry and fonts of a user's template (InputError if unusable)."""
    if template is None:
        return Design(None, layout.DEFAULT_GEOMETRY, DECK_FONT)
    prs = _open_template(template)
    layouts = _choose_layouts(prs, template)
    content = layouts["content"]
    width, height = _pt(prs.slide_width), _pt(prs.slide_height)
    title = _box(_placeholder(content, (TITLE,)))
    body = _box(_placeholder(content, BODY_TYPES))
    body = Box(body.left, body.top, body.width, min(body.height, height - _FOOTER_ROOM - body.top))
    cover = layouts["cover"]
    cover_title = _box(_placeholder(cover, (CENTER_TITLE, TITLE)))
    cover_subtitle = _box(_placeholder(cover, (SUBTITLE,) + BODY_TYPES))
    footer_top = height - _FOOTER_ROOM + 0.05 * layout.INCH
    footer = Box(body.left, footer_top, body.width * 0.75, 0.35 * layout.INCH)
    number = Box(body.left + body.width * 0.75, footer_top, body.width * 0.25, 0.35 * layout.INCH)
    major, minor = _theme_fonts(prs)
    title_metrics, body_metrics = metrics_for(major), metrics_for(minor)
    font = None
    if title_metrics is None or body_metrics is None:  # cannot measure the theme font: name Arial instead
        title_metrics = body_metrics = ARIAL_METRICS
        font = DECK_FONT
    geometry = Geometry(width, height, title, body, cover_title, cover_subtitle, footer, number,
                        title_metrics, body_metrics)
    return Design(template, geometry, font)


def _open_template(path: Path):
    try:
        return Presentation(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, OSError) as exc:
        raise InputError([Diagnostic("error", "bad-deck-template",
                                     f"cannot open the deck template as PowerPoint (.pptx): {exc}", str(path))])


def _types(slide_layout) -> set:
    """Placeholder types of a layout, footers aside; vertical-text layouts count as unusable."""
    if any(ph._element.ph.get("orient") == "vert" for ph in slide_layout.placeholders):
        return set()
    kept = {ph.placeholder_format.type for ph in slide_layout.placeholders}
    return kept - {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}


def _area(shape) -> int:
    return (shape.width or 0) * (shape.height or 0)


def _choose_layouts(prs, path: Path | None = None) -> dict:
    """Layouts found by what they hold, not by name: programs name them differently
    ("Title and Content", "Title, Content")."""
    def with_types(*choices: set) -> list:
        """Layouts matching the first choice that any layout matches."""
        for wanted in choices:
            found = [lay for lay in prs.slide_layouts if _types(lay) == wanted]
            if found:
                return found
        return []

    contents = with_types({TITLE, PP_PLACEHOLDER.OBJECT}, {TITLE, PP_PLACEHOLDER.BODY})
    if not contents:
        names = ", ".join(f"'{lay.name}'" for lay in prs.slide_layouts) or "none"
        raise InputError([Diagnostic(
            "error", "unusable-deck-template",
            f"the template has no layout with a title and one body placeholder (its layouts: {names})",
            str(path or "deck template"), hint="add a 'Title and Content' layout to the template")])
    content = max(contents, key=lambda lay: _area(_placeholder(lay, BODY_TYPES)))  # not a small section header
    covers = with_types({CENTER_TITLE, SUBTITLE}, {TITLE, SUBTITLE})
    title_only = with_types({TITLE})
    return {"content": content, "cover": covers[0] if covers else content,
            "title_only": title_only[0] if title_only else content}


def _placeholder(owner, types: tuple):
    for wanted in types:
        for ph in owner.placeholders:
            if ph.placeholder_format.type == wanted:
                return ph
    return None


def _box(shape) -> Box:
    return Box(_pt(shape.left), _pt(shape.top), _pt(shape.width), _pt(shape.height))


def _theme_fonts(prs) -> tuple[str, str]:
    """The theme's heading (major) and body (minor) Latin fonts."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    xml = etree.fromstring(part.blob)
    major = xml.xpath("//a:majorFont/a:latin/@typeface", namespaces=_DRAWINGML)
    minor = xml.xpath("//a:minorFont/a:latin/@typeface", namespaces=_DRAWINGML)
    return (major[0] if major else ""), (minor[0] if minor else "")


def _presentation(design: Design):
    """An empty presentation in the design: the template's example slides are removed."""
    if design.template is None:
        return _default_presentation()
    prs = Presentation(str(design.template))
    id_list = prs.slides._sldIdLst  # python-pptx has no public delete
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)
    return prs


def _default_presentation():
    """python-pptx's default template, widened from 4:3 to 16:9 (layouts included)."""
    prs = Presentation()
    geometry = layout.DEFAULT_GEOMETRY
    scale = _emu(geometry.slide_width) / prs.slide_width
    prs.slide_width, prs.slide_height = _emu(geometry.slide_width), _emu(geometry.slide_height)
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.shapes:
            shape.left, shape.width = int(shape.left * scale), int(shape.width * scale)
    return prs


# Text as DrawingML -------------------------------------------------------------------------
# Paragraphs are written as XML strings and parsed once: setting each property through
# python-pptx costs about a millisecond apiece and dominated the build time.

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.RIGHT: "r", PP_ALIGN.CENTER: "ctr"}


@dataclass(frozen=True)
class _Look:
    size: float
    colour: str | None  # None keeps the theme's colour
    bold: bool = False
    before: float = 0.0  # space before, points
    bullet: str | None = None  # "•", "3." or None
    align: object = PP_ALIGN.LEFT
    exact_spacing: bool = True


def _paragraph_xml(inline: doc.Inline, look: _Look, font: str | None, language: str) -> str:
    indent = _emu(layout.BULLET_INDENT) if look.bullet else 0
    spacing = (f'<a:lnSpc><a:spcPts val="{round(look.size * theme.DECK_LINE_SPACING * 100)}"/></a:lnSpc>'
               if look.exact_spacing else "")
    spacing += f'<a:spcBef><a:spcPts val="{round(look.before * 100)}"/></a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft>'
    if look.bullet is None:
        bullet = "<a:buNone/>"
    elif look.bullet == "•":
        bullet = (f"<a:buFont typeface={quoteattr(font)}/>" if font else "") + '<a:buChar char="•"/>'
    else:
        bullet = f'<a:buAutoNum type="arabicPeriod" startAt="{look.bullet.rstrip(".")}"/>'
    runs = []
    for span in inline:
        fill = f'<a:solidFill><a:srgbClr val="{look.colour.lstrip("#")}"/></a:solidFill>' if look.colour else ""
        latin = f"<a:latin typeface={quoteattr(font)}/>" if font else ""
        bold = ' b="1"' if (span.strong or look.bold) else ' b="0"'
        runs.append(f'<a:r><a:rPr lang={quoteattr(language)} sz="{round(look.size * 100)}"{bold} dirty="0">{fill}{latin}</a:rPr>'
                    f"<a:t>{escape(span.text)}</a:t></a:r>")
    return (f'<a:p xmlns:a="{_A}"><a:pPr marL="{indent}" indent="{-indent}" algn="{_ALIGN[look.align]}">'
            f"{spacing}{bullet}</a:pPr>{''.join(runs)}</a:p>")


def _set_paragraphs(text_frame, paragraphs: list[tuple[doc.Inline, _Look]], font: str | None,
                    language: str = "en-US") -> None:
    """Replace the frame's paragraphs with these (links, rare in a deck, go through python-pptx)."""
    body = text_frame._txBody
    for old in body.findall(qn("a:p")):
        body.remove(old)
    for inline, look in paragraphs:
        if any(span.href for span in inline):
            paragraph = text_frame.add_paragraph()
            for span in inline:
                run = paragraph.add_run()
                run.text, run.font.size = span.text, Pt(look.size)
                if span.href:
                    run.hyperlink.address = span.href
            continue
        body.append(parse_xml(_paragraph_xml(inline, look, font, language)))


# Slides ------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, design: Design, info: DeckInfo, geometry: Geometry):
        self.design, self.info, self.g = design, info, geometry

    def colour(self, colour: str) -> str | None:
        """A template design keeps its theme's colours."""
        return colour if self.design.own_look else None

    def title(self, shape, text: str, size: float, box: Box, anchor=MSO_ANCHOR.MIDDLE) -> None:
        _place(shape, box)
        _frame(shape.text_frame, anchor)
        look = _Look(size, self.colour(self.info.branding.primary), bold=True)
        _set_paragraphs(shape.text_frame, [((doc.Span(text),), look)], self.design.font, self.info.language)

    def body(self, shape, slide: layout.Slide) -> None:
        _place(shape, self.g.body)
        _frame(shape.text_frame)
        size, ink = slide.body_size, self.colour(theme.INK)
        paragraphs = [(para.text, _Look(size, ink, before=0 if i == 0 else layout.PARAGRAPH_GAP * size,
                                        bullet=para.bullet)) for i, para in enumerate(slide.paragraphs)]
        _set_paragraphs(shape.text_frame, paragraphs, self.design.font, self.info.language)

    def subtitle(self, shape, slide: layout.Slide) -> None:
        _place(shape, self.g.cover_subtitle)
        _frame(shape.text_frame)
        _set_paragraphs(shape.text_frame, [(slide.subtitle, _Look(slide.body_size, self.colour(theme.INK)))],
                        self.design.font, self.info.language)

    def table(self, pptx_slide, table: layout.SlideTable, size: float) -> None:
        rows, cols = len(table.rows) + 1, len(table.header)
        box = self.g.body
        shape = pptx_slide.shapes.add_table(rows, cols, _emu(box.left), _emu(box.top),
                                            _emu(sum(table.column_widths)), _emu(sum(table.row_heights)))
        grid = shape.table
        grid.first_row, grid.horz_banding = True, self.design.template is not None
        for c, width in enumerate(table.column_widths):
            grid.columns[c].width = _emu(width)
        for r, height in enumerate(table.row_heights):
            grid.rows[r].height = _emu(height)
        for r, cells in enumerate((table.header,) + table.rows):
            fill = self.info.branding.primary if r == 0 else ("#FFFFFF" if r % 2 else "#EEF3F5")
            look = _Look(size, self.colour("#FFFFFF" if r == 0 else theme.INK), bold=r == 0)
            for c, inline in enumerate(cells):
                cell = grid.cell(r, c)
                _cell_properties(cell, fill if self.design.own_look else None)
                _set_paragraphs(cell.text_frame, [(inline, look)], self.design.font, self.info.language)

    def text_box(self, pptx_slide, box: Box, text: str, size: float, align=PP_ALIGN.LEFT) -> None:
        shape = pptx_slide.shapes.add_textbox(_emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height))
        _frame(shape.text_frame, MSO_ANCHOR.MIDDLE)
        look = _Look(size, self.colour(theme.MUTED), align=align, exact_spacing=False)
        _set_paragraphs(shape.text_frame, [((doc.Span(text),), look)], self.design.font, self.info.language)

    def band(self, pptx_slide, box: Box) -> None:
        """A plain colour band (no text over it), in kethandout's own design only."""
        if not self.design.own_look:
            return
        shape = pptx_slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _emu(box.left), _emu(box.top), _emu(box.width),
                                            _emu(box.height))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(self.info.branding.primary)
        shape.line.fill.background()
        shape.shadow.inherit = False

    def logo(self, pptx_slide) -> None:
        """The clinic's logo on the cover, where the layout made room for it, with alt text."""
        brand, box = self.info.branding, self.g.logo
        if not brand.logo or box is None:
            return
        picture = pptx_slide.shapes.add_picture(brand.logo, _emu(box.left), _emu(box.top), _emu(box.width),
                                                _emu(box.height))
        picture._element._nvXxPr.cNvPr.set("descr", f"{brand.clinic_name} logo")  # not the file name


def _place(shape, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = _emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height)


def _frame(text_frame, anchor=MSO_ANCHOR.TOP) -> None:
    """Fixed insets and no autofit: the layout step already made the text fit."""
    text_frame.word_wrap = True
    text_frame.auto_size = MSO_AUTO_SIZE.NONE
    text_frame.vertical_anchor = anchor
    text_frame.margin_left = text_frame.margin_right = _emu(layout.INSET_X)
    text_frame.margin_top = text_frame.margin_bottom = _emu(layout.INSET_Y)


def _cell_properties(cell, fill: str | None) -> None:
    """Margins as measured, text at the top, and the fill (None: the table style's)."""
    margins = (f'marL="{_emu(layout.CELL_MARGIN_X)}" marR="{_emu(layout.CELL_MARGIN_X)}" '
               f'marT="{_emu(layout.CELL_MARGIN_Y)}" marB="{_emu(layout.CELL_MARGIN_Y)}"')
    fill_xml = f'<a:solidFill><a:srgbClr val="{fill.lstrip("#")}"/></a:solidFill>' if fill else ""
    tc = cell._tc
    for old in tc.findall(qn("a:tcPr")):
        tc.remove(old)
    tc.append(parse_xml(f'<a:tcPr xmlns:a="{_A}" {margins} anchor="t">{fill_xml}</a:tcPr>'))


def render_deck(deck: layout.Deck, info: DeckInfo, design: Design | None = None) -> bytes:
    design = design or open_design(None)
    prs = _presentation(design)
    layouts = _choose_layouts(prs)
    writer, g = _Writer(design, info, deck.geometry), deck.geometry  # the layout's geometry, logo room included
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, start=1):
        if slide.kind == "title":
            pptx_slide = prs.slides.add_slide(layouts["cover"])
            writer.band(pptx_slide, Box(0, 0, 0.35 * layout.INCH, g.slide_height))
            writer.title(_placeholder(pptx_slide, (CENTER_TITLE, TITLE)), slide.title, slide.title_size,
                         g.cover_title, MSO_ANCHOR.BOTTOM)
            writer.subtitle(_placeholder(pptx_slide, (SUBTITLE,) + BODY_TYPES), slide)
            writer.logo(pptx_slide)
        else:
            pptx_slide = prs.slides.add_slide(layouts["title_only"] if slide.table else layouts["content"])
            writer.band(pptx_slide, Box(0, 0, g.slide_width, 0.12 * layout.INCH))
            writer.title(pptx_slide.shapes.title, slide.title, slide.title_size, g.title)
            body = _placeholder(pptx_slide, BODY_TYPES)
            if slide.table:
                writer.table(pptx_slide, slide.table, slide.body_size)
                if body is not None:  # a template without a title-only layout: drop the empty body
                    body._element.getparent().remove(body._element)
            else:
                writer.body(body, slide)
        writer.text_box(pptx_slide, g.footer, info.footer, theme.DECK_SMALL_SIZE)
        writer.text_box(pptx_slide, g.number, f"{number} / {total}", theme.DECK_SMALL_SIZE, PP_ALIGN.RIGHT)
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
    props.created = props.modified = props.last_printed = stamp


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry times: python-pptx stamps the current time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()
