"""Reading a PowerPoint template: opening it safely, its layouts, placeholders, boxes and theme fonts."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.exc import PackageNotFoundError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from kethandout import reads
from kethandout.deck.geometry import DRAWINGML_NS, INCH, Box, points
from kethandout.deck.pptx_internals import element, placeholder_element
from kethandout.errors import Code, Diagnostic, InputError

# Placeholder types as the XML names them (<p:ph type="...">; no type means "obj").
TITLE, CENTER_TITLE, SUBTITLE = "title", "ctrTitle", "subTitle"


FOOTER, SLIDE_NUMBER, DATE = "ftr", "sldNum", "dt"


BODY_TYPES = ("obj", "body")


MAX_PART_BYTES = 64_000_000  # one part of a template, unpacked (a large picture)


MAX_TEMPLATE_BYTES = 256_000_000  # all of them


def unusable(path: Path, why: str, hint: str | None = None) -> InputError:
    return InputError([Diagnostic("error", Code.BAD_DECK_TEMPLATE, f"cannot use the deck template: {why}", str(path),
                                  hint=hint)])


def read_template(path: Path) -> bytes:
    """The template file's bytes, read once: a regular file of at most MAX_TEMPLATE_BYTES (a FIFO
    would block, and a huge file would fill the memory)."""
    try:
        return reads.read_regular(path, MAX_TEMPLATE_BYTES, refuse_larger=True)
    except reads.NotRegularFile:
        raise unusable(path, "it is not a regular file") from None
    except reads.TooLarge as exc:
        raise unusable(path, f"it is {exc.size:,} bytes; the limit is {MAX_TEMPLATE_BYTES:,}") from None
    except OSError as exc:
        raise unusable(path, exc.strerror or str(exc)) from None


PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
# A template (.potx) and the macro-enabled kinds (.potm, .pptm) differ from a presentation by
# their main part's content type (and the macros' parts, which are never kept).
PRESENTATION_LIKE = ("application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
                     "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
                     "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
                     "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
                     "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml")
OTHER_OFFICE = {"wordprocessingml": "a Word document", "spreadsheetml": "an Excel workbook",
                "ms-word": "a Word document", "ms-excel": "an Excel workbook"}
MACROS = "application/vnd.ms-office.vbaProject"
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def check_parts(path: Path, package: bytes) -> None:
    """Each part of the package, and all of them, unpack to a sane size, and no XML part
    declares a DTD or entities (an entity bomb, or a file of this machine pulled into the
    deck): InputError if not."""
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as opened:
            parts = opened.infolist()
            big = next((part for part in parts if part.file_size > MAX_PART_BYTES), None)
            if big is not None:
                raise unusable(path, f"its part {big.filename} unpacks to {big.file_size:,} bytes; the limit is "
                                     f"{MAX_PART_BYTES:,}")
            if sum(part.file_size for part in parts) > MAX_TEMPLATE_BYTES:
                raise unusable(path, f"it unpacks to more than {MAX_TEMPLATE_BYTES:,} bytes")
            declared = next((part.filename for part in parts if part.filename.endswith((".xml", ".rels"))
                             and re.search(rb"<!(DOCTYPE|ENTITY)", opened.read(part.filename), re.IGNORECASE)), None)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:  # (RuntimeError: an encrypted part)
        raise InputError([Diagnostic("error", Code.BAD_DECK_TEMPLATE,
                                     f"cannot open the deck template as PowerPoint (.pptx): {exc}", str(path))])
    if declared is not None:
        raise unusable(path, f"its part {declared} declares a DTD or entities, which PowerPoint files never do",
                       hint="open it in PowerPoint or LibreOffice Impress and save it again")


def as_presentation(path: Path, package: bytes) -> bytes:
    """The template as a presentation python-pptx opens: a .potx, .potm or .pptm has its main
    content type changed and its macros left out (never run, never copied). Anything else
    that is not a PowerPoint file is refused with what to do."""
    check_parts(path, package)
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as opened:
            types = etree.fromstring(opened.read("[Content_Types].xml"), _SAFE_XML)
            main = next((o for o in types if o.get("PartName") == "/ppt/presentation.xml"), None)
            kind = main.get("ContentType") if main is not None else ""
            macros = {o.get("PartName").lstrip("/") for o in types if o.get("ContentType") == MACROS}
            if kind == PRESENTATION and not macros:
                return package
            if kind not in PRESENTATION_LIKE + (PRESENTATION,):
                other = next((name for key, name in OTHER_OFFICE.items() if any(key in (o.get("ContentType") or "")
                                                                                  for o in types)), None)
                raise unusable(path, f"it is {other}, not a PowerPoint template" if other else
                               "it is not a PowerPoint presentation or template",
                               hint="open it in PowerPoint (or LibreOffice Impress) and save it as a template "
                                    "(.potx) or presentation (.pptx)")
            return _rewritten(opened, types, main, macros)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, ValueError):
        return package  # open_template says what is wrong with it


def _rewritten(opened: zipfile.ZipFile, types, main, macros: set[str]) -> bytes:
    main.set("ContentType", PRESENTATION)
    for override in [o for o in types if (o.get("PartName") or "").lstrip("/") in macros]:
        types.remove(override)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        for info in opened.infolist():
            if info.filename in macros:
                continue
            data = opened.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename.endswith(".rels") and macros:
                rels = etree.fromstring(data, _SAFE_XML)
                for rel in [r for r in rels if r.get("Type", "").endswith("/vbaProject")]:
                    rels.remove(rel)
                data = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
            written.writestr(info, data)
    return out.getvalue()


def open_template(path: Path, package: bytes):
    """The template (read_template's bytes), once its parts are known to unpack to a sane size
    (a zip bomb would otherwise fill the memory)."""
    check_parts(path, package)
    try:
        return Presentation(io.BytesIO(package))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, OSError) as exc:
        raise InputError([Diagnostic("error", Code.BAD_DECK_TEMPLATE,
                                     f"cannot open the deck template as PowerPoint (.pptx): {exc}", str(path))])


def _types(slide_layout) -> set[str]:
    """Placeholder types of a layout ("title", "obj", ...), footers aside; vertical-text
    layouts count as unusable."""
    phs = list(element(slide_layout).iter(qn("p:ph")))
    if any(ph.get("orient") == "vert" for ph in phs):
        return set()
    return {_kind(ph) for ph in phs} - {"dt", "ftr", "sldNum"}


def layouts_of(slide_layouts) -> dict | None:
    """One master's layouts found by what they hold, not by name: programs name them
    differently ("Title and Content", "Title, Content"). None when it has no content layout."""
    types = [(lay, _types(lay)) for lay in slide_layouts]

    def with_types(*choices: set) -> list:
        """Layouts matching the first choice that any layout matches."""
        for wanted in choices:
            found = [lay for lay, kinds in types if kinds == wanted]
            if found:
                return found
        return []

    contents = with_types({TITLE, "obj"}, {TITLE, "body"})
    if not contents:
        return None
    content = max(contents, key=lambda lay: _area(find_placeholder(lay, BODY_TYPES)))  # not a small section header
    covers = with_types({CENTER_TITLE, SUBTITLE}, {TITLE, SUBTITLE})
    title_only = with_types({TITLE})
    return {"content": content, "cover": covers[0] if covers else None,
            "title_only": title_only[0] if title_only else content}


def choose_layouts(prs, path: Path | None = None, master: int = 0) -> dict:
    """The layouts of the slides: content and title-only from the chosen master, the cover
    from the first master that has one."""
    chosen = layouts_of(prs.slide_masters[master].slide_layouts) if master < len(prs.slide_masters) else None
    if chosen is None:
        names = ", ".join(f"'{lay.name}'" for m in prs.slide_masters for lay in m.slide_layouts) or "none"
        raise InputError([Diagnostic(
            "error", Code.UNUSABLE_DECK_TEMPLATE,
            f"the template has no layout with a title and one body placeholder (its layouts: {names})",
            str(path or "deck template"), hint="add a 'Title and Content' layout to the template")])
    covers = (layouts_of(m.slide_layouts) for m in prs.slide_masters)
    cover = next((found["cover"] for found in covers if found and found["cover"] is not None), chosen["content"])
    return {**chosen, "cover": cover}


def layout_positions(prs, layouts: dict) -> dict[str, tuple[int, int]]:
    """{"cover"/"content"/"title_only": (slide master's index, layout's index)}: where the chosen
    layouts are, so that the writer takes them from its own copy of the presentation."""
    where = {id(lay.part): (m, n) for m, master in enumerate(prs.slide_masters)
             for n, lay in enumerate(master.slide_layouts)}
    return {name: where[id(lay.part)] for name, lay in layouts.items()}


def layouts_at(prs, positions: dict[str, tuple[int, int]]) -> dict:
    return {name: prs.slide_masters[m].slide_layouts[n] for name, (m, n) in positions.items()}


def _area(shape) -> int:
    return (shape.width or 0) * (shape.height or 0)


def _kind(ph) -> str:
    """The type of a <p:ph> element."""
    return ph.get("type", "obj")


def find_placeholder(owner, types: tuple):
    """The python-pptx placeholder of the first of these types (its position inherited)."""
    for wanted in types:
        for ph in owner.placeholders:
            if _kind(placeholder_element(ph)) == wanted:
                return ph
    return None


def on_slide(box: Box, width: float, height: float, fallback: Box | None) -> Box | None:
    """The part of a box on the slide; the fallback when that is under 1.5 x 0.4 inches."""
    left, top = max(box.left, 0), max(box.top, 0)
    right, bottom = min(box.left + box.width, width), min(box.top + box.height, height)
    if right - left < 1.5 * INCH or bottom - top < 0.4 * INCH:
        return fallback
    return Box(left, top, right - left, bottom - top)


def inside_slide(box: Box, width: float, height: float) -> bool:
    return box.left >= -0.5 and box.top >= -0.5 and box.left + box.width <= width + 0.5 and \
        box.top + box.height <= height + 0.5


def optional_box(shape) -> Box | None:
    """A placeholder's box, or None when there is none that makes sense (it is then not used)."""
    values = [getattr(shape, name, None) for name in ("left", "top", "width", "height")] if shape is not None else []
    if not values or any(value is None for value in values) or values[2] <= 0 or values[3] <= 0:
        return None
    return Box(*(points(value) for value in values))


def required_box(shape, template: Path, what: str) -> Box:
    """A placeholder's position and size; one that has none (or none that makes sense) makes
    the template unusable."""
    box = optional_box(shape)
    if box is None:
        raise unusable(template, f"{what} placeholder has no position or size")
    return box


def theme_fonts(master) -> tuple[str, str]:
    """A slide master's theme's heading (major) and body (minor) Latin fonts."""
    try:
        part = master.part.part_related_by(RT.THEME)
    except KeyError:  # a master without a theme: the deck names its own font
        return "", ""
    xml = etree.fromstring(part.blob, _SAFE_XML)
    major = xml.xpath("//a:majorFont/a:latin/@typeface", namespaces={"a": DRAWINGML_NS})
    minor = xml.xpath("//a:minorFont/a:latin/@typeface", namespaces={"a": DRAWINGML_NS})
    return (major[0] if major else ""), (minor[0] if minor else "")


# Layouts and placeholders, read from the XML (python-pptx's placeholder lookups are slow) ----


def placeholder_elements(owner) -> dict[str, str]:
    """{placeholder type: its `<p:ph .../>` as XML}, first of each type, for a layout or master."""
    found: dict[str, str] = {}
    for ph in element(owner).iter(qn("p:ph")):
        kind = _kind(ph)
        attributes = "".join(f' {name}="{value}"' for name, value in ph.attrib.items() if name != "orient")
        found.setdefault(kind, f"<p:ph{attributes}/>")
    return found


def first_placeholder(placeholders: dict[str, str], kinds: tuple[str, ...]) -> str | None:
    return next((placeholders[kind] for kind in kinds if kind in placeholders), None)
