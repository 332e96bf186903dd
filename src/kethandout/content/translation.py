"""Translations of the content: one file per language (content.es.yaml), keyed by the same ids.

Each entry records a hash of the English it was translated from, so a later change to the
English is caught ("translation may be out of date")."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import Field

from kethandout.content.load import Located
from kethandout.content.paths import closest
from kethandout.content.schema import LANGUAGE_PATTERN, Approval, Content, Strict
from kethandout.content.validate import load_located
from kethandout.errors import Code, Diagnostic, InputError

ITEM_FIELDS = ("title", "patient", "clinician", "frequency", "frequency_patient", "setting", "onset", "bioavailability", "approval", "ask",
               "key_figure", "key_figure_says", "headline")
CONSENT_FIELDS = ("purpose", "alternatives", "voluntary", "received", "questions", "limits")
META_FIELDS = ("title", "deck_title", "medicine", "subject", "reviewed_by")


class TranslationApproval(Approval):
    """A reviewer's sign-off of a translation's wording (`kethandout approve content.es.yaml`):
    `fingerprint` is the translated content's, `source` the English content's it translates."""
    source: str = Field(pattern=r"^[0-9a-f]{12}$")


class Translation(Strict):
    language: str = Field(pattern=LANGUAGE_PATTERN)  # the output's language tag, e.g. es-US
    approval: TranslationApproval | None = None
    max_pages: int | None = Field(default=None, ge=1)  # the handout's budget in this language, if not the content's
    max_pages_large_print: int | None = Field(default=None, ge=1)  # ... and in large print
    entries: dict[str, dict[str, str | list[str]]]


def translation_path(content_file: Path, language: str) -> Path:
    """content.yaml + es -> content.es.yaml"""
    return content_file.with_name(f"{content_file.stem}.{language.split('-')[0]}{content_file.suffix}")


def source_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def translatable(content: Content) -> dict[str, tuple[tuple, dict[str, Any]]]:
    """Every part of the content that a translation must cover: key -> (path, English fields)."""
    nodes: dict[str, tuple[tuple, dict[str, Any]]] = {
        "meta": (("meta",), {f: getattr(content.meta, f) for f in META_FIELDS}),
        "intro": (("intro",), {"text": content.intro}),
        "about": (("about",), {"patient": content.about.patient, "clinician": content.about.clinician}),
        "objectives": (("objectives",), {"items": list(content.objectives)}),
    }
    for i, product in enumerate(content.products):
        nodes[product.id] = (("products", i), {"name": product.name}
                             | ({"short_name": product.short_name} if product.short_name else {})
                             | ({"guide": product.guide} if product.guide else {}))
    for i, line in enumerate(content.emergency):
        nodes[f"line-{line.number}"] = (("emergency", i), {f: getattr(line, f) for f in ("action", "label", "patient")})
    for path, item in content.cited_items():
        if hasattr(item, "id"):
            nodes[item.id] = (path, {f: getattr(item, f) for f in ITEM_FIELDS if getattr(item, f, None) is not None})
    for i, prompt in enumerate(content.questions):
        nodes[prompt.id] = (("questions", i), {"patient": prompt.patient})
    for i, question in enumerate(content.quiz):
        nodes[question.id] = (("quiz", i), {"question": question.question, "options": list(question.options),
                                            "explanation": question.explanation})
    if content.consent:
        nodes["consent"] = (("consent",), {f: getattr(content.consent, f) for f in CONSENT_FIELDS
                                           if getattr(content.consent, f) is not None})
    for i, entry in enumerate(content.glossary):
        nodes[f"glossary-{re.sub(r'[^a-z0-9]+', '-', entry.term.lower())}"] = (
            ("glossary", i), {"term": entry.term, "definition": entry.definition})
    return nodes


def load_translation(path: Path, content: Content) -> tuple[Content, list[Diagnostic]]:
    """The content in the translation's language, and the warnings (out-of-date entries).
    Missing, extra or incomplete entries are errors (InputError)."""
    return load_translation_located(path, content)[:2]


def load_translation_located(path: Path, content: Content) -> tuple[Content, list[Diagnostic], Located]:
    """As load_translation, and where each value of the translation file came from."""
    translation, located = load_located(path, Translation)
    nodes = translatable(content)
    problems = _coverage(located, translation, nodes) + _budgets(located, translation, content)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    translated = _apply(content, translation, nodes)
    return translated, problems + _split_titles(located, content, translated), located


def _split_titles(located: Located, content: Content, translated: Content) -> list[Diagnostic]:
    """Items one title joins in the English (a step given one way per product) must keep one
    title in the translation: two would print as two steps, each with one product's rule."""
    found = []
    for (path, item), (_, other) in zip(content.cited_items(), translated.cited_items()):
        if len(path) != 2 or path[1] == 0:
            continue
        before, translated_before = getattr(content, path[0])[path[1] - 1], getattr(translated, path[0])[path[1] - 1]
        if getattr(before, "title", None) is not None and before.title == getattr(item, "title", None) \
                and translated_before.title != other.title:
            found.append(located.diagnostic(
                ("entries", item.id, "title"), Code.TRANSLATION_SPLITS_A_STEP,
                f"'{item.id}' and '{before.id}' share the title '{item.title}' in the English, but are "
                f"translated '{other.title}' and '{translated_before.title}': they would print as two items",
                hint="give both the same title, as the English does"))
    return found


