"""Doc -> patient handout PDF (ReportLab platypus). The only module that imports ReportLab."""
from __future__ import annotations

import contextlib
import copy as _copy
import functools
import io
import re
from html import escape as _html_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BalancedColumns, CondPageBreak, Flowable, Image, KeepTogether, ListFlowable, ListItem,
                                SimpleDocTemplate, Spacer, Table, TableStyle)
from reportlab.platypus.flowables import BulletDrawer
from reportlab.platypus import Paragraph as _PlatypusParagraph

from reportlab.platypus.doctemplate import LayoutError

from kethandout.compose import doc
from kethandout.errors import Diagnostic, InputError
from kethandout.fork import ctrl_c_deferred
from kethandout.render.structure import Annotation, Mark, Node, write_structure
from kethandout.style import theme
from kethandout.style.fonts import HANDOUT_FAMILY, register_handout_fonts
from kethandout.style.theme import HandoutInfo

PAPER = {"letter": letter, "a4": A4}
MARGIN = 0.75 * inch
FRAME_PADDING = 6  # platypus frames pad their content by 6 pt on each side
ICON_X = MARGIN + FRAME_PADDING - 8  # icons hang in the left margin, their right edge here
MIN_COLUMN = 1.6 * inch  # narrower than this, columns and boxes stack instead


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

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.tag = self.tag
        if len(parts) > 1:
            parts[0].mark, parts[0].mark_tag = self.mark, self.mark_tag  # the icon goes with the first line
            parts[0].label = self.label  # and so does the bullet
            parts[0].continues = True  # its last line is not the paragraph's: it ends with a space too
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        with _marked(canvas, self.tag, self):
            self._draw_text(canvas, x, y, _sW)
        if self.mark:
            with _marked(canvas, self.mark_tag, self.mark):
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
def _marked(canvas, node: Node | None, drawn: object, page: int | None = None):
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


class _Tagged:
    """A flowable whose drawing is the content of its structure node (`tag`)."""

    tag: Node | None = None

    def drawOn(self, canvas, x, y, _sW=0):
        with _marked(canvas, self.tag, self):
            super().drawOn(canvas, x, y, _sW)


class _Bullet(BulletDrawer):
    """A list item's bullet or number, tagged as the item's Lbl."""

    def drawOn(self, indenter, canv, x, y, _sW=0):
        label = getattr(indenter._flowable, "label", None)
        with _marked(canv, label, label):
            super().drawOn(indenter, canv, x, y, _sW)


class _List(ListFlowable):
    def _makeBullet(self, value, params=None):
        bullet = super()._makeBullet(value, params)
        bullet.__class__ = _Bullet
        return bullet


def escape(text: str) -> str:
    """&, < and > as entities, for ReportLab's paragraph markup. (Not xml.sax.saxutils, whose
    import brings in urllib, http and ssl: 28 ms of the handout's process.)"""
    return _html_escape(text, quote=False)


def _styles(brand: theme.Branding, size: theme.PrintStyle) -> dict[str, ParagraphStyle]:
    gap = size.body / 2  # paragraph spacing grows with the type
    body = ParagraphStyle("body", fontName=register_handout_fonts(), fontSize=size.body, leading=size.leading,
                          textColor=colors.HexColor(theme.INK), alignment=TA_LEFT, spaceAfter=gap,
                          allowWidows=0, allowOrphans=0)
    heading = dict(fontName=HANDOUT_FAMILY + "-bold", textColor=colors.HexColor(brand.primary))
    return {
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "h1": ParagraphStyle("h1", parent=body, fontSize=size.title, leading=size.title * 1.2,
                             spaceAfter=gap + 2, **heading),
        "h2": ParagraphStyle("h2", parent=body, fontSize=size.h2, leading=size.h2 * 1.25,
                             spaceBefore=size.body, spaceAfter=gap * 0.66, **heading),
        "h3": ParagraphStyle("h3", parent=body, fontSize=size.h3, leading=size.h3 * 1.25,
                             spaceBefore=gap, spaceAfter=gap / 3, **heading),
        "clinic": ParagraphStyle("clinic", parent=body, fontName=HANDOUT_FAMILY + "-bold", fontSize=size.body + 3,
                                 leading=(size.body + 3) * 1.25, textColor=colors.HexColor(brand.primary),
                                 spaceAfter=2),
        "caption": ParagraphStyle("caption", parent=body, fontSize=size.small, leading=size.small * 1.2,
                                  alignment=1, spaceAfter=0),
        "small": ParagraphStyle("small", parent=body, fontSize=size.small, leading=size.small * 1.15,
                                spaceAfter=0),
        "help_number": ParagraphStyle("help_number", parent=body, fontName=HANDOUT_FAMILY + "-bold",
                                      fontSize=size.help_number, leading=size.help_number * 1.2,
                                      textColor=colors.HexColor(brand.alert)),
        "key": ParagraphStyle("key", parent=body, fontSize=size.h2, leading=size.h2 * 1.25,
                              fontName=HANDOUT_FAMILY + "-bold", textColor=colors.HexColor(brand.primary),
                              spaceAfter=4),
        "step_title": ParagraphStyle("step_title", parent=body, spaceAfter=1,
                                     textColor=colors.HexColor(brand.primary)),
        "step": ParagraphStyle("step", parent=body, spaceAfter=0),
        "help": ParagraphStyle("help", parent=body, fontSize=size.h2, leading=size.h2 * 1.25,
                               fontName=HANDOUT_FAMILY + "-bold", textColor=colors.HexColor(brand.alert),
                               spaceAfter=4),
    }


