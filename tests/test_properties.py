"""Property-based tests: what must hold for *any* report, not just the seeds.

Reports are generated from a small grammar (title, opening, numbered parts of 1–4 sentences drawn
from phrase pools written for these tests, a 第一责任人 part, a problems part, a plans part,
signature and date, in several layouts); arbitrary text is generated from report vocabulary mixed
with heading markers, punctuation, dates, whitespace, invisible and control characters. The
properties, each a `check_*` function and a test:

1. grading never raises (text, and bytes through the .txt reader); every status is valid; the score
   is finite, in [0, 100] and follows from the statuses; the gate's verdict agrees with the score,
   and every output format (JUnit, SARIF, GitHub, JSON) states that verdict;
2. grading is deterministic (in one process, and across processes with other hash seeds);
3. the same report as UTF-8, GBK, UTF-16, .docx and in traditional characters gets the same statuses;
4. a sentence under the plans heading never makes an item `met` (nor, stronger, more than `planned`);
5. deleting a work part never raises the score;
6. invisible characters anywhere change no status and not the verdict (the listed ones, and the
   rest of Unicode's default-ignorable characters).

Each `check_*` function returns the problems it found (empty when the property holds), so that
`benchmarks/fuzz.py` runs the very same properties with many more examples.

Profiles: `HYPOTHESIS_PROFILE=ci` (the default: derandomized, 150 examples for a property of share
1, about 1,400 in all, about half a minute) or `HYPOTHESIS_PROFILE=dev` (random, 1,000 for a share of
1, failures kept in Hypothesis's example database).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from checker.checklist import loading
from checker.checklist.checklist import Checklist
from checker.checklist.compile import CompiledChecklist
from checker.models import STATUS_CREDIT, FazhiError, ReportResult, Source, Status
from checker.pipeline import grade_source
from checker.read import read
from checker.read import text as text_reader
from checker.render import FORMATS
from checker.render.json_format import to_dict
from checker.score.gate import Gate, failing_statuses
from checker.score.run import Run
from checker.view.view import ReportView, build

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from .generator import (
    ADDRESSEES,
    COMBINED_HEADINGS,
    COUNTIES,
    DEFAULT_IGNORABLE,
    DEFAULT_WORDS,
    FACT_SENTENCES,
    GENERIC_SENTENCES,
    ISSUERS,
    LEADER_HEADINGS,
    LEADER_SENTENCES,
    NEGATED_SENTENCES,
    OPENINGS,
    PLAN_HEADINGS,
    PLAN_SENTENCES,
    PROBLEM_HEADINGS,
    PROBLEM_SENTENCES,
    SUBTOPIC_HEADINGS,
    TITLES,
    TOPIC_HEADINGS,
    TOPIC_SENTENCES,
    TOWNS,
    UMBRELLA_HEADINGS,
    Edit,
    Report,
    Section,
    Where,
    arbitrary_bytes,
    arbitrary_text,
    deletions,
    invisible_edits,
    noisy_reports,
    plan_edits,
    report_texts,
)

ROOT = Path(__file__).resolve().parent.parent

settings.register_profile(
    "ci",
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],  # explaining costs minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=1000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(share: float) -> int:
    """This property's number of examples: a share of the profile's `max_examples`."""
    return max(5, round(settings.default.max_examples * share))


# ---------------------------------------------------------------- grading


@functools.cache
def checklist() -> Checklist:
    """The default checklist, loaded once per process."""
    return compiled().checklist


@functools.cache
def compiled() -> CompiledChecklist:
    """The default checklist compiled for grading, once per process."""
    return loading.load_compiled(loading.DEFAULT_CHECKLIST)


def grade(text: str, path: str = "report.txt") -> ReportResult:
    return grade_source(Source(path=path, text=text), compiled())


def statuses(result: ReportResult) -> dict[str, str]:
    return {i.id: i.status.value for i in result.items}


def report_view(result: ReportResult, gate: Gate) -> ReportView:
    """The report as every output shows it: the gate's verdict through `view.build` on a `Run`."""
    return build(make_run(result, gate)).reports[0]


