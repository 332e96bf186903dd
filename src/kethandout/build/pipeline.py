"""A BuildTarget -> its documents, in memory: each composed once, laid out and rendered; the
page budget checked from the page count the renderer returns. Nothing is written here
(files.write_outputs does that, all or nothing)."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kethandout import reads
from kethandout.build.jobs import BuildTarget, Document, documents, resolve
from kethandout.compose import doc, furniture
from kethandout.compose.context import compose
from kethandout.compose.page_budget import BUDGETED, FIXED, page_budget_problem
from kethandout.content.load import Located
from kethandout.content.products import for_product, products_given
from kethandout.content.schema import Content
from kethandout.errors import Diagnostic, InputError
from kethandout.files import Output, write_outputs
from kethandout.locale import locale_for
from kethandout.style.theme import tightened

if TYPE_CHECKING:
    from kethandout.content.clinic import Clinic

_TEMPLATES = {"handout": "handout.md.j2", "glance": "glance.md.j2", "card": "visit-card.md.j2", "consent": "consent.md.j2",
              "review": "review.md.j2", "deck": "deck.md.j2", "html": "handout.md.j2"}

PATIENT_PAPER = ("handout", "glance", "card", "consent")  # no citation numbers, no journal references


@dataclass(frozen=True)
class Rendered:
    document: Document
    data: bytes
    pages: int | None = None  # PDFs only


def render_document(target: BuildTarget, document: Document) -> Rendered:
    """Compose the document's template once, then lay it out and render it."""
    content, clinic, kind = target.content, target.clinic, document.kind
    if document.product:
        content = for_product(content, document.product)
    # (a clinic may want them on the handout and the consent form; the sheet and the card have no list)
    citations = kind not in PATIENT_PAPER or bool(clinic and clinic.print_citations and kind in ("handout", "consent"))
    blocks = compose(content, _TEMPLATES[kind], target.templates_dir, clinic, citations)
    if kind == "deck":
        # (the deck's modules, python-pptx among them, load only when a deck is made)
        from kethandout.deck.design import open_design
        from kethandout.deck.layout import lay_out
        from kethandout.deck.measure import save_widths
        from kethandout.render.pptx import render_deck

        info, design = furniture.deck_info(content, clinic), open_design(target.deck_design)
        deck = lay_out(_with_changes(blocks, target), design, info, _logo_aspect(clinic))
        save_widths()
        return Rendered(document, render_deck(deck, info, design))
    if kind == "html":
        from kethandout.render.html import PageInfo, render_page

        meta = content.meta
        info = PageInfo(title=meta.title, language=meta.language, footer=furniture.footer(content),
                        draft=furniture.draft_notice(content),
                        branding=furniture.branding(clinic, locale_for(meta.language)))
        return Rendered(document, render_page(blocks, info))
    from kethandout.render.pdf import render_pdf

    info = {"handout": furniture.handout_info(content, clinic, target.style),
            "glance": furniture.handout_info(content, clinic, target.style, "glance"),
            "card": furniture.card_info(content, clinic, target.style),
            "consent": furniture.consent_info(content, clinic, target.style, target.templates_dir),
            "review": furniture.review_info(content, clinic, target.style)}[kind]
    pdf = render_pdf(blocks, info, target.paper)
    if kind == "glance" and pdf.pages > FIXED["glance"][target.style][0]:  # handed out alone: one sheet
        pdf = min(pdf, _tightened_sheet(blocks, info, target, clinic), key=lambda rendered: rendered.pages)
    return Rendered(document, pdf.data, pdf.pages)


def _tightened_sheet(blocks: tuple, info, target: BuildTarget, clinic: Clinic | None):
    """The at-a-glance sheet with its title as a heading, less space between its parts, and the
    clinic's phone only once, where the sheet itself gives it ("When to get help")."""
    from kethandout.render.pdf import render_pdf

    printed = " ".join(doc.plain(inline) for inline in doc.inlines(blocks))
    phones = not (clinic and clinic.phone in printed)
    branding = furniture.branding(clinic, locale_for(target.content.meta.language), phones=phones)
    return render_pdf(blocks, replace(info, style=tightened(info.style), branding=branding), target.paper)


def _with_changes(blocks: tuple, target: BuildTarget) -> tuple:
    """The deck with a "What's new" slide after its title slide (build --changes-since)."""
    if target.changes is None:
        return blocks
    from kethandout.compose.change_report import whats_new

    first = next((i for i, b in enumerate(blocks) if isinstance(b, doc.Heading) and b.level == 2), len(blocks))
    return blocks[:first] + whats_new(target.changes, target.content.meta.language) + blocks[first:]


