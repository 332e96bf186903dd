"""Text measurement with the real metrics of the deck font, and greedy word wrapping.

1 px = 1 pt at 72 dpi, so Pillow's lengths at a size in points are lengths in points.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import cache, lru_cache
from pathlib import Path

import PIL
from PIL import ImageFont

from kethandout import user_cache
from kethandout.compose.doc import Inline
from kethandout.style.fonts import ARIAL_METRICS, Metrics

_REFERENCE_SIZE = 100  # measure once at 100 pt and scale: Pillow rounds at small sizes


@cache
def _font(metrics: Metrics, bold: bool) -> ImageFont.FreeTypeFont:
    if metrics.bold is None:  # a variable font: pick the weight on its wght axis
        font = ImageFont.truetype(str(metrics.regular), _REFERENCE_SIZE)
        font.set_variation_by_axes([700 if bold else 400])
        return font
    return ImageFont.truetype(str(metrics.bold if bold else metrics.regular), _REFERENCE_SIZE)


def text_width(text: str, size: float, bold: bool = False, metrics: Metrics = ARIAL_METRICS) -> float:
    return _reference_width(text, bold, metrics) * size / _REFERENCE_SIZE


@cache  # each word is asked for again at every size the layout tries
def _reference_width(text: str, bold: bool, metrics: Metrics) -> float:
    """One measurement per word, kept for later runs."""
    known = _known_widths(metrics)
    key = f"{int(bold)}{text}"
    width = known.get(key)
    if width is None:
        width = known[key] = _font(metrics, bold).getlength(text)
        _unsaved.add(metrics)
    return width


_unsaved: set[Metrics] = set()
MAX_SAVED_WIDTHS = 50_000  # about 1.5 MB; the default deck has 900 words


@cache
def _known_widths(metrics: Metrics) -> dict[str, float]:
    """Widths at the reference size measured on earlier runs, from the private cache folder
    (user_cache.py): measuring a word took 25 µs, a fifth of laying out the default deck. "1"
    before a word means bold."""
    try:
        widths = json.loads(user_cache.read(_widths_file(metrics)))
    except (TypeError, ValueError):  # none yet, or damaged: measured again
        return {}
    if not isinstance(widths, dict) or not all(isinstance(w, float) for w in widths.values()):
        return {}
    return widths


def save_widths() -> None:
    """Keep the widths measured in this process for the next runs."""
    for metrics in _unsaved:
        if len(_known_widths(metrics)) <= MAX_SAVED_WIDTHS:
            user_cache.write(_widths_file(metrics), json.dumps(_known_widths(metrics)).encode())
    _unsaved.clear()


def _widths_file(metrics: Metrics) -> str:
    """Named for what decides the widths: the font files, Pillow and its layout engine, and
    this module's code (how fonts are opened and measured)."""
    files = [path for path in (metrics.regular, metrics.bold) if path]
    stamp = repr([(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
                 + [PIL.__version__, getattr(ImageFont.core, "HAVE_RAQM", None), Path(__file__).read_bytes()])
    return f"widths-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.json"


Word = tuple[str, bool]  # (text, bold)


def words(inline: Inline) -> list[Word]:
    """Split an inline run into words, keeping each word's weight."""
    out: list[Word] = []
    glue = False  # the previous span ended inside a word (e.g. "**911**:")
    for span in inline:
        parts = span.text.split(" ")
        for i, part in enumerate(parts):
            if i == 0 and glue and out and part:
                out[-1] = (out[-1][0] + part, out[-1][1] or span.strong)
            elif part:
                out.append((part, span.strong))
        glue = not span.text.endswith(" ")
    return out


_AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")  # "FDA-|approved"; not "20-25"


def unbreakable(text: str) -> list[str]:
    """The pieces of a text that no line break divides."""
    return [part for word in text.split() for part in _AFTER_HYPHEN.split(word)]


@lru_cache(maxsize=65536)  # layout measures the same paragraph at the same width many times
def wrap(inline: Inline, width: float, size: float, metrics: Metrics = ARIAL_METRICS) -> tuple[tuple[Word, ...], ...]:
    """Greedy line breaking as PowerPoint and LibreOffice do it: at spaces, and after a hyphen
    between letters; a piece wider than the line is cut."""
    lines: list[list[Word]] = [[]]
    used = 0.0
    space = text_width(" ", size, False, metrics)
    for word, bold in words(inline):
        for k, part in enumerate(_AFTER_HYPHEN.split(word)):
            glued = k > 0  # the rest of a hyphenated word: no space before it
            for piece in _pieces(part, bold, width, size, metrics):
                piece_width = text_width(piece, size, bold, metrics)
                needed = piece_width + (space if lines[-1] and not glued else 0)
                if lines[-1] and used + needed > width:
                    lines.append([])
                    used, needed, glued = 0.0, piece_width, False
                if glued and lines[-1]:
                    lines[-1][-1] = (lines[-1][-1][0] + piece, bold)
                else:
                    lines[-1].append((piece, bold))
                used += needed
                glued = False  # the pieces of a cut word go on lines of their own
    return tuple(tuple(line) for line in lines if line) or ((),)


def _pieces(word: str, bold: bool, width: float, size: float, metrics: Metrics) -> list[str]:
    """A word that cannot fit on one line, cut into pieces that do."""
    if text_width(word, size, bold, metrics) <= width:
        return [word]
    pieces, current = [], ""
    for char in word:
        if current and text_width(current + char, size, bold, metrics) > width:
            pieces.append(current)
            current = ""
        current += char
    return pieces + [current]
