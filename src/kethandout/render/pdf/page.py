"""The furniture of every page: the colour band, the footer with its page number, the notice and the DRAFT band."""
from __future__ import annotations

import functools

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth

from kethandout.render.pdf.reportlab_internals import marked, tagging_canvas
from kethandout.render.pdf.structure import Node
from kethandout.render.pdf.styles import (
    BAND,
    DRAFT_GAP,
    FRAME_PADDING,
    MARGIN,
    register_handout_fonts,
)
from kethandout.style import theme
from kethandout.style.fonts import HANDOUT_FAMILY
from kethandout.style.theme import HandoutInfo


def numbered_canvas(info: HandoutInfo, draft: Node | None = None):
    """The handout's canvas: its furniture on every page. draft: the node of the DRAFT band,
    real content on page 1 (furniture on the others)."""
    return tagging_canvas(functools.partial(_draw_furniture, info=info, draft=draft))


def _draw_furniture(canvas, number: int, total: int, pagesize: tuple[float, float], info: HandoutInfo,
                    draft: Node | None) -> None:
    """The colour band, the footer and page number, the notice, and the DRAFT band."""
    width, height = pagesize
    canvas.setFillColor(colors.HexColor(info.branding.primary))
    canvas.rect(0, height - BAND, width, BAND, stroke=0, fill=1)  # a plain band, no text on it
    left, right = MARGIN + FRAME_PADDING, width - MARGIN - FRAME_PADDING  # aligned with the text
    font, size = register_handout_fonts(), info.style.footer
    page = info.page_label.format(number=number, total=total)
    lines, notice = _footer_rows(info, right - left, page)
    top, rule, step = _footer_place(len(lines) + len(notice), size)
    canvas.setStrokeColor(colors.HexColor(theme.RULE))
    canvas.setLineWidth(0.5)
    canvas.line(left, rule, right, rule)
    canvas.setFillColor(colors.HexColor(theme.MUTED))
    canvas.setFont(font, size)
    canvas.drawRightString(right, top, page)
    for i, line in enumerate(lines):
        canvas.drawString(left, top - i * step, line)
    if info.draft:
        _draw_draft(canvas, number, left, right, height, info, draft)
    canvas.setFont(HANDOUT_FAMILY + "-bold", size)
    canvas.setFillColor(colors.HexColor(info.branding.alert))
    for i, line in enumerate(notice, start=len(lines)):
        canvas.drawString(left, top - i * step, line)


def _draw_draft(canvas, number: int, left: float, right: float, height: float, info: HandoutInfo,
                draft: Node | None) -> None:
    """The DRAFT band in the top margin: read first on page 1, an artifact after."""
    size = info.style.body  # as large as the body text, in every style
    bottom = height - BAND - DRAFT_GAP - size * 1.6  # under the colour band, above the text frame
    canvas.setStrokeColor(colors.HexColor(info.branding.alert))
    canvas.setLineWidth(1.5)
    canvas.rect(left, bottom, right - left, size * 1.6, stroke=1, fill=0)
    with marked(canvas, draft if number == 1 else None, draft, page=0):
        canvas.setFont(HANDOUT_FAMILY + "-bold", size)
        canvas.setFillColor(colors.HexColor(info.branding.alert))
        canvas.drawCentredString((left + right) / 2, bottom + size * 0.5, info.draft)


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
