"""A knowledge check's question and its options must fit one slide: the room answers with
every option in sight."""
from __future__ import annotations

from kethandout.content.load import Located
from kethandout.content.schema import Content
from kethandout.errors import Diagnostic


def check(content: Content, located: Located) -> list[Diagnostic]:
    """A warning at each question whose slide, on the built-in design, would continue on a
    second slide."""
    if not content.quiz:
        return []
    from kethandout.compose import doc
    from kethandout.deck.slides import TextParagraph, fits_one_slide
    from kethandout.style import theme

    found = []
    for i, question in enumerate(content.quiz):
        paragraphs = [TextParagraph((doc.Span(question.question, strong=True),), None)] + [
            TextParagraph((doc.Span(option),), f"{n}.") for n, option in enumerate(question.options, 1)]
        fits, lines = fits_one_slide(paragraphs)
        if not fits:
            found.append(located.diagnostic(
                ("quiz", i, "question"), "quiz-too-long",
                f"the question and its {len(question.options)} options make {lines} lines at "
                f"{theme.DECK_BODY_MIN:g} pt, more than one slide holds ({theme.DECK_MAX_BODY_LINES}): "
                "the options would continue on a second slide", severity="warning",
                hint="shorten the question or its options"))
    return found
