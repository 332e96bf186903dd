"""Read YAML safely, keeping the line and column of every key and value.

PyYAML silently keeps the last of two equal keys and happily expands aliases; both lose
or multiply content, so both are refused here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kethandout import reads
from kethandout.errors import Code, Diagnostic, InputError
from kethandout.content.yaml_words import plain

MAX_INPUT_BYTES = 2_000_000  # content files are a few tens of KB; refuse runaway input
MAX_DEPTH = 24  # the deepest real structure is 5 levels; refuse runaway nesting

Path_ = tuple  # a path into the data: ("risks", 3, "title")
# Characters no content file holds: controls, C0 and C1 (tab, line feed and carriage return
# aside), the non-characters U+FFFE and U+FFFF, and the line breaks that YAML counts but editors
# may not (U+0085, U+2028, U+2029), which would shift every line number reported after them.
# (and lone surrogates, which only a template or an escape can make: no file can be written with one)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class Located:
    """Plain Python data plus where each part of it came from (1-based line, col)."""

    data: Any
    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Position of the value (or key) at `path`, or of its nearest located parent."""
        table = self.keys if key else self.values
        path = tuple(path)
        while path not in table and path:
            path = path[:-1]
            table = self.values
        return table.get(path, (1, 1))

    def diagnostic(self, path: Path_, code: Code, message: str, *, key: bool = False,
                   hint: str | None = None, severity: str = "error") -> Diagnostic:
        line, col = self.where(path, key=key)
        return Diagnostic(severity, code, message, self.file, line, col, hint)


class _NoAliasLoader(yaml.SafeLoader):
    """The pure-Python parser, hooked to refuse aliases where they are used."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in content files; write the text out",
                problem_mark=event.start_mark)
        return super().compose_node(parent, index)


# libyaml's C parser reads good files ten times faster; when it finds a problem (or an
# alias, seen as a node met twice), the Python parser reads the file again for its clearer
# message and exact position.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


class _Alias(Exception):
    pass


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def load_yaml(path: Path, display_name: str | None = None, raw: bytes | None = None) -> Located:
    """Load one YAML file into a Located; raise InputError listing every problem. raw: the
    file's bytes when they come from elsewhere (a git revision)."""
    name = display_name or str(path)
    raw = _read_bytes(path, name) if raw is None else raw
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError([Diagnostic("error", Code.FILE_TOO_LARGE,
                                     f"file is {len(raw):,} bytes; the limit is {MAX_INPUT_BYTES:,}", name)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Diagnostic("error", Code.NOT_UTF8, "file is not valid UTF-8 text", name, line, 1,
                                     "save it as UTF-8")])
    forbidden = _forbidden_characters(text, name)
    if forbidden:
        raise InputError(forbidden)
    if _FAST_LOADER:
        try:
            return _read(text, name, _FAST_LOADER)
        except (yaml.YAMLError, _Alias):
            pass  # read again below, for the clear message
    return _read(text, name, _NoAliasLoader)


def _read_bytes(path: Path, name: str) -> bytes:
    """At most the size limit (and one byte more, to tell), and only from a regular file: a
    FIFO would block and /dev/zero never ends."""
    try:
        data = reads.read_regular(path, MAX_INPUT_BYTES)
    except FileNotFoundError:
        raise InputError([Diagnostic("error", Code.FILE_NOT_FOUND, f"no such file: {path}", name)]) from None
    except reads.NotRegularFile:
        raise InputError([Diagnostic("error", Code.NOT_A_FILE, f"{path} is not a regular file", name,
                                     hint="give the path of a YAML file")]) from None
    except OSError as exc:
        raise InputError([Diagnostic("error", Code.FILE_UNREADABLE, f"cannot read {path}: {exc.strerror}", name)]) from None
    reads.note(path, data)
    return data


def _forbidden_characters(text: str, name: str, most: int = 20) -> list[Diagnostic]:
    """Each forbidden character at its line and column, lines counted at line feeds only."""
    found = []
    for match in FORBIDDEN.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        found.append(Diagnostic("error", Code.CONTROL_CHARACTER, f"the character U+{ord(match.group()):04X} is not "
                                "allowed in a content file", name, line, col,
                                hint="delete it (it often comes from copying out of another program)"))
        if len(found) == most:
            break
    return found


