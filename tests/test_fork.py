"""Work in forked children: values, input errors and crashes come back; an unwanted child is stopped."""
from __future__ import annotations

import os
import time

import pytest

from kethandout.errors import Diagnostic, InputError
from kethandout.fork import Deferred, Forked, start


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _bad_input() -> None:
    raise InputError([Diagnostic("error", "test", "bad input", "content.yaml", 3, 5)])


def _sleep() -> None:
    time.sleep(60)


def test_the_value_comes_back_from_another_process():
    pid, square = start(_pid_and_square, 7).result()
    assert square == 49 and pid != os.getpid()


def test_an_input_error_comes_back_whole():
    with pytest.raises(InputError) as caught:
        start(_bad_input).result()
    assert [(d.code, d.file, d.line, d.col) for d in caught.value.diagnostics] == [("test", "content.yaml", 3, 5)]


def test_a_crash_is_reported_by_the_parent():
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        start(divmod, 1, 0).result()


def test_close_stops_a_running_child():
    child = start(_sleep)
    assert isinstance(child, Forked)
    began = time.monotonic()
    child.close()
    assert time.monotonic() - began < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)  # reaped: no zombie left behind


def test_without_parallel_the_work_runs_here():
    deferred = start(_pid_and_square, 3, parallel=False)
    assert isinstance(deferred, Deferred) and deferred.result() == (os.getpid(), 9)
