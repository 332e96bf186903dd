"""Every use of a private python-pptx internal, in one place: pinned to the python-pptx version
in pyproject.toml and covered by the deck's tests, so that an upgrade breaks this file only.
(Here in deck/, the lower layer, since both the template reader and the writer need it.)
(python-pptx has no public way to read a shape's XML, delete a slide, write a slide's shapes
as XML, set alt text or replace a part's bytes.)"""
from __future__ import annotations

import re

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.parts.slide import NotesSlidePart


def element(obj):
    """The lxml element behind a python-pptx object (a shape, layout, master or slide)."""
    return obj._element


def placeholder_element(placeholder):
    """A placeholder shape's <p:ph> element."""
    return placeholder._element.ph


def text_body(shape):
    """A text shape's <p:txBody> element."""
    return shape.text_frame._txBody


def slide_ids(prs):
    """The presentation's <p:sldIdLst>: the slides in order."""
    return prs.slides._sldIdLst


def remove_slides(prs) -> None:
    """Every slide of the presentation removed (a template's example slides): python-pptx has
    no public delete."""
    id_list = slide_ids(prs)
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def replace_shapes(slide, xml: str) -> None:
    """The slide's shape tree replaced by the one in `xml` (a whole <p:sld>)."""
    slide._element.replace(slide._element.cSld, parse_xml(xml).cSld)


def set_alt_text(shape, text: str) -> None:
    """A picture's or graphic frame's description, which screen readers read."""
    shape._element._nvXxPr.cNvPr.set("descr", text)


def set_blob(part, blob: bytes) -> None:
    """A part's bytes, replaced (the chart's embedded workbook)."""
    part._blob = blob


NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"


def first_notes_number(prs) -> int:
    """The number the next notes page's part takes (python-pptx's own choice, the first free one)."""
    return int(re.search(r"(\d+)\.xml$", prs.part.package.next_partname(NOTES_PARTNAME)).group(1))


def add_notes(slide_part, notes_master, xml: str, number: int) -> None:
    """The slide's notes page from `xml` (a whole <p:notes>), on the notes master, as part
    notesSlide{number}.xml: python-pptx's own method looks for a free name by walking every
    part of the package, for each slide (a third of writing a deck)."""
    part = NotesSlidePart(PackURI(NOTES_PARTNAME % number), CT.PML_NOTES_SLIDE, slide_part.package,
                          parse_xml(xml))
    part.relate_to(notes_master, RT.NOTES_MASTER)
    part.relate_to(slide_part, RT.SLIDE)
    slide_part.relate_to(part, RT.NOTES_SLIDE)
