"""Deck model -> PPTX. Places what deck/slides.py decided; measures nothing. python-pptx
opens the design and writes the package; each slide's shapes are written as DrawingML.

A design is either kethandout's own (python-pptx's default template widened to 16:9, Arial,
brand colours) or a user's PowerPoint template, whose layouts, theme fonts and colours are kept.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from pptx.dml.color import RGBColor
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart

from kethandout.compose import doc
from kethandout.deck import slides as layout
from kethandout.deck.measure import save_widths, text_width, wrap
from kethandout.deck.slides import Box, Geometry
from kethandout.errors import Diagnostic, InputError
from kethandout.style import theme
from kethandout.style.fonts import ARIAL_METRICS, DECK_FONT, metrics_for
from kethandout.style.theme import DeckInfo

EMU_PER_PT = 12700
_DOS_1980 = (0, 1 << 5 | 1)  # 00:00:00 and 1980-01-01, as a zip entry stores its time and date
_FOOTER_ROOM = 0.45 * layout.INCH  # kept free under the body for the footer line
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # the extension that marks a shape decorative

# Placeholder types as the XML names them (<p:ph type="...">; no type means "obj").
TITLE, CENTER_TITLE, SUBTITLE = "title", "ctrTitle", "subTitle"
FOOTER, SLIDE_NUMBER, DATE = "ftr", "sldNum", "dt"
BODY_TYPES = ("obj", "body")


@dataclass(frozen=True)
class Design:
    template: Path | None  # None: kethandout's own design
    geometry: Geometry
    font: str | None  # named on every run; None keeps the template's theme fonts
    warnings: tuple[str, ...] = ()  # what the deck does differently from the template's layouts
    own_footer: bool = False  # the template has footer and slide-number placeholders: they are filled
    numbers_itself: bool = False  # the master or layout prints the slide number as a plain text field
    master: int = 0  # the slide master whose layouts the slides use
    title_colour: str | None = None  # set on the titles, where the template keeps it out of PowerPoint's sight

    @property
    def own_look(self) -> bool:
        """Draw kethandout's bands and colours (a user's template brings its own)."""
        return self.template is None


def _emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def _pt(emu: int) -> float:
    return emu / EMU_PER_PT


# Designs -----------------------------------------------------------------------------------


def open_design(template: Path | None) -> Design:
    """Kethandout's design, or the geometry and fonts of a user's template (InputError if unusable)."""
    if template is None:
        return Design(None, layout.DEFAULT_GEOMETRY, DECK_FONT)
    prs = _open_template(template)
    if not (prs.slide_width and prs.slide_height and prs.slide_width > 0 and prs.slide_height > 0):
        raise _unusable(template, "its slide size is zero")
    width, height = _pt(prs.slide_width), _pt(prs.slide_height)
    frame = _content_frame(prs, template, width, height)
    title, body, warnings = frame.title, frame.body, ()
    if _cramped(body, width):
        # the title keeps its place, with room for two lines and no more
        title = Box(title.left, title.top, title.width,
                    min(title.height, 2 * theme.DECK_TITLE_SIZE * theme.DECK_LINE_SPACING + 2 * layout.INSET_Y))
        free = _free_area(title, body, frame.band_top)
        warnings = (f"{frame.too_small} the deck sets its text in the free area under the title "
                    f"({free.width / 72:.1f} x {free.height / 72:.1f} in)",)
        body = free
    elif frame.too_small:
        warnings = (f"{frame.too_small} the deck sets its title and text where the template's slide master "
                    f"{frame.master + 1} puts them (a body of {body.width / 72:.1f} x {body.height / 72:.1f} in)",)
    layouts = _choose_layouts(prs, template, frame.master)
    margin = 0.5 * layout.INCH
    cover = layouts["cover"]
    cover_title = _on_slide(_box(_placeholder(cover, (CENTER_TITLE, TITLE)), template, "the title layout's title"),
                            width, height, Box(margin, height * 0.3, width - 2 * margin, height * 0.25))
    cover_subtitle = _on_slide(_box(_placeholder(cover, (SUBTITLE,) + BODY_TYPES), template,
                                    "the title layout's subtitle"), width, height,
                               Box(margin, height * 0.58, width - 2 * margin, height * 0.2))
    if frame.own_footer:
        footer, number = frame.furniture[FOOTER], frame.furniture.get(SLIDE_NUMBER, frame.printed_number)
    else:
        footer_top = height - _FOOTER_ROOM + 0.05 * layout.INCH
        footer = Box(body.left, footer_top, body.width * 0.75, 0.35 * layout.INCH)
        number = Box(body.left + body.width * 0.75, footer_top, body.width * 0.25, 0.35 * layout.INCH)
    major, minor = _theme_fonts(prs.slide_masters[frame.master])  # the fonts the slides are shown in
    title_metrics, body_metrics = metrics_for(major), metrics_for(minor)
    font = None
    if title_metrics is None or body_metrics is None:  # cannot measure the theme font: name Arial instead
        title_metrics = body_metrics = ARIAL_METRICS
        font = DECK_FONT
    geometry = Geometry(width, height, title, body, cover_title, cover_subtitle, footer, number,
                        title_metrics, body_metrics, title_floor=_title_floor(layouts["content"], title, body))
    warnings += _short_titles(geometry, layouts["content"].name)
    return Design(template, geometry, font, warnings, frame.own_footer, frame.printed_number is not None,
                  frame.master, frame.title_colour)


TYPICAL_TITLE = "Contraindications and cautions"  # a section title of the default deck, 30 characters


def _short_titles(geometry: Geometry, name: str) -> tuple[str, ...]:
    """A warning when the title box, even widened, cannot hold a usual section title at the
    smallest size: most titles would be shortened."""
    box = geometry.wide_title
    if layout.title_fits(TYPICAL_TITLE, box, geometry.title_metrics):
        return ()
    return (f"the layout '{name}' has a title box of {box.width / 72:.1f} x {box.height / 72:.1f} in: at "
            f"{theme.DECK_TITLE_MIN:g} pt most titles do not fit it and are shortened (each whole title opens "
            "its slide's notes)",)


@dataclass(frozen=True)
class _Frame:
    """Where a content layout, or its slide master, puts a slide's title and body; the body
    already kept clear of the footer band."""

    master: int  # the index of the slide master whose layouts the slides use
    layout_name: str
    title: Box
    body: Box
    band_top: float  # the top of the footer band
    furniture: dict  # {FOOTER/SLIDE_NUMBER/DATE: box} of the layout's own placeholders
    printed_number: Box | None
    own_footer: bool
    too_small: str = ""  # what was wrong with the layout's body, when the master's boxes are used
    title_colour: str | None = None


def _content_frame(prs, template: Path, width: float, height: float) -> _Frame:
    """The first master's content layout; where its body is too small, the master's own title
    and body boxes, and then the next masters'. LibreOffice saves every layout of a template
    with several masters with the last master's boxes: the design of each is in the master
    itself (Midnightblue's content layout puts its title mid-slide, its master at the top)."""
    first = None
    for index, master in enumerate(prs.slide_masters):
        layouts = _layouts_of(master.slide_layouts)
        if layouts is None:
            continue
        content = layouts["content"]
        band = _footer_band(content, width, height)
        frame = _frame(index, content, content, band, template, width, height)
        first = first or frame
        if not _cramped(frame.body, width):
            return frame
        mastered = _frame(index, content, master, band, template, width, height)
        if mastered is not None and not _cramped(mastered.body, width):
            return replace(mastered, too_small=_too_small(first))
    if first is None:
        _choose_layouts(prs, template)  # which says that no layout has a title and a body
    return replace(first, too_small=_too_small(first))


def _too_small(frame: _Frame) -> str:
    return (f"the layout '{frame.layout_name}' has a body box of {frame.body.width / 72:.1f} x {frame.body.height / 72:.1f} in, "
            f"too small for {MIN_BODY_LINES} lines at {theme.DECK_BODY_MIN:g} pt across the slide:")


def _footer_band(content, width: float, height: float) -> tuple[dict, Box | None, bool, float]:
    """The content layout's footer placeholders {FOOTER/SLIDE_NUMBER/DATE: box}, a slide
    number its master prints as a plain text field, whether the deck fills the template's own
    footer, and the top of the band the body stays above."""
    # The template's own footer and slide-number placeholders, where it has them: the deck
    # writes into them rather than drawing a second footer over them, and keeps the body above.
    furniture = {kind: box for kind in (FOOTER, SLIDE_NUMBER, DATE)
                 if (box := _optional_box(_placeholder(content, (kind,)))) is not None
                 and _inside(box, width, height) and box.height >= 0.25 * layout.INCH}
    # A slide number printed by the master as a plain text field: the deck draws no second one,
    # and the body stays clear of it.
    printed_number = _printed_slide_number(content, width, height)
    own_footer = FOOTER in furniture and (SLIDE_NUMBER in furniture or printed_number is not None)
    band_top = min(box.top for box in furniture.values()) - 0.05 * layout.INCH if own_footer else height - _FOOTER_ROOM
    if printed_number is not None:
        band_top = min(band_top, printed_number.top - 0.05 * layout.INCH)
    return furniture, printed_number, own_footer, band_top


def _frame(master: int, content, owner, band: tuple, template: Path, width: float, height: float) -> _Frame | None:
    """The title and body boxes of `owner` (the content layout or its master; None when the
    master has no usable boxes), the body kept above the content layout's footer band."""
    margin = 0.5 * layout.INCH
    title_shape, body_shape = _placeholder(owner, (TITLE,)), _placeholder(owner, BODY_TYPES)
    if owner is content:
        title, body = (_box(title_shape, template, "the content layout's title"),
                       _box(body_shape, template, "the content layout's body"))
    else:
        title, body = _optional_box(title_shape), _optional_box(body_shape)
        if title is None or body is None or _on_slide(title, width, height, None) is None \
                or _on_slide(body, width, height, None) is None or _overlap(title, body):
            return None
    # Boxes partly off the slide are cut to it; one left too small takes kethandout's place for it.
    title = _on_slide(title, width, height, Box(margin, 0.3 * layout.INCH, width - 2 * margin, 1.1 * layout.INCH))
    body = _on_slide(body, width, height,
                     Box(margin, title.top + title.height + 0.1 * layout.INCH, width - 2 * margin,
                         height - _FOOTER_ROOM - title.top - title.height - 0.1 * layout.INCH))
    furniture, printed_number, own_footer, band_top = band
    body = Box(body.left, body.top, body.width, min(body.height, band_top - body.top))
    colour = _sample_colour(title_shape) if owner is not content else None
    return _Frame(master, content.name, title, body, band_top, furniture, printed_number, own_footer, title_colour=colour)


def _title_floor(content_layout, title: Box, body: Box) -> float | None:
    """The bottom of a band the title sits on: a shape of the layout or its master behind at
    least half the title that ends above the body (Midnightblue's dark band). A widened title
    stays on it."""
    bottoms = []
    for owner in (content_layout, content_layout.slide_master):
        for shape in owner.shapes:
            box = None if shape.is_placeholder else _optional_box(shape)
            under = box is not None and min(box.left + box.width, title.left + title.width) - max(box.left, title.left)
            if under and under >= 0.5 * title.width and box.top <= title.top + 1 \
                    and title.top + 0.5 * title.height <= box.bottom < body.top:
                bottoms.append(box.bottom)
    return min(bottoms, default=None)


def _overlap(a: Box, b: Box) -> bool:
    """The boxes share more than a sliver (a title drawn over the body's text)."""
    across = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    down = min(a.bottom, b.bottom) - max(a.top, b.top)
    return across > 0.1 * layout.INCH and down > 0.1 * layout.INCH


def _sample_colour(shape) -> str | None:
    """The colour of a master placeholder's sample text ("#FFFFFF"): LibreOffice keeps its
    masters' text colours only there, where PowerPoint does not look (a white title on a dark
    band would show black)."""
    found = shape._element.find(f".//{{{_A}}}rPr/{{{_A}}}solidFill/{{{_A}}}srgbClr")
    return f"#{found.get('val').upper()}" if found is not None and re.fullmatch(r"[0-9A-Fa-f]{6}", found.get("val", "")) \
        else None


MIN_BODY_LINES = theme.DECK_MAX_BODY_LINES  # a body box that holds fewer at the smallest size is too small


def _cramped(body: Box, slide_width: float) -> bool:
    """Too short for six lines at the minimum size, or narrower than three fifths of the slide
    (a picture beside it): the deck would run to twice its slides."""
    short = body.height - 2 * layout.INSET_Y < MIN_BODY_LINES * theme.DECK_BODY_MIN * theme.DECK_LINE_SPACING
    return short or body.width < 0.6 * slide_width


def _printed_slide_number(content_layout, width: float, height: float) -> Box | None:
    """Where the layout or its master prints the slide number outside any placeholder (a text
    box holding a slide-number field, as some of LibreOffice's gallery templates do)."""
    for owner in (content_layout, content_layout.slide_master):
        for shape in owner.shapes:
            if shape.is_placeholder or not shape.has_text_frame:
                continue
            fields = shape.text_frame._txBody.iter(qn("a:fld"))
            box = _optional_box(shape)
            if box is not None and _inside(box, width, height) and any(f.get("type") == "slidenum" for f in fields):
                return box
    return None


def _free_area(title: Box, body: Box, band_top: float) -> Box:
    """The area between the title and the footer band, as wide as the title or the body."""
    left = min(title.left, body.left)
    right = max(title.left + title.width, body.left + body.width)
    top = title.top + title.height + 0.1 * layout.INCH
    return Box(left, top, right - left, band_top - top)


def design_warnings(template: Path, design: Design | None = None) -> list[Diagnostic]:
    """What a build must say about a template (once, naming the layout); design: the
    template's, when it is already open."""
    return [Diagnostic("warning", "small-body", message, str(template))
            for message in (design or open_design(template)).warnings]


MAX_PART_BYTES = 64_000_000  # one part of a template, unpacked (a large picture)
MAX_TEMPLATE_BYTES = 256_000_000  # all of them


def _unusable(path: Path, why: str) -> InputError:
    return InputError([Diagnostic("error", "bad-deck-template", f"cannot use the deck template: {why}", str(path))])


def _open_template(path: Path):
    """The template, once its parts are known to unpack to a sane size (a zip bomb would
    otherwise fill the memory)."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError([Diagnostic("error", "bad-deck-template",
                                     f"cannot open the deck template as PowerPoint (.pptx): {exc}", str(path))])
    big = next((part for part in parts if part.file_size > MAX_PART_BYTES), None)
    if big is not None:
        raise _unusable(path, f"its part {big.filename} unpacks to {big.file_size:,} bytes; the limit is "
                              f"{MAX_PART_BYTES:,}")
    if sum(part.file_size for part in parts) > MAX_TEMPLATE_BYTES:
        raise _unusable(path, f"it unpacks to more than {MAX_TEMPLATE_BYTES:,} bytes")
    try:
        return Presentation(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, OSError) as exc:
        raise InputError([Diagnostic("error", "bad-deck-template",
                                     f"cannot open the deck template as PowerPoint (.pptx): {exc}", str(path))])


def _types(slide_layout) -> set[str]:
    """Placeholder types of a layout ("title", "obj", ...), footers aside; vertical-text
    layouts count as unusable."""
    phs = list(slide_layout._element.iter(qn("p:ph")))
    if any(ph.get("orient") == "vert" for ph in phs):
        return set()
    return {_kind(ph) for ph in phs} - {"dt", "ftr", "sldNum"}


def _layouts_of(slide_layouts) -> dict | None:
    """One master's layouts found by what they hold, not by name: programs name them
    differently ("Title and Content", "Title, Content"). None when it has no content layout."""
    types = [(lay, _types(lay)) for lay in slide_layouts]

    def with_types(*choices: set) -> list:
        """Layouts matching the first choice that any layout matches."""
        for wanted in choices:
            found = [lay for lay, kinds in types if kinds == wanted]
            if found:
                return found
        return []

    contents = with_types({TITLE, "obj"}, {TITLE, "body"})
    if not contents:
        return None
    content = max(contents, key=lambda lay: _area(_placeholder(lay, BODY_TYPES)))  # not a small section header
    covers = with_types({CENTER_TITLE, SUBTITLE}, {TITLE, SUBTITLE})
    title_only = with_types({TITLE})
    return {"content": content, "cover": covers[0] if covers else None,
            "title_only": title_only[0] if title_only else content}


def _choose_layouts(prs, path: Path | None = None, master: int = 0) -> dict:
    """The layouts of the slides: content and title-only from the chosen master, the cover
    from the first master that has one."""
    chosen = _layouts_of(prs.slide_masters[master].slide_layouts) if master < len(prs.slide_masters) else None
    if chosen is None:
        names = ", ".join(f"'{lay.name}'" for m in prs.slide_masters for lay in m.slide_layouts) or "none"
        raise InputError([Diagnostic(
            "error", "unusable-deck-template",
            f"the template has no layout with a title and one body placeholder (its layouts: {names})",
            str(path or "deck template"), hint="add a 'Title and Content' layout to the template")])
    covers = (_layouts_of(m.slide_layouts) for m in prs.slide_masters)
    cover = next((found["cover"] for found in covers if found and found["cover"] is not None), chosen["content"])
    return {**chosen, "cover": cover}


def _area(shape) -> int:
    return (shape.width or 0) * (shape.height or 0)


def _kind(ph) -> str:
    """The type of a <p:ph> element."""
    return ph.get("type", "obj")


def _placeholder(owner, types: tuple):
    """The python-pptx placeholder of the first of these types (its position inherited)."""
    for wanted in types:
        for ph in owner.placeholders:
            if _kind(ph._element.ph) == wanted:
                return ph
    return None


def _on_slide(box: Box, width: float, height: float, fallback: Box | None) -> Box | None:
    """The part of a box on the slide; the fallback when that is under 1.5 x 0.4 inches."""
    left, top = max(box.left, 0), max(box.top, 0)
    right, bottom = min(box.left + box.width, width), min(box.top + box.height, height)
    if right - left < 1.5 * layout.INCH or bottom - top < 0.4 * layout.INCH:
        return fallback
    return Box(left, top, right - left, bottom - top)


def _inside(box: Box, width: float, height: float) -> bool:
    return box.left >= -0.5 and box.top >= -0.5 and box.left + box.width <= width + 0.5 and \
        box.top + box.height <= height + 0.5


def _optional_box(shape) -> Box | None:
    """A placeholder's box, or None when there is none that makes sense (it is then not used)."""
    values = [getattr(shape, name, None) for name in ("left", "top", "width", "height")] if shape is not None else []
    if not values or any(value is None for value in values) or values[2] <= 0 or values[3] <= 0:
        return None
    return Box(*(_pt(value) for value in values))


def _box(shape, template: Path, what: str) -> Box:
    """A placeholder's position and size; one that has none (or none that makes sense) makes
    the template unusable."""
    box = _optional_box(shape)
    if box is None:
        raise _unusable(template, f"{what} placeholder has no position or size")
    return box


def _theme_fonts(master) -> tuple[str, str]:
    """A slide master's theme's heading (major) and body (minor) Latin fonts."""
    part = master.part.part_related_by(RT.THEME)
    xml = etree.fromstring(part.blob)
    major = xml.xpath("//a:majorFont/a:latin/@typeface", namespaces={"a": _A})
    minor = xml.xpath("//a:minorFont/a:latin/@typeface", namespaces={"a": _A})
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
    for owner in [prs.slide_master, *prs.slide_layouts]:  # XML directly: python-pptx's setters are slow
        for offset in owner._element.iter(qn("a:off")):
            offset.set("x", str(int(int(offset.get("x")) * scale)))
        for extent in owner._element.iter(qn("a:ext")):
            extent.set("cx", str(int(int(extent.get("cx")) * scale)))
    return prs


# Slides as XML -----------------------------------------------------------------------------
# Each slide and its notes are written as one XML string and parsed once: building them
# through python-pptx's shape objects cost about 50 ms a slide and dominated the build time.

_NAMESPACES = (f'xmlns:a="{_A}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
               'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
_TREE_START = ('<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
               '<p:grpSpPr/>')
_TREE_END = "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"
_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.RIGHT: "r", PP_ALIGN.CENTER: "ctr"}
_ANCHOR = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's default, Medium Style 2 - Accent 1


@dataclass(frozen=True)
class _Look:
    size: float
    colour: str | None  # None keeps the theme's colour
    bold: bool = False
    before: float = 0.0  # space before, points
    bullet: str | None = None  # "•", "3." or None
    align: object = PP_ALIGN.LEFT
    exact_spacing: bool = True
    heading: bool = False  # set in the heading font (the theme's major font on a template)


def _dated_workbook(blob: bytes, date: dt.date) -> bytes:
    """The chart's embedded workbook with the deck's date, where XlsxWriter stamps the clock
    into its properties: the same inputs must give the same bytes."""
    stamp = f"{date.isoformat()}T00:00:00Z".encode()
    source, out = zipfile.ZipFile(io.BytesIO(blob)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0)), data,
                            zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _number(cell: doc.Inline) -> float:
    """A chart cell's value ("61", "61.5"); the content validated it as 0-100."""
    return float(doc.plain(cell).strip().rstrip("%"))


