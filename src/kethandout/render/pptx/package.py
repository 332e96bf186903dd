"""The presentation package: the design's empty presentation, its properties and a reproducible zip."""
from __future__ import annotations

import datetime as dt
import io
import struct

from pptx import Presentation
from pptx.oxml.ns import qn

from kethandout.deck.design import Design
from kethandout.deck.geometry import DEFAULT_GEOMETRY, emu
from kethandout.deck.pptx_internals import element, remove_slides
from kethandout.style.theme import DeckInfo

_DOS_1980 = (0, 1 << 5 | 1)  # 00:00:00 and 1980-01-01, as a zip entry stores its time and date


def presentation(design: Design):
    """An empty presentation in the design: the template's example slides are removed."""
    if design.template is None:
        return _default_presentation()
    prs = Presentation(io.BytesIO(design.package))  # as the design read it: the file is read once
    remove_slides(prs)
    return prs


def _default_presentation():
    """python-pptx's default template, widened from 4:3 to 16:9 (layouts included)."""
    prs = Presentation()
    geometry = DEFAULT_GEOMETRY
    scale = emu(geometry.slide_width) / prs.slide_width
    prs.slide_width, prs.slide_height = emu(geometry.slide_width), emu(geometry.slide_height)
    for owner in [prs.slide_master, *prs.slide_layouts]:  # XML directly: python-pptx's setters are slow
        for offset in element(owner).iter(qn("a:off")):
            offset.set("x", str(int(int(offset.get("x")) * scale)))
        for extent in element(owner).iter(qn("a:ext")):
            extent.set("cx", str(int(int(extent.get("cx")) * scale)))
    return prs


def set_properties(prs, info: DeckInfo) -> None:
    props = prs.core_properties
    stamp = dt.datetime.combine(info.date, dt.time(12, 0))
    def short(text: str) -> str:  # the document properties hold at most 255 characters
        return text if len(text) <= 255 else text[:254] + "…"

    props.title, props.author, props.subject = short(info.title), short(info.author), short(info.subject)
    props.language, props.last_modified_by, props.revision = short(info.language), short(info.author), 1
    props.created = props.modified = props.last_printed = stamp


def fixed_zip(data: bytes) -> bytes:
    """Every entry stamped 1980-01-01 00:00, where python-pptx stamps the current time.

    The stamps are set in place, in each entry's local header and in the central directory
    (the zip format's fixed offsets): writing the package again, compressing it a second
    time, took 20 ms."""
    out = bytearray(data)
    end = data.rindex(b"PK\x05\x06")  # end of central directory (python-pptx adds no comment)
    count, _, position = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        name, extra, comment = struct.unpack_from("<HHH", data, position + 28)
        (local,) = struct.unpack_from("<I", data, position + 42)
        struct.pack_into("<HH", out, position + 12, *_DOS_1980)
        struct.pack_into("<HH", out, local + 10, *_DOS_1980)
        position += 46 + name + extra + comment
    return bytes(out)
