"""Write the bad-input corpus: small broken files and cases.yaml, which says for each file what
the CLI must report (message fragment, file, line). Run from the project root after changing
tests/data/minimal.yaml or an example profile:  python tests/bad/make_cases.py
"""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "bad"
MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
PROFILE = (ROOT / "examples" / "clinics" / "riverside.yaml").read_text(encoding="utf-8")
HANDOUT = (ROOT / "src" / "kethandout" / "templates" / "handout.md.j2").read_text(encoding="utf-8")

# name: (old, new, text on the reported line (None: line 1), message fragment)
CONTENT = {
    "tab-indent": ("  title: \"Test handout\"", "\ttitle: \"Test handout\"", "\ttitle", "cannot start any token"),
    "unclosed-list": ("objectives:\n  - Learn the test.", "objectives: [Learn the test.\nemergency_x: 1",
                      "emergency_x", "expected ',' or ']'"),
    "unclosed-quote": ('  publisher: "Test"', '  publisher: "Test', '  version: "1"', "while parsing a block mapping"),
    "bad-indent": ("  slug: test\n", "  slug: test\n    oops: 1\n", "    oops", "mapping values are not allowed"),
    "duplicate-key": ("  version: \"1\"\n", "  version: \"1\"\n  version: \"2\"\n", "  version: \"2\"",
                      "key 'version' appears twice"),
    "duplicate-top-key": ("objectives:\n", "intro: \"Again.\"\nobjectives:\n", "intro: \"Again.\"",
                          "key 'intro' appears twice"),
    "wrong-type-number": ("  max_pages: 4", "  max_pages: four", "max_pages", "input should be a valid integer"),
    "wrong-type-list": ("objectives:\n  - Learn the test.", "objectives: Learn the test.", "objectives:",
                        "objectives: input should be a valid list"),
    "wrong-type-text": ('  version: "1"', "  version: 1.0", "  version", "meta.version: input should be a valid string"),
    "yaml11-boolean": ('  version: "1"', "  version: NO", "  version", "found False"),
    "unknown-field": ("    severity: mild", "    severty: mild", "severty", "did you mean 'severity'?"),
    "unknown-section": ("objectives:", "objectivs:", "objectivs", "did you mean 'objectives'?"),
    "missing-field": ('    title: "Feeling sick"\n', "", "  - id: sick", "is missing the required field 'title'"),
    "missing-section": ("screening:\n  id: questions", "screenin:\n  id: questions", "screenin",
                        "has no field 'screenin'; did you mean 'screening'?"),
    "bad-choice": ("    kind: relative", "    kind: maybe", "    kind: maybe", "must be one of 'absolute' or 'relative'"),
    "dangling-reference": ("refs: [ref-b]", "refs: [ref-c]", "ref-c", "cites 'ref-c', which is not in the references"),
    "duplicate-id": ("  - id: shot", "  - id: heart", "  - id: heart\n    title: \"A shot\"", "id 'heart' is already used"),
    "bad-id": ("  - id: shot", "  - id: A Shot", "A Shot", "must be an id of lowercase letters"),
    "date-not-a-date": ("reviewed_on: 2026-01-01", "reviewed_on: soon", "reviewed_on", "input should be a valid date"),
    "impossible-date": ("reviewed_on: 2026-01-01", "reviewed_on: 2026-13-45", "reviewed_on", "cannot read '2026-13-45'"),
    "alias": ("  slug: test\n", "  slug: &s test\n  subject_x: *s\n", "subject_x", "aliases (*name) are not allowed"),
    "alias-bomb": (MINIMAL.split("\n", 1)[0], "bomb: &a [x, x, x, x, x, x, x, x]\nb2: &b [*a, *a, *a, *a, *a, *a, *a]"
                   "\nb3: [*b, *b, *b, *b, *b, *b, *b]", "b2:", "aliases (*name) are not allowed"),
    "deep-nesting": ("objectives:\n  - Learn the test.", "objectives:\n  - " + "[" * 30 + "x" + "]" * 30,
                     "  - [[[", "more than 24 levels of nesting"),
    "negative-pages": ("  max_pages: 4", "  max_pages: 0", "max_pages", "greater than or equal to 1"),
    "missing-emergency-kind": ("    kind: crisis", "    kind: advice", '  - number: "911"',
                               "one of kind 'emergency' and one of kind 'crisis'"),
    "unknown-product": ("    product: testamine", "    product: testamin", "product: testamin",
                        "routes[0] (shot) names product 'testamin', which is not in the products list; "
                        "did you mean 'testamine'?"),
    "bad-doi": ('doi: "10.1000/def"', 'doi: "doi:10.1000/def"', "doi:10.1000/def", "is not a DOI"),
    "unprintable-character": ('"You want more and more of it."', '"You want more and more of it \U0001F48A."',
                              "You want more", "(U+1F48A), which the handout font cannot draw"),
    "review-overdue": ("next_review: 2099-01-01", "next_review: 2025-01-01", "next_review",
                       "was due for review on 2025-01-01"),
    "empty-file": (None, "", None, "file is empty"),
    "only-a-comment": (None, "# nothing here\n", None, "file is empty"),
    "top-level-list": (None, "- a\n- b\n", None, "expected a mapping at the top level"),
}
CLINIC = {
    "missing-logo": ("logo: riverside-logo.png", "logo: nowhere.png", "logo:", "logo file not found"),
    "svg-logo": ("logo: riverside-logo.png", "logo: logo.svg", "logo:", "SVG logos are not supported"),
    "corrupt-logo": ("logo: riverside-logo.png", "logo: corrupt.png", "logo:", "cannot read logo corrupt.png"),
    "not-a-colour": ('primary: "#1D5C4D"', "primary: teal", "primary:", "must be a colour written as #"),
    "low-contrast": ('primary: "#1D5C4D"', 'primary: "#AAAAAA"', "primary:", "short of the 4.5:1"),
    "unknown-paper": ("paper: letter", "paper: a3", "paper:", "must be one of 'letter' or 'a4'"),
    "escaping-id": ("id: riverside", "id: ../../etc", "id:", "must be an id of lowercase letters"),
    "bad-url": ('web: "https://riverside-behavioral.example.org/ketamine"', "web: riverside.example.org", "web:",
                "must be a web address starting with https://"),
    "missing-deck-template": ("paper: letter\n", "paper: letter\ndeck_template: ours.pptx\n", "deck_template",
                              "deck template not found"),
}
TRANSLATION_EDITS = {
    "missing-entry": ("  nausea:\n", "  nausea_x:\n", "nausea_x", "'nausea_x' is not an id in the content"),
    "broken-yaml": ("language: es-US", "language: [es-US", "max_pages: 6", "expected ',' or ']'"),
    "unknown-field": ("    frequency: \"Frecuente\"\n    patient: >-\n      Puede sentir",
                      "    frecuency: \"Frecuente\"\n    patient: >-\n      Puede sentir", "frecuency",
                      "has no field 'frecuency' to translate"),
}
TEMPLATES = {
    "syntax-error": ("{% for b in c.benefits %}", "{% for b in c.benefits", "{{ item(b) | markdown }}",
                     "error[template-syntax]: expected token 'end of statement block', got '{'"),
    "undefined-variable": ("{{ c.intro }}", "{{ c.introduction }}", "{{ c.introduction }}",
                           "has no attribute 'introduction'"),
    "python-internals": ("{{ c.intro }}", "{{ c.intro.__class__.__mro__ }}", "__class__",
                         "templates may not reach Python internals"),
    "unknown-filter": ("{{ c.intro }}", "{{ c.intro | shout }}", "shout", "No filter named 'shout'"),
}


