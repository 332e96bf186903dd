"""`kethandout approve`: record a reviewer's sign-off in the content file as `meta.approval`,
editing those lines only, so that the file's comments and layout stay as the author wrote them."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import stat
from pathlib import Path

import yaml

from kethandout.content.fingerprint import fingerprint
from kethandout.content.load import _FAST_LOADER, Located
from kethandout.content.paths import describe, walk_mappings
from kethandout.content.schema import Approval, Content
from kethandout.errors import Code, Diagnostic, InputError

# The loader the content is read with (libyaml where installed: it accepts tabs the pure
# Python parser refuses), so that every file that loads can be approved.
_LOADER = _FAST_LOADER or yaml.SafeLoader


def approval_lines(approval: Approval, indent: str, newline: str = "\n") -> list[str]:
    """The approval block; "on" is quoted, as YAML 1.1 reads a bare `on` as true."""
    flags = [f"{indent}  open_flags: {approval.open_flags}{newline}"] if approval.open_flags else []
    source = [f'{indent}  source: "{approval.source}"{newline}'] if getattr(approval, "source", None) else []
    return [f"{indent}approval:{newline}", f"{indent}  by: {json.dumps(approval.by, ensure_ascii=False)}{newline}",
            f'{indent}  "on": {approval.on.isoformat()}{newline}',
            f'{indent}  fingerprint: "{approval.fingerprint}"{newline}', *source, *flags]


def open_flags(located: Located) -> list[tuple]:
    """The paths of the items still marked `needs_review: true`."""
    return [path for path, node in walk_mappings(located.data, ()) if node.get("needs_review") is True]


def with_approval(text: str, path: Path, approval: Approval, translation: bool = False) -> str:
    """The file's text with `meta.approval` (a translation's: the top-level `approval`)
    replaced, or added after meta's last entry (before a translation's entries), in the
    file's own line endings."""
    root = yaml.compose(text, Loader=_LOADER)
    block = _root_node(root, path) if translation else _meta_node(root, path)
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    indent = " " * block.value[0][0].start_mark.column
    new = approval_lines(approval, indent, newline)
    for key, value in block.value:
        if key.value == "approval":
            return "".join(lines[:key.start_mark.line] + new + lines[_end_line(value, lines):])
    entries = [key for key, _ in block.value if key.value == "entries"] if translation else []
    at = entries[0].start_mark.line if entries else _end_line(block.value[-1][1], lines)
    return "".join(lines[:at] + new + lines[at:])


def _root_node(root, path: Path):
    if isinstance(root, yaml.MappingNode) and root.value and not root.flow_style:
        return root
    raise InputError([Diagnostic("error", Code.CANNOT_APPROVE, "the translation is not a block of `key: value` "
                                 "lines; write it so to approve it", str(path))])


def _end_line(node, lines: list[str]) -> int:
    """The line after a node's last line of text (blank lines after it stay where they are)."""
    last = node
    while isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and last.value and not last.flow_style:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    end = last.end_mark
    after = end.line if end.column == 0 and end.line > last.start_mark.line else end.line + 1
    while after - 1 > node.start_mark.line and not lines[after - 1].strip():
        after -= 1
    return after


def _meta_node(root, path: Path):
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "meta" and isinstance(value, yaml.MappingNode) and value.value:
                if value.flow_style:
                    raise InputError([Diagnostic("error", Code.CANNOT_APPROVE, "meta is written in flow style "
                                                 "({...}); write it as a block of `key: value` lines to approve",
                                                 str(path), value.start_mark.line + 1, value.start_mark.column + 1)])
                return value
    raise InputError([Diagnostic("error", Code.CANNOT_APPROVE, "the file has no meta: block", str(path))])


def checked_approval(by: str, on: dt.date, content: Content, where: str, open_flags: int = 0) -> Approval:
    """The approval as the content model reads it back: a name it refuses (empty, too long,
    a line break, a character the documents cannot print) is refused now, not at the next build."""
    from pydantic import ValidationError

    from kethandout.errors import printable
    from kethandout.style.glyphs import missing

    problem = None
    if any(ch in by for ch in "\n\r\t\u2028\u2029") or printable(by) != by:
        problem = "the name has a line break or a control character"
    elif unprintable := missing(by):
        problem = f"the name has {unprintable[0]!r}, which the documents' font cannot print"
    elif on > dt.date.today() or on < content.meta.reviewed_on:
        problem = (f"the approval date {on.isoformat()} is in the future" if on > dt.date.today() else
                   f"the approval date {on.isoformat()} is before the content's review ({content.meta.reviewed_on})")
    try:
        approval = Approval(by=by, on=on, fingerprint=fingerprint(content), open_flags=open_flags)
    except ValidationError as exc:
        problem = problem or f"the name is not usable: {exc.errors()[0]['msg'].lower()}"
    if problem:
        hint = "give --on the date you approved it (default: today)" if "date" in problem else \
            'give --by your name and credentials, e.g. "Dana Lee, MD"'
        raise InputError([Diagnostic("error", Code.BAD_APPROVAL, problem, where, hint=hint)])
    return approval


