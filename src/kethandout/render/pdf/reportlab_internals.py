"""Every use of a private ReportLab internal, in one place: pinned to the ReportLab version in
pyproject.toml and covered by the handout's tests, so that an upgrade breaks this file only."""
from __future__ import annotations

import contextlib
import copy as _copy
from typing import Callable

from reportlab.lib.enums import TA_LEFT
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import KeepTogether, ListFlowable
from reportlab.platypus import Paragraph as _PlatypusParagraph
from reportlab.platypus.flowables import BulletDrawer

from kethandout.render.pdf.structure import Annotation, Mark, Node
from kethandout.render.pdf.styles import ICON_X, register_handout_fonts


class Paragraph(_PlatypusParagraph):
    """ReportLab's paragraph, breaking its lines once for each width it is given. Platypus
    asks most paragraphs for their size two to four times at the same width (a table sizing
    its rows, a list its items, a page deciding what fits): half of the line breaking, the
    bulk of rendering a handout, was done again for nothing."""

    _last_wrap = None  # (width, the lines it gave, (width, height))
    mark = None  # a Drawing: an icon in the left margin, beside the first line
    mark_tag = None  # the icon's Figure, when it means something
    continues = False  # the first part of a paragraph split over a page or a column
    tag = None  # its structure Node (P, H2, TD ...): the parts of a split paragraph share it
    label = None  # in a list: the Lbl Node its bullet is tagged with
    whole_up_to = 0  # a paragraph of at most this many lines goes to the next page whole

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if len(getattr(self.blPara, "lines", ())) <= self.whole_up_to:
            return []
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.tag = self.tag
        if len(parts) > 1:
            parts[0].mark, parts[0].mark_tag = self.mark, self.mark_tag  # the icon goes with the first line
            parts[0].label = self.label  # and so does the bullet
            parts[0].continues = True  # its last line is not the paragraph's: it ends with a space too
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        with marked(canvas, self.tag, self):
            self._draw_text(canvas, x, y, _sW)
        if self.mark:
            with marked(canvas, self.mark_tag, self.mark):
                self._draw_mark(canvas, y)

    def _draw_text(self, canvas, x, y, _sW):
        spaced = _spaced_lines(self)
        if spaced is None:
            super().drawOn(canvas, x, y, _sW)
            return
        lines, self.blPara.lines = self.blPara.lines, spaced
        try:
            super().drawOn(canvas, x, y, _sW)
        finally:
            self.blPara.lines = lines

    def _draw_mark(self, canvas, y):
        leading = self.style.leading
        top = y + self.height - leading  # the first line's box
        # ICON_X is on the page; a table cell draws in coordinates shifted to the cell
        scale, _, _, _, shift, _ = canvas._currentMatrix
        left = (ICON_X - self.mark.width - shift) / scale
        self.mark.drawOn(canvas, left, top + (leading - self.mark.height) / 2)

    def wrap(self, availWidth, availHeight):
        last = self._last_wrap
        if last and last[0] == availWidth and last[1] is getattr(self, "blPara", None):
            self.width, self.height = last[2]  # as the wrap itself leaves them
            return last[2]
        size = super().wrap(availWidth, availHeight)
        if size == (getattr(self, "width", None), getattr(self, "height", None)):  # not when too narrow for text
            self._last_wrap = (availWidth, self.blPara, size)
        return size


def _spaced_lines(paragraph) -> list | None:
    """The paragraph's lines with the space put back at the end of each but the last:
    ReportLab drops the space where it wraps a line, so text taken from the PDF (and read
    aloud) ran the words of two lines together ("toknow"). Only for drawing, and only in
    left-aligned text, where a trailing space moves nothing; None when there is nothing to do."""
    bl = getattr(paragraph, "blPara", None)
    ends = 0 if getattr(paragraph, "continues", False) else 1  # the lines that end with a space
    if bl is None or len(getattr(bl, "lines", ())) <= ends or paragraph.style.alignment != TA_LEFT:
        return None
    spaced = []
    for line in bl.lines[:len(bl.lines) - ends]:
        if bl.kind == 0:  # (extra space, [words])
            spaced.append((line[0], line[1][:-1] + [line[1][-1] + " "]) if line[1] else line)
            continue
        last = max((i for i, frag in enumerate(line.words) if getattr(frag, "text", "")), default=None)
        if last is None or line.words[last].text.endswith(" "):
            spaced.append(line)
            continue
        copy = _copy.copy(line)
        copy.words = line.words[:last] + [line.words[last].clone(text=line.words[last].text + " ")] + line.words[last + 1:]
        spaced.append(copy)
    return spaced + bl.lines[len(bl.lines) - ends:]


