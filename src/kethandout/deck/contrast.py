"""What really lies under a template's text (the layout's or master's background: a colour, a
gradient or a picture, and the shapes drawn on it), and the text colours that read on it at
4.5:1 or better (WCAG 2's contrast ratio)."""
from __future__ import annotations

import io
from dataclasses import dataclass

from lxml import etree
from pptx.oxml.ns import qn

from kethandout.deck.colours import (
    INK,
    PANEL,
    WHITE,
    adjusted,
    colour_of,
    readable,
    scheme_of,
    theme_of,
)
from kethandout.deck.geometry import Box, points
from kethandout.deck.pptx_internals import element

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass(frozen=True)
class Ground:
    """What lies under text on one layout: the background's colours or picture, and the
    shapes of the layout and its master, each with its colours or picture."""

    width: float
    height: float
    colours: tuple[str, ...]  # the background's colour, or its gradient's stops
    picture: tuple | None  # PIL images stretched over the slide (a cropped picture: the crop and the whole)
    shapes: tuple[tuple[Box, tuple[str, ...], object | None], ...]

    def under(self, box: Box) -> list[str]:
        """The colours under a box: the background's, and those of the shapes it meets."""
        found = list(self.colours)
        for picture in self.picture or ():
            found += _pixels(picture, box, Box(0, 0, self.width, self.height))
        for where, colours, pictures in self.shapes:
            if _meets(where, box):
                found += list(colours) + [c for picture in pictures or () for c in _pixels(picture, box, where)]
        return found or [WHITE]


def over_picture(layout, box: Box, width: float, height: float) -> bool:
    """A picture (the background's, or a shape's) lies under the box."""
    ground = ground_of(layout, width, height)
    return ground.picture is not None or any(picture is not None and _meets(where, box)
                                             for where, _, picture in ground.shapes)


def ground_of(layout, width: float, height: float) -> Ground:
    master = layout.slide_master
    scheme = scheme_of(master)
    theme = theme_of(master)
    owner = layout if element(layout).find(f"{qn('p:cSld')}/{qn('p:bg')}") is not None else master
    colours, picture = _background(owner, scheme, theme)
    shapes = [(box, tuple(fills), image) for part_owner in (master, layout)
              for box, fills, image in _drawn(part_owner, scheme, theme) if fills or image is not None]
    return Ground(width, height, tuple(colours), picture, tuple(shapes))


def drawn_boxes(owner) -> list[tuple[Box, str]]:
    """Every shape a layout or master draws (groups opened), as (box, "picture"/"text"/"shape"),
    placeholders aside."""
    return [(box, kind) for box, kind, _ in _walk(element(owner).find(f"{qn('p:cSld')}/{qn('p:spTree')}"))]


