"""`kethandout init DIR`: a clinic's own project, ready to edit, review and build."""
from __future__ import annotations

import argparse
import re
import shlex
from importlib import resources
from pathlib import Path

from kethandout.cli.report import EXIT_OK, stdout_may_close
from kethandout.errors import Code, Diagnostic, InputError, printable
from kethandout.files import Output, write_outputs
from kethandout.resources import builtin_templates

README = """# {name}

Patient handouts, consent forms and training decks for this clinic, made with kethandout
from `content.yaml` (the medical content) and `clinics/example.yaml` (the clinic's name,
phones, colours and its own sections).

    kethandout check                                  # what to fix, at its line
    kethandout build --clinic clinics/example.yaml    # the documents, in output/ (English and Spanish)
    kethandout check --lang es                        # the Spanish translation (content.es.yaml)
    kethandout diff git:HEAD content.yaml             # what changed since the last commit
    kethandout approve --by "Name, credentials"       # the medical reviewer's sign-off
    kethandout build --only review                    # the reviewer's sheet (PDF)

The content ships unapproved: every document says DRAFT until your clinic's medical reviewer
has checked it (use the reviewer's sheet) and approved it. Change one word and it says DRAFT
again. `templates/` holds copies of the built-in templates; a build here uses them first.
Editors that read `# yaml-language-server` lines check the fields as you type (schemas/).
"""


def files(name: str) -> dict[str, str]:
    """The project's files: path -> text."""
    from kethandout.content.jsonschema import KINDS, text

    package = resources.files("kethandout")
    content = (package / "defaults" / "content.yaml").read_text(encoding="utf-8")
    clinic = (package / "defaults" / "clinic.yaml").read_text(encoding="utf-8")
    clinic = re.sub(r"(?m)^logo:.*\n", "", clinic)  # the example's logo is not copied
    clinic = re.sub(r"(?m)^id: .*$", "id: example", clinic)
    clinic = clinic.replace("$schema=../../schemas/", "$schema=../schemas/")
    # The Spanish translation too, so `build --lang es` works from the first day (its entries
    # carry the hashes of the English they translate, so a changed sentence is said stale).
    spanish = (package / "defaults" / "content.es.yaml").read_text(encoding="utf-8")
    out = {"content.yaml": _unapproved(content), "content.es.yaml": _unapproved(spanish),
           "clinics/example.yaml": clinic, ".gitignore": "output/\n",
           "README.md": README.format(name=name)}
    for template in sorted(builtin_templates().glob("*.j2")):
        out[f"templates/{template.name}"] = template.read_text(encoding="utf-8")
    out.update({f"schemas/{kind}.schema.json": text(kind) for kind in KINDS})
    return out


def _unapproved(content: str) -> str:
    """A new project's content (and translation: its approval is top-level) is nobody's
    approved content yet."""
    return re.sub(r"(?m)^approval:\n(  .*\n)+", "", re.sub(r"(?m)^  approval:\n(    .*\n)+", "", content))


def init(folder: Path) -> list[Path]:
    """Create the project in `folder` (which may exist, empty or not), refusing to overwrite
    anything: either every file is written or none."""
    planned = {folder / path: text for path, text in files(folder.resolve().name).items()}
    # Every problem is found before anything is made: a folder that is a file or a link, a
    # file that exists.
    folders = {folder} | {parent for path in planned for parent in path.parents if folder in parent.parents}
    blocked = sorted(f for f in folders if f.is_symlink() or (f.exists() and not f.is_dir()))
    taken = [path for path in planned if path.exists() or path.is_symlink()]
    if blocked or taken:
        raise InputError([Diagnostic("error", Code.FILE_EXISTS, "is a file or a link where kethandout init needs a "
                                     "folder", str(f)) for f in blocked] +
                         [Diagnostic("error", Code.FILE_EXISTS, "already exists; kethandout init overwrites nothing",
                                     str(path)) for path in taken])
    try:
        for made in sorted(folders, key=lambda f: len(f.parts)):
            made.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError([Diagnostic("error", Code.CANNOT_WRITE, f"cannot make the folder: {exc.strerror or exc}",
                                     str(exc.filename or folder))])
    write_outputs([Output(path, text.encode("utf-8")) for path, text in planned.items()], folder)
    return list(planned)


def run(args: argparse.Namespace) -> int:
    written = init(args.folder)
    with stdout_may_close():
        print(printable(f"{args.folder}: created {len(written)} file{'s' * (len(written) != 1)}; next: cd {shlex.quote(str(args.folder))} "
                        "&& kethandout check"))
    return EXIT_OK