def make_run(result: ReportResult, gate: Gate) -> Run:
    cl = checklist()
    return Run(
        checklist_id=cl.id,
        checklist_version=cl.version,
        checklist_title=cl.title,
        group_titles={g.id: g.title for g in cl.groups},
        results=[result],
        gate=gate,
    )


def default_gate() -> Gate:
    return Gate(pass_score=checklist().pass_score)


def as_json(result: ReportResult) -> str:
    """The `--format json` document of one report under the default gate."""
    return json.dumps(to_dict(build(make_run(result, default_gate()))), ensure_ascii=False, sort_keys=True)


STATUS_RANK = {Status.MISSING: 0, Status.PLANNED: 1, Status.PARTIAL: 2, Status.MET: 3}


# ---------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One way a property failed. `signature` names the failure without the example's specifics,
    so that the fuzz runner can count equal failures together."""

    signature: str
    detail: str


def raised(exc: BaseException, where: str = "") -> Problem:
    """An exception as a problem, located at the innermost frame in the package of the exception
    that started it (the pipeline wraps a defect into a FazhiError "内部错误")."""
    root = exc
    while root.__cause__ is not None:
        root = root.__cause__
    frames = traceback.extract_tb(root.__traceback__)
    inside = [f for f in frames if f"{os.sep}checker{os.sep}" in f.filename] or frames
    at = f"{Path(inside[-1].filename).name}:{inside[-1].lineno}" if inside else "?"
    kind = type(exc).__name__ + (f" ({type(root).__name__})" if root is not exc else "")
    prefix = f"{where}: " if where else ""
    text = "".join(traceback.format_exception(root)[-6:])
    return Problem(f"{prefix}raises {kind} at {at}", f"{prefix}{kind}: {exc}\n{text}")


def assert_holds(problems: Sequence[Problem]) -> None:
    assert not problems, "\n".join(p.detail for p in problems)


def compare(expected: dict[str, str], got: dict[str, str], where: str) -> list[Problem]:
    """One problem per item whose status differs."""
    return [
        Problem(f"{where}: {k} {expected.get(k)}→{got.get(k)}",
                f"{where}: {k} is {got.get(k)}, expected {expected.get(k)}")
        for k in sorted(set(expected) | set(got))
        if expected.get(k) != got.get(k)
    ]


# ---------------------------------------------------------------- the properties


def consistency(result: ReportResult) -> list[Problem]:
    """What must hold of any graded report: valid statuses, a finite score in [0, 100] that follows
    from the statuses, and a verdict that agrees with the score under the default and a strict gate."""
    cl = checklist()
    problems: list[Problem] = []
    ids = [i.id for i in result.items]
    if ids != [i.id for i in cl.items]:
        problems.append(Problem("items differ from the checklist", f"items {ids}"))
    for item in result.items:
        if not isinstance(item.status, Status):
            problems.append(Problem("invalid status", f"{item.id}: status {item.status!r}"))
        elif not item.waiver and item.earned != round(item.weight * STATUS_CREDIT[item.status], 2):
            problems.append(Problem("earned does not follow status", f"{item.id}: {item.status} earned {item.earned}"))
    score = result.score
    if not isinstance(score, int | float) or not math.isfinite(score) or not 0 <= score <= 100:
        return [*problems, Problem("score not finite or out of [0, 100]", f"score {score!r}")]
    total = sum(i.weight for i in result.items if not i.waiver)
    expected = 100 * sum(i.weight * STATUS_CREDIT[i.status] for i in result.items if not i.waiver) / total
    if abs(score - expected) > 0.051:
        problems.append(Problem("score does not follow statuses", f"score {score}, statuses give {expected:.2f}"))
    if result.grade != cl.grade_for(score):
        problems.append(Problem("grade does not follow score", f"grade {result.grade} for {score}"))
    below = score < cl.pass_score
    if result.passed == below:
        problems.append(Problem("passed disagrees with score", f"passed={result.passed}, score {score}"))
    plain = report_view(result, default_gate())
    if plain.passed == below or plain.score_fails != below:
        problems.append(Problem("default gate verdict disagrees with score",
                                f"passed={plain.passed} score_fails={plain.score_fails}, score {score}"))
    strict_gate = Gate(pass_score=cl.pass_score, fail_on=failing_statuses("partial"))
    strict = report_view(result, strict_gate)
    failing = any(i.severity == "required" and not i.waiver and i.status is not Status.MET for i in result.items)
    if strict.passed != (not below and not failing):
        problems.append(Problem("strict gate verdict disagrees with score and statuses",
                                f"passed={strict.passed}, score {score}, a required item not met: {failing}"))
    document = json.loads(as_json(result))
    if document["reports"][0]["passed"] != plain.passed or document["reports"][0]["score"] != score:
        problems.append(Problem("json output disagrees with the view", json.dumps(document["reports"][0])[:300]))
    return problems


def check_never_raises(text: str) -> list[Problem]:
    """Property 1: grading any text never raises, and its result is consistent (`consistency`)."""
    try:
        return consistency(grade(text))
    except Exception as exc:
        return [raised(exc)]


def check_reader_never_raises(data: bytes) -> list[Problem]:
    """Property 1 (reader): any bytes read as a .txt file either give a clear `FazhiError` or text
    that grades without raising."""
    try:
        source = text_reader.decode("report.txt", data)
    except FazhiError:
        return []
    except Exception as exc:
        return [raised(exc, "reader")]
    return check_never_raises(source.text)


def check_deterministic(text: str) -> list[Problem]:
    """Property 2: grading the same text twice gives identical results and identical JSON."""
    try:
        first, second = grade(text), grade(text)
        problems = []
        if dataclasses.asdict(first) != dataclasses.asdict(second):
            problems.append(Problem("second grading differs", f"{statuses(first)} vs {statuses(second)}"))
        if as_json(first) != as_json(second):
            problems.append(Problem("second json output differs", "json output differs"))
        return problems
    except Exception as exc:
        return [raised(exc)]


GRADE_BATCH = """
import json, sys
sys.path.insert(0, sys.argv[1])
from tests.test_properties import as_json, grade
print(json.dumps([as_json(grade(t)) for t in json.loads(sys.stdin.read())]))
"""


def check_deterministic_across_processes(texts: list[str], seeds: Sequence[int] = (1, 2)) -> list[Problem]:
    """Property 2 (processes): a fresh process with another hash seed (set and dict orders) gives
    the same JSON output as this one."""
    try:
        here = [as_json(grade(t)) for t in texts]
    except Exception as exc:
        return [raised(exc)]
    problems = []
    for seed in seeds:
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        proc = subprocess.run([sys.executable, "-c", GRADE_BATCH, str(ROOT)], input=json.dumps(texts), text=True,
                              capture_output=True, env=env, cwd=ROOT, timeout=300)
        if proc.returncode:
            problems.append(Problem("grading subprocess failed", proc.stderr[-2000:]))
            continue
        for text, mine, theirs in zip(texts, here, json.loads(proc.stdout), strict=True):
            if mine != theirs:
                a, b = json.loads(mine)["reports"][0], json.loads(theirs)["reports"][0]
                diff = {k: (a[k], b[k]) for k in a if a[k] != b.get(k) and k != "items"}
                items = [x["id"] for x, y in zip(a["items"], b["items"], strict=True) if x != y]
                problems.append(Problem(f"PYTHONHASHSEED={seed} output differs",
                                        f"PYTHONHASHSEED={seed}: {diff} items {items} for {text!r}"))
    return problems


def write_docx(text: str, path: Where, styled: bool) -> None:
    """One paragraph per non-empty line; `styled` gives heading lines a Word heading style as well."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if not line.strip():
            continue
        level = heading_level(line) if styled else None
        document.add_paragraph(line, style=f"Heading {level}" if level else None)
    document.save(str(path))


