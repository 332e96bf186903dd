"""The content model: what a content file may hold, field by field."""
# No `from __future__ import annotations`: pydantic would evaluate every annotation from
# its string form, which made importing the models 50 ms slower.

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# A BCP 47 language tag (language, then script, region or variant subtags): it reaches file
# names ("-es"), so nothing else may pass.
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
URL_PATTERN = r"^https?://[^\s]+$"
PATTERN_NAMES = {  # how error messages describe each pattern
    ID_PATTERN: "an id of lowercase letters, digits and hyphens (like 'main-street')",
    LANGUAGE_PATTERN: "a language tag such as 'es' or 'es-US'",
    COLOUR_PATTERN: "a colour written as # and six hex digits (like '#0B4F6C')",
    URL_PATTERN: "a web address starting with https://",
}
MAX_TEXT = 4000  # characters in one text value
Id = Field(pattern=ID_PATTERN, max_length=64)  # ids name files and folders: a file name's length


class Strict(BaseModel):
    # strict: YAML 1.1 turns `NO` into False and `1.10` into 1.1; a wrong type must be an error.
    # No empty text anywhere: an empty (or blank) title or phone number is a mistake, never a value.
    # Nor runaway text: ReportLab re-wraps what is left of a paragraph at each page break, so
    # its time grows with the square of a paragraph's length (the longest field is 505 characters).
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_min_length=1, str_strip_whitespace=True,
                              str_max_length=MAX_TEXT)


class Approval(Strict):
    """A reviewer's sign-off (`kethandout approve`): who, when, what (content/fingerprint.py)."""
    by: str = Field(max_length=80)  # "Name, credentials": printed in every footer
    on: dt.date
    fingerprint: str = Field(pattern=r"^[0-9a-f]{12}$")
    open_flags: int = Field(default=0, ge=0)  # needs_review flags still open (approve --allow-open-flags)
    whole: str | None = Field(default=None, pattern=r"^[0-9a-f]{12}$", exclude=True)  # a part's: the whole's print


class Meta(Strict):
    title: str  # the patient handout's title
    deck_title: str  # the clinician deck's title
    medicine: str  # the medicine's plain name, as headings use it ("What is ketamine?")
    slug: str = Field(pattern=ID_PATTERN, max_length=64)  # used in output file names
    subject: str
    publisher: str
    version: str
    reviewed_on: dt.date
    reviewed_by: str
    next_review: dt.date
    language: str = Field(default="en-US", pattern=LANGUAGE_PATTERN)
    # The web page's address, for the line (and QR code) that patient paper prints in place of
    # its sources; a clinic's profile gives its own.
    web: str | None = Field(default=None, pattern=URL_PATTERN, max_length=300)
    max_pages: int = Field(default=4, ge=1)
    max_pages_large_print: int = Field(default=12, ge=1)
    approval: Approval | None = None  # absent, or changed since: every document says DRAFT


class Evidence(Strict):
    """The words of a source that support a claim, so a reviewer checks words, not a library."""

    ref: str  # the id of the reference the words are from
    section: str = Field(max_length=200)  # where they stand: "5.2", "Boxed warning", "Table 2", "Abstract"
    quote: str = Field(max_length=1200)  # the source's exact words, copied from a copy actually read
    url: str | None = Field(default=None, pattern=URL_PATTERN)  # the copy read, when not the reference's own url
    read_on: dt.date | None = None  # when that copy was read
    note: str | None = Field(default=None, max_length=300)  # what the reviewer should know of the copy


class Cited(Strict):
    patient: str  # plain language, grade 6-8, addresses the reader as "you"
    clinician: str  # precise wording for the deck and speaker notes
    headline: str | None = None  # the clinician wording in one line, where a slide has room for no more
    refs: list[str] = []  # an uncited claim is reported by `check`
    evidence: list[Evidence] = []  # each cited source's own words; a claim without any is reported by `check`
    needs_review: bool = False


