"""Score of the last `make mutation` run per area, and the mutants the tests let through.

Reads mutmut's result files under mutants/ (run from the repository root):

    python scripts/mutation_report.py              # killed/total per area
    python scripts/mutation_report.py --survivors  # … and each surviving mutant's name
    python scripts/mutation_report.py --diff core  # … with the diff of each survivor in core
    mutmut run $(python scripts/mutation_report.py --left core)  # retest what core left
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

MUTANTS = Path("mutants")
# Area → source files (as under src/), in the order the report prints them.
AREAS = {
    "core": ("creditbook/core/",),
    "readers": ("creditbook/inputs/",),
    "letters": (
        "creditbook/documents/contexts.py",
        "creditbook/documents/letters.py",
        "creditbook/documents/batch.py",
        "creditbook/documents/numbering.py",
    ),
    "archive": ("creditbook/archive/",),
}
# mutmut's exit codes: 1 and 3 (a test failed or errored) and 36/-24/24/152/255 (the tests
# ran past their time, usually an endless loop) mean the mutant was caught.
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}
STATUS = {0: "survived", 33: "no tests", 5: "no tests", None: "not run"}


def area_of(source: str) -> str | None:
    return next((a for a, prefixes in AREAS.items() if source.startswith(prefixes)), None)


def load() -> dict[str, dict[str, tuple[str, int | None]]]:
    """Area → mutant name → (source file, exit code)."""
    found: dict[str, dict[str, tuple[str, int | None]]] = defaultdict(dict)
    for meta in sorted(MUTANTS.glob("src/**/*.py.meta")):
        source = meta.relative_to(MUTANTS / "src").as_posix().removesuffix(".meta")
        area = area_of(source)
        if area is None:
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for name, code in codes.items():
            found[area][name] = (source, code)
    return found


def status(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    return STATUS.get(code, f"exit {code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--survivors", action="store_true", help="list every mutant not caught")
    parser.add_argument("--diff", metavar="AREA", help="show the diff of each survivor in AREA")
    parser.add_argument("--left", metavar="AREA", help="only print the names not killed in AREA")
    args = parser.parse_args()
    if not MUTANTS.is_dir():
        parser.error("no mutants/ folder here: run `make mutation` first")
    found = load()
    if args.left:
        left = [
            n
            for n, (_, code) in found.get(args.left, {}).items()
            if status(code) not in {"killed", "timeout"}
        ]
        print("\n".join(sorted(left)))
        return 0
    print(f"{'area':8} {'killed':>7} {'total':>6} {'score':>6}  not caught")
    for area in AREAS:
        mutants = found.get(area, {})
        counts = Counter(status(code) for _, code in mutants.values())
        caught = counts["killed"] + counts["timeout"]
        total = len(mutants) - counts["not run"]
        score = f"{caught / total:.1%}" if total else "—"
        rest = ", ".join(
            f"{n} {s}" for s, n in sorted(counts.items()) if s not in {"killed", "timeout"}
        )
        if counts["timeout"]:
            rest = f"{rest} (killed includes {counts['timeout']} timeout)".lstrip()
        print(f"{area:8} {caught:>7} {total:>6} {score:>6}  {rest}")
    for area in AREAS:
        left = {
            name: source
            for name, (source, code) in found.get(area, {}).items()
            if status(code) not in {"killed", "timeout", "not run"}
        }
        if not (args.survivors or args.diff == area) or not left:
            continue
        print(f"\n{area}: {len(left)} not caught")
        for name, source in sorted(left.items()):
            print(f"  {name}  [{status(found[area][name][1])}]")
            if args.diff == area:
                from mutmut.mutation.diff_apply import get_diff_for_mutant

                diff = get_diff_for_mutant(name, path=Path("src") / source)
                print("\n".join("      " + line for line in diff.splitlines()[2:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