HEADINGS = [(re.compile(r"^[一二三四五六七八九十]+、"), 1), (re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), 2),
            (re.compile(r"^(?:\d+[.、]|（\d+）)"), 3)]


def heading_level(line: str) -> int | None:
    """The level of a heading line of the grammar (一、 → 1, （一） → 2, 1. → 3), None for a body line."""
    return next((level for pattern, level in HEADINGS if pattern.match(line) and "。" not in line), None)


@functools.cache
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def encoded_variants(text: str, folder: Path) -> dict[str, Path]:
    """The report as the files a grader receives."""
    traditional = _s2t().convert(text)
    data = {
        "utf-8": text.encode("utf-8"),
        "utf-8 BOM": text.encode("utf-8-sig"),
        "gbk": text.encode("gbk"),
        "utf-16 LE BOM": text.encode("utf-16"),  # Python writes the BOM first
        "utf-16 BE BOM": b"\xfe\xff" + text.encode("utf-16-be"),
        "utf-16 CRLF": text.replace("\n", "\r\n").encode("utf-16"),
        "traditional utf-8": traditional.encode("utf-8"),
    }
    with contextlib.suppress(UnicodeEncodeError):  # a character Big5 lacks: no such variant
        data["traditional big5"] = traditional.encode("big5")
    with contextlib.suppress(UnicodeEncodeError):
        data["traditional gbk"] = traditional.encode("gbk")
    paths = {}
    for n, (name, content) in enumerate(data.items()):
        paths[name] = folder / f"report-{n}.txt"
        paths[name].write_bytes(content)
    for name, styled in (("docx", False), ("docx heading styles", True)):
        paths[name] = folder / f"report-{int(styled)}.docx"
        write_docx(text, paths[name], styled)
    return paths


