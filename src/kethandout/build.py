"""Content -> documents: compose each output, render it in memory, then write atomically."""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kethandout.compose import doc
from kethandout.compose.context import compose
from kethandout.content.load import Located
from kethandout.content.products import content_for_clinic
from kethandout.content.schema import Content
from kethandout.errors import Diagnostic, InputError
from kethandout.fork import Deferred, Forked, ctrl_c_deferred
from kethandout.locale import ENGLISH, Locale, locale_for
from kethandout.render import start_renderers
from kethandout.style.theme import FIELD_LABELS, PRINT_STYLES, Branding, DeckInfo, HandoutInfo

if TYPE_CHECKING:  # clinic profiles (and PIL, 60 ms) load only for clinic builds
    from kethandout.content.clinic import Clinic


def branding(clinic: Clinic | None, lang: Locale = ENGLISH) -> Branding:
    if clinic is None:
        return Branding()
    phones = lang.t("Phone: {phone}", phone=clinic.phone)
    if clinic.after_hours_phone:
        phones += "  ·  " + lang.t("After hours: {phone}", phone=clinic.after_hours_phone)
    contacts = [clinic.address, phones, clinic.web.split("://", 1)[1]]
    return Branding(primary=clinic.colours.primary, alert=clinic.colours.alert, clinic_name=clinic.name,
                    logo=clinic.logo, contact_lines=tuple(contacts), url=clinic.web)


def _footer(content: Content, middle: str = "") -> str:
    """Review metadata printed on every page and slide (then `middle`: the consent form's
    fingerprints), and last, where a long footer breaks, the reviewer's name once the content
    is approved exactly as it is."""
    from kethandout.content.fingerprint import approved

    meta = content.meta
    lang = locale_for(meta.language)
    footer = (lang.t("Version {version}", version=meta.version) + "  ·  "
              + lang.t("Last reviewed {date}", date=lang.date(meta.reviewed_on))) + middle
    if approved(content):
        footer += "  ·  " + lang.t("Approved by {name} on {date}", name=meta.approval.by,
                                   date=lang.date(meta.approval.on))
    return footer


def _fingerprinted_footer(content: Content, templates_dir: Path | None = None) -> str:
    """The footer of the papers that must map to exact wording (the consent form, the
    reviewer's sheet): the content's fingerprint, and the form template's when it is a
    clinic's own."""
    from kethandout.content.fingerprint import fingerprint, template_fingerprint

    lang = locale_for(content.meta.language)
    middle = lang.t("{footer} · Content {fingerprint}", footer="", fingerprint=fingerprint(content))
    own_template = template_fingerprint("consent.md.j2", templates_dir) if templates_dir else None
    if own_template:
        middle += " · " + lang.t("Form {fingerprint}", fingerprint=own_template)
    return _footer(content, middle)


def draft_notice(content: Content) -> str:
    """The band on every page and slide of content nobody approved, or changed since."""
    from kethandout.content.fingerprint import approved

    return "" if approved(content) else locale_for(content.meta.language).t("DRAFT – not approved for patient use")


@dataclass(frozen=True)
class Output:
    path: Path
    data: bytes


def handout_info(content: Content, clinic: Clinic | None = None, style: str = "standard") -> HandoutInfo:
    meta, lang = content.meta, locale_for(content.meta.language)
    brand = branding(clinic, lang)
    return HandoutInfo(title=meta.title, author=clinic.name if clinic else meta.publisher, subject=meta.subject,
                       language=meta.language, footer=_footer(content), branding=brand, draft=draft_notice(content),
                       style=PRINT_STYLES[style], page_label=lang.t("Page {number} of {total}"),
                       qr_caption=lang.t("Scan to read online"),
                       qr_alt=lang.t("QR code: opens {url}", url=brand.url) if brand.url else "",
                       logo_alt=lang.t("Logo: {clinic}", clinic=brand.clinic_name) if brand.clinic_name else "",
                       page_limit=page_limit(page_budget(content, clinic, style)[0]))


