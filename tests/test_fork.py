"""Work in forked children: values, input errors and crashes come back; an unwanted child is stopped;
a build renders in its children."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from kethandout.errors import Diagnostic, InputError
from kethandout.fork import Deferred, Forked, start, worker


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _bad_input() -> None:
    raise InputError([Diagnostic("error", "test", "bad input", "content.yaml", 3, 5)])


def _sleep() -> None:
    time.sleep(60)


def test_the_value_comes_back_from_another_process():
    pid, square = start(_pid_and_square, 7, parallel=True).result()
    assert square == 49 and pid != os.getpid()


def test_an_input_error_comes_back_whole():
    with pytest.raises(InputError) as caught:
        start(_bad_input, parallel=True).result()
    assert [(d.code, d.file, d.line, d.col) for d in caught.value.diagnostics] == [("test", "content.yaml", 3, 5)]


def test_a_crash_is_reported_by_the_parent():
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        start(divmod, 1, 0, parallel=True).result()


def test_close_stops_a_running_child():
    child = start(_sleep, parallel=True)
    assert isinstance(child, Forked)
    began = time.monotonic()
    child.close()
    assert time.monotonic() - began < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)  # reaped: no zombie left behind


def test_by_default_the_work_runs_here():
    """Only the CLI decides to use more processes; a library caller gets none it did not ask for."""
    deferred = start(_pid_and_square, 3)
    assert isinstance(deferred, Deferred) and deferred.result() == (os.getpid(), 9)


def test_a_named_target_is_imported_by_the_child_only(tmp_path, monkeypatch):
    (tmp_path / "child_only.py").write_text("import os\ndef pid_and_double(x):\n    return os.getpid(), 2 * x\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    child = worker("child_only:pid_and_double", parallel=True)
    assert [child.send(x) for x in (1, 2, 3)] == [0, 1, 2]
    results = child.results()
    assert [double for _, double in results] == [2, 4, 6]  # in the order sent
    assert {pid for pid, _ in results} == {child.pid} and "child_only" not in sys.modules


def test_a_missing_target_is_reported_per_call():
    child = worker("kethandout.no_such_module:run", parallel=True)
    child.send()
    with pytest.raises(RuntimeError, match="ModuleNotFoundError"):
        child.result()


def test_a_child_does_not_wait_for_its_later_siblings():
    """A child leaves when the parent has sent all its calls: a sibling forked later must
    hold no copy of that pipe, or the child would wait (and the parent with it) until the
    sibling ends."""
    first = worker(_pid_and_square, parallel=True)
    sibling = start(_sleep, parallel=True)
    try:
        first.send(4)
        began = time.monotonic()
        assert first.result()[1] == 16
        assert time.monotonic() - began < 5
    finally:
        sibling.close()


def test_a_build_loads_its_renderers_in_child_processes_only(tmp_path):
    code = ("import sys; from kethandout.cli import main; rc = main(['build', %r, '--out', 'out']); "
            "print('LOADED', [m for m in ('reportlab', 'pptx') if m in sys.modules]); sys.exit(rc)"
            ) % str(ROOT / "content.yaml")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and "LOADED []" in result.stdout, result.stderr
    assert {".html", ".pdf", ".pptx"} <= {p.suffix for p in (tmp_path / "out").iterdir()}


def test_when_no_process_can_be_started_the_work_runs_here(monkeypatch):
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    fallback = start(_pid_and_square, 5, parallel=True)
    assert isinstance(fallback, Deferred) and fallback.result() == (os.getpid(), 25)


def _echo(data: bytes) -> bytes:
    return data


def test_large_calls_and_results_never_wait_on_each_other():
    """Calls and results bigger than a pipe holds: the child keeps its results until the
    parent has sent every call, so neither side waits for the other to read (a deadlock)."""
    def stuck(*_):
        raise TimeoutError("the parent and the child are waiting on each other")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    child = worker(_echo, parallel=True)
    try:
        calls = [bytes([n]) * 300_000 for n in range(3)]
        for data in calls:
            child.send(data)
        assert child.results() == calls
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        child.close()


def test_library_functions_never_fork(monkeypatch, tmp_path):
    """run_checks with its page budget, and start_build, render in the calling process."""
    from kethandout.build import check_page_budget, start_build
    from kethandout.checks import CheckOptions, run_checks
    from kethandout.content.validate import load_content_located

    def no_fork():
        raise AssertionError("a library function forked")

    content, located = load_content_located(ROOT / "content.yaml")
    monkeypatch.setattr(os, "fork", no_fork)
    found = run_checks(content, located, CheckOptions(), page_budget=check_page_budget)
    assert not [d for d in found if d.severity == "error"]
    outputs = start_build(content, tmp_path).result()
    assert sorted(o.path.suffix for o in outputs) == [".html", ".pdf", ".pdf", ".pptx"]
