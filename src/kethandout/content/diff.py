"""`kethandout diff OLD NEW`: what changed between two versions of the content, by item (not
by YAML line), for the medical reviewer who signs off on the new wording.

Items are matched by id, so moving an item changes nothing; text fields get a word-level
comparison. OLD may be `git:REV` for the same file at a git revision."""
from __future__ import annotations

import difflib
import glob
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kethandout.content.schema import Content
from kethandout.errors import Code, InputError


@dataclass(frozen=True)
class FieldChange:
    field: str  # "patient", "refs", "needs_review", "frequency_pct" ...
    old: Any
    new: Any
    words: list[list[str]] | None = None  # text: [["=", "kept words"], ["-", "removed"], ["+", "added"]]


@dataclass(frozen=True)
class ItemChange:
    kind: str  # "added", "removed" or "changed"
    section: str  # "risks", "references", "meta" ...
    item: str  # its id (or position)
    title: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class ContentDiff:
    old: str  # where each side came from
    new: str
    old_version: str
    new_version: str
    changes: list[ItemChange]
    stale_translations: dict[str, list[str]] = field(default_factory=dict)  # file -> entry ids now out of date

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ContentDiff:
        changes = [ItemChange(**{**c, "fields": [FieldChange(**f) for f in c["fields"]]}) for c in data["changes"]]
        return cls(**{**data, "changes": changes})


def compare(old: Content, new: Content, old_name: str = "old", new_name: str = "new",
            new_path: Path | None = None) -> ContentDiff:
    old_data, new_data = old.model_dump(mode="json"), new.model_dump(mode="json")
    changes = _fields_of("meta", "meta", "meta", old_data["meta"], new_data["meta"])
    for section in new_data.keys() | old_data.keys():
        if section == "meta":
            continue
        before, after = old_data.get(section), new_data.get(section)
        if isinstance(before, list) or isinstance(after, list):
            changes += _sections(section, before or [], after or [])
        elif before != after:
            title = (after or before or {}).get("title", section) if isinstance(after or before, dict) else section
            if before is None or after is None:
                changes.append(_whole("added" if before is None else "removed", section, section, str(title),
                                      after or before))
            else:
                changes += _fields_of(section, section, str(title), before, after) if isinstance(after, dict) else \
                    [ItemChange("changed", section, section, section, [_change("text", before, after)])]
    order = list(new_data)
    changes.sort(key=lambda c: (order.index(c.section) if c.section in order else len(order),))
    stale = _stale_translations(new, new_path) if new_path else {}
    return ContentDiff(old_name, new_name, old.meta.version, new.meta.version, changes, stale)


def _sections(section: str, before: list, after: list) -> list[ItemChange]:
    """A list of items matched by id (or, for plain text lists, by their text)."""
    keyed = all(isinstance(x, dict) and "id" in x for x in before + after)
    if not keyed:  # by position: an emergency line, a learning objective
        if before != after and sorted(map(repr, before)) == sorted(map(repr, after)):  # the same, in another order
            return [ItemChange("moved", section, section, section,
                               [FieldChange("order", [_title(x) for x in before], [_title(x) for x in after])])]
        changes = []
        for i, (old, new) in enumerate(zip(before, after), start=1):
            if old != new and isinstance(new, dict) and isinstance(old, dict):
                changes += _fields_of(section, str(i), _title(new), old, new)
            elif old != new:
                changes.append(ItemChange("changed", section, str(i), _title(new), [_change("text", old, new)]))
        changes += [_whole("removed", section, str(i), _title(x), x) for i, x in enumerate(before, 1) if i > len(after)]
        changes += [_whole("added", section, str(i), _title(x), x) for i, x in enumerate(after, 1) if i > len(before)]
        return changes
    old_items, new_items = {x["id"]: x for x in before}, {x["id"]: x for x in after}
    changes = [_whole("removed", section, key, _title(item), item) for key, item in old_items.items()
               if key not in new_items]
    for key, item in new_items.items():
        if key not in old_items:
            changes.append(_whole("added", section, key, _title(item), item))
        elif old_items[key] != item:
            changes += _fields_of(section, key, _title(item), old_items[key], item)
    kept_old = [key for key in old_items if key in new_items]
    kept_new = [key for key in new_items if key in old_items]
    if kept_old != kept_new:  # the documents print them in this order
        changes.append(ItemChange("moved", section, section, section, [FieldChange("order", kept_old, kept_new)]))
    return changes


def _whole(kind: str, section: str, key: str, title: str, item: Any) -> ItemChange:
    """An item added or removed, with all its wording: the reviewer signs words, not titles."""
    values = item.items() if isinstance(item, dict) else [("text", item)]
    fields = [FieldChange(name, None, value) if kind == "added" else FieldChange(name, value, None)
              for name, value in values if name != "id" and value not in (None, [], False, "")]
    return ItemChange(kind, section, key, title, fields)


def _fields_of(section: str, key: str, title: str, before: dict, after: dict) -> list[ItemChange]:
    fields = [_change(name, before.get(name), after.get(name)) for name in after.keys() | before.keys()
              if before.get(name) != after.get(name) and name != "approval"]
    order = list(after) + [name for name in before if name not in after]
    fields.sort(key=lambda f: order.index(f.field))
    return [ItemChange("changed", section, key, title, fields)] if fields else []


def _change(name: str, old: Any, new: Any) -> FieldChange:
    if isinstance(old, str) and isinstance(new, str):
        return FieldChange(name, old, new, word_changes(old, new))
    return FieldChange(name, old, new)


def word_changes(old: str, new: str) -> list[list[str]]:
    """The words kept, removed and added, in order. Texts of more than about 200 words each
    are compared as wholes: difflib's time grows with the product of their lengths (30 ms
    for two of 700 words), and a file holds hundreds of texts."""
    a, b = old.split(), new.split()
    if len(a) * len(b) > 40_000:
        return [["-", old], ["+", new]]
    out: list[list[str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(["=", " ".join(a[i1:i2])])
        if op in ("delete", "replace"):
            out.append(["-", " ".join(a[i1:i2])])
        if op in ("insert", "replace"):
            out.append(["+", " ".join(b[j1:j2])])
    return out


def _title(item: Any) -> str:
    if isinstance(item, dict):
        named = item.get("title") or item.get("question") or item.get("text") or item.get("id")
        return str(named or next((v for v in item.values() if isinstance(v, str)), ""))
    return str(item)


def _stale_translations(new: Content, new_path: Path) -> dict[str, list[str]]:
    """For each translation beside NEW (content.LANG.yaml), the entries whose English changed."""
    from kethandout.content.translation import load_translation

    stale = {}
    for path in sorted(new_path.parent.glob(f"{glob.escape(new_path.stem)}.*.yaml")):
        try:
            _, warnings = load_translation(path, new)
        except InputError:
            continue  # a translation that does not load is check's business
        ids = [w.message.split("'")[1] for w in warnings if w.code == Code.STALE_TRANSLATION and "'" in w.message]
        if ids:
            stale[path.name] = ids
    return stale


# What the reports share ----------------------------------------------------------------


def label(change: ItemChange) -> str:
    """ "risks: Feeling detached or unreal (dissociation)", or just "intro" for a section."""
    if change.title == change.item == change.section:
        return change.section
    return f"{change.section}: {change.title} ({change.item})"


def shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown(v)}" for k, v in value.items() if v is not None)
    return str(value)


def count(diff: ContentDiff) -> str:
    counts = {kind: sum(c.kind == kind for c in diff.changes) for kind in ("added", "removed", "changed", "moved")}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n or kind != "moved")
