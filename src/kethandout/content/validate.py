"""Turn located YAML data into a model (content, clinic profile), collecting every problem
with its position."""
from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kethandout.content.load import Located, load_yaml
from kethandout.content.paths import closest, describe, label, walk_mappings
from kethandout.content.schema import MAX_TEXT, PATTERN_NAMES, Content
from kethandout.errors import Code, Diagnostic, InputError

# Keys of translation entries that are not item ids (see translation.translatable).
RESERVED_ID = re.compile(r"^(meta|intro|about|objectives|consent|(line|glossary)-.*)$")
TYPE_NAMES = {str: "text", int: "whole number", float: "number", bool: "true/false",
              dict: "mapping", list: "list", type(None): "nothing"}

M = typing.TypeVar("M", bound=BaseModel)
RawCheck = typing.Callable[[Located], list[Diagnostic]]
ModelCheck = typing.Callable[[Located, typing.Any], list[Diagnostic]]


def load_located(path: Path, model: type[M], raw_checks: tuple[RawCheck, ...] = (),
                 model_checks: tuple[ModelCheck, ...] = (), raw: bytes | None = None,
                 name: str | None = None) -> tuple[M, Located]:
    """The model and where each of its values came from (raw, name: the file's bytes and
    name when it is not read from `path`, e.g. a git revision).

    raw_checks see the plain data, so they report even when the shape is wrong elsewhere;
    model_checks run only on a valid model."""
    located = load_yaml(path, name, raw)
    problems = [d for check in raw_checks for d in check(located)]
    instance = None
    if not isinstance(located.data, dict):
        problems.insert(0, located.diagnostic((), Code.WRONG_TYPE, "expected a mapping at the top level"))
    else:
        try:
            instance = model.model_validate(located.data)
        except ValidationError as exc:
            problems = _pydantic_problems(located, model, exc.errors()) + problems
    if instance is not None:
        problems += [d for check in model_checks for d in check(located, instance)]
    if problems:
        raise InputError(sorted(problems, key=lambda d: (d.line or 0, d.col or 0)))
    return instance, located


def load_content(path: Path) -> Content:
    """Read, validate and cross-check a content file."""
    return load_content_located(path)[0]


def load_content_located(path: Path, raw: bytes | None = None, name: str | None = None) -> tuple[Content, Located]:
    return load_located(path, Content, raw_checks=(_check_ids_and_refs, _check_products, _check_icons,
                                                   _check_consent_questions), raw=raw, name=name)


def _pydantic_problems(located: Located, model: type[BaseModel], errors: list[dict]) -> list[Diagnostic]:
    """One diagnostic per error, except that a misspelled field is not reported a second
    time as the real field missing."""
    typos = {(tuple(e["loc"][:-1]), _suggest(model, tuple(e["loc"]))) for e in errors if e["type"] == "extra_forbidden"}
    errors = [e for e in errors if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in typos)]
    return _one_per_value(located, model, errors, [_diagnostic(located, model, e) for e in errors])


UNION_MEMBERS = {"str": "text", "constrained-str": "text", "int": "a whole number", "bool": "true/false",
                 "list": "a list", "dict": "a mapping"}


def _one_per_value(located: Located, model: type[BaseModel], errors: list[dict],
                   found: list[Diagnostic]) -> list[Diagnostic]:
    """A value that fits none of a union's kinds (text, or a list of texts) gets pydantic's
    error once per kind, each with the kind's name in its path: one message here, naming them;
    or, when it is of one of the kinds but wrong (text too long), that kind's message."""
    by_value: dict[tuple, list[str]] = {}
    for err in errors:
        value_loc, kinds = _value_loc(located.data, tuple(err["loc"]))
        if kinds:
            by_value.setdefault(value_loc, []).append(kinds)
    merged, done = [], set()
    for err, diagnostic in zip(errors, found):
        value_loc, kinds = _value_loc(located.data, tuple(err["loc"]))
        if not kinds:
            merged.append(diagnostic)
        elif value_loc not in done:
            done.add(value_loc)
            of_its_kind = [e for e in errors if _value_loc(located.data, tuple(e["loc"]))[0] == value_loc
                           and not e["type"].endswith("_type")]
            if of_its_kind:
                merged.append(_diagnostic(located, model, {**of_its_kind[0], "loc": value_loc}))
                continue
            expected = " or ".join(UNION_MEMBERS.get(k.split("[")[0], k) for k in by_value[value_loc])
            merged.append(located.diagnostic(value_loc, Code.WRONG_TYPE, f"{label(value_loc)} must be {expected}; "
                                             f"found {_shown(err.get('input'))}"))
    return merged


