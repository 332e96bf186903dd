"""What one build makes: a clinic x language x paper x style target, resolved once into a
BuildTarget, and the documents it asks for, with their file names."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kethandout.content.load import Located
from kethandout.content.products import content_for_clinic, products_given
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic, InputError

if TYPE_CHECKING:  # clinic profiles (and PIL, 60 ms) load only for clinic builds
    from kethandout.content.clinic import Clinic

KINDS = ("deck", "handout", "glance", "card", "consent", "review", "html")  # the slowest first
# A patient holds one product's documents: no "Nasal spray only:" labels to sort through.
PER_PRODUCT = ("handout", "glance", "card", "consent", "html")


@dataclass(frozen=True)
class BuildTarget:
    """One language of the content, for one clinic (or none), on one paper in one style."""

    content: Content  # the clinic's subset, in this language
    out_dir: Path
    paper: str
    style: str = "standard"
    only: str | None = None
    templates_dir: Path | None = None
    clinic: Clinic | None = None
    deck_template: Path | None = None
    located: Located | None = None  # where the content came from, for the page-budget message
    changes: object = None  # a content diff, for the deck's "What's new" slide

    @property
    def deck_design(self) -> Path | None:
        """The PowerPoint template the deck is built on: the command line's, else the clinic's."""
        clinic = self.clinic
        return self.deck_template or (Path(clinic.deck_template) if clinic and clinic.deck_template else None)


@dataclass(frozen=True)
class Document:
    kind: str  # one of KINDS
    path: Path
    product: str | None = None  # the product id a patient document is about; None: every product


def resolve(content: Content, out_dir: Path, paper: str | None = None, only: str | None = None,
            templates_dir: Path | None = None, clinic: Clinic | None = None, deck_template: Path | None = None,
            located: Located | None = None, style: str = "standard", changes=None) -> BuildTarget:
    """paper: None means the clinic's paper size, or letter without a clinic."""
    return BuildTarget(content_for_clinic(content, clinic), out_dir, paper or (clinic.paper if clinic else "letter"),
                       style, only, templates_dir, clinic, deck_template, located, changes)


def documents(target: BuildTarget) -> list[Document]:
    """The documents the target asks for; --only review is the one way to the reviewer's sheet."""
    content, only = target.content, target.only
    if only == "consent" and not content.consent:
        message = "the content has no consent: section, so there is no consent form to build"
        raise InputError([target.located.diagnostic((), Code.MISSING_SECTION, message) if target.located else
                          Diagnostic("error", Code.MISSING_SECTION, "the content has no consent: section", "content")])
    wanted = [only] if only else [kind for kind in KINDS if kind != "review" and (kind != "consent" or content.consent)]
    products = products_given(content)
    return [Document(kind, file_name(target, kind, product), product) for kind in KINDS if kind in wanted
            for product in (products if kind in PER_PRODUCT else [None])]


def file_name(target: BuildTarget, kind: str, product: str | None = None) -> Path:
    language = target.content.meta.language.split("-")[0].lower()
    tag = "" if language == "en" else f"-{language}"  # ketamine-clinician-deck-es.pptx
    variant = "" if target.style == "standard" else f"{target.style}-"
    about = f"-{product}" if product else ""  # ketamine-patient-handout-esketamine-letter.pdf
    name = f"{target.out_dir / target.content.meta.slug}"
    return Path({"deck": f"{name}-clinician-deck{tag}.pptx",
                 "handout": f"{name}-patient-handout{about}-{variant}{target.paper}{tag}.pdf",
                 "glance": f"{name}-at-a-glance{about}-{variant}{target.paper}{tag}.pdf",
                 "card": f"{name}-visit-card{about}-{variant}{target.paper}{tag}.pdf",
                 "consent": f"{name}-consent-form{about}-{variant}{target.paper}{tag}.pdf",
                 "review": f"{name}-reviewer-sheet-{target.paper}{tag}.pdf",
                 "html": f"{name}-patient-handout{about}{tag}.html"}[kind])