def consent_info(content: Content, clinic: Clinic | None = None, style: str = "standard",
                 templates_dir: Path | None = None) -> HandoutInfo:
    """The consent form's furniture: the content's fingerprint in the footer of every page (and
    the form template's, when it is not the built-in one: its wording is on the paper too), and
    the notice that it is a template until the clinic's reviewer has approved it."""
    meta, lang = content.meta, locale_for(content.meta.language)
    footer = _fingerprinted_footer(content, templates_dir)
    notice = "" if clinic and clinic.consent_reviewed else lang.t(
        "This form is a template: your clinic must review it before use.")
    labels = tuple((key, lang.t(word)) for key, word in FIELD_LABELS.items())
    title = lang.t("Consent for {medicine} treatment", medicine=meta.medicine)
    # the handout's furniture otherwise, but never cut short: a consent form has no page budget
    return replace(handout_info(content, clinic, style), title=title, footer=footer, notice=notice,
                   form_labels=labels, page_limit=None)


def consent_arguments(content: Content, paper: str, templates_dir: Path | None = None,
                      clinic: Clinic | None = None, style: str = "standard") -> tuple:
    """What render.pdf.render_handout is given for the consent form."""
    return (compose(content, "consent.md.j2", templates_dir, clinic),
            consent_info(content, clinic, style, templates_dir), paper)


def review_arguments(content: Content, paper: str, templates_dir: Path | None = None,
                     clinic: Clinic | None = None, style: str = "standard") -> tuple:
    """What render.pdf.render_handout is given for the medical reviewer's sheet: every item,
    both wordings, and the fingerprint of exactly the content reviewed in the footer."""
    lang = locale_for(content.meta.language)
    title = lang.t("Reviewer's sheet: {title}", title=content.meta.title)
    info = replace(handout_info(content, clinic, style), title=title, footer=_fingerprinted_footer(content),
                   page_limit=None)
    return compose(content, "review.md.j2", templates_dir, clinic), info, paper


def handout_arguments(content: Content, paper: str, templates_dir: Path | None = None,
                      clinic: Clinic | None = None, style: str = "standard") -> tuple:
    """What render.pdf.render_handout is given."""
    return compose(content, "handout.md.j2", templates_dir, clinic), handout_info(content, clinic, style), paper


def whats_new(changes, language: str) -> tuple:
    """A "What's new in this version" slide after the title (build --changes-since): the items
    added, removed and changed, with the changed words in its notes."""
    from kethandout.content.diff import label, markdown
    from kethandout.compose.markdown import parse

    lang = locale_for(language)
    words = {"added": lang.t("Added"), "removed": lang.t("Removed"), "changed": lang.t("Changed")}
    items = tuple((doc.Span(f"{words[c.kind]}: ", strong=True), doc.Span(label(c))) for c in changes.changes) \
        or ((doc.Span(lang.t("Nothing changed in what the documents say.")),),)
    notes = tuple(b for b in parse(markdown(changes)) if not isinstance(b, doc.Heading))
    title = lang.t("What's new in version {version}", version=changes.new_version)
    return (doc.Heading(2, (doc.Span(title),)), doc.BulletList(items), doc.Div(("notes",), notes))


def deck_arguments(content: Content, templates_dir: Path | None = None, clinic: Clinic | None = None,
                   deck_template: Path | None = None, changes=None) -> tuple:
    """What render.pptx.render_slides is given; changes: a content diff for a "What's new" slide."""
    meta, lang = content.meta, locale_for(content.meta.language)
    info = DeckInfo(title=meta.deck_title, author=clinic.name if clinic else meta.publisher, subject=meta.subject,
                    language=meta.language, footer=_footer(content), draft=draft_notice(content), date=meta.reviewed_on,
                    branding=branding(clinic, lang),
                    continued=lang.t("{title} (continued)"), continued_part=lang.t("{title} ({part} of {count})"),
                    continued_note=lang.t("Continued from the previous slide."))
    template = deck_template or (Path(clinic.deck_template) if clinic and clinic.deck_template else None)
    logo_aspect = None
    if clinic and clinic.logo:
        from PIL import Image

        with Image.open(clinic.logo) as logo:
            logo_aspect = logo.width / logo.height
    blocks = compose(content, "deck.md.j2", templates_dir, clinic)
    if changes is not None:
        first = next((i for i, b in enumerate(blocks) if isinstance(b, doc.Heading) and b.level == 2), len(blocks))
        blocks = blocks[:first] + whats_new(changes, meta.language) + blocks[first:]
    return blocks, info, template, logo_aspect


