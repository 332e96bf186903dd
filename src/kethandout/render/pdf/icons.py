"""Pictograms as PDF drawing operators, kept in the per-user cache (converting through svglib is slow)."""
from __future__ import annotations

import functools
import json
import re

from kethandout import user_cache
from kethandout.render.pdf.reportlab_internals import drawing_operators
from kethandout.style.icons import svg


@functools.lru_cache(maxsize=64)
def drawing(name: str, colour: str, size: float, ban_colour: str | None = None):
    """The icon as a ReportLab Drawing of vector paths (svglib), `size` points square."""
    import io

    from svglib.svglib import svg2rlg

    return svg2rlg(io.BytesIO(svg(name, colour, size * 4 / 3, ban_colour).encode()))  # svglib reads px


_PDF_CODE = "icons-pdf.json"  # in the private cache folder (user_cache.py)


_pdf_codes: dict[str, str] | None = None


def pdf_code(name: str, colour: str, size: float, ban_colour: str | None = None) -> str:
    """The icon as PDF drawing operators, for a box `size` points square at the origin.

    Converting an icon through svglib took 3 ms, and importing svglib 80 ms, of every build:
    the operators (drawing data, no resources) are kept in the per-user cache instead."""
    global _pdf_codes
    if _pdf_codes is None:
        try:
            _pdf_codes = json.loads(user_cache.read(_PDF_CODE) or "{}")
        except ValueError:  # damaged: made again
            _pdf_codes = {}
    key = f"{name}|{colour}|{size:g}|{ban_colour}"
    code = _pdf_codes.get(key)
    if not isinstance(code, str):
        code = convert(name, colour, size, ban_colour)
        _pdf_codes[key] = code
        user_cache.write(_PDF_CODE, json.dumps(_pdf_codes, sort_keys=True).encode())
    return code


def convert(name: str, colour: str, size: float, ban_colour: str | None) -> str:
    code = drawing_operators(drawing(name, colour, size, ban_colour))
    # renderPDF sets a font (text state only; icons have no text): nothing that names a resource may stay
    code = re.sub(r"BT [^\n]*? ET\n?", "", code)
    if "/" in code:
        raise ValueError(f"icon {name} needs PDF resources")
    return code