def _value_loc(data: Any, loc: tuple) -> tuple[tuple, str | None]:
    """The part of an error's path that is in the data, and the union kind after it (if any)."""
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            rest = loc[i:]
            return (loc[:i], str(rest[0])) if len(rest) == 1 and not isinstance(node, dict) else (loc, None)
    return loc, None


def _suggest(model: type[BaseModel], loc: tuple) -> str | None:
    """The field of the mapping at loc[:-1] closest to the unknown name loc[-1]."""
    return closest(str(loc[-1]), _model_at(model, loc[:-1]).model_fields)


def _diagnostic(located: Located, model: type[BaseModel], err: dict) -> Diagnostic:
    loc, kind = tuple(err["loc"]), err["type"]
    where, name = describe(located, loc[:-1]), loc[-1] if loc else ""
    if kind == "extra_forbidden":
        close = _suggest(model, loc)
        hint = f"did you mean '{close}'?" if close else f"expected one of: {', '.join(_model_at(model, loc[:-1]).model_fields)}"
        return located.diagnostic(loc, Code.UNKNOWN_FIELD, f"{where} has no field '{name}'", key=True, hint=hint)
    if kind == "missing":
        return located.diagnostic(loc, Code.MISSING_FIELD, f"{where} is missing the required field '{name}'")
    found = _shown(err.get("input"))
    if kind == "string_pattern_mismatch":
        expected = PATTERN_NAMES.get(err["ctx"]["pattern"], f"text matching {err['ctx']['pattern']}")
        return located.diagnostic(loc, Code.BAD_VALUE, f"{label(loc)} must be {expected}; found {found}")
    if kind == "string_too_short":
        return located.diagnostic(loc, Code.EMPTY_VALUE, f"{label(loc)} must not be empty")
    if kind == "string_too_long":
        limit = err["ctx"]["max_length"]
        return located.diagnostic(loc, Code.TOO_LONG, f"{label(loc)} has {len(err['input']):,} characters; "
                                  f"the limit is {limit:,}",
                                  hint="one item's text is a short paragraph or two" if limit == MAX_TEXT else None)
    if kind == "literal_error":
        expected = err["ctx"]["expected"]
        return located.diagnostic(loc, Code.BAD_VALUE, f"{label(loc)} must be one of {expected}; found {found}")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        hint = "put the value in quotes to keep it as text" if kind == "string_type" else None
        return located.diagnostic(loc, Code.WRONG_TYPE,
                                  f"{label(loc)}: {err['msg'].lower()}; found {found}", hint=hint)
    message = err["msg"].removeprefix("Value error, ")  # pydantic's wording for a validator's own message
    return located.diagnostic(loc, Code.BAD_VALUE, f"{label(loc)}: {message}; found {found}")


def _shown(value: Any) -> str:
    kind = TYPE_NAMES.get(type(value), type(value).__name__)
    shown = repr(value) if not isinstance(value, (dict, list)) else kind
    return shown if len(shown) < 60 else shown[:57] + "..."


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel]:
    """The model class that describes the mapping at `loc` (list indexes are skipped)."""
    for part in loc:
        if isinstance(part, int):
            continue
        model = _inner_model(model.model_fields[part].annotation)
    return model


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _check_ids_and_refs(located: Located) -> list[Diagnostic]:
    """Duplicate ids anywhere, and `refs:` entries naming no reference (on the raw data, so
    these are reported even when other parts of the file have shape errors)."""
    data = located.data if isinstance(located.data, dict) else {}
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}
    ref_ids = {r.get("id") for r in data.get("references") or [] if isinstance(r, dict)}
    for path, node in walk_mappings(data, ()):
        item_id = node.get("id")
        if isinstance(item_id, str) and path and RESERVED_ID.match(item_id):
            problems.append(located.diagnostic(path + ("id",), Code.RESERVED_ID,
                                               f"id '{item_id}' is reserved: translation files use it for another part "
                                               "of the content", hint="choose another id"))
        elif isinstance(item_id, str):
            if item_id in seen:
                problems.append(located.diagnostic(path + ("id",), Code.DUPLICATE_ID,
                                                   f"id '{item_id}' is already used on line {seen[item_id]}"))
            else:
                seen[item_id] = located.where(path + ("id",))[0]
        refs = node.get("refs")
        if isinstance(refs, list):
            for i, ref in enumerate(refs):
                if isinstance(ref, str) and ref not in ref_ids:
                    close = closest(ref, [r for r in ref_ids if isinstance(r, str)])
                    problems.append(located.diagnostic(
                        path + ("refs", i), Code.UNKNOWN_REFERENCE,
                        f"{describe(located, path)} cites '{ref}', which is not in the references list",
                        hint=f"did you mean '{close}'?" if close else None))
    return problems


