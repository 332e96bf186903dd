"""Doc: a format-neutral block tree. Renderers see only these types."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    text: str
    strong: bool = False
    emph: bool = False
    href: str | None = None
    sup: bool = False  # a citation number
    icon: str | None = None  # a pictogram (its name); `text` is its text equivalent, "" if decorative


Inline = tuple[Span, ...]


def plain(inline: Inline) -> str:
    return "".join(span.text for span in inline)


def inlines(blocks) -> list[Inline]:
    """Every run of text in the blocks: headings, paragraphs, list items, table cells, and
    those inside boxes."""
    found = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            found.append(block.text)
        elif isinstance(block, BulletList):
            found += block.items
        elif isinstance(block, Table):
            found += [*block.header, *(cell for row in block.rows for cell in row)]
        elif isinstance(block, Div):
            found += inlines(block.children)
    return found


def bold_lead(inline: Inline) -> tuple[str, Inline]:
    """The bold text an item starts with ("**911**: ...", "**Check in.** ..."), "" if none, and the rest."""
    if inline and inline[0].strong:
        return inline[0].text, inline[1:]
    return "", inline


def leading_icon(inline: Inline) -> tuple[Span | None, Inline]:
    """The icon an inline run starts with (drawn beside it, in the margin or a gutter), and the rest."""
    if inline and inline[0].icon:
        rest = inline[1:]
        if rest and rest[0].text.startswith(" ") and not rest[0].icon:
            first = Span(rest[0].text.lstrip(), rest[0].strong, rest[0].emph, rest[0].href, rest[0].sup)
            rest = ((first,) if first.text else ()) + rest[1:]
        return inline[0], rest
    return None, inline


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