def _budgets(located: Located, translation: Translation, content: Content) -> list[Diagnostic]:
    """A translation's page budget is at most one page over the English: a longer one would
    mean patients reading it get a different document."""
    return [located.diagnostic((field,), Code.PAGE_BUDGET, f"{field} is {getattr(translation, field)}; a translation "
                               f"may take at most one page more than the English ({getattr(content.meta, field)})",
                               hint=f"shorten the translation, or leave {field} out (the English's, plus one)")
            for field in ("max_pages", "max_pages_large_print")
            if (getattr(translation, field) or 0) > getattr(content.meta, field) + 1]


def _coverage(located: Located, translation: Translation, nodes: dict) -> list[Diagnostic]:
    found = []
    for key in sorted(nodes.keys() - translation.entries.keys()):
        found.append(located.diagnostic(("entries",), Code.MISSING_TRANSLATION, f"no translation for '{key}'",
                                        key=True, hint="add an entry with that id"))
    for key in sorted(translation.entries.keys() - nodes.keys()):
        found.append(located.diagnostic(("entries", key), Code.EXTRA_TRANSLATION,
                                        f"'{key}' is not an id in the content", key=True))
    for key in nodes.keys() & translation.entries.keys():
        english, entry = nodes[key][1], translation.entries[key]
        for field in english.keys() - entry.keys():
            found.append(located.diagnostic(("entries", key), Code.MISSING_TRANSLATION,
                                            f"entry '{key}' has no '{field}'", key=True))
        for field in english.keys() & entry.keys():
            expected = "a list of texts" if isinstance(english[field], list) else "text"
            if isinstance(entry[field], list) != isinstance(english[field], list):
                found.append(located.diagnostic(("entries", key, field), Code.WRONG_TYPE,
                                                f"entry '{key}'.{field} must be {expected}, as in the English"))
            elif isinstance(english[field], list) and len(entry[field]) != len(english[field]):
                found.append(located.diagnostic(("entries", key, field), Code.WRONG_LENGTH,
                                                f"entry '{key}'.{field} has {len(entry[field])} items; the English "
                                                f"has {len(english[field])}"))
        for field in entry.keys() - english.keys() - {"source_hash"}:
            found.append(located.diagnostic(("entries", key, field), Code.UNKNOWN_FIELD,
                                            f"entry '{key}' has no field '{field}' to translate", key=True))
        found += _numbers_differ(located, key, english, entry)
        current = source_hash(english)
        if entry.get("source_hash") != current:
            found.append(located.diagnostic(
                ("entries", key, "source_hash"), Code.STALE_TRANSLATION,
                f"translation of '{key}' may be out of date: its English changed since it was translated",
                severity="warning", hint=f"update the text, then set source_hash: {current}"))
    return sorted(found, key=lambda d: (d.line or 0, d.col or 0))


def _numbers_differ(located: Located, key: str, english: dict, entry: dict) -> list[Diagnostic]:
    """A translation says the same numbers as its English: a dose, a time or a phone number
    mistyped in one language is not caught by reading the other."""
    found = []
    for field in english.keys() & entry.keys():
        theirs, ours = _numbers(english[field]), _numbers(entry[field])
        if theirs != ours:
            differs = [f"leaves out {', '.join(sorted(theirs - ours))}" if theirs - ours else "",
                       f"adds {', '.join(sorted(ours - theirs))}" if ours - theirs else ""]
            found.append(located.diagnostic(
                ("entries", key, field), Code.TRANSLATION_NUMBERS_DIFFER,
                f"entry '{key}'.{field} {' and '.join(d for d in differs if d)}, against the numbers of its English",
                severity="warning", hint="give the English numbers, in figures"))
    return found


