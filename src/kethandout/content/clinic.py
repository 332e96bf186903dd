"""Clinic profiles: who hands the documents out, and how they look."""
# No `from __future__ import annotations`: pydantic would evaluate every annotation from
# its string form, which made importing the models 50 ms slower.

from pathlib import Path
from typing import Annotated, Literal

from PIL import Image, UnidentifiedImageError
from pydantic import Field, PrivateAttr, field_validator

from kethandout import reads
from kethandout.content.load import Located
from kethandout.content.schema import (
    COLOUR_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    URL_PATTERN,
    EmergencyLine,
    Strict,
    check_emergency_lines,
    once_each,
)
from kethandout.content.validate import load_located
from kethandout.errors import Code, Diagnostic

MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 16_000_000  # 4000 x 4000: more is a photo, not a logo
LOGO_FORMATS = {"PNG", "JPEG"}
MIN_TEXT_CONTRAST = 4.5  # WCAG 2.1 AA for body-size text


class Colours(Strict):
    primary: str = Field(default="#0B4F6C", pattern=COLOUR_PATTERN)  # headings, rules, bands
    alert: str = Field(default="#A4161A", pattern=COLOUR_PATTERN)  # the "Get help now" box


class SectionText(Strict):
    title: str
    markdown: str


class ExtraSection(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    markdown: str  # the clinic's own text; Markdown lists and bold are kept
    translations: dict[str, SectionText] = {}  # language -> the section in that language

    def in_language(self, language: str) -> SectionText | None:
        primary = language.split("-")[0].lower()
        if primary == "en":
            return SectionText(title=self.title, markdown=self.markdown)
        return self.translations.get(primary)


class Instruction(Strict):
    text: str  # the clinic's own instruction, in English
    translations: dict[str, str] = {}  # language -> the instruction in that language

    def in_language(self, language: str) -> str | None:
        primary = language.split("-")[0].lower()
        return self.text if primary == "en" else self.translations.get(primary)


class Clinic(Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=64)  # also the output folder name, so no '/' or '..'
    # Masthead lines: a name or an address longer than these is no name or address, and would
    # not fit beside the logo.
    name: str = Field(max_length=120)
    address: str = Field(max_length=200)
    phone: str = Field(max_length=40)
    after_hours_phone: str | None = Field(default=None, max_length=40)
    # The QR code on the handout opens this page; a longer address makes a code too dense to scan.
    web: str = Field(pattern=URL_PATTERN, max_length=300)
    print_citations: bool = False  # citation numbers and the journal references on its patient paper too
    logo: str | None = None  # PNG or JPEG, relative to the profile file
    colours: Colours = Colours()
    paper: Literal["letter", "a4"] = "letter"
    # the languages its documents are built in (translations must exist)
    languages: list[Annotated[str, Field(pattern=LANGUAGE_PATTERN)]] = Field(default=["en"], min_length=1)
    _languages_once = field_validator("languages")(once_each("language", key=lambda tag: tag.split("-")[0].lower()))
    emergency: list[EmergencyLine] | None = None  # replaces the content's lines (other countries)
    _emergency_kinds = field_validator("emergency")(check_emergency_lines)
    sections: list[ExtraSection] = []
    # The route ids of the content that the clinic gives; absent: all of them. Its documents
    # then carry only those routes and the items about their products.
    routes: list[Annotated[str, Field(pattern=ID_PATTERN)]] | None = Field(default=None, min_length=1)
    # When to stop eating and drinking before IV or IM ketamine: the clinic's own rule, since
    # the content does not invent one.
    fasting: Instruction | None = None
    # The clinic prescribes doses to take at home (ketamine by mouth or under the tongue): its
    # handout then carries the content's home-safety block (`home_use:`).
    take_home: bool = False
    checklist: list[Instruction] = Field(default=[], max_length=6)  # its own items for "Before your visit"
    # The consent form says it is a template to review, until the clinic says its reviewer did.
    consent_reviewed: bool = False
    _routes_once = field_validator("routes")(once_each("route"))
    deck_template: str | None = None  # a .pptx whose layouts and theme the deck uses
    max_pages: int | None = Field(default=None, ge=1)  # the handout's page budget for this clinic
    _source: str | None = PrivateAttr(default=None)  # the profile's path, for messages (set on load)
    _located: Located | None = PrivateAttr(default=None)  # where each value came from (set on load)

    @property
    def source(self) -> str:
        return self._source or f"clinic '{self.id}'"

    def diagnostic(self, path: tuple, code: Code, message: str, hint: str | None = None) -> Diagnostic:
        """An error at a value of the profile (its line and column when it was loaded from a file)."""
        line, col = self._located.where(path) if self._located else (None, None)
        return Diagnostic("error", code, message, self.source, line, col, hint)


def load_clinic(path: Path) -> Clinic:
    """Load a profile; its file paths come back absolute, resolved against the profile's folder."""
    clinic, located = load_located(path, Clinic,
                                   model_checks=(_check_colours, _check_logo, _check_deck_template, _check_glyphs))
    paths = {name: str((path.parent / getattr(clinic, name)).resolve())
             for name in ("logo", "deck_template") if getattr(clinic, name)}
    clinic = clinic.model_copy(update=paths)
    clinic._source, clinic._located = str(path), located
    return clinic


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _check_colours(located: Located, clinic: Clinic) -> list[Diagnostic]:
    """Both colours are used for text on white (headings, the help box title)."""
    problems = []
    for name in ("primary", "alert"):
        colour = getattr(clinic.colours, name)
        ratio = contrast_ratio(colour)
        if ratio < MIN_TEXT_CONTRAST:
            problems.append(located.diagnostic(
                ("colours", name), Code.LOW_CONTRAST,
                f"colours.{name} {colour} has a contrast of {ratio:.2f}:1 against white, "
                f"{MIN_TEXT_CONTRAST - ratio:.2f} short of the {MIN_TEXT_CONTRAST}:1 that text needs (WCAG AA)",
                hint="choose a darker colour"))
    return problems


def _check_logo(located: Located, clinic: Clinic) -> list[Diagnostic]:
    if clinic.logo is None:
        return []
    path = (Path(located.file).parent / clinic.logo)
    reads.note(path)

    def problem(code: Code, message: str) -> list[Diagnostic]:
        return [located.diagnostic(("logo",), code, message)]

    if not path.is_file():
        return problem(Code.FILE_NOT_FOUND, f"logo file not found: {path}")
    if path.suffix.lower() == ".svg":
        return problem(Code.UNSUPPORTED_IMAGE, "SVG logos are not supported yet; export the logo as PNG")
    if path.stat().st_size > MAX_LOGO_BYTES:
        return problem(Code.IMAGE_TOO_LARGE, f"logo is {path.stat().st_size:,} bytes; the limit is {MAX_LOGO_BYTES:,}")
    try:
        with Image.open(path) as image:
            if image.format not in LOGO_FORMATS:
                return problem(Code.UNSUPPORTED_IMAGE, f"logo is {image.format}; expected PNG or JPEG")
            if image.width * image.height > MAX_LOGO_PIXELS:
                return problem(Code.IMAGE_TOO_LARGE, f"logo is {image.width} x {image.height} pixels; "
                                                  f"the limit is {MAX_LOGO_PIXELS:,} pixels")
            image.load()  # decodes the data: a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:  # ValueError: PNG text
        return problem(Code.CORRUPT_IMAGE, f"cannot read logo {path.name}: {exc}")
    return []


def _check_glyphs(located: Located, clinic: Clinic) -> list[Diagnostic]:
    """The clinic's own text reaches the handout too: every character must be printable."""
    from kethandout.content import characters

    return characters.check(located)


def _check_deck_template(located: Located, clinic: Clinic) -> list[Diagnostic]:
    if clinic.deck_template:
        reads.note(Path(located.file).parent / clinic.deck_template)
    if clinic.deck_template and not (Path(located.file).parent / clinic.deck_template).is_file():
        return [located.diagnostic(("deck_template",), Code.FILE_NOT_FOUND,
                                   f"deck template not found: {clinic.deck_template}")]
    return []