def build_handout(content: Content, paper: str, templates_dir: Path | None = None,
                  clinic: Clinic | None = None, style: str = "standard") -> bytes:
    from kethandout.render.pdf import render_handout  # renderers load only when used

    return render_handout(*handout_arguments(content, paper, templates_dir, clinic, style))


def build_consent(content: Content, paper: str, templates_dir: Path | None = None,
                  clinic: Clinic | None = None, style: str = "standard") -> bytes:
    from kethandout.render.pdf import render_handout

    return render_handout(*consent_arguments(content, paper, templates_dir, clinic, style))


def build_deck(content: Content, templates_dir: Path | None = None, clinic: Clinic | None = None,
               deck_template: Path | None = None) -> bytes:
    from kethandout.render.pptx import render_slides

    return render_slides(*deck_arguments(content, templates_dir, clinic, deck_template))


def build_page(content: Content, templates_dir: Path | None = None, clinic: Clinic | None = None) -> bytes:
    from kethandout.render.html import PageInfo, render_page

    meta = content.meta
    info = PageInfo(title=meta.title, language=meta.language, footer=_footer(content), draft=draft_notice(content),
                    branding=branding(clinic, locale_for(meta.language)))
    return render_page(compose(content, "handout.md.j2", templates_dir, clinic), info)


def build_change_report(report, out_dir: Path) -> Path:
    """The diff's report for the reviewer as a PDF, OUT/changes-VERSION.pdf (tagged as every
    PDF kethandout writes)."""
    from kethandout.compose.markdown import parse
    from kethandout.content import diff
    from kethandout.render.pdf import render_handout

    info = HandoutInfo(title=f"What changed in version {report.new_version}", author="kethandout",
                       subject=f"Changes from {report.old} to {report.new}", language="en-US",
                       footer=f"{report.old} to {report.new}")  # (the handout font has no arrow)
    slug = re.sub(r"[^A-Za-z0-9.-]+", "-", report.new_version).strip("-")[:40] or "new"
    path = out_dir / f"changes-{slug}.pdf"
    write_outputs([Output(path, render_handout(parse(diff.markdown(report)), info, "letter"))], out_dir)
    return path


def page_count(pdf: bytes) -> int:
    """From the XMP metadata, which is not compressed (the page objects are, in object streams)."""
    stated = re.search(rb"<xmpTPg:NPages[^>]*>(\d+)</xmpTPg:NPages>", pdf)
    return int(stated.group(1)) if stated else len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def page_budget(content: Content, clinic: Clinic | None = None, style: str = "standard") -> tuple[int, str]:
    """The handout's page budget and the setting it comes from: the clinic's max_pages when it
    sets one (its own sections make the handout longer), else the content's; large print has
    a budget of its own."""
    if style == "large-print":
        return content.meta.max_pages_large_print, "meta.max_pages_large_print"
    if clinic and clinic.max_pages:
        return clinic.max_pages, "the clinic's max_pages"
    return content.meta.max_pages, "meta.max_pages"


def page_limit(budget: int) -> int:
    """Where the renderer stops: far enough past the budget to say how far over a handout is,
    near enough that runaway text costs a few pages of layout, not hundreds."""
    return 2 * budget + 4


