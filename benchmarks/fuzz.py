"""A long fuzz run of the property-based tests, with many more examples than the test suite.

    python benchmarks/fuzz.py --examples 100000 [--seed N] [--jobs 2] [--property NAME ...] [--chunk 250]

Runs the properties of `tests/test_properties.py`: the same strategies, the same checks.
`--examples` is the total over the chosen properties, shared out by each property's weight
(`Property.share`: slow ones such as writing every encoding and a .docx get fewer). Examples run in
chunks, each a Hypothesis run (generation only) with its own seed, spread over `--jobs` processes.

Every example that breaks a property is counted under the failure's signature (what went wrong,
without the example's specifics). The first example of each signature is then reduced to its core:
Hypothesis has no shrinking here (it stops a run at the first failure); instead lines, then
characters, are deleted while the same failure still shows (delta debugging), keeping what the
property is about (the plans sentence under a plans heading, the deleted part whole).

Prints progress, then per property the examples run, the time taken and the violations, and for
each signature how many examples showed it with its minimal reproduction (the exact text, as a
Python literal). Exit code 0 when every property held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import multiprocessing
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # after the installed package: `checker` is it, as users run it
    sys.path.append(str(ROOT))  # `tests` is the checkout's

from hypothesis import HealthCheck, Phase, Verbosity, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402

from tests.generator import Edit  # noqa: E402
from tests.test_properties import PROPERTIES, Problem, checklist, heading_level  # noqa: E402

REDUCE_SECONDS = 60.0  # per failure signature
MAX_REDUCED = 12  # signatures reduced per property; later ones are only counted

Task = tuple[str, int, int, frozenset[str]]  # property, examples, seed, signatures already reduced


@dataclass
class Repro:
    signature: str
    case: str  # the minimal example, as Python literals
    detail: str
    note: str = ""  # for an edit: what was changed
    old: str = ""  # for an edit: the text before …
    new: str = ""  # … and after


@dataclass
class ChunkResult:
    name: str
    examples: int = 0
    seconds: float = 0.0  # running the examples
    seconds_reducing: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)  # signature → examples that showed it
    repros: list[Repro] = field(default_factory=list)  # for signatures not reduced before
    slowest: float = 0.0  # seconds, one example
    error: str = ""  # the runner itself failed


# ---------------------------------------------------------------- running a chunk


def run_chunk(name: str, count: int, seed: int, known: frozenset[str]) -> ChunkResult:
    """`count` examples of one property; the first example of each new failure, reduced."""
    prop = PROPERTIES[name]
    result = ChunkResult(name)
    counts: Counter[str] = Counter()
    first: dict[str, tuple[Any, Problem]] = {}

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    @hypothesis_seed(seed)
    @given(prop.strategy())
    def body(case: Any) -> None:
        start = time.perf_counter()
        problems = prop.check(case)
        result.slowest = max(result.slowest, time.perf_counter() - start)
        result.examples += 1
        counts.update({p.signature for p in problems})
        for p in problems:
            if p.signature not in known:
                first.setdefault(p.signature, (case, p))

    start = time.perf_counter()
    try:
        body()
    except Exception as exc:  # a check is written not to raise: this is the runner's own failure
        result.error = f"{type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - start
    result.counts = dict(counts)
    start = time.perf_counter()
    for signature, (case, problem) in list(first.items())[:MAX_REDUCED]:
        reduced = reduce_case(name, case, signature)
        problem = next((p for p in prop.check(reduced) if p.signature == signature), problem)
        result.repros.append(reproduction(reduced, problem))
    result.seconds_reducing = time.perf_counter() - start
    return result


def reproduction(case: Any, problem: Problem) -> Repro:
    """An example as exact Python literals, with what went wrong."""
    if isinstance(case, Edit):
        text = f"old = {literal(case.old)}\nnew = {literal(case.new)}"
        return Repro(problem.signature, text, problem.detail, case.note, case.old, case.new)
    if isinstance(case, str):
        return Repro(problem.signature, literal(case), problem.detail)
    return Repro(problem.signature, repr(case), problem.detail)


def literal(text: str) -> str:
    """A Python expression for `text`: `'unit' * n` when it is one unit repeated."""
    period = _period(text)
    return f"{text[:period]!r} * {len(text) // period}" if period else repr(text)


def _period(text: str) -> int | None:
    """The length of the unit `text` repeats (at least twice), or None."""
    at = (text + text).find(text, 1)
    return at if 0 < at <= len(text) // 2 else None


# ---------------------------------------------------------------- reducing a failure to its core
#
# An example is a list of atoms, each (its text in the old version, in the new one): equal text is
# one atom per character; inserted, deleted and replaced characters are atoms of their own.
# Deleting an atom deletes it from both versions. Lines go first, then characters (line breaks
# stay, so that the result still reads as lines). Heading lines stay whole; for the plans and
# deletion properties so does the edit, and a precondition keeps the edit what the property is
# about.

Atom = tuple[str, str]
Precondition = Callable[[list[Atom]], bool]


def atoms_of(case: str | Edit) -> list[Atom]:
    if isinstance(case, str):
        return [(c, c) for c in case]
    old, new = case.old.splitlines(keepends=True), case.new.splitlines(keepends=True)
    out: list[Atom] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "replace":  # lines that changed: characters inside them
            out += _diff_atoms("".join(old[a0:a1]), "".join(new[b0:b1]))
        else:
            out += _diff_atoms("".join(old[a0:a1]), "".join(new[b0:b1]), op)
    return out


def _diff_atoms(old: str, new: str, op: str = "") -> list[Atom]:
    if op == "equal":
        return [(c, c) for c in old]
    if op in ("insert", "delete"):
        return [("", c) for c in new] + [(c, "") for c in old]
    out: list[Atom] = []
    for code, a0, a1, b0, b1 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if code == "replace":
            out.append((old[a0:a1], new[b0:b1]))
        else:
            out += _diff_atoms(old[a0:a1], new[b0:b1], code)
    return out


def case_of(atoms: list[Atom], like: str | Edit) -> str | Edit:
    old = "".join(a for a, _ in atoms)
    if isinstance(like, str):
        return old
    return Edit(old, "".join(b for _, b in atoms), like.note)


def _changed(atom: Atom) -> bool:
    return atom[0] != atom[1]


def _heading(line: str) -> int | None:
    return heading_level(line) if line.strip() else None


def lines_of(atoms: list[Atom], whole: Callable[[Atom], bool]) -> list[list[Atom]]:
    """Atoms grouped by line; with `whole`, a run of such atoms starts a group of its own."""
    groups: list[list[Atom]] = [[]]
    for atom in atoms:
        if whole(atom) and groups[-1] and not whole(groups[-1][-1]):
            groups.append([])
        groups[-1].append(atom)
        if "\n" in atom[0] or "\n" in atom[1]:
            groups.append([])
    return [g for g in groups if g]


PLAN_WORDS = ("计划", "打算", "安排", "下一步")
PROBLEM_WORDS = ("问题", "不足", "短板", "差距")
NOT_WORK_WORDS = (*PLAN_WORDS, *PROBLEM_WORDS, "第一责任人")


def plans_precondition(atoms: list[Atom]) -> bool:
    """The added text is one stretch, and the headings above it (its part, that part's parent …)
    include a plans heading and no problems heading."""
    changed = [k for k, a in enumerate(atoms) if _changed(a)]
    if not changed or changed[-1] - changed[0] + 1 != len(changed) or any(atoms[k][0] for k in changed):
        return False  # not one stretch of added text
    before = "".join(a for a, _ in atoms[: changed[0]]).split("\n")
    ancestors, level = [], 99
    for line in reversed(before[:-1] if not before[-1] else before):
        found = _heading(line)
        if found is not None and found < level:
            ancestors.append(line)
            level = found
    plans = any(w in line for line in ancestors for w in PLAN_WORDS)
    only_problems = any(not any(w in line for w in PLAN_WORDS) and any(w in line for w in PROBLEM_WORDS)
                        for line in ancestors)
    return plans and not only_problems


def deletion_precondition(atoms: list[Atom]) -> bool:
    """What is deleted is whole lines: a work heading and what follows it, up to the next heading
    of its level or above (headings renumbered after it aside)."""
    deleted = [k for k, a in enumerate(atoms) if a[0] and not a[1]]
    if not deleted or deleted[-1] - deleted[0] + 1 != len(deleted):
        return False
    before = "".join(a for a, _ in atoms[: deleted[0]])
    block = "".join(a for a, _ in atoms[deleted[0] : deleted[-1] + 1])
    after = "".join(a for a, _ in atoms[deleted[-1] + 1 :])
    if (before and not before.endswith("\n")) or not block.endswith("\n"):
        return False
    head, *body = block.split("\n")
    level = _heading(head)
    if level is None or any(w in head for w in NOT_WORK_WORDS):
        return False
    if any((inner := _heading(line)) is not None and inner <= level for line in body):
        return False
    following = _heading(after.split("\n")[0])
    return following is not None and following <= level


PRECONDITIONS: dict[str, Precondition] = {
    "plans_never_promote": plans_precondition,
    "plans_only_plan": plans_precondition,
    "deletion_never_raises_score": deletion_precondition,
}


def reduce_case(name: str, case: Any, signature: str, seconds: float = REDUCE_SECONDS) -> Any:
    """The smallest example found within `seconds` that still shows `signature`."""
    check = PROPERTIES[name].check
    deadline = time.perf_counter() + seconds

    def shows(example: Any) -> bool:
        return any(p.signature == signature for p in check(example))

    if isinstance(case, bytes):
        kept = _ddmin([bytes([b]) for b in case], lambda bs: shows(b"".join(bs)), deadline)
        return b"".join(kept)
    if isinstance(case, tuple) and case and isinstance(case[0], str):  # a text and its settings
        text = _reduce_text(case[0], lambda t: shows((t, *case[1:])), lambda atoms: True, False, deadline)
        return (text, *case[1:])
    if isinstance(case, str) and _period(case):
        return _reduce_repetition(case, shows, deadline)
    if isinstance(case, str | Edit):
        precondition = PRECONDITIONS.get(name, lambda atoms: True)
        return _reduce_text(case, shows, precondition, name in PRECONDITIONS, deadline)
    return case


def _reduce_text(case: str | Edit, shows: Callable[[Any], bool], precondition: Precondition, keep_edit: bool,
                 deadline: float) -> str | Edit:
    def fails(atoms: list[Atom]) -> bool:
        return bool(atoms) and precondition(atoms) and shows(case_of(atoms, case))

    atoms = atoms_of(case)
    if not fails(atoms):
        return case
    whole = _changed if keep_edit else (lambda atom: False)
    groups = _ddmin(lines_of(atoms, whole), lambda gs: fails([a for g in gs for a in g]), deadline)
    pieces: list[list[Atom]] = []
    for group in groups:  # characters next, except in headings and the kept edit
        text = "".join(a or b for a, b in group)
        if _heading(text.strip("\n")) or any(whole(a) for a in group):
            pieces.append(group)
        else:
            pieces += [[a] for a in group]
    breaks = _line_breaks(pieces)

    def same_lines_fail(ps: list[list[Atom]]) -> bool:
        return _line_breaks(ps) == breaks and fails([a for p in ps for a in p])

    pieces = _ddmin(pieces, same_lines_fail, deadline)
    return case_of([a for p in pieces for a in p], case)


def _reduce_repetition(text: str, shows: Callable[[Any], bool], deadline: float) -> str:
    """A text that is one unit many times: the fewest repeats that still fail, then the smallest unit."""
    period = _period(text)
    assert period
    unit, low, high = text[:period], 1, len(text) // period
    while low < high and time.perf_counter() < deadline:
        middle = (low + high) // 2
        if shows(unit * middle):
            high = middle
        else:
            low = middle + 1
    if not shows(unit * high):
        return text
    lines = "\n" in unit  # a unit of lines stays a line at least
    kept = _ddmin(list(unit), lambda cs: ("\n" in "".join(cs)) >= lines and shows("".join(cs) * high), deadline)
    return "".join(kept) * high


def _line_breaks(pieces: list[list[Atom]]) -> int:
    return sum("\n" in a + b for p in pieces for a, b in p)


def _ddmin(items: list[Any], fails: Callable[[list[Any]], bool], deadline: float) -> list[Any]:
    """Delta debugging: remove chunks of `items` while `fails` still holds, halving the chunk size."""
    size = max(len(items) // 2, 1)
    while size >= 1 and time.perf_counter() < deadline:
        start, removed = 0, False
        while start < len(items) and time.perf_counter() < deadline:
            trial = items[:start] + items[start + size :]
            if trial and fails(trial):
                items, removed = trial, True
            else:
                start += size
        if not removed:
            size //= 2
    return items


# ---------------------------------------------------------------- the run


def share_out(total: int, names: list[str]) -> dict[str, int]:
    """`total` examples over the properties, by weight; at least one each."""
    weight = sum(PROPERTIES[n].share for n in names)
    exact = {n: total * PROPERTIES[n].share / weight for n in names}
    out = {n: max(1, int(exact[n])) for n in names}
    # largest remainders first, so that the budgets add up to the total asked for
    for n in sorted(names, key=lambda n: exact[n] - int(exact[n]), reverse=True)[: max(0, total - sum(out.values()))]:
        out[n] += 1
    return out


class Fuzz:
    """The run's bookkeeping: what is left to do, what was found."""

    def __init__(self, budgets: dict[str, int], chunk: int, seed: int) -> None:
        self.budgets = budgets
        self.left = dict(budgets)
        self.done: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self.reducing: Counter[str] = Counter()
        self.slowest: dict[str, float] = defaultdict(float)
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.repros: dict[str, dict[str, Repro]] = defaultdict(dict)
        self.errors: list[str] = []
        self.chunk = chunk
        self.rng = random.Random(seed)
        self.turn = 0
        self.started = time.perf_counter()

    def next_task(self) -> Task | None:
        """The next chunk, taking the properties in turn."""
        names = [n for n in self.budgets if self.left[n] > 0]
        if not names:
            return None
        name = names[self.turn % len(names)]
        self.turn += 1
        n = min(self.chunk, self.left[name])
        self.left[name] -= n
        known = set(self.repros[name])
        if len(known) >= MAX_REDUCED:
            known |= set(self.counts[name])  # enough reduced: count the rest
        return name, n, self.rng.getrandbits(64), frozenset(known)

    def record(self, task: Task, result: ChunkResult) -> None:
        name = task[0]
        if result.error:
            self.errors.append(f"{name} (seed {task[2]}): {result.error}")
        self.done[name] += result.examples
        self.seconds[name] += result.seconds + result.seconds_reducing
        self.reducing[name] += result.seconds_reducing
        self.slowest[name] = max(self.slowest[name], result.slowest)
        self.counts[name].update(result.counts)
        new = []
        for repro in result.repros:
            if repro.signature not in self.repros[name]:
                self.repros[name][repro.signature] = repro
                new.append(repro.signature)
        shown = f"  new: {'; '.join(new)}" if new else ""
        print(f"[{time.perf_counter() - self.started:7.1f}s] {name:<30} {self.done[name]:>7}/{self.budgets[name]:<7} "
              f"violations {sum(self.counts[name].values())}{shown}", flush=True)


def warm_up() -> None:
    checklist()


def run(fuzz: Fuzz, jobs: int) -> None:
    if jobs <= 1:
        warm_up()
        while (task := fuzz.next_task()) is not None:
            fuzz.record(task, run_chunk(*task))
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=warm_up) as pool:
        running: dict[Future[ChunkResult], Task] = {}
        while True:
            while len(running) < jobs and (task := fuzz.next_task()) is not None:
                running[pool.submit(run_chunk, *task)] = task
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                fuzz.record(running.pop(future), future.result())


