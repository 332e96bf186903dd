"""Speed and memory benchmark, all in one run, as ratios against baselines measured in the same run.

  1. `kethandout build` (handout + deck + web page), cold, as a user runs it (a new output
     folder); also with an empty cache (user_cache.py), as on a machine's first run, and with
     the cache but for the deck font's word widths, as on the first build of new text;
  2. the floor: bench/floor.py makes the same two files with ReportLab and python-pptx directly;
  3. the peers: pandoc (pypandoc-binary) makes the deck from the equivalent Markdown, and
     WeasyPrint makes the handout PDF from the equivalent HTML;
  4. an unchanged rebuild, `check`, and a batch of 50 clinic profiles with 1 and 2 jobs;
  5. what tagging the PDFs (PDF/UA-1) costs the handout's rendering (bench/tagging.py);
  6. `watch`: from saving the content to the changed handout on disk, against a cold
     `build --only handout` (target: at most 0.3x);
  7. with --baseline SRC (the src/ folder of another checkout, e.g. `git worktree add
     /tmp/before HEAD~5`): its cold build, interleaved with this one's, for a before/after.

Usage: python bench/speed.py [--repeat 5] [--no-batch] [--baseline SRC]   (needs: pip install '.[bench]')
Prints medians, ratios and peak memory (max RSS of each child process). Asserts nothing.
"""
from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"


