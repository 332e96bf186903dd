"""Work in forked child processes, which share everything already loaded: the deck and the
handout render while the main process checks the content, and each paper size's page
count is found at once."""
from __future__ import annotations

import contextlib
import functools
import importlib
import os
import pickle
import signal
import sys
import threading
import traceback
from typing import Callable

from kethandout.errors import InputError

_OUR_ENDS: set[int] = set()  # this process's ends of its children's pipes


def _resolve(target: Callable | str) -> Callable:
    """A function, or one named "module:function" (imported where it runs)."""
    if callable(target):
        return target
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


def _outcome(function: Callable, args: tuple) -> tuple[str, object]:
    try:
        return "ok", function(*args)
    except InputError as exc:
        return "input", exc.diagnostics
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        details = "\n" + traceback.format_exc() if os.environ.get("KETHANDOUT_DEBUG") else ""
        return "crash", f"{type(exc).__name__}: {exc}{details}"


def _value(outcome: tuple[str, object]):
    kind, value = outcome
    if kind == "input":
        raise InputError(value)
    if kind == "crash":
        raise RuntimeError(value)
    return value


class Forked:
    """target(*args) in a forked child process, once per send(); results() gives the values
    in the order sent, or raises the first InputError.

    The child starts at once. A target named "module:function" is imported there straight
    away: a build starts its renderers this way before it loads the content, so that
    ReportLab and python-pptx are imported in parallel with pydantic and Jinja2.

    A bare fork and pipes rather than a process pool: the child leaves with os._exit as
    soon as its work is done, where a pool's worker took a quarter of a second to shut down."""

    def __init__(self, target: Callable | str, nice: int = 0):
        calls_read, calls_write = os.pipe()
        results_read, results_write = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:  # e.g. a process limit: worker() falls back to this process
            for fd in (calls_read, calls_write, results_read, results_write):
                os.close(fd)
            raise
        if self.pid == 0:
            self._serve(target, nice, calls_read, results_write, _OUR_ENDS | {calls_write, results_read})
        os.close(calls_read)
        os.close(results_write)
        _OUR_ENDS.update((calls_write, results_read))
        self.calls: int | None = calls_write
        self.replies: int | None = results_read
        self.sent = 0
        self._outcomes: list | None = None

    @staticmethod
    def _serve(target: Callable | str, nice: int, calls_read: int, results_write: int, not_ours: set[int]) -> None:
        """The child: answer each call until the parent has sent them all, then leave."""
        try:
            # Close the parent's pipe ends, older siblings' included: a child leaves when its
            # calls pipe ends, which it never would while a copy stayed open here.
            for fd in not_ours:
                os.close(fd)
            _OUR_ENDS.clear()
            # Ctrl-C is the parent's to handle: it stops the build and ends this process.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            os.nice(nice)
            try:
                function = _resolve(target)
            except BaseException as exc:  # noqa: BLE001 - reported for each call
                function = exc
            # The results are written once every call is in: a child that wrote a result
            # bigger than the pipe holds would wait for the parent to read it, while the
            # parent waited to send its next call.
            outcomes = []
            with os.fdopen(calls_read, "rb") as calls:
                while True:
                    try:
                        args = pickle.load(calls)
                    except EOFError:
                        break
                    outcomes.append(_outcome(function, args) if callable(function)
                                    else ("crash", f"{type(function).__name__}: {function}"))
            with os.fdopen(results_write, "wb") as results:
                for outcome in outcomes:
                    pickle.dump(outcome, results)
        finally:
            os._exit(0)

    def send(self, *args) -> int:
        """Ask for target(*args); returns the call's position in results()."""
        data = memoryview(pickle.dumps(args))
        try:
            while data:
                data = data[os.write(self.calls, data):]
        except BrokenPipeError:
            pass  # the child is gone: results() says so
        self.sent += 1
        return self.sent - 1

    def results(self) -> list:
        if self._outcomes is None:
            self._close_end("calls")  # no more calls: the child leaves after the last one
            fd, self.replies = self.replies, None  # the file below owns it now, and closes it
            _OUR_ENDS.discard(fd)
            try:
                with os.fdopen(fd, "rb") as replies:
                    outcomes = []
                    for _ in range(self.sent):
                        try:
                            outcomes.append(pickle.load(replies))
                        except EOFError:
                            outcomes.append(("crash", "the process stopped"))
            except BaseException:  # Ctrl-C while waiting: the child's work is not wanted
                self._stop()
                raise
            os.waitpid(self.pid, 0)
            self._outcomes = outcomes
        return [_value(outcome) for outcome in self._outcomes]

    def result(self):
        """The value of the one call sent."""
        return self.results()[0]

    def close(self) -> None:
        """Stop the child if its results are not wanted (a check failed)."""
        if self.replies is not None:
            self._stop()
            self._close_end("calls")
            self._close_end("replies")

    def _stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)

    def _close_end(self, name: str) -> None:
        fd = getattr(self, name)
        if fd is not None:
            os.close(fd)
            _OUR_ENDS.discard(fd)
            setattr(self, name, None)


class Deferred:
    """target(*args), run in this process when results() are asked for."""

    def __init__(self, target: Callable | str):
        self.target, self.calls = target, []
        self._values: list | None = None

    def send(self, *args) -> int:
        self.calls.append(args)
        return len(self.calls) - 1

    def results(self) -> list:
        if self._values is None:
            function = _resolve(self.target)
            self._values = [function(*args) for args in self.calls]
        return self._values

    def result(self):
        return self.results()[0]

    def close(self) -> None:
        pass


@contextlib.contextmanager
def ctrl_c_deferred():
    """Ctrl-C waits until the block is done, then arrives: for writing a set of files, and for
    ReportLab's layout, whose bare `except:` clauses can swallow a KeyboardInterrupt and go on
    with a different layout. Only the main thread can hold the signal back."""
    can_block = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if can_block:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if can_block:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending Ctrl-C arrives now


def can_fork() -> bool:
    """fork() only where it is safe: not on Windows (there is none), not on macOS (its system
    libraries may not be used in a forked child), and never while another thread runs (`watch`,
    a progress bar): a lock that thread held would stay locked in the child for ever."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def worker(target: Callable | str, parallel: bool = False, nice: int = 0) -> Forked | Deferred:
    """A child process for target (at a lower priority with nice > 0), or this process
    where fork() is not safe (see can_fork) or when no process can be started."""
    if parallel and can_fork():
        try:
            return Forked(target, nice)
        except OSError:
            pass
    return Deferred(target)


def start(function: Callable, *args, parallel: bool = False) -> Forked | Deferred:
    """function(*args) in a child process, or later in this one. The child has the arguments
    from the fork, unpickled: the very objects, with whatever this process cached for them."""
    child = worker(functools.partial(function, *args), parallel)
    child.send()
    return child
