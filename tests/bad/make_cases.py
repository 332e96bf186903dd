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

# name: (old, new, text on the reported line (None: line 1; False: no line is known), message fragment)
CONTENT = {
    "tab-indent": ("  title: \"Test handout\"", "\ttitle: \"Test handout\"", "\ttitle", "a tab character: YAML indents with spaces only"),
    "unclosed-list": ("objectives:\n  - Learn the test.", "objectives: [Learn the test.\nemergency_x: 1",
                      "emergency_x", "a list written in [ ] is not closed"),
    "unclosed-quote": ('  publisher: "Test"', '  publisher: "Test', '  version: "1"', "this line is indented differently from the lines at its level"),
    "bad-indent": ("  slug: test\n", "  slug: test\n    oops: 1\n", "    oops", "a second ': ' on this line starts another key"),
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
                        "routes #1 (shot) names product 'testamin', which is not in the products list; "
                        "did you mean 'testamine'?"),
    "bad-doi": ('doi: "10.1000/def"', 'doi: "doi:10.1000/def"', "doi:10.1000/def", "is not a DOI"),
    "unprintable-character": ('"You want more and more of it."', '"You want more and more of it \U0001F48A."',
                              "You want more", "(U+1F48A), which the handout font cannot draw"),
    "runaway-paragraph": ('    title: "Feeling sick"', '    title: "' + "You may feel sick. " * 2000 + '"',
                          "title: \"You may", "title has 38,000 characters; the limit is 4,000"),
    "unknown-icon": ('    title: "Get a ride"\n', '    title: "Get a ride"\n    icon: car-of\n', "icon: car-of",
                     "names icon 'car-of', which is not a Lucide icon; did you mean 'car-off'?"),
    "empty-checklist-item": ("get_help:\n", 'checklist:\n  - id: list\n    title: "Your medicines"\n    patient: ""\n'
                             '    clinician: "Reconcile."\n\nget_help:\n', 'patient: ""', "must not be empty"),
    "consent-missing-part": ("get_help:\n", "consent:\n  purpose: \"To help.\"\n  alternatives: \"Others.\"\n"
                             "  received: \"I got it.\"\n  questions: \"Answered.\"\n\nget_help:\n", "  purpose:",
                             "consent is missing the required field 'voluntary'"),
    "consent-placeholder-typo": ("get_help:\n", "consent:\n  purpose: \"To help.\"\n  alternatives: \"Others.\"\n"
                                 "  voluntary: \"Your choice.\"\n  received: \"I got {titel}.\"\n"
                                 "  questions: \"Answered.\"\n\nget_help:\n", "  received:",
                                 "consent.received: has {titel}; it may hold only {title} and {version}"),
    "consent-without-questions": ("get_help:\n", "consent:\n  purpose: \"To help.\"\n  alternatives: \"Others.\"\n"
                                  "  voluntary: \"Your choice.\"\n  received: \"I got it.\"\n"
                                  "  questions: \"Answered.\"\n\nget_help:\n", "  - id: heart",
                                  "needs `ask:`, the consent form's yes/no question about it"),
    "quiz-answer-out-of-range": ("get_help:\n", "quiz:\n  - id: q1\n    after: risks\n    question: \"Which?\"\n"
                                "    options: [\"One\", \"Two\"]\n    answer: 3\n    explanation: \"Because.\"\n"
                                "    refs: [ref-a]\n\nget_help:\n", "    answer: 3", "answer 3 is not one of the 2 options"),
    "percent-over-100": ('    frequency: "Common"\n', '    frequency: "Common"\n    frequency_pct: {low: 10, high: 120, refs: [ref-a]}\n',
                         "frequency_pct:", "less than or equal to 100"),
    "percent-low-above-high": ('    frequency: "Common"\n', '    frequency: "Common"\n    frequency_pct: {low: 60, high: 40, refs: [ref-a]}\n',
                               "frequency_pct:", "low (60) is above high (40)"),
    "review-overdue": ("next_review: 2099-01-01", "next_review: 2025-01-01", "next_review",
                       "was due for review on 2025-01-01"),
    # YAML features a content file has no use for, and characters that shift or hide text
    "merge-key": ("meta:\n", "meta:\n  <<: {publisher: x}\n", "  <<:", "merge keys (<<) are not allowed"),
    "explicit-str-tag": ('  version: "1"', "  version: !!str 1", "version: !!str", "the tag '!!str' is not allowed"),
    "python-tag": ('  version: "1"', '  version: !!python/object/apply:os.system ["ls"]', "version: !!python",
                   "the tag '!!python/object/apply:os.system' is not allowed"),
    "custom-tag": ('  version: "1"', '  version: !secret "1"', "version: !secret", "the tag '!secret' is not allowed"),
    "set-tag": ("objectives:\n  - Learn the test.", "objectives: !!set {a: null}", "objectives: !!set",
                "the tag '!!set' is not allowed"),
    "number-key": ("meta:\n", "meta:\n  12: x\n", "  12: x", "a key must be text, not 12"),
    "date-key": ("meta:\n", "meta:\n  2026-01-01: x\n", "  2026-01-01: x", "a key must be text, not datetime.date"),
    "boolean-key": ("meta:\n", "meta:\n  yes: x\n", "  yes: x", "a key must be text, not True"),
    "list-key": ("meta:\n", "meta:\n  ? [a, b]\n  : x\n", "  ? [a, b]", "a key must be text, not a list or mapping"),
    "map-key": ("meta:\n", "meta:\n  ? {a: 1}\n  : x\n", "  ? {a: 1}", "a key must be text, not a list or mapping"),
    "nul-character": ('"Test subject"', '"Test\x00 subject"', "Test\x00", "the character U+0000 is not allowed"),
    "escape-character": ('"Test subject"', '"Test\x1b[2J subject"', "Test\x1b", "the character U+001B is not allowed"),
    "delete-character": ('"Test subject"', '"Test\x7f subject"', "Test\x7f", "the character U+007F is not allowed"),
    "line-separator": ('intro: "This sheet is for you.', 'intro: "This sheet\u2028 is for you.', "sheet\u2028",
                       "the character U+2028 is not allowed"),
    "next-line": ('intro: "This sheet is for you.', 'intro: "This sheet\x85 is for you.', "sheet\x85",
                  "the character U+0085 is not allowed"),
    "paragraph-separator": ('  clinician: "Nausea."', '  clinician: "Nau\u2029sea."', "Nau\u2029",
                            "the character U+2029 is not allowed"),
    "c1-control": ('"Test subject"', '"Test\x9b2J subject"', "Test\x9b", "the character U+009B is not allowed"),
    "non-character": ('"Test subject"', '"Test\uffff subject"', "Test\uffff", "the character U+FFFF is not allowed"),
    # Values that reach file names or outputs
    "id-too-long": ("  - id: sick", "  - id: " + "s" * 70, "  - id: sss", "risks #1.id has 70 characters; the limit is 64"),
    "language-path": ("  max_pages: 4", '  max_pages: 4\n  language: "en/../../x"', "  language:",
                      "must be a language tag such as 'es' or 'es-US'"),
    "empty-title": ('  title: "Feeling sick"', '  title: ""', '  title: ""', "risks #1.title must not be empty"),
    "blank-action": ('    action: "Call 911"', '    action: "   "', 'action: "   "',
                     "emergency #1.action must not be empty"),
    "reserved-id": ("  - id: sick", "  - id: intro", "  - id: intro", "id 'intro' is reserved"),
    "unknown-applies-to": ("    severity: mild\n", "    severity: mild\n    applies_to: [testamin]\n", "[testamin]",
                           "names product 'testamin', which is not in the products list; did you mean 'testamine'?"),
    "applies-to-twice": ("    severity: mild\n", "    severity: mild\n    applies_to: [testamine, testamine]\n",
                         "applies_to:", "each product may be named once"),
    "applies-to-on-route": ("    product: testamine\n", "    product: testamine\n    applies_to: [testamine]\n",
                            "    applies_to", "has no field 'applies_to'"),
    "bad-then-call": ("    severity: mild\n", "    severity: mild\n    then_call: police\n", "then_call: police",
                      "must be one of 'emergency' or 'crisis'"),
    "unknown-label": ("    label: ref-a", "    label: ref-z", "label: ref-z",
                      "names reference 'ref-z', which is not in the references list"),
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
    "merge-key": ("paper: letter\n", "paper: letter\n<<: {name: x}\n", "<<:", "merge keys (<<) are not allowed"),
    "name-too-long": ('name: "Riverside Behavioral Health"', 'name: "' + "Riverside " * 30 + '"', "name:",
                      "name has 300 characters; the limit is 120"),
    "id-too-long": ("id: riverside", "id: " + "r" * 300, "id: rrr", "id has 300 characters; the limit is 64"),
    "explicit-tag": ('name: "Riverside Behavioral Health"', 'name: !!python/name:os.system ""', "name: !!python",
                     "the tag '!!python/name:os.system' is not allowed"),
    "nul-in-name": ('name: "Riverside Behavioral Health"', 'name: "Riverside\x00 Behavioral Health"', "Riverside\x00",
                    "the character U+0000 is not allowed"),
    "number-key": ("paper: letter\n", "paper: letter\n42: x\n", "42: x", "a key must be text, not 42"),
    "boolean-key": ("paper: letter\n", "paper: letter\non: x\n", "on: x", "a key must be text, not True"),
    "unknown-route": ("paper: letter\n", "paper: letter\nroutes: [shott]\n", "routes: [shott]",
                      "routes #1 names route 'shott', which the content does not have"),
    "route-twice": ("paper: letter\n", "paper: letter\nroutes: [iv, iv]\n", "routes: [iv, iv]",
                    "each route may be named once"),
    "language-path": ("languages: [en, es]", "languages: [en, ../es]", "languages:",
                      "must be a language tag such as 'es' or 'es-US'"),
    "languages-one-file": ("languages: [en, es]", "languages: [en, es, es-MX]", "languages:",
                           "each language may be named once"),
    "fasting-escape": ('  text: "We will tell you', '  text: "We will\x1b[31m tell you', "We will\x1b",
                       "the character U+001B is not allowed"),
    "fasting-empty": ('  text: "We will tell you when to stop eating and drinking when we book your visit."',
                      '  text: ""', '  text: ""', "fasting.text must not be empty"),
    "unprintable-fasting": ('when we book your visit."', 'when we book your visit \U0001F37D."', "when we book",
                            "(U+1F37D), which the handout font cannot draw"),
    "png-text-bomb": ("logo: riverside-logo.png", "logo: text-bomb.png", "logo:",
                      "cannot read logo text-bomb.png: Decompressed data too large"),
    "address-too-long-for-qr": ('web: "https://riverside-behavioral.example.org/ketamine"',
                                'web: "https://riverside.example.org/' + "a" * 400 + '"', "web:",
                                "web has 430 characters; the limit is 300"),
    "missing-deck-template": ("paper: letter\n", "paper: letter\ndeck_template: ours.pptx\n", "deck_template",
                              "deck template not found"),
}
TRANSLATION_EDITS = {
    "list-for-text": ('    title: "Náuseas y vómitos"', '    title: ["Náuseas", "vómitos"]', 'title: ["Náuseas"',
                      "entry 'nausea'.title must be text, as in the English"),
    "text-for-list": ("    items:\n      - Explicar", "    items: Explicar\n    older:\n      - Explicar", "items: Explicar",
                      "entry 'objectives'.items must be a list of texts"),
    "number-for-text": ('    title: "Náuseas y vómitos"', "    title: 12", "    title: 12",
                        "entries.nausea.title must be text or a list; found 12"),
    "objectives-short": ("      - Aplicar los pasos de vigilancia y seguridad en cada sesión.\n", "", "      - Explicar",
                         "entry 'objectives'.items has 4 items; the English has 5"),
    "escape-character": ('    title: "Náuseas y vómitos"', '    title: "Náuseas\x1b[5m y vómitos"', "Náuseas\x1b",
                         "the character U+001B is not allowed"),
    "explicit-tag": ('    title: "Náuseas y vómitos"', '    title: !!binary "TsOhdXNlYXM="', "!!binary",
                     "the tag '!!binary' is not allowed"),
    "language-path": ("language: es-US", 'language: "es/../../x"', "language:",
                      "must be a language tag such as 'es' or 'es-US'"),
    "missing-entry": ("  nausea:\n", "  nausea_x:\n", "nausea_x", "'nausea_x' is not an id in the content"),
    "broken-yaml": ("language: es-US", "language: [es-US", "max_pages: 8", "a list written in [ ] is not closed"),
    "runaway-text": ('    title: "Depresión con pensamientos de suicidio"',
                     '    title: "' + "Puede sentir sueño. " * 2000 + '"', "title: \"Puede", "the limit is 4,000"),
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
    "lipsum": ("{{ c.intro }}", "{{ lipsum(100000) }}", "lipsum", "'lipsum' is undefined"),
    "string-repeat": ("{{ c.intro }}", '{{ "x" * 100000000 }}', '"x" *', "repeating a text 100,000,000 times"),
    "list-repeat": ("{{ c.intro }}", "{{ (c.references * 10000000) | length }}", "c.references *",
                    "repeating a text 10,000,000 times"),
    "endless-loops": ("{{ c.intro }}", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
                      "{% endfor %}", "range(99999)", "loops run more than 1,000,000 steps"),
    "macro-recursion": ("{{ c.intro }}", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "macro f",
                        "calls itself (a macro, include or extends) too deeply"),
    "extends-itself": (HANDOUT, '{% extends "handout.md.j2" %}\n', None,
                       "calls itself (a macro, include or extends) too deeply"),
    "huge-output": ("{{ c.intro }}", "{% for i in range(700) %}{% for j in range(700) %}xxxxxxxxxxx{% endfor %}"
                    "{% endfor %}", "range(700)",
                    "makes more than 5,000,000 characters"),
    "runaway-block": ("{{ c.intro }}", "{% for i in range(40000) %}You may feel sleepy. {% endfor %}",
                      False, "the template makes a block of 839,999 characters; the limit is 20,000"),
    "unknown-icon": ("{{ c.intro }}", "![x](icon:carr) {{ c.intro }}", False,
                     "the template names icon 'carr', which is not a Lucide icon; did you mean 'car'?"),
    "lone-surrogate": ("{{ c.intro }}", "{{ 'a\\ud800' }}", False, "the template prints the character U+D800"),
    "percent-format": ("{{ c.intro }}", '{{ "%.999999999f" % 1.0 }}', '"%.999999999f"',
                       "'%' formatting of text is not allowed in templates"),
    "negative-truncate": ("{{ c.intro }}", '{{ "x" | truncate(-1) }}', "truncate(-1)", "expected length >= 3"),
    "control-output": ("{{ c.intro }}", '{{ c.intro }}\x1b[2J', "\x1b[2J", "the template prints the control character U+001B"),
    "format-string": ("{{ c.intro }}", '{{ t("{a} {b}", a=1) }}', "{b}", "has {b}, but no value was given"),
    "module-globals": ("{{ c.intro }}", "{{ cite.__globals__ }}", "__globals__",
                       "templates may not reach Python internals"),
}