def once_each(what: str, key=lambda name: name):
    """A field validator: a list names each entry once (entries with the same key count as one)."""
    def check(names: list[str] | None) -> list[str] | None:
        if names is not None and len({key(name) for name in names}) < len(names):
            raise ValueError(f"each {what} may be named once")
        return names
    return check


class Item(Cited):
    id: str = Id
    title: str


class Scoped(Item):
    """An item that may hold for some products only, in a section a clinic's documents filter."""

    # The product ids the item is about; absent: every product. A clinic's documents leave
    # out items about products it does not give.
    applies_to: list[str] | None = Field(default=None, min_length=1)
    # Whom the handout tells the reader to call after this item's text, from the lines in force
    # (so a clinic abroad prints its own numbers).
    then_call: Literal["emergency", "crisis"] | None = None
    # A rule the clinic's profile sets (its `fasting:`), printed after this item's text: the
    # content gives no rule of its own there.
    clinic_rule: Literal["fasting"] | None = None
    # A pictogram beside the item (a Lucide icon name, e.g. pill, car-off): decorative, since
    # the item's title says the same.
    icon: str | None = None
    # The consent form's yes/no screening question for a contraindication or interaction.
    ask: str | None = None
    # A number a trainer says aloud ("61-84%"), large where the deck's part on the item opens,
    # and what it is ("of patients given ..."): both or neither, supported by the item's refs.
    key_figure: str | None = None
    key_figure_says: str | None = None
    _products_once = field_validator("applies_to")(once_each("product"))

    @model_validator(mode="after")
    def _figure_says_what(self):
        if (self.key_figure is None) != (self.key_figure_says is None):
            raise ValueError("key_figure and key_figure_says go together: give both or neither")
        return self


class Important(Scoped):
    """A thing a patient must know first (the Medication Guide's "most important information")."""

    covers: list[str] = []  # the ids of the risks it says in full: the handout lists them once, here


class Benefit(Scoped):
    # How strong the evidence for it is, as the deck shows it; absent: not graded (the wording says why).
    strength: Literal["strong", "moderate", "emerging"] | None = None


class Percent(Strict):
    """A range of percentages from a source, for a chart: {low: 61, high: 75, refs: [...]}."""

    low: int | float = Field(ge=0, le=100)  # (an int stays one: "61%", not "61.0%")
    high: int | float = Field(ge=0, le=100)
    refs: list[str] = []  # a number without a source is reported by `check`
    needs_review: bool = False

    @model_validator(mode="after")
    def _ordered(self):
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) is above high ({self.high:g})")
        return self


class Risk(Scoped):
    timeframe: Literal["short-term", "long-term"]
    frequency: str
    frequency_patient: str | None = None  # how often, in a patient's words ("about 1 in 4"), from `frequency`
    frequency_pct: Percent | None = None  # how often, as numbers, for the deck's chart
    severity: Literal["mild", "moderate", "serious"]


class Contraindication(Scoped):
    kind: Literal["absolute", "relative"]


class Route(Item):
    product: str  # the id of the product given this way
    setting: str
    onset: str
    bioavailability: str
    bioavailability_pct: Percent | None = None  # the same, as numbers, for the deck's chart
    approval: str


class GetHelp(Scoped):
    urgency: Literal["emergency", "crisis", "care-team"]  # who to call: see EmergencyLine.kind


class EmergencyLine(Strict):
    number: str
    kind: Literal["emergency", "crisis", "advice"]
    action: str  # what to do, as a command: "Call or text 988"
    label: str
    patient: str  # the line in the "Get help now" box


def title_runs(items: list) -> list[list]:
    """Items in runs of one title, one item per product (as the content splits a fact the
    products' labels state differently): a document prints such a run under its title once."""
    runs: list[list] = []
    for item in items:
        run = runs[-1] if runs else None
        if run and run[0].title == item.title and item.applies_to and all(
                other.applies_to and not set(other.applies_to) & set(item.applies_to) for other in run):
            run.append(item)
        else:
            runs.append([item])
    return runs