def page_budget_problem(pdf: bytes, paper: str, content: Content, located: Located | None,
                        clinic: Clinic | None = None, style: str = "standard") -> Diagnostic | None:
    """An error when the handout has more pages than its budget (see page_budget)."""
    pages = page_count(pdf)
    budget, setting = page_budget(content, clinic, style)
    if pages <= budget:
        return None
    counted = f"at least {pages}" if pages >= page_limit(budget) else str(pages)
    variant = "large-print " if style == "large-print" else ""
    whose = f" for {clinic.name}" if setting.startswith("the clinic") else ""
    message = f"the {variant}{paper} handout{whose} has {counted} pages; the budget ({setting}) is {budget}"
    if setting.startswith("the clinic"):
        return Diagnostic("error", "page-budget", message, clinic.source)
    hint = None if style == "large-print" else \
        "shorten the patient text, or set max_pages in the clinic profile if the clinic prints more pages"
    field = setting.removeprefix("meta.")
    if located is None:
        return Diagnostic("error", "page-budget", message, "content", hint=hint)
    return located.diagnostic(("meta", field), "page-budget", message, hint=hint)


def check_page_budget(content: Content, located: Located, paper: str, templates_dir: Path | None,
                      clinic: Clinic | None) -> list[Diagnostic]:
    """Render the handout on this paper size and count its pages (checks.run_checks runs it
    in a child process, while its other checks run)."""
    problem = page_budget_problem(build_handout(content, paper, templates_dir, clinic), paper, content, located, clinic)
    return [problem] if problem else []


@dataclass(frozen=True)
class _Part:
    """One output on its way: the renderer it was sent to, and a check of its bytes."""

    path: Path
    renderer: Forked | Deferred
    call: int  # its position in renderer.results()
    check: Callable[[bytes], Diagnostic | None] = lambda data: None


class PendingBuild:
    """Outputs being rendered; result() gives them (in memory), close() abandons them."""

    def __init__(self, parts: list[_Part]):
        self.parts = parts

    def result(self) -> list[Output]:
        outputs = []
        for part in self.parts:
            data = part.renderer.results()[part.call]
            problem = part.check(data)
            if problem:
                raise InputError([problem])
            outputs.append(Output(part.path, data))
        return sorted(outputs, key=lambda o: ([".pdf", ".pptx", ".html"].index(o.path.suffix), "consent" in o.path.name))

    def close(self) -> None:
        for part in self.parts:
            part.renderer.close()


def start_build(content: Content, out_dir: Path, paper: str | None = None, only: str | None = None,
                templates_dir: Path | None = None, clinic: Clinic | None = None,
                deck_template: Path | None = None, located: Located | None = None, style: str = "standard",
                renderers: dict | None = None, changes=None) -> PendingBuild:
    """Send each requested output to its renderer (render.start_renderers; by default they
    run here, when result() is asked for). paper: None means the clinic's paper size, or
    letter without a clinic. located: where the content came from, for the page-budget message."""
    renderers = renderers or start_renderers(only)
    content = content_for_clinic(content, clinic)
    paper = paper or (clinic.paper if clinic else "letter")
    language = content.meta.language.split("-")[0].lower()
    tag = "" if language == "en" else f"-{language}"  # ketamine-clinician-deck-es.pptx
    name = out_dir / content.meta.slug
    parts = []
    if only in (None, "deck"):  # the slowest output first
        deck = renderers["deck"]
        parts.append(_Part(Path(f"{name}-clinician-deck{tag}.pptx"), deck,
                           deck.send(*deck_arguments(content, templates_dir, clinic, deck_template, changes))))
    if only in (None, "handout"):
        handout = renderers["handout"]
        variant = "" if style == "standard" else f"{style}-"
        call = handout.send(*handout_arguments(content, paper, templates_dir, clinic, style))
        parts.append(_Part(Path(f"{name}-patient-handout-{variant}{paper}{tag}.pdf"), handout, call,
                           lambda pdf: page_budget_problem(pdf, paper, content, located, clinic, style)))
    if only in (None, "consent") and content.consent:
        handout = renderers["handout"]
        variant = "" if style == "standard" else f"{style}-"
        call = handout.send(*consent_arguments(content, paper, templates_dir, clinic, style))
        parts.append(_Part(Path(f"{name}-consent-form-{variant}{paper}{tag}.pdf"), handout, call))
    elif only == "consent":
        raise InputError([located.diagnostic((), "missing-section", "the content has no consent: section, so there is "
                                             "no consent form to build") if located else
                          Diagnostic("error", "missing-section", "the content has no consent: section", "content")])
    if only == "review":  # for the medical reviewer, on request
        reviewer = renderers["handout"]
        call = reviewer.send(*review_arguments(content, paper, templates_dir, clinic, style))
        parts.append(_Part(Path(f"{name}-reviewer-sheet-{paper}{tag}.pdf"), reviewer, call))
    if only in (None, "html"):
        page = Deferred(build_page)
        parts.append(_Part(Path(f"{name}-patient-handout{tag}.html"), page, page.send(content, templates_dir, clinic)))
    return PendingBuild(parts)


