"""A deck's design, read once from the template: its geometry, fonts, furniture and what the deck
does differently from it (the warnings). Kethandout's own design needs no file."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from kethandout import reads
from kethandout.deck.contrast import colours_for, over_picture
from kethandout.deck.fitting import title_fits
from kethandout.deck.frames import (
    FOOTER_ROOM,
    content_frame,
    cramped,
    free_area,
    logos,
    texts_drawn,
    one_line_boxes,
    printed_slide_number,
    title_floor,
)
from kethandout.deck.geometry import (
    DEFAULT_GEOMETRY,
    clear_of,
    INCH,
    INSET_Y,
    Box,
    Geometry,
    points,
)
from kethandout.deck.template import (
    BODY_TYPES,
    CENTER_TITLE,
    FOOTER,
    as_presentation,
    SLIDE_NUMBER,
    SUBTITLE,
    TITLE,
    choose_layouts,
    find_placeholder,
    layout_positions,
    on_slide,
    open_template,
    read_template,
    required_box,
    theme_fonts,
    unusable,
)
from kethandout.errors import Code, Diagnostic
from kethandout.style import theme
from kethandout.style.fonts import ARIAL_METRICS, DECK_FONT, metrics_for


@dataclass(frozen=True)
class Design:
    template: Path | None  # None: kethandout's own design
    geometry: Geometry
    font: str | None  # named on every run; None keeps the template's theme fonts
    warnings: tuple[str, ...] = ()  # what the deck does differently from the template's layouts
    own_footer: bool = False  # the template has footer and slide-number placeholders: they are filled
    numbers_itself: bool = False  # the master or layout prints the slide number as a plain text field
    master: int = 0  # the slide master whose layouts the slides use
    title_colour: str | None = None  # set on the titles, where the template keeps it out of PowerPoint's sight
    prints_number: tuple[str, ...] = ()  # the layouts ("cover", ...) whose layout or master prints the slide number
    package: bytes | None = field(default=None, repr=False)  # the template file, read once (the writer opens it)
    layouts: dict | None = None  # {"cover"/"content"/"title_only": (master, layout) index}; None: kethandout's own
    colours: dict | None = None  # {"cover"/"content"/"title_only": Colours that read on it}; None: kethandout's own

    @property
    def own_look(self) -> bool:
        """Draw kethandout's bands and colours (a user's template brings its own)."""
        return self.template is None


# Designs -----------------------------------------------------------------------------------


def open_design(template: Path | None) -> Design:
    """Kethandout's design, or the geometry and fonts of a user's template (InputError if
    unusable). A template is read once while it stays as it is: a build checks the deck on
    it and then lays the deck out on it, and `watch` builds again and again."""
    if template is None:
        return Design(None, DEFAULT_GEOMETRY, DECK_FONT)
    reads.note(template)
    try:
        stat = template.stat()
    except OSError:
        return _read_design(template)  # which says what is wrong with it
    # (a file replaced by another of the same size and time has a new inode and change time)
    return _read_design_once(template, template.resolve(), (stat.st_ino, stat.st_size, stat.st_mtime_ns,
                                                            stat.st_ctime_ns))


@functools.lru_cache(maxsize=8)
def _read_design_once(template: Path, resolved: Path, state: tuple) -> Design:
    return _read_design(template)


def _read_design(template: Path) -> Design:
    package = as_presentation(template, read_template(template))
    prs = open_template(template, package)
    try:
        return _design_of(template, package, prs)
    # python-pptx reads the XML as it is asked (lxml's XMLSyntaxError is a SyntaxError; a part
    # a relationship names but the file lacks is a KeyError)
    except (ValueError, TypeError, ZeroDivisionError, KeyError, SyntaxError) as exc:
        raise unusable(template, f"a value in it cannot be read ({exc})",
                       hint="open it in PowerPoint or LibreOffice Impress and save it again") from None


def _design_of(template: Path, package: bytes, prs) -> Design:
    # PowerPoint's own limits: 1 to 56 inches a side (914,400 to 51,206,400 EMU)
    if not all(isinstance(side, int) and 914_400 <= side <= 51_206_400 for side in (prs.slide_width, prs.slide_height)):
        raise unusable(template, f"its slide size ({prs.slide_width} x {prs.slide_height} EMU) is not one PowerPoint "
                                 "allows (1 to 56 inches a side)",
                       hint="set the slide size in PowerPoint (Design > Slide Size) and save it again")
    width, height = points(prs.slide_width), points(prs.slide_height)
    frame = content_frame(prs, template, width, height)
    title, body, warnings = frame.title, frame.body, ()
    layouts = choose_layouts(prs, template, frame.master)
    if title.top > MID_SLIDE * height and over_picture(layouts["content"], title, width, height):
        # A title mid-slide over a picture (a cover-like master): the title at the top, the text
        # under it, both on the picture (with a panel where no colour reads on it).
        margin = 0.5 * INCH
        title = Box(margin, 0.3 * INCH, width - 2 * margin, 2 * theme.DECK_TITLE_SIZE * theme.DECK_LINE_SPACING
                    + 2 * INSET_Y)
        body = Box(margin, title.bottom + 0.15 * INCH, width - 2 * margin, frame.band_top - title.bottom - 0.2 * INCH)
        warnings = (f"the layout '{frame.layout_name}' puts its title mid-slide: the deck sets titles at the top "
                    f"and the text under them ({body.width / 72:.1f} x {body.height / 72:.1f} in)",)
    elif cramped(body, width):
        # the title keeps its place, with room for two lines and no more
        title = Box(title.left, title.top, title.width,
                    min(title.height, 2 * theme.DECK_TITLE_SIZE * theme.DECK_LINE_SPACING + 2 * INSET_Y))
        free = free_area(title, body, frame.band_top)
        warnings = (f"{frame.too_small} the deck sets its text in the free area under the title "
                    f"({free.width / 72:.1f} x {free.height / 72:.1f} in)",)
        body = free
    elif frame.too_small:
        warnings = (f"{frame.too_small} the deck sets its title and text where the template's slide master "
                    f"{frame.master + 1} puts them (a body of {body.width / 72:.1f} x {body.height / 72:.1f} in)",)
    content_logos = logos(layouts["content"], width, height)
    title, body = clear_of(title, content_logos), clear_of(body, content_logos)
    margin = 0.5 * INCH
    cover = layouts["cover"]
    cover_title = on_slide(required_box(find_placeholder(cover, (CENTER_TITLE, TITLE)), template, "the title layout's title"),
                            width, height, Box(margin, height * 0.3, width - 2 * margin, height * 0.25))
    cover_subtitle = on_slide(required_box(find_placeholder(cover, (SUBTITLE,) + BODY_TYPES), template,
                                    "the title layout's subtitle"), width, height,
                               Box(margin, height * 0.58, width - 2 * margin, height * 0.2))
    cover_logos = logos(cover, width, height)
    cover_title, cover_subtitle = clear_of(cover_title, cover_logos), clear_of(cover_subtitle, cover_logos)
    if frame.own_footer:
        footer, number = frame.furniture[FOOTER], frame.furniture.get(SLIDE_NUMBER, frame.printed_number)
    else:
        footer_top = height - FOOTER_ROOM + 0.05 * INCH
        footer = Box(body.left, footer_top, body.width * 0.75, 0.35 * INCH)
        number = Box(body.left + body.width * 0.75, footer_top, body.width * 0.25, 0.35 * INCH)
        printed = content_logos + texts_drawn(layouts["content"])  # what the template prints at its foot
        footer, number = (clear_of(box, printed, (0.8 * INCH, 0.2 * INCH)) for box in (footer, number))
    major, minor = theme_fonts(prs.slide_masters[frame.master])  # the fonts the slides are shown in
    title_metrics, body_metrics = metrics_for(major), metrics_for(minor)
    font = None
    if title_metrics is None or body_metrics is None:  # cannot measure the theme font: name Arial instead
        title_metrics = body_metrics = ARIAL_METRICS
        font = DECK_FONT
    geometry = Geometry(width, height, title, body, cover_title, cover_subtitle, footer, number,
                        title_metrics, body_metrics, title_floor=title_floor(layouts["content"], title, body),
                        one_line=one_line_boxes(layouts["content"], title, body), logos=tuple(content_logos))
    warnings += _short_titles(geometry, layouts["content"].name)
    # (the cover may come from another master, which prints its own number or none)
    prints_number = tuple(name for name, lay in layouts.items() if printed_slide_number(lay, width, height) is not None)
    return Design(template, geometry, font, warnings, frame.own_footer, frame.printed_number is not None,
                  frame.master, frame.title_colour, prints_number, package, layout_positions(prs, layouts),
                  _colours(layouts, geometry, frame.title_colour))


def _colours(layouts: dict, g: Geometry, sampled_title: str | None) -> dict:
    """The text colours of each layout, read against what lies under its title, body and footer
    (the body's box reaching up into the title's second line, where a one-line title lets it)."""
    body = g.body if g.one_line is None else Box(g.body.left, g.one_line[1].top, g.body.width,
                                                 g.body.bottom - g.one_line[1].top)
    regions = {"cover": {"title": g.cover_title, "body": g.cover_subtitle, "footer": g.footer},
               "content": {"title": g.title, "body": body, "footer": g.footer}}
    regions["title_only"] = regions["content"]
    return {kind: colours_for(layout, regions[kind], g.slide_width, g.slide_height,
                              None if kind == "cover" else sampled_title) for kind, layout in layouts.items()}


MID_SLIDE = 0.3  # a content layout's title further down than this share of the slide is mid-slide


TYPICAL_TITLE = "Contraindications and cautions"  # a section title of the default deck, 30 characters


def _short_titles(geometry: Geometry, name: str) -> tuple[str, ...]:
    """A warning when the title box, even widened, cannot hold a usual section title at the
    smallest size: most titles would be shortened."""
    box = geometry.wide_title
    if title_fits(TYPICAL_TITLE, box, geometry.title_metrics):
        return ()
    return (f"the layout '{name}' has a title box of {box.width / 72:.1f} x {box.height / 72:.1f} in: at "
            f"{theme.DECK_TITLE_MIN:g} pt most titles do not fit it and are shortened (each whole title opens "
            "its slide's notes)",)


def design_warnings(template: Path, design: Design | None = None) -> list[Diagnostic]:
    """What a build must say about a template (once, naming the layout); design: the
    template's, when it is already open."""
    return [Diagnostic("warning", Code.SMALL_BODY, message, str(template))
            for message in (design or open_design(template)).warnings]
