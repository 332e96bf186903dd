"""An item limited to some products must not name another one in its wording: a patient on IV
ketamine must not read an esketamine fact under an item the clinic's documents keep."""
from __future__ import annotations

import re

from kethandout.content.load import Located
from kethandout.content.schema import Content, Route
from kethandout.content.validate import describe
from kethandout.errors import Diagnostic

WORDINGS = ("title", "patient", "clinician")


def check(content: Content, located: Located) -> list[Diagnostic]:
    given = {route.product for route in content.routes}
    found = [located.diagnostic(("products", i, "id"), "product-without-route",
                                f"product '{p.id}' is given by no route, so no clinic's documents carry its items",
                                severity="warning", hint=f"add a route with product: {p.id}, or remove the product")
             for i, p in enumerate(content.products) if p.id not in given]
    for path, item in content.cited_items():
        products = [item.product] if isinstance(item, Route) else getattr(item, "applies_to", None)
        if not products:
            continue
        for other in (p for p in content.products if p.id not in products):
            for field in WORDINGS:
                word = _first_mention(getattr(item, field, ""), other.mentions)
                if word:
                    found.append(located.diagnostic(
                        path + (field,), "product-mismatch",
                        f"{describe(located, path)}.{field} names '{word}' ({other.id}), but the item applies to "
                        f"{', '.join(products)} only", severity="warning",
                        hint=f"add {other.id} to applies_to, or move that wording to an item about {other.id}"))
    return found


def _first_mention(text: str, words: list[str]) -> str | None:
    for word in words:
        match = re.search(rf"(?<![\w-]){re.escape(word)}s?(?![\w-])", text, re.IGNORECASE)
        if match:
            return match.group(0)
    return None