def markup(inline: doc.Inline, sup_size: float = 10) -> str:
    """ReportLab paragraph markup for an inline run; content text is always escaped."""
    parts = []
    for span in inline:
        if span.icon:  # drawn beside the text (_Flowables.paragraph); inside a line, its words stand for it
            if span.text:
                parts.append(escape(f"({span.text})"))
            continue
        text = escape(span.text)
        if span.sup:
            text = f'<super rise="{sup_size * 0.4:g}" size="{sup_size:g}">{text}</super>'
        if span.emph:
            text = f"<i>{text}</i>"
        if span.strong:
            text = f"<b>{text}</b>"
        # A link within the document (#section) is left out: a printed page has nowhere to
        # go, and ReportLab fails on a target it does not know. So is one with no words.
        if span.href and not span.href.startswith("#") and span.text.strip():
            href = escape(span.href).replace('"', "&quot;")
            text = f'<a href="{href}">{text}</a>'
        parts.append(text)
    return "".join(parts)


class _Flowables:
    """Turns Doc blocks into platypus flowables with one set of styles."""

    def __init__(self, width: float, brand: theme.Branding, size: theme.PrintStyle, caption: str,
                 labels: dict[str, str] | None = None, figures: tuple[str, str] = ("", "")):
        self.brand, self.size, self.caption = brand, size, caption
        self.logo_alt, self.qr_alt = figures  # the text equivalents of the logo and the QR code
        # The structure tree, made in reading order with the flowables (render.structure).
        self.root = self.parent = Node("Document")
        self.heading_level = 0  # of the last heading tagged
        self.labels = labels or theme.FIELD_LABELS  # the form's words, in the document's language
        self.field_names: set[str] = set()
        self.page_width = width  # the text width of the page (self.width narrows inside boxes)
        self.context_id = ""
        self.last_heading = ""
        self.styles = _styles(brand, size)
        # Citation numbers: small, but never below the style's smallest text (18 pt in large print).
        self.markup = functools.partial(markup, sup_size=max(size.body * 0.7, size.small))
        self.width = width

    @contextlib.contextmanager
    def group(self, role: str, **attributes):
        """The flowables made inside belong to a new structure element (L, LI, Table ...)."""
        outer, self.parent = self.parent, self.parent.add(role, **attributes)
        try:
            yield self.parent
        finally:
            self.parent = outer

    def tag(self, flowable, role: str = "P", **attributes):
        """The flowable's drawing is the content of a new structure element, next in reading
        order. An empty paragraph draws nothing and gets none, except a table cell, which
        keeps the table's columns in line. (Asked before any split: the parts a split makes
        have no plain text of their own.)"""
        empty = isinstance(flowable, Paragraph) and not flowable.getPlainText().strip()
        if role in ("TH", "TD") or not empty:
            node = self.parent.add(role, **attributes)
            flowable.tag = None if empty else node
        return flowable

    def text(self, markup_text: str, style: ParagraphStyle, role: str = "P", **attributes) -> Paragraph:
        return self.tag(Paragraph(markup_text, style), role, **attributes)

    def clinic_header(self) -> list[Flowable]:
        """Page 1 masthead: logo, clinic name and contacts, and a QR code to the web page."""
        brand = self.brand
        if not brand.clinic_name:
            return []
        s = self.styles
        logo = (self.tag(_logo(brand.logo, max_width=1.3 * inch, max_height=0.85 * inch), "Figure", alt=self.logo_alt)
                if brand.logo else Spacer(1, 1))
        details = [self.text(escape(brand.clinic_name), s["clinic"])]
        details += [self.text(escape(line), s["cell"]) for line in brand.contact_lines]
        qr = [self.tag(_qr_code(brand.url, 0.9 * inch), "Figure", alt=self.qr_alt),
              self.text(escape(self.caption), s["caption"])] if brand.url else Spacer(1, 1)
        logo_width, qr_width = 1.5 * inch, 1.35 * inch
        row = Table([[logo, details, qr]], colWidths=[logo_width, self.width - logo_width - qr_width, qr_width],
                    hAlign="LEFT")
        row.setStyle(TableStyle(_BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (2, 0), (2, 0), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, 0), 1, colors.HexColor(brand.primary)),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return [row, Spacer(1, 10)]

    def blocks(self, blocks: tuple[doc.Block, ...], context: str = "") -> list[Flowable]:
        out: list[Flowable] = []
        for block, following in zip(blocks, blocks[1:] + (None,)):
            flowables = self.block(block, context)
            if flowables and isinstance(flowables[0], CondPageBreak) and isinstance(following, doc.Table):
                # A heading over a table: room for the header and a first row (three lines) too.
                flowables[0] = CondPageBreak(flowables[0].height + 2 * self.size.leading)
            if flowables and isinstance(flowables[0], CondPageBreak) and isinstance(following, doc.Heading):
                # A heading straight above another one: both go to the next page together.
                following_style = self.styles[f"h{min(following.level, 3)}"]
                flowables[0] = CondPageBreak(flowables[0].height + following_style.leading + following_style.spaceBefore)
            if flowables and isinstance(flowables[0], KeepTogether) and out and isinstance(out[-1], _Heading):
                # a block that cannot split (the steps of a visit) takes its heading along
                flowables[0] = KeepTogether([out.pop()] + flowables[0]._content)
            out.extend(flowables)
        return out

    def block(self, block: doc.Block, context: str) -> list[Flowable]:
        """One block; `context` is the enclosing div ("callout", "sources" or "")."""
        s = self.styles
        if isinstance(block, doc.Heading):
            if context in ("help", "key"):
                return [self.heading(block, s[context])]
            # Not keepWithNext: that glues the heading to the whole next block, which then
            # cannot split and leaves half a page empty. Just never leave a heading at the foot.
            style = s[f"h{min(block.level, 3)}"]
            room = style.leading + 2.5 * self.size.leading  # the heading and the start of what follows
            return [CondPageBreak(room), self.heading(block, style)]
        if isinstance(block, doc.Paragraph):
            return [self.paragraph(block.text, s["body"])]
        if isinstance(block, doc.BulletList) and context == "help":
            return [self.labelled_rows(block)]
        if isinstance(block, doc.BulletList) and context in self.LISTS:
            return self.LISTS[context](self, block)
        if isinstance(block, doc.BulletList) and context == "sources":
            # Reference text, not patient reading: small and in two columns to keep the page budget.
            if self.size.sources_columns == 1:
                return [self.bullets(block, s["small"])]
            return [BalancedColumns([self.bullets(block, s["small"])], nCols=self.size.sources_columns,
                                    spaceBefore=2, innerPadding=12)]
        if isinstance(block, doc.BulletList):
            return [self.bullets(block, s["body"])]
        if isinstance(block, doc.Table):
            return [self.table(block)]
        if isinstance(block, doc.Div) and "callout" in block.classes:
            return self.callout(block)
        if isinstance(block, doc.Div) and block.classes[0] in self.LISTS:
            self.context_id = block.classes[1] if len(block.classes) > 1 else block.classes[0]
            return self.blocks(block.children, block.classes[0])
        if isinstance(block, doc.Div) and "columns" in block.classes:
            return self.columns(block)
        if isinstance(block, doc.Div) and "sources" in block.classes:
            return self.blocks(block.children, "sources")
        if isinstance(block, doc.Div) and "glossary" in block.classes:
            return self.blocks(block.children)
        return []  # speaker notes and slide breaks belong to decks

    def icon(self, icon: doc.Span, size: float) -> Flowable:
        """An icon: a Figure when it has a text equivalent, else decoration (an artifact)."""
        from kethandout.style import icons

        drawn = _Icon(icons.pdf_code(icon.icon, self.brand.primary, size, self.brand.alert), size)
        return self.tag(drawn, "Figure", alt=icon.text) if icon.text else drawn

    def paragraph(self, inline: doc.Inline, style: ParagraphStyle, kind=None, role: str = "P") -> Paragraph:
        """A paragraph; an icon it starts with hangs in the left margin beside its first line."""
        icon, rest = doc.leading_icon(inline)
        paragraph = kind(self.markup(rest), style) if kind else Paragraph(self.markup(rest), style)
        if icon:
            paragraph.mark = self.icon(icon, style.fontSize * 1.15)
            paragraph.mark_tag, paragraph.mark.tag = paragraph.mark.tag, None  # drawn by the paragraph
        return self.tag(paragraph, role)

    def heading(self, block: doc.Heading, style: ParagraphStyle) -> Paragraph:
        self.last_heading = doc.plain(block.text).strip()  # names the form fields under it
        return self.paragraph(block.text, style, kind=lambda text, st: _Heading(text, st, block.level),
                              role=self.heading_role(block.level))

    def heading_role(self, level: int) -> str:
        """H1 first, then no level skipped (a template may go from # to ###): assistive
        technology navigates by these levels."""
        self.heading_level = min(level, self.heading_level + 1)
        return f"H{self.heading_level}"

    def labelled_rows(self, block: doc.BulletList) -> Table:
        """Callout items as rows: an icon, then the bold lead (a phone number) large on the left."""
        rows, labels = [], []
        number_style = self.styles["help_number"]
        for item in block.items:
            icon, item = doc.leading_icon(item)
            label, rest = doc.bold_lead(item)
            labels.append(label)
            text = self.markup(rest).lstrip(": ")
            mark = self.icon(icon, number_style.fontSize * 0.9) if icon else ""
            rows.append([mark, self.text(escape(label), number_style), self.text(text, self.styles["cell"])])
        # The label column fits the widest number ("116 123") on one line, up to a third of the box.
        label_width = max(stringWidth(t, number_style.fontName, number_style.fontSize) for t in labels) + 12
        label_width = min(max(label_width, 0.8 * inch), self.width / 3)  # 911 and 988 line up in every box
        icon_width = number_style.fontSize * 1.4 if any(row[0] for row in rows) else 0
        table = Table(rows, colWidths=[icon_width, label_width, self.width - icon_width - label_width - 24],
                      hAlign="LEFT")
        table.setStyle(TableStyle(_BASE_CELL + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return table

    def bullets(self, block: doc.BulletList, style: ParagraphStyle) -> ListFlowable:
        items = []
        with self.group("L"):
            for item in block.items:
                with self.group("LI") as list_item:
                    label = list_item.add("Lbl")
                    with self.group("LBody"):
                        paragraph = self.paragraph(item, style)
                paragraph.label = label
                items.append(ListItem(paragraph, spaceAfter=2))
        kind = dict(bulletType="1", bulletFormat="%s.") if block.ordered else dict(bulletType="bullet", start="•")
        return _List(items, leftIndent=18, bulletFontName=register_handout_fonts(), bulletFontSize=style.fontSize,
                     bulletColor=colors.HexColor(self.brand.primary), **kind)

    @contextlib.contextmanager
    def list_item(self):
        """A list item whose marker is drawn as decoration (a tick box, a step's box)."""
        with self.group("LI"), self.group("LBody"):
            yield

    def table(self, block: doc.Table) -> Table:
        """A data table: Table > TR > TH (scope Column) / TD."""
        cell = self.styles["cell"]
        with self.group("Table"):
            with self.group("TR"):
                head = [self.text(f"<b>{self.markup(c)}</b>", cell, "TH", scope="Column") for c in block.header]
            rows = []
            for row in block.rows:
                with self.group("TR"):
                    rows.append([self.text(self.markup(c), cell, "TD") for c in row])
        widths = _column_widths(len(block.header), self.width)
        table = Table([head] + rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(_BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LINEBELOW", (0, 0), (-1, 0), 1.5, colors.HexColor(self.brand.primary)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor(theme.RULE)),
        ]))
        return table

    @contextlib.contextmanager
    def within(self, width: float):
        """Blocks built inside a box or a column get the width they will have there."""
        outer, self.width = self.width, width
        try:
            yield
        finally:
            self.width = outer

    def columns(self, block: doc.Div) -> list[Flowable]:
        """Side-by-side columns, one per heading in the div (e.g. before / after your visit);
        one under another when side by side they would be too narrow to read."""
        groups = doc.columns(block)
        if not groups:
            return []
        gap = 18
        width = (self.width - gap * (len(groups) - 1)) / len(groups)
        if width < MIN_COLUMN or len(groups) == 1:
            return [f for group in groups for f in self.blocks(group)]
        with self.within(width):
            cells = [[self.tag(_Heading(self.markup(g[0].text), self.styles["h3"], 3), self.heading_role(3))]
                     + self.blocks(g[1:])
                     if isinstance(g[0], doc.Heading) else self.blocks(g) for g in groups]
        table = Table([cells], colWidths=[width + (gap if i < len(groups) - 1 else 0) for i in range(len(groups))],
                      hAlign="LEFT")
        table.setStyle(TableStyle(_BASE_CELL + [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                                                ("RIGHTPADDING", (-1, 0), (-1, -1), 0)]))
        return [table]

    def key_points(self, block: doc.BulletList) -> list[Flowable]:
        return [self.bullets(block, self.styles["body"])]

    def steps(self, block: doc.BulletList) -> list[Flowable]:
        """The steps of a visit as boxes joined by arrows: across the page, or down it in large
        print (or when there are more than five). Real text in every box."""
        s, size = self.styles, self.size
        across = len(block.items) <= 5 and size.body < 16 and self.width / len(block.items) > 5 * size.body
        cells = []
        with self.group("L"):
            for item in block.items:
                icon, rest = doc.leading_icon(item)
                title, text = doc.bold_lead(rest)
                with self.list_item():
                    cell = [self.icon(icon, size.body * 1.5)] if icon and across else []
                    cell.append(self.text(f"<b>{escape(title)}</b>", s["step_title"]))
                    cell.append(self.text(self.markup(text).strip(), s["step"]))
                cells.append(cell)
        arrow = _arrow(size.body * 0.9, self.brand.primary, down=not across)
        if across:
            gap = size.body * 1.4
            box = (self.width - gap * (len(cells) - 1)) / len(cells)
            row = [x for cell in cells for x in (cell, arrow)][:-1]
            widths = [box if i % 2 == 0 else gap for i in range(len(row))]
            table = Table([row], colWidths=widths, hAlign="LEFT")
            boxes = [("BOX", (i, 0), (i, 0), 1.2, colors.HexColor(self.brand.primary)) for i in range(0, len(row), 2)]
            arrows = [(rule, (i, 0), (i, 0), value) for i in range(1, len(row), 2)
                      for rule, value in (("VALIGN", "MIDDLE"), ("ALIGN", "CENTER"), ("LEFTPADDING", 0),
                                          ("RIGHTPADDING", 0))]
            table.setStyle(TableStyle(_BASE_CELL + [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)] + boxes + arrows))
            return self.kept([table, Spacer(1, size.body * 0.6)])
        rows = [x for cell in cells for x in ([cell], [arrow])][:-1]
        table = Table(rows, colWidths=[self.width * 0.8], hAlign="LEFT")
        boxes = [("BOX", (0, i), (0, i), 1.2, colors.HexColor(self.brand.primary)) for i in range(0, len(rows), 2)]
        table.setStyle(TableStyle(_BASE_CELL + boxes + [
            ("ALIGN", (0, 1), (0, -1), "CENTER"), ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
        return [table, Spacer(1, size.body * 0.6)]

    def checklist(self, block: doc.BulletList) -> list[Flowable]:
        """Items with an empty box to tick, each box drawn as a square outline."""
        style, size = self.styles["cell"], self.size.body * 1.1
        rows = []
        with self.group("L"):
            for item in block.items:
                with self.list_item():
                    rows.append([_tick_box(size, self.brand.primary), self.paragraph(item, style)])
        table = Table(rows, colWidths=[size + 10, self.width - size - 10], hAlign="LEFT")
        table.setStyle(TableStyle(_BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return [table, Spacer(1, self.size.body * 0.4)]

    def write_in(self, block: doc.BulletList) -> list[Flowable]:
        """Labels with a line to write on, or the value printed on it (from the clinic profile):
        two to a row, or one in large print."""
        style = self.styles["cell"]
        pairs = []
        for i, item in enumerate(block.items, start=1):
            label, rest = doc.bold_lead(item)
            label = label.rstrip(":")
            pairs.append(self.text(f"<b>{escape(label)}</b>", style))
            if self.context_id == "fields" and not doc.plain(rest).strip(" :"):  # a form: a field on the line
                # named by position, so that the form has the same fields in every language
                pairs.append(self.tag(_Field("text", self.field_name(f"line-{i}"), label or str(i),
                                             self.width * 0.3, self.size.leading * 1.3), "Form"))
            else:
                pairs.append(self.text(self.markup(rest).lstrip(": "), style))
        per_row = 2 if self.size.body < 16 else 1
        pairs = [pairs[i:i + 2] for i in range(0, len(pairs), 2)]
        rows = []
        for i in range(0, len(pairs), per_row):
            row = [cell for pair in pairs[i:i + per_row] for cell in pair + [""]][:-1]
            rows.append(row + [""] * (3 * per_row - 1 - len(row)))
        gap = 14
        column = (self.width - gap * (per_row - 1)) / per_row
        widths = ([column * 0.36, column * 0.64, gap] * per_row)[:-1]
        table = Table(rows, colWidths=widths, hAlign="LEFT", rowHeights=[self.size.leading * 1.8] * len(rows))
        lines = [("LINEBELOW", (i, 0), (i, -1), 0.75, colors.HexColor(theme.MUTED)) for i in range(1, len(widths), 3)]
        table.setStyle(TableStyle(_BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)] + lines))
        return [table, Spacer(1, self.size.body * 0.6)]

    def questions(self, block: doc.BulletList) -> list[Flowable]:
        """Each question, then two lines to write the answer on: two questions to a row, or
        one in large print."""
        line = self.size.leading * 1.45
        per_row = 2 if self.size.body < 16 else 1
        gap = 18 if per_row == 2 else 0
        width = (self.width - gap * (per_row - 1)) / per_row
        with self.group("L"):
            questions = []
            for item in block.items:
                with self.list_item():
                    questions.append(self.paragraph(item, self.styles["cell"]))
        cells = []
        for question in questions:
            cell = Table([[question], [""], [""]], colWidths=[width], rowHeights=[None, line, line])
            cell.setStyle(TableStyle(_BASE_CELL + [
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (0, 1), (0, -1), 0.75, colors.HexColor(theme.MUTED))]))
            cells.append(cell)
        rows = [cells[i:i + per_row] + [""] * (per_row - len(cells[i:i + per_row]))
                for i in range(0, len(cells), per_row)]
        grid = Table(rows, colWidths=[width + gap] * (per_row - 1) + [width], hAlign="LEFT")
        grid.setStyle(TableStyle(_BASE_CELL + [
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), gap),
            ("RIGHTPADDING", (-1, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.size.body * 0.7)]))
        return [grid]

    # The consent form's parts: fillable fields (AcroForm) that still print as boxes and lines.

    def field_name(self, base: str) -> str:
        """A field name not used before in this document."""
        name, n = base, 2
        while name in self.field_names:
            name, n = f"{base}-{n}", n + 1
        self.field_names.add(name)
        return name

    def initials(self, block: doc.BulletList) -> list[Flowable]:
        """A statement, then "Initials:" and a box for the patient's initials."""
        style, box = self.styles["cell"], self.size.body * 2.4
        label = self.labels["initials"] + ":"
        label_width = stringWidth(label, style.fontName, style.fontSize) + 8
        rows = [[self.text(self.markup(item), style), self.text(escape(label), style),
                 self.tag(_Field("text", self.field_name(f"initials-{_field_key(self.context_id)}"),
                                 f"{self.labels['initials']}: {self.last_heading}: {doc.plain(item)}",
                                 box * 1.6, box * 0.75), "Form")]
                for item in block.items]
        table = Table(rows, colWidths=[self.width - box * 1.6 - 8 - label_width, label_width, box * 1.6 + 8],
                      hAlign="LEFT")
        table.setStyle(TableStyle(_BASE_CELL + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                                ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return [table]

    def yes_no(self, block: doc.BulletList) -> list[Flowable]:
        """Questions with Yes and No boxes (one choice per question); a bold ending is a note
        for staff, set in its own column."""
        s, size = self.styles, self.size.body * 1.1
        # Not a data table for the structure: each question is read with its two fields,
        # whose tooltips name the question.
        header = [Paragraph("", s["cell"]), self.text(f"<b>{escape(self.labels['yes'])}</b>", s["cell"]),
                  self.text(f"<b>{escape(self.labels['no'])}</b>", s["cell"]), Paragraph("", s["small"])]
        rows = [header]
        for i, item in enumerate(block.items, start=1):
            note = item[-1].text if len(item) > 1 and item[-1].strong else ""
            question = item[:-1] if note else item
            name = self.field_name(f"screening-{i}")
            tooltip = doc.plain(question).strip() or f"{self.labels['yes']} / {self.labels['no']} {i}"
            rows.append([self.text(self.markup(question).strip(), s["cell"]),
                         self.tag(_Field("radio", name, tooltip, size, size, "yes"), "Form"),
                         self.tag(_Field("radio", name, tooltip, size, size, "no"), "Form"),
                         self.text(escape(note), s["small"])])
        answer, note = size + 24, self.width * 0.2
        table = Table(rows, colWidths=[self.width - 2 * answer - note, answer, answer, note], repeatRows=1,
                      hAlign="LEFT")
        table.setStyle(TableStyle(_BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (2, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.HexColor(self.brand.primary)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor(theme.RULE))]))
        return [table, Spacer(1, self.size.body * 0.5)]

    def agree(self, block: doc.BulletList) -> list[Flowable]:
        """Statements the patient ticks, each a checkbox field."""
        style, size = self.styles["cell"], self.size.body * 1.1
        rows = [[self.tag(_Field("checkbox", self.field_name(f"agree-{i}"), doc.plain(item).strip() or f"{i}",
                                 size, size), "Form"),
                 self.text(self.markup(item), style)] for i, item in enumerate(block.items, start=1)]
        table = Table(rows, colWidths=[size + 10, self.width - size - 10], hAlign="LEFT")
        table.setStyle(TableStyle(_BASE_CELL + [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
        return [table]

    def signatures(self, block: doc.BulletList) -> list[Flowable]:
        """For each role: a printed-name field, a line to sign on, and a date field."""
        s = self.styles
        height = self.size.leading * 1.6
        name_w, date_w = self.width * 0.34, self.width * 0.2
        sign_w = self.width - name_w - date_w - 16
        out = []
        for i, item in enumerate(block.items, start=1):
            role = doc.plain(item).strip() or str(i)
            key = self.field_name(f"sign-{i}")  # by position: the same names in every language
            # read as each label, then its field (the labels are printed under the lines)
            name_label = self.text(f"<b>{escape(role)}</b>: {escape(self.labels['name'])}", s["small"])
            name = self.tag(_Field("text", f"{key}-name", f"{role}: {self.labels['name']}", name_w, height), "Form")
            sign_label = self.text(escape(self.labels["signature"]), s["small"])
            date_label = self.text(escape(self.labels["date"]), s["small"])
            date = self.tag(_Field("text", f"{key}-date", f"{role}: {self.labels['date']}", date_w, height), "Form")
            fields = Table([[name, "", date], [name_label, sign_label, date_label]],
                           colWidths=[name_w + 8, sign_w + 8, date_w], hAlign="LEFT")
            fields.setStyle(TableStyle(_BASE_CELL + [
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.75, colors.HexColor(theme.INK)),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 10)]))
            out += self.kept([fields])
        return out

    LISTS = {"key": key_points, "steps": steps, "checklist": checklist, "write-in": write_in, "questions": questions,
             "initials": initials, "yes-no": yes_no, "agree": agree, "signatures": signatures}

    def callout(self, block: doc.Div) -> list[Flowable]:
        """A bordered box (no shading behind text, for legibility in print): "Get help now" in
        the alert colour, the key points in the primary colour with a thinner rule."""
        help_box = "help" in block.classes
        padding = 24
        if self.width - padding < MIN_COLUMN:  # a box inside boxes: no room for another frame
            return self.blocks(block.children, "help" if help_box else "key")
        with self.within(self.width - padding), self.group("Div"):
            inner = self.blocks(block.children, "help" if help_box else "key")
        # splitInRow: a box too long for one page continues on the next, rather than not fitting
        box = Table([[inner]], colWidths=[self.width], hAlign="LEFT", splitInRow=1)
        box.setStyle(TableStyle(_BASE_CELL + [
            ("BOX", (0, 0), (-1, -1), 2.5 if help_box else 1.5,
             colors.HexColor(self.brand.alert if help_box else self.brand.primary)),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 if help_box else 9),  # (the help rows pad their own foot)
        ]))
        return self.kept([Spacer(1, 4), box, Spacer(1, 6)])

    def kept(self, parts: list[Flowable]) -> list[Flowable]:
        """Parts kept on one page, in the page's flow; inside a box or a column (a table cell)
        nothing can be kept together."""
        return [KeepTogether(parts)] if self.width == self.page_width else parts


# Tables set a cell font even around flowables; without this, unembedded Helvetica is listed.
_BASE_CELL = [("FONTNAME", (0, 0), (-1, -1), register_handout_fonts())]




class _Field(_Tagged, Flowable):
    """A fillable form field (ReportLab's AcroForm), with a tooltip naming it for screen
    readers; it prints as its box."""

    def __init__(self, kind: str, name: str, tooltip: str, width: float, height: float, value: str = ""):
        super().__init__()
        self.kind, self.name, self.tooltip, self.value = kind, name, tooltip, value
        self.width, self.height = width, height

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        form, ink = self.canv.acroForm, colors.HexColor(theme.INK)
        common = dict(name=self.name, tooltip=self.tooltip, x=0, y=0, relative=True, borderColor=ink,
                      fillColor=colors.white, borderWidth=1)
        if self.kind == "checkbox":
            form.checkbox(size=self.height, buttonStyle="check", **common)
        elif self.kind == "radio":
            form.radio(value=self.value, size=self.height, buttonStyle="check", shape="square", **common)
        else:
            form.textfield(width=self.width, height=self.height, fontSize=min(12, self.height * 0.6),
                           textColor=ink, **common)


def _field_key(text: str) -> str:
    """A form field name part: lowercase letters, digits and hyphens (a period would make a
    hierarchy of fields), at most 40."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "field"


class _Icon(_Tagged, Flowable):
    """An icon as vector drawing operators (style.icons.pdf_code), `size` points square."""

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


def _tick_box(size: float, colour: str):
    from reportlab.graphics.shapes import Drawing, Rect

    box = _in_handout_font(Drawing(size, size))
    box.add(Rect(1, 1, size - 2, size - 2, strokeColor=colors.HexColor(colour), strokeWidth=1.4,
                 fillColor=None))
    return box


def _arrow(size: float, colour: str, down: bool = False):
    """A filled triangle pointing to the next step."""
    from reportlab.graphics.shapes import Drawing, Polygon

    arrow = _in_handout_font(Drawing(size, size))
    points = [0, size, size, size, size / 2, 0] if down else [0, 0, 0, size, size, size / 2]
    arrow.add(Polygon(points, fillColor=colors.HexColor(colour), strokeColor=None))
    return arrow


class _Image(_Tagged, Image):
    pass


def _logo(path: str, max_width: float, max_height: float) -> Image:
    """The logo scaled to fit the box, keeping its proportions."""
    width, height = ImageReader(path).getSize()
    scale = min(max_width / width, max_height / height)
    image = _Image(path, width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def _qr_code(url: str, size: float) -> Flowable:
    """A QR code that opens `url`."""
    from reportlab.graphics.barcode.qr import QrCodeWidget  # 0.2 s to import: only for clinics
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


def _column_widths(count: int, width: float) -> list[float]:
    """The last column holds the longest text; the first ones hold short labels."""
    if count == 3:
        shares = [0.3, 0.25, 0.45]
    else:
        shares = [1 / count] * count
    return [width * share for share in shares]


class _Heading(Paragraph):
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


def _numbered_canvas(info: HandoutInfo, draft: Node | None = None):
    """A canvas that knows the page count when it draws footers ("Page X of Y"), and that
    tags: each page is an artifact except the marked content of structure nodes (_marked).
    draft: the node of the DRAFT band, real content on page 1 (furniture on the others)."""

    class NumberedCanvas(pdfcanvas.Canvas):
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
                self._draw_furniture(number, len(self._pages))
                marks.append(self._next_mcid)
                self._code.append("EMC")
                super().showPage()
            self.marks_per_page = marks  # set after the pages' states are restored for the last time
            super().save()

        def _draw_furniture(self, number: int, total: int):
            width, height = self._pagesize
            self.setFillColor(colors.HexColor(info.branding.primary))
            self.rect(0, height - 10, width, 10, stroke=0, fill=1)  # a plain band, no text on it
            left, right = MARGIN + FRAME_PADDING, width - MARGIN - FRAME_PADDING  # aligned with the text
            font, size = register_handout_fonts(), info.style.footer
            page = info.page_label.format(number=number, total=total)
            lines, notice = _footer_rows(info, right - left, page)
            top, rule, step = _footer_place(len(lines) + len(notice), size)
            self.setStrokeColor(colors.HexColor(theme.RULE))
            self.setLineWidth(0.5)
            self.line(left, rule, right, rule)
            self.setFillColor(colors.HexColor(theme.MUTED))
            self.setFont(font, size)
            self.drawRightString(right, top, page)
            for i, line in enumerate(lines):
                self.drawString(left, top - i * step, line)
            if info.draft:
                self._draw_draft(number, left, right, height)
            self.setFont(HANDOUT_FAMILY + "-bold", size)
            self.setFillColor(colors.HexColor(info.branding.alert))
            for i, line in enumerate(notice, start=len(lines)):
                self.drawString(left, top - i * step, line)

        def _draw_draft(self, number: int, left: float, right: float, height: float):
            """The DRAFT band in the top margin: read first on page 1, an artifact after."""
            size = info.style.body  # as large as the body text, in every style
            bottom = height - 14 - size * 1.6  # under the colour band, above the text frame
            self.setStrokeColor(colors.HexColor(info.branding.alert))
            self.setLineWidth(1.5)
            self.rect(left, bottom, right - left, size * 1.6, stroke=1, fill=0)
            with _marked(self, draft if number == 1 else None, draft, page=0):
                self.setFont(HANDOUT_FAMILY + "-bold", size)
                self.setFillColor(colors.HexColor(info.branding.alert))
                self.drawCentredString((left + right) / 2, bottom + size * 0.5, info.draft)

    return NumberedCanvas


def _footer_rows(info: HandoutInfo, width: float, page: str) -> tuple[list[str], list[str]]:
    """The footer's lines and its notice's (the consent form's second message, in bold),
    within the width. The footer goes on one line beside the page number, or breaks at its
    last " · " when too long (the approval goes under the version and review date)."""
    from reportlab.lib.utils import simpleSplit

    font, size = register_handout_fonts(), info.style.footer
    room = width - stringWidth(page, font, size) - 12
    footer = info.footer
    parts = [footer] if stringWidth(footer, font, size) <= room or "  ·  " not in footer else footer.rsplit("  ·  ", 1)
    lines = [line for part in parts for line in simpleSplit(part, font, size, room)]
    notice = simpleSplit(info.notice, HANDOUT_FAMILY + "-bold", size, width) if info.notice else []
    return lines, notice


def _footer_place(rows: int, size: float) -> tuple[float, float, float]:
    """(first baseline, rule, line step) of a footer of `rows` lines: at its usual place, or
    raised so that its last line stays 0.15 in from the paper's edge, where printers print."""
    step = size * 1.4
    top = max(0.5 * inch, 0.15 * inch + (rows - 1) * step)
    return top, max(0.72 * inch, top + 0.75 * size + 2), step  # (the rule clears the capitals)


def footer_room(info: HandoutInfo, width: float) -> float:
    """The bottom margin the footer needs (a long footer in large print takes more)."""
    lines, notice = _footer_rows(info, width, info.page_label.format(number=999, total=999))
    return max(0.95 * inch, _footer_place(len(lines) + len(notice), info.style.footer)[1] + 0.23 * inch)


class _HandoutTemplate(SimpleDocTemplate):
    _bookmarks = 0
    page_limit: int | None = None
    story: list[Flowable] = []

    def afterPage(self):
        # Past the limit the rest is not laid out: ReportLab wraps a paragraph's remainder
        # again at every page break, so runaway text would cost time with the square of its length.
        if self.page_limit and self.page >= self.page_limit:
            self.story.clear()

    def afterFlowable(self, flowable):
        if isinstance(flowable, _Heading) and flowable.level is not None and flowable.level <= 2:
            self._bookmarks += 1
            key = f"section-{self._bookmarks}"  # a counter, not id(): keeps the bytes reproducible
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)  # sections side by side


def _does_not_fit(layout_error: str) -> Diagnostic:
    """ReportLab's message names its objects by memory address: say where, in the reader's words."""
    near = re.search(r"containing '(.{1,60})", layout_error)
    page = re.search(r"on page (\d+)", layout_error)
    where = (f" (page {page.group(1)}" if page else " (") + (f', near "{near.group(1)}..."' if near else "") + ")"
    return Diagnostic("error", "does-not-fit", "a part of the document is too large to fit on a page"
                      + (where if where != " ()" else ""), "handout", hint="shorten that text or table cell")


def render_handout(blocks: tuple[doc.Block, ...], info: HandoutInfo, paper: str) -> bytes:
    """The handout as PDF bytes; identical inputs give identical bytes (invariant=1)."""
    buffer = io.BytesIO()
    template = _HandoutTemplate(
        buffer, pagesize=PAPER[paper], leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=0.7 * inch, bottomMargin=footer_room(info, PAPER[paper][0] - 2 * (MARGIN + FRAME_PADDING)),
        invariant=1,
        title=info.title, author=info.author, subject=info.subject, creator="kethandout",
        lang=info.language, displayDocTitle=1)
    flowables = _Flowables(template.width - 2 * FRAME_PADDING, info.branding, info.style, info.qr_caption,
                           {**theme.FIELD_LABELS, **dict(info.form_labels)}, (info.logo_alt, info.qr_alt))
    draft = flowables.root.add("P") if info.draft else None  # the first thing on page 1
    story = flowables.clinic_header() + flowables.blocks(blocks)
    template.story, template.page_limit = story, info.page_limit  # build() takes from this very list
    try:
        with ctrl_c_deferred():  # (the page limit bounds the wait)
            template.build(story, canvasmaker=_numbered_canvas(info, draft))
    except LayoutError as exc:  # one block (a table row, a word) taller or wider than a page
        raise InputError([_does_not_fit(str(exc))])
    return write_structure(buffer.getvalue(), flowables.root, info.title, template.canv.marks_per_page)
