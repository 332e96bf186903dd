"""Skip a build whose inputs have not changed since the last one.

Only the standard library is imported here: the check runs before anything heavy is loaded,
so an unchanged rebuild costs little more than starting Python."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

MANIFEST = ".kethandout-build.json"
PACKAGE = Path(__file__).resolve().parent.parent


def _hash_files(digest, paths) -> None:
    for path in sorted(set(paths)):
        digest.update(str(path).encode())
        try:
            # Only regular files: a FIFO would block, /dev/zero never end (the loader then
            # reports them as not regular files).
            digest.update(path.read_bytes() if path.is_file() else b"<not a file>")
        except OSError:
            digest.update(b"<missing>")


def _files_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts] if folder.is_dir() else []


def input_key(args, inputs: list[Path]) -> str:
    """A hash of everything a build depends on: kethandout itself, every input file, the
    options, the date (review dates are checked against it) and SOURCE_DATE_EPOCH."""
    digest = hashlib.sha256()
    from kethandout.resources import builtin_templates

    code = _files_in(PACKAGE) + _files_in(builtin_templates())  # (the templates live outside the package's folder)
    _hash_files(digest, [p for p in code if p.suffix in (".py", ".j2", ".yaml")])
    _hash_files(digest, inputs)
    options = {k: str(v) for k, v in sorted(vars(args).items())}
    digest.update(json.dumps(options, sort_keys=True).encode())
    digest.update(dt.date.today().isoformat().encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return digest.hexdigest()


def build_inputs(args) -> list[Path]:
    """The files a `build` command reads: content, translations, clinic folders, templates;
    never the build's own outputs (an output folder inside a clinic's folder would make
    every build look changed, and `watch` rebuild for ever) nor a git folder."""
    inputs = [args.content, *args.content.parent.glob(f"{args.content.stem}.*{args.content.suffix}")]
    profiles = list(args.clinic) + (sorted(args.clinics.glob("*.y*ml")) if args.clinics and args.clinics.is_dir() else [])
    for profile in args.clinic:
        inputs += _files_in(profile.parent)
    if args.clinics:
        inputs += _files_in(args.clinics)
    inputs += [file for profile in profiles for file in _files_named_in(profile)]
    if args.templates:
        inputs += _files_in(args.templates)
    if args.deck_template:
        inputs.append(args.deck_template)
    out = Path(args.out).resolve()
    return [Path(p) for p in inputs if out not in Path(p).resolve().parents and ".git" not in Path(p).parts]


_FILE_FIELD = re.compile(r"^(?:logo|deck_template):[ \t]*(['\"]?)([^'\"#\n]+?)\1[ \t]*(?:#.*)?$", re.MULTILINE)


def _files_named_in(profile: Path) -> list[Path]:
    """The logo and deck template a profile names, wherever they are (a logo outside the
    profile's folder changes the documents too). Read with a pattern, not a YAML parser:
    this runs before anything heavy is imported; a value it misses is still in the folder."""
    try:
        text = profile.read_text(encoding="utf-8") if profile.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return []
    return [profile.parent / match.group(2).strip() for match in _FILE_FIELD.finditer(text)]


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def up_to_date(out_dir: Path, key: str) -> list[str] | None:
    """The outputs of the last build when its inputs were the same and its outputs are intact."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("key") != key:
        return None
    outputs = manifest.get("outputs", {})
    if not outputs or any(_sha(out_dir / name) != sha for name, sha in outputs.items()):
        return None
    return sorted(outputs)


def record(out_dir: Path, key: str, paths: list[Path]) -> None:
    """Write the manifest as the outputs are written (files.write_outputs: a temporary file,
    then renamed, never through a link). Only after a build, so the build module is loaded."""
    from kethandout.errors import InputError
    from kethandout.files import Output, write_outputs

    outputs = {str(Path(p).resolve().relative_to(out_dir.resolve())): _sha(Path(p)) for p in paths}
    data = json.dumps({"key": key, "outputs": outputs}, indent=1).encode("utf-8")
    try:
        write_outputs([Output(out_dir / MANIFEST, data)], out_dir)
    except InputError:  # the cache is an optimisation: a build never fails for it
        pass
