"""The web handout: same sections as the PDF, self-contained, and no axe violations in Chromium."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT

AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def pages(content, tmp_path_factory) -> dict[str, Path]:
    from kethandout.build import build
    from kethandout.content.clinic import load_clinic

    out = tmp_path_factory.mktemp("html")
    plain = build(content, out / "plain", only="html")[0]
    branded = build(content, out / "clinic", only="html",
                    clinic=load_clinic(ROOT / "examples" / "clinics" / "riverside.yaml"))[0]
    return {"plain": plain, "clinic": branded}


def test_same_sections_as_the_pdf(pages, content, outputs):
    import pdfplumber

    html = pages["plain"].read_text(encoding="utf-8")
    headings = [re.sub(r"<svg.*?</svg>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]
    with pdfplumber.open(outputs["letter"]) as pdf:
        text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    # the same sections, and the web page's list of sources (patient paper points to it)
    assert len(headings) >= 10 and headings[-1] == "Sources"
    assert all(h.replace("&#x27;", "'") in text for h in headings[:-1])
    from kethandout.content.products import for_product
    from test_handout import printed_titles

    assert all(title in html for title in printed_titles(for_product(content, "esketamine")) if "'" not in title)


def test_self_contained(pages):
    for page in pages.values():
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en-US">' in html and "<main>" in html
        # links to the sources are for the reader to follow; nothing is loaded from elsewhere
        assert not re.search(r'(src|href)="(https?:)?//', re.sub(r'<a href="https://[^"]*"', "", html))
        assert "<link" not in html and "<script" not in html and "@media print" in html


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not (found and AXE.is_file()):
        if os.environ.get("CI"):
            pytest.fail("Chromium and axe-core are required under CI (installed by .ci/run)")
        pytest.skip("Chromium or axe-core (npm install --prefix tests/js) is not installed")
    return found


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("which", ["plain", "clinic"])
def test_no_axe_violations(pages, which, width):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        page = browser.new_page(viewport={"width": width, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(pages[which].as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        browser.close()
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    assert result["passes"]  # axe really ran
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []  # no external requests
    assert not overflow  # nothing wider than a phone screen


def test_phone_numbers_are_tap_to_call_and_there_is_nothing_to_write_on(pages):
    """On a phone, a number is a link that calls it; a blank to write on, or a line under a
    question, is of no use on a screen."""
    plain = pages["plain"].read_text(encoding="utf-8")
    assert '<a href="tel:911">911</a>' in plain and '<a href="tel:988">988</a>' in plain
    assert "____" not in plain and 'class="lines"' not in plain and "<dl>" not in plain
    assert 'href="tel:"' not in plain  # a label such as "Clinic" is no number
    branded = pages["clinic"].read_text(encoding="utf-8")
    assert '<a href="tel:2175550142">(217) 555-0142</a>' in branded  # in the help box's words
    assert '<a href="tel:2175550199">(217) 555-0199</a>' in branded  # after hours
    assert re.search(r"\.masthead img \{[^}]*flex: none", branded)  # the logo keeps its size at 390 px


def test_a_blank_goes_with_its_sentence_and_only_phones_are_called():
    from kethandout.render.html import _screen_text, _Writer
    from kethandout.compose import doc

    assert _screen_text("Your dose is 1.5 mg per kg: write it here ______ if you want. Then rest.") == "Then rest."
    assert 'href="tel:+442079460958"' in _screen_text("Call +44 20 7946 0958.")
    assert "tel:" not in _screen_text("Take 2 doses 1-2 hours apart in 2026; doi 10.1176/appi.ajp.2016.16010037.")
    text_line = (doc.Span("Text HOME to 741741", strong=True), doc.Span(": for a crisis counselor."))
    assert "tel:" not in _Writer().phone_item(text_line)  # a label, not a number to dial
