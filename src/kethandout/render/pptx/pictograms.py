"""Pictograms on slides: a Lucide icon as a PNG picture with alt text (PowerPoint's pictures
must carry a bitmap; the handout draws the same icons as vectors)."""
from __future__ import annotations

import functools
import hashlib
import io

from kethandout import user_cache
from kethandout.deck.geometry import emu
from kethandout.deck.model import Picture
from kethandout.deck.pptx_internals import set_alt_text

PIXELS = 192  # about 300 dpi at the size a pictogram has beside a 24 pt line


@functools.lru_cache(maxsize=64)
def icon_png(name: str, colour: str) -> bytes:
    """The icon in `colour` ("#0B4F6C") on a transparent ground (so it sits on any background),
    kept in the per-user cache (user_cache.py): rasterising and importing the rasteriser took
    a fifth of a cold build."""
    from kethandout.style.icons import svg

    cache_name = "pictogram-" + hashlib.sha256(f"{PIXELS}|{svg(name, colour)}".encode()).hexdigest()[:32] + ".png"
    png = user_cache.read(cache_name)
    if png is None or not png.startswith(b"\x89PNG\r\n\x1a\n"):
        png = _rasterised(name, colour)
        user_cache.write(cache_name, png)
    return png


def _rasterised(name: str, colour: str) -> bytes:
    """Drawn as a one-page PDF, then rasterised by PDFium (ReportLab's own rasteriser needs
    Cairo, which has no wheels)."""
    import pypdfium2
    from reportlab.graphics import renderPDF

    from kethandout.render.pdf.icons import drawing

    page = pypdfium2.PdfDocument(renderPDF.drawToString(drawing(name, colour, 24)))[0]
    picture = page.render(scale=PIXELS / page.get_width(), fill_color=(255, 255, 255, 0)).to_pil()
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def add_pictures(pptx_slide, pictures: tuple[Picture, ...], colour: str) -> None:
    for picture in pictures:
        box = picture.box
        shape = pptx_slide.shapes.add_picture(io.BytesIO(icon_png(picture.icon, colour)), emu(box.left),
                                              emu(box.top), emu(box.width), emu(box.height))
        set_alt_text(shape, picture.alt)
