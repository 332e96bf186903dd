"""What really lies under a template's text (the layout's or master's background: a colour, a
gradient or a picture, and the shapes drawn on it), and the text colours that read on it at
4.5:1 or better (WCAG 2's contrast ratio)."""
from __future__ import annotations

import io
from dataclasses import dataclass

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from kethandout.deck.geometry import Box, points
from kethandout.deck.pptx_internals import element

MINIMUM = 4.5
INK, WHITE = "#1A1A1A", "#FFFFFF"
PANEL = "#EBEBEB"  # the darkest a panel (92% white) can look, over black
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SCHEME = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
           "hlink", "folHlink")


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def worst(colour: str, grounds: list[str]) -> float:
    """The lowest contrast of the colour against any of the grounds."""
    return min((ratio(colour, ground) for ground in grounds), default=21.0)


def readable(grounds: list[str], *preferred: str | None) -> str | None:
    """The first colour, of the preferred ones and then near-black and white, that reads at
    4.5:1 on every ground; None when none does (a busy picture: the text needs a panel)."""
    return next((c for c in (*preferred, INK, WHITE) if c and worst(c, grounds) >= MINIMUM), None)


def adjusted(colour: str, grounds: list[str]) -> str | None:
    """The colour, darkened (or else lightened) in steps until it reads at 4.5:1 on every ground
    (an accent on a pale or a dark background; a table header's fill under white text)."""
    start = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    for toward in (0, 255):
        for step in range(11):
            mixed = "#" + "".join(f"{round(c + (toward - c) * step / 10):02X}" for c in start)
            if worst(mixed, grounds) >= MINIMUM:
                return mixed
    return None


@dataclass(frozen=True)
class Ground:
    """What lies under text on one layout: the background's colours or picture, and the
    shapes of the layout and its master, each with its colours or picture."""

    width: float
    height: float
    colours: tuple[str, ...]  # the background's colour, or its gradient's stops
    picture: object | None  # a PIL image stretched over the slide
    shapes: tuple[tuple[Box, tuple[str, ...], object | None], ...]

    def under(self, box: Box) -> list[str]:
        """The colours under a box: the background's, and those of the shapes it meets."""
        found = list(self.colours)
        if self.picture is not None:
            found += _pixels(self.picture, box, Box(0, 0, self.width, self.height))
        for where, colours, picture in self.shapes:
            if _meets(where, box):
                found += list(colours) + (_pixels(picture, box, where) if picture is not None else [])
        return found or [WHITE]


def over_picture(layout, box: Box, width: float, height: float) -> bool:
    """A picture (the background's, or a shape's) lies under the box."""
    ground = ground_of(layout, width, height)
    return ground.picture is not None or any(picture is not None and _meets(where, box)
                                             for where, _, picture in ground.shapes)


def ground_of(layout, width: float, height: float) -> Ground:
    master = layout.slide_master
    scheme = _scheme(master)
    owner = layout if element(layout).find(f"{qn('p:cSld')}/{qn('p:bg')}") is not None else master
    colours, picture = _background(owner, scheme)
    shapes = []
    for part_owner in (master, layout):
        for shape in part_owner.shapes:
            if shape.is_placeholder or shape.left is None or shape.width is None:
                continue
            box = Box(points(shape.left), points(shape.top), points(shape.width), points(shape.height))
            fills, image = _shape_fill(shape, part_owner, scheme)
            if fills or image is not None:
                shapes.append((box, tuple(fills), image))
    return Ground(width, height, tuple(colours), picture, tuple(shapes))


def scheme_colour(master, name: str) -> str | None:
    return _scheme(master).get(name)


def _scheme(master) -> dict[str, str]:
    """The theme's colours by name, through the master's colour map (bg1 -> lt1, tx1 -> dk1)."""
    theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob, etree.XMLParser(resolve_entities=False))
    found: dict[str, str] = {}
    for name in _SCHEME:
        node = theme.find(f".//{_A}clrScheme/{_A}{name}")
        if node is not None and len(node):
            value = node[0].get("lastClr") or node[0].get("val")
            if value and len(value) == 6:
                found[name] = f"#{value.upper()}"
    mapping = element(master).find(qn("p:clrMap"))
    for alias, default in (("bg1", "lt1"), ("tx1", "dk1"), ("bg2", "lt2"), ("tx2", "dk2")):
        target = mapping.get(alias, default) if mapping is not None else default
        if target in found:
            found[alias] = found[target]
    return found


def _colour(node, scheme: dict[str, str]) -> str | None:
    """A DrawingML colour element's RGB (srgbClr, sysClr, schemeClr; its tints left aside)."""
    if node is None:
        return None
    if node.tag == f"{_A}srgbClr":
        return f"#{node.get('val', '000000').upper()}"
    if node.tag == f"{_A}sysClr":
        return f"#{(node.get('lastClr') or '000000').upper()}"
    if node.tag == f"{_A}schemeClr":
        return scheme.get(node.get("val", ""))
    return None


def _fill_colours(fill, scheme: dict[str, str]) -> list[str]:
    if fill is None:
        return []
    if fill.tag == f"{_A}solidFill":
        return [c for c in [_colour(fill[0] if len(fill) else None, scheme)] if c]
    if fill.tag == f"{_A}gradFill":
        return [c for stop in fill.iter(f"{_A}gs") for c in [_colour(stop[0] if len(stop) else None, scheme)] if c]
    return []