def run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """(seconds, peak resident memory in MB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{child.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def measure(cases: list[tuple], repeat: int, cwd: Path, results: dict) -> None:
    """cases: (name, make_command(i), make_env(i) or None). The runs are interleaved (each
    case once, then each again ...) so that a change in the machine's load over the run
    weighs on every case alike, and the ratios stay fair."""
    runs: dict[str, list] = {name: [] for name, _, _ in cases}
    for i in range(repeat):
        for name, make_command, make_env in cases:
            runs[name].append(run(make_command(i), cwd, make_env(i) if make_env else None))
    for name, _, _ in cases:
        results[name] = (statistics.median(t for t, _ in runs[name]), max(m for _, m in runs[name]))
        print(f"  {name:38} {results[name][0]:7.3f} s   peak {results[name][1]:6.1f} MB", flush=True)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


def watch_latency(folder: Path, repeat: int) -> float:
    """The median time from saving the content (a new version number: only the footer
    changes) to the rebuilt handout on disk, with `kethandout watch --only handout` running."""
    folder.mkdir()
    content = folder / "content.yaml"
    text = CONTENT.read_text(encoding="utf-8")
    content.write_text(text, encoding="utf-8")
    handout = folder / "out" / "ketamine-patient-handout-esketamine-letter.pdf"
    watcher = subprocess.Popen([sys.executable, "-m", "kethandout", "watch", "content.yaml", "--only", "handout",
                                "--out", "out"], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    try:
        while "watching" not in watcher.stderr.readline():  # the first build is done
            if watcher.poll() is not None:
                raise SystemExit("watch stopped")
        latencies = []
        for i in range(repeat):
            time.sleep(0.5)  # idle, as between two saves of an editor
            before = handout.stat().st_mtime_ns
            version = f'version: "0.2.{i + 1}"'
            start = time.perf_counter()
            content.write_text(text.replace('version: "0.2"', version, 1), encoding="utf-8")
            while handout.stat().st_mtime_ns == before:
                if time.perf_counter() - start > 30:
                    raise SystemExit("watch did not rebuild within 30 s")
                time.sleep(0.002)
            latencies.append(time.perf_counter() - start)
        return statistics.median(latencies)
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)


def peer_inputs(tmp: Path) -> tuple[Path, Path]:
    """The same content as Markdown for pandoc's deck and as HTML for WeasyPrint's handout."""
    code = ("import sys; from pathlib import Path; from kethandout.build import build_page;"
            "from kethandout.compose.templating import make_environment, render_template;"
            "from kethandout.compose.context import template_context; from kethandout.content.validate import load_content;"
            "c = load_content(Path(sys.argv[1])); env = make_environment(None);"
            "Path(sys.argv[2]).write_text(render_template(env, 'deck.md.j2', **template_context(c)));"
            "Path(sys.argv[3]).write_bytes(build_page(c))")
    markdown, html = tmp / "deck.md", tmp / "handout.html"
    subprocess.run([sys.executable, "-c", code, str(CONTENT), str(markdown), str(html)], check=True)
    return markdown, html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-batch", action="store_true", help="skip the 50-clinic batch (about 90 s)")
    parser.add_argument("--baseline", type=Path, metavar="SRC",
                        help="another checkout's src/ folder: its cold build is measured too, interleaved")
    args = parser.parse_args()
    import pypandoc

    import kethandout
    from kethandout import user_cache

    # As `pip install` does: an editable install under PYTHONDONTWRITEBYTECODE (set on this
    # machine) would otherwise compile kethandout's modules again in every run.
    compileall.compile_dir(Path(kethandout.__file__).parent, quiet=1)

    py, results, documents = sys.executable, {}, 0
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        markdown, html = peer_inputs(tmp)
        print(f"median of {args.repeat} runs, default content:")
        # As on a machine's first run: kethandout's private cache (user_cache.py) lives in the
        # user's cache folder, a fresh (empty) one for each run.
        first_run = lambda i: {**os.environ, "XDG_CACHE_HOME": str(Path(tempfile.mkdtemp(dir=tmp)))}  # noqa: E731

        def new_text(i: int) -> dict:
            """As on the first build of new text: the cache as the cold builds left it, but for
            the word widths of the deck font, which depend on the text."""
            kept, fresh = user_cache.folder(), Path(tempfile.mkdtemp(dir=tmp))
            if kept is None:  # no cache at all: as the cold builds
                return dict(os.environ)
            # Linked, not copied: writing 6 MB just before a run slowed the run itself. (A build
            # replaces a cache file rather than writing into it, so the links are safe.)
            shutil.copytree(kept, fresh / "kethandout" / kept.name, ignore=shutil.ignore_patterns("widths-*"),
                            copy_function=_link)
            (fresh / "kethandout").chmod(0o700)
            return {**os.environ, "XDG_CACHE_HOME": str(fresh)}

        build = [py, "-m", "kethandout", "build", str(CONTENT), "--out"]
        baseline = []
        if args.baseline:
            compileall.compile_dir(args.baseline / "kethandout", quiet=1)
            old_code = {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}
            baseline = [("baseline build (cold)", lambda i: build + [str(tmp / f"base-{i}")], lambda i: old_code)]
        measure([
            ("kethandout build (cold)", lambda i: build + [str(tmp / f"cold-{i}")], None),
            *baseline,
            ("kethandout build (cold, empty cache)", lambda i: build + [str(tmp / f"first-{i}")], first_run),
            ("kethandout build (cold, new text)", lambda i: build + [str(tmp / f"new-{i}")], new_text),
            ("kethandout build (unchanged rebuild)", lambda i: build + [str(tmp / "cold-0")], None),
            ("kethandout check --no-pages", lambda i: [py, "-m", "kethandout", "check", "--no-pages", str(CONTENT)],
             None),
            ("kethandout check", lambda i: [py, "-m", "kethandout", "check", str(CONTENT)], None),
            ("floor: ReportLab + python-pptx", lambda i: [py, str(ROOT / "bench" / "floor.py"), str(CONTENT),
                                                          str(tmp / f"floor-{i}")], None),
            ("peer: pandoc deck", lambda i: [pypandoc.get_pandoc_path(), str(markdown), "-o",
                                             str(tmp / f"pandoc-{i}.pptx")], None),
            ("peer: WeasyPrint handout", lambda i: [py, "-m", "weasyprint", str(html), str(tmp / f"w-{i}.pdf")], None),
        ], args.repeat, tmp, results)
        handout_only = [py, "-m", "kethandout", "build", str(CONTENT), "--only", "handout", "--out"]
        measure([("kethandout build --only handout (cold)", lambda i: handout_only + [str(tmp / f"h-{i}")], None)],
                 args.repeat, tmp, results)
        results["watch: save to handout on disk"] = (watch_latency(tmp / "watch", args.repeat), 0.0)
        print(f"  {'watch: save to handout on disk':38} {results['watch: save to handout on disk'][0]:7.3f} s",
              flush=True)
        if not args.no_batch:
            sys.path.insert(0, str(ROOT / "bench"))
            from batch import make_profiles

            profiles = tmp / "profiles"
            profiles.mkdir()
            make_profiles(profiles, 50)
            for jobs in (1, 2):
                measure([(f"50 clinics, {jobs} job(s)", lambda i, jobs=jobs: [
                    py, "-m", "kethandout", "build", str(CONTENT), "--clinics", str(profiles), "--jobs", str(jobs),
                    "--lang", "en", "--out", str(tmp / f"batch-{jobs}-{i}")], None)], 1, tmp, results)
            documents = sum(1 for p in (tmp / "batch-1-0").rglob("*") if p.suffix in (".pdf", ".pptx", ".html"))
    cold = results["kethandout build (cold)"][0]
    peers = results["peer: pandoc deck"][0] + results["peer: WeasyPrint handout"][0]
    print("\nratios (targets in brackets):")
    floor = results["floor: ReportLab + python-pptx"][0]
    print(f"  kethandout / floor            {cold / floor:5.2f}x  [<= 1.5]"
          f"   (empty cache: {results['kethandout build (cold, empty cache)'][0] / floor:.2f}x)")
    print(f"  (pandoc + WeasyPrint) / kethandout {peers / cold:5.2f}x  [>= 3]"
          f"   (new text: {peers / results['kethandout build (cold, new text)'][0]:.2f}x)")
    print(f"  unchanged rebuild             {results['kethandout build (unchanged rebuild)'][0]:5.3f} s [< 0.3]")
    print(f"  peak memory, kethandout build {results['kethandout build (cold)'][1]:5.1f} MB [< 150]")
    if args.baseline:
        print(f"  cold build / baseline's       {cold / results['baseline build (cold)'][0]:5.2f}x  [<= 1.1]")
    watch = results["watch: save to handout on disk"][0]
    print(f"  watch / cold handout build    {watch / results['kethandout build --only handout (cold)'][0]:5.2f}x"
          "  [<= 0.3]")
    tagging = subprocess.run([py, str(ROOT / "bench" / "tagging.py")], capture_output=True, text=True, check=True)
    print("  tagging (PDF/UA): " + "\n                     ".join(tagging.stdout.splitlines()))
    if not args.no_batch:
        one, two = results["50 clinics, 1 job(s)"][0], results["50 clinics, 2 job(s)"][0]
        print(f"  50 clinics, {documents} documents: {documents / one:.1f} documents/s with 1 job, "
              f"{documents / two:.1f} with 2 ({one / two:.2f}x)")


if __name__ == "__main__":
    main()