def _fill(colour: str | None) -> str:
    """An RGB colour ("#0B4F6C"), a theme colour ("scheme:accent1"), or none (inherited)."""
    if colour and colour.startswith("scheme:"):
        return f'<a:solidFill><a:schemeClr val="{colour.removeprefix("scheme:")}"/></a:solidFill>'
    return f'<a:solidFill><a:srgbClr val="{colour.lstrip("#")}"/></a:solidFill>' if colour else ""


def _xfrm(box: Box, tag: str = "a:xfrm") -> str:
    return (f'<{tag}><a:off x="{_emu(box.left)}" y="{_emu(box.top)}"/>'
            f'<a:ext cx="{_emu(box.width)}" cy="{_emu(box.height)}"/></{tag}>')


def _text_body(paragraphs: str, anchor=MSO_ANCHOR.TOP) -> str:
    """Fixed insets and no autofit: the layout step already made the text fit."""
    x, y = _emu(layout.INSET_X), _emu(layout.INSET_Y)
    return (f'<p:txBody><a:bodyPr wrap="square" lIns="{x}" tIns="{y}" rIns="{x}" bIns="{y}" '
            f'anchor="{_ANCHOR[anchor]}"><a:noAutofit/></a:bodyPr><a:lstStyle/>{paragraphs}</p:txBody>')


