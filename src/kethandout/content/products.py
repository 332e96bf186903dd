"""Which product each fact is about, and a clinic's content: only the routes it gives and the
items about their products. Filtering happens on the model, before templating, so every
output of a clinic agrees."""
from __future__ import annotations

from pydantic import BaseModel

from kethandout.content.schema import Content, Item, Product
from kethandout.errors import Code, Diagnostic, InputError


def products_in_force(content: Content) -> set[str]:
    return {p.id for p in content.products}


def products_given(content: Content) -> list[str]:
    """The products some route gives, in the content's order: each has its own patient papers
    (a product no route gives has no patient)."""
    given = {route.product for route in content.routes}
    return [p.id for p in content.products if p.id in given]


def scope(content: Content, item: Item) -> list[Product]:
    """The products an item is limited to, when that is not every product in the content
    (empty: it is about all of them)."""
    applies_to = getattr(item, "applies_to", None)
    applies = set(applies_to or ()) & products_in_force(content)
    if not applies_to or applies == products_in_force(content):
        return []
    return [p for p in content.products if p.id in applies]


def for_routes(content: Content, route_ids: list[str]) -> Content:
    """The content as a clinic giving only these routes sees it: their routes, their
    products, the items about those products, and the references still cited."""
    routes = [r for r in content.routes if r.id in route_ids]
    products = {r.product for r in routes}

    def kept(items: list) -> list:
        return [i for i in items if not getattr(i, "applies_to", None) or products & set(i.applies_to)]

    update = {name: kept(value) for name in type(content).model_fields
              if isinstance(value := getattr(content, name), list) and value and hasattr(value[0], "applies_to")}
    # A knowledge check that compares products is asked only where all of them are given.
    update["quiz"] = [q for q in content.quiz if not q.applies_to or set(q.applies_to) <= products]
    update.update(routes=routes, products=[p for p in content.products if p.id in products])
    # (a label another kept product also has stays: two products may share one)
    labels = {p.label for p in content.products if p.id not in products}
    filtered = _without_labels(content.model_copy(update=update),
                               labels - {p.label for p in content.products if p.id in products})
    cited = {ref for _, item in filtered.cited_items() for ref in item.refs}
    cited |= {p.label for p in filtered.products}
    cited |= {ref for _, numbers in filtered.chart_numbers() for ref in numbers.refs}
    # A knowledge check on facts the clinic's documents no longer hold goes with them.
    quiz = [question for question in filtered.quiz if set(question.refs) <= cited]
    filtered = filtered.model_copy(update={"quiz": quiz})
    return filtered.model_copy(update={"references": [r for r in content.references if r.id in cited]})


def _without_labels(content: Content, labels: set[str]) -> Content:
    """The content citing none of these labels: a shared fact (a class warning printed in one
    product's label) does not make the other product's label, and its name, appear in the
    documents of a clinic that does not give it."""
    if not labels:
        return content

    def strip(value):
        if isinstance(value, list):
            return [strip(v) for v in value]
        if not isinstance(value, BaseModel):
            return value
        changes = {name: strip(getattr(value, name)) for name in type(value).model_fields
                   if isinstance(getattr(value, name), (list, BaseModel))}
        if "refs" in type(value).model_fields:
            changes["refs"] = [ref for ref in value.refs if ref not in labels]
        if "evidence" in type(value).model_fields:
            changes["evidence"] = [quote for quote in value.evidence if quote.ref not in labels]
        return value.model_copy(update=changes)

    keep = {"meta", "products", "references"}
    return content.model_copy(update={name: strip(getattr(content, name)) for name in type(content).model_fields
                                      if name not in keep})


def for_product(content: Content, product_id: str) -> Content:
    """The content as one product's patient documents carry it (its routes, its items, its
    references), approved where the whole was. The same object for the same content, so that
    the checks, the handout, its sheet, its consent form and its web page share one composing."""
    if products_in_force(content) == {product_id}:
        return content
    key = (id(content), product_id)
    if key not in _PARTS or _PARTS[key][0] is not content:
        if len(_PARTS) > 16:
            _PARTS.clear()
        part = for_routes(content, [r.id for r in content.routes if r.product == product_id])
        _PARTS[key] = (content, _approval_kept(content, part))
    return _PARTS[key][1]


_PARTS: dict[tuple[int, str], tuple[Content, Content]] = {}


def content_for_clinic(content: Content, clinic) -> Content:
    """The content as a clinic's documents carry it; a route the content does not have is an
    error at its line in the profile."""
    if clinic is None:
        return content
    if clinic.routes is None:
        return _home_use_given(clinic, content)
    known = [r.id for r in content.routes]
    unknown = [(i, route) for i, route in enumerate(clinic.routes) if route not in known]
    if unknown:
        raise InputError([_unknown_route(clinic, i, route, known) for i, route in unknown])
    filtered = _approval_kept(content, for_routes(content, clinic.routes))
    emptied = emptied_sections(content, filtered)
    if emptied:
        raise InputError([_at_routes(clinic, None, Code.EMPTIED_SECTION,
                                     f"with routes [{', '.join(clinic.routes)}], the documents would have no {name}: "
                                     f"every item in {name} applies to products the clinic does not give",
                                     "give those items applies_to that includes this clinic's products, or add one "
                                     "about all products") for name in emptied])
    return _home_use_given(clinic, filtered)


def emptied_sections(content: Content, part: Content) -> list[str]:
    """The sections the model requires that the part has lost every item of."""
    return [name for name, field in type(content).model_fields.items()
            if _required(field) and getattr(content, name) and not getattr(part, name)]


def _home_use_given(clinic, content: Content) -> Content:
    """A clinic that prescribes take-home doses gets the content's home-use steps; with none for
    its products, saying nothing would be the worst answer."""
    if clinic.take_home and not content.home_use:
        raise InputError([clinic.diagnostic(
            ("take_home",), Code.NO_HOME_USE, "take_home is true, but the content has no home-use steps for the "
            f"products of the clinic's routes ({', '.join(p.id for p in content.products)})",
            "give home_use items for those products, or set take_home: false (esketamine is never dispensed "
            "for home use)")])
    return content


def _approval_kept(content: Content, filtered: Content) -> Content:
    """A clinic's part of approved content is approved wording too: its approval is restated
    for the part's own fingerprint (and content changed since approval stays a draft)."""
    from kethandout.content.fingerprint import approved, fingerprint

    if not approved(content):
        return filtered
    whole = content.meta.approval.whole or content.meta.approval.fingerprint  # what the reviewer signed
    approval = content.meta.approval.model_copy(update={"fingerprint": fingerprint(filtered), "whole": whole})
    return filtered.model_copy(update={"meta": filtered.meta.model_copy(update={"approval": approval})})


def _required(field) -> bool:
    """A list the content model requires to hold at least one entry."""
    return any(getattr(rule, "min_length", 0) for rule in field.metadata)


def _unknown_route(clinic, index: int, route: str, known: list[str]) -> Diagnostic:
    from kethandout.content.paths import closest

    close = closest(route, known)
    return _at_routes(clinic, index, Code.UNKNOWN_ROUTE, f"routes #{index + 1} names route '{route}', which the content "
                      "does not have", f"did you mean '{close}'?" if close else f"expected one of: {', '.join(known)}")


def _at_routes(clinic, index: int | None, code: Code, message: str, hint: str) -> Diagnostic:
    """A diagnostic at the profile's `routes:` (or one of its entries)."""
    return clinic.diagnostic(("routes",) if index is None else ("routes", index), code, message, hint)
