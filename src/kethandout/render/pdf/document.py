"""The document: flowables laid out on pages, then tagged (structure.py); the bytes and the page count."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, SimpleDocTemplate
from reportlab.platypus.doctemplate import LayoutError

from kethandout.compose import doc
from kethandout.errors import Code, Diagnostic, InputError
from kethandout.files import ctrl_c_deferred
from kethandout.render.pdf.flowables import Heading
from kethandout.render.pdf.handout_parts import Flowables
from kethandout.render.pdf.page import footer_room, numbered_canvas
from kethandout.render.pdf.structure import write_structure
from kethandout.render.pdf.styles import FRAME_PADDING, MARGIN, PAPER, TOP_MARGIN
from kethandout.style import theme
from kethandout.style.theme import HandoutInfo


class _HandoutTemplate(SimpleDocTemplate):
    cards = False  # two cards to a page: the text frame in two halves, a line to cut along between
    _bookmarks = 0
    page_limit: int | None = None
    story: list[Flowable] = []

    def afterPage(self):
        # Past the limit the rest is not laid out: ReportLab wraps a paragraph's remainder
        # again at every page break, so runaway text would cost time with the square of its length.
        if self.page_limit and self.page >= self.page_limit:
            self.story.clear()

    def build(self, flowables, canvasmaker):
        if not self.cards:
            return super().build(flowables, canvasmaker=canvasmaker)
        half = self.height / 2
        frames = [Frame(self.leftMargin, self.bottomMargin + half, self.width, half, id="first"),
                  Frame(self.leftMargin, self.bottomMargin, self.width, half, id="second")]
        # (the names SimpleDocTemplate turns pages with)
        self.addPageTemplates([PageTemplate(id=name, frames=frames, onPage=self._cut_line) for name in ("First", "Later")])
        return BaseDocTemplate.build(self, flowables, canvasmaker=canvasmaker)

    def _cut_line(self, canvas, doc):
        """A dashed line between the two cards (page furniture: an artifact)."""
        y = self.bottomMargin + self.height / 2
        canvas.saveState()
        canvas.setDash(4, 3)
        canvas.setStrokeColor(colors.HexColor(theme.MUTED))
        canvas.line(self.leftMargin - 0.4 * inch, y, self.pagesize[0] - self.rightMargin + 0.4 * inch, y)
        canvas.restoreState()

    def afterFlowable(self, flowable):
        flowable = getattr(flowable, "heading", flowable)  # a heading drawn with what follows it (WithNext)
        if isinstance(flowable, Heading) and flowable.level is not None and flowable.level <= 2:
            self._bookmarks += 1
            key = f"section-{self._bookmarks}"  # a counter, not id(): keeps the bytes reproducible
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)  # sections side by side


def _does_not_fit(layout_error: str) -> Diagnostic:
    """ReportLab's message names its objects by memory address: say where, in the reader's words."""
    near = re.search(r"containing '(.{1,60})", layout_error)
    page = re.search(r"on page (\d+)", layout_error)
    where = (f" (page {page.group(1)}" if page else " (") + (f', near "{near.group(1)}..."' if near else "") + ")"
    return Diagnostic("error", Code.DOES_NOT_FIT, "a part of the document is too large to fit on a page"
                      + (where if where != " ()" else ""), "handout", hint="shorten that text or table cell")


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_handout(blocks: tuple[doc.Block, ...], info: HandoutInfo, paper: str) -> bytes:
    """The handout as PDF bytes; identical inputs give identical bytes (invariant=1)."""
    return render_pdf(blocks, info, paper).data


def render_pdf(blocks: tuple[doc.Block, ...], info: HandoutInfo, paper: str) -> RenderedPdf:
    """The document as PDF bytes, and its number of pages."""
    buffer = io.BytesIO()
    template = _HandoutTemplate(
        buffer, pagesize=PAPER[paper], leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=TOP_MARGIN, bottomMargin=footer_room(info, PAPER[paper][0] - 2 * (MARGIN + FRAME_PADDING)),
        invariant=1,
        title=info.title, author=info.author, subject=info.subject, creator="kethandout",
        lang=info.language, displayDocTitle=1)
    flowables = Flowables(template.width - 2 * FRAME_PADDING, info.branding, info.style, info.qr_caption,
                           {**theme.FIELD_LABELS, **dict(info.form_labels)}, (info.logo_alt, info.qr_alt))
    draft = flowables.root.add("P") if info.draft else None  # the first thing on page 1
    # (a card has no masthead: it names the clinic and its phone in its own lines)
    story = ([] if info.cards else flowables.clinic_header()) + flowables.blocks(blocks)
    template.story, template.page_limit = story, info.page_limit  # build() takes from this very list
    template.cards = info.cards
    try:
        with ctrl_c_deferred():  # (the page limit bounds the wait)
            template.build(story, canvasmaker=numbered_canvas(info, draft))
    except LayoutError as exc:  # one block (a table row, a word) taller or wider than a page
        near = re.search(r"containing '(.{1,60})", str(exc))
        raise InputError([_does_not_fit(str(exc))], near=near.group(1) if near else None)
    return RenderedPdf(write_structure(buffer.getvalue(), flowables.root, info.title, template.canv.marks_per_page),
                       template.page)
