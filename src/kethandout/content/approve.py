"""`kethandout approve`: record a reviewer's sign-off in the content file as `meta.approval`,
editing those lines only, so that the file's comments and layout stay as the author wrote them."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from kethandout.content.fingerprint import fingerprint
from kethandout.content.schema import Content
from kethandout.errors import Diagnostic, InputError


def approval_lines(by: str, on: dt.date, content: Content, indent: str) -> list[str]:
    """The approval block; "on" is quoted, as YAML 1.1 reads a bare `on` as true."""
    return [f"{indent}approval:\n", f"{indent}  by: {json.dumps(by, ensure_ascii=False)}\n",
            f'{indent}  "on": {on.isoformat()}\n', f'{indent}  fingerprint: "{fingerprint(content)}"\n']


def with_approval(text: str, path: Path, content: Content, by: str, on: dt.date) -> str:
    """The file's text with `meta.approval` replaced, or added after meta's last entry."""
    meta = _meta_node(yaml.compose(text, Loader=yaml.SafeLoader), path)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    first_key = meta.value[0][0]
    indent = " " * first_key.start_mark.column
    new = approval_lines(by, on, content, indent)
    for key, value in meta.value:
        if key.value == "approval":
            return "".join(lines[:key.start_mark.line] + new + lines[_end_line(value, lines):])
    at = _end_line(meta.value[-1][1], lines)
    return "".join(lines[:at] + new + lines[at:])


def _end_line(node, lines: list[str]) -> int:
    """The line after a node's last line of text: a block's end mark is at the start of the
    next line, after any blank lines, which stay where they are."""
    end = node.end_mark
    after = end.line if end.column == 0 and end.line > node.start_mark.line else end.line + 1
    while after - 1 > node.start_mark.line and not lines[after - 1].strip():
        after -= 1
    return after


def _meta_node(root, path: Path):
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "meta" and isinstance(value, yaml.MappingNode) and value.value:
                if value.flow_style:
                    raise InputError([Diagnostic("error", "cannot-approve", "meta is written in flow style "
                                                 "({...}); write it as a block of `key: value` lines to approve",
                                                 str(path), value.start_mark.line + 1, value.start_mark.column + 1)])
                return value
    raise InputError([Diagnostic("error", "cannot-approve", "the file has no meta: block", str(path))])


def approve(path: Path, by: str, on: dt.date) -> str:
    """Record the approval in the file (whole or not at all) and return the fingerprint."""
    from kethandout.build import Output, write_outputs
    from kethandout.content.validate import load_content

    content = load_content(path)  # only valid content can be approved
    text = path.read_text(encoding="utf-8")
    new_text = with_approval(text, path, content, by, on)
    before, after = yaml.safe_load(text), yaml.safe_load(new_text)
    recorded = after["meta"].pop("approval")
    before["meta"].pop("approval", None)
    if after != before or recorded != {"by": by, "on": on, "fingerprint": fingerprint(content)}:
        raise InputError([Diagnostic("error", "cannot-approve", "the approval could not be added without changing "
                                     "other lines; add it by hand", str(path))])
    write_outputs([Output(path, new_text.encode("utf-8"))], path.parent)
    return fingerprint(content)