def check_encodings(text: str) -> list[Problem]:
    """Property 3: the report as UTF-8, GBK, UTF-16 (BOM), .docx, and in traditional characters
    read through `readers.read` gets the same statuses as the text itself."""
    try:
        expected = statuses(grade(text))
    except Exception as exc:
        return [raised(exc)]
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="fazhi-prop-") as tmp:
        for name, path in encoded_variants(text, Path(tmp)).items():
            try:
                got = statuses(grade_source(read(str(path)), compiled()))
            except Exception as exc:
                problems.append(raised(exc, name))
                continue
            problems += compare(expected, got, name)
    return problems


NOT_FROM_PLANS = "S4"  # a plans part with body is what S4 asks for: more plans may well meet it


def check_plans_never_promote(edit: Edit) -> list[Problem]:
    """Property 4: a sentence added under the plans heading never makes an item `met` that was not."""
    try:
        old, new = statuses(grade(edit.old)), statuses(grade(edit.new))
    except Exception as exc:
        return [raised(exc)]
    return [
        Problem(f"plans sentence promotes {k} {old[k]}→met", f"{k}: {old[k]} → met after {edit.note}")
        for k in old
        if k != NOT_FROM_PLANS and old[k] != "met" and new.get(k) == "met"
    ]


def check_plans_only_plan(edit: Edit) -> list[Problem]:
    """Property 4 (stronger): a sentence under the plans heading moves an item at most up to
    `planned`, and never down."""
    try:
        old, new = grade(edit.old), grade(edit.new)
    except Exception as exc:
        return [raised(exc)]
    problems = []
    for a, b in zip(old.items, new.items, strict=True):
        if a.id == NOT_FROM_PLANS:
            continue
        ceiling = max(STATUS_RANK[a.status], STATUS_RANK[Status.PLANNED])
        if STATUS_RANK[b.status] > ceiling or STATUS_RANK[b.status] < STATUS_RANK[a.status]:
            problems.append(Problem(f"plans sentence moves {a.id} {a.status}→{b.status}",
                                    f"{a.id}: {a.status} → {b.status} after {edit.note}"))
    return problems


