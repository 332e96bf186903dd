"""Every PDF kethandout writes is tagged PDF/UA-1: veraPDF's verdict on each variant, and the
structure tree read back with pikepdf (its elements) and pdfplumber (the text of their marked
content)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from conftest import ROOT
from kethandout.build import build
from kethandout.compose.furniture import handout_info
from kethandout.compose import doc
from kethandout.compose.context import compose
from kethandout.content.clinic import load_clinic
from kethandout.content.translation import load_translation

# veraPDF's launcher: the VERAPDF environment variable (.ci/run points it at the shared tools
# folder), else `verapdf` on the PATH.
VERAPDF = os.environ.get("VERAPDF") or shutil.which("verapdf")
CLINICS = ROOT / "examples" / "clinics"


@pytest.fixture(scope="module")
def variants(content, tmp_path_factory) -> dict[str, Path]:
    """Each kind of PDF: handout on both papers, in large print, in Spanish, for a clinic with
    a logo and a QR code (in English and Spanish), the consent forms, the at-a-glance sheets
    and the visit cards."""
    out = tmp_path_factory.mktemp("variants")
    spanish, _ = load_translation(ROOT / "content.es.yaml", content)
    riverside = load_clinic(CLINICS / "riverside.yaml")
    # a clinic whose own section is a long table: it runs over a page in large print
    rows = "\n".join(f"| Step {n} | What we check |" for n in range(1, 31))
    table = riverside.sections[0].model_copy(update={"id": "checks", "title": "Our checks", "translations": {},
                                                     "markdown": "| Step | What |\n|---|---|\n" + rows + "\n"})
    tabled = riverside.model_copy(update={"sections": [table], "languages": ["en"], "checklist": []})
    made = {
        "letter": build(content, out / "letter", only="handout")[0],
        "table-large-print": build(content.model_copy(update={"meta": content.meta.model_copy(
            update={"max_pages_large_print": 14})}), out / "table", only="handout", style="large-print", clinic=tabled)[0],
        "a4": build(content, out / "a4", only="handout", paper="a4")[0],
        "large-print": build(content, out / "large", only="handout", style="large-print")[0],
        "spanish": build(spanish, out / "es", only="handout")[0],
        "clinic": build(content, out / "clinic", only="handout", clinic=riverside)[0],
        "clinic-spanish": build(spanish, out / "clinic-es", only="handout", clinic=riverside)[0],
        "consent": build(content, out / "consent", only="consent")[0],
        "clinic-consent": build(content, out / "clinic-consent", only="consent", clinic=riverside)[0],
        "consent-large-print": build(content, out / "consent-large", only="consent", style="large-print")[0],
        "glance": build(content, out / "glance", only="glance")[0],
        "clinic-glance-spanish": build(spanish, out / "glance-es", only="glance", clinic=riverside)[0],
        "card": build(content, out / "card", only="card")[0],
        "card-large-print-a4": build(spanish, out / "card-large", only="card", style="large-print", paper="a4")[0],
    }
    assert all(path.suffix == ".pdf" for path in made.values())
    return made


def _verapdf() -> Path:
    """veraPDF's launcher; skips where Java or veraPDF is missing, except under CI."""
    if not shutil.which("java") or not VERAPDF or not Path(VERAPDF).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Java and veraPDF ({VERAPDF or 'set VERAPDF or put verapdf on the PATH'}) are required "
                        "under CI (.ci/run installs Java and sets VERAPDF)")
        pytest.skip("Java or veraPDF is not available (set VERAPDF or put verapdf on the PATH)")
    return Path(VERAPDF)


