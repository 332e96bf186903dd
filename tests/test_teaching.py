"""The deck teaches: knowledge checks in question/answer pairs after the sections they test,
key takeaways before the references, and native charts from the content's numbers where a
deck template asks for them (the default deck's numbers are in its tables)."""
from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation

from conftest import ROOT


def _slides(deck):
    return [(s.shapes.title.text if s.shapes.title is not None else "", s) for s in Presentation(deck).slides]


@pytest.fixture(scope="module")
def chart_deck(content):
    """A deck template of the two charts a clinic's own template may show."""
    from kethandout.build import build_deck

    return io.BytesIO(build_deck(content, templates_dir=ROOT / "tests" / "data" / "chart-templates"))


def _body(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame
                     and shape != slide.shapes.title)


def test_charts_are_real_charts_of_the_contents_numbers(content, chart_deck):
    charts = {title: next(shape.chart for shape in slide.shapes if shape.has_chart)
              for title, slide in _slides(chart_deck) if any(shape.has_chart for shape in slide.shapes)}
    frequency = charts["How often the short-term effects occur"]
    rated = [r for r in content.risks if r.frequency_pct]
    assert list(frequency.plots[0].categories) == [r.title for r in rated]
    low, high = frequency.plots[0].series
    assert list(low.values) == [r.frequency_pct.low for r in rated]
    assert list(high.values) == [r.frequency_pct.high for r in rated]
    routes = charts["How much of a dose reaches the blood"]
    measured = [r for r in content.routes if r.bioavailability_pct]
    assert list(routes.plots[0].series[0].values) == [r.bioavailability_pct.low for r in measured]
    for chart in charts.values():
        assert chart.font.size.pt >= 18


def test_a_chart_has_its_data_in_alt_text_and_notes(content, chart_deck):
    slide = next(s for t, s in _slides(chart_deck) if t == "How much of a dose reaches the blood")
    frame = next(shape for shape in slide.shapes if shape.has_chart)
    descr = frame._element.nvGraphicFramePr.cNvPr.get("descr")
    notes = slide.notes_slide.notes_text_frame.text
    for route in (r for r in content.routes if r.bioavailability_pct):
        assert route.title in descr and route.title in notes
        assert f"{route.bioavailability_pct.low}-{route.bioavailability_pct.high}%" in notes


def test_each_question_is_followed_by_its_answer_after_the_section_it_tests(content, outputs):
    """"Knowledge check 2 of 5" with the whole question in the body; then its answer, which
    says the question again, marks the right option and gives a one-line why."""
    slides = _slides(outputs["deck"])
    titles = [t for t, _ in slides]
    section_titles = {"contraindications": "Contraindications, cautions and interactions",
                      "interactions": "Contraindications, cautions and interactions",
                      "routes": "Products, routes and labels", "misuse_signs": "Misuse: warning signs and screening",
                      "safety": "Monitoring and safety"}
    checks = [i for i, t in enumerate(titles) if re.fullmatch(r"Knowledge check \d+ of \d+", t)]
    assert [titles[i] for i in checks] == [f"Knowledge check {n} of {len(content.quiz)}"
                                           for n in range(1, len(content.quiz) + 1)]
    for q in content.quiz:
        asked = next(i for i in checks if q.question in _body(slides[i][1]))
        assert titles[asked + 1] == f"{titles[asked]}: answer"
        answer = slides[asked + 1][1]
        body = _body(answer)
        why = q.explanation.split(". ")[0].rstrip(".")
        assert q.question in body and f"{q.options[q.answer - 1]} ✓ correct" in body and f"Why: {why}." in body
        assert q.explanation[:40] in answer.notes_slide.notes_text_frame.text
        tested = max(i for i, t in enumerate(titles[:asked]) if t.startswith(section_titles[q.after]))
        assert all(t.startswith((section_titles[q.after], "Knowledge check")) for t in titles[tested:asked])


def test_key_takeaways_come_before_the_references(content, outputs):
    titles = [t for t, _ in _slides(outputs["deck"])]
    takeaways = [i for i, t in enumerate(titles) if t.startswith("Key takeaways")]
    assert takeaways and takeaways[-1] == titles.index("References") - 1
    slides = [slide for title, slide in _slides(outputs["deck"]) if title.startswith("Key takeaways")]
    body = "\n".join(_body(slide) for slide in slides)
    notes = "\n".join(" ".join(slide.notes_slide.notes_text_frame.text.split()) for slide in slides)
    assert all((k.headline or k.clinician)[:30] in body and " ".join(k.clinician.split()) in notes
               for k in content.key_points)


def test_a_chart_number_without_a_source_is_a_warning(content):
    from kethandout.checks import references
    from kethandout.content.schema import Percent
    from kethandout.content.validate import load_content_located

    from conftest import CONTENT

    _, located = load_content_located(CONTENT)
    risks = list(content.risks)
    risks[1] = risks[1].model_copy(update={"frequency_pct": Percent(low=10, high=20)})
    found = references.check(content.model_copy(update={"risks": risks}), located)
    assert [(d.code, d.severity) for d in found if "risks #2" in d.message] == [("uncited-number", "warning")]


