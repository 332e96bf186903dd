"""Tables on slides: column widths, row heights, and long tables over several slides."""
from __future__ import annotations

from functools import cache

from kethandout.compose import doc
from kethandout.deck.fitting import bolded, sizes_between
from kethandout.deck.geometry import CELL_MARGIN_X, CELL_MARGIN_Y, SAFETY
from kethandout.deck.measure import text_width, unbreakable, wrap
from kethandout.deck.model import Slide, SlideTable, TextParagraph
from kethandout.style import theme

LONG_CELL_LINES = 8  # table cells of this many lines or more are given one more


class TableLayout:
    """Tables: column widths, row heights, and a long table over several slides (a mixin of the
    layouter)."""

    def table_slides(self, title: str, table: doc.Table, notes: str) -> list[Slide]:
        """Tables at the largest size that fits; long ones split by rows with the header repeated."""
        limit = self.g.body.height
        for size in sizes_between(theme.DECK_TABLE_MAX, theme.DECK_TABLE_MIN):
            row_heights = self._row_heights(table, size)
            widths = self.column_widths(table, size, row_heights)
            heights = row_heights(widths)
            if sum(heights) <= limit:
                break
        if heights[0] + max(heights[1:], default=0) > limit:
            # a row taller than the slide even alone: the table becomes a list, which can continue
            return self.text_slides(title, [_row_as_paragraph(table.header, row) for row in table.rows], notes)
        slides: list[Slide] = []
        for start, end in _balanced_runs(heights[0], heights[1:], limit):
            part = SlideTable(table.header, table.rows[start:end], tuple(widths),
                              tuple([heights[0]] + heights[start + 1:end + 1]))
            slides.append(Slide(title, self.fit_title(title), notes, table=part, body_size=size))
        return slides

    def column_widths(self, table: doc.Table, size: float, row_heights, steps: int = 24) -> list[float]:
        """Start each column at its longest word, so no word is cut, then hand out the rest of
        the width in small steps, each to the column where it saves the most table height.
        row_heights: _row_heights(table, size)."""
        columns = list(zip(table.header, *table.rows))
        metrics = self.g.body_metrics
        widths = [max(text_width(w, size, True, metrics) for cell in col for w in unbreakable(doc.plain(cell)) or [""])
                  + 2 * CELL_MARGIN_X + 4 for col in columns]
        if sum(widths) > self.g.body.width:
            # not even the longest words fit side by side (they will be cut): a column wider
            # than an even share starts at that share, and the rest is handed out as below
            widths = [min(w, self.g.body.width / len(columns)) for w in widths]
        spare = self.g.body.width - sum(widths)
        if spare <= 0.01:
            return [self.g.body.width / len(columns)] * len(columns)
        step = spare / steps

        def table_height(widths: list[float]) -> float:
            header, *rows = row_heights(widths)
            return header + sum(rows)

        for done in range(steps):
            current = table_height(widths)
            heights = [table_height(widths[:c] + [w + step] + widths[c + 1:]) for c, w in enumerate(widths)]
            best = min(range(len(widths)), key=heights.__getitem__)
            if heights[best] >= current:  # no step helps any more: share the rest by text length
                demand = [max(text_width(doc.plain(cell), size, False, metrics) for cell in col) for col in columns]
                rest = step * (steps - done)
                return [w + rest * d / sum(demand) for w, d in zip(widths, demand)]
            widths[best] += step
        return widths

    def _row_heights(self, table: doc.Table, size: float):
        """The height of each row (the bold header first) as a function of the column widths.
        The search for column widths asks for the same cell at the same width over and over:
        each is wrapped once (10 ms of the default deck's layout)."""
        rows = [tuple(bolded(cell) for cell in table.header), *table.rows]

        @cache
        def lines(row: int, column: int, width: float) -> int:
            count = len(wrap(rows[row][column], (width - 2 * CELL_MARGIN_X) * SAFETY, size, self.g.body_metrics))
            # a long cell gets a line to spare: LibreOffice set a 12-line cell 6 pt taller than measured
            return count + 1 if count >= LONG_CELL_LINES else count

        def heights(widths: list[float]) -> list[float]:
            return [max(lines(row, column, width) for column, width in enumerate(widths))
                    * size * theme.DECK_LINE_SPACING + 2 * CELL_MARGIN_Y for row in range(len(rows))]

        return heights



def _row_as_paragraph(header: tuple[doc.Inline, ...], row: tuple[doc.Inline, ...]) -> TextParagraph:
    """A table row as one bullet: its first cell in bold, then "Column: text" for the others."""
    spans = [doc.Span(doc.plain(row[0]) + ".", strong=True)] if row else []
    for name, cell in zip(header[1:], row[1:]):
        spans += [doc.Span(f" {doc.plain(name)}: "), *cell, doc.Span(".")]
    return TextParagraph(tuple(spans), "•")


def _runs(header: float, rows: list[float], cap: float) -> list[tuple[int, int]]:
    """Rows in order, as many on each slide as fit under `cap` with the header (at least one)."""
    runs, start = [], 0
    while start < len(rows):
        used, end = header + rows[start], start + 1
        while end < len(rows) and used + rows[end] <= cap:
            used += rows[end]
            end += 1
        runs.append((start, end))
        start = end
    return runs


def _balanced_runs(header: float, rows: list[float], limit: float) -> list[tuple[int, int]]:
    """As few slides as fit under `limit`, with the rows shared as evenly as they can be: the
    lowest height cap that still needs no more slides (so no slide carries one lone row)."""
    count = len(_runs(header, rows, limit))
    # (a row taller than the limit stands alone; it must not raise the cap of the others)
    low, high = min(header + max(rows, default=0), limit), limit
    for _ in range(30):
        middle = (low + high) / 2
        if len(_runs(header, rows, middle)) <= count:
            high = middle
        else:
            low = middle
    return _runs(header, rows, high)