# ---------------------------------------------------------------- the report


def shown(text: str) -> str:
    """Invisible and control characters as escapes, the rest as written."""
    return "".join(ch if ch.isprintable() and ch != "\u00ad" else ascii(ch)[1:-1] for ch in text)


def summary(fuzz: Fuzz, elapsed: float) -> int:
    total = sum(fuzz.done.values())
    violations = sum(sum(c.values()) for c in fuzz.counts.values())
    print()
    print(f"{'property':<30} {'examples':>9} {'seconds':>8} {'reducing':>9} {'slowest':>8} {'violations':>10} "
          f"{'kinds':>6}")
    for name in fuzz.budgets:
        print(f"{name:<30} {fuzz.done[name]:>9} {fuzz.seconds[name]:>8.1f} {fuzz.reducing[name]:>9.1f} "
              f"{fuzz.slowest[name]:>7.2f}s {sum(fuzz.counts[name].values()):>10} {len(fuzz.counts[name]):>6}")
    print(f"{'total':<30} {total:>9} {elapsed:>8.1f}s wall clock {'':>15} {violations:>10}")
    for name in fuzz.budgets:
        for signature, count in fuzz.counts[name].most_common():
            print(f"\n=== {name}: {signature} — {count} example(s)")
            repro = fuzz.repros[name].get(signature)
            if repro is None:
                print("(counted only: no reproduction kept)")
                continue
            print(repro.detail.rstrip())
            if repro.note:
                print(f"edit: {repro.note}")
                print("\n".join(shown(line) for line in difflib.unified_diff(
                    repro.old.split("\n"), repro.new.split("\n"), "old", "new", lineterm="", n=1)))
            print("minimal reproduction:")
            print(repro.case)
    for error in fuzz.errors:
        print(f"\nrunner error: {error}")
    return 1 if violations or fuzz.errors else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=10_000, help="total examples over the chosen properties")
    ap.add_argument("--seed", type=int, default=None, help="seed of the whole run (default: random, printed)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (the machine has 2 cores)")
    ap.add_argument("--chunk", type=int, default=250, help="examples per Hypothesis run")
    ap.add_argument("--property", action="append", choices=sorted(PROPERTIES), help="only these (repeatable)")
    ap.add_argument("--json", type=Path, help="also write the counts and reproductions here")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    budgets = share_out(args.examples, args.property or list(PROPERTIES))
    print(f"fuzz: seed {seed}, {args.jobs} job(s), {args.examples} examples: "
          + ", ".join(f"{n} {k}" for n, k in budgets.items()), flush=True)
    fuzz = Fuzz(budgets, args.chunk, seed)
    started = time.perf_counter()
    run(fuzz, args.jobs)
    code = summary(fuzz, time.perf_counter() - started)
    if args.json:
        found = {n: {"examples": fuzz.done[n], "seconds": round(fuzz.seconds[n], 1),
                     "violations": dict(fuzz.counts[n]), "repros": [asdict(r) for r in fuzz.repros[n].values()]}
                 for n in fuzz.budgets}
        args.json.write_text(json.dumps({"seed": seed, "examples": args.examples, "properties": found},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
