"""Skip a build whose inputs have not changed since the last one: the same options and
kethandout, and every file the last build read (reads.py) as it was then.

Only the standard library is imported here: the check runs before anything heavy is loaded,
so an unchanged rebuild costs little more than starting Python."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from kethandout.reads import fingerprint, read_regular

MANIFEST = ".kethandout-build.json"
PACKAGE = Path(__file__).resolve().parent.parent


def _code_files() -> list[Path]:
    from kethandout.resources import builtin_templates

    found = []
    for folder in (PACKAGE, builtin_templates()):  # (the templates live outside the package's folder)
        found += [p for p in folder.rglob("*") if p.suffix in (".py", ".j2", ".yaml") and "__pycache__" not in p.parts]
    return sorted(found)


def options_key(args) -> str:
    """A hash of what a build depends on besides its input files: kethandout itself, the
    options, the date (review dates are checked against it) and SOURCE_DATE_EPOCH."""
    digest = hashlib.sha256()
    for path in _code_files():
        digest.update(str(path).encode() + fingerprint(path).encode())
    # (`watch` and `build` of the same options make the same outputs)
    options = {k: str(v) for k, v in sorted(vars(args).items()) if k != "command"}
    digest.update(json.dumps(options, sort_keys=True).encode())
    since = getattr(args, "changes_since", None) or ""
    if since.startswith("git:"):  # the commit it names now: a new commit moves HEAD
        from kethandout.content.revisions import commit_of

        digest.update(commit_of(since, args.content).encode())
    digest.update(dt.date.today().isoformat().encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return digest.hexdigest()


def up_to_date(out_dir: Path, key: str) -> list[str] | None:
    """The outputs of the last build when its options were the same, every file it read is
    as it was, and its outputs are intact."""
    manifest = _read_manifest(out_dir / MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("key") != key:
        return None
    inputs, outputs = manifest.get("inputs"), manifest.get("outputs")
    if not isinstance(inputs, dict) or not inputs or not isinstance(outputs, dict) or not outputs:
        return None
    if len(inputs) > MAX_INPUTS:
        return None
    seen_now: dict[str, str] = {}  # one file under several spellings is read once

    def now(path: str) -> str:
        real = os.path.realpath(path)
        if real not in seen_now:
            seen_now[real] = fingerprint(Path(path))
        return seen_now[real]

    if any(now(path) != seen for path, seen in inputs.items()):
        return None
    if any(fingerprint(out_dir / name) != seen for name, seen in outputs.items()):
        return None
    return sorted(outputs)


MAX_MANIFEST_BYTES = 16_000_000  # a build of 50 clinics writes about 100 kB
MAX_INPUTS = 10_000  # a build reads a few dozen files


def _read_manifest(path: Path):
    """The last build's manifest, or None: anything but a regular file of a sane size holding
    JSON (a FIFO would block, a huge file fill the memory, deep nesting overflow the parser)."""
    try:
        return json.loads(read_regular(path, MAX_MANIFEST_BYTES, refuse_larger=True).decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # (NotRegularFile and TooLarge are OSErrors)
        return None


def record(out_dir: Path, key: str, written: list[Path], inputs: dict[Path, str]) -> None:
    """Write the manifest as the outputs are written (files.write_outputs: a temporary file,
    then renamed, never through a link). inputs: what the build read, as it was when read
    (the build's own outputs aside)."""
    from kethandout.errors import InputError
    from kethandout.files import Output, write_outputs

    out = out_dir.resolve()
    read = {str(path): seen for path, seen in sorted(inputs.items()) if out not in path.parents}
    outputs = {str(Path(p).resolve().relative_to(out)): fingerprint(Path(p)) for p in written}
    data = json.dumps({"key": key, "inputs": read, "outputs": outputs}, indent=1).encode("utf-8")
    try:
        write_outputs([Output(out_dir / MANIFEST, data)], out_dir)
    except InputError:  # the skip is an optimisation: a build never fails for it
        pass