class _SlideXml:
    """One slide's shapes as XML text; `link` relates a URL to the slide and gives its rId."""

    def __init__(self, font: str | None, language: str, link):
        self.font, self.language, self.link = font, language, link
        self.shapes: list[str] = []

    def _next(self, kind: str, decorative: bool = False) -> str:
        """A shape's id and name; a decorative one is marked so for PowerPoint's accessibility
        checker and screen readers (Office 2019's "Mark as decorative"), which then skip it."""
        number = len(self.shapes) + 2  # id 1 is the shape tree itself
        if not decorative:
            return f'<p:cNvPr id="{number}" name="{kind} {number - 1}"/>'
        return (f'<p:cNvPr id="{number}" name="{kind} {number - 1}"><a:extLst><a:ext uri="{_DECORATIVE}">'
                f'<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
                "</a:ext></a:extLst></p:cNvPr>")

    def paragraph(self, inline: doc.Inline, look: _Look) -> str:
        # On a template, the theme's fonts are named on every run: they are the fonts the text
        # was measured in, and a master's placeholder may set another.
        typeface = self.font or ("+mj-lt" if look.heading else "+mn-lt")
        indent = _emu(layout.BULLET_INDENT) if look.bullet else 0
        spacing = (f'<a:lnSpc><a:spcPts val="{round(look.size * theme.DECK_LINE_SPACING * 100)}"/></a:lnSpc>'
                   if look.exact_spacing else "")
        spacing += (f'<a:spcBef><a:spcPts val="{round(look.before * 100)}"/></a:spcBef>'
                    '<a:spcAft><a:spcPts val="0"/></a:spcAft>')
        if look.bullet is None:
            bullet = "<a:buNone/>"
        elif look.bullet == "•":
            bullet = f"<a:buFont typeface={quoteattr(typeface)}/>" + '<a:buChar char="•"/>'
        else:
            bullet = f'<a:buAutoNum type="arabicPeriod" startAt="{look.bullet.rstrip(".")}"/>'
        latin = f"<a:latin typeface={quoteattr(typeface)}/>"
        runs = []
        for span in inline:
            bold = ' b="1"' if (span.strong or look.bold) else ' b="0"'
            link = f'<a:hlinkClick r:id="{self.link(span.href)}"/>' if span.href else ""
            runs.append(f'<a:r><a:rPr lang={quoteattr(self.language)} sz="{round(look.size * 100)}"{bold} dirty="0">'
                        f"{_fill(look.colour)}{latin}{link}</a:rPr><a:t>{escape(span.text)}</a:t></a:r>")
        return (f'<a:p><a:pPr marL="{indent}" indent="{-indent}" algn="{_ALIGN[look.align]}">{spacing}{bullet}'
                f"</a:pPr>{''.join(runs)}</a:p>")

    def placeholder(self, ph: str, box: Box, paragraphs: str, anchor=MSO_ANCHOR.TOP) -> None:
        """ph: the layout placeholder's `<p:ph .../>`, so the slide inherits the layout's style."""
        self.shapes.append(f'<p:sp><p:nvSpPr>{self._next("Placeholder")}<p:cNvSpPr><a:spLocks noGrp="1"/>'
                           f'</p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{_xfrm(box)}</p:spPr>'
                           f"{_text_body(paragraphs, anchor)}</p:sp>")

    def inherited_placeholder(self, ph: str, paragraphs: str | None = None) -> None:
        """A placeholder where, and as, its master places it (the notes page's)."""
        text = f"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody>" if paragraphs else ""
        self.shapes.append(f'<p:sp><p:nvSpPr>{self._next("Placeholder")}<p:cNvSpPr><a:spLocks noGrp="1"/>'
                           f"</p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr/>{text}</p:sp>")

    def text_box(self, box: Box, paragraphs: str) -> None:
        self.shapes.append(f'<p:sp><p:nvSpPr>{self._next("TextBox")}<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
                           f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
                           f"</p:spPr>{_text_body(paragraphs, MSO_ANCHOR.MIDDLE)}</p:sp>")

    def shape(self, box: Box, preset: str, paragraphs: str = "", line: str | None = None,
              fill: str | None = None, name: str = "Shape", corner: float | None = None) -> None:
        """A preset shape (roundRect, rightArrow ...), optionally outlined, filled and with text;
        one without text is decoration. corner: a roundRect's corner radius in points (the
        preset's is a share of the shorter side, and moves the text of a narrower box)."""
        outline = (f'<a:ln w="{_emu(1.5)}">{_fill(line)}</a:ln>' if line else "<a:ln><a:noFill/></a:ln>")
        text = _text_body(paragraphs, MSO_ANCHOR.TOP) if paragraphs else ""
        adjust = (f'<a:gd name="adj" fmla="val {round(100000 * corner / min(box.width, box.height))}"/>'
                  if corner else "")
        self.shapes.append(f'<p:sp><p:nvSpPr>{self._next(name, decorative=not paragraphs)}<p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
                           f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="{preset}"><a:avLst>{adjust}</a:avLst></a:prstGeom>'
                           f'{_fill(fill) if fill else "<a:noFill/>"}{outline}</p:spPr>{text}</p:sp>')

    def rectangle(self, box: Box, colour: str) -> None:
        """A plain colour rectangle: decoration."""
        self.shapes.append(f'<p:sp><p:nvSpPr>{self._next("Rectangle", decorative=True)}<p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
                           f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(colour)}'
                           "<a:ln><a:noFill/></a:ln><a:effectLst/></p:spPr></p:sp>")

    def table(self, box: Box, column_widths, row_heights, rows: list[list[tuple[str, str | None]]],
              banded: bool) -> None:
        """rows: (paragraphs XML, fill or None) per cell, header row first."""
        margins = (f'marL="{_emu(layout.CELL_MARGIN_X)}" marR="{_emu(layout.CELL_MARGIN_X)}" '
                   f'marT="{_emu(layout.CELL_MARGIN_Y)}" marB="{_emu(layout.CELL_MARGIN_Y)}"')
        grid = "".join(f'<a:gridCol w="{_emu(w)}"/>' for w in column_widths)
        body = "".join(
            f'<a:tr h="{_emu(height)}">' + "".join(
                f'<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</a:txBody>'
                f'<a:tcPr {margins} anchor="t">{_fill(fill)}</a:tcPr></a:tc>' for paragraphs, fill in cells)
            + "</a:tr>" for height, cells in zip(row_heights, rows))
        extent = Box(box.left, box.top, sum(column_widths), sum(row_heights))
        banding = ' bandRow="1"' if banded else ""
        self.shapes.append(
            f'<p:graphicFrame><p:nvGraphicFramePr>{self._next("Table")}<p:cNvGraphicFramePr>'
            '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
            f'{_xfrm(extent, "p:xfrm")}<a:graphic><a:graphicData uri="{_TABLE_URI}"><a:tbl>'
            f'<a:tblPr firstRow="1"{banding}><a:tableStyleId>{_TABLE_STYLE}'
            f"</a:tableStyleId></a:tblPr><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl></a:graphicData></a:graphic>"
            "</p:graphicFrame>")

    def xml(self, root: str = "p:sld") -> str:
        return f"<{root} {_NAMESPACES}>{_TREE_START}{''.join(self.shapes)}{_TREE_END}</{root}>"


