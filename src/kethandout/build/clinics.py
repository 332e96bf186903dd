"""Many clinics in one run: each clinic's documents in output/<clinic-id>/, built in parallel.

A bad profile is reported and skipped; it never stops or corrupts the other clinics."""
from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from kethandout import reads
from kethandout.build.jobs import resolve
from kethandout.build.pipeline import render_target
from kethandout.content.clinic import Clinic, load_clinic
from kethandout.content.load import Located
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic, InputError
from kethandout.files import write_outputs


@dataclass
class ClinicResult:
    profile: Path
    clinic_id: str | None = None
    paths: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    read: dict[Path, str] = field(default_factory=dict)  # the files its build read, as reads.py records them

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class BuildOptions:
    paper: str | None = None
    only: str | None = None
    templates_dir: Path | None = None
    deck_template: Path | None = None
    style: str = "standard"
    languages: tuple[str, ...] = ()  # empty: each clinic's own languages


def profiles_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_clinics(paths: Iterable[Path]) -> tuple[list[tuple[Path, Clinic]], list[ClinicResult]]:
    """Valid profiles, and a failed result for each bad one (two profiles may not share an id)."""
    loaded: list[tuple[Path, Clinic]] = []
    failed: list[ClinicResult] = []
    owners: dict[str, Path] = {}
    for path in paths:
        try:
            clinic = load_clinic(path)
        except InputError as exc:
            failed.append(ClinicResult(path, problems=exc.diagnostics))
            continue
        if clinic.id in owners:
            failed.append(ClinicResult(path, clinic.id, problems=[clinic.diagnostic(
                ("id",), Code.DUPLICATE_CLINIC_ID, f"clinic id '{clinic.id}' is already used by {owners[clinic.id]}; "
                "both would write to the same folder")]))
            continue
        owners[clinic.id] = path
        loaded.append((path, clinic))
    return loaded, failed


def _build_one(versions: dict[str, Content], path: Path, clinic: Clinic, out_root: Path, options: BuildOptions,
               located: Located | None) -> ClinicResult:
    """All of one clinic's documents, in each of its languages: every one is rendered before
    any is written, so a language that fails leaves the clinic's earlier files as they were."""
    with reads.recording() as read:
        result = _build_clinic(versions, path, clinic, out_root, options, located)
    result.read = read
    return result


def _build_clinic(versions: dict[str, Content], path: Path, clinic: Clinic, out_root: Path, options: BuildOptions,
                  located: Located | None) -> ClinicResult:
    try:
        outputs = []
        for language in options.languages or clinic.languages:
            if language not in versions:
                raise InputError([Diagnostic("error", Code.MISSING_TRANSLATION, f"the clinic asks for language "
                                             f"'{language}', but no translation was loaded", str(path),
                                             hint=f"build with --lang {language}")])
            outputs += render_target(resolve(
                versions[language], out_root / clinic.id, paper=options.paper, only=options.only,
                templates_dir=options.templates_dir, clinic=clinic, deck_template=options.deck_template,
                style=options.style, located=located if versions[language].meta.language.startswith("en") else None))
        return ClinicResult(path, clinic.id, write_outputs(outputs, out_root))
    except InputError as exc:
        return ClinicResult(path, clinic.id, [], problems=exc.diagnostics)


def build_clinics(versions: dict[str, Content], clinics: list[tuple[Path, Clinic]], out_root: Path, options: BuildOptions,
                  jobs: int = 1, on_done: Callable[[ClinicResult], None] = lambda result: None,
                  located: Located | None = None) -> list[ClinicResult]:
    """Build every clinic; with jobs > 1 in that many processes. Results keep the input order."""
    results: dict[Path, ClinicResult] = {}
    if jobs <= 1 or len(clinics) <= 1:
        for path, clinic in clinics:
            results[path] = _build_one(versions, path, clinic, out_root, options, located)
            on_done(results[path])
    else:
        # Fresh interpreters rather than forks: the progress bar runs a thread while the pool
        # starts, and a fork copies the locks that thread holds.
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_leave_ctrl_c_to_the_parent)
        try:
            futures = [pool.submit(_build_one, versions, path, clinic, out_root, options, located)
                       for path, clinic in clinics]
            for future in as_completed(futures):
                result = future.result()
                results[result.profile] = result
                on_done(result)
        except BaseException:  # Ctrl-C: the clinics not started are not wanted
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
    for result in results.values():  # what the workers read, as this process's build read it
        for read, seen in result.read.items():
            reads.note(read, seen=seen)
    return [results[path] for path, _ in clinics]


def _leave_ctrl_c_to_the_parent() -> None:
    """A worker ignores Ctrl-C: the parent stops the batch (each clinic's files are written
    all or none), and the terminal shows one line, not a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