@contextlib.contextmanager
def marked(canvas, node: Node | None, drawn: object, page: int | None = None):
    """What is drawn inside is the marked content of `node` (drawn: the object drawing it; page:
    the page, when not the one being laid out). Without a node, on a canvas that does not tag,
    or for an object drawn a second time (a table's header row repeated on the next page) it
    stays an artifact."""
    begin = getattr(canvas, "begin_marked", None)
    if node is None or begin is None or not begin(node, drawn, page):
        yield
        return
    try:
        yield
    finally:
        canvas.end_marked()


class _Bullet(BulletDrawer):
    """A list item's bullet or number, tagged as the item's Lbl."""

    def drawOn(self, indenter, canv, x, y, _sW=0):
        label = getattr(indenter._flowable, "label", None)
        with marked(canv, label, label):
            super().drawOn(indenter, canv, x, y, _sW)


class List(ListFlowable):
    def _makeBullet(self, value, params=None):
        bullet = super()._makeBullet(value, params)
        bullet.__class__ = _Bullet
        return bullet


def tagging_canvas(draw_furniture: Callable):
    """A canvas that knows the page count when it draws the furniture (draw_furniture(canvas,
    number, total, page size): "Page X of Y"), and that tags: each page is an artifact except
    the marked content of structure nodes (marked). It keeps each page's state until save(),
    through ReportLab's private page machinery."""

    class TaggingCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs):
            # Start in the handout font: the default Helvetica would be listed, unembedded.
            kwargs["initialFontName"] = register_handout_fonts()
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._drawn: dict[int, object] = {}  # what has been marked once, kept alive for its id
            self._begin_page()

        def _begin_page(self):
            self._next_mcid, self._open = 0, None
            self._code.append("/Artifact BMC")

        def begin_marked(self, node: Node, drawn: object, page: int | None = None) -> bool:
            """Drawn a second time (a table's header row on its next page), the content stays an
            artifact, but its links still belong to the node: an annotation is never untagged."""
            if self._open is not None:
                return False
            again = id(drawn) in self._drawn
            self._drawn[id(drawn)], self._open = drawn, node
            self._marking = not again and node.role != "Form"  # a form field is its widget annotation only
            if self._marking:
                node.kids.append(Mark(len(self._pages) if page is None else page, self._next_mcid))
                self._code.append(f"EMC /{node.role} <</MCID {self._next_mcid}>> BDC")
                self._next_mcid += 1
            return True

        def end_marked(self):
            if self._marking:
                self._code.append("EMC /Artifact BMC")
            self._open = None

        def _addAnnotation(self, annotation, name=None, addtopage=1):
            if addtopage and self._open is not None:  # a link in a paragraph, or a field's widget
                owner = self._open if self._open.role == "Form" else self._open.add("Link")
                owner.kids.append(Annotation(len(self._pages), len(self._annotationrefs)))
            super()._addAnnotation(annotation, name, addtopage)

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()
            self._begin_page()

        def save(self):
            marks = []
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw_furniture(self, number, len(self._pages), self._pagesize)
                marks.append(self._next_mcid)
                self._code.append("EMC")
                super().showPage()
            self.marks_per_page = marks  # set after the pages' states are restored for the last time
            super().save()

    return TaggingCanvas


def drawing_operators(drawing) -> str:
    """A ReportLab Drawing as the PDF operators a canvas would write for it (its private
    `_code` list), for a box at the origin."""
    import io

    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO())
    start = len(canvas._code)
    renderPDF.draw(drawing, canvas, 0, 0)
    return "\n".join(canvas._code[start:])


def kept_flowables(keep: KeepTogether) -> list:
    """What a KeepTogether holds (ReportLab keeps it in a private list)."""
    return keep._content
