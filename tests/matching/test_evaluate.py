"""Evaluation metrics: hand-made cases, and agreement with the shared bench's score.py."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from leadlink.commands.evaluate import register
from leadlink.io.csvio import RowError
from leadlink.io.results import read_matches, read_truth
from leadlink.matching.evaluate import DECISIONS, MatchRow, evaluate

SCORE_PY = Path("/work/shared/bench/score.py")


def _m(account: str, decision: str = "matched", confidence: float = 0.9) -> MatchRow:
    return MatchRow(account_id=account, decision=decision, confidence=confidence, reason="r")


def test_hand_made_case() -> None:
    truth = {"L1": "A1", "L2": "A2", "L3": "A3", "L4": "", "L5": "", "L6": "A6", "L7": "A7"}
    matches = {
        "L1": _m("A1"),  # right
        "L2": _m("A9", confidence=0.7),  # wrong link on a lead with an account: fp and fn
        "L3": _m("A3", "review", 0.5),  # review: a miss, not counted in precision
        "L4": _m("A4", confidence=0.95),  # wrong link on a no-match lead
        "L5": _m("", "unmatched", 0.0),  # right: no match
        # L6 absent: unmatched, a miss
        "L7": _m("A7", confidence=0.8),  # right
        "X1": _m("A1"),  # not in truth: ignored
    }
    report = evaluate(truth, matches, worst=10)
    assert (report.true_positives, report.false_positives, report.false_negatives) == (2, 2, 3)
    assert report.precision == pytest.approx(2 / 4)
    assert report.recall == pytest.approx(2 / 5)
    assert report.f1 == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert report.review_rate == pytest.approx(1 / 7)
    assert report.unmatched_rate == pytest.approx(2 / 7)
    assert (report.matched, report.review, report.unmatched) == (4, 1, 2)
    assert (report.wrong_on_no_match, report.wrong_on_no_match_rate) == (1, 0.5)
    assert report.not_in_truth == 1
    kinds = [(m.kind, m.lead_id) for m in report.mistakes]
    assert kinds == [("wrong link", "L4"), ("wrong link", "L2"), ("miss", "L3"), ("miss", "L6")]
    l2 = report.mistakes[1]
    assert (l2.predicted, l2.true, l2.confidence) == ("A9", "A2", 0.7)
    assert evaluate(truth, matches, worst=1).mistakes == report.mistakes[:1]


def test_calibration_bands_count_the_proposed_account() -> None:
    truth = {"L1": "A1", "L2": "A2", "L3": "A3", "L4": "", "L5": "A5", "L6": "A6"}
    matches = {
        "L1": _m("A1", confidence=1.0),  # right, top band (1.0 included)
        "L2": _m("A9", confidence=0.96),  # wrong, top band
        "L3": _m("A3", "review", 0.6),  # review with the right account: counts as right
        "L4": _m("A4", "review", 0.65),  # a no-match lead: wrong
        "L5": _m("A5", confidence=0.82),
        "L6": _m("A6", "unmatched", 0.3),  # below the review band: not counted
    }
    bands = {(b.low, b.high): b for b in evaluate(truth, matches).calibration}
    top, review, low_link = bands[0.95, 1.0], bands[0.5, 0.7], bands[0.8, 0.85]
    assert (top.leads, top.right, top.mean_confidence) == (2, 1, pytest.approx(0.98))
    assert (review.leads, review.right, review.share_right) == (2, 1, 0.5)
    assert (low_link.leads, low_link.right) == (1, 1)
    assert sum(b.leads for b in bands.values()) == 5


def test_empty_inputs_give_zero_rates() -> None:
    report = evaluate({}, {})
    assert (report.precision, report.recall, report.f1, report.review_rate) == (0, 0, 0, 0)
    nothing = evaluate({"L1": ""}, {})
    assert nothing.precision == 0 and nothing.wrong_on_no_match_rate == 0
    assert nothing.mistakes == []


def _load_score() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_score", SCORE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ids = st.sampled_from(["", "A1", "A2", "A3"])


@pytest.mark.skipif(not SCORE_PY.exists(), reason="shared bench score.py not present")
@settings(max_examples=80, deadline=None)
@given(
    truth=st.dictionaries(st.sampled_from([f"L{i}" for i in range(30)]), _ids, max_size=30),
    out=st.dictionaries(
        st.sampled_from([f"L{i}" for i in range(35)]),
        st.tuples(_ids, st.sampled_from(DECISIONS)),
        max_size=35,
    ),
)
def test_metrics_equal_score_py(truth: dict[str, str], out: dict[str, tuple[str, str]]) -> None:
    score: Any = _load_score().score
    if not truth:
        return  # score.py divides by len(truth)
    raw = {k: {"account_id": a, "decision": d} for k, (a, d) in out.items()}
    expected = score(truth, raw)
    report = evaluate(truth, {k: MatchRow(a, d) for k, (a, d) in out.items()})
    got = (
        report.precision,
        report.recall,
        report.f1,
        report.review_rate,
        report.wrong_on_no_match_rate,
    )
    assert all(math.isclose(x, y) for x, y in zip(got, expected, strict=True))


def _files(tmp_path: Path) -> tuple[Path, Path]:
    truth = tmp_path / "truth.csv"
    truth.write_text("lead_id,account_id\nL1,A1\nL2,A2\nL3,\nL4,A4\n", encoding="utf-8")
    matches = tmp_path / "matches.csv"
    matches.write_text(
        "Lead ID,Account ID,Decision,Confidence,Reason\n"
        "L1,A1,matched,0.91,same domain [acme.com]\n"
        "L2,A7,matched,0.88,name only\n"
        "L3,,unmatched,0.05,nothing fits\n"
        "L4,A4,maybe,0.5,x\n",
        encoding="utf-8",
    )
    return truth, matches


def test_readers_reject_bad_rows(tmp_path: Path) -> None:
    truth_path, matches_path = _files(tmp_path)
    errors: list[RowError] = []
    assert read_truth(truth_path, errors) == {"L1": "A1", "L2": "A2", "L3": "", "L4": "A4"}
    matches = read_matches(matches_path, errors)
    assert sorted(matches) == ["L1", "L2", "L3"]
    assert matches["L1"] == MatchRow("A1", "matched", 0.91, "same domain [acme.com]")
    assert [(e.row, e.column) for e in errors] == [(5, "decision")]


def test_bad_confidence_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("lead_id,decision,confidence\nL1,matched,abc\nL2,review,1.5\n", "utf-8")
    errors: list[RowError] = []
    assert read_matches(path, errors) == {}
    assert [(e.row, e.column) for e in errors] == [(2, "confidence"), (3, "confidence")]


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test shell."""

    register(app)
    return app


def test_command_prints_table_and_json(tmp_path: Path) -> None:
    truth, matches = _files(tmp_path)
    runner = CliRunner()
    args = ["evaluate", "--truth", str(truth), "--matches", str(matches)]
    result = runner.invoke(_app(), args)
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "0.500" in result.output
    assert "L2" in result.output and "[acme.com]" not in result.output  # only worst shown
    result = runner.invoke(_app(), [*args, "--json", "--worst", "1"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["precision"] == 0.5 and data["recall"] == pytest.approx(1 / 3)
    assert [m["lead_id"] for m in data["mistakes"]] == ["L2"]


def test_command_reports_unusable_file(tmp_path: Path) -> None:
    truth, _ = _files(tmp_path)
    result = CliRunner().invoke(
        _app(), ["evaluate", "--truth", str(truth), "--matches", str(truth)]
    )
    assert result.exit_code == 2
    assert "no 'decision' column" in result.output
