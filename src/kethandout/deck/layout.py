"""Doc -> Deck, the dispatcher (as pandoc's Presentation.hs): every slide laid out in the
design, footers included, before the writer (render/pptx/) places anything."""
from __future__ import annotations

from dataclasses import replace

from kethandout.compose import doc
from kethandout.deck.design import Design
from kethandout.deck.footer import footer_size
from kethandout.deck.model import Deck
from kethandout.deck.slides import layout_deck
from kethandout.style.theme import DeckInfo


def lay_out(blocks: tuple[doc.Block, ...], design: Design, info: DeckInfo, logo_aspect: float | None = None) -> Deck:
    """Every slide of the deck, footers included, in the design (logo_aspect: the clinic logo's
    width / height, which the cover makes room for)."""
    geometry = design.geometry if logo_aspect is None else design.geometry.with_logo(logo_aspect)
    deck = layout_deck(blocks, geometry, continued=info.continued, continued_note=info.continued_note,
                              continued_part=info.continued_part)
    return replace(deck, footer_size=footer_size(info, deck.geometry))
