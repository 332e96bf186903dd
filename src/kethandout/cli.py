"""kethandout: patient handouts, consent forms and training decks from one reviewed content file.

Bad input gets a message at its file and line and an exit code, never a traceback."""
from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from pathlib import Path

from kethandout.errors import Diagnostic, InputError, printable  # the rest is imported when needed: see cache.py

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
LANGUAGE_TAG = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"  # as content.schema.LANGUAGE_PATTERN (not imported: pydantic)


# Option types: a bad value is a usage error (exit 2) before anything is read.
def _language(text: str) -> str:
    import re

    if not re.fullmatch(LANGUAGE_TAG, text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a language tag such as 'es' or 'es-US'")
    return text


def _number(kind: type, low: float, high: float, what: str):
    """An option type: a number of this kind from low to high (nan and inf are neither)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}")
        return value
    return parse


_jobs = _number(int, 1, float("inf"), "a whole number of 1 or more")
_grade = _number(float, 0, 30, "a reading grade from 0 to 30")


def _out_folder(text: str) -> Path:
    """'a/../b' as 'b', as the temporary files beside the outputs are placed (tempfile takes
    the folder lexically); otherwise 'a' would be needed, or made, outside the output folder."""
    return Path(os.path.normpath(text))


def _date(text: str):
    import datetime as dt
    import re

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date written as YYYY-MM-DD")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kethandout")
    except PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse._VersionAction):
    """--version, looked up only when it is asked for (reading the installed package's
    metadata cost every command 40 ms)."""

    def __call__(self, parser, namespace, values, option_string=None):
        self.version = f"kethandout {_version()}"
        super().__call__(parser, namespace, values, option_string)


def _folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a folder")
    return path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kethandout", description=__doc__.splitlines()[0],
        epilog="A review cycle: edit content.yaml, `kethandout check`, `kethandout diff git:HEAD content.yaml`, "
               "`kethandout approve --by \"Name, MD\"`, then `kethandout build`. "
               "`kethandout COMMAND --help` says more about each command.")
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="make the documents: patient handout and consent form (PDF), clinician "
                                              "deck (PPTX) and web page, in output/",
                                description="Make the documents from the content file, after checking it. Examples: "
                                            "kethandout build; kethandout build --lang es --style large-print; "
                                            "kethandout build --clinics clinics/")
    watch = commands.add_parser("watch", help="build, then rebuild whenever the content, a translation, a "
                                              "profile or a template is saved (Ctrl-C stops)")
    for command in (build, watch):
        command.add_argument("content", nargs="?", default="content.yaml", type=Path,
                             help="content file (default: content.yaml)")
        command.add_argument("--out", default=Path("output"), type=_out_folder, help="output folder (default: output/)")
        command.add_argument("--paper", choices=("letter", "a4"), help="paper size (default: the clinic's, else letter)")
        command.add_argument("--only", choices=("handout", "deck", "html", "consent", "review"),
                             help="build one document only; review: the medical reviewer's sheet (only on request)")
        command.add_argument("--style", choices=("standard", "large-print"), default="standard",
                             help="handout style: large print has 18 pt body text and 22 pt headings or more")
        command.add_argument("--templates", type=_folder, help="folder searched for templates before the built-in one")
        command.add_argument("--deck-template", type=Path, help="a PowerPoint template (.pptx) for the deck")
        command.add_argument("--clinic", action="append", type=Path, default=[], metavar="PROFILE",
                             help="a clinic profile (repeat for several); outputs go to OUT/<clinic-id>/")
        command.add_argument("--clinics", type=Path, metavar="DIR", help="build every clinic profile (*.yaml) in DIR")
        command.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, help="parallel builds (default: cores)")
        command.add_argument("--changes-since", metavar="OLD",
                             help="add a \"What's new\" slide to the deck: what changed since OLD (a content file, "
                                  "or git:REV)")
        command.add_argument("--require-approval", action="store_true",
                             help="refuse to build documents from content that is not approved as it is (no DRAFTs)")

    check = commands.add_parser("check", help="check the content before a reviewer sees it: structure, reading "
                                              "level, references, review dates, approval, page budget",
                                description="Check the content file and say what to fix, at its line. Example: "
                                            "kethandout check --lang es")
    check.add_argument("content", nargs="?", default="content.yaml", type=Path)
    check.add_argument("--templates", type=_folder, help="folder searched for templates before the built-in one")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="github: annotations for GitHub Actions (::error file=...,line=...::message)")
    check.add_argument("--grades", action="store_true", help="also list the reading grade of every section and text")
    check.add_argument("--no-pages", action="store_true",
                       help="skip the page budget, the one check that renders the handout (in child processes)")
    stamp = commands.add_parser("stamp-translation", help="record in a translation file that every entry is up to "
                                                          "date with the English (after updating the translations)")
    stamp.add_argument("translation", type=Path, help="e.g. content.es.yaml")
    stamp.add_argument("--content", type=Path, default=Path("content.yaml"))
    diff = commands.add_parser("diff", help="show what changed between two versions of the content, item by item, "
                                            "for the medical reviewer",
                               description="Compare two content files by item: added, removed and changed items, "
                                           "the changed words, refs, numbers and review dates, and the translation "
                                           "entries now out of date. Example: kethandout diff git:HEAD content.yaml")
    diff.add_argument("old", help="the earlier content file, or git:REV for NEW at a git revision (git:HEAD)")
    diff.add_argument("new", nargs="?", default="content.yaml", type=Path, help="default: content.yaml")
    diff.add_argument("--format", choices=("text", "markdown", "json", "pdf"), default="text",
                      help="pdf writes OUT/changes-VERSION.pdf, a report for the reviewer")
    diff.add_argument("--out", default=Path("output"), type=_out_folder, help="folder for --format pdf (default: output/)")
    init = commands.add_parser("init", help="start a clinic's own project in a folder: the default content "
                                            "(unapproved), copies of the templates, an example clinic profile",
                               description="Create a project in DIR (new or empty): content.yaml, templates/, "
                                           "clinics/example.yaml, schemas/, .gitignore and a README with the "
                                           "commands. It overwrites nothing. Example: kethandout init my-clinic")
    init.add_argument("folder", type=_out_folder, metavar="DIR")
    schema = commands.add_parser("schema", help="print the JSON Schema of a content file, a clinic profile or a "
                                                "translation, for editors that check fields as you type",
                                 description="Print the JSON Schema (with each field's description). The repository "
                                             "keeps them in schemas/. Example: kethandout schema clinic")
    schema.add_argument("kind", nargs="?", default="content", choices=("content", "clinic", "translation"))
    approve = commands.add_parser("approve", help="sign off the content as its medical reviewer: records who, when "
                                                  "and the fingerprint of exactly this wording in meta.approval",
                                  description="Record your approval of the content in meta.approval. Documents built "
                                              "from approved content name you in their footer; change one word and "
                                              "they say DRAFT again. Example: kethandout approve --by \"Dana Lee, MD\"")
    approve.add_argument("content", nargs="?", default="content.yaml", type=Path)
    approve.add_argument("--by", required=True, help='your name and credentials, e.g. "Dana Lee, MD"')
    approve.add_argument("--on", type=_date, help="the date of the approval (default: today), e.g. 2026-12-01")
    for command in (build, watch, check):
        command.add_argument("--lang", action="append", default=[], metavar="LANG", type=_language,
                             help="language(s) to build or check, e.g. es (repeat for several; default: en, or "
                                  "the clinic's languages); a translation file CONTENT.LANG.yaml must exist")
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
        command.add_argument("--allow-stale", action="store_true", help="a past review date is a warning, not an error")
        command.add_argument("--max-grade", type=_grade, default=8.0,
                             help="a handout section above this reading grade is an error (default: 8)")
        command.add_argument("--warn-grade", type=_grade, default=6.0,
                             help="a section above this Flesch-Kincaid grade is a warning (default: 6)")
    return parser


def _report(diagnostics: list[Diagnostic], stderr: bool = True) -> None:
    """One line per diagnostic, coloured on a terminal."""
    if not diagnostics:
        return  # rich takes 50 ms to load
    from rich.console import Console
    from rich.markup import escape

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # rich would exit with 1: the findings decide the code
            raise BrokenPipeError

    console = _Console(stderr=stderr, highlight=False, soft_wrap=True)
    colours = {"error": "bold red", "warning": "yellow"}
    for d in diagnostics:
        text = escape(d.format()).replace(f"{d.severity}[", f"[{colours[d.severity]}]{d.severity}[/][", 1)
        console.print(text)


def _summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _versions(args: argparse.Namespace, content, located, languages: list[str]) -> list[tuple]:
    """(language, content, where it came from, the translation's own warnings) per language."""
    versions = []
    for language in languages:
        if language.split("-")[0].lower() == "en":
            versions.append((language, content, located, []))
            continue
        from kethandout.content.translate import load_translation_located, translation_path  # 10 ms: when needed

        translated, warnings, where = load_translation_located(translation_path(args.content, language), content)
        versions.append((language, translated, where, warnings))
    return versions


def _checked(args: argparse.Namespace, content, located, versions: list[tuple], pages: bool,
             design=None) -> list[Diagnostic]:
    """Checks of the English content (always) and of each translation; design: the deck
    template's, which the deck's checks measure on."""
    from kethandout.checks import CheckOptions, run_checks, strict

    deck = (design.geometry, f"the template {design.template.name}") if design is not None else None
    options = CheckOptions(max_grade=args.max_grade, warn_grade=args.warn_grade, allow_stale=args.allow_stale,
                           pages=pages, parallel=True, deck=deck)
    from kethandout.build import check_page_budget

    found = run_checks(content, located, options, templates_dir=args.templates, page_budget=check_page_budget)
    for _, version, where, warnings in versions:
        if version is not content:
            found += warnings + run_checks(version, where, options, templates_dir=args.templates,
                                           page_budget=check_page_budget)
    return strict(found) if args.strict else found


def _check(args: argparse.Namespace, content, located) -> int:
    found = _checked(args, content, located, _versions(args, content, located, args.lang), pages=not args.no_pages)
    grades = _grades(content, located, args.templates) if args.grades else []
    with _stdout_may_close():
        if args.format == "json":
            _print_json(found, grades)
        elif args.format == "github":
            _print_github(found)
        else:
            _report(found, stderr=False)  # the report is the output of `check`
            for g in grades:
                print(f"grade {g.flesch_kincaid:5.1f} (Flesch-Kincaid) {g.smog:5.1f} (SMOG)  {g.name}")
            print(f"{args.content}: {_summary(found)}")
    return EXIT_INPUT if any(d.severity == "error" for d in found) else EXIT_OK


@contextlib.contextmanager
def _stdout_may_close():
    """A reader that stops early (`kethandout check | head`) loses the rest of the text, never
    the exit code: later writes go to the null device."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _grades(content, located, templates_dir):
    from kethandout.compose.context import compose
    from kethandout.checks.readability import item_grades, section_grades

    handout = compose(content, "handout.md.j2", templates_dir)
    return [g.__class__(f"section '{g.name}'", g.text, g.flesch_kincaid, g.smog) for g in section_grades(handout)] \
        + item_grades(located)


def _print_json(found: list[Diagnostic], grades=()) -> None:
    import json
    from dataclasses import asdict

    errors = sum(d.severity == "error" for d in found)
    report = {"diagnostics": [asdict(d) for d in found], "errors": errors, "warnings": len(found) - errors}
    if grades:
        report["grades"] = [{"name": g.name, "flesch_kincaid": g.flesch_kincaid, "smog": g.smog} for g in grades]
    print(json.dumps(report, indent=2))


def _print_github(found: list[Diagnostic]) -> None:
    """GitHub Actions workflow commands: each finding appears on its line in the pull request."""
    def escape(text: str, property_value: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    for d in found:
        where = f"file={escape(d.file, True)}" + (f",line={d.line},col={d.col or 1}" if d.line else "")
        message = f"{d.message}; {d.hint}" if d.hint else d.message
        print(f"::{d.severity} {where},title={escape(d.code, True)}::{escape(message)}")


def _report_before_build(found: list[Diagnostic]) -> None:
    """Warnings in full, except the needs-review list, which `check` prints, and that the
    content is not approved, which every document says."""
    review = [d for d in found if d.code == "needs-review" and d.severity == "warning"]
    drafts = [d for d in found if d.code in ("not-approved", "translation-not-approved") and d.severity == "warning"]
    _report([d for d in found if d not in review and d not in drafts])
    if review:
        print(f"note: {len(review)} items are marked needs_review; `kethandout check` lists them", file=sys.stderr)
    if drafts:
        print("note: the content is not approved: the documents say DRAFT (see `kethandout approve --help`)",
              file=sys.stderr)


def run() -> None:
    """The console command. It leaves with os._exit once its output is flushed: tearing the
    interpreter down (freeing every module that pydantic, lxml and ReportLab loaded) took
    0.2 s, as long as rendering the handout. Every file it writes is closed by then.

    Nor does it collect cyclic garbage: the collector walked every object that the imports
    made, again and again, for little to free (7% of a build's time, peak memory unchanged; the
    forked renderers inherit this). `watch` and clinic batches, which build again and
    again, turn it back on."""
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe, e.g. `kethandout check | head`: the findings decide the code
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run a command; an unexpected failure is a bug and says so in one line (the traceback
    with KETHANDOUT_DEBUG=1), never a wall of Python at a clinic's desk."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # before _main's own handler took over (reading the command line)
        print("kethandout: interrupted (Ctrl-C)", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if _interrupted(exc):
            print("kethandout: interrupted (Ctrl-C)", file=sys.stderr)
            return 130
        if os.environ.get("KETHANDOUT_DEBUG"):
            raise
        print(f"kethandout: internal error: {type(exc).__name__}: {printable(str(exc))}; the build stopped. "
              "Please report it "
              "(set KETHANDOUT_DEBUG=1 for details).", file=sys.stderr)
        return EXIT_INTERNAL


def _interrupted(exc: BaseException) -> bool:
    """Ctrl-C that Python wrapped in another error on its way out (a KeyboardInterrupt raised
    while a class is being created arrives as "RuntimeError: Error calling __set_name__")."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `kethandout` alone: what it can do
        parser.print_help()
        return EXIT_OK
    if getattr(args, "templates", "") is None and Path("templates").is_dir():
        args.templates = Path("templates")  # a project's own templates (kethandout init) come first
    # kethandout uses no pydantic plugins; looking for them read every installed package's
    # metadata, 0.03-0.05 s of every command.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        if args.command == "stamp-translation":
            from kethandout.content.translate import stamp
            from kethandout.content.validate import load_content

            changed = stamp(args.translation, load_content(args.content))
            with _stdout_may_close():
                print(f"{args.translation}: {changed} hashes updated")
            return EXIT_OK
        if args.command == "init":
            from kethandout.init import init

            written = init(args.folder)
            with _stdout_may_close():
                import shlex

                print(printable(f"{args.folder}: created {len(written)} files; next: cd {shlex.quote(str(args.folder))} "
                                "&& kethandout check"))
            return EXIT_OK
        if args.command == "schema":
            from kethandout.content.jsonschema import text

            with _stdout_may_close():
                sys.stdout.write(text(args.kind))
            return EXIT_OK
        if args.command == "diff":
            return _diff(args)
        if args.command == "approve":
            import datetime as dt

            from kethandout.content.approve import approve

            on = args.on or dt.date.today()
            code = approve(args.content, args.by.strip(), on)
            with _stdout_may_close():
                print(printable(f"{args.content}: approved by {args.by.strip()} on {on.isoformat()} (fingerprint {code})"))
            return EXIT_OK
        if args.command == "build":
            return _build(args)
        if args.command == "watch":
            return _watch(args)
        from kethandout.content.validate import load_content_located

        content, located = load_content_located(args.content)
        return _check(args, content, located)
    except KeyboardInterrupt:
        print("kethandout: interrupted (Ctrl-C); no output was left half-written", file=sys.stderr)
        return 130
    except RuntimeError as exc:
        if not _interrupted(exc):
            raise
        print("kethandout: interrupted (Ctrl-C); no output was left half-written", file=sys.stderr)
        return 130
    except InputError as exc:
        if args.command == "check" and args.format in ("json", "github"):
            with _stdout_may_close():
                (_print_json if args.format == "json" else _print_github)(exc.diagnostics)
        _report(exc.diagnostics)
        count = len(exc.diagnostics)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return EXIT_INPUT


def _build(args: argparse.Namespace) -> int:
    """Check, then build; an unchanged rebuild is skipped (see cache.py)."""
    from kethandout import cache

    key = cache.input_key(args, cache.build_inputs(args))
    unchanged = cache.up_to_date(args.out, key)
    if unchanged is not None:
        print(f"up to date: {len(unchanged)} files in {args.out} already match their inputs")
        return EXIT_OK
    renderers = {}
    if not (args.clinic or args.clinics):  # (a batch builds each clinic in a process of its own)
        from kethandout.render import start_renderers

        # Started now, the renderers import ReportLab and python-pptx while this process loads
        # the content; they render while it runs the checks.
        renderers = start_renderers(args.only, parallel=True)
    try:
        code, written = _build_with(args, renderers)
    finally:
        for renderer in renderers.values():
            renderer.close()
    if code == EXIT_OK:
        cache.record(args.out, key, written)
    return code


def _diff(args: argparse.Namespace) -> int:
    from kethandout.content import diff
    from kethandout.content.validate import load_content

    old, old_name = diff.load_side(args.old, args.new)
    report = diff.compare(old, load_content(args.new), old_name, str(args.new), args.new)
    if args.format == "pdf":
        from kethandout.build import build_change_report

        path = build_change_report(report, args.out)
        print(f"wrote {path}")
        return EXIT_OK
    with _stdout_may_close():
        if args.format == "json":
            import json

            print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str))
        elif args.format == "markdown":
            print(diff.markdown(report))
        else:
            from rich.console import Console

            console = Console(highlight=False, soft_wrap=True)
            for line in diff.terminal(report):
                console.print(line)
    return EXIT_OK


