"""Everything a build does before it renders, as the library's: the content and its
translations loaded, the clinics' profiles read, every check run, and a BuildTarget for each
language. A problem of any of them stops the build here, before anything is rendered."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kethandout import reads
from kethandout.build.jobs import BuildTarget, resolve
from kethandout.checks import CheckOptions
from kethandout.content.load import Located
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic, InputError


@dataclass(frozen=True)
class Request:
    """What a build is asked for (the command line's options, as data)."""

    content: Path
    out: Path
    languages: tuple[str, ...] = ()  # empty: English, or the clinics' languages
    paper: str | None = None
    only: str | None = None
    style: str = "standard"
    templates: Path | None = None
    deck_template: Path | None = None
    clinic: tuple[Path, ...] = ()
    clinics: Path | None = None
    require_approval: bool = False
    changes_since: str | None = None  # a content file, or git:REV
    checks: CheckOptions = CheckOptions()
    strict: bool = False


@dataclass(frozen=True)
class Version:
    """The content in one language, where it came from, and the files it was read from."""

    language: str  # as asked for
    content: Content
    located: Located
    warnings: list[Diagnostic] = field(default_factory=list)  # the translation file's own
    sources: frozenset[Path] = frozenset()


@dataclass
class Prepared:
    content: Content  # the English
    located: Located
    versions: list[Version]
    targets: list[BuildTarget]  # one per version; none for a clinic batch
    profiles: tuple | None  # (valid clinics, failed results) of a clinic batch
    warnings: list[Diagnostic]  # what the checks found short of an error, and the deck design's


def load_versions(content_path: Path, content: Content, located: Located, languages: list[str],
                  english_sources: frozenset[Path] = frozenset()) -> list[Version]:
    """The content in each language asked for (a translation file CONTENT.LANG.yaml each)."""
    found = []
    for language in languages:
        if language.split("-")[0].lower() == "en":
            found.append(Version(language, content, located, [], english_sources))
            continue
        from kethandout.content.translation import (  # 10 ms: when needed
            load_translation_located,
            translation_path,
        )

        path = translation_path(content_path, language)
        translated, warnings, where = load_translation_located(path, content)
        found.append(Version(language, translated, where, warnings,
                             english_sources | {Path(os.path.abspath(path))}))
    return found


def check_versions(content: Content, located: Located, versions: list[Version], options: CheckOptions,
                   templates: Path | None = None, pages: bool = False, strict: bool = False) -> list[Diagnostic]:
    """Checks of the English content (always) and of each translation; pages: render each
    handout on both paper sizes for the page budget (`check`; a build counts the pages of
    what it renders)."""
    from kethandout.build.pipeline import check_page_budget
    from kethandout.checks import in_order, run_checks
    from kethandout.checks import strict as as_errors

    found = []
    others = [v for v in versions if v.content is not content]
    for version, where, warnings in [(content, located, []), *((v.content, v.located, v.warnings) for v in others)]:
        budgets = [d for paper in ("letter", "a4")
                   for d in check_page_budget(version, where, paper, templates, None)] if pages else []
        found += warnings + in_order(run_checks(version, where, options, templates_dir=templates) + budgets)
    return as_errors(found) if strict else found


def prepare(request: Request) -> Prepared:
    """Load and check everything the build needs; InputError with every error found."""
    from kethandout.content.validate import load_content_located

    with reads.recording() as english:
        content, located = load_content_located(request.content)
    profiles = _load_profiles(request) if request.clinic or request.clinics else None
    languages = list(request.languages) or _clinic_languages(profiles) or ["en"]
    if request.deck_template and not request.deck_template.is_file():
        raise InputError([Diagnostic("error", Code.FILE_NOT_FOUND, "deck template not found",
                                     str(request.deck_template))])
    versions = load_versions(request.content, content, located, languages, frozenset(english))
    _one_output_each([(v.language, v.content.meta.language) for v in versions])
    if request.require_approval:
        _refuse_drafts(content, versions)
    changes = None
    if request.changes_since:
        from kethandout.content import diff
        from kethandout.content.revisions import load_side

        old, old_name = load_side(request.changes_since, request.content)
        changes = diff.compare(old, content, old_name, str(request.content))
    targets = [resolve(v.content, request.out, paper=request.paper, only=request.only, templates_dir=request.templates,
                       deck_template=request.deck_template, located=located if v.content is content else None,
                       style=request.style, changes=changes if v.content is content else None)
               for v in versions] if profiles is None else []
    design = None
    if request.deck_template and request.only in (None, "deck"):
        from kethandout.deck.design import design_warnings, open_design

        design = open_design(request.deck_template)
    options = request.checks
    if design is not None:  # the deck's checks measure on the template's design
        from dataclasses import replace

        options = replace(options, deck=(design.geometry, f"the template {design.template.name}"))
    found = check_versions(content, located, versions, options, request.templates, strict=request.strict)
    errors = [d for d in found if d.severity == "error"]
    if errors:
        raise InputError(errors)
    if design is not None:  # what the deck does differently, said once
        found += design_warnings(request.deck_template, design) + _deck_length(content, request, design)
    return Prepared(content, located, versions, targets, profiles, found)


def _deck_length(content: Content, request, design) -> list[Diagnostic]:
    """A warning when the deck takes more than 1.5 times the built-in design's slides on the
    template (a small slide, a theme font measured as Arial): the trainer hears it before
    presenting."""
    from kethandout.compose import furniture
    from kethandout.compose.context import compose
    from kethandout.deck.design import open_design
    from kethandout.deck.layout import lay_out

    blocks = compose(content, "deck.md.j2", request.templates, None, True)
    info = furniture.deck_info(content, None)
    ours, theirs = (len(lay_out(blocks, d, info).slides) for d in (open_design(None), design))
    if theirs <= 1.5 * ours:
        return []
    g = design.geometry
    measured = "" if design.font is None else f"; its theme font is not installed here and is measured as {design.font}"
    return [Diagnostic("warning", Code.LONG_DECK, f"the deck takes {theirs} slides on this template, "
                       f"{theirs / ours:.1f} times the {ours} of the built-in design: its body holds less "
                       f"({g.body.width / 72:.1f} x {g.body.height / 72:.1f} in on a {g.slide_width / 72:.1f} x "
                       f"{g.slide_height / 72:.1f} in slide{measured})", str(request.deck_template),
                       hint="a layout with a larger body box, or the built-in design, makes a shorter deck")]


def _refuse_drafts(content: Content, versions: list[Version]) -> None:
    """--require-approval: unapproved content, or content changed since, is an error."""
    from kethandout.checks.review import approval

    problems = [d for v in versions for d in approval(v.content, v.located, v.content is content, severity="error")]
    if problems:
        raise InputError(problems)


def _one_output_each(languages: list[tuple[str, str]]) -> None:
    """Two languages that would write the same files ('es' and 'es-MX' both make ...-es.pdf,
    and so would a translation whose own tag is 'en') are an error before anything is
    rendered. languages: (as asked for, the tag of the content in that language)."""
    seen: dict[str, str] = {}
    for asked, tag in languages:
        primary = tag.split("-")[0].lower()
        if primary in seen:
            raise InputError([Diagnostic("error", Code.SAME_OUTPUT, f"--lang {seen[primary]} and --lang {asked} "
                                         f"would write the same files (both are '{primary}')", "command line",
                                         hint="give each language once, and each translation its own language")])
        seen[primary] = asked


def _load_profiles(request: Request):
    """(valid clinics, failed results) for --clinic and --clinics; each profile is read once."""
    from kethandout.build.clinics import load_clinics, profiles_in

    paths = list(request.clinic)
    if request.clinics:
        if not request.clinics.is_dir():
            raise InputError([Diagnostic("error", Code.FILE_NOT_FOUND, "no such folder", str(request.clinics))])
        reads.note(request.clinics)  # its listing: a profile added there is built too
        paths += profiles_in(request.clinics)
    return load_clinics(paths)


def _clinic_languages(profiles) -> list[str]:
    """The languages the valid clinic profiles ask for, in order, once each."""
    languages: list[str] = []
    for _, clinic in (profiles[0] if profiles else []):
        languages += [lang for lang in clinic.languages if lang not in languages]
    return languages


def render_all(prepared: Prepared, wanted: set[Path] | None = None) -> tuple[list, dict[Path, set[Path]]]:
    """The outputs of every target (or the wanted ones), in memory, and the files each was
    made from (its version's sources and what its rendering read)."""
    from kethandout.build.pipeline import render_target

    outputs, inputs = [], {}
    for version, target in zip(prepared.versions, prepared.targets):
        made_from: dict[Path, set[Path]] = {}
        outputs += render_target(target, wanted, made_from)
        inputs.update({path: read | version.sources for path, read in made_from.items()})
    return outputs, inputs