def _image(owner, blip_fill):
    """The picture a blipFill shows (None if it cannot be read)."""
    from PIL import Image

    blip = blip_fill.find(f"{_A}blip")
    rid = blip.get(f"{_R}embed") if blip is not None else None
    try:
        picture = Image.open(io.BytesIO(owner.part.related_part(rid).blob))
        picture.draft("RGB", (256, 256))  # a large photograph: read small
        return picture.convert("RGB").resize((64, 64))
    except Exception:  # noqa: BLE001 - any unreadable picture: its colours are unknown, not an error
        return None


def _background(owner, scheme: dict[str, str]) -> tuple[list[str], object | None]:
    background = element(owner).find(f"{qn('p:cSld')}/{qn('p:bg')}")
    if background is None:
        return [scheme.get("bg1", WHITE)], None
    properties = background.find(qn("p:bgPr"))
    if properties is not None:
        fill = next((child for child in properties if child.tag.endswith("Fill")), None)
        if fill is not None and fill.tag == f"{_A}blipFill":
            return [], _image(owner, fill)
        return _fill_colours(fill, scheme) or [scheme.get("bg1", WHITE)], None
    reference = background.find(qn("p:bgRef"))
    colour = _colour(reference[0] if reference is not None and len(reference) else None, scheme)
    return [colour or scheme.get("bg1", WHITE)], None


def _shape_fill(shape, owner, scheme: dict[str, str]) -> tuple[list[str], object | None]:
    properties = element(shape).find(qn("p:spPr"))
    blip = element(shape).find(qn("p:blipFill"))
    if blip is not None:  # a picture: a logo, a photograph
        return [], _image(owner, blip)
    if properties is None:
        return [], None
    fill = next((child for child in properties if child.tag in (f"{_A}solidFill", f"{_A}gradFill")), None)
    return _fill_colours(fill, scheme), None


def _pixels(picture, box: Box, where: Box) -> list[str]:
    """The colours of the part of a picture (stretched over `where`) that lies under the box."""
    size = picture.size
    left = max(0, int((box.left - where.left) / where.width * size[0]))
    top = max(0, int((box.top - where.top) / where.height * size[1]))
    right = min(size[0], int((box.left + box.width - where.left) / where.width * size[0]) + 1)
    bottom = min(size[1], int((box.bottom - where.top) / where.height * size[1]) + 1)
    if right <= left or bottom <= top:
        return []
    # (averaged over small blocks: a stray pixel of the picture is not what the text sits on)
    crop = picture.crop((left, top, right, bottom)).resize((min(8, right - left), min(8, bottom - top)))
    return [f"#{r:02X}{g:02X}{b:02X}" for r, g, b in crop.getdata()]


def _meets(a: Box, b: Box) -> bool:
    return min(a.left + a.width, b.left + b.width) > max(a.left, b.left) and min(a.bottom, b.bottom) > max(a.top, b.top)


def style_colour(master, style: str) -> str | None:
    """The colour a master's text style gives its first level ("titleStyle", "bodyStyle")."""
    node = element(master).find(f"{qn('p:txStyles')}/{qn('p:' + style)}/{_A}lvl1pPr/{_A}defRPr/{_A}solidFill")
    return _colour(node[0] if node is not None and len(node) else None, _scheme(master))


@dataclass(frozen=True)
class Colours:
    """The text colours of one layout's regions, each reading at 4.5:1 on what lies under it
    (None: the template's own colour, which reads there); `panels` names the regions whose
    ground no colour reads on (a busy picture), which get a pale panel and the ink colour."""

    title: str | None
    body: str | None
    footer: str | None
    accent: str  # a key number, a step's title and outline, a pictogram
    table_header: str  # a table header's fill, under white text
    panels: tuple[str, ...] = ()


def colours_for(layout, boxes: dict[str, Box], width: float, height: float, sampled_title: str | None) -> Colours:
    """boxes: {"title"/"body"/"footer": the region's box on this layout}. sampled_title: the
    title colour LibreOffice keeps only in a master's sample text (written out, as PowerPoint
    does not see it)."""
    master = layout.slide_master
    ground = ground_of(layout, width, height)
    scheme = _scheme(master)
    own = {"title": style_colour(master, "titleStyle") or scheme.get("tx1"),
           "body": style_colour(master, "bodyStyle") or scheme.get("tx1"), "footer": scheme.get("tx1")}
    chosen, panels = {}, []
    for region, box in boxes.items():
        first = sampled_title if region == "title" else None
        colour = readable(ground.under(box), first, own[region])
        if colour is None:
            panels.append(region)
            colour = INK
        chosen[region] = None if colour == own[region] and colour != first else colour
    body_ground = [PANEL] if "body" in panels else ground.under(boxes["body"])
    accent = adjusted(scheme.get("accent1") or INK, body_ground) or chosen["body"] or INK
    header = adjusted(scheme.get("accent1") or INK, [WHITE]) or INK
    return Colours(chosen["title"], chosen["body"], chosen["footer"], accent, header, tuple(panels))