def write_outputs(outputs: list[Output], root: Path) -> list[Path]:
    """Write a build's outputs all or none: each to a temporary file beside its target first,
    then all renamed. A failure while writing (a full disk) removes the temporaries and any
    folder made for them, so every earlier file stays as it was. root: the output folder;
    nothing below it is written through a symbolic link. Ctrl-C waits until the writing is
    done (a fraction of a second), so it never leaves a temporary file or half a set."""
    with ctrl_c_deferred():
        return _write_all(outputs, root)




def _write_all(outputs: list[Output], root: Path) -> list[Path]:
    made: list[Path] = []
    temporaries: list[tuple[str, Path]] = []
    try:
        for output in outputs:
            made += _make_folder(output.path.parent, root)
            _refuse_link(output.path)
            temporaries.append((_write_temporary(output.path, output.data), output.path))
    except BaseException:
        for temporary, _ in temporaries:
            os.unlink(temporary)
        for folder in reversed(made):
            folder.rmdir()
        raise
    return _rename_all(temporaries)


def _rename_all(temporaries: list[tuple[str, Path]]) -> list[Path]:
    """Renaming within a folder needs no space, so it fails only when the folder itself does;
    the message then says which files were replaced and which were not."""
    done: list[Path] = []
    for n, (temporary, path) in enumerate(temporaries):
        try:
            os.replace(temporary, path)
        except OSError as exc:
            for left, _ in temporaries[n:]:
                os.unlink(left)
            written = ", ".join(p.name for p in done) or "none"
            raise InputError([Diagnostic("error", "cannot-write", f"cannot write {path}: {exc.strerror}; already "
                                         f"replaced: {written}", str(path))]) from None
        done.append(path)
    return done


def _make_folder(folder: Path, root: Path) -> list[Path]:
    """Make the folder (root, or a clinic's inside it) where it is missing; the folders made,
    outermost first. A link below root is refused: it could lead anywhere."""
    made = []
    # 'out/../x' must not make 'out': the folders are those the system will use.
    folder, root = Path(os.path.normpath(folder)), Path(os.path.normpath(root))
    for part in reversed([folder, *folder.parents]):
        if root in part.parents and part.is_symlink():
            raise _cannot_write(part, _A_LINK)
        if not part.exists():
            try:
                part.mkdir()
            except OSError as exc:
                raise _cannot_write(part, exc.strerror) from None
            made.append(part)
    return made


_A_LINK = "it is a symbolic link, and kethandout does not write through links"


def _refuse_link(path: Path) -> None:
    """Checked before anything is renamed: a target that cannot be replaced by a file."""
    if path.is_symlink():
        raise _cannot_write(path, _A_LINK)
    if path.exists() and not path.is_file():
        raise _cannot_write(path, "something that is not a file (a folder?) is in its place")


def _cannot_write(path: Path, why: str) -> InputError:
    return InputError([Diagnostic("error", "cannot-write", f"cannot write {path}: {why}", str(path))])


def build(content: Content, out_dir: Path, **options) -> list[Path]:
    """Render every requested output in memory first, so a failure writes nothing; options
    as for start_build."""
    return write_outputs(start_build(content, out_dir, **options).result(), out_dir)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temporary(path: Path, data: bytes) -> str:
    """The data in a new temporary file beside path (mkstemp: never an existing file or link)."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc.strerror) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600 files; outputs are for sharing
    except BaseException as exc:
        os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc.strerror) from None
        raise
    return temporary