def check_deletion_never_raises_score(edit: Edit) -> list[Problem]:
    """Property 5: deleting a work part (heading and body) never raises the score."""
    try:
        old, new = grade(edit.old), grade(edit.new)
    except Exception as exc:
        return [raised(exc)]
    if new.score <= old.score:
        return []
    moved = ", ".join(f"{a.id} {a.status}→{b.status}" for a, b in zip(old.items, new.items, strict=True)
                      if a.status != b.status)
    return [Problem(f"deletion raises score ({moved})",
                    f"score {old.score} → {new.score} after {edit.note}; {moved}")]


def check_invisible(edit: Edit) -> list[Problem]:
    """Property 6: invisible characters inserted anywhere change no status, and not the verdict."""
    try:
        old, new = grade(edit.old), grade(edit.new)
    except Exception as exc:
        return [raised(exc)]
    problems = compare(statuses(old), statuses(new), "invisible characters")
    if old.score != new.score:
        problems.append(Problem("invisible characters change the score", f"score {old.score} → {new.score}"))
    a, b = report_view(old, default_gate()), report_view(new, default_gate())
    if a.passed != b.passed:
        problems.append(Problem("invisible characters change the verdict", f"passed {a.passed} → {b.passed}"))
    return problems


GateCase = tuple[str, str | None, float | None]  # a text, --fail-on, --min-score


def gate_cases() -> SearchStrategy[GateCase]:
    """A report or any text, under a gate such as `--fail-on` and `--min-score` make."""
    return st.tuples(
        st.one_of(report_texts(), noisy_reports(), arbitrary_text()),
        st.sampled_from([None, "partial", "planned", "missing"]),
        st.one_of(st.none(), st.integers(0, 100).map(float), st.floats(0, 100)),
    )


def check_outputs_agree(case: GateCase) -> list[Problem]:
    """Property 1 (outputs): every output format renders without raising, and each states the
    gate's verdict (gate.py): not passed ⇔ JUnit has a failure ⇔ SARIF has an `error` result ⇔
    GitHub gets an `::error` line ⇔ JSON says `passed: false`; and the verdict is the gate's rule
    (score below the pass score, a required item in a `--fail-on` status, or not a report at all)."""
    text, fail_on, min_score = case
    cl = checklist()
    gate = Gate(pass_score=cl.pass_score if min_score is None else min_score, fail_on=failing_statuses(fail_on),
                min_score=min_score is not None)
    try:
        result = grade(text)
        view = build(make_run(result, gate))
        outputs = {}
        for name in FORMATS:
            buffer = io.StringIO()
            FORMATS[name](view, buffer)
            outputs[name] = buffer.getvalue()
    except Exception as exc:
        return [raised(exc)]
    passed = view.passed
    problems = []
    expected = (result.score >= gate.pass_score and not any(gate.item_fails(i) for i in result.items)
                and not any(f.kind == "not_a_report" for f in result.findings))
    if passed != expected:
        problems.append(Problem("verdict is not the gate's rule", f"passed={passed}, score {result.score}, {gate}"))
    try:
        junit = ET.fromstring(outputs["junit"])
        sarif = [r for run in json.loads(outputs["sarif"])["runs"] for r in run["results"]]
        said = {
            "junit": int(junit.get("failures", "0")) > 0 or junit.find(".//failure") is not None,
            "sarif": any(r.get("level") == "error" for r in sarif),
            "github": any(line.startswith("::error") for line in outputs["github"].splitlines()),
            "json": not json.loads(outputs["json"])["reports"][0]["passed"],
        }
    except Exception as exc:
        return [*problems, raised(exc, "reading an output back")]
    problems += [
        Problem(f"{name} disagrees with the verdict", f"{name} says failed={failed}, the verdict passed={passed}")
        for name, failed in said.items()
        if failed == passed
    ]
    return problems


