"""Content a reviewer can sign (issue 24): the third review's safety fixes read back from the
outputs, one product's documents naming no other product, and every claim beside its
source's own words, checked at the item's line."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from conftest import CONTENT, ROOT, pdf_text, slide_text
from kethandout.content.products import for_routes

NORTHGATE = ROOT / "examples" / "clinics" / "northgate.yaml"
ESKETAMINE_WORDS = re.compile(r"esketamine|spravato|nasal spray|nose spray", re.IGNORECASE)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


def _clinic(tmp_path: Path, routes: str) -> Path:
    profile = NORTHGATE.read_text(encoding="utf-8")
    profile = re.sub(r"(?m)^routes: .*$", f"routes: {routes}", profile)
    path = tmp_path / "clinic.yaml"
    path.write_text(profile, encoding="utf-8")
    for logo in NORTHGATE.parent.glob("*.png"):
        (tmp_path / logo.name).write_bytes(logo.read_bytes())
    return path


@pytest.fixture(scope="module")
def iv_only(tmp_path_factory):
    out = tmp_path_factory.mktemp("iv-only")
    result = _run("build", str(CONTENT), "--clinic", str(NORTHGATE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "northgate"


def test_iv_only_handout_and_slides_never_name_the_nasal_spray(iv_only):
    handout = _flat(pdf_text(iv_only / "ketamine-patient-handout-ketamine-a4.pdf", "Where"))
    slides = slide_text(iv_only / "ketamine-clinician-deck.pptx")
    assert "Bladder damage" in handout and "Theophylline" in slides  # the documents are whole
    assert ESKETAMINE_WORDS.findall(handout) == []
    assert ESKETAMINE_WORDS.findall(slides) == []


def test_iv_only_deck_leaves_out_a_chart_of_one_route(tmp_path):
    """A deck template's chart of one bar compares nothing: an IV-only clinic gets none."""
    from kethandout.build import build_deck
    from kethandout.content.clinic import load_clinic
    from kethandout.content.products import content_for_clinic
    from kethandout.content.validate import load_content

    clinic = load_clinic(NORTHGATE)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_deck(content_for_clinic(load_content(CONTENT), clinic), clinic=clinic,
                                templates_dir=CONTENT.parent / "tests" / "data" / "chart-templates"))
    titles = [s.shapes.title.text for s in Presentation(deck).slides if s.shapes.title is not None]
    assert "How much of a dose reaches the blood" not in titles


def test_nasal_spray_only_handout_gives_the_blood_pressure_contraindication(tmp_path):
    clinic = _clinic(tmp_path, "[nasal-spray]")
    result = _run("build", str(CONTENT), "--clinic", str(clinic), "--out", str(tmp_path / "out"), "--only", "handout")
    assert result.returncode == 0, result.stderr
    handout = _flat(pdf_text(next((tmp_path / "out").rglob("*handout*.pdf")), "Where"))
    assert "Your doctor will not give it if a rise in your blood pressure could harm you" in handout
    assert "only:" not in handout
    assert re.findall(r"KETALAR|by vein", handout) == []


def test_every_route_has_a_driving_rule(content):
    for route in content.routes:
        one = for_routes(content, [route.id])
        rules = [item.patient for item in one.checklist + one.session if re.search(r"\bdrive\b", item.patient)]
        assert rules, f"route {route.id} has no driving rule"


def test_oral_route_is_not_offered_as_a_home_setting(content):
    oral = next(r for r in content.routes if r.id == "oral")
    assert oral.setting.startswith("Not advised at home")


def test_consent_form_lists_the_added_risks(outputs):
    consent = _flat(pdf_text(outputs["consent"], "Where"))
    for risk in ("Worse depression or thoughts of suicide", "Harm to an unborn baby",
                 "Dependence (feeling you need it) and withdrawal", "Allergic reaction",
                 "The treatment may not help you", "ECT", "TMS"):
        assert risk in consent, risk
    ketamine = _flat(pdf_text(outputs["consent_ketamine"], "Where"))  # each product's form, its own risks
    assert "Liver damage" in ketamine and "Effects that last or come back" in ketamine
    assert "Liver damage" not in consent
    # The two blood-pressure rows: one to stop at, one to review.
    # (the staff note stands beside a question, and extraction may set it between its words)
    assert "Is your blood pressure too high, even with medicine?" in consent and "bleeding in the brain" in consent
    assert "Do you have heart disease or high blood pressure, or have you had a stroke?" in consent


