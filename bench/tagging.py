"""What tagging (PDF/UA-1) costs the handout: rendering with the structure written into the
file against the same rendering with render.pdf.structure.write_structure left out (the marked
content operators stay: a few string appends). Both in one process, interleaved, after a
warm-up; plus the one-off import of pikepdf that a cold build pays.

Usage: python bench/tagging.py [--repeat 15]      Prints medians and the ratio. Asserts nothing.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from kethandout.compose.context import compose
from kethandout.compose.furniture import handout_info
from kethandout.content.validate import load_content
from kethandout.render.pdf import document as pdf

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    content = load_content(ROOT / "content.yaml")
    arguments = compose(content, "handout.md.j2"), handout_info(content), "letter"
    tagged = pdf.write_structure

    def untagged(data, *_):
        return data

    times: dict[str, list[float]] = {"tagged": [], "untagged": []}
    for i in range(repeat + 1):
        for name, writer in (("tagged", tagged), ("untagged", untagged)):
            pdf.write_structure = writer
            start = time.perf_counter()
            pdf.render_handout(*arguments)
            if i:  # the first round warms up imports and caches
                times[name].append(time.perf_counter() - start)
    pdf.write_structure = tagged
    medians = {name: statistics.median(values) for name, values in times.items()}
    imports = [float(subprocess.run([sys.executable, "-X", "importtime", "-c", "import pikepdf"],
                                    capture_output=True, text=True).stderr.splitlines()[-1].split("|")[1]) / 1e6
               for _ in range(5)]
    print(f"handout rendering, median of {repeat}: tagged {medians['tagged'] * 1000:.0f} ms, "
          f"untagged {medians['untagged'] * 1000:.0f} ms, ratio {medians['tagged'] / medians['untagged']:.2f}")
    print(f"importing pikepdf (once per cold build): {statistics.median(imports) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