def test_every_pdf_variant_is_pdf_ua_1(variants):
    files = sorted(variants.values())
    run = subprocess.run([str(_verapdf()), "--flavour", "ua1", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=600)
    jobs = json.loads(run.stdout)["report"]["jobs"]
    assert len(jobs) == len(files)
    verdicts = {}
    for job in jobs:
        result = job["validationResult"]
        result = result[0] if isinstance(result, list) else result
        failed = [f"{rule['clause']}-{rule['testNumber']}: {rule['description']}"
                  for rule in result["details"]["ruleSummaries"] if rule.get("ruleStatus", "FAILED") == "FAILED"]
        verdicts[Path(job["itemDetails"]["name"]).name] = (result["compliant"], result["details"]["failedRules"], failed)
    assert all(compliant and rules == 0 for compliant, rules, _ in verdicts.values()), verdicts


# Reading the structure back -------------------------------------------------------------


def _tree(path: Path) -> list[tuple[str, str, dict]]:
    """The structure elements in reading order: (role, the text of their marked content, their
    Alt and Scope), each element's text including its descendants'."""
    with pdfplumber.open(path) as pdf:
        text = {}
        for number, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    text[(number, char["mcid"])] = text.get((number, char["mcid"]), "") + char["text"]
    document = pikepdf.open(path)
    pages = {page.objgen: number for number, page in enumerate(document.pages)}
    found: list[tuple[str, str, dict]] = []

    def walk(element) -> str:
        kids = element.get("/K", [])
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        parts = []
        entry = len(found)
        found.append(None)
        for kid in kids:
            if kid.get("/Type") == "/MCR":
                parts.append(text.get((pages[kid.Pg.objgen], int(kid.MCID)), ""))
            elif kid.get("/Type") == "/StructElem":
                parts.append(walk(kid))
        joined = " ".join(part for part in parts if part)
        attributes = {"alt": str(element.get("/Alt", "")), "scope": str(element.get("/A", {}).get("/Scope", ""))}
        found[entry] = (str(element.S)[1:], joined, attributes)
        return joined

    walk(document.Root.StructTreeRoot.K)
    return found


def _words(text: str) -> list[str]:
    return text.split()


def _headings(blocks) -> list[str]:
    found = []
    for block in blocks:
        if isinstance(block, doc.Heading):
            found.append(" ".join(doc.plain(block.text).split()))
        elif isinstance(block, doc.Div):
            found += _headings(block.children)
    return found


@pytest.fixture(scope="module")
def letter_tree(variants):
    return _tree(variants["letter"])


def test_the_headings_come_in_the_order_of_the_handout(letter_tree, content):
    from kethandout.content.products import for_product

    tagged = [(role, " ".join(text.split())) for role, text, _ in letter_tree if role in ("H1", "H2", "H3")]
    expected = [h for h in _headings(compose(for_product(content, "esketamine"), "handout.md.j2", citations=False)) if h]
    assert [text for _, text in tagged] == expected
    assert tagged[0][0] == "H1" and {role for role, _ in tagged} == {"H1", "H2", "H3"}


def test_every_item_title_is_in_a_list_item(letter_tree, content):
    items = [" ".join(text.split()) for role, text, _ in letter_tree if role == "LI"]
    labels = [text for role, text, _ in letter_tree if role == "Lbl"]
    assert labels and all(label.strip() in ("•",) or label.strip().rstrip(".").isdigit() for label in labels)
    from kethandout.content.products import for_product
    from test_handout import printed_titles

    for title in printed_titles(for_product(content, "esketamine")):
        assert any(title in item for item in items), f"{title!r} is in no LI"


def test_a_table_has_column_headers(variants):
    tree = _tree(variants["table-large-print"])
    header = [role_text for role, role_text, element in tree if role == "TH"]
    scopes = {element["scope"] for role, _, element in tree if role == "TH"}
    assert header and scopes == {"/Column"}
    assert len([element for role, _, element in tree if role == "Table"]) == 1
    rows = [text for role, text, _ in tree if role == "TR"]
    assert all(any(f"Step {n} " in row for row in rows) for n in range(1, 31))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_page_furniture_is_not_in_the_tree(letter_tree, variants, content):
    footer = _flat(handout_info(content).footer)
    tagged = _flat(" ".join(text for role, text, _ in letter_tree if role == "Document"))
    assert footer not in tagged and "Page 1 of" not in tagged
    with pdfplumber.open(variants["letter"]) as pdf:
        page_text = _flat(pdf.pages[0].extract_text())
        assert footer in page_text and "Page 1 of" in page_text


@pytest.mark.parametrize("variant", ["letter", "large-print", "clinic-spanish", "consent", "consent-large-print"])
def test_all_text_but_the_furniture_is_tagged(variants, variant):
    """Characters outside marked content are the footer band's, or repeat text that is tagged
    where it first appears (a table's header row on its next page)."""
    tagged = "".join(text for role, text, _ in _tree(variants[variant]) if role == "Document").replace(" ", "")
    with pdfplumber.open(variants[variant]) as pdf:
        for page in pdf.pages:
            # the footer band: under the rule across the foot of the page
            rules = [line["top"] for line in page.lines if line["top"] > page.height / 2 and line["x1"] - line["x0"] > 400]
            band = max(rules) if rules else page.height - 72
            runs, run = [], ""
            for char in page.chars:
                if char.get("mcid") is None and char["top"] < band:
                    run += char["text"]
                elif run:
                    runs.append(run)
                    run = ""
            runs += [run] if run else []
            stray = [run for run in runs if run.replace(" ", "") not in tagged]
            assert not stray, f"page {page.page_number}: untagged text {stray}"


def test_a_repeated_table_header_is_an_artifact(variants):
    """In large print the clinic's table runs over a page: its header row once in the tree."""
    tree = _tree(variants["table-large-print"])
    header = [text for role, text, _ in tree if role == "TH"]
    assert len(header) == len(set(header)) and header
    with pdfplumber.open(variants["table-large-print"]) as pdf:
        repeats = sum(1 for page in pdf.pages if "Step" in page.extract_text() and "What" in page.extract_text())
    assert repeats >= 2, "the table no longer splits in large print: the test needs a longer one"


def test_figures_have_their_text_equivalents(variants):
    tree = _tree(variants["clinic"])
    riverside = load_clinic(CLINICS / "riverside.yaml")
    alts = [element["alt"] for role, _, element in tree if role == "Figure"]
    assert f"QR code: opens {riverside.web}" in alts and f"Logo: {riverside.name}" in alts
    spanish = [element["alt"] for role, _, element in _tree(variants["clinic-spanish"]) if role == "Figure"]
    assert f"Código QR: abre {riverside.web}" in spanish


def test_links_and_fields_are_in_their_elements(variants):
    """Each annotation is a Link with /Contents in a Link element, or a widget with a tooltip
    in a Form element; pages set the tab order by structure."""
    for variant in ("clinic", "consent"):
        document = pikepdf.open(variants[variant])
        tree_root = document.Root.StructTreeRoot
        parents = dict(zip(list(tree_root.ParentTree.Nums)[::2], list(tree_root.ParentTree.Nums)[1::2]))
        kinds = Counter()
        for page in document.pages:
            assert page.Tabs == "/S"
            for annotation in page.get("/Annots", []):
                element = parents[int(annotation.StructParent)]
                kinds[str(annotation.Subtype)] += 1
                if annotation.Subtype == "/Link":
                    assert element.S == "/Link" and str(annotation.Contents)
                else:
                    assert element.S == "/Form"
                    field = annotation if "/TU" in annotation else annotation.Parent
                    assert str(field.TU).strip()
        assert kinds["/Link" if variant == "clinic" else "/Widget"] > 0, kinds


def test_the_document_says_what_it_is(variants, content):
    document = pikepdf.open(variants["spanish"])
    assert document.Root.MarkInfo.Marked is True and str(document.Root.Lang).startswith("es")
    assert document.Root.ViewerPreferences.DisplayDocTitle is True
    with document.open_metadata() as metadata:
        assert metadata["pdfuaid:part"] == "1" and metadata["dc:title"]


# Inputs a template author might write ----------------------------------------------------

ODD = "\n".join([
    "# A handout", "", "### A heading one level too deep", "",
    "Words, a link within the page [back](#nowhere), a link of no words [&nbsp;](https://example.org/blank), "
    "and the end.", "", "![Call *now* &amp; later](icon:phone) An icon whose text has Markdown.", "",
    "| Name [more](https://example.org/more) | Day | Night |", "|---|---|---|",
    *[f"| Nurse {i} | yes | |" for i in range(70)], ""])


@pytest.fixture(scope="module")
def odd_pdf(content, tmp_path_factory) -> Path:
    from kethandout.compose.markdown import parse
    from kethandout.render.pdf import render_handout

    path = tmp_path_factory.mktemp("odd") / "odd.pdf"
    path.write_bytes(render_handout(parse(ODD), handout_info(content), "letter"))
    return path


def test_odd_template_text_still_makes_a_valid_tree(odd_pdf):
    """Levels are renumbered, empty cells keep their column, a link in a header row repeated
    on later pages is still tagged, links within the page and links without words are plain
    text, and an icon's text is its words."""
    run = subprocess.run([str(_verapdf()), "--flavour", "ua1", "--format", "text", str(odd_pdf)],
                         capture_output=True, text=True, timeout=300)
    assert run.stdout.startswith("PASS"), run.stdout
    tree = _tree(odd_pdf)
    assert [role for role, _, _ in tree if role.startswith("H")] == ["H1", "H2"]
    with pikepdf.open(odd_pdf) as document:
        assert len(document.pages) >= 3  # the header row repeats at least twice
        rows = [element for element in _elements(document.Root.StructTreeRoot.K) if element.S == "/TR"]
        assert len(rows) == 71 and all(len(row.K) == 3 for row in rows)
        links = [a for page in document.pages for a in page.get("/Annots", [])]
        assert links and all("/StructParent" in a and str(a.A.URI) == "https://example.org/more" for a in links)
    assert "Call now & later" in [element["alt"] for role, _, element in tree if role == "Figure"]


def _elements(element):
    yield element
    kids = element.get("/K", [])
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield from _elements(kid)