def check_emergency_lines(lines: list[EmergencyLine] | None) -> list[EmergencyLine] | None:
    """Patients must always be told whom to call in an emergency and in a crisis."""
    kinds = {line.kind for line in lines or []}
    if lines is not None and not {"emergency", "crisis"} <= kinds:
        raise ValueError("the emergency lines need one of kind 'emergency' and one of kind 'crisis'")
    return lines


class Reference(Strict):
    id: str = Id
    authors: str
    title: str
    source: str
    year: int
    details: str | None = None  # volume(issue):pages, or a note such as "revised 10/2024"
    doi: str | None = None
    url: str | None = None
    needs_review: bool = False


class Product(Strict):
    """A medicine with a label of its own: what the label says holds for it alone."""

    id: str = Id
    name: str  # as outputs name it: "Nasal spray (esketamine)"
    short_name: str | None = None  # where room is short (a slide's table): "Esketamine"; absent: the name
    label: str  # the id of the reference that is its prescribing information
    mentions: list[str] = []  # words that name it in the wording, for the applies_to check
    # Where its own patient leaflet is (the Medication Guide): patient paper points to it
    # rather than repeating it.
    guide: str | None = None


class KeyPoint(Cited):
    """One sentence of the summary on the handout's first page (and the deck's takeaways)."""

    id: str = Id
    then_call: Literal["emergency", "crisis"] | None = None  # as for Scoped items
    applies_to: list[str] | None = Field(default=None, min_length=1)  # as for Scoped items


class Prompt(Strict):
    """A question the patient may ask the care team, with lines to write the answer on."""

    id: str = Id
    patient: str


class Consent(Strict):
    """The consent form's fixed text; its risks and questions come from the rest of the content."""

    purpose: str  # what the treatment is for
    alternatives: str  # the other choices the patient has
    voluntary: str  # consent is the patient's choice, and they may stop at any time
    received: str  # that the patient received the handout: {title} and {version} are filled in
    questions: str  # that their questions were answered
    # What the treatment may not do (benefit that is small, short-lived or absent): an initialled group.
    limits: str | None = None
    refs: list[str] = []
    evidence: list[Evidence] = []
    needs_review: bool = False

    @field_validator("received")
    @classmethod
    def _known_placeholders(cls, text: str) -> str:
        unknown = [name for name in re.findall(r"\{([^{}]*)\}", text) if name not in ("title", "version")]
        if unknown or text.count("{") != text.count("}"):
            shown = ", ".join(f"{{{name}}}" for name in unknown) or "an unmatched brace"
            raise ValueError(f"has {shown}; it may hold only {{title}} and {{version}}")
        return text


QUIZ_PLACES = Literal["benefits", "risks", "contraindications", "interactions", "routes", "checklist",
                      "misuse_signs", "safety"]


class QuizQuestion(Strict):
    """A knowledge check for the deck: a question slide, then an answer slide."""

    id: str = Id
    question: str
    options: list[str] = Field(min_length=2, max_length=5)
    answer: int = Field(ge=1)  # the right option, counted from 1
    explanation: str  # why, on the answer slide and in its notes
    refs: list[str] = Field(min_length=1)
    evidence: list[Evidence] = []
    after: QUIZ_PLACES  # the section whose slides it follows
    applies_to: list[str] | None = Field(default=None, min_length=1)  # as for Scoped items
    needs_review: bool = False
    _products_once = field_validator("applies_to")(once_each("product"))

    @field_validator("options")
    @classmethod
    def _options_differ(cls, options: list[str]) -> list[str]:
        if len({option.casefold() for option in options}) < len(options):
            raise ValueError("two options say the same")
        return options

    @field_validator("answer")
    @classmethod
    def _answer_is_an_option(cls, answer: int, info):
        options = info.data.get("options")  # (absent when the options themselves are wrong)
        if options is not None and answer > len(options):
            raise ValueError(f"answer {answer} is not one of the {len(options)} options")
        return answer


class GlossaryTerm(Strict):
    term: str
    definition: str  # plain language, for patients


