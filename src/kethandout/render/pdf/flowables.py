"""The handout's own flowables: tagged figures, form fields, icons, the logo, the QR code and headings."""
from __future__ import annotations

import re

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image

from kethandout.render.pdf.reportlab_internals import Paragraph, marked
from kethandout.render.pdf.structure import Node
from kethandout.render.pdf.styles import register_handout_fonts
from kethandout.style import theme


class _Tagged:
    """A flowable whose drawing is the content of its structure node (`tag`)."""

    tag: Node | None = None

    def drawOn(self, canvas, x, y, _sW=0):
        with marked(canvas, self.tag, self):
            super().drawOn(canvas, x, y, _sW)


class Field(_Tagged, Flowable):
    """A fillable form field (ReportLab's AcroForm), with a tooltip naming it for screen
    readers; it prints as its box."""

    def __init__(self, kind: str, name: str, tooltip: str, width: float, height: float):
        super().__init__()
        self.kind, self.name, self.tooltip = kind, name, tooltip
        self.width, self.height = width, height

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        form, ink = self.canv.acroForm, colors.HexColor(theme.INK)
        common = dict(name=self.name, tooltip=self.tooltip, x=0, y=0, relative=True, borderColor=ink,
                      fillColor=colors.white, borderWidth=1)
        if self.kind == "checkbox":
            form.checkbox(size=self.height, buttonStyle="check", **common)
        else:
            form.textfield(width=self.width, height=self.height, fontSize=min(12, self.height * 0.6),
                           textColor=ink, **common)


def field_key(text: str) -> str:
    """A form field name part: lowercase letters, digits and hyphens (a period would make a
    hierarchy of fields), at most 40."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "field"


class Icon(_Tagged, Flowable):
    """An icon as vector drawing operators (icons.pdf_code), `size` points square."""

    def __init__(self, code: str, size: float):
        super().__init__()
        self.code, self.width, self.height = code, size, size

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.addLiteral(self.code)
        self.canv.restoreState()


def _in_handout_font(drawing):
    """A drawing that sets the handout's font, not its default Helvetica (which the PDF would
    then list, unembedded), when it is drawn."""
    drawing.initialFontName = register_handout_fonts()
    return drawing


def tick_box(size: float, colour: str):
    from reportlab.graphics.shapes import Drawing, Rect

    box = _in_handout_font(Drawing(size, size))
    box.add(Rect(1, 1, size - 2, size - 2, strokeColor=colors.HexColor(colour), strokeWidth=1.4,
                 fillColor=None))
    return box


def arrow_drawing(size: float, colour: str, down: bool = False):
    """A filled triangle pointing to the next step."""
    from reportlab.graphics.shapes import Drawing, Polygon

    arrow = _in_handout_font(Drawing(size, size))
    points = [0, size, size, size, size / 2, 0] if down else [0, 0, 0, size, size, size / 2]
    arrow.add(Polygon(points, fillColor=colors.HexColor(colour), strokeColor=None))
    return arrow


class _Image(_Tagged, Image):
    pass


def logo_image(path: str, max_width: float, max_height: float) -> Image:
    """The logo scaled to fit the box, keeping its proportions."""
    width, height = ImageReader(path).getSize()
    scale = min(max_width / width, max_height / height)
    image = _Image(path, width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def qr_code(url: str, size: float) -> Flowable:
    """A QR code that opens `url`."""
    from reportlab.graphics.barcode.qr import (
        QrCodeWidget,  # 0.2 s to import: only for clinics
    )
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return _Figure(drawing, "RIGHT")


class _Figure(_Tagged, Flowable):
    """A drawing that can be tagged (a Drawing refuses attributes it does not know)."""

    def __init__(self, drawing: Flowable, align: str):
        super().__init__()
        self.drawing, self.hAlign = drawing, align

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.drawing.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self):
        self.drawing.drawOn(self.canv, 0, 0)


def column_widths(count: int, width: float) -> list[float]:
    """The last column holds the longest text; the first ones hold short labels."""
    if count == 3:
        shares = [0.3, 0.25, 0.45]
    else:
        shares = [1 / count] * count
    return [width * share for share in shares]


class Heading(Paragraph):
    """A heading that becomes a PDF bookmark (its first part, when one is too long for a page)."""

    level = None  # the parts a split makes are constructed without one

    def __init__(self, text: str, style: ParagraphStyle, level: int | None = None, **kwargs):
        super().__init__(text, style, **kwargs)
        self.level = level

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts:
            parts[0].level = self.level
        return parts


class WithNext(Flowable):
    """A heading and the flowable after it. Where that flowable cannot start on this page (a
    box, two columns, a table row that does not split), the heading goes to the next page with
    it, so that a heading is never the last line of a page; where it can, it splits as usual.
    (ReportLab's keepWithNext keeps the whole next flowable, which leaves half pages empty.)"""

    def __init__(self, heading: Flowable, following: Flowable):
        super().__init__()
        self.heading, self.following = heading, following

    def _gap(self) -> float:
        return max(self.heading.getSpaceAfter(), self.following.getSpaceBefore())

    def wrap(self, availWidth, availHeight):
        _, top = self.heading.wrapOn(self.canv, availWidth, availHeight)
        _, rest = self.following.wrapOn(self.canv, availWidth, max(availHeight - top - self._gap(), 0))
        self._top, self.width, self.height = top, availWidth, top + self._gap() + rest
        return self.width, self.height

    def getSpaceBefore(self):
        return self.heading.getSpaceBefore()

    def getSpaceAfter(self):
        return self.following.getSpaceAfter()

    def split(self, availWidth, availHeight):
        _, top = self.heading.wrapOn(self.canv, availWidth, availHeight)
        # The frame gives the parts their space before again (it took the pair's once already).
        room = availHeight - top - self._gap() - self.heading.getSpaceBefore() - self.following.getSpaceBefore()
        if room <= 0:
            return []
        self.following.wrapOn(self.canv, availWidth, room)
        parts = self.following.splitOn(self.canv, availWidth, room)
        if not parts:
            return []  # both to the next page
        # A part that does not fit after all (a list's first item can) would leave the heading
        # alone: both go to the next page, unless this is its top already (ReportLab's _atTop).
        at_top = getattr(getattr(self, "_frame", None), "_atTop", False)
        if parts[0].wrapOn(self.canv, availWidth, room)[1] > room and not at_top:
            return []
        return [self.heading, *parts]

    def draw(self):
        self.heading.drawOn(self.canv, 0, self.height - self._top)
        self.following.drawOn(self.canv, 0, 0)