def test_emergency_line_names_stroke_signs(outputs):
    handout = _flat(pdf_text(outputs["letter"], "Where"))
    # (the "911" label stands beside the line, and extraction may set it between two words)
    for sign in ("sudden bad headache", "change in sight", "seizure", "weakness or numbness on one side"):
        assert re.search(r"(?: 911)? ".join(map(re.escape, sign.split())), handout), sign


def test_deck_no_longer_calls_the_blood_pressure_rule_a_warning(outputs):
    slides = slide_text(outputs["deck"])
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in Presentation(outputs["deck"]).slides)
    assert "not a contraindication" not in slides + notes
    assert "Do not co-administer" in notes or "do not co-administer" in notes


def test_reviewers_sheet_prints_each_claims_quotes(content, tmp_path):
    result = _run("build", str(CONTENT), "--only", "review", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    sheet = _flat(pdf_text(next(tmp_path.glob("*review*.pdf")), "Where"))
    theophylline = next(i for i in content.interactions if i.id == "theophylline")
    quote = _flat(theophylline.evidence[0].quote)
    assert "What the sources say:" in sheet
    assert quote[:60] in sheet


def test_check_reports_missing_evidence_and_unquoted_numbers_at_the_items_line(tmp_path):
    text = CONTENT.read_text(encoding="utf-8")
    # Drop the quotes of one item (theophylline) and give another (allergy) a rate no quote holds.
    start = text.index("  - id: theophylline\n")
    end = text.index("\n# ", start)
    item = re.sub(r"(?ms)^    evidence:\n(?:      .*\n)*", "", text[start:end])
    bad = text[:start] + item + text[end:]
    allergy = bad.index("  - id: allergy\n")
    bad = bad[:allergy] + bad[allergy:].replace("or any excipient", "or any excipient (37%)", 1)
    bad_file = tmp_path / "content.yaml"
    bad_file.write_text(bad, encoding="utf-8")
    result = _run("check", str(bad_file), "--no-pages")
    line = bad[: bad.index("  - id: theophylline\n")].count("\n") + 1
    assert re.search(rf"content\.yaml:{line}:5: warning\[no-evidence\]: interactions #3 \(theophylline\)",
                     result.stdout), result.stdout
    clinician = bad.index("    clinician:", bad.index("  - id: allergy\n"))
    line = bad[:clinician].count("\n") + 1
    assert re.search(rf"content\.yaml:{line}:\d+: warning\[number-not-in-evidence\]: contraindications #3 "
                     r"\(allergy\)\.clinician gives 37", result.stdout), result.stdout


def test_an_item_marked_needs_review_is_left_to_its_flag(content):
    from kethandout.checks import evidence
    from kethandout.content.validate import load_content_located

    _, located = load_content_located(CONTENT)
    flagged = {getattr(item, "id", None) for _, item in content.claims() if item.needs_review}
    assert "dissociation" in flagged  # 61-84%: no label copy was read, so it stays flagged
    reported = {d.message.split("(")[1].split(")")[0] for d in evidence.check(content, located)}
    assert not reported & flagged


def test_default_content_quotes_every_cited_item_or_flags_it(content):
    unquoted = [getattr(item, "id", path[0]) for path, item in content.claims()
                if item.refs and not item.evidence and not item.needs_review]
    assert unquoted == []


def test_a_question_comparing_products_is_asked_only_where_all_are_given(content):
    routes = next(q for q in content.quiz if q.id == "quiz-routes")
    assert set(routes.applies_to) == {"esketamine", "ketamine"}
    ketamine_only = for_routes(content, ["iv", "oral"])  # the question's own sources are all still cited here
    assert {"yanagihara2003", "rolan2014"} <= {r.id for r in ketamine_only.references}
    assert "quiz-routes" not in [q.id for q in ketamine_only.quiz]
    assert "quiz-routes" in [q.id for q in for_routes(content, ["iv", "oral", "nasal-spray"]).quiz]


def _check_text(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    return _run("check", "content.yaml", "--no-pages", *args, cwd=tmp_path)


def test_a_quote_from_a_source_the_item_does_not_cite_is_said_at_its_line_and_still_shown(tmp_path):
    text = CONTENT.read_text(encoding="utf-8")
    item = text.index("  - id: theophylline\n")
    ref = text.index("      - ref: ketalar-label", item)
    bad = text[:ref] + "      - ref: spravato-rems" + text[ref + len("      - ref: ketalar-label"):]
    result = _check_text(tmp_path, bad)
    line = bad[:ref].count("\n") + 1
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert (f"content.yaml:{line}:14: warning[quote-not-cited]: interactions #3 (theophylline) quotes 'spravato-rems', "
            "which its refs do not cite") in result.stdout, result.stdout
    clinic = _clinic(tmp_path, "[iv]")  # whose documents do not number that source
    built = _run("build", "content.yaml", "--only", "review", "--clinic", str(clinic), "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    sheet = _flat(pdf_text(next((tmp_path / "out").rglob("*review*.pdf")), "Where"))
    assert "(spravato-rems, " in sheet  # the quote is shown with its source's id


def test_an_emergency_number_written_into_an_item_is_a_warning(tmp_path):
    text = CONTENT.read_text(encoding="utf-8")
    old = "the person with you must get\n      emergency help."
    bad = text.replace(old, "the person with you must call 911.", 1)
    result = _check_text(tmp_path, bad)
    line = bad[: bad.index("the person with you must call 911.")].count("\n")  # the `patient: >-` line
    assert re.search(rf"content\.yaml:{line}:\d+: warning\[emergency-number-in-text\]: home_use #5 "
                     r"\(home-slow-breathing\)\.patient names 911", result.stdout), result.stdout


def test_an_item_resting_only_on_one_products_label_is_a_warning(tmp_path):
    text = CONTENT.read_text(encoding="utf-8")
    start = text.index("  - id: no-alcohol-day\n")
    end = text.index("\n  - id: ", start + 1)
    item = text[start:end].replace("    refs: [spravato-label, ketalar-label]", "    refs: [spravato-label]")
    item = re.sub(r"      - ref: ketalar-label\n(?:        .*\n)*", "", item)  # its quotes of the other label
    bad = text[:start] + item + text[end:]
    result = _check_text(tmp_path, bad)
    line = bad[:start].count("\n") + 1
    assert (f"content.yaml:{line}:5: warning[unsourced-for-product]: safety #2 (no-alcohol-day) cites only another "
            "product's label, so the documents of a clinic that gives only ketamine would print it without a "
            "source") in result.stdout, result.stdout + result.stderr


def test_a_translation_that_changes_a_number_is_a_warning(tmp_path):
    spanish = (ROOT / "content.es.yaml").read_text(encoding="utf-8")
    assert "al menos 2 horas" in spanish
    changed = spanish.replace("al menos 2 horas", "al menos 20 minutos", 1)
    (tmp_path / "content.es.yaml").write_text(changed, encoding="utf-8")
    (tmp_path / "content.yaml").write_text(CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
    result = _run("check", "content.yaml", "--lang", "es", "--no-pages", cwd=tmp_path)
    said = [l for l in result.stdout.splitlines() if "translation-numbers-differ" in l]
    entries = yaml.safe_load(changed)["entries"]
    entry = next(key for key, fields in entries.items() if "al menos 20 minutos" in str(fields))
    assert len(said) == 1 and f"entry '{entry}'" in said[0] and "leaves out 2" in said[0], said


def test_a_take_home_clinic_gets_the_home_steps_and_one_that_cannot_is_an_error(tmp_path):
    # (its home-safety steps take a page more: the clinic says so with max_pages)
    oral = _clinic(tmp_path, "[iv, oral]\ntake_home: true\nmax_pages: 5")
    result = _run("build", str(CONTENT), "--clinic", str(oral), "--out", str(tmp_path / "out"), "--only", "handout")
    assert result.returncode == 0, result.stderr
    handout = _flat(pdf_text(next((tmp_path / "out").rglob("*handout*.pdf")), "Where"))
    assert "If you take doses at home" in handout and "Keep your doses locked up" in handout
    assert "911" not in handout.split("If you take doses at home")[1].split("What are the warning signs")[0]
    spray = _clinic(tmp_path, "[nasal-spray]\ntake_home: true")
    result = _run("build", str(CONTENT), "--clinic", str(spray), "--out", str(tmp_path / "spray"))
    assert result.returncode == 1 and "error[no-home-use]" in result.stderr
    assert not (tmp_path / "spray" / "northgate").exists()


def test_the_session_diagram_counts_boxes_not_titles(content):
    from pydantic import ValidationError

    steps = [s.model_copy(update={"title": title}) for s, title in zip(content.session * 2, "ABABABAB")]
    with pytest.raises(ValidationError, match="at most 6 steps"):
        content.model_validate({**content.model_dump(), "session": [s.model_dump() for s in steps]})


def test_one_products_item_says_so_in_a_two_product_handout(content, tmp_path):
    """The library still makes a handout of every product where asked (build_handout with the
    whole content): there, an item about one product says which."""
    from kethandout.build import build_handout

    path = tmp_path / "both.pdf"
    path.write_bytes(build_handout(content, "letter"))
    handout = _flat(pdf_text(path, "Where"))
    assert "Nasal spray (esketamine) only: If other treatments have not helped your depression" in handout
