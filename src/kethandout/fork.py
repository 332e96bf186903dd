"""Work in a forked child process, which shares everything already loaded: the deck renders
while the main process checks the content, and each paper size's page count is found at once."""
from __future__ import annotations

import os
import pickle
import signal
import traceback

from kethandout.errors import InputError


class Forked:
    """function(*args) running in a forked child process, which shares everything already
    loaded; result() gives its value or raises its InputError.

    A bare fork and a pipe rather than a process pool: the child leaves with os._exit as
    soon as its result is sent, where a pool's worker took a quarter of a second to shut down."""

    def __init__(self, function, *args):
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            os.close(read)
            try:
                outcome = ("ok", function(*args))
            except InputError as exc:
                outcome = ("input", exc.diagnostics)
            except BaseException as exc:  # noqa: BLE001 - reported by the parent
                details = "\n" + traceback.format_exc() if os.environ.get("KETHANDOUT_DEBUG") else ""
                outcome = ("crash", f"{type(exc).__name__}: {exc}{details}")
            try:
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(outcome, pipe)
            finally:
                os._exit(0)
        os.close(write)
        self.pipe: int | None = read

    def result(self):
        with os.fdopen(self.pipe, "rb") as pipe:
            data = pipe.read()
        self.pipe = None
        os.waitpid(self.pid, 0)
        kind, value = pickle.loads(data) if data else ("crash", "the process stopped")
        if kind == "input":
            raise InputError(value)
        if kind == "crash":
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        """Stop the child if its result is not wanted (a check failed)."""
        if self.pipe is not None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.pipe)
            self.pipe = None


class Deferred:
    """function(*args), run in this process when its result is asked for."""

    def __init__(self, function, *args):
        self.function, self.args = function, args

    def result(self):
        return self.function(*self.args)

    def close(self) -> None:
        pass


def start(function, *args, parallel: bool = True) -> Forked | Deferred:
    """function(*args) in a child process, or later in this one without fork() (Windows)."""
    return Forked(function, *args) if parallel and hasattr(os, "fork") else Deferred(function, *args)
