"""The handout must keep its essential parts (the page budget is the build's: compose/page_budget.py)."""
from __future__ import annotations

from kethandout.compose import doc
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic

TEMPLATE = "handout.md.j2"


def _text(blocks) -> str:
    return "\n".join(doc.plain(inline) for inline in doc.inlines(blocks))


def check(content: Content, handout: tuple[doc.Block, ...]) -> list[Diagnostic]:
    """Emergency information, a risk, a contraindication and the sources must be in the handout."""
    text = _text(handout)
    help_boxes = [b for b in handout if isinstance(b, doc.Div) and "help" in b.classes]
    required = {
        "emergency information (a '::: callout help' box)": bool(help_boxes),
        "risk": any(r.title in text for r in content.risks),
        "contraindication": any(c.title in text for c in content.contraindications),
        # (patient paper prints where the sources are, not the list: `::: sources-link`)
        "sources section": any(isinstance(b, doc.Div) and b.classes[0] in ("sources", "sources-link") for b in handout),
    }
    return [Diagnostic("error", Code.MISSING_PART, f"the patient handout has no {part}", TEMPLATE,
                       hint="the template must print it")
            for part, present in required.items() if not present]
