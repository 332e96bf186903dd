"""Jinja2 templates -> Markdown text. Content is data: every value a template prints is
Markdown-escaped unless the template marks it as trusted Markdown with `|markdown`."""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import signal
import threading
import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from kethandout import reads, user_cache
from kethandout.content.load import FORBIDDEN
from kethandout.errors import Code, Diagnostic, InputError, TemplateMisuse
from kethandout.resources import builtin_templates

BUILTIN_TEMPLATES = builtin_templates()
MAX_OUTPUT_CHARS = 5_000_000  # a handout's Markdown is about 30,000 characters
MAX_REPEAT_CHARS = 100_000  # "x" * n in a template
MAX_RANGE_STEPS = 1_000_000  # the steps of every range() in one rendering together
MAX_SECONDS = 20  # one rendering: a handout takes 0.02 s; loops over long texts or lists would run for hours
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&:\"'=$%^])")


def md_escape(text: str) -> str:
    """Backslash-escape ASCII punctuation so content prints exactly as written. Runs of white
    space become one space; one at either end is kept (a template's `" (" ~ rate ~ ")"` lost
    its space, and "unreal(over half)" was printed and read aloud)."""
    collapsed = " ".join(text.split())
    if collapsed:
        collapsed = (" " if text[0].isspace() else "") + collapsed + (" " if text[-1].isspace() else "")
    return _MD_SPECIAL.sub(r"\\\1", collapsed)


def _finalize(value: object) -> str:
    if isinstance(value, Markup):
        return str(value)
    return md_escape(str(value))


class TemplateLimit(Exception):
    """A template went past a bound set here (output size, repetition)."""


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with a bound on what `*` and `**` may build."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def call_binop(self, context, operator, left, right):
        if operator == "%" and isinstance(left, str):  # printf formatting: '%.999999999f' runs for a minute
            raise TemplateLimit("'%' formatting of text is not allowed in templates; use t() with {name}")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise TemplateLimit(f"{left!r} ** {right!r} is too large a power for a template")
        if operator == "*" and isinstance(left, (str, list, tuple)) ^ isinstance(right, (str, list, tuple)):
            count = right if isinstance(left, (str, list, tuple)) else left
            size = len(left if isinstance(left, (str, list, tuple)) else right)
            if isinstance(count, int) and count * max(size, 1) > MAX_REPEAT_CHARS:
                raise TemplateLimit(f"repeating a text {count:,} times makes more than {MAX_REPEAT_CHARS:,} "
                                    "characters")
        return super().call_binop(context, operator, left, right)

    def get_template(self, name, parent=None, globals=None):
        """Every template a rendering loads or looks for (includes and extends too, each time,
        from Jinja2's cache or not) is noted as read where a user's template of its name is or
        would be: one added there would be used (reads.py)."""
        self._note(name)
        return super().get_template(name, parent, globals)

    def select_template(self, names, parent=None, globals=None):
        """`{% include [a, b] %}` and `{% include a ignore missing %}` come here instead."""
        for name in names if isinstance(names, (list, tuple)) else ():
            self._note(name)
        return super().select_template(names, parent, globals)

    def _note(self, name) -> None:
        if isinstance(name, str):
            for folder in self.loader.searchpath[:-1]:  # the user's folder (the built-in one is kethandout's code)
                reads.note(Path(folder) / name)


class _Steps:
    """range() for templates, with one budget for every loop of a rendering: nested loops over
    range(99999) would otherwise run for hours without printing a thing."""

    def __init__(self):
        self.left = MAX_RANGE_STEPS

    def range(self, *args):
        for value in jinja2.sandbox.safe_range(*args):
            self.left -= 1
            if self.left < 0:
                raise TemplateLimit(f"the template's loops run more than {MAX_RANGE_STEPS:,} steps")
            yield value


class _DiskCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs; a cache that cannot be written is no error."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _disk_cache() -> _DiskCache | None:
    folder = user_cache.folder()
    return _DiskCache(str(folder), pattern="__kethandout_%s.cache") if folder else None  # None: compile every time


def _check_own_templates(folder: Path) -> None:
    """A template of the user's folder is a regular file of at most the input limit: Jinja2
    skipped a FIFO or a folder of the name (and built with the built-in one) and read a file of
    any size."""
    from kethandout.content.load import MAX_INPUT_BYTES

    for path in sorted(folder.glob("*.j2")):
        if not path.is_file():
            raise InputError([Diagnostic("error", Code.NOT_A_FILE, f"{path} is not a regular file", str(path),
                                         hint="a template is a text file")])
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError([Diagnostic("error", Code.TOO_LARGE, f"the template is {path.stat().st_size:,} bytes; "
                                         f"the limit is {MAX_INPUT_BYTES:,}", str(path))])


