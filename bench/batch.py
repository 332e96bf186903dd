"""Batch build benchmark: documents per second for 50 clinic profiles, with 1 and 2 jobs, in one run.

Usage: python bench/batch.py [--clinics 50] [--repeat 1]
Reports figures and the 2-job / 1-job ratio; it asserts nothing (targets are read, not enforced).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "clinics" / "riverside.yaml"


def make_profiles(folder: Path, count: int) -> None:
    """`count` copies of the Riverside example, each with its own id and name."""
    shutil.copy(EXAMPLE.parent / "riverside-logo.png", folder / "riverside-logo.png")
    text = EXAMPLE.read_text(encoding="utf-8")
    for n in range(1, count + 1):
        profile = text.replace("id: riverside", f"id: clinic-{n:02d}").replace(
            "Riverside Behavioral Health", f"Riverside Behavioral Health {n}")
        (folder / f"clinic-{n:02d}.yaml").write_text(profile, encoding="utf-8")


def timed_build(profiles: Path, out: Path, jobs: int) -> tuple[float, int]:
    """(seconds, documents written) for one batch build."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kethandout", "build", str(ROOT / "content.yaml"), "--clinics",
                    str(profiles), "--jobs", str(jobs), "--out", str(out)], check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    return elapsed, sum(1 for p in out.rglob("*") if p.suffix in (".pdf", ".pptx", ".html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinics", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        profiles = Path(tmp) / "profiles"
        profiles.mkdir()
        make_profiles(profiles, args.clinics)
        medians = {}
        for jobs in (1, 2):
            runs = [timed_build(profiles, Path(tmp) / f"out-{jobs}-{r}", jobs) for r in range(args.repeat)]
            medians[jobs] = statistics.median(t for t, _ in runs)
            documents = runs[0][1]  # each clinic: handout, deck and web page, in English and Spanish
            print(f"jobs={jobs}: {documents} documents in {medians[jobs]:.2f} s = "
                  f"{documents / medians[jobs]:.1f} documents/s (median of {args.repeat})")
        print(f"speed-up with 2 jobs: {medians[1] / medians[2]:.2f}x")


if __name__ == "__main__":
    main()