def test_a_question_too_long_for_one_slide_is_a_warning_at_its_line(content, outputs, tmp_path):
    """The room answers with every option in sight: a question whose options would continue on
    a second slide is said at its line; the shipped questions each fit one slide."""
    from kethandout.checks import quiz
    from kethandout.content.validate import load_content_located

    from conftest import CONTENT

    assert quiz.check(*load_content_located(CONTENT)) == []
    titles = [t for t, _ in _slides(outputs["deck"]) if t.startswith("Knowledge check")]
    assert len(titles) == 2 * len(content.quiz)  # none continued

    text = CONTENT.read_text(encoding="utf-8")
    first = content.quiz[0].question
    longer = text.replace(f'question: "{first}"', 'question: "' + "Which long words apply here? " * 14 + '"', 1)
    line = text[:text.index(f'question: "{first}"')].count("\n") + 1
    path = tmp_path / "long-quiz.yaml"
    path.write_text(longer, encoding="utf-8")
    found = quiz.check(*load_content_located(path))
    assert [(d.code, d.severity, d.line) for d in found] == [("quiz-too-long", "warning", line)]
    assert "options would continue on a second slide" in found[0].message


def test_a_translated_question_too_long_is_said_at_its_own_line(content, tmp_path):
    """A translation's quiz warning points at the entry in the translation file."""
    from kethandout.checks import quiz
    from kethandout.content.translation import load_translation_located

    from conftest import ROOT

    text = (ROOT / "content.es.yaml").read_text(encoding="utf-8")
    entry = text.index("  quiz-contraindication:\n")
    start = text.index("    question: ", entry)
    end = text.index("\n", start)
    longer = text[:start] + '    question: "' + "¿Cuál de estas largas palabras vale aquí? " * 14 + '"' + text[end:]
    path = tmp_path / "content.es.yaml"
    path.write_text(longer, encoding="utf-8")
    translated, _, located = load_translation_located(path, content)
    found = [d for d in quiz.check(translated, located) if "question and" in d.message]
    assert [(d.file, d.line) for d in found] == [(str(path), text[:start].count("\n") + 1)]


# The deck a trainer presents (issue 27) -------------------------------------------------------


def _words(slide) -> int:
    return sum(len(shape.text_frame.text.split()) for shape in slide.shapes if shape.has_text_frame
               and shape != slide.shapes.title and not shape.text_frame.text.startswith(("DRAFT", "Version")))


def _drawn(slide) -> bool:
    """A table, chart or diagram on the slide."""
    return any(shape.has_table or getattr(shape, "has_chart", False) or shape.name.startswith("Step ")
               for shape in slide.shapes)


def test_the_default_deck_fits_30_slides_with_none_nearly_empty(outputs):
    slides = _slides(outputs["deck"])
    assert len(slides) <= 30
    empty = [title for title, slide in slides[1:] if _words(slide) < 12 and not _drawn(slide)]
    assert empty == []


def test_no_title_is_cut_short(content, outputs):
    from kethandout.build import build_deck
    from kethandout.content.translation import load_translation

    spanish = io.BytesIO(build_deck(load_translation(ROOT / "content.es.yaml", content)[0]))
    for deck in (outputs["deck"], spanish):
        assert [t for t, _ in _slides(deck) if "…" in t or "..." in t] == []


def test_references_take_two_slides_at_14pt_and_the_notes_hold_them_whole(content, outputs):
    slides = [slide for title, slide in _slides(outputs["deck"]) if title.startswith("References")]
    assert 1 <= len(slides) <= 2
    paragraphs = [p for slide in slides for shape in slide.shapes if shape.has_text_frame
                  and shape != slide.shapes.title for p in shape.text_frame.paragraphs
                  if p.runs and not p.runs[0].text.startswith("DRAFT") and "/" not in p.runs[0].text[:6]]
    assert len(paragraphs) == len(content.references)
    assert {run.font.size.pt for p in paragraphs for run in p.runs} == {14}
    notes = " ".join(" ".join(slide.notes_slide.notes_text_frame.text.split()) for slide in slides)
    for ref in content.references:
        assert " ".join(ref.title.split()) in notes and (ref.doi is None or ref.doi in notes)


def test_each_part_opens_with_its_key_number_and_what_it_covers(outputs):
    slides = dict(_slides(outputs["deck"]))
    for title, figure, topic in (("Risks, and who should not get it", "61–84%", "Short-term risks"),
                                 ("The session, and after it", "≥ 2 hours", "What happens at a session")):
        runs = [run for shape in slides[title].shapes if shape.has_text_frame and shape != slides[title].shapes.title
                for p in shape.text_frame.paragraphs for run in p.runs]
        assert any(run.text == figure and run.font.size.pt >= 48 for run in runs), title
        assert topic in _body(slides[title]) and _words(slides[title]) >= 12


def test_pictograms_stand_in_the_bullets_place_with_alt_text(content, outputs, tmp_path):
    """The checklist's pictograms, as pictures with alt text, each beside its own line as
    LibreOffice draws the slide."""
    import pdfplumber

    from conftest import convert

    titles = [t for t, _ in _slides(outputs["deck"])]
    index = titles.index("Before the session")
    slide = _slides(outputs["deck"])[index][1]
    pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
    expected = [x.title for x in content.checklist if x.icon]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == list(dict.fromkeys(expected))
    with pdfplumber.open(convert(outputs["deck"], "pdf", tmp_path)) as pdf:
        page = pdf.pages[index]
        lines = page.extract_text_lines()
        for image in page.images:
            centre = (image["top"] + image["bottom"]) / 2
            beside = [line for line in lines if line["top"] <= centre <= line["bottom"]]
            assert beside and all(image["x1"] <= line["x0"] + 1 for line in beside), beside
