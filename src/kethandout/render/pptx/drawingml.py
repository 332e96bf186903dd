"""A slide's shapes written as DrawingML text, parsed once (python-pptx's shape objects cost
about 50 ms a slide)."""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

from kethandout.compose import doc
from kethandout.locale import right_to_left
from kethandout.deck.geometry import (
    BULLET_INDENT,
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    DRAWINGML_NS,
    INSET_X,
    INSET_Y,
    Box,
    emu,
)
from kethandout.style import theme

_DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # the extension that marks a shape decorative


# Slides as XML -----------------------------------------------------------------------------
# Each slide and its notes are written as one XML string and parsed once: building them
# through python-pptx's shape objects cost about 50 ms a slide and dominated the build time.

_NAMESPACES = (f'xmlns:a="{DRAWINGML_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
               'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')


_TREE_START = ('<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
               '<p:grpSpPr/>')


_TREE_END = "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"


_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.RIGHT: "r", PP_ALIGN.CENTER: "ctr"}


_ANCHOR = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}


_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"


_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's default, Medium Style 2 - Accent 1


@dataclass(frozen=True)
class Look:
    size: float
    colour: str | None  # None keeps the theme's colour
    bold: bool = False
    before: float = 0.0  # space before, points
    bullet: str | None = None  # "•", "3." or None
    align: object = PP_ALIGN.LEFT
    exact_spacing: bool = True
    heading: bool = False  # set in the heading font (the theme's major font on a template)


def _fill(colour: str | None) -> str:
    """An RGB colour ("#0B4F6C"), a theme colour ("scheme:accent1"), or none (inherited)."""
    if colour and colour.startswith("scheme:"):
        return f'<a:solidFill><a:schemeClr val="{colour.removeprefix("scheme:")}"/></a:solidFill>'
    return f'<a:solidFill><a:srgbClr val="{colour.lstrip("#")}"/></a:solidFill>' if colour else ""


def _panel(panel: bool) -> str:
    """A nearly opaque white ground behind text that no colour reads on (a busy picture)."""
    return '<a:solidFill><a:srgbClr val="FFFFFF"><a:alpha val="92000"/></a:srgbClr></a:solidFill>' if panel else ""


def _xfrm(box: Box, tag: str = "a:xfrm") -> str:
    return (f'<{tag}><a:off x="{emu(box.left)}" y="{emu(box.top)}"/>'
            f'<a:ext cx="{emu(box.width)}" cy="{emu(box.height)}"/></{tag}>')


def _text_body(paragraphs: str, anchor=MSO_ANCHOR.TOP, top: float = 0.0) -> str:
    """Fixed insets and no autofit: the layout step already made the text fit. top: room kept
    above the text (a pictogram's)."""
    x, y = emu(INSET_X), emu(INSET_Y)
    return (f'<p:txBody><a:bodyPr wrap="square" lIns="{x}" tIns="{y + emu(top)}" rIns="{x}" bIns="{y}" '
            f'anchor="{_ANCHOR[anchor]}"><a:noAutofit/></a:bodyPr><a:lstStyle/>{paragraphs}</p:txBody>')


class SlideXml:
    """One slide's shapes as XML text; `link` relates a URL to the slide and gives its rId."""

    def __init__(self, font: str | None, language: str, link):
        self.font, self.language, self.link = font, language, link
        self.rtl = right_to_left(language)
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

    def paragraph(self, inline: doc.Inline, look: Look) -> str:
        # On a template, the theme's fonts are named on every run: they are the fonts the text
        # was measured in, and a master's placeholder may set another.
        typeface = self.font or ("+mj-lt" if look.heading else "+mn-lt")
        indent = emu(BULLET_INDENT) if look.bullet is not None else 0
        spacing = (f'<a:lnSpc><a:spcPts val="{round(look.size * theme.DECK_LINE_SPACING * 100)}"/></a:lnSpc>'
                   if look.exact_spacing else "")
        spacing += (f'<a:spcBef><a:spcPts val="{round(look.before * 100)}"/></a:spcBef>'
                    '<a:spcAft><a:spcPts val="0"/></a:spcAft>')
        if not look.bullet:  # none, or a pictogram in its place
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
        hanging = -indent if look.bullet else 0  # a pictogram drawn in the bullet's place: every line indented
        # The direction of the deck's language on every paragraph: a right-to-left master sets
        # English from the right otherwise (".Explain how", "[3 ,2 ,1]").
        align = _ALIGN[look.align] if not self.rtl else {"l": "r", "r": "l"}.get(_ALIGN[look.align], "ctr")
        return (f'<a:p><a:pPr marL="{indent}" indent="{hanging}" algn="{align}" rtl="{int(self.rtl)}">'
                f'{spacing}{bullet}'
                f"</a:pPr>{''.join(runs)}</a:p>")

    def placeholder(self, ph: str, box: Box, paragraphs: str, anchor=MSO_ANCHOR.TOP, panel: bool = False) -> None:
        """ph: the layout placeholder's `<p:ph .../>`, so the slide inherits the layout's style.
        panel: a pale ground of its own, where no text colour reads on the template's picture."""
        self.shapes.append(f'<p:sp><p:nvSpPr>{self._next("Placeholder")}<p:cNvSpPr><a:spLocks noGrp="1"/>'
                           f'</p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{_xfrm(box)}{_panel(panel)}</p:spPr>'
                           f"{_text_body(paragraphs, anchor)}</p:sp>")

    def inherited_placeholder(self, ph: str, paragraphs: str | None = None, panel: bool = False) -> None:
        """A placeholder where, and as, its master places it (the notes page's)."""
        text = f"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody>" if paragraphs else ""
        self.shapes.append(f'<p:sp><p:nvSpPr>{self._next("Placeholder")}<p:cNvSpPr><a:spLocks noGrp="1"/>'
                           f"</p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{_panel(panel)}</p:spPr>{text}</p:sp>")

    def text_box(self, box: Box, paragraphs: str, anchor=MSO_ANCHOR.MIDDLE, panel: bool = False) -> None:
        self.shapes.append(f'<p:sp><p:nvSpPr>{self._next("TextBox")}<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
                           f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
                           f'{_panel(panel) or "<a:noFill/>"}</p:spPr>{_text_body(paragraphs, anchor)}</p:sp>')

    def shape(self, box: Box, preset: str, paragraphs: str = "", line: str | None = None,
              fill: str | None = None, name: str = "Shape", corner: float | None = None, top: float = 0.0) -> None:
        """A preset shape (roundRect, rightArrow ...), optionally outlined, filled and with text;
        one without text is decoration. corner: a roundRect's corner radius in points (the
        preset's is a share of the shorter side, and moves the text of a narrower box)."""
        outline = (f'<a:ln w="{emu(1.5)}">{_fill(line)}</a:ln>' if line else "<a:ln><a:noFill/></a:ln>")
        text = _text_body(paragraphs, MSO_ANCHOR.TOP, top) if paragraphs else ""
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
        margins = (f'marL="{emu(CELL_MARGIN_X)}" marR="{emu(CELL_MARGIN_X)}" '
                   f'marT="{emu(CELL_MARGIN_Y)}" marB="{emu(CELL_MARGIN_Y)}"')
        grid = "".join(f'<a:gridCol w="{emu(w)}"/>' for w in column_widths)
        body = "".join(
            f'<a:tr h="{emu(height)}">' + "".join(
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