class Content(Strict):
    meta: Meta
    intro: str  # the handout's opening lines, plain language
    about: Cited  # what ketamine is and how it works
    objectives: list[str] = Field(min_length=1)  # the deck's learning objectives
    emergency: list[EmergencyLine] = Field(min_length=1)
    _emergency_kinds = field_validator("emergency")(check_emergency_lines)
    products: list[Product] = Field(min_length=1)
    benefits: list[Benefit] = Field(min_length=1)
    risks: list[Risk] = Field(min_length=1)
    contraindications: list[Contraindication] = Field(min_length=1)
    routes: list[Route] = Field(min_length=1)
    key_points: list[KeyPoint] = Field(default=[], max_length=5)  # the deck's summary: 3 to 5
    # Page 1 of the handout, and the at-a-glance sheet that a clinic can hand out alone: the one
    # main message (one per product), the four things to do for a visit (each with a
    # pictogram), and three lines on what the patient may feel.
    main_message: list[KeyPoint] = []
    visit_actions: list[Scoped] = []
    may_feel: list[KeyPoint] = []
    # What a patient must know first (the Medication Guide's "most important information"): page 1's box.
    most_important: list[Important] = Field(default=[], max_length=5)
    interactions: list[Scoped] = []  # medicines and drinks to tell the care team about
    checklist: list[Scoped] = []  # what to do before a session, ticked off by the patient
    # A visit's steps, in order (at most 6); a step given one way per product: an item each, in a row.
    session: list[Scoped] = []
    schedule: list[Scoped] = []  # how often a patient comes, how likely it helps, and after a missed visit
    questions: list[Prompt] = Field(default=[], max_length=4)  # for the patient to ask, with write-in lines
    consent: Consent | None = None  # the consent form's fixed text
    quiz: list[QuizQuestion] = []  # the deck's knowledge checks
    misuse_signs: list[Scoped] = Field(min_length=1)
    screening: Item  # asked of every patient, whatever the product
    safety: list[Scoped] = Field(min_length=1)
    home_use: list[Scoped] = []  # safety at home: only for a clinic whose profile prescribes take-home doses
    get_help: list[GetHelp] = Field(min_length=1)
    glossary: list[GlossaryTerm] = []
    references: list[Reference] = Field(min_length=1)

    @field_validator("key_points")
    @classmethod
    def _three_to_five(cls, points: list[KeyPoint]) -> list[KeyPoint]:
        if points and len(points) < 3:
            raise ValueError("a summary has 3 to 5 key points")
        return points

    @field_validator("session")
    @classmethod
    def _six_steps(cls, steps: list[Scoped]) -> list[Scoped]:
        boxes = len(title_runs(steps))
        if boxes > 6:
            raise ValueError(f"a visit has at most 6 steps (items of one title in a row are one step); found {boxes}")
        return steps

    @property
    def before_visit(self) -> list[Scoped]:
        """The checklist's name before it had tick boxes, for templates written then."""
        return self.checklist

    def cited_items(self):
        """(path, item) for every part of the content that makes a claim, in file order."""
        for field in type(self).model_fields:
            value = getattr(self, field)
            for i, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
                if isinstance(item, Cited):
                    yield ((field,) if i is None else (field, i)), item

    def claims(self):
        """(path, item) for everything that cites sources: the items, then the knowledge checks
        and the consent form's text."""
        yield from self.cited_items()
        for i, question in enumerate(self.quiz):
            yield ("quiz", i), question
        if self.consent:
            yield ("consent",), self.consent

    def chart_numbers(self):
        """(path, Percent) for every number a chart of the deck shows."""
        for section, field in (("risks", "frequency_pct"), ("routes", "bioavailability_pct")):
            for i, item in enumerate(getattr(self, section)):
                if getattr(item, field) is not None:
                    yield (section, i, field), getattr(item, field)

    def product(self, product_id: str) -> Product:
        return next(p for p in self.products if p.id == product_id)

    def reference_number(self, ref_id: str) -> int:
        """1-based position of a reference in the Sources list."""
        return [r.id for r in self.references].index(ref_id) + 1
