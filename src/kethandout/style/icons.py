"""Pictograms from Lucide (python-lucide: the ISC-licensed Lucide icons, MIT wrapper), named in
the content (`icon: pill`) or by a template (`![](icon:phone)`).

A name Lucide lacks that ends in "-off" ("car-off": no driving) is its base icon with Lucide's
"ban" sign drawn over it, the way Lucide draws its own "-off" icons."""
from __future__ import annotations

import functools
import re

NOT_FOUND = "not found"  # python-lucide's placeholder for an unknown name says so
_BAN = '<g class="ban"><circle cx="12" cy="12" r="10"/><path d="M4.929 4.929 19.07 19.071"/></g>'


@functools.lru_cache(maxsize=None)
def _lucide(name: str) -> str | None:
    import logging

    from lucide import lucide_icon

    logging.getLogger("lucide").setLevel(logging.CRITICAL)  # an unknown name is ours to report
    svg = lucide_icon(name)
    return None if NOT_FOUND in svg.split("\n", 1)[0] else svg


def _base_and_ban(name: str) -> tuple[str, bool] | None:
    if _lucide(name):
        return name, False
    if name.endswith("-off") and _lucide(name.removesuffix("-off")):
        return name.removesuffix("-off"), True
    return None


def known(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)) and _base_and_ban(name) is not None


@functools.cache
def names() -> list[str]:
    """Every name, "-off" ones included, for "did you mean" (a database query of 50 ms: only
    when a name is wrong)."""
    from lucide import get_icon_list

    lucide = list(get_icon_list())
    return lucide + [f"{name}-off" for name in lucide if f"{name}-off" not in lucide]


def svg(name: str, colour: str, size: float = 24, ban_colour: str | None = None) -> str:
    """The icon as a standalone SVG: strokes in `colour`, the "-off" sign in `ban_colour`."""
    base, ban = _base_and_ban(name)
    text = _lucide(base)
    text = re.sub(r'stroke="currentColor"', f'stroke="{colour}"', text, count=1)
    text = re.sub(r'width="24" height="24"', f'width="{size:g}" height="{size:g}"', text, count=1)
    text = re.sub(r'\s*class="[^"]*"', "", text, count=1)
    if ban:
        text = text.replace("</svg>", _BAN.replace('<g class="ban">', f'<g stroke="{ban_colour or colour}">') + "</svg>")
    return text