def _refuse_drafts(content, versions: list[tuple]) -> None:
    """--require-approval: unapproved content, or content changed since, is an error."""
    from kethandout.checks.review import approval

    problems = [d for _, version, where, _ in versions
                for d in approval(version, where, version is content, severity="error")]
    if problems:
        raise InputError(problems)


def _build_with(args: argparse.Namespace, renderers: dict) -> tuple[int, list[Path]]:
    """Load, send each document to its renderer, check, then write every output or none."""
    from kethandout.content.validate import load_content_located

    content, located = load_content_located(args.content)
    profiles = _load_profiles(args) if args.clinic or args.clinics else None
    languages = args.lang or _clinic_languages(profiles) or ["en"]
    if args.deck_template and not args.deck_template.is_file():
        raise InputError([Diagnostic("error", "file-not-found", "deck template not found", str(args.deck_template))])
    versions = _versions(args, content, located, languages)
    _one_output_each([(language, version.meta.language) for language, version, _, _ in versions])
    if args.require_approval:
        _refuse_drafts(content, versions)
    changes = None
    if args.changes_since:
        from kethandout.content import diff

        old, old_name = diff.load_side(args.changes_since, args.content)
        changes = diff.compare(old, content, old_name, str(args.content))
    pending = []
    if profiles is None:
        from kethandout.build import start_build

        pending = [start_build(version, args.out, paper=args.paper, only=args.only, templates_dir=args.templates,
                               deck_template=args.deck_template, located=located if version is content else None,
                               style=args.style, renderers=renderers, changes=changes if version is content else None)
                   for _, version, _, _ in versions]
    design = None
    if args.deck_template and args.only in (None, "deck"):
        from kethandout.render.pptx import design_warnings, open_design

        design = open_design(args.deck_template)
    found = _checked(args, content, located, versions, pages=False, design=design)  # the build checks the page budget
    errors = [d for d in found if d.severity == "error"]
    if errors:
        raise InputError(errors)
    if design is not None:  # what the deck does differently, said once
        found += design_warnings(args.deck_template, design)
    _report_before_build(found)
    if profiles:
        return _build_clinics(args, {language: version for language, version, _, _ in versions}, located, profiles)
    from kethandout.build import write_outputs

    written = write_outputs([output for build in pending for output in build.result()], args.out)  # all or nothing
    with _stdout_may_close():
        for path in written:
            print(f"wrote {path}")
    return EXIT_OK, written


