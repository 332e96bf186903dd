"""The command line: every command's options, each value checked as it is parsed (a bad
value is a usage error, exit 2, before anything is read)."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

DESCRIPTION = "kethandout: patient handouts, consent forms and training decks from one reviewed content file."
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
    the folder lexically); otherwise 'a' would be needed, or made, outside the output folder.
    An empty name is refused: it would be the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name; give a folder, e.g. output")
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



class _Parser(argparse.ArgumentParser):
    """argparse, saying which command or choice a misspelt one was probably meant to be."""

    def error(self, message: str):
        import difflib
        import re

        found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if found:
            choices = re.findall(r"'([^']*)'", found.group(2))
            close = difflib.get_close_matches(found.group(1), choices, n=1)
            if close:
                message = f"{message}; did you mean '{close[0]}'?"
        super().error(message)


def parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kethandout", description=DESCRIPTION,
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
    preview = commands.add_parser("preview", help="watch, and show the documents in your browser: it reloads after "
                                                  "every save and shows a failed build's errors (Ctrl-C stops)",
                                  description="Build, serve the output folder at http://127.0.0.1:8000/ (this "
                                              "computer only), and rebuild on every save. Example: kethandout preview")
    preview.add_argument("--port", type=_number(int, 0, 65535, "a port number"), default=8000,
                         help="the local port (default: 8000; 0: any free one)")
    for command in (build, watch, preview):
        command.add_argument("content", nargs="?", default="content.yaml", type=Path,
                             help="content file (default: content.yaml)")
        command.add_argument("--out", default=Path("output"), type=_out_folder, help="output folder (default: output/)")
        command.add_argument("--paper", choices=("letter", "a4"), help="paper size (default: the clinic's, else letter)")
        command.add_argument("--only", choices=("handout", "glance", "card", "deck", "html", "consent", "review"),
                             help="build one kind of document only (each product's): glance, the at-a-glance sheet; "
                                  "card, the visit-day card; review: the medical reviewer's sheet (only on request)")
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
    check.add_argument("--clinic", action="append", type=Path, default=[], metavar="PROFILE",
                       help="also check a clinic profile, and the content as that clinic's documents carry it")
    check.add_argument("--no-pages", action="store_true",
                       help="skip the page budget, the one check that renders the handout")
    stamp = commands.add_parser("stamp-translation", help="record in a translation file that the entries you "
                                                          "re-translated are up to date with the English")
    stamp.add_argument("translation", type=Path, help="e.g. content.es.yaml")
    stamp.add_argument("--content", type=Path, default=Path("content.yaml"))
    which = stamp.add_mutually_exclusive_group(required=True)
    which.add_argument("--entry", action="append", metavar="ID", help="an entry you brought up to date (repeat it "
                                                                      "for more); check --lang names the stale ones")
    which.add_argument("--all", action="store_true", help="every entry: only after re-reading the whole translation")
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
    approve.add_argument("content", nargs="?", default="content.yaml", type=Path,
                         help="the content file, or a translation beside it (content.es.yaml) once the content is approved")
    approve.add_argument("--by", required=True, help='your name and credentials, e.g. "Dana Lee, MD"')
    approve.add_argument("--on", type=_date, help="the date of the approval (default: today), e.g. 2026-12-01")
    approve.add_argument("--allow-open-flags", action="store_true",
                         help="approve although items are still marked needs_review: the approval records how "
                              "many, and every footer says so")
    for command in (build, watch, preview, check):
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
