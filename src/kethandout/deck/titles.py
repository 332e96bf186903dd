"""Slide titles: sized, shortened, told apart and marked as continued."""
from __future__ import annotations

from dataclasses import replace

from kethandout.compose import doc
from kethandout.deck.fitting import fitted_size, title_fits
from kethandout.deck.geometry import INSET_X, SAFETY, Box
from kethandout.deck.measure import wrap
from kethandout.deck.model import Slide
from kethandout.style import theme

COVER_TITLE_SIZE = 44


class TitleLayout:
    """Slide titles: sized to their box, shortened with an ellipsis when even the smallest size
    does not fit, told apart when two are alike, and marked on continuation slides (a mixin of
    the layouter: self.g is the geometry)."""

    def mark_continuations(self, slides: list[Slide]) -> list[Slide]:
        """Continuation slides say so, and are told apart when there are several (a screen
        reader finds slides by their titles)."""
        marked = [slides[0]]
        for part, slide in enumerate(slides[1:], start=2):
            title = (self.continued.format(title=slide.title) if len(slides) == 2 else
                     self.continued_part.format(title=slide.title, part=part, count=len(slides)))
            notes = f"{self.continued_note}\n{slide.notes}".strip()
            mark = title[len(slide.title):] if title.startswith(slide.title) else ""
            marked.append(replace(slide, title=title, title_size=self.fit_title(title), notes=notes, mark=mark))
        return marked

    def unique_titles(self, slides: list[Slide]) -> list[Slide]:
        """A title the deck has already used (two sections of one name, or two long titles
        shortened alike) gets a number, within its box."""
        seen: dict[str, int] = {}
        out = []
        for slide in slides:
            seen[slide.title] = seen.get(slide.title, 0) + 1
            if seen[slide.title] > 1:
                box = slide.title_box or (self.g.cover_title if slide.kind == "title" else self.g.title)
                title = self.fitted_title(slide.title, box, f" ({seen[slide.title]})")
                notes = slide.notes
                if "…" in title and not notes.startswith(slide.title.removesuffix("…")):
                    notes = f"{slide.title}\n{notes}".strip()
                slide = replace(slide, title=title, title_size=self.fit_title(title, box=box), notes=notes)
            out.append(slide)
        return out

    def shortened(self, slide: Slide) -> Slide:
        """A slide whose title does not fit its box even at the smallest size (a narrow or
        one-line title box on a template) is set in the box widened over the body; if it still
        does not fit, it gets the words that fit and an ellipsis, and the whole title opens its
        notes."""
        box = self.g.cover_title if slide.kind == "title" else (slide.title_box or self.g.title)
        if self.title_fits(slide.title, box):
            return slide
        wide = self.g.wide_cover_title if slide.kind == "title" else self.g.wide_title
        if wide != box:
            box = wide
            largest = COVER_TITLE_SIZE if slide.kind == "title" else theme.DECK_TITLE_SIZE
            slide = replace(slide, title_box=box, title_size=self.fit_title(slide.title, largest, box))
            if self.title_fits(slide.title, box):
                return slide
        base = slide.title.removesuffix(slide.mark) if slide.mark else slide.title
        return replace(slide, title=self.fitted_title(base, box, slide.mark), title_size=theme.DECK_TITLE_MIN,
                       notes=f"{slide.title}\n{slide.notes}".strip())

    def fitted_title(self, title: str, box: Box, suffix: str = "") -> str:
        """The title and `suffix`, the title's words cut to an ellipsis until they fit the box."""
        if self.title_fits(title + suffix, box):
            return title + suffix
        words = title.removesuffix("…").split()  # (a template may have shortened it already)
        if words and not self.title_fits(words[0][0] + "…" + suffix, box):
            suffix = ""  # a mark wider than the box itself ("(continued)" in a narrow column) is left out

        def cut() -> str:
            return " ".join(words).rstrip(".…,;:") + "…" + suffix

        while len(words) > 1 and not self.title_fits(cut(), box):
            words.pop()
        while len(words[0]) > 1 and not self.title_fits(cut(), box):
            words[0] = words[0][:-1]  # one word wider than the box: cut within it
        return cut()

    def title_lines(self, title: str) -> list:
        """The title's lines at the full title size in the design's title box."""
        width = (self.g.title.width - 2 * INSET_X) * SAFETY
        return wrap((doc.Span(title, strong=True),), width, theme.DECK_TITLE_SIZE, self.g.title_metrics)

    def title_fits(self, title: str, box: Box) -> bool:
        return title_fits(title, box, self.g.title_metrics)

    def fit_title(self, title: str, largest: float = theme.DECK_TITLE_SIZE, box: Box | None = None) -> float:
        """The largest title size, down to the minimum, at which the bold title fits its box."""
        return fitted_size((doc.Span(title, strong=True),), box or self.g.title, largest, theme.DECK_TITLE_MIN,
                    self.g.title_metrics)

    def fit_subtitle(self, subtitle: doc.Inline) -> float:
        return fitted_size(subtitle, self.g.cover_subtitle, theme.DECK_BODY_MAX, theme.DECK_BODY_MIN, self.g.body_metrics)