def _numbers(value) -> set[str]:
    """The numbers of a text in figures, with a decimal comma read as a point (0,5 = 0.5)."""
    text = " ".join(value) if isinstance(value, list) else str(value)
    return {n.replace(",", ".") for n in re.findall(r"\d+(?:[.,]\d+)?", text)}


def _apply(content: Content, translation: Translation, nodes: dict) -> Content:
    data = content.model_dump()
    for key, (path, english) in nodes.items():
        target = data
        for part in path[:-1]:
            target = target[part]
        entry = translation.entries[key]
        if key == "intro":
            target["intro"] = entry["text"]
        elif key == "objectives":
            target["objectives"] = list(entry["items"])
        else:
            target[path[-1]].update({field: entry[field] for field in english})
    data["meta"]["language"] = translation.language
    # A translation may take one page more than the English, or set less.
    for field in ("max_pages", "max_pages_large_print"):
        data["meta"][field] = getattr(translation, field) or getattr(content.meta, field) + 1
    data["meta"]["approval"] = None
    translated = Content.model_validate(data, strict=False)
    return _approval_kept(content, translation.approval, translated)


def _approval_kept(english: Content, approval: TranslationApproval | None, translated: Content) -> Content:
    """The translation's documents are approved when the English is, exactly as it is, and the
    translation's own reviewer approved exactly this translation of exactly this English."""
    from kethandout.content.fingerprint import approved, fingerprint

    if approval is None or not approved(english) or approval.source != fingerprint(english) \
            or approval.fingerprint != fingerprint(translated):
        return translated
    signed = Approval(by=approval.by, on=approval.on, fingerprint=approval.fingerprint)
    return translated.model_copy(update={"meta": translated.meta.model_copy(update={"approval": signed})})


def stamp(path: Path, content: Content, entries: set[str] | None = None) -> tuple[str, int, list[str]]:
    """The translation file's text with the current English hash in the named entries (every
    entry when None), its layout, comments and line endings kept; how many hashes changed;
    and the entries still out of date afterwards (not named, or written in a way a line edit
    cannot reach: flow style). The caller writes it."""
    load_located(path, Translation)  # a readable translation file, or the reason it is not
    nodes = translatable(content)
    unknown = sorted(set(entries or ()) - set(nodes))
    if unknown:
        raise InputError([Diagnostic("error", Code.UNKNOWN_ENTRY, f"--entry {name!r} is no entry of the content", str(path),
                                     hint=f"did you mean {close!r}?" if (close := closest(name, list(nodes))) else None)
                          for name in unknown])
    lines = path.read_bytes().decode("utf-8").splitlines(keepends=True)
    changed, entry, hashed = 0, None, set()
    for n, line in enumerate(lines):
        key = re.match(r"^  ([^\s#:][^:]*):\s*$", line)
        if key:
            entry = key.group(1).strip("\"'")
            continue
        found = re.match(r"^(\s{4}source_hash:\s*)(\S*)(.*?)(\r?\n?)$", line)
        if found and entry in nodes and (entries is None or entry in entries):
            hashed.add(entry)
            new = f'"{source_hash(nodes[entry][1])}"'
            if found.group(2) != new:
                lines[n] = f"{found.group(1)}{new}{found.group(3)}{found.group(4)}"
                changed += 1
    lines, added = _hashes_added(lines, nodes, (set(nodes) if entries is None else entries) - hashed)
    text = "".join(lines)
    return text, changed + added, _stale(text, nodes)


def _hashes_added(lines: list[str], nodes: dict, missing: set[str]) -> tuple[list[str], int]:
    """A source_hash line under each named block entry that has none."""
    out, added = [], 0
    for line in lines:
        out.append(line)
        key = re.match(r"^  ([^\s#:][^:]*):\s*?(\r?\n)$", line)
        if key and key.group(1).strip("\"'") in missing:
            out.append(f'    source_hash: "{source_hash(nodes[key.group(1).strip(chr(34) + chr(39))][1])}"{key.group(2)}')
            added += 1
    return out, added


def _stale(text: str, nodes: dict) -> list[str]:
    """The entries whose recorded hash is not the English's now."""
    import yaml

    entries = (yaml.safe_load(text) or {}).get("entries") or {}
    return [key for key, (_, english) in nodes.items()
            if not isinstance(entries.get(key), dict) or entries[key].get("source_hash") != source_hash(english)]
