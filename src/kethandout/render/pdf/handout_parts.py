"""Doc blocks -> platypus flowables, tagged for PDF/UA as they are made."""
from __future__ import annotations

import contextlib
import functools

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BalancedColumns,
    CondPageBreak,
    Flowable,
    FrameBreak,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
    TableStyle,
)

from kethandout.compose import doc
from kethandout.render.pdf.flowables import (
    Heading,
    Icon,
    WithNext,
    arrow_drawing,
    column_widths,
    tick_box,
)
from kethandout.render.pdf.forms import FormParts
from kethandout.render.pdf.glance_parts import GlanceParts
from kethandout.render.pdf.icons import pdf_code
from kethandout.render.pdf.reportlab_internals import List, Paragraph, kept_flowables
from kethandout.render.pdf.structure import Node
from kethandout.render.pdf.styles import (
    BASE_CELL,
    MIN_COLUMN,
    escape,
    markup,
    register_handout_fonts,
    styles,
)
from kethandout.style import theme


class Flowables(FormParts, GlanceParts):
    """Turns Doc blocks into platypus flowables with one set of styles."""

    def __init__(self, width: float, brand: theme.Branding, size: theme.PrintStyle, caption: str,
                 labels: dict[str, str] | None = None, figures: tuple[str, str] = ("", "")):
        self.brand, self.size, self.caption = brand, size, caption
        self.logo_alt, self.qr_alt = figures  # the text equivalents of the logo and the QR code
        # The structure tree, made in reading order with the flowables (structure.py).
        self.root = self.parent = Node("Document")
        self.heading_level = 0  # of the last heading tagged
        self.labels = labels or theme.FIELD_LABELS  # the form's words, in the document's language
        self.field_names: set[str] = set()
        self.page_width = width  # the text width of the page (self.width narrows inside boxes)
        self.context_id = ""
        self.last_heading = ""
        self.styles = styles(brand, size)
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
                flowables[0] = CondPageBreak(flowables[0].height + following_style.spaceBefore
                                             + following_style.leading + following_style.spaceAfter)
            if flowables and isinstance(flowables[0], KeepTogether) and out and isinstance(out[-1], Heading):
                # a block that cannot split (the steps of a visit) takes its heading along
                flowables[0] = KeepTogether([out.pop()] + kept_flowables(flowables[0]))
            elif (flowables and out and isinstance(out[-1], Heading) and self.width == self.page_width
                  and not isinstance(flowables[0], (CondPageBreak, BalancedColumns))):  # (those only split)
                out[-1] = WithNext(out[-1], flowables.pop(0))
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
            # the heading with its space around it, and the start of what follows
            room = style.spaceBefore + style.leading + style.spaceAfter + 2.5 * self.size.leading
            return [CondPageBreak(room), self.heading(block, style)]
        if isinstance(block, doc.Paragraph):
            return [self.paragraph(block.text, s["body"])]
        if isinstance(block, doc.BulletList) and context == "help":
            return [self.labelled_rows(block)]
        if isinstance(block, doc.BulletList) and context in self.LISTS:
            return getattr(self, self.LISTS[context])(block)
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
        if isinstance(block, doc.Div) and "page-break" in block.classes:
            return self.page_break()
        if isinstance(block, doc.Div) and "card-break" in block.classes:
            return [FrameBreak()]
        if isinstance(block, doc.Div) and block.classes[0] == "sources-link":
            return self.sources_link(block)
        if isinstance(block, doc.Div) and "sources" in block.classes:
            return self.blocks(block.children, "sources")
        if isinstance(block, doc.Div) and "glossary" in block.classes:
            return self.blocks(block.children)
        return []  # speaker notes and slide breaks belong to decks

    def icon(self, icon: doc.Span, size: float) -> Flowable:
        """An icon: a Figure when it has a text equivalent, else decoration (an artifact)."""
        drawn = Icon(pdf_code(icon.icon, self.brand.primary, size, self.brand.alert), size)
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
        return self.paragraph(block.text, style, kind=lambda text, st: Heading(text, st, block.level),
                              role=self.heading_role(block.level))

    def heading_role(self, level: int) -> str:
        """H1 first, then no level skipped (a template may go from # to ###): assistive
        technology navigates by these levels."""
        self.heading_level = min(level, self.heading_level + 1)
        return f"H{self.heading_level}"

    def labelled_rows(self, block: doc.BulletList) -> Table:
        """Callout items as rows: an icon, then the bold lead (a phone number) large on the left.
        A lead that is a word ("Clinic") is set smaller: the numbers to dial stand out, and the
        words beside them keep their width (Spanish "Clínica" took a fifth of the line)."""
        rows, label_widths = [], []
        number_style, word_style = self.styles["help_number"], self.styles["help_word"]
        for item in block.items:
            icon, item = doc.leading_icon(item)
            label, rest = doc.bold_lead(item)
            style = number_style if any(ch.isdigit() for ch in label) else word_style
            label_widths.append(stringWidth(label, style.fontName, style.fontSize))
            text = self.markup(rest).lstrip(": ")
            mark = self.icon(icon, number_style.fontSize * 0.9) if icon else ""
            rows.append([mark, self.text(escape(label), style), self.text(text, self.styles["cell"])])
        # The label column fits the widest number ("116 123") on one line, up to a third of the box.
        label_width = max(label_widths) + 12
        label_width = min(max(label_width, 0.8 * inch), self.width / 3)  # 911 and 988 line up in every box
        icon_width = number_style.fontSize * 1.4 if any(row[0] for row in rows) else 0
        table = Table(rows, colWidths=[icon_width, label_width, self.width - icon_width - label_width - 6],
                      hAlign="LEFT")
        table.setStyle(TableStyle(BASE_CELL + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
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
                paragraph.whole_up_to = 8  # a list item is read whole: not split over two pages
                items.append(ListItem(paragraph, spaceAfter=2))
        kind = dict(bulletType="1", bulletFormat="%s.") if block.ordered else dict(bulletType="bullet", start="•")
        return List(items, leftIndent=18, bulletFontName=register_handout_fonts(), bulletFontSize=style.fontSize,
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
        widths = column_widths(len(block.header), self.width)
        table = Table([head] + rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(BASE_CELL + [
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
            cells = [[self.tag(Heading(self.markup(g[0].text), self.styles["h3"], 3), self.heading_role(3))]
                     + self.blocks(g[1:])
                     if isinstance(g[0], doc.Heading) else self.blocks(g) for g in groups]
        table = Table([cells], colWidths=[width + (gap if i < len(groups) - 1 else 0) for i in range(len(groups))],
                      hAlign="LEFT")
        table.setStyle(TableStyle(BASE_CELL + [("VALIGN", (0, 0), (-1, -1), "TOP"),
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
        arrow = arrow_drawing(size.body * 0.9, self.brand.primary, down=not across)
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
            table.setStyle(TableStyle(BASE_CELL + [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)] + boxes + arrows))
            # (space before, as a box has: a list above does not touch the diagram)
            return self.kept([Spacer(1, size.body * 0.4), table, Spacer(1, size.body * 0.6)])
        rows = [x for cell in cells for x in ([cell], [arrow])][:-1]
        table = Table(rows, colWidths=[self.width * 0.8], hAlign="LEFT")
        boxes = [("BOX", (0, i), (0, i), 1.2, colors.HexColor(self.brand.primary)) for i in range(0, len(rows), 2)]
        table.setStyle(TableStyle(BASE_CELL + boxes + [
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
                    rows.append([tick_box(size, self.brand.primary), self.paragraph(item, style)])
        table = Table(rows, colWidths=[size + 10, self.width - size - 10], hAlign="LEFT")
        table.setStyle(TableStyle(BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return [table, Spacer(1, self.size.body * 0.4)]

    LISTS = {"key": "key_points", "steps": "steps", "checklist": "checklist", "write-in": "write_in", "actions": "actions",
             "compact": "compact",
             "questions": "questions", "initials": "initials", "yes-no": "yes_no", "agree": "agree",
             "signatures": "signatures"}

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
        box.setStyle(TableStyle(BASE_CELL + [
            ("BOX", (0, 0), (-1, -1), 3.5 if help_box else 1.5,  # a heavy rule: known without colour
             colors.HexColor(self.brand.alert if help_box else self.brand.primary)),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 if help_box else 9),  # (the help rows pad their own foot)
        ]))
        return self.kept([Spacer(1, 2), box, Spacer(1, 5)])

    def kept(self, parts: list[Flowable]) -> list[Flowable]:
        """Parts kept on one page, in the page's flow; inside a box or a column (a table cell)
        nothing can be kept together."""
        return [KeepTogether(parts)] if self.width == self.page_width else parts
