"""`kethandout preview`: `watch`, with the documents shown in the browser. A page on this
computer only (127.0.0.1) lists what the last build made; the web page and the list reload
by themselves after every save, and a build that failed shows its errors, at their lines,
above the last good documents. For the content's editors and reviewers, who are clinicians,
not terminal users."""
from __future__ import annotations

import argparse
import html
import json
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kethandout.cli import watch
from kethandout.errors import Code, Diagnostic, InputError

# Each page asks every second whether a build has finished since it was loaded.
RELOAD = """<script>(function () {
  var seen = %d;
  setInterval(function () {
    fetch("/__build").then(function (r) { return r.json(); }).then(function (b) {
      if (b.number !== seen) { location.reload(); }
    }).catch(function () {});
  }, 1000);
})();</script>"""


class State:
    """The number of the last build and its errors, shared with the server's threads."""

    def __init__(self):
        self.number, self.problems, self.lock = 0, [], threading.Lock()

    def built(self, problems: list[str]) -> None:
        with self.lock:
            self.number, self.problems = self.number + 1, list(problems)

    def now(self) -> tuple[int, list[str]]:
        with self.lock:
            return self.number, list(self.problems)


class Handler(SimpleHTTPRequestHandler):
    """The output folder's files; "/" lists them; an HTML file gets the reload script."""

    state: State

    def do_GET(self):  # noqa: N802 (the standard library's name)
        path = self.path.split("?", 1)[0]
        if path == "/__build":
            number, problems = self.state.now()
            return self._send(json.dumps({"number": number, "problems": problems}).encode(), "application/json")
        if path in ("/", "/index.html"):
            return self._send(self._index().encode(), "text/html; charset=utf-8")
        if path.endswith(".html"):
            file = Path(self.translate_path(path))
            if file.is_file():
                number, _ = self.state.now()
                page = file.read_text(encoding="utf-8").replace("</body>", RELOAD % number + "</body>", 1)
                return self._send(page.encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _index(self) -> str:
        number, problems = self.state.now()
        root = Path(self.directory)
        files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                       if p.is_file() and not p.name.startswith("."))
        errors = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        links = "".join(f'<li><a href="/{html.escape(f)}">{html.escape(f)}</a></li>' for f in files)
        banner = (f'<div role="alert" class="errors"><h2>The last save did not build</h2><p>These are '
                  f"the last good documents. Fix these, then save again:</p><ul>{errors}</ul></div>") if problems else ""
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kethandout preview</title>'
                f"<style>body{{font:18px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}}"
                f".errors{{border:4px solid #B00020;padding:0 1rem;margin-bottom:1rem}}</style></head><body>"
                f"<h1>kethandout preview</h1>{banner}<p>Build {number}. This page reloads after every save.</p>"
                f"<ul>{links}</ul>{RELOAD % number}</body></html>")

    def log_message(self, format, *args):  # the terminal shows the builds, not every request
        pass


def run(args: argparse.Namespace) -> int:
    """Serve the output folder on 127.0.0.1:PORT, then watch and rebuild."""
    args.out.mkdir(parents=True, exist_ok=True)
    state = State()
    handler = type("PreviewHandler", (Handler,), {"state": state})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), partial(handler, directory=str(args.out)))
    except OSError as exc:
        raise InputError([Diagnostic("error", Code.CANNOT_SERVE, f"cannot listen on 127.0.0.1:{args.port}: "
                                     f"{exc.strerror or exc}", "command line",
                                     hint="another program uses that port: give --port another number")])
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"preview: open http://127.0.0.1:{server.server_address[1]}/ in your browser", file=sys.stderr, flush=True)
    try:
        return watch.run(args, on_build=state.built)
    finally:
        server.shutdown()