def _one_output_each(languages: list[tuple[str, str]]) -> None:
    """Two languages that would write the same files ('es' and 'es-MX' both make ...-es.pdf,
    and so would a translation whose own tag is 'en') are an error before anything is
    rendered. languages: (as asked for, the tag of the content in that language)."""
    seen: dict[str, str] = {}
    for asked, tag in languages:
        primary = tag.split("-")[0].lower()
        if primary in seen:
            raise InputError([Diagnostic("error", "same-output", f"--lang {seen[primary]} and --lang {asked} "
                                         f"would write the same files (both are '{primary}')", "command line",
                                         hint="give each language once, and each translation its own language")])
        seen[primary] = asked


def _watch(args: argparse.Namespace) -> int:
    """Build now, then again on every saved change to an input; diagnostics as they come."""
    from watchfiles import watch

    from kethandout import cache

    gc.enable()  # it lives on (see run)

    def build_once() -> None:
        try:
            _build(args)
        except InputError as exc:
            _report(exc.diagnostics)
            print("the last good outputs are kept; waiting for the next change", file=sys.stderr)

    build_once()
    inputs = {p.resolve() for p in cache.build_inputs(args)}
    folders = sorted({p.parent for p in inputs} | ({args.templates.resolve()} if args.templates else set()))
    print(f"watching {len(inputs)} files; Ctrl-C stops", file=sys.stderr, flush=True)
    for changes in watch(*folders):
        current = {p.resolve() for p in cache.build_inputs(args)}  # a new translation file counts too
        changed = sorted({Path(path).resolve() for _, path in changes} & current)
        if changed:  # output files and editor backups are not inputs
            print(f"changed: {', '.join(p.name for p in changed)}", file=sys.stderr, flush=True)
            build_once()
            sys.stdout.flush()
    return EXIT_OK


