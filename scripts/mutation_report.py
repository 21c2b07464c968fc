"""Score of the last `make mutation` run per area, and the mutants the tests let through.

Reads mutmut's result files under mutants/ (run from the repository root):

    python scripts/mutation_report.py              # killed/total per area
    python scripts/mutation_report.py --survivors  # … and each surviving mutant's name
    python scripts/mutation_report.py --diff core  # … with the diff of each survivor in core
    python scripts/mutation_report.py --kinds core # survivors in core grouped by kind of change
    mutmut run $(python scripts/mutation_report.py --left core)  # retest what core left
"""

from __future__ import annotations

import argparse
import json
import re
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
    "archive": ("creditbook/archive/", "creditbook/winnames.py"),
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


# The kinds of change a survivor makes, first match wins: (label, test on the old and new line).
KINDS: tuple[tuple[str, object], ...] = (
    (
        "keyword spelling or default (strict=, encoding=, dtype=)",
        lambda old, new: re.search(r"strict=|encoding|dtype|astype\(None|utf-8", new, re.I),
    ),
    ("text changed to XX…XX", lambda old, new: re.search(r"[\"']XX.*?XX[\"']", new)),
    (
        "text in another case",
        lambda old, new: (
            _quoted(old) != _quoted(new) and _quoted(old).lower() == _quoted(new).lower()
        ),
    ),
    (
        "condition forced (`and False`, `or True`)",
        lambda old, new: " and False" in new or " or True" in new,
    ),
    ("a number one higher or lower", lambda old, new: _numbers(old) == _numbers(new)),
    ("a comparison at its edge (< ↔ <=)", lambda old, new: _compares(old) == _compares(new)),
    ("a value or argument made None", lambda old, new: new.count("None") > old.count("None")),
    ("an argument or statement dropped", lambda old, new: len(new) < len(old)),
)


def _quoted(line: str) -> str:
    return "".join(re.findall(r"\"[^\"]*\"|'[^']*'", line))


def _numbers(line: str) -> str:
    return re.sub(r"\b\d+\b", "N", line)


def _compares(line: str) -> str:
    return re.sub(r"[<>]=?|==|!=", "<>", line)


def kind_of(diff: str) -> str:
    """The kind of a mutant's change, from its unified diff."""
    lines = diff.splitlines()[2:]
    old = " ".join(x[1:].strip() for x in lines if x.startswith("-"))
    new = " ".join(x[1:].strip() for x in lines if x.startswith("+"))
    return next((label for label, test in KINDS if test(old, new)), "other")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--survivors", action="store_true", help="list every mutant not caught")
    parser.add_argument("--diff", metavar="AREA", help="show the diff of each survivor in AREA")
    parser.add_argument("--left", metavar="AREA", help="only print the names not killed in AREA")
    parser.add_argument("--kinds", metavar="AREA", help="group the survivors in AREA by kind")
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
    if args.kinds:
        return print_kinds(found.get(args.kinds, {}))
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


def print_kinds(mutants: dict[str, tuple[str, int | None]]) -> int:
    """Survivors by kind of change, each kind with the functions it hits (× how often)."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for name, (source, code) in sorted(mutants.items()):
        state = status(code)
        if state in {"killed", "timeout", "not run"}:
            continue
        kind = state
        if state == "survived":
            kind = kind_of(get_diff_for_mutant(name, path=Path("src") / source))
        function = (
            re.sub(r"__mutmut_\d+$", "", name)
            .rsplit(".", 1)[-1]
            .removeprefix("x_")
            .removeprefix("xǁ")
        )
        groups[kind][function.replace("ǁ", ".").strip(".")] += 1
    for kind, functions in sorted(groups.items(), key=lambda kv: -kv[1].total()):
        hits = ", ".join(f"{f} ×{n}" if n > 1 else f for f, n in functions.most_common())
        print(f"{functions.total():4}  {kind}: {hits}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
