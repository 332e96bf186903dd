"""`kethandout approve`: record a reviewer's sign-off in the content file as `meta.approval`,
editing those lines only, so that the file's comments and layout stay as the author wrote them."""
from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import yaml

from kethandout.content.fingerprint import fingerprint
from kethandout.content.load import _FAST_LOADER
from kethandout.content.schema import Approval, Content
from kethandout.errors import Code, Diagnostic, InputError

# The loader the content is read with (libyaml where installed: it accepts tabs the pure
# Python parser refuses), so that every file that loads can be approved.
_LOADER = _FAST_LOADER or yaml.SafeLoader


def approval_lines(approval: Approval, indent: str, newline: str = "\n") -> list[str]:
    """The approval block; "on" is quoted, as YAML 1.1 reads a bare `on` as true."""
    return [f"{indent}approval:{newline}", f"{indent}  by: {json.dumps(approval.by, ensure_ascii=False)}{newline}",
            f'{indent}  "on": {approval.on.isoformat()}{newline}',
            f'{indent}  fingerprint: "{approval.fingerprint}"{newline}']


def with_approval(text: str, path: Path, approval: Approval) -> str:
    """The file's text with `meta.approval` replaced, or added after meta's last entry, in the
    file's own line endings."""
    meta = _meta_node(yaml.compose(text, Loader=_LOADER), path)
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    indent = " " * meta.value[0][0].start_mark.column
    new = approval_lines(approval, indent, newline)
    for key, value in meta.value:
        if key.value == "approval":
            return "".join(lines[:key.start_mark.line] + new + lines[_end_line(value, lines):])
    at = _end_line(meta.value[-1][1], lines)
    return "".join(lines[:at] + new + lines[at:])


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


def checked_approval(by: str, on: dt.date, content: Content, where: str) -> Approval:
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
        approval = Approval(by=by, on=on, fingerprint=fingerprint(content))
    except ValidationError as exc:
        problem = problem or f"the name is not usable: {exc.errors()[0]['msg'].lower()}"
    if problem:
        hint = "give --on the date you approved it (default: today)" if "date" in problem else \
            'give --by your name and credentials, e.g. "Dana Lee, MD"'
        raise InputError([Diagnostic("error", Code.BAD_APPROVAL, problem, where, hint=hint)])
    return approval


def approve(path: Path, by: str, on: dt.date) -> tuple[str, str]:
    """The file's text with the approval recorded, and the fingerprint; the caller writes it
    (whole or not at all). Only valid, writable content can be approved."""
    from kethandout.content.validate import load_content

    content = load_content(path)
    approval = checked_approval(by, on, content, str(path))
    mode = stat.S_IMODE(path.stat().st_mode)
    if not os.access(path, os.W_OK) or not mode & stat.S_IWUSR:
        raise InputError([Diagnostic("error", Code.READ_ONLY, "the content file is read-only; nothing was changed",
                                     str(path))])
    text = path.read_bytes().decode("utf-8")
    new_text = with_approval(text, path, approval)
    before, after = yaml.load(text, Loader=_LOADER), yaml.load(new_text, Loader=_LOADER)
    recorded = after["meta"].pop("approval")
    before["meta"].pop("approval", None)
    if after != before or recorded != approval.model_dump():
        raise InputError([Diagnostic("error", Code.CANNOT_APPROVE, "the approval could not be added without changing "
                                     "other lines; add it by hand", str(path))])
    return new_text, approval.fingerprint