def _load_profiles(args: argparse.Namespace):
    """(valid clinics, failed results) for --clinic and --clinics; each profile is read once."""
    from kethandout.batch import load_clinics, profiles_in

    paths = list(args.clinic)
    if args.clinics:
        if not args.clinics.is_dir():
            raise InputError([Diagnostic("error", "file-not-found", "no such folder", str(args.clinics))])
        paths += profiles_in(args.clinics)
    return load_clinics(paths)


def _clinic_languages(profiles) -> list[str]:
    """The languages the valid clinic profiles ask for, in order, once each."""
    languages: list[str] = []
    for _, clinic in (profiles[0] if profiles else []):
        languages += [lang for lang in clinic.languages if lang not in languages]
    return languages


def _build_clinics(args: argparse.Namespace, versions: dict, located, profiles) -> tuple[int, list[Path]]:
    """Every clinic in parallel, a progress bar, then a summary table; exit 1 if any failed."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from kethandout.batch import BuildOptions, build_clinics

    gc.enable()  # each of the processes it starts builds many clinics (see run)
    clinics, failed = profiles
    for result in failed:
        _report(result.problems)
    options = BuildOptions(args.paper, args.only, args.templates, args.deck_template, args.style, tuple(args.lang))
    with Progress(console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Building clinics", total=len(clinics))

        def done(result) -> None:
            _report(result.problems)
            progress.advance(task)

        results = failed + build_clinics(versions, clinics, args.out, options, jobs=max(1, args.jobs), on_done=done,
                                         located=located)
    table = Table(title="kethandout build")
    for column in ("clinic", "profile", "result", "files"):
        table.add_column(column)
    for result in results:
        status = "[green]built[/green]" if result.ok else f"[red]failed ({len(result.problems)} problems)[/red]"
        files = "\n".join(p.name for p in result.paths) or "-"
        table.add_row(result.clinic_id or "?", result.profile.name, status, files)
    Console().print(table)
    return (EXIT_OK if all(r.ok for r in results) else EXIT_INPUT), [p for r in results for p in r.paths]
