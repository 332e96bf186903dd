"""The at-a-glance page's parts: the clinic's masthead, the visit actions with pictograms and boxes to tick, short
items two to a row, the end of page 1 of the handout, and the line (with a QR code) that
stands for the sources on patient paper."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import ActionFlowable

from kethandout.compose import doc
from kethandout.render.pdf.flowables import logo_image, qr_code, tick_box
from kethandout.render.pdf.styles import BASE_CELL, escape
from kethandout.style import theme


class GlanceParts:
    """A mixin of the handout's flowables, whose styles and structure tree these use."""

    def clinic_header(self) -> list[Flowable]:
        """Page 1 masthead: logo, clinic name and contacts, and a QR code to the web page; kept
        short, since page 1 must hold the whole at-a-glance page."""
        brand = self.brand
        if not brand.clinic_name:
            return []
        s = self.styles
        logo = (self.tag(logo_image(brand.logo, max_width=0.9 * inch, max_height=0.55 * inch), "Figure", alt=self.logo_alt)
                if brand.logo else Spacer(1, 1))
        details = [self.text(escape(brand.clinic_name), s["clinic"]),
                   self.text("<br/>".join(escape(line) for line in brand.contact_lines), s["small"])]
        qr = [self.tag(qr_code(brand.url, 0.65 * inch), "Figure", alt=self.qr_alt),
              self.text(escape(self.caption), s["caption"])] if brand.url else Spacer(1, 1)
        # The QR column as wide as its caption's line where the contact lines leave the room: a
        # caption on two lines (Spanish) made the masthead a line taller, which a one-page sheet
        # cannot spare.
        logo_width = 1.05 * inch
        widest_line = max(stringWidth(line, s["small"].fontName, s["small"].fontSize) for line in
                          [*brand.contact_lines, ""]) + 6
        caption_width = stringWidth(self.caption, s["caption"].fontName, s["caption"].fontSize) + 4
        qr_width = max(1.2 * inch, min(caption_width, self.width - logo_width - widest_line))
        row = Table([[logo, details, qr]], colWidths=[logo_width, self.width - logo_width - qr_width, qr_width],
                    hAlign="LEFT")
        row.setStyle(TableStyle(BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (2, 0), (2, 0), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, 0), 1, colors.HexColor(brand.primary)),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
        return [row, Spacer(1, 6)]

    def actions(self, block: doc.BulletList) -> list[Flowable]:
        """Each action as a box to tick and a large pictogram beside its bold title and its
        words, one to a row: the four things to do for a visit, found at a glance."""
        size = self.size
        icon_size, box = size.body * 2, size.body * 1.1
        rows = []
        with self.group("L"):
            for item in block.items:
                icon, rest = doc.leading_icon(item)
                title, text = doc.bold_lead(rest)
                with self.list_item():
                    mark = self.icon(icon, icon_size) if icon else ""
                    words = self.text(f"<b>{escape(title)}</b> " + self.markup(text).strip(), self.styles["body"])
                rows.append([tick_box(box, self.brand.primary), mark, words])
        table = Table(rows, colWidths=[box + 8, icon_size + 8, self.width - box - icon_size - 16], hAlign="LEFT")
        table.setStyle(TableStyle(BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        return [table]

    def compact(self, block: doc.BulletList) -> list[Flowable]:
        """Short items (names of side effects, of conditions) two to a row, read across as a line
        of text is; one to a row in large print."""
        if self.size.body >= 16 or self.width < 2 * 2.2 * inch:
            return [self.bullets(block, self.styles["body"])]
        indent = self.size.body * 0.9
        style = ParagraphStyle("compact", parent=self.styles["cell"], leftIndent=indent, firstLineIndent=-indent)
        cells = []
        with self.group("L"):
            for item in block.items:
                with self.list_item():
                    cells.append(self.text("•&nbsp;" + self.markup(item), style))
        rows = [cells[i:i + 2] + [""] * (i + 2 - len(cells)) for i in range(0, len(cells), 2)]
        table = Table(rows, colWidths=[self.width / 2] * 2, hAlign="LEFT")
        table.setStyle(TableStyle(BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        return [table, Spacer(1, 2)]

    def page_break(self) -> list[Flowable]:
        return [_AfterPageOne()]

    def sources_link(self, block: doc.Div) -> list[Flowable]:
        """One line where the journal references would be: what the sheet is based on and
        where its sources can be read, with a QR code to that page when there is one."""
        url = block.classes[1] if len(block.classes) > 1 else ""
        words = [self.paragraph(b.text, self.styles["cell"]) for b in block.children if isinstance(b, doc.Paragraph)]
        if not url:
            return words
        code = self.tag(qr_code(url, 0.6 * inch), "Figure", alt=self.qr_alt)
        row = Table([[words, code]], colWidths=[self.width - 0.8 * inch, 0.8 * inch], hAlign="LEFT")
        row.setStyle(TableStyle(BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.HexColor(theme.RULE)), ("TOPPADDING", (0, 0), (-1, -1), 6)]))
        return self.kept([Spacer(1, 2), row])


class _AfterPageOne(ActionFlowable):
    """The end of page 1 (the at-a-glance page): the rest starts on page 2. Where page 1 ran
    over (a long translation), the rest follows on from it, with no page left nearly empty."""

    def apply(self, doc):
        if doc.page == 1:
            doc.handle_pageBreak()
