"""The fillable parts of the handout and the consent form: lines to write on, questions, initials,
yes/no, agreement and signatures."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kethandout.compose import doc
from kethandout.render.pdf.flowables import Field, field_key
from kethandout.render.pdf.reportlab_internals import Paragraph
from kethandout.render.pdf.styles import BASE_CELL, escape
from kethandout.style import theme


class FormParts:
    """Lines to write on and questions (the handout's "My care team" and questions to ask), and
    the consent form's initials, yes/no, agreement and signatures, as fillable fields (a mixin of the handout's flowables, whose styles and
    structure tree they use)."""

    def write_in(self, block: doc.BulletList) -> list[Flowable]:
        """Labels with a line to write on, or the value printed on it (from the clinic profile):
        two to a row, or one in large print."""
        style = self.styles["cell"]
        per_row = 2 if self.size.body < 16 and self.context_id != "card" else 1  # a card: one time to a line
        gap = 14
        column = (self.width - gap * (per_row - 1)) / per_row
        label_share = 0.5 if self.context_id == "card" else 0.36
        line_width = column * (1 - label_share)
        pairs = []
        for i, item in enumerate(block.items, start=1):
            label, rest = doc.bold_lead(item)
            label = label.rstrip(":")
            pairs.append(self.text(f"<b>{escape(label)}</b>", style))
            if self.context_id in ("fields", "card") and not doc.plain(rest).strip(" :"):  # a form: a field on the line
                # named by position, so that the form has the same fields in every language
                pairs.append(self.tag(Field("text", self.field_name(f"line-{i}"), label or str(i),
                                             line_width, self.size.leading * 1.3), "Form"))
            else:
                pairs.append(self.text(self.markup(rest).lstrip(": "), style))
        pairs = [pairs[i:i + 2] for i in range(0, len(pairs), 2)]
        rows = []
        for i in range(0, len(pairs), per_row):
            row = [cell for pair in pairs[i:i + per_row] for cell in pair + [""]][:-1]
            rows.append(row + [""] * (3 * per_row - 1 - len(row)))
        widths = ([column * label_share, line_width, gap] * per_row)[:-1]
        table = Table(rows, colWidths=widths, hAlign="LEFT", rowHeights=[self.size.leading * 1.8] * len(rows))
        lines = [("LINEBELOW", (i, 0), (i, -1), 0.75, colors.HexColor(theme.MUTED)) for i in range(1, len(widths), 3)]
        table.setStyle(TableStyle(BASE_CELL + [
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
            cell.setStyle(TableStyle(BASE_CELL + [
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (0, 1), (0, -1), 0.75, colors.HexColor(theme.MUTED))]))
            cells.append(cell)
        rows = [cells[i:i + per_row] + [""] * (per_row - len(cells[i:i + per_row]))
                for i in range(0, len(cells), per_row)]
        grid = Table(rows, colWidths=[width + gap] * (per_row - 1) + [width], hAlign="LEFT")
        grid.setStyle(TableStyle(BASE_CELL + [
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
                 self.tag(Field("text", self.field_name(f"initials-{field_key(self.context_id)}"),
                                 f"{self.labels['initials']}: {self.last_heading}: {doc.plain(item)}",
                                 box * 1.6, box * 0.75), "Form")]
                for item in block.items]
        table = Table(rows, colWidths=[self.width - box * 1.6 - 8 - label_width, label_width, box * 1.6 + 8],
                      hAlign="LEFT")
        table.setStyle(TableStyle(BASE_CELL + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                                ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return [table]

    def yes_no(self, block: doc.BulletList) -> list[Flowable]:
        """Questions with a Yes and a No box each; a bold ending is a note for staff, set in its
        own column."""
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
            # Two boxes, not a radio group: pypdf's usual filling writes a radio group's value as
            # text, and poppler (evince, CUPS) then prints neither answer; a box prints its tick.
            rows.append([self.text(self.markup(question).strip(), s["cell"]),
                         *(self.tag(Field("checkbox", f"{name}-{answer}", f"{tooltip} {self.labels[answer]}", size,
                                          size), "Form") for answer in ("yes", "no")),
                         self.text(escape(note), s["small"])])
        answer, note = size + 24, self.width * 0.2
        table = Table(rows, colWidths=[self.width - 2 * answer - note, answer, answer, note], repeatRows=1,
                      hAlign="LEFT")
        table.setStyle(TableStyle(BASE_CELL + [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (2, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.HexColor(self.brand.primary)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor(theme.RULE))]))
        return [table, Spacer(1, self.size.body * 0.5)]

    def agree(self, block: doc.BulletList) -> list[Flowable]:
        """Statements the patient ticks, each a checkbox field."""
        style, size = self.styles["cell"], self.size.body * 1.1
        rows = [[self.tag(Field("checkbox", self.field_name(f"agree-{i}"), doc.plain(item).strip() or f"{i}",
                                 size, size), "Form"),
                 self.text(self.markup(item), style)] for i, item in enumerate(block.items, start=1)]
        table = Table(rows, colWidths=[size + 10, self.width - size - 10], hAlign="LEFT")
        table.setStyle(TableStyle(BASE_CELL + [("VALIGN", (0, 0), (-1, -1), "TOP"),
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
            name = self.tag(Field("text", f"{key}-name", f"{role}: {self.labels['name']}", name_w, height), "Form")
            sign_label = self.text(escape(self.labels["signature"]), s["small"])
            date_label = self.text(escape(self.labels["date"]), s["small"])
            date = self.tag(Field("text", f"{key}-date", f"{role}: {self.labels['date']}", date_w, height), "Form")
            fields = Table([[name, "", date], [name_label, sign_label, date_label]],
                           colWidths=[name_w + 8, sign_w + 8, date_w], hAlign="LEFT")
            fields.setStyle(TableStyle(BASE_CELL + [
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.75, colors.HexColor(theme.INK)),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 10)]))
            out += self.kept([fields])
        return out
