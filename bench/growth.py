"""How build time and memory grow with the input: the default content with 0, 25, 100 and 400
extra risks of 3,000 characters each (the largest close to the 2 MB file limit), built with a
page budget that lets every size through, and two inputs that must be refused quickly (one
value of 1.9 MB; the same 400 risks under the default budget).

Usage: python bench/growth.py [--repeat 3]
Prints, per size, the median time and peak memory of `kethandout build`, and the growth
exponent between neighbouring sizes: log(time ratio) / log(size ratio); 1 is linear, 2 is
quadratic. Ratios within one run; asserts nothing.
"""
from __future__ import annotations

import argparse
import copy
import math
import os
import statistics
import subprocess
import sys
import time
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import ROOT, run  # noqa: E402

SENTENCE = "You may feel sleepy for a few hours after a dose. "


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):  # content files may not use aliases
        return True


def content_with(extra_risks: int, max_pages: int | None, folder: Path) -> Path:
    data = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    template = data["risks"][0]
    for i in range(extra_risks):
        risk = copy.deepcopy(template)
        risk["id"], risk["patient"] = f"extra-{i}", (SENTENCE * 60).strip()
        data["risks"].append(risk)
    if max_pages:
        data["meta"]["max_pages"] = max_pages
    path = folder / f"content-{extra_risks}-{max_pages}.yaml"
    path.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def huge_value(folder: Path) -> Path:
    text = (ROOT / "content.yaml").read_text(encoding="utf-8")
    path = folder / "content-huge-value.yaml"
    path.write_text(text.replace('  title: "', '  title: "' + SENTENCE * 38_000, 1), encoding="utf-8")
    return path


def timed(content: Path, folder: Path, repeat: int, refused: bool = False) -> tuple[float, float]:
    runs = []
    for i in range(repeat):
        command = [sys.executable, "-m", "kethandout", "build", str(content), "--out", str(folder / f"out-{i}"),
                   "--only", "handout"]
        runs.append(_refused(command, folder) if refused else run(command, folder))
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def _refused(command: list[str], folder: Path) -> tuple[float, float]:
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1, "expected the build to be refused"
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'input':<34}{'bytes':>11}{'seconds':>9}{'peak MB':>9}{'exponent':>10}")
        previous = None
        for extra in (0, 25, 100, 400):
            path = content_with(extra, 1000, folder)
            size = path.stat().st_size
            seconds, peak = timed(path, folder, args.repeat)
            exponent = ""
            if previous:
                exponent = f"{math.log(seconds / previous[1]) / math.log(size / previous[0]):.2f}"
            print(f"{f'{extra} extra risks, builds':<34}{size:>11,}{seconds:>9.2f}{peak:>9.0f}{exponent:>10}")
            previous = (size, seconds)
        for name, path in (("400 extra risks, over budget", content_with(400, None, folder)),
                           ("one 1.9 MB value, refused", huge_value(folder))):
            seconds, peak = timed(path, folder, args.repeat, refused=True)
            print(f"{name:<34}{path.stat().st_size:>11,}{seconds:>9.2f}{peak:>9.0f}")


if __name__ == "__main__":
    main()
