"""Golden files (as pandoc's OOXML tests): the text of the default handout, consent form and
web page, and the XML of a few kinds of slide, compared with what tests/golden/ holds.

After a change meant to alter the documents, update them with one command and review the
diff in the commit:
    python -m pytest tests/test_golden.py --update-golden
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from lxml import etree, html

GOLDEN = Path(__file__).resolve().parent / "golden"


def pdf_text(path: Path) -> str:
    """Each page's text as a reader's PDF library extracts it, page by page."""
    document = pypdfium2.PdfDocument(path)
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    return "".join(f"=== page {n} ===\n{text.replace(chr(13), '').strip()}\n" for n, text in enumerate(pages, 1))


def page_text(path: Path) -> str:
    """The web page's text, one block a line."""
    tree = html.fromstring(path.read_bytes())
    for hidden in tree.xpath("//style | //script"):
        hidden.drop_tree()
    for element in tree.iter("p", "li", "h1", "h2", "h3", "h4", "tr", "div", "section", "summary", "caption"):
        element.tail = "\n" + (element.tail or "")
    lines = (re.sub(r"\s+", " ", line).strip() for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def slide_kinds(deck: Path) -> dict[str, str]:
    """The XML of the first slide of each kind: cover, text, table, chart, step diagram, a
    part's opening slide (its key number over 48 pt) and a list with pictograms."""
    found: dict[str, str] = {}
    with zipfile.ZipFile(deck) as package:
        names = sorted((n for n in package.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                       key=lambda n: int(re.search(r"\d+", n).group()))
        for name in names:
            xml = package.read(name)
            large = max((int(size) for size in re.findall(rb'sz="(\d+)"', xml)), default=0) >= 4800
            kind = ("cover" if not found else "table" if b"drawingml/2006/table" in xml
                    else "chart" if b"drawingml/2006/chart" in xml else "steps" if b'name="Step 1 ' in xml
                    else "part" if large else "pictograms" if b"<p:pic>" in xml else "text")
            if kind not in found:
                found[kind] = etree.tostring(etree.fromstring(xml), pretty_print=True, encoding="unicode")
    return found


def _documents(outputs: dict[str, Path]) -> dict[str, str]:
    page = outputs["deck"].parent / "ketamine-patient-handout-esketamine.html"
    texts = {"handout-letter.txt": pdf_text(outputs["letter"]), "consent-form-letter.txt": pdf_text(outputs["consent"]),
             "at-a-glance-letter.txt": pdf_text(outputs["glance"]), "visit-card-letter.txt": pdf_text(outputs["card"]),
             "web-page.txt": page_text(page)}
    texts.update({f"slide-{kind}.xml": xml for kind, xml in slide_kinds(outputs["deck"]).items()})
    return texts


def test_the_documents_match_the_golden_files(outputs, request):
    documents = _documents(outputs)
    assert set(documents) >= {"slide-cover.xml", "slide-text.xml", "slide-table.xml", "slide-part.xml",
                              "slide-pictograms.xml", "slide-steps.xml"}
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("*"):
            old.unlink()
        for name, text in documents.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
        pytest.skip("golden files written: review `git diff tests/golden` before committing")
    expected = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.glob("*")}
    assert sorted(expected) == sorted(documents), "run: python -m pytest tests/test_golden.py --update-golden"
    for name in sorted(documents):
        assert documents[name] == expected[name], f"{name} differs from tests/golden/{name}"
