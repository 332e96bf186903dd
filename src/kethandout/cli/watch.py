"""`kethandout watch`: build, then build again whenever an input is saved.

It stays in one process, with the libraries loaded, and rebuilds only the outputs made from
the files that changed (a changed deck template rebuilds the deck, a changed translation that
language's documents). A clinic batch, and a build that failed, are rebuilt whole."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from kethandout import reads
from kethandout.cli import build
from kethandout.cli.report import EXIT_OK, report
from kethandout.errors import InputError, printable


class Watcher:
    """What the last build was made from, and how to make again what a change concerns."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.inputs: dict[Path, set[Path]] = {}  # per output: the files it was made from
        self.read: set[Path] = set()  # every file the last good build read (and the checks)
        self.problems: list[str] = []  # the last build's errors, as printed

    def build(self, wanted: set[Path] | None = None) -> None:
        """A build, whole or of the wanted outputs; its problems are reported (and kept in
        self.problems), and the last good outputs kept."""
        from kethandout.cli import rebuild_skip

        try:
            with reads.recording() as read:
                built = build.build_with(self.args, wanted)
        except InputError as exc:
            report(exc.diagnostics)
            print("the last good outputs are kept; waiting for the next change", file=sys.stderr)
            self.inputs = {} if wanted is None else self.inputs
            self.problems = [d.format() for d in exc.diagnostics]
            return
        self.problems = []
        self.inputs = {**(self.inputs if wanted is not None else {}), **built.inputs}
        self.read = {form for p in read for form in _forms(p)} | (self.read if wanted is not None else set())
        if built.code == EXIT_OK:  # a later `build` of the same inputs is then up to date
            outputs = sorted(self.inputs) if self.inputs else built.written
            rebuild_skip.record(self.args.out, rebuild_skip.options_key(self.args), outputs, read)

    def concerned(self, changed: set[Path]) -> set[Path] | None:
        """The outputs a change concerns: None when it concerns no input (an output, an editor's
        backup), an empty set when the whole build is to be made again."""
        if not self.read or not self.inputs:  # the last build failed, or built clinics
            return set() if changed & (self.read | _candidates(self.args)) else None
        if not changed & self.read:
            return None
        wanted = {path for path, made_from in self.inputs.items()
                  if {form for p in made_from for form in _forms(p)} & changed}
        return wanted or set()  # read only by the checks: everything again


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _forms(path: Path) -> set[Path]:
    """A path as given and as it resolves: a file replaced by a link to another is a change of
    the first, though the second is not an input."""
    return {Path(os.path.abspath(path)), _real(path)}


def _candidates(args: argparse.Namespace) -> set[Path]:
    """Files a build would read, before one has succeeded: the content, its translations, the
    profiles and templates."""
    content = args.content
    found = [content, *content.parent.glob(f"{content.stem}.*{content.suffix}"), *args.clinic]
    for folder in (args.clinics, args.templates):
        if folder is not None and folder.is_dir():
            found += [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".j2")]
    if args.deck_template:
        found.append(args.deck_template)
    return {form for p in found for form in _forms(p)}


def run(args: argparse.Namespace, on_build=None) -> int:
    """Build now, then again on every saved change to an input; diagnostics as they come.
    on_build(problems): told after each build, with its errors as printed (none: it
    succeeded); `preview` reloads the browser."""
    from watchfiles import watch

    gc.enable()  # it lives on (see main.run)
    watcher = Watcher(args)
    tell = on_build or (lambda problems: None)
    watcher.build()
    tell(watcher.problems)
    gc.collect()
    gc.freeze()  # what the libraries and the first build made stays: no collection walks it again
    out = _real(args.out)
    watched = watcher.read | _candidates(args)
    folders = sorted({p if p.is_dir() else p.parent for p in watched} - {out})
    print(f"watching {len(watched)} file{'s' * (len(watched) != 1)}; Ctrl-C stops", file=sys.stderr, flush=True)
    # A save is taken as whole once 25 ms pass without another event (watchfiles waits 50 ms by
    # default); an editor's save (write, rename) takes a few.
    for changes in watch(*folders, step=25):
        changed = {form for _, path in changes for form in _forms(Path(path))} - {out}
        wanted = watcher.concerned(changed)
        if wanted is None:
            continue
        shown = sorted(changed & (watcher.read | _candidates(args)))
        print(printable(f"changed: {', '.join(p.name for p in shown)}"), file=sys.stderr, flush=True)
        watcher.build(wanted or None)
        tell(watcher.problems)
        sys.stdout.flush()
    return EXIT_OK
