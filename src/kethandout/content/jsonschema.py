"""JSON Schema of the files a clinic edits (`kethandout schema`), for editors: VS Code's YAML
extension completes and checks fields as the clinic types, from the line
`# yaml-language-server: $schema=schemas/content.schema.json` at the top of the file.

The descriptions are the comments beside each field in the models' source: the code's
documentation and the editor's are one text."""
from __future__ import annotations

import inspect
import json
import re

_FIELD_COMMENT = re.compile(r"^\s+(\w+)\s*:[^#\n]*#\s*(.+)$", re.MULTILINE)


def _models():
    from kethandout.content.clinic import Clinic
    from kethandout.content.schema import Content
    from kethandout.content.translation import Translation

    return {"content": Content, "clinic": Clinic, "translation": Translation}


KINDS = ("content", "clinic", "translation")


def schema(kind: str) -> dict:
    model = _models()[kind]
    result = model.model_json_schema()
    described = {model.__name__: model, **{name: _find(model, name) for name in result.get("$defs", {})}}
    for name, cls in described.items():
        target = result if cls is model else result["$defs"][name]
        if cls is None:
            continue
        comments = _comments(cls)
        if cls.__doc__ and "description" not in target:
            target["description"] = " ".join(inspect.cleandoc(cls.__doc__).split())
        for field, text in comments.items():
            prop = target.get("properties", {}).get(field)
            if prop is not None and "description" not in prop:
                prop["description"] = text
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = f"kethandout {kind} file"
    return result


def text(kind: str) -> str:
    return json.dumps(schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _comments(cls) -> dict[str, str]:
    """{field: its comment}, from the class's own source and its bases'."""
    found: dict[str, str] = {}
    for base in reversed(cls.__mro__):
        if base.__module__.startswith("kethandout."):
            try:
                source = inspect.getsource(base)
            except (OSError, TypeError):
                continue
            found.update({name: comment.strip() for name, comment in _FIELD_COMMENT.findall(source)})
    return found


def _find(model, name: str):
    """The model class a $defs entry names, among the fields' types."""
    seen, stack = set(), [model]
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        if cls.__name__ == name:
            return cls
        for info in cls.model_fields.values():
            stack += [t for t in _types(info.annotation) if isinstance(t, type) and hasattr(t, "model_fields")]
    return None


def _types(annotation):
    args = getattr(annotation, "__args__", ())
    return [annotation, *[t for arg in args for t in _types(arg)]]
