"""An item limited to some products must not name another one in its wording: a patient on IV
ketamine must not read an esketamine fact under an item the clinic's documents keep."""
from __future__ import annotations

import re

from kethandout.content.load import Located
from kethandout.content.paths import describe
from kethandout.content.schema import Content, Route
from kethandout.errors import Code, Diagnostic

WORDINGS = ("title", "patient", "clinician", "frequency", "ask")
QUIZ_WORDINGS = ("question", "options", "explanation")


def check(content: Content, located: Located) -> list[Diagnostic]:
    given = {route.product for route in content.routes}
    found = [located.diagnostic(("products", i, "id"), Code.PRODUCT_WITHOUT_ROUTE,
                                f"product '{p.id}' is given by no route, so no clinic's documents carry its items",
                                severity="warning", hint=f"add a route with product: {p.id}, or remove the product")
             for i, p in enumerate(content.products) if p.id not in given]
    found += _emptied_for_a_product(content, located) + _page_one_for_each(content, located)
    every = {p.id for p in content.products}
    for path, item in content.claims():
        products = [item.product] if isinstance(item, Route) else getattr(item, "applies_to", None)
        fields = QUIZ_WORDINGS if path[0] == "quiz" else WORDINGS
        # (an item for every product is shown to a clinic that gives one; a knowledge check for
        # every product is asked only where all are given)
        if products and (path[0] == "quiz" or not every <= set(products)):
            found += _other_products_named(content, located, path, item, products, fields)
        elif len(content.products) > 1:  # about every product
            found += _products_named_in_shared(content, located, path, item, fields)
            found += _unsourced_for_a_product(content, located, path, item)
    return found


def _emptied_for_a_product(content: Content, located: Located) -> list[Diagnostic]:
    """Each product's patient documents are its own: a section the content requires that holds
    nothing about a product would leave that product's handout without it."""
    from kethandout.content.products import emptied_sections, for_product, products_given

    return [located.diagnostic((name,), Code.EMPTIED_SECTION, f"every item in {name} applies to other products, so "
                               f"the documents about '{product}' would have no {name}",
                               hint=f"add an item about {product}, or one about every product")
            for product in products_given(content) for name in emptied_sections(content, for_product(content, product))]


def _page_one_for_each(content: Content, located: Located) -> list[Diagnostic]:
    """Page 1 of a product's handout, and its at-a-glance sheet, need their main message, the
    visit actions and what the patient may feel: without them the sheet says little."""
    from kethandout.content.products import products_given

    index = {p.id: i for i, p in enumerate(content.products)}
    return [located.diagnostic(("products", index[product], "id"), Code.EMPTIED_SECTION,
                               f"no {name} item is about '{product}': its at-a-glance sheet and page 1 have none",
                               severity="warning",
                               hint=f"add a {name} item with applies_to: [{product}], or one about every product")
            for product in products_given(content) for name in ("main_message", "visit_actions", "may_feel")
            if not [x for x in getattr(content, name) if not x.applies_to or product in x.applies_to]]


def _unsourced_for_a_product(content, located, path, item) -> list[Diagnostic]:
    """A clinic's documents cite no other product's label: an item about every product that
    cites only such labels would stand there with no source."""
    found = []
    for product in content.products:
        others = {p.label for p in content.products if p.id != product.id}
        if item.refs and all(ref in others for ref in item.refs):
            found.append(located.diagnostic(
                path, Code.UNSOURCED_FOR_PRODUCT,
                f"{describe(located, path)} cites only another product's label, so the documents of a clinic "
                f"that gives only {product.id} would print it without a source", severity="warning",
                hint=f"cite a source that holds for {product.id} too, or give the item applies_to"))
    return found


def _other_products_named(content, located, path, item, products, fields) -> list[Diagnostic]:
    others = [p for p in content.products if p.id not in products]
    return [located.diagnostic(path + (field,), Code.PRODUCT_MISMATCH,
                               f"{describe(located, path)}.{field} names '{word}' ({other.id}), but the item applies "
                               f"to {', '.join(products)} only", severity="warning",
                               hint=f"add {other.id} to applies_to, or move that wording to an item about {other.id}")
            for other, field, word in _mentions(item, others, fields)]


def _products_named_in_shared(content, located, path, item, fields) -> list[Diagnostic]:
    """An item about every product is printed for a clinic that gives one of them: naming one
    product there tells that clinic's patients about a medicine they do not get (said once a product)."""
    first = {product.id: (product, field, word) for product, field, word in reversed(
        list(_mentions(item, content.products, fields)))}
    return [located.diagnostic(path + (field,), Code.PRODUCT_IN_SHARED_ITEM,
                               f"{describe(located, path)}.{field} names '{word}' ({product.id}), but the item is "
                               f"about every product, so a clinic that gives only another product would print it",
                               severity="warning",
                               hint="split it into one item per product with applies_to, or word it without the product")
            for product, field, word in (first[p.id] for p in content.products if p.id in first)]


def _mentions(item, products, fields):
    """(product, field, word) for each product named in each field of an item's wording."""
    for product in products:
        for field in fields:
            word = _first_mention(_text(item, field), product.mentions)
            if word:
                yield product, field, word


def _text(item, field: str) -> str:
    value = getattr(item, field, None) or ""
    return " ".join(value) if isinstance(value, list) else value


def _first_mention(text: str, words: list[str]) -> str | None:
    for word in words:
        match = re.search(rf"(?<![\w-]){re.escape(word)}s?(?![\w-])", text, re.IGNORECASE)
        if match:
            return match.group(0)
    return None