def _line(text: str, fragment: str | None) -> int:
    return 1 if fragment is None else text[: text.index(fragment)].count("\n") + 1


def _edit(base: str, old: str | None, new: str) -> str:
    if old is None:
        return new
    assert old in base, old
    return base.replace(old, new, 1)


def _deck_templates() -> dict[str, str]:
    """Broken PowerPoint templates, made from python-pptx's own: name -> the message."""
    import io
    import re
    import zipfile

    from pptx import Presentation

    folder = HERE / "deck-template"
    folder.mkdir(exist_ok=True)
    base = io.BytesIO()
    Presentation().save(base)

    def rewrite(name: str, edit) -> None:
        with zipfile.ZipFile(base) as source, zipfile.ZipFile(folder / f"{name}.pptx", "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                item.date_time = (2026, 1, 1, 0, 0, 0)  # the same bytes each time the corpus is made
                out.writestr(item, edit(item.filename, source.read(item.filename)))
            if name == "zip-bomb":  # 65 MB of zeros in one part: about 64 KB packed
                out.writestr(zipfile.ZipInfo("ppt/media/bomb.bin", (2026, 1, 1, 0, 0, 0)), b"\0" * 65_000_000,
                             compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)

    rewrite("zero-size", lambda n, d: re.sub(rb'<p:sldSz cx="\d+"', b'<p:sldSz cx="0"', d)
            if n == "ppt/presentation.xml" else d)
    rewrite("no-positions", lambda n, d: re.sub(rb"<a:xfrm>.*?</a:xfrm>", b"", d, flags=re.S)
            if n.startswith("ppt/slide") else d)
    rewrite("zip-bomb", lambda n, d: d)
    return {"zero-size": "is not one PowerPoint allows (1 to 56 inches a side)",
            "no-positions": "the content layout's title placeholder has no position or size",
            "zip-bomb": "its part ppt/media/bomb.bin unpacks to 65,000,000 bytes; the limit is 64,000,000"}


def _png_text_bomb(path: Path) -> None:
    """A logo whose zTXt chunk unpacks to 2 MB, twice what Pillow allows a text chunk."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    png = (ROOT / "examples/clinics/riverside-logo.png").read_bytes()
    text = chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * 2_000_000, 9))
    path.write_bytes(png[:33] + text + png[33:])  # after the IHDR chunk


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
    _png_text_bomb(HERE / "clinic" / "text-bomb.png")
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
                          line=None if where is False else _line(text, where), message=message))
    for special in ("fifo", "folder", "dev-zero", "fifo-translation", "fifo-clinic"):  # made by the test
        cases.append(dict(name=f"special/{special}", kind="special", file=special, line=None,
                          message="is not a regular file"))
    cases.append(dict(name="output/not-a-folder", kind="output", file=None, line=None, message="cannot write"))
    cases.append(dict(name="deck-template/not-a-pptx", kind="deck-template", file="clinic/logo.svg", line=None,
                      message="cannot open the deck template as PowerPoint"))
    for name, message in _deck_templates().items():
        cases.append(dict(name=f"deck-template/{name}", kind="deck-template", file=f"deck-template/{name}.pptx",
                          line=None, message=message))
    header = "# Generated by tests/bad/make_cases.py: what the CLI must report for each bad input.\n"
    (HERE / "cases.yaml").write_text(header + yaml.safe_dump(cases, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
