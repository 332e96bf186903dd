"""Colours as a template writes them (DrawingML: RGB, system, scheme and preset colours and
their tints and shades, the theme's colour scheme) and WCAG 2's contrast ratio between them."""
from __future__ import annotations

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from kethandout.deck.pptx_internals import element

MINIMUM = 4.5
AIM = 4.7  # what a colour is chosen at: renderers round colours and gradients a little differently
INK, WHITE = "#1A1A1A", "#FFFFFF"
PANEL = "#EBEBEB"  # the darkest a panel (92% white) can look, over black
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
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
    return next((c for c in (*preferred, INK, WHITE) if c and worst(c, grounds) >= AIM), None)


def adjusted(colour: str, grounds: list[str]) -> str | None:
    """The colour, darkened (or else lightened) in steps until it reads at 4.5:1 on every ground
    (an accent on a pale or a dark background; a table header's fill under white text)."""
    start = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    for toward in (0, 255):
        for step in range(11):
            mixed = "#" + "".join(f"{round(c + (toward - c) * step / 10):02X}" for c in start)
            if worst(mixed, grounds) >= AIM:
                return mixed
    return None


def scheme_of(master) -> dict[str, str]:
    """The theme's colours by name, through the master's colour map (bg1 -> lt1, tx1 -> dk1)."""
    theme = theme_of(master)
    found: dict[str, str] = {}
    for name in _SCHEME if theme is not None else ():
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


def colour_of(node, scheme: dict[str, str], placeholder: str | None = None) -> str | None:
    """A DrawingML colour element's RGB, its modifiers applied (lumMod/lumOff, tint, shade;
    alpha as over white). placeholder: what a theme fill style's phClr stands for."""
    if node is None:
        return None
    kind, value = etree.QName(node).localname, node.get("val", "")
    base = {"srgbClr": lambda: f"#{value.upper()}" if len(value) == 6 else None,
            "sysClr": lambda: f"#{(node.get('lastClr') or '000000').upper()}",
            "schemeClr": lambda: placeholder if value == "phClr" else scheme.get(value),
            "prstClr": lambda: _preset(value),
            "scrgbClr": lambda: _scrgb(node),
            "hslClr": lambda: _hsl(int(node.get("hue", 0)) / 21600000, int(node.get("sat", 0)) / 100000,
                                   int(node.get("lum", 0)) / 100000)}.get(kind, lambda: None)()
    return _modified(base, node) if base else None


def _modified(colour: str, node) -> str:
    import colorsys

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    for modifier in node:
        name, amount = etree.QName(modifier).localname, int(modifier.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            hue, light, sat = colorsys.rgb_to_hls(r, g, b)
            light = light * amount if name == "lumMod" else light + amount
            r, g, b = colorsys.hls_to_rgb(hue, min(1.0, max(0.0, light)), sat)
        elif name in ("tint", "shade"):  # (in linear light, as PowerPoint and LibreOffice draw them)
            linear = [_to_linear(c) for c in (r, g, b)]
            linear = [1 - (1 - c) * amount if name == "tint" else c * amount for c in linear]
            r, g, b = (_to_srgb(c) for c in linear)
        elif name == "alpha":
            r, g, b = (1 - (1 - c) * amount for c in (r, g, b))
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))


def _preset(name: str) -> str | None:
    from PIL import ImageColor

    try:
        return "#{:02X}{:02X}{:02X}".format(*ImageColor.getrgb(name.lower())[:3])
    except ValueError:
        return None


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _scrgb(node) -> str:
    """scRGB (linear, in thousandths of a percent) to sRGB."""
    return "#" + "".join(f"{round(_to_srgb(int(node.get(k, 0)) / 100000) * 255):02X}" for k in ("r", "g", "b"))


def _hsl(hue: float, sat: float, light: float) -> str:
    import colorsys

    return "#" + "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light, sat))


def theme_of(master):
    try:
        return etree.fromstring(master.part.part_related_by(RT.THEME).blob,
                                etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError):
        return None