# Layouts and placeholders, read from the XML (python-pptx's placeholder lookups are slow) ----


def _placeholder_elements(owner) -> dict[str, str]:
    """{placeholder type: its `<p:ph .../>` as XML}, first of each type, for a layout or master."""
    found: dict[str, str] = {}
    for ph in owner._element.iter(qn("p:ph")):
        kind = _kind(ph)
        attributes = "".join(f' {name}="{value}"' for name, value in ph.attrib.items() if name != "orient")
        found.setdefault(kind, f"<p:ph{attributes}/>")
    return found


def _ph(placeholders: dict[str, str], kinds: tuple[str, ...]) -> str | None:
    return next((placeholders[kind] for kind in kinds if kind in placeholders), None)


class _Writer:
    """Writes each laid-out slide, and its notes, into the presentation."""

    def __init__(self, prs, design: Design, info: DeckInfo, geometry: Geometry):
        self.prs, self.design, self.info, self.g = prs, design, info, geometry
        layouts = _choose_layouts(prs, master=design.master)
        self.layouts = {name: (lay, _placeholder_elements(lay)) for name, lay in layouts.items()}
        # (the cover may come from another master, which prints its own number or none)
        self.prints_number = {name: design.template is not None and _printed_slide_number(
            lay, geometry.slide_width, geometry.slide_height) is not None for name, lay in layouts.items()}
        self.footer_size = self.fitted_footer_size()
        self.notes_master = prs.part.notes_master_part
        self.notes_placeholders = _placeholder_elements(self.notes_master.notes_master)

    def colour(self, colour: str) -> str | None:
        """A template design keeps its theme's colours."""
        return colour if self.design.own_look else None

    def add(self, slide: layout.Slide, number: int, total: int) -> None:
        kind = "cover" if slide.kind == "title" else ("title_only" if slide.table or slide.chart or slide.steps
                                                      else "content")
        slide_layout, placeholders = self.layouts[kind]
        rid, pptx_slide = self.prs.part.add_slide(slide_layout)
        part = pptx_slide.part
        shapes = _SlideXml(self.design.font, self.info.language,
                           lambda url: part.relate_to(url, RT.HYPERLINK, is_external=True))
        self.draw(shapes, slide, placeholders, number, total, self.prints_number[kind])
        pptx_slide._element.replace(pptx_slide._element.cSld, parse_xml(shapes.xml()).cSld)
        self.prs.slides._sldIdLst.add_sldId(rid)
        if slide.kind == "title":
            self.logo(pptx_slide)
        if slide.chart is not None:
            self.chart(pptx_slide, slide)
        self.notes(part, slide.notes)

    def draw(self, shapes: _SlideXml, slide: layout.Slide, placeholders: dict, number: int, total: int,
             prints_number: bool = False) -> None:
        """prints_number: the slide's layout or master prints the slide number as a text field."""
        g, brand = self.g, self.info.branding
        # (the title colour read from a master is for the titles in the master's place, not the cover's)
        colour = self.colour(brand.primary) or (None if slide.kind == "title" else self.design.title_colour)
        title_look = _Look(slide.title_size, colour, bold=True, heading=True)
        title = shapes.paragraph((doc.Span(slide.title),), title_look)
        # The title is the slide's first shape: screen readers read the shapes in this order.
        if slide.kind == "title":
            shapes.placeholder(_ph(placeholders, (CENTER_TITLE, TITLE)), slide.title_box or g.cover_title, title,
                               MSO_ANCHOR.BOTTOM)
            self.band(shapes, Box(0, 0, 0.35 * layout.INCH, g.slide_height))
            subtitle = shapes.paragraph(slide.subtitle, _Look(slide.body_size, self.colour(theme.INK)))
            shapes.placeholder(_ph(placeholders, (SUBTITLE,) + BODY_TYPES), g.cover_subtitle, subtitle)
        else:
            shapes.placeholder(_ph(placeholders, (TITLE,)), slide.title_box or g.title, title, MSO_ANCHOR.MIDDLE)
            self.band(shapes, Box(0, 0, g.slide_width, 0.12 * layout.INCH))
            if slide.steps:
                self.steps(shapes, slide)
            elif slide.chart is not None:
                pass  # added after the slide's shapes (self.chart): no empty body placeholder under it
            elif slide.table:  # a template without a title-only layout: its body placeholder is left out
                self.table(shapes, slide.table, slide.body_size)
            else:
                ink = self.colour(theme.INK)
                body = "".join(shapes.paragraph(para.text, _Look(
                    slide.body_size, ink, before=0 if i == 0 else layout.PARAGRAPH_GAP * slide.body_size,
                    bullet=para.bullet)) for i, para in enumerate(slide.paragraphs))
                shapes.placeholder(_ph(placeholders, BODY_TYPES), g.body, body)
        small = _Look(self.footer_size, self.colour(theme.MUTED), exact_spacing=False)
        footer = shapes.paragraph(self.footer_spans(), small)
        page = shapes.paragraph((doc.Span(f"{number} / {total}"),), replace(small, align=PP_ALIGN.RIGHT))
        own_number = _ph(placeholders, (SLIDE_NUMBER,)) or prints_number
        if self.design.own_footer and _ph(placeholders, (FOOTER,)) and own_number:
            shapes.inherited_placeholder(_ph(placeholders, (FOOTER,)), footer)
            if _ph(placeholders, (SLIDE_NUMBER,)):
                shapes.inherited_placeholder(_ph(placeholders, (SLIDE_NUMBER,)), page)
        else:
            shapes.text_box(g.footer, footer)
            if not prints_number:
                shapes.text_box(g.number, page)

    def footer_spans(self) -> doc.Inline:
        """The footer; for content nobody approved it starts with the DRAFT notice, in bold."""
        if not self.info.draft:
            return (doc.Span(self.info.footer),)
        return doc.Span(self.info.draft, strong=True), doc.Span(f"  ·  {self.info.footer}")

    def fitted_footer_size(self) -> float:
        """The footer's size: it fits its box (a template's footer placeholder can be narrower
        than the footer is long), on one line if it can, and no smaller than 8 pt."""
        box = self.g.footer
        room = (box.width - 2 * layout.INSET_X) * layout.SAFETY
        sizes = (theme.DECK_SMALL_SIZE, 11, 10, 9, 8)
        for size in sizes:
            if text_width(doc.plain(self.footer_spans()), size, bool(self.info.draft), self.g.body_metrics) <= room:
                return size
        for size in sizes:  # two lines or more, where the box is tall enough
            lines = len(wrap(self.footer_spans(), room, size, self.g.body_metrics))
            if lines * size * theme.DECK_LINE_SPACING <= box.height - 2 * layout.INSET_Y:
                return size
        return 8

    def steps(self, shapes: _SlideXml, slide: layout.Slide) -> None:
        """A step diagram of native shapes: a box of real text per step, an arrow to the next;
        in the template's colours when there is one (its accent through the primary colour)."""
        primary, ink = self.colour(self.info.branding.primary) or "scheme:accent1", self.colour(theme.INK)
        boxes = layout.step_boxes(self.g.body, slide.steps_widths, slide.steps_height)
        corner = min(min(box.width, box.height) for box in boxes) / 6  # the preset's, of the narrowest
        for i, (box, item) in enumerate(zip(boxes, slide.steps)):
            title, rest = doc.bold_lead(item)
            text = shapes.paragraph((doc.Span(title),), _Look(slide.body_size, primary, bold=True)) if title else ""
            words = doc.Span(doc.plain(tuple(s for s in rest if not s.icon)).strip())
            text += shapes.paragraph((words,),
                                     _Look(slide.body_size, ink, before=0.2 * slide.body_size))
            shapes.shape(box, "roundRect", text, line=primary, name=f"Step {i + 1}", corner=corner)
            if i < len(boxes) - 1:
                size = layout.STEP_GAP * 0.6
                arrow = Box(box.left + box.width + (layout.STEP_GAP - size) / 2, box.top + box.height / 2 - size / 2,
                            size, size)
                shapes.shape(arrow, "rightArrow", fill=primary, name="Arrow")

    def chart(self, pptx_slide, slide: layout.Slide) -> None:
        """A native, editable bar chart (a trainer restyles it in PowerPoint): one category per
        row, one series per further column, values labelled, text at 18 pt, and its data as
        alt text (and, from the template, in the notes)."""
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_LABEL_POSITION
        from pptx.util import Pt

        table = slide.chart
        data = CategoryChartData(number_format='0"%"')
        data.categories = [doc.plain(row[0]) for row in table.rows]
        for column, name in enumerate(table.header[1:], start=1):
            data.add_series(doc.plain(name), [_number(row[column]) for row in table.rows])
        box = self.g.body
        frame = pptx_slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, _emu(box.left), _emu(box.top),
                                            _emu(box.width), _emu(box.height), data)
        chart = frame.chart
        chart.font.size = Pt(theme.DECK_CHART_SIZE)
        if self.design.font:
            chart.font.name = self.design.font
        chart.has_legend = len(table.header) > 2
        if chart.has_legend:
            chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        chart.value_axis.maximum_scale, chart.value_axis.minimum_scale = 100, 0
        chart.value_axis.has_major_gridlines = False
        chart.category_axis.reverse_order = True  # the first row on top, as in the table
        plot = chart.plots[0]
        plot.gap_width = round(100 * layout.CHART_GAP)  # the layout chose the rows for bars this thick
        plot.has_data_labels = True
        plot.data_labels.number_format, plot.data_labels.number_format_is_linked = '0"%"', False
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        if self.design.own_look:
            for series, colour in zip(plot.series, (self.info.branding.primary, "#7FA7BA")):
                series.format.fill.solid()
                series.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
        rows = "; ".join(f"{doc.plain(row[0])}: " + ", ".join(
            f"{doc.plain(name)} {doc.plain(cell)}" for name, cell in zip(table.header[1:], row[1:])) for row in table.rows)
        frame._element.nvGraphicFramePr.cNvPr.set("descr", f"{slide.title}. {rows}")
        workbook = chart.part.chart_workbook.xlsx_part
        workbook._blob = _dated_workbook(workbook.blob, self.info.date)

    def band(self, shapes: _SlideXml, box: Box) -> None:
        """A plain colour band (no text over it), in kethandout's own design only."""
        if self.design.own_look:
            shapes.rectangle(box, self.info.branding.primary)

    def table(self, shapes: _SlideXml, table: layout.SlideTable, size: float) -> None:
        own = self.design.own_look
        rows = []
        for r, cells in enumerate((table.header,) + table.rows):
            fill = self.info.branding.primary if r == 0 else ("#FFFFFF" if r % 2 else "#EEF3F5")
            look = _Look(size, self.colour("#FFFFFF" if r == 0 else theme.INK), bold=r == 0)
            rows.append([(shapes.paragraph(inline, look), fill if own else None) for inline in cells])
        shapes.table(self.g.body, table.column_widths, table.row_heights, rows, banded=not own)

    def logo(self, pptx_slide) -> None:
        """The clinic's logo on the cover, where the layout made room for it, with alt text."""
        brand, box = self.info.branding, self.g.logo
        if not brand.logo or box is None:
            return
        picture = pptx_slide.shapes.add_picture(brand.logo, _emu(box.left), _emu(box.top), _emu(box.width),
                                                _emu(box.height))
        picture._element._nvXxPr.cNvPr.set("descr", f"{brand.clinic_name} logo")  # not the file name

    def notes(self, slide_part, text: str) -> None:
        """The speaker notes, with the notes master's slide image and body placeholders."""
        notes = _SlideXml(None, self.info.language, None)
        lines = "".join(f"<a:p><a:r><a:rPr lang={quoteattr(self.info.language)} dirty=\"0\"/><a:t>{escape(line)}"
                        "</a:t></a:r></a:p>" for line in text.split("\n"))
        for kind, body in (("sldImg", None), ("body", lines), ("sldNum", None)):
            if kind in self.notes_placeholders:
                notes.inherited_placeholder(self.notes_placeholders[kind], body)
        part = NotesSlidePart._add_notes_slide_part(slide_part.package, slide_part, self.notes_master)
        part._element = parse_xml(notes.xml("p:notes"))
        slide_part.relate_to(part, RT.NOTES_SLIDE)