@dataclass(frozen=True)
class Property:
    """A property for the fuzz runner: its strategy, its check, and its share of the examples."""

    name: str
    strategy: Callable[[], SearchStrategy[Any]]
    check: Callable[[Any], list[Problem]]
    share: float


PROPERTIES = {
    p.name: p
    for p in [
        Property("never_raises_text", arbitrary_text, check_never_raises, 2.0),
        Property("never_raises_reports", report_texts, check_never_raises, 1.0),
        Property("never_raises_reader", arbitrary_bytes, check_reader_never_raises, 1.0),
        Property("outputs_agree", gate_cases, check_outputs_agree, 0.5),
        Property("deterministic", report_texts, check_deterministic, 0.5),
        Property("deterministic_processes", lambda: st.lists(report_texts(), min_size=16, max_size=16),
                 check_deterministic_across_processes, 0.01),
        Property("encodings", report_texts, check_encodings, 0.3),
        Property("plans_never_promote", plan_edits, check_plans_never_promote, 1.0),
        Property("plans_only_plan", plan_edits, check_plans_only_plan, 0.5),
        Property("deletion_never_raises_score", deletions, check_deletion_never_raises_score, 1.0),
        Property("invisible_characters", invisible_edits, check_invisible, 1.0),
        Property("default_ignorable_characters", lambda: invisible_edits(DEFAULT_IGNORABLE), check_invisible, 0.3),
    ]
}


# ---------------------------------------------------------------- the tests


def test_the_grammar_can_be_written_in_gbk() -> None:
    """Every phrase of the grammar can be written in GBK (property 3 needs it)."""
    pools = [*TOPIC_SENTENCES.values(), *TOPIC_HEADINGS.values(), *SUBTOPIC_HEADINGS.values(), NEGATED_SENTENCES,
             FACT_SENTENCES, GENERIC_SENTENCES, LEADER_SENTENCES,
             PROBLEM_SENTENCES, PLAN_SENTENCES, TITLES, OPENINGS, ADDRESSEES, UMBRELLA_HEADINGS, LEADER_HEADINGS,
             PROBLEM_HEADINGS, PLAN_HEADINGS, COMBINED_HEADINGS, ISSUERS, COUNTIES, TOWNS]
    for phrase in (p for pool in pools for p in pool):
        phrase.encode("gbk")


