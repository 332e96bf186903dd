"""A native, editable bar chart, and its embedded workbook dated as the deck is."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from pptx.dml.color import RGBColor

from kethandout.compose import doc
from kethandout.deck.design import Design
from kethandout.deck.diagrams import CHART_GAP
from kethandout.deck.geometry import Box, emu
from kethandout.deck.model import Slide
from kethandout.deck.pptx_internals import set_alt_text, set_blob
from kethandout.style import theme
from kethandout.style.theme import DeckInfo


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


def add_chart(pptx_slide, slide: Slide, box: Box, design: Design, info: DeckInfo) -> None:
    """A native, editable bar chart (a trainer restyles it in PowerPoint): one category per
    row, one series per further column, values labelled, text at 18 pt, and its data as
    alt text (and, from the template, in the notes)."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.util import Pt

    table = slide.chart
    data = CategoryChartData(number_format='0"%"')
    data.categories = [doc.plain(row[0]) for row in table.rows]
    for column, name in enumerate(table.header[1:], start=1):
        data.add_series(doc.plain(name), [_number(row[column]) for row in table.rows])
    frame = pptx_slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, emu(box.left), emu(box.top),
                                        emu(box.width), emu(box.height), data)
    chart = frame.chart
    chart.font.size = Pt(theme.DECK_CHART_SIZE)
    if design.font:
        chart.font.name = design.font
    chart.has_legend = len(table.header) > 2
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    chart.value_axis.maximum_scale, chart.value_axis.minimum_scale = 100, 0
    chart.value_axis.has_major_gridlines = False
    chart.category_axis.reverse_order = True  # the first row on top, as in the table
    plot = chart.plots[0]
    plot.gap_width = round(100 * CHART_GAP)  # the layout chose the rows for bars this thick
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = '0"%"', False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    if design.own_look:
        for series, colour in zip(plot.series, (info.branding.primary, "#7FA7BA")):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
    rows = "; ".join(f"{doc.plain(row[0])}: " + ", ".join(
        f"{doc.plain(name)} {doc.plain(cell)}" for name, cell in zip(table.header[1:], row[1:])) for row in table.rows)
    set_alt_text(frame, f"{slide.title}. {rows}")
    workbook = chart.part.chart_workbook.xlsx_part
    set_blob(workbook, _dated_workbook(workbook.blob, info.date))