def _walk(tree, scale=(1.0, 1.0, 0.0, 0.0)):
    """(box, kind, element) of each shape under a shape tree or group, in slide points."""
    sx, sy, dx, dy = scale
    for node in tree if tree is not None else ():
        name = etree.QName(node).localname
        if name not in ("sp", "pic", "grpSp", "graphicFrame", "cxnSp") or node.find(f".//{qn('p:ph')}") is not None:
            continue
        xfrm = node.find(f"{qn('p:grpSpPr')}/{_A}xfrm" if name == "grpSp" else f"{qn('p:spPr')}/{_A}xfrm")
        if xfrm is None and name == "graphicFrame":
            xfrm = node.find(qn("p:xfrm"))
        off, ext = (xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")) if xfrm is not None else (None, None)
        try:
            x, y = float(off.get("x")), float(off.get("y"))
            cx, cy = float(ext.get("cx")), float(ext.get("cy"))
        except (AttributeError, TypeError, ValueError):
            continue
        box = Box(points(x * sx + dx), points(y * sy + dy), points(cx * sx), points(cy * sy))
        if name == "grpSp":
            child_off, child_ext = xfrm.find(f"{_A}chOff"), xfrm.find(f"{_A}chExt")
            try:
                ox, oy = float(child_off.get("x")), float(child_off.get("y"))
                ex, ey = float(child_ext.get("cx")) or 1.0, float(child_ext.get("cy")) or 1.0
            except (AttributeError, TypeError, ValueError):
                ox, oy, ex, ey = x, y, cx or 1.0, cy or 1.0
            inner = (sx * cx / ex, sy * cy / ey, dx + sx * x - sx * cx / ex * ox, dy + sy * y - sy * cy / ey * oy)
            yield from _walk(node, inner)
            continue
        text = "".join(node.itertext()).strip() if name == "sp" else ""
        yield box, ("picture" if name == "pic" else "text" if text else "shape"), node


def _drawn(owner, scheme: dict[str, str], theme) -> list[tuple[Box, list[str], object | None]]:
    """The shapes of a layout or master, groups opened, each with its fill's colours or picture;
    the layout's title and body placeholders too where they carry a fill of their own."""
    found = []
    for box, kind, node in _walk(element(owner).find(f"{qn('p:cSld')}/{qn('p:spTree')}")):
        found.append((box, *_shape_fill(node, owner, scheme, theme)))
    for placeholder in owner.placeholders:
        properties = element(placeholder).find(qn("p:spPr"))
        fill = next((c for c in properties if c.tag in (f"{_A}solidFill", f"{_A}gradFill")), None) \
            if properties is not None else None
        if fill is not None and placeholder.left is not None and placeholder.width is not None:
            box = Box(points(placeholder.left), points(placeholder.top), points(placeholder.width),
                      points(placeholder.height))
            found.append((box, _fill_colours(fill, scheme), None))
    return found


def _fill_colours(fill, scheme: dict[str, str], placeholder: str | None = None) -> list[str]:
    if fill is None:
        return []
    if fill.tag == f"{_A}solidFill":
        return [c for c in [colour_of(fill[0] if len(fill) else None, scheme, placeholder)] if c]
    if fill.tag == f"{_A}gradFill":
        return [c for stop in fill.iter(f"{_A}gs") for c in [colour_of(stop[0] if len(stop) else None, scheme,
                                                                       placeholder)] if c]
    return []


def _image(owner, blip_fill):
    """The picture a blipFill shows, cropped as it says and washed out by its transparency
    (over white); None if it cannot be read."""
    from PIL import Image

    blip = blip_fill.find(f"{_A}blip")
    rid = blip.get(f"{_R}embed") if blip is not None else None
    try:
        picture = Image.open(io.BytesIO(owner.part.related_part(rid).blob))
        picture.draft("RGB", (256, 256))  # a large photograph: read small
        picture = picture.convert("RGBA")
        alpha = blip.find(f"{_A}alphaModFix")
        if alpha is not None:
            faded = picture.getchannel("A").point(lambda a: a * int(alpha.get("amt", "100000")) // 100000)
            picture.putalpha(faded)
        picture = Image.alpha_composite(Image.new("RGBA", picture.size, (255, 255, 255, 255)), picture).convert("RGB")
        shown = [picture]
        crop = blip_fill.find(f"{_A}srcRect")
        if crop is not None and any(crop.get(k) for k in ("l", "t", "r", "b")):
            w, h = picture.size  # (PowerPoint shows the crop, LibreOffice the whole: both are read)
            l, t, r, b = (int(crop.get(k, 0)) / 100000 for k in ("l", "t", "r", "b"))
            shown.append(picture.crop((int(w * l), int(h * t), max(int(w * (1 - r)), int(w * l) + 1),
                                       max(int(h * (1 - b)), int(h * t) + 1))))
        return tuple(each.resize((64, 64)) for each in shown)
    except Exception:  # noqa: BLE001 - any unreadable picture: its colours are unknown, not an error
        return None


def _background(owner, scheme: dict[str, str], theme) -> tuple[list[str], object | None]:
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
    colour = colour_of(reference[0] if reference is not None and len(reference) else None, scheme)
    styled = _style_fill(theme, "bgFillStyleLst", int(reference.get("idx", 0)) - 1000 if reference is not None else 0)
    if styled is not None and styled.tag == f"{_A}blipFill":
        return [], _image(owner, styled)
    return _fill_colours(styled, scheme, colour) or [colour or scheme.get("bg1", WHITE)], None


def _style_fill(theme, kind: str, index: int):
    """The theme's fill style `index` (from 1) of bgFillStyleLst or fillStyleLst."""
    styles = theme.find(f".//{_A}fmtScheme/{_A}{kind}") if theme is not None else None
    if styles is None or index < 1 or index > len(styles):
        return None
    return styles[index - 1]


def _shape_fill(node, owner, scheme: dict[str, str], theme) -> tuple[list[str], object | None]:
    """A shape's fill: its own (solid, gradient, picture), else the theme style it refers to."""
    blip = node.find(qn("p:blipFill"))
    if blip is not None:  # a picture: a logo, a photograph
        return [], _image(owner, blip)
    properties = node.find(qn("p:spPr"))
    own = next((c for c in properties if c.tag.endswith("Fill")), None) if properties is not None else None
    if own is not None:
        return (_fill_colours(own, scheme), None) if own.tag != f"{_A}blipFill" else ([], _image(owner, own))
    reference = node.find(f"{qn('p:style')}/{_A}fillRef")
    if reference is None or reference.get("idx", "0") == "0":
        return [], None
    colour = colour_of(reference[0] if len(reference) else None, scheme)
    styled = _style_fill(theme, "fillStyleLst", int(reference.get("idx", 0)))
    return _fill_colours(styled, scheme, colour) or ([colour] if colour else []), None


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
    return colour_of(node[0] if node is not None and len(node) else None, scheme_of(master))


@dataclass(frozen=True)
class Colours:
    """The text colours of one layout's regions, each reading at 4.5:1 on what lies under it;
    `panels` names the regions whose ground no colour reads on (a busy picture), which get a
    pale panel and the ink colour."""

    title: str
    body: str
    footer: str
    accent: str  # a key number, a step's title and outline, a pictogram
    table_header: str  # a table header's fill, under white text
    panels: tuple[str, ...] = ()


def colours_for(layout, boxes: dict[str, Box], width: float, height: float, sampled_title: str | None) -> Colours:
    """boxes: {"title"/"body"/"footer": the region's box on this layout}. sampled_title: the
    title colour LibreOffice keeps only in a master's sample text. Each region keeps the
    template's own colour (its tints applied) where it reads, and is always written out: an
    inherited colour may carry a tint no reader of the template sees."""
    master = layout.slide_master
    ground = ground_of(layout, width, height)
    scheme = scheme_of(master)
    own = {"title": style_colour(master, "titleStyle") or scheme.get("tx1"),
           "body": style_colour(master, "bodyStyle") or scheme.get("tx1"),
           "footer": _footer_colour(master, scheme) or scheme.get("tx1")}
    chosen, panels = {}, []
    for region, box in boxes.items():
        colour = readable(ground.under(box), sampled_title if region == "title" else None, own[region])
        if colour is None:
            panels.append(region)
            colour = INK
        chosen[region] = colour
    body_ground = [PANEL] if "body" in panels else ground.under(boxes["body"])
    accent = adjusted(scheme.get("accent1") or INK, body_ground) or chosen["body"]
    header = adjusted(scheme.get("accent1") or INK, [WHITE]) or INK
    return Colours(chosen["title"], chosen["body"], chosen["footer"], accent, header, tuple(panels))


def _footer_colour(master, scheme: dict[str, str]) -> str | None:
    """The colour the master's footer placeholder sets for its text (often a tint of tx1)."""
    for placeholder in element(master).iter(qn("p:sp")):
        ph = placeholder.find(f".//{qn('p:ph')}")
        if ph is not None and ph.get("type") in ("ftr", "sldNum", "dt"):
            node = placeholder.find(f".//{_A}lvl1pPr/{_A}defRPr/{_A}solidFill")
            node = node if node is not None else placeholder.find(f".//{_A}rPr/{_A}solidFill")
            if node is not None and len(node):
                return colour_of(node[0], scheme)
    return None
