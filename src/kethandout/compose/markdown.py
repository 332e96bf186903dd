"""Markdown (CommonMark + pipe tables + `:::` fenced divs) -> Doc blocks."""
from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.superscript import superscript_plugin

from kethandout.compose.doc import (
    Block,
    BulletList,
    Div,
    Heading,
    Inline,
    Paragraph,
    Rule,
    Span,
    Table,
)


MAX_NESTING = 40  # markdown-it's levels (a list item inside a list is two); deeper is refused


def _parser() -> MarkdownIt:
    # ^1,4^: citation numbers, set as superscripts.
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING}).enable("table").use(superscript_plugin)
    # One generic container: `::: notes`, `::: callout help` ... (pandoc's fenced divs).
    container_plugin(md, name="div", validate=lambda params, *args: bool(params.strip()))
    return md


_MD = _parser()


def parse(text: str) -> tuple[Block, ...]:
    """The blocks of a template's Markdown. Nesting markdown-it does not reach (lists or
    quotes inside one another about 13 deep) would lose its words without a sound: it is
    refused instead (TooDeep)."""
    tokens = _MD.parse(text)
    deepest = max((token for token in tokens), key=lambda token: token.level, default=None)
    if deepest is not None and deepest.level >= MAX_NESTING - 1:
        raise TooDeep(deepest.map[0] + 1 if deepest.map else None)
    blocks, _ = _blocks(tokens, 0, stop=None)
    return tuple(blocks)


class TooDeep(ValueError):
    """Markdown nested deeper than it is read: `line` of the Markdown where it goes too deep."""

    def __init__(self, line: int | None):
        super().__init__(f"nested too deeply at line {line} of the Markdown")
        self.line = line


def _blocks(tokens: list[Token], i: int, stop: str | None) -> tuple[list[Block], int]:
    out: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == stop:
            return out, i + 1
        if tok.type == "heading_open":
            out.append(Heading(int(tok.tag[1]), _inline(tokens[i + 1])))
            i += 3
        elif tok.type == "paragraph_open":
            out.append(Paragraph(_inline(tokens[i + 1])))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            items, i = _list_items(tokens, i + 1, tok.type.replace("_open", "_close"))
            out.append(BulletList(tuple(items), ordered=tok.type.startswith("ordered")))
        elif tok.type == "table_open":
            table, i = _table(tokens, i + 1)
            out.append(table)
        elif tok.type == "container_div_open":
            children, i = _blocks(tokens, i + 1, "container_div_close")
            out.append(Div(tuple(name.replace("\\", "") for name in tok.info.split()), tuple(children)))
        elif tok.type == "hr":
            out.append(Rule())
            i += 1
        else:  # code blocks and the like have no place in a handout; skip them
            i += 1
    return out, i


def _list_items(tokens: list[Token], i: int, close: str) -> tuple[list[Inline], int]:
    """Each list item as one inline run (its paragraphs joined; nested lists flattened)."""
    items: list[Inline] = []
    depth = 0
    while tokens[i].type != close or depth:
        tok = tokens[i]
        if tok.type == "list_item_open" and depth == 0:
            items.append(())
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "inline":
            joiner = (Span(" "),) if items[-1] else ()
            items[-1] = items[-1] + joiner + _inline(tok)
        i += 1
    return items, i + 1


def _table(tokens: list[Token], i: int) -> tuple[Table, int]:
    header: list[Inline] = []
    rows: list[list[Inline]] = []
    in_head = False
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open" and not in_head:
            rows.append([])
        elif tok.type == "inline":
            (header if in_head else rows[-1]).append(_inline(tok))
        i += 1
    return Table(tuple(header), tuple(tuple(r) for r in rows)), i + 1


def _inline(token: Token) -> Inline:
    spans: list[Span] = []
    strong = emph = sup = 0
    href: str | None = None
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            spans.append(Span(child.content, strong > 0, emph > 0, href, sup > 0))
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Span(" ", strong > 0, emph > 0, href))
        elif kind == "image" and str(child.attrs.get("src", "")).startswith("icon:"):
            # ![text equivalent](icon:name); an empty text: decorative. The words as read, not
            # their Markdown (`*now*`, `&amp;`).
            words = " ".join("".join(t.content for t in child.children or [] if t.type in ("text", "code_inline")).split())
            spans.append(Span(words, icon=str(child.attrs["src"]).removeprefix("icon:")))
        elif kind in ("sup_open", "sup_close"):
            sup += 1 if kind == "sup_open" else -1
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emph += 1
        elif kind == "em_close":
            emph -= 1
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            href = None
    return _merge(spans)


def _merge(spans: list[Span]) -> Inline:
    """Join neighbouring spans of the same style (markdown-it splits text at escapes)."""
    merged: list[Span] = []
    for span in spans:
        if not span.text and not span.icon:
            continue
        style = (span.strong, span.emph, span.href, span.sup)
        if merged and not span.icon and not merged[-1].icon and \
                (merged[-1].strong, merged[-1].emph, merged[-1].href, merged[-1].sup) == style:
            merged[-1] = Span(merged[-1].text + span.text, *style)
        else:
            merged.append(span)
    return tuple(merged)
