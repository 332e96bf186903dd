"""kethandout: patient handouts, consent forms and training decks from one reviewed content file.

Parse the command line, run the command's module, turn what happened into an exit code: bad
input gets a message at its file and line, never a traceback."""
from __future__ import annotations

import gc
import importlib
import os
import sys
from pathlib import Path

from kethandout.cli.report import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    file_system_problem,
    print_github,
    print_json,
    report,
    stdout_may_close,
)
from kethandout.errors import InputError, printable

# Everything else is imported when a command needs it: an unchanged rebuild costs little more
# than starting Python.

# Each command's module, imported only when it runs (a check must not wait for the renderers).
COMMANDS = {"build": "build", "watch": "watch", "check": "check", "stamp-translation": "stamp_translation",
            "diff": "diff", "init": "init", "schema": "schema", "approve": "approve", "preview": "preview"}


def run() -> None:
    """The console command. It leaves with os._exit once its output is flushed: tearing the
    interpreter down (freeing every module that pydantic, lxml and ReportLab loaded) took
    0.2 s, as long as rendering the handout. Every file it writes is closed by then.

    Nor does it collect cyclic garbage: the collector walked every object that the imports
    made, again and again, for little to free (7% of a build's time, peak memory unchanged).
    `watch` and clinic batches, which build again and again, turn it back on."""
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe, e.g. `kethandout check | head`: the findings decide the code
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run a command; an unexpected failure is a bug and says so in one line (the traceback
    with KETHANDOUT_DEBUG=1), never a wall of Python at a clinic's desk."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # before _main's own handler took over (reading the command line)
        print("kethandout: interrupted (Ctrl-C)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if interrupted(exc):
            print("kethandout: interrupted (Ctrl-C)", file=sys.stderr)
            return EXIT_INTERRUPTED
        if os.environ.get("KETHANDOUT_DEBUG"):
            raise
        print(f"kethandout: internal error: {type(exc).__name__}: {printable(str(exc))}; the build stopped. "
              "Please report it "
              "(set KETHANDOUT_DEBUG=1 for details).", file=sys.stderr)
        return EXIT_INTERNAL


def interrupted(exc: BaseException) -> bool:
    """Ctrl-C that Python wrapped in another error on its way out (a KeyboardInterrupt raised
    while a class is being created arrives as "RuntimeError: Error calling __set_name__")."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _main(argv: list[str] | None = None) -> int:
    from kethandout.cli.options import parser as make_parser

    for stream in (sys.stdout, sys.stderr):  # a file name's undecodable bytes print as \xff
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")

    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `kethandout` alone: what it can do
        parser.print_help()
        return EXIT_OK
    if getattr(args, "templates", "") is None and Path("templates").is_dir():
        args.templates = Path("templates")  # a project's own templates (kethandout init) come first
    # kethandout uses no pydantic plugins; looking for them read every installed package's
    # metadata, 0.03-0.05 s of every command.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        command = importlib.import_module(f"kethandout.cli.{COMMANDS[args.command]}")
        return command.run(args)
    except KeyboardInterrupt:
        print("kethandout: interrupted (Ctrl-C); no output was left half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except RuntimeError as exc:
        if not interrupted(exc):
            raise
        print("kethandout: interrupted (Ctrl-C); no output was left half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # the file system refused (a link loop, a name too long, a full disk)
        report([file_system_problem(exc)])
        return EXIT_INPUT
    except InputError as exc:
        if args.command == "check" and args.format in ("json", "github"):
            with stdout_may_close():
                (print_json if args.format == "json" else print_github)(exc.diagnostics)
        report(exc.diagnostics)
        count = len(exc.diagnostics)
        # (check and diff write nothing anyway: saying so would only puzzle)
        written = "" if args.command in ("check", "diff", "schema") else "; nothing was written"
        print(f"{count} error{'s' if count != 1 else ''}{written}", file=sys.stderr)
        return EXIT_INPUT