def render_slides(blocks: tuple[doc.Block, ...], info: DeckInfo, template: Path | None = None,
                  logo_aspect: float | None = None) -> bytes:
    """Blocks -> slides -> PPTX bytes, in the design of `template` (None: kethandout's own);
    logo_aspect: the clinic logo's width / height, which the cover makes room for."""
    design = open_design(template)
    geometry = design.geometry if logo_aspect is None else design.geometry.with_logo(logo_aspect)
    deck = layout.layout_deck(blocks, geometry, continued=info.continued, continued_note=info.continued_note,
                              continued_part=info.continued_part)
    pptx = render_deck(deck, info, design)  # which measures the footer
    save_widths()
    return pptx


def render_deck(deck: layout.Deck, info: DeckInfo, design: Design | None = None) -> bytes:
    design = design or open_design(None)
    prs = _presentation(design)
    writer = _Writer(prs, design, info, deck.geometry)  # the layout's geometry, logo room included
    for number, slide in enumerate(deck.slides, start=1):
        writer.add(slide, number, len(deck.slides))
    _set_properties(prs, info)
    buffer = io.BytesIO()
    prs.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _set_properties(prs, info: DeckInfo) -> None:
    props = prs.core_properties
    stamp = dt.datetime.combine(info.date, dt.time(12, 0))
    def short(text: str) -> str:  # the document properties hold at most 255 characters
        return text if len(text) <= 255 else text[:254] + "…"

    props.title, props.author, props.subject = short(info.title), short(info.author), short(info.subject)
    props.language, props.last_modified_by, props.revision = short(info.language), short(info.author), 1
    props.created = props.modified = props.last_printed = stamp


def _fixed_zip(data: bytes) -> bytes:
    """Every entry stamped 1980-01-01 00:00, where python-pptx stamps the current time.

    The stamps are set in place, in each entry's local header and in the central directory
    (the zip format's fixed offsets): writing the package again, compressing it a second
    time, took 20 ms."""
    out = bytearray(data)
    end = data.rindex(b"PK\x05\x06")  # end of central directory (python-pptx adds no comment)
    count, _, position = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        name, extra, comment = struct.unpack_from("<HHH", data, position + 28)
        (local,) = struct.unpack_from("<I", data, position + 42)
        struct.pack_into("<HH", out, position + 12, *_DOS_1980)
        struct.pack_into("<HH", out, local + 10, *_DOS_1980)
        position += 46 + name + extra + comment
    return bytes(out)
