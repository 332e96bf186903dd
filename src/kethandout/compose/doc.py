"""Doc: a format-neutral block tree. Renderers see only these types."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    text: str
    strong: bool = False
    emph: bool = False
    href: str | None = None


Inline = tuple[Span, ...]


def plain(inline: Inline) -> str:
    return "".join(span.text for span in inline)


@dataclass(frozen=True)
class Heading:
    level: int
    text: Inline


@dataclass(frozen=True)
class Paragraph:
    text: Inline


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Div:
    """A fenced `::: name args` block: callouts, speaker notes."""

    classes: tuple[str, ...]
    children: tuple["Block", ...] = field(default=())


@dataclass(frozen=True)
class Rule:
    """`---`: a slide break in decks, ignored in handouts."""


Block = Heading | Paragraph | BulletList | Table | Div | Rule


def columns(div: Div) -> list[tuple[Block, ...]]:
    """A `::: columns` div's children, one group per heading (its text up to the next one)."""
    groups: list[list[Block]] = []
    for child in div.children:
        if isinstance(child, Heading) or not groups:
            groups.append([])
        groups[-1].append(child)
    return [tuple(group) for group in groups]