def _read(text: str, name: str, loader_class) -> Located:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
    except RecursionError:
        raise InputError([Diagnostic("error", Code.NESTING_TOO_DEEP, "the file is nested too deeply to read", name,
                                     1, 1, hint=f"content files need at most {MAX_DEPTH} levels")])
    except yaml.MarkedYAMLError as exc:
        if loader_class is not _NoAliasLoader:
            raise
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        problem, hint = plain(exc.problem or "invalid YAML", exc.context)
        context = ""
        if exc.context_mark and exc.context_mark is not mark and _pos(exc.context_mark)[0] != line:
            context = " (it starts at line {}, column {})".format(*_pos(exc.context_mark))
        raise InputError([Diagnostic("error", Code.YAML_SYNTAX, f"{problem}{context}", name, line, col, hint=hint)])
    finally:
        loader.dispose()
    if root is None:
        raise InputError([Diagnostic("error", Code.EMPTY_FILE, "file is empty; expected a mapping", name, 1, 1)])
    located = Located(None, name)
    problems: list[Diagnostic] = []
    located.data = _convert(root, (), loader, located, problems, set())
    if problems:
        raise InputError(problems)
    return located


def _explicit_tag(node: yaml.Node, loader) -> bool:
    """A tag written in the file (!!str, !!python/object ...): a node whose tag is not the one
    YAML gives its kind and text by itself. (A tag that changes nothing goes unnoticed.)"""
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # None from the Python parser, "" from libyaml
        implicit = (plain, not plain)
        return node.tag != loader.resolve(yaml.ScalarNode, node.value, implicit)
    return node.tag != loader.resolve(type(node), None, (True, False))


def _key(node: yaml.ScalarNode, loader) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        return node.value


def _convert(node: yaml.Node, path: Path_, loader: yaml.SafeLoader, out: Located,
             problems: list[Diagnostic], seen: set[int]) -> Any:
    out.values[path] = _pos(node.start_mark)
    if id(node) in seen:  # the same node twice: an alias (*name); the Python parser says where
        raise _Alias()
    seen.add(id(node))
    if len(path) > MAX_DEPTH:
        problems.append(Diagnostic("error", Code.NESTING_TOO_DEEP, f"more than {MAX_DEPTH} levels of nesting here",
                                   out.file, *_pos(node.start_mark)))
        return None
    if _explicit_tag(node, loader):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")  # as it is written in the file
        problems.append(Diagnostic("error", Code.YAML_TAG, f"the tag '{tag}' is not allowed in content files; "
                                   "write the value plainly", out.file, *_pos(node.start_mark)))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                problems.append(Diagnostic("error", Code.BAD_KEY, "merge keys (<<) are not allowed in content files; "
                                           "write the fields out", out.file, *_pos(key_node.start_mark)))
                continue
            key = _key(key_node, loader) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                shown = repr(key) if key is not None else "a list or mapping"
                problems.append(Diagnostic("error", Code.BAD_KEY, f"a key must be text, not {shown}",
                                           out.file, *_pos(key_node.start_mark), hint="put the key in quotes"))
                continue
            if key in result:
                first = out.keys[path + (key,)][0]
                problems.append(Diagnostic("error", Code.DUPLICATE_KEY,
                                           f"key '{key}' appears twice (first on line {first}); "
                                           "the second would silently replace the first",
                                           out.file, *_pos(key_node.start_mark)))
                continue
            out.keys[path + (key,)] = _pos(key_node.start_mark)
            result[key] = _convert(value_node, path + (key,), loader, out, problems, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), loader, out, problems, seen) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError) as exc:  # e.g. a date like 2026-13-45
        problems.append(Diagnostic("error", Code.BAD_VALUE, f"cannot read {node.value!r}: {exc}",
                                   out.file, *_pos(node.start_mark)))
        return None