def _check_products(located: Located) -> list[Diagnostic]:
    """Every product a route or an `applies_to` names is in the products list, every product's
    label is a reference, and every risk a most-important item `covers` is a risk."""
    data = located.data if isinstance(located.data, dict) else {}
    product_ids = [p.get("id") for p in _mappings(data.get("products")) if isinstance(p.get("id"), str)]
    risk_ids = [r.get("id") for r in _mappings(data.get("risks")) if isinstance(r.get("id"), str)]
    ref_ids = [r.get("id") for r in _mappings(data.get("references")) if isinstance(r.get("id"), str)]
    problems: list[Diagnostic] = []

    def check(owner: tuple, field: tuple, value: Any, known: list[str], what: str) -> None:
        if isinstance(value, str) and value not in known:
            close = closest(value, known)
            problems.append(located.diagnostic(
                owner + field, Code(f"unknown-{what}"), f"{describe(located, owner)} names {what} '{value}', "
                f"which is not in the {what}s list", hint=f"did you mean '{close}'?" if close else
                f"expected one of: {', '.join(known)}" if known else f"add a {what}s list"))

    for i, route in enumerate(_mappings(data.get("routes"))):
        check(("routes", i), ("product",), route.get("product"), product_ids, "product")
    for i, product in enumerate(_mappings(data.get("products"))):
        check(("products", i), ("label",), product.get("label"), ref_ids, "reference")
    for i, item in enumerate(_mappings(data.get("most_important"))):
        for j, risk_id in enumerate(item.get("covers") if isinstance(item.get("covers"), list) else []):
            check(("most_important", i), ("covers", j), risk_id, risk_ids, "risk")
    for path, node in walk_mappings(data, ()):
        if isinstance(node.get("applies_to"), list):
            for i, product_id in enumerate(node["applies_to"]):
                check(path, ("applies_to", i), product_id, product_ids, "product")
    return problems


def _check_icons(located: Located) -> list[Diagnostic]:
    """Every `icon:` names an icon of the set (style/icons.py)."""
    from kethandout.style import icons

    problems = []
    for path, node in walk_mappings(located.data, ()):
        name = node.get("icon")
        if isinstance(name, str) and not icons.known(name):
            close = closest(name, icons.names())
            problems.append(located.diagnostic(
                path + ("icon",), Code.UNKNOWN_ICON, f"{describe(located, path)} names icon '{name}', which is not a "
                "Lucide icon", hint=f"did you mean '{close}'?" if close else "see https://lucide.dev/icons"))
    return problems


def _check_consent_questions(located: Located) -> list[Diagnostic]:
    """With a consent form, every contraindication and interaction has its screening question."""
    data = located.data if isinstance(located.data, dict) else {}
    if not isinstance(data.get("consent"), dict):
        return []
    return [located.diagnostic((section, i), Code.MISSING_FIELD,
                               f"{describe(located, (section, i))} needs `ask:`, the consent form's yes/no question "
                               "about it", hint='e.g. ask: "Have you ever had bleeding in the brain?"')
            for section in ("contraindications", "interactions")
            for i, item in enumerate(_mappings(data.get(section))) if "ask" not in item]


def _mappings(value: Any) -> list[dict]:
    """The mappings of a list that may be missing or malformed."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


