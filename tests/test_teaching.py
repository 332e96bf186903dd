"""The deck teaches: native charts from the content's numbers, knowledge checks in
question/answer pairs after the sections they test, and key takeaways before the references."""
from __future__ import annotations

from pptx import Presentation


def _slides(deck):
    return [(s.shapes.title.text if s.shapes.title is not None else "", s) for s in Presentation(deck).slides]


def test_charts_are_real_charts_of_the_contents_numbers(content, outputs):
    charts = {title: next(shape.chart for shape in slide.shapes if shape.has_chart)
              for title, slide in _slides(outputs["deck"]) if any(shape.has_chart for shape in slide.shapes)}
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


def test_a_chart_has_its_data_in_alt_text_and_notes(content, outputs):
    slide = next(s for t, s in _slides(outputs["deck"]) if t == "How much of a dose reaches the blood")
    frame = next(shape for shape in slide.shapes if shape.has_chart)
    descr = frame._element.nvGraphicFramePr.cNvPr.get("descr")
    notes = slide.notes_slide.notes_text_frame.text
    for route in (r for r in content.routes if r.bioavailability_pct):
        assert route.title in descr and route.title in notes
        assert f"{route.bioavailability_pct.low}-{route.bioavailability_pct.high}%" in notes


def test_each_question_is_followed_by_its_answer_after_the_section_it_tests(content, outputs):
    slides = _slides(outputs["deck"])
    titles = [t for t, _ in slides]
    section_titles = {"contraindications": "Contraindications and cautions", "interactions": "Drug interactions",
                      "routes": "Routes of administration", "misuse_signs": "Misuse: warning signs and screening",
                      "safety": "Monitoring and safety"}
    for q in content.quiz:
        asked = next(i for i, (t, s) in enumerate(slides) if t.startswith("Question: ")
                     and any(q.question in shape.text_frame.text for shape in s.shapes if shape.has_text_frame))
        assert titles[asked + 1].startswith("Answer: ")
        answer = slides[asked + 1][1]
        body = "\n".join(shape.text_frame.text for shape in answer.shapes if shape.has_text_frame)
        assert f"{q.options[q.answer - 1]} (correct)" in body and q.explanation[:40] in body
        assert q.explanation[:40] in answer.notes_slide.notes_text_frame.text
        tested = max(i for i, t in enumerate(titles[:asked]) if t.startswith(section_titles[q.after]))
        assert all(t.startswith(section_titles[q.after]) or t.startswith(("Question: ", "Answer: ", "How "))
                   for t in titles[tested:asked])


def test_key_takeaways_come_before_the_references(content, outputs):
    titles = [t for t, _ in _slides(outputs["deck"])]
    takeaways = [i for i, t in enumerate(titles) if t.startswith("Key takeaways")]
    assert takeaways and takeaways[-1] == titles.index("References") - 1
    body = "\n".join(shape.text_frame.text for title, slide in _slides(outputs["deck"])
                     if title.startswith("Key takeaways") for shape in slide.shapes if shape.has_text_frame)
    assert all(k.clinician[:30] in body for k in content.key_points)


def test_a_chart_number_without_a_source_is_a_warning(content):
    from kethandout.checks import references
    from kethandout.content.schema import Percent
    from kethandout.content.validate import load_content_located

    from conftest import CONTENT

    _, located = load_content_located(CONTENT)
    risks = list(content.risks)
    risks[1] = risks[1].model_copy(update={"frequency_pct": Percent(low=10, high=20)})
    found = references.check(content.model_copy(update={"risks": risks}), located)
    assert [(d.code, d.severity) for d in found if "risks[1]" in d.message] == [("uncited-number", "warning")]


def test_a_question_too_long_for_one_slide_is_a_warning_at_its_line(content, outputs, tmp_path):
    """The room answers with every option in sight: a question whose options would continue on
    a second slide is said at its line; the shipped questions each fit one slide."""
    from kethandout.checks import quiz
    from kethandout.content.validate import load_content_located

    from conftest import CONTENT

    assert quiz.check(*load_content_located(CONTENT)) == []
    titles = [t for t, _ in _slides(outputs["deck"]) if t.startswith("Question: ")]
    assert len(titles) == len(content.quiz)  # none continued

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
