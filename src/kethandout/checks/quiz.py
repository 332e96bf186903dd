"""A knowledge check's question and its options must fit one slide (the room answers with
every option in sight), and so should its answer slide: the question again, the options with
the answer marked, and the explanation's first sentence."""
from __future__ import annotations

from kethandout.content.load import Located
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic


def check(content: Content, located: Located, geometry=None, design: str = "the built-in design") -> list[Diagnostic]:
    """A warning at each question whose question or answer slide would continue on a second
    slide, measured on `geometry` (the deck's layout geometry; None: the built-in design's)."""
    if not content.quiz:
        return []
    from kethandout.compose import doc
    from kethandout.compose.context import first_sentence
    from kethandout.deck.geometry import DEFAULT_GEOMETRY
    from kethandout.deck.model import TextParagraph
    from kethandout.deck.slides import fits_one_slide
    from kethandout.locale import locale_for
    from kethandout.style import theme

    lang = locale_for(content.meta.language)
    found = []
    for i, question in enumerate(content.quiz):
        asked = [TextParagraph((doc.Span(option),), f"{n}.") for n, option in enumerate(question.options, 1)]
        answered = [TextParagraph((doc.Span(f"{option} ✓ {lang.t('correct')}", strong=True),), f"{n}.")
                    if n == question.answer else paragraph for n, (option, paragraph)
                    in enumerate(zip(question.options, asked), 1)]
        cited = " [" + ", ".join(str(content.reference_number(r)) for r in question.refs) + "]"
        why = TextParagraph((doc.Span(lang.t("Why:") + " ", strong=True),
                             doc.Span(first_sentence(question.explanation) + cited)), None)
        slides = {"question": [TextParagraph((doc.Span(question.question, strong=True),), None)] + asked,
                  "explanation": [TextParagraph((doc.Span(question.question),), None)] + answered + [why]}
        asked_too_long = False
        for field, paragraphs in slides.items():
            fits, lines, most = fits_one_slide(paragraphs, geometry or DEFAULT_GEOMETRY)
            if fits or (field == "explanation" and asked_too_long):
                continue  # (the answer slide says the question again: said once, at the question)
            asked_too_long = field == "question"
            what = ("the question and its options make", "the options would") if field == "question" else (
                "the answer slide (the question, the options and why) makes", "it would")
            # (a translation holds its entries by id)
            path = ("entries", question.id, field) if "entries" in (located.data or {}) else ("quiz", i, field)
            found.append(located.diagnostic(
                path, Code.QUIZ_TOO_LONG,
                f"{what[0]} {lines} lines at {theme.DECK_BODY_MIN:g} pt on {design}, more than one slide "
                f"holds ({most}): {what[1]} continue on a second slide", severity="warning",
                hint=f"shorten the {'question or its options' if field == 'question' else 'question, the options or the first sentence of the explanation'}"))
    return found