def approve(path: Path, by: str, on: dt.date, allow_open_flags: bool = False) -> tuple[str, Approval]:
    """The file's text with the approval recorded, and the approval; the caller writes it
    (whole or not at all). Only valid, writable content can be approved, and only with no
    needs_review flag open, unless allow_open_flags (the approval then records how many)."""
    from kethandout.content.validate import load_content_located

    content, located = load_content_located(path)
    flags = open_flags(located)
    if flags and not allow_open_flags:
        raise InputError([Diagnostic("error", Code.OPEN_REVIEW_FLAGS, f"{len(flags)} item{'s' * (len(flags) != 1)} "
                                     f"{'are' if len(flags) != 1 else 'is'} still marked needs_review; nothing was "
                                     "approved", str(path), hint="check each one below, then remove its flag; or "
                                     "approve over them with --allow-open-flags (every footer then says so)")]
                         + [located.diagnostic(flag + ("needs_review",), Code.OPEN_REVIEW_FLAGS,
                                               f"{describe(located, flag)} is marked needs_review", key=True)
                            for flag in flags])
    approval = checked_approval(by, on, content, str(path), len(flags))
    return _recorded(path, approval), approval


def _recorded(path: Path, approval: Approval, translation: bool = False) -> str:
    """The file's new text, once it is sure that only the approval changed."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if not os.access(path, os.W_OK) or not mode & stat.S_IWUSR:
        raise InputError([Diagnostic("error", Code.READ_ONLY, "the file is read-only; nothing was changed",
                                     str(path))])
    text = path.read_bytes().decode("utf-8")
    new_text = with_approval(text, path, approval, translation)
    before, after = yaml.load(text, Loader=_LOADER), yaml.load(new_text, Loader=_LOADER)
    recorded = (after if translation else after["meta"]).pop("approval")
    (before if translation else before["meta"]).pop("approval", None)
    if after != before or recorded != approval.model_dump(exclude_defaults=True):
        raise InputError([Diagnostic("error", Code.CANNOT_APPROVE, "the approval could not be added without changing "
                                     "other lines; add it by hand", str(path))])
    return new_text


def english_of(path: Path) -> Path | None:
    """content.es.yaml -> content.yaml, when that is a translation beside its English."""
    import re

    found = re.match(r"^(.+)\.[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*(\.ya?ml)$", path.name)
    english = path.with_name(found.group(1) + found.group(3)) if found else None
    if english is None or not english.is_file():
        return None
    from kethandout.content.load import MAX_INPUT_BYTES
    from kethandout.reads import read_regular

    try:  # a translation keeps its wording under `entries:` (content.new.yaml beside content.yaml does not)
        head = read_regular(path, MAX_INPUT_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None  # (the content loader then says what is wrong with it)
    return english if re.search(r"(?m)^entries:", head) else None


def approve_translation(path: Path, english_path: Path, by: str, on: dt.date) -> tuple[str, Approval]:
    """The translation file's text with its approval recorded: only over approved English, and
    only when no entry is out of date (the caller writes it)."""
    from kethandout.content.fingerprint import approved
    from kethandout.content.translation import TranslationApproval, load_translation
    from kethandout.content.validate import load_content

    english = load_content(english_path)
    if not approved(english):
        raise InputError([Diagnostic("error", Code.CANNOT_APPROVE, f"{english_path} is not approved as it is: approve "
                                     "the English first; a translation's approval rests on it", str(path))])
    translated, warnings = load_translation(path, english)
    stale = [w for w in warnings if w.code == Code.STALE_TRANSLATION]
    if stale:
        raise InputError([Diagnostic("error", Code.CANNOT_APPROVE, f"{len(stale)} entr{'ies' if len(stale) != 1 else 'y'} "
                                     "may be out of date; nothing was approved", str(path),
                                     hint="bring them up to date, then kethandout stamp-translation --entry ID")]
                         + [dataclasses.replace(w, severity="error") for w in stale])
    checked = checked_approval(by, on, translated, str(path))
    approval = TranslationApproval(**checked.model_dump(exclude={"open_flags"}), source=fingerprint(english))
    return _recorded(path, approval, translation=True), approval