@settings(max_examples=examples(2.0))
@given(arbitrary_text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    """Property 1: any text grades without raising; statuses are valid; the score is finite, in
    [0, 100] and follows from the statuses; the gate's verdict agrees with the score."""
    assert_holds(check_never_raises(text))


@settings(max_examples=examples(1.0))
@given(report_texts())
def test_never_raises_on_generated_reports(text: str) -> None:
    """Property 1 on grammar reports: no exception, valid statuses, score and verdict consistent."""
    assert_holds(check_never_raises(text))


@settings(max_examples=examples(1.0))
@given(arbitrary_bytes())
def test_reader_never_raises_but_fazhi_error(data: bytes) -> None:
    """Property 1 through the .txt reader: any bytes give a FazhiError or text that grades cleanly."""
    assert_holds(check_reader_never_raises(data))


@settings(max_examples=examples(0.5))
@given(gate_cases())
def test_every_output_agrees_with_the_verdict(case: GateCase) -> None:
    """Property 1 (outputs): all formats render; JUnit, SARIF, GitHub and JSON all state the gate's
    verdict, and the verdict is the gate's rule for the score and the statuses."""
    assert_holds(check_outputs_agree(case))


@settings(max_examples=examples(0.5))
@given(report_texts())
def test_deterministic(text: str) -> None:
    """Property 2: grading the same text twice gives identical results and identical JSON output."""
    assert_holds(check_deterministic(text))


@settings(max_examples=2)
@given(st.lists(st.one_of(report_texts(), noisy_reports()), min_size=8, max_size=8))
def test_deterministic_across_processes(texts: list[str]) -> None:
    """Property 2 across processes: other hash seeds (set/dict orders) give the same JSON output."""
    assert_holds(check_deterministic_across_processes(texts))


@settings(max_examples=examples(0.3))
@given(report_texts())
def test_same_statuses_in_every_encoding_and_format(text: str) -> None:
    """Property 3: UTF-8, UTF-8 BOM, GBK, UTF-16 (BOM, LE/BE, CRLF), .docx (plain and with heading
    styles), traditional characters (UTF-8, Big5, GBK) all read to the same item statuses."""
    assert_holds(check_encodings(text))


@settings(max_examples=examples(1.0))
@given(plan_edits())
def test_plans_never_promote_to_met(edit: Edit) -> None:
    """Property 4: appending a sentence under the plans heading never raises any item to `met`."""
    assert_holds(check_plans_never_promote(edit))


@settings(max_examples=examples(0.5))
@given(plan_edits())
def test_plans_only_ever_add_planned(edit: Edit) -> None:
    """Property 4 (stronger): a sentence under the plans heading moves an item at most to `planned`
    (no partial or met credit from a plan), and never lowers one."""
    assert_holds(check_plans_only_plan(edit))


@settings(max_examples=examples(1.0))
@given(deletions())
def test_deleting_a_work_part_never_raises_the_score(edit: Edit) -> None:
    """Property 5: deleting a work part (a heading and its body) never raises the total score."""
    assert_holds(check_deletion_never_raises_score(edit))


@settings(max_examples=examples(1.0))
@given(invisible_edits())
def test_invisible_characters_change_nothing(edit: Edit) -> None:
    """Property 6: zero-width and direction characters anywhere (line starts included) change no
    status, no score and not the verdict."""
    assert_holds(check_invisible(edit))


@settings(max_examples=examples(0.3))
@given(invisible_edits(DEFAULT_IGNORABLE))
def test_default_ignorable_characters_change_nothing(edit: Edit) -> None:
    """Property 6 beyond the listed characters: the rest of Unicode's Default_Ignorable_Code_Point set
    (combining grapheme joiner, Arabic letter mark, variation selectors, Hangul fillers, tags …) is
    invisible too, and must change no status, no score and not the verdict."""
    assert_holds(check_invisible(edit))


def test_report_grammar_sample_is_graded_as_written() -> None:
    """A sanity check of the grammar: a report with every topic meets the structure items."""
    words = DEFAULT_WORDS
    work = tuple(
        Section("work", TOPIC_HEADINGS[t][0], tuple(words.fill(s, 3, 5) + "。" for s in TOPIC_SENTENCES[t]), number=n)
        for n, t in enumerate(sorted(TOPIC_HEADINGS), 1)
    )
    report = Report(
        title=words.fill(TITLES[0]),
        addressee="",
        opening=words.fill(OPENINGS[0]),
        sections=(
            Section("umbrella", words.fill(UMBRELLA_HEADINGS[0]), children=work, number=1),
            Section("leader", LEADER_HEADINGS[0], tuple(words.fill(s, 2) + "。" for s in LEADER_SENTENCES), number=2),
            # two shortcomings and two arrangements: S2 and S4 need substance, not one bare line
            Section("problems", PROBLEM_HEADINGS[0], tuple(words.fill(s) + "。" for s in PROBLEM_SENTENCES[:2]),
                    number=3),
            Section("plans", words.fill(PLAN_HEADINGS[0]), tuple(words.fill(s, 4) + "。" for s in PLAN_SENTENCES[:2]),
                    number=4),
        ),
        signature=("柳河镇人民政府", "2026年1月20日"),
    )
    result = grade(report.text())
    got = statuses(result)
    assert {k: got[k] for k in ("S1", "S2", "S3", "S4", "M1")} == dict.fromkeys(("S1", "S2", "S3", "S4", "M1"), "met")
    assert result.score >= checklist().pass_score, got