def _line(text: str, fragment: str | None) -> int:
    return 1 if fragment is None else text[: text.index(fragment)].count("\n") + 1


def _edit(base: str, old: str | None, new: str) -> str:
    if old is None:
        return new
    assert old in base, old
    return base.replace(old, new, 1)


def main() -> None:
    cases = []
    for folder in ("content", "clinic", "translation", "template"):
        (HERE / folder).mkdir(exist_ok=True)
        for stale in (HERE / folder).iterdir():
            stale.unlink()
    for name, (old, new, where, message) in CONTENT.items():
        text = _edit(MINIMAL, old, new)
        (HERE / "content" / f"{name}.yaml").write_text(text, encoding="utf-8")
        cases.append(dict(name=f"content/{name}", kind="content", file=f"content/{name}.yaml",
                          line=_line(text, where), message=message))
    (HERE / "content" / "invalid-utf8.yaml").write_bytes(MINIMAL.encode("utf-8").replace(b"Test subject",
                                                                                         b"Test \xff\xfe subject"))
    cases.append(dict(name="content/invalid-utf8", kind="content", file="content/invalid-utf8.yaml",
                      line=_line(MINIMAL, "Test subject"), message="not valid UTF-8"))
    cases.append(dict(name="content/twenty-megabytes", kind="content", file="content/huge.yaml", generate="huge",
                      line=None, message="the limit is 2,000,000"))
    cases.append(dict(name="content/missing-file", kind="content", file="content/does-not-exist.yaml",
                      line=None, message="no such file"))
    (HERE / "clinic" / "riverside-logo.png").write_bytes((ROOT / "examples/clinics/riverside-logo.png").read_bytes())
    (HERE / "clinic" / "corrupt.png").write_bytes((ROOT / "examples/clinics/riverside-logo.png").read_bytes()[:300])
    (HERE / "clinic" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    for name, (old, new, where, message) in CLINIC.items():
        text = _edit(PROFILE, old, new)
        (HERE / "clinic" / f"{name}.yaml").write_text(text, encoding="utf-8")
        cases.append(dict(name=f"clinic/{name}", kind="clinic", file=f"clinic/{name}.yaml",
                          line=_line(text, where), message=message))
    spanish = (ROOT / "content.es.yaml").read_text(encoding="utf-8")
    for name, (old, new, where, message) in TRANSLATION_EDITS.items():
        text = _edit(spanish, old, new)
        (HERE / "translation" / f"{name}.yaml").write_text(text, encoding="utf-8")
        cases.append(dict(name=f"translation/{name}", kind="translation", file=f"translation/{name}.yaml",
                          line=_line(text, where), message=message))
    for name, (old, new, where, message) in TEMPLATES.items():
        text = _edit(HANDOUT, old, new)
        (HERE / "template" / f"{name}.md.j2").write_text(text, encoding="utf-8")
        cases.append(dict(name=f"template/{name}", kind="template", file=f"template/{name}.md.j2",
                          line=_line(text, where), message=message))
    cases.append(dict(name="output/not-a-folder", kind="output", file=None, line=None, message="cannot write"))
    cases.append(dict(name="deck-template/not-a-pptx", kind="deck-template", file="clinic/logo.svg", line=None,
                      message="cannot open the deck template as PowerPoint"))
    header = "# Generated by tests/bad/make_cases.py: what the CLI must report for each bad input.\n"
    (HERE / "cases.yaml").write_text(header + yaml.safe_dump(cases, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