def make_environment(user_dir: Path | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment searching the user's folder first, then the built-in one.

    Cached, in the process and on disk (see user_cache.py): compiling the templates took
    0.15 s of every build. Jinja2 recompiles a template whose source changed: the disk cache
    is keyed by its path and a hash of its text. A process that lives on (`watch`) gets a new
    environment when the user's folder changes: Jinja2's own cache would keep a built-in
    template that a new file of its name now overrides, or one saved again with its old time."""
    return _environment(user_dir, _folder_state(user_dir))


def _folder_state(folder: Path | None) -> tuple:
    """What tells a change of the folder's templates: their names, and each one's inode, size,
    modification and change times (a save that puts the old time back changes the last)."""
    if folder is None:
        return ()
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return ("unreadable",)
    state = []
    for entry in entries:
        try:
            info = entry.stat()
        except OSError:
            continue
        state.append((entry.name, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_mode))
    return tuple(state)


@functools.lru_cache(maxsize=8)
def _environment(user_dir: Path | None, state: tuple) -> ImmutableSandboxedEnvironment:
    if user_dir:
        _check_own_templates(user_dir)
    folders = [str(user_dir)] if user_dir else []
    env = _Sandbox(
        loader=jinja2.FileSystemLoader(folders + [str(BUILTIN_TEMPLATES)]),
        bytecode_cache=_disk_cache(),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,  # a line holding only a {% tag %} leaves no blank line behind
        lstrip_blocks=True,
    )
    env.filters["markdown"] = Markup  # trusted Markdown written by the template author
    del env.globals["lipsum"]  # pages of filler text, on demand: nothing a handout needs
    return env


def render_template(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template; any template error becomes an InputError at its file and line."""
    try:
        template = env.get_template(name)
        with _time_limit():
            text = _bounded(template.generate(range=_Steps().range, **context), template)
        control = FORBIDDEN.search(text)  # what no content file may hold: a template could print it
        if control:
            raise InputError([Diagnostic("error", Code.TEMPLATE_ERROR, f"the template prints the {'control ' if ord(control.group()) < 0xD800 else ''}character "
                                         f"U+{ord(control.group()):04X}, which no document can hold",
                                         template.filename or name, _line_with(template, control.group()), 1)])
        return text
    except jinja2.TemplateNotFound as exc:
        raise InputError([Diagnostic("error", Code.TEMPLATE_NOT_FOUND,
                                     f"template '{exc.name}' not found", name)])
    except jinja2.TemplateSyntaxError as exc:
        raise InputError([Diagnostic("error", Code.TEMPLATE_SYNTAX, exc.message or "syntax error",
                                     exc.filename or name, exc.lineno, 1)])
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, TemplateLimit, RecursionError,
            OverflowError, MemoryError, AssertionError, LookupError, ArithmeticError) as exc:
        if _raised_by_kethandout(exc):
            raise  # a bug of ours, not the template's: main() reports it as one
        file, line = _template_frame(exc, name)
        raise InputError([Diagnostic("error", Code.TEMPLATE_ERROR, _message(exc), file, line, 1)]) from None


def _line_with(template: jinja2.Template, char: str) -> int | None:
    """The first line of the template's own text that holds char (None: it came from a value)."""
    try:
        lines = Path(template.filename).read_text(encoding="utf-8").splitlines()
    except (OSError, TypeError, ValueError):
        return None
    return next((n for n, line in enumerate(lines, start=1) if char in line), None)


@contextlib.contextmanager
def _time_limit():
    """A rendering that runs past MAX_SECONDS stops with TemplateLimit (where a timer can be
    set: the main thread of a Unix process)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise TemplateLimit(f"the template ran for more than {MAX_SECONDS} seconds")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _bounded(chunks, template: jinja2.Template) -> str:
    """The rendered text, stopped as soon as it passes MAX_OUTPUT_CHARS (at the template line
    that was printing)."""
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            file, line = _printing_at(chunks, template)
            raise InputError([Diagnostic("error", Code.TEMPLATE_ERROR, f"the template makes more than "
                                         f"{MAX_OUTPUT_CHARS:,} characters of text", file, line, 1)])
        parts.append(chunk)
    return "".join(parts)


def _printing_at(generator, template: jinja2.Template) -> tuple[str, int | None]:
    """The template file and line a paused rendering stands at."""
    while getattr(generator, "gi_yieldfrom", None) is not None:
        generator = generator.gi_yieldfrom
    frame = getattr(generator, "gi_frame", None)
    if frame is None or not frame.f_code.co_filename.endswith(".j2"):
        return template.filename or template.name, None
    return frame.f_code.co_filename, template.get_corresponding_lineno(frame.f_lineno)


def _message(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message}; the template uses a name the content does not provide"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"{exc}; templates may not reach Python internals"
    if isinstance(exc, RecursionError):
        return "the template calls itself (a macro, include or extends) too deeply"
    if isinstance(exc, MemoryError):
        return "the template needs more memory than a document can"
    return str(exc)


_PACKAGE = Path(__file__).resolve().parent.parent


def _raised_by_kethandout(exc: Exception) -> bool:
    """The error began in kethandout's own code (a filter or function the templates are given,
    past checking what it was given), not in the template or in Jinja2 running it. Bounds this
    module sets on a rendering (TemplateLimit) are the template's."""
    if isinstance(exc, (TemplateLimit, TemplateMisuse, RecursionError, MemoryError, jinja2.TemplateError)):
        return False
    frames = traceback.extract_tb(exc.__traceback__)
    innermost = Path(frames[-1].filename).resolve() if frames else None
    return innermost is not None and _PACKAGE in innermost.parents and innermost != Path(__file__).resolve()


def _template_frame(exc: Exception, default: str) -> tuple[str, int | None]:
    """The innermost traceback frame that belongs to a template file."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return default, None


def template_fingerprint(name: str, templates_dir: Path | None) -> str | None:
    """A short hash of a user's own copy of a template, or None when the built-in one is used."""
    own = templates_dir / name if templates_dir else None
    if own is None or not own.is_file():
        return None
    return hashlib.sha256(own.read_bytes()).hexdigest()[:8]
