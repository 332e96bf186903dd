"""Paths into a content file's data, in the reader's words: walking its values, naming a value
("risks[2] (nausea)") and suggesting the closest of a list of names."""
from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from kethandout.content.load import Located


def closest(word: str, choices) -> str | None:
    """The choice nearest a misspelled word, for "did you mean ...?". difflib loads only when
    there is a mistake (1 ms of every build). difflib compares the word with only the 60
    choices that share most of its letter pairs (and, for a short word, those of about its length): comparing it with all 1,600 icon names took
    10 ms a word, and a file may misspell a thousand."""
    import difflib

    by_lower, pairs = _index(tuple(choices))
    word = word.lower()[:80]  # 'IV' is 'iv' misspelled
    shared = Counter(choice for pair in _pairs(word) for choice in pairs.get(pair, ()))
    near = [choice for choice, _ in shared.most_common(60)] if len(by_lower) > 60 else list(by_lower)
    if len(word) <= 6:  # a short word shares few pairs even with its own spelling: its lengths too
        near += [choice for choice in by_lower if abs(len(choice) - len(word)) <= 1]
    close = difflib.get_close_matches(word, near, n=1)
    return by_lower[close[0]] if close else None


@functools.lru_cache(maxsize=32)
def _index(choices: tuple) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The choices by their lowercase form, and which of them hold each pair of letters."""
    by_lower = {choice.lower(): choice for choice in choices if isinstance(choice, str)}
    pairs: dict[str, list[str]] = {}
    for lower in by_lower:
        for pair in _pairs(lower):
            pairs.setdefault(pair, []).append(lower)
    return by_lower, pairs


def _pairs(word: str) -> set[str]:
    return {word[i:i + 2] for i in range(len(word) - 1)} or {word}


def label(loc: tuple) -> str:
    """('risks', 3, 'title') -> 'risks #4.title': positions counted from 1, as an editor counts
    the items of a list."""
    text = ""
    for part in loc:
        text += f" #{part + 1}" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


def describe(located: Located, loc: tuple) -> str:
    """'risks #2' plus the item's id when it has one: 'risks #2 (nausea)'."""
    node = located.data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return label(loc)
    item_id = node.get("id") if isinstance(node, dict) else None
    return f"{label(loc)} ({item_id})" if isinstance(item_id, str) else label(loc)


def walk(node: Any, path: tuple = (), skip: frozenset | set = frozenset()):
    """(path, node) for every node of the data, mappings, lists and values, except what lies
    under a skipped key, in document order. (A stack, not nested generators: those cost a
    resumption per level for every node.)"""
    stack = [(path, node)]
    while stack:
        path, node = stack.pop()
        yield path, node
        if isinstance(node, dict):
            stack.extend((path + (key,), value) for key, value in reversed(node.items()) if key not in skip)
        elif isinstance(node, list):
            stack.extend((path + (i,), node[i]) for i in range(len(node) - 1, -1, -1))


def walk_mappings(node: Any, path: tuple = ()):
    """Every mapping in the data with its path."""
    return ((p, n) for p, n in walk(node, path) if isinstance(n, dict))