def _logo_aspect(clinic: Clinic | None) -> float | None:
    """The clinic logo's width / height, which the deck's cover makes room for."""
    if not (clinic and clinic.logo):
        return None
    from PIL import Image

    with Image.open(clinic.logo) as logo:
        return logo.width / logo.height


def check_page_budget(content: Content, located: Located, paper: str, templates_dir: Path | None,
                      clinic: Clinic | None, style: str = "standard") -> list[Diagnostic]:
    """Render each product's budgeted documents on this paper size and count their pages (for `check`)."""
    target = BuildTarget(content, Path("."), paper, style, templates_dir=templates_dir, clinic=clinic)
    problems = []
    for product in products_given(content):
        for kind in BUDGETED:
            pages = render_document(target, Document(kind, Path(kind), product)).pages
            problem = page_budget_problem(pages, paper, content, located, clinic, style, kind, product)
            problems += [problem] if problem else []
    return problems


def _at_content_line(exc: InputError, located: Located | None) -> InputError:
    """A layout problem (a block too long, a word too wide for its cell) said at the content
    line whose text made it, where the text is the content's; as it was otherwise."""
    from kethandout.content.paths import label
    from kethandout.content.texts import strings

    near = " ".join((exc.near or "").split())[:40]
    if not near or located is None:
        return exc
    found = next((path for path, text in strings(located, skip=set()) if near in " ".join(text.split())), None)
    if found is None:
        return exc
    line, col = located.where(found)
    return InputError([replace(d, file=located.file, line=line, col=col,
                               message=f"{d.message}, made from {label(found)}") for d in exc.diagnostics],
                      exc.near)


def render_target(target: BuildTarget, wanted: Collection[Path] | None = None,
                  inputs: dict[Path, set[Path]] | None = None) -> list[Output]:
    """Every document of the target (or those whose paths are `wanted`), rendered in memory; a
    handout over its page budget is an error (InputError), so that nothing of the build is
    written. inputs: filled with the files each document was made from, by its path."""
    outputs = []
    for document in documents(target):
        if wanted is not None and document.path not in wanted:
            continue
        with reads.recording() as read:
            try:
                rendered = render_document(target, document)
            except InputError as exc:
                raise _at_content_line(exc, target.located) from None
        if inputs is not None:
            inputs[document.path] = set(read)
        if document.kind in BUDGETED:
            problem = page_budget_problem(rendered.pages, target.paper, target.content, target.located,
                                          target.clinic, target.style, document.kind, document.product)
            if problem:
                raise InputError([problem])
        outputs.append(Output(document.path, rendered.data))
    order = [".pdf", ".pptx", ".html"]
    return sorted(outputs, key=lambda o: (order.index(o.path.suffix), "consent" in o.path.name))


def build(content: Content, out_dir: Path, **options) -> list[Path]:
    """Render every requested output in memory first, so a failure writes nothing; options
    as for jobs.resolve."""
    return write_outputs(render_target(resolve(content, out_dir, **options)), out_dir)


def _one(kind: str, content: Content, paper: str = "letter", templates_dir: Path | None = None,
         clinic: Clinic | None = None, style: str = "standard", deck_template: Path | None = None) -> bytes:
    # The content as given: the library's single documents leave the clinic's subset to the caller.
    target = BuildTarget(content, Path("."), paper, style, None, templates_dir, clinic, deck_template)
    return render_document(target, Document(kind, Path(kind))).data


def build_handout(content: Content, paper: str, templates_dir: Path | None = None,
                  clinic: Clinic | None = None, style: str = "standard") -> bytes:
    return _one("handout", content, paper, templates_dir, clinic, style)


def build_consent(content: Content, paper: str, templates_dir: Path | None = None,
                  clinic: Clinic | None = None, style: str = "standard") -> bytes:
    return _one("consent", content, paper, templates_dir, clinic, style)


def build_deck(content: Content, templates_dir: Path | None = None, clinic: Clinic | None = None,
               deck_template: Path | None = None) -> bytes:
    return _one("deck", content, templates_dir=templates_dir, clinic=clinic, deck_template=deck_template)


def build_page(content: Content, templates_dir: Path | None = None, clinic: Clinic | None = None) -> bytes:
    return _one("html", content, templates_dir=templates_dir, clinic=clinic)
