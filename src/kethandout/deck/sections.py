"""A deck's Doc split into sections (a `##` heading each), their notes, and the groups of blocks
that make their slides."""
from __future__ import annotations

from dataclasses import dataclass, replace

from kethandout.compose import doc
from kethandout.deck.model import Slide, TextParagraph


@dataclass
class Section:
    level: int  # 1: title slide, 2: content slide
    title: str
    body: list[doc.Block]
    notes: list[doc.Block]
    quiz: bool = False  # a knowledge check (a `::: quiz` div): not one of the part's topics

    @property
    def topic(self) -> bool:
        """One of its part's topics: not a knowledge check, nor the references."""
        return not self.quiz and not any(isinstance(b, doc.Div) and "references" in b.classes for b in self.body)


def split_sections(blocks: tuple[doc.Block, ...]) -> list[Section]:
    """A `#` or `##` heading or a `---` rule starts a slide (pandoc's slide-level 2)."""
    sections: list[Section] = []
    for block in blocks:
        if isinstance(block, doc.Heading) and block.level <= 2:
            sections.append(Section(block.level, doc.plain(block.text), [], []))
        elif isinstance(block, doc.Rule):
            sections.append(Section(2, sections[-1].title if sections else "", [], []))
        elif not sections:
            continue  # text before the first heading has no slide to go on
        elif isinstance(block, doc.Div) and "notes" in block.classes:
            sections[-1].notes.extend(block.children)
        elif isinstance(block, doc.Div) and "quiz" in block.classes:
            sections[-1].quiz = True
            sections[-1].body.extend(block.children)
        else:
            sections[-1].body.append(block)
    return sections


def notes_text(blocks: list[doc.Block]) -> str:
    lines = []
    for block in blocks:
        if isinstance(block, doc.BulletList):
            lines.extend(f"- {doc.plain(item)}" for item in block.items)
        elif isinstance(block, doc.Table):
            lines.extend(" | ".join(doc.plain(c) for c in row) for row in (block.header,) + block.rows)
        elif hasattr(block, "text"):
            lines.append(doc.plain(block.text))
    return "\n".join(lines)


def share_notes(slides: list[Slide], notes: str) -> list[Slide]:
    """A section's notes divided among its slides in order, in proportion to what each slide
    holds (table rows, paragraphs): the notes of a risk table's rows go with those rows, and a
    section split over many slides does not repeat all its notes on each (which grew with the
    square of its length)."""
    if len(slides) == 1:
        return slides
    lines = notes.split("\n") if notes else []
    weights = [max(1, len(s.table.rows) if s.table is not None else len(s.paragraphs)) for s in slides]
    total, shared, start, held = sum(weights), [], 0, 0
    for slide, weight in zip(slides, weights):
        held += weight
        end = round(len(lines) * held / total)
        if not shared:
            end = max(end, min(1, len(lines)))  # the first slide has notes (the others say they continue)
        shared.append(replace(slide, notes="\n".join(lines[start:end])))
        start = end
    return shared


def slide_groups(body: list[doc.Block]) -> list:
    """Runs of text blocks, each as a list of paragraphs; a table stands alone."""
    groups: list = []
    for block in body:
        if isinstance(block, doc.Table):
            groups.append(block)
            continue
        paragraphs = _paragraphs(block)
        if not paragraphs:
            continue
        if groups and isinstance(groups[-1], list):
            groups[-1].extend(paragraphs)
        else:
            groups.append(paragraphs)
    return groups


def _paragraphs(block: doc.Block) -> list[TextParagraph]:
    if isinstance(block, doc.BulletList):
        return [_item(item, f"{n}." if block.ordered else "•") for n, item in enumerate(block.items, 1)]
    if isinstance(block, (doc.Paragraph, doc.Heading)):
        strong = isinstance(block, doc.Heading)
        return [TextParagraph(tuple(replace(s, strong=s.strong or strong) for s in block.text), None)]
    return []


def agenda(sections: list[Section]) -> list[str]:
    """What a part covers: the titles of its sections up to the next part, knowledge checks and
    references aside."""
    titles: list[str] = []
    for section in sections:
        if section.level == 1:
            break
        if section.topic and section.title not in titles:
            titles.append(section.title)
    return titles


def _item(inline: doc.Inline, bullet: str) -> TextParagraph:
    """A list item; a pictogram it starts with takes the bullet's place."""
    icon, rest = doc.leading_icon(inline)
    if icon is None:
        return TextParagraph(inline, bullet)
    return TextParagraph(rest, "", icon.icon, icon.text)
