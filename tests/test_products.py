"""Facts know which product they are about: product names in the outputs, a clinic's own
routes, the safety content the review added, and the diagnostics for unknown ids."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import CONTENT, ROOT, pdf_text
from kethandout.content.products import for_routes

GOOD = CONTENT.read_text(encoding="utf-8")
NORTHGATE = ROOT / "examples" / "clinics" / "northgate.yaml"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _deck_text(path: Path) -> str:
    prs = Presentation(path)
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        parts.append(slide.notes_slide.notes_text_frame.text)
    return _flat(" ".join(parts))


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_each_products_handout_holds_its_safety_sections(outputs):
    spray = _flat(pdf_text(outputs["letter"], "Where"))
    for expected in ("Which medicines should I tell my care team about?", "Medicines that make you sleepy",
                     "Do not eat for 2 hours before your dose", "until the next day, after a good night's sleep",
                     "The risk is higher if you are 24 or younger", "problems can also start during treatment",
                     "Slower thinking after a dose", "If you miss a visit"):
        assert expected in spray, expected
    # how often, by the common ones' names (extraction may drop the space where a cell wraps)
    assert re.search(r"Feeling detached or unreal ?\(over half\)", spray)
    assert re.search(r"Sleepiness and dizziness ?\(about half\)", spray)
    ketamine = _flat(pdf_text(outputs["letter_ketamine"], "Where"))
    for expected in ("Theophylline or aminophylline", "Do not drive or use machines for at least 24 hours",
                     "Stop eating and drinking when your clinic tells you", "Liver damage"):
        assert expected in ketamine, expected


def test_each_products_handout_holds_only_its_items(outputs):
    """One product per patient document: its own items, with no "only:" label to sort them by."""
    spray = _flat(pdf_text(outputs["letter"], "Where"))
    ketamine = _flat(pdf_text(outputs["letter_ketamine"], "Where"))
    assert "Aneurysm or blood vessel malformation. Do not use the nasal spray" in spray
    assert "Theophylline" not in spray and "Liver damage" not in spray
    assert "Theophylline or aminophylline. " in ketamine and "nasal spray" not in ketamine.lower()
    for text in (spray, ketamine):
        assert "When a rise in blood pressure would be dangerous. Your doctor will not give it" in text  # both
        assert "only:" not in text


def test_deck_holds_products_interactions_and_preparation(outputs):
    deck = _deck_text(outputs["deck"])
    titles = [s.shapes.title.text for s in Presentation(outputs["deck"]).slides if s.shapes.title]
    assert {"Products, routes and labels", "Contraindications, cautions and interactions",
            "Before the session"} <= set(titles)
    assert "Theophylline or aminophylline – Ketamine by vein, shot or mouth only" in deck
    assert "Severe hepatic impairment (Child-Pugh C): not recommended" in deck
    assert "61-84%" in deck  # the current label (the 2019 label's 61-75% is named as such)


SUICIDE_PROMISE = re.compile(r"\b(eases?|relieves?|reduces?|stops?|calms?|helps? with|treats?|prevents?)\b", re.I)
NEGATION = re.compile(r"\b(not|never|no)\b", re.I)


def test_no_patient_sentence_promises_relief_of_suicidal_thoughts(content):
    """Every patient sentence about suicide that uses a verb of relief must deny it (the label:
    its effect on suicidal thinking has not been shown)."""
    item = next(b for b in content.benefits if b.id == "suicidal-thoughts")
    sentences = re.split(r"(?<=[.!?])\s+", item.patient)
    about_suicide = [s for s in sentences if re.search(r"suicid|these thoughts", s, re.I)]
    assert about_suicide
    promises = [s for s in about_suicide if SUICIDE_PROMISE.search(s) and not NEGATION.search(s)]
    assert promises == []
    assert any(re.search(r"\b(no|not)\b.* been shown to stop", s) for s in about_suicide)
    assert item.then_call == "crisis"  # the handout points to the crisis and emergency lines


def test_suicidal_thoughts_item_points_to_988_and_911(outputs):
    text = _flat(pdf_text(outputs["letter"], "Where"))
    assert "If you think about hurting yourself, get help now. Call or text 988, or call 911." in text


def test_no_promise_reads_back_from_the_printed_handout(outputs):
    text = _flat(pdf_text(outputs["letter"], "Where"))
    assert "ease thoughts of suicide" not in text and "may ease thoughts" not in text


@pytest.fixture(scope="module")
def iv_only(tmp_path_factory):
    """Northgate gives IV infusions only (routes: [iv] in its profile)."""
    out = tmp_path_factory.mktemp("iv-only")
    result = _run("build", str(CONTENT), "--clinic", str(NORTHGATE), "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    folder = out / "northgate"
    return _flat(pdf_text(folder / "ketamine-patient-handout-ketamine-a4.pdf", "Where")), folder / "ketamine-clinician-deck.pptx"


def test_iv_only_clinic_lists_only_iv(iv_only, content):
    handout, deck_path = iv_only
    deck = _deck_text(deck_path)
    others = [r.title for r in content.routes if r.id != "iv"]
    assert "IV infusion (into a vein)" in handout and "IV infusion (into a vein)" in deck
    assert [t for t in others if t in handout or t in deck] == []
    prs = Presentation(deck_path)
    routes_slide = next(s for s in prs.slides if s.shapes.title and s.shapes.title.text == "Products, routes and labels")
    table = next(shape.table for shape in routes_slide.shapes if shape.has_table)
    assert [row.cells[0].text for row in list(table.rows)[1:]] == ["IV infusion (into a vein)"]


def test_iv_only_clinic_carries_no_esketamine_item(iv_only, content):
    handout, deck_path = iv_only
    deck = _deck_text(deck_path)
    esketamine_only = [i for _, i in content.cited_items() if getattr(i, "applies_to", None) == ["esketamine"]]
    assert esketamine_only
    kept = {i.patient[:60] for _, i in for_routes(content, ["iv"]).cited_items()}  # the same words for ketamine
    leaked = [i.id for i in esketamine_only if (i.patient[:60] in handout and i.patient[:60] not in kept)
              or i.clinician[:60] in deck]
    assert leaked == []
    assert "Nasal spray (esketamine)" not in handout and "only:" not in handout  # one product: nothing to qualify
    assert "1-844-405-6185" not in handout and "Child-Pugh" in deck  # liver is about both products
    # Kept: the clinic's emergency lines, the misuse signs and the visit actions about every product.
    assert "999" in handout and "You need more ketamine" in handout and "Someone drives you home" in handout
    assert "Do not drive or use machines for at least 24 hours" in handout
    assert "Have a light meal no later than 4 hours before your appointment" in handout  # the clinic's rule


def test_iv_only_sources_drop_what_no_kept_item_cites(iv_only, outputs, content):
    """The oral route alone cites the pharmacokinetic studies: an IV-only clinic's Sources
    list (its web page's, its reviewer's sheet's) leaves them out, and the numbers stay consecutive."""
    kept = for_routes(content, ["iv"])
    cited = {ref for _, item in kept.cited_items() for ref in item.refs}
    assert [r.id for r in kept.references] == [r.id for r in content.references if r.id in cited]
    assert len(kept.references) < len(content.references)


@pytest.mark.parametrize("old, new, fragment, message", [
    ("    product: esketamine\n", "    product: esketamin\n", "product: esketamin",
     "routes #3 (nasal-spray) names product 'esketamin', which is not in the products list; "
     "did you mean 'esketamine'?"),
    ("    applies_to: [ketamine]\n    patient: >-\n      Some medicines for asthma",
     "    applies_to: [ketamin]\n    patient: >-\n      Some medicines for asthma", "[ketamin]",
     "interactions #3 (theophylline) names product 'ketamin', which is not in the products list; "
     "did you mean 'ketamine'?"),
    ("    label: ketalar-label\n", "    label: ketalar-lable\n", "ketalar-lable",
     "products #2 (ketamine) names reference 'ketalar-lable', which is not in the references list; "
     "did you mean 'ketalar-label'?"),
])
def test_unknown_product_ids_are_reported_at_their_line(tmp_path, old, new, fragment, message):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    result = _run("build", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"content.yaml:{_line_of(text, fragment)}:"), first
    assert message in first
    assert not (tmp_path / "output").exists()


def test_unknown_clinic_route_is_reported_at_its_line(tmp_path):
    profile = NORTHGATE.read_text(encoding="utf-8").replace("routes: [iv]", "routes: [iv, nasal-sprai]")
    (tmp_path / "northgate.yaml").write_text(profile, encoding="utf-8")
    (tmp_path / "northgate-logo.png").write_bytes((NORTHGATE.parent / "northgate-logo.png").read_bytes())
    result = _run("build", str(CONTENT), "--clinic", "northgate.yaml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = _line_of(profile, "routes: [iv, nasal-sprai]")
    assert (f"northgate.yaml:{line}:14: error[unknown-route]: routes #2 names route 'nasal-sprai', which the "
            "content does not have; did you mean 'nasal-spray'?") in result.stderr
    assert not (tmp_path / "out" / "northgate").exists()


def test_wording_that_names_another_product_is_a_warning(tmp_path):
    old = "      Some medicines for asthma and other lung problems have these names."
    assert old in GOOD
    text = GOOD.replace(old, old + " Esketamine is different.", 1)
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    result = _run("check", "--no-pages", cwd=tmp_path)
    warnings = [line for line in result.stdout.splitlines() if "product-mismatch" in line]
    assert len(warnings) == 1, result.stdout
    patient_line = _line_of(text, "      Some medicines for asthma") - 1
    assert warnings[0].startswith(f"content.yaml:{patient_line}:"), warnings[0]
    assert ("interactions #3 (theophylline).patient names 'Esketamine' (esketamine), but the item "
            "applies to ketamine only") in warnings[0]


def test_default_content_checks_with_only_needs_review_warnings():
    result = _run("check", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    codes = {m.group(1) for m in re.finditer(r"(?:warning|error)\[([\w-]+)\]", result.stdout)}
    assert codes == {"needs-review", "not-approved"}, result.stdout


def _clinic_copy(tmp_path: Path, routes: str, name: str = "northgate") -> Path:
    profile = NORTHGATE.read_text(encoding="utf-8").replace("routes: [iv]", f"routes: {routes}")
    (tmp_path / f"{name}.yaml").write_text(profile.replace("id: northgate", f"id: {name}"), encoding="utf-8")
    (tmp_path / "northgate-logo.png").write_bytes((NORTHGATE.parent / "northgate-logo.png").read_bytes())
    return tmp_path / f"{name}.yaml"


def test_a_clinic_whose_routes_empty_a_section_is_an_error(tmp_path):
    risks = GOOD[GOOD.index("\nrisks:\n"):GOOD.index("\ncontraindications:\n")]
    every = re.sub(r"    applies_to: \[[\w, -]+\]\n", "", risks)  # the products' own risks too
    every = re.sub(r"(    timeframe: (?:short|long)-term\n)", r"\1    applies_to: [esketamine]\n", every)
    text = GOOD.replace(risks, every)
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    profile = _clinic_copy(tmp_path, "[iv]")
    # (every risk now says "Nasal spray (esketamine) only:", which lifts the consent form's
    # risk list past grade 8: not what this test is about)
    result = _run("build", "content.yaml", "--clinic", profile.name, "--out", "out", "--max-grade", "10", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    # the content itself: the other product's own documents would have no risks, whatever the clinic
    line = _line_of(text, "\nrisks:") + 1  # (at the section's first item)
    assert (f"content.yaml:{line + 1}:3: error[emptied-section]: every item in risks applies to other products, so "
            "the documents about 'ketamine' would have no risks" in result.stderr)
    assert not (tmp_path / "out" / "northgate").exists()


def test_an_esketamine_only_clinic_prints_no_fasting_rule(tmp_path):
    """The clinic's fasting rule follows the item about injected ketamine; a clinic that gives
    only the nasal spray has no such item, so the label's timing stands alone."""
    profile = _clinic_copy(tmp_path, "[nasal-spray]", "spray")
    result = _run("build", str(CONTENT), "--clinic", profile.name, "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    handout = _flat(pdf_text(tmp_path / "out" / "spray" / "ketamine-patient-handout-esketamine-a4.pdf", "Where"))
    assert "Do not eat for 2 hours before your dose. Do not drink for 30 minutes before it." in handout
    assert "Have a light meal" not in handout
    assert "light meal" not in handout and "drink water" not in handout
    assert "Theophylline" not in handout and "Nasal spray (esketamine) only" not in handout


def test_a_failed_language_leaves_the_clinics_files_as_they_were(tmp_path):
    profile = _clinic_copy(tmp_path, "[iv]\nlanguages: [en, es]")
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    shutil.copy(ROOT / "content.es.yaml", tmp_path / "content.es.yaml")
    (tmp_path / "out" / "northgate").mkdir(parents=True)
    earlier = tmp_path / "out" / "northgate" / "ketamine-patient-handout-ketamine-a4.pdf"
    earlier.write_bytes(b"earlier")
    result = _run("build", "content.yaml", "--clinic", profile.name, "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and "error[missing-translation]" in result.stderr  # no Spanish sections or fasting
    line = _line_of(profile.read_text(encoding="utf-8"), "fasting:") + 1  # at its text
    assert f"northgate.yaml:{line}:3: error[missing-translation]: fasting has no 'es' translation" in result.stderr
    assert earlier.read_bytes() == b"earlier"
    assert sorted(p.name for p in earlier.parent.iterdir()) == [earlier.name]


@pytest.mark.parametrize("old, new, fragment, code, message", [
    ('    action: "Call 911"\n', '    action: ""\n', 'action: ""', "empty-value", "emergency #1.action must not be empty"),
    ("  - id: nausea\n", "  - id: intro\n", "id: intro", "reserved-id", "id 'intro' is reserved"),
    ("screening:\n  id: screening\n", "screening:\n  id: screening\n  applies_to: [esketamine]\n",
     "  applies_to: [esketamine]\n  title",
     "unknown-field", "screening (screening) has no field 'applies_to'"),
    ("    applies_to: [ketamine]\n    patient: >-\n      Some medicines for asthma",
     "    applies_to: [ketamine, ketamine]\n    patient: >-\n      Some medicines for asthma", "[ketamine, ketamine]",
     "bad-value", "each product may be named once"),
])
def test_scope_mistakes_are_errors_at_their_line(tmp_path, old, new, fragment, code, message):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    result = _run("check", "--no-pages", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    first = next(line for line in result.stderr.splitlines() if f"error[{code}]" in line)
    assert first.startswith(f"content.yaml:{_line_of(text, fragment)}:"), first
    assert message in first


def test_a_product_no_route_gives_is_a_warning(tmp_path):
    text = GOOD.replace("products:\n", "products:\n  - id: other\n    name: \"Other\"\n    label: spravato-label\n", 1)
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    result = _run("check", "--no-pages", cwd=tmp_path)
    assert result.returncode == 0
    assert (f"content.yaml:{_line_of(text, '  - id: other')}:9: warning[product-without-route]: product 'other' is "
            "given by no route") in result.stdout


def test_whom_to_call_keeps_proper_names_in_the_deck(iv_only):
    """Northgate's deck: 'Call Samaritans on 116 123, or call 999.', as its lines are written."""
    _, deck_path = iv_only
    assert "Call Samaritans on 116 123, or call 999." in _deck_text(deck_path)


def test_clinic_text_the_font_cannot_draw_is_an_error(tmp_path):
    profile = _clinic_copy(tmp_path, "[iv]")
    text = profile.read_text(encoding="utf-8").replace("You can drink water", "You can drink water \U0001F4A7")
    profile.write_text(text, encoding="utf-8")
    result = _run("build", str(CONTENT), "--clinic", profile.name, "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = _line_of(text, "  text:")
    assert f"northgate.yaml:{line}:9: error[unprintable-character]: fasting.text has" in result.stderr
    assert not (tmp_path / "out" / "northgate").exists()


def test_an_item_may_not_take_a_products_id(tmp_path):
    """Product ids key their translations: an item with the same id is a duplicate id."""
    text = GOOD.replace("  - id: nausea\n", "  - id: ketamine\n", 1)
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    result = _run("check", "--no-pages", cwd=tmp_path)
    assert result.returncode == 1
    assert (f"content.yaml:{_line_of(text, '  - id: ketamine' + chr(10) + '    title: ' + chr(34) + 'Feeling sick')}:9: "
            "error[duplicate-id]: id 'ketamine' is already used on line") in result.stderr


def test_two_products_of_one_label_keep_its_citations(content):
    """A label shared by a kept product is not another product's: its citations stay."""
    third = content.products[0].model_copy(update={"id": "esketamine-two", "name": "Another spray"})
    shared = content.model_copy(update={"products": [*content.products, third]})
    kept = for_routes(shared, [r.id for r in shared.routes if r.product == "esketamine"])
    assert content.products[0].label in {ref.id for ref in kept.references}
    assert kept.risks == for_routes(content, [r.id for r in content.routes if r.product == "esketamine"]).risks
