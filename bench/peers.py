#!/usr/bin/env python3
"""Run the strongest peers of leadlink's matcher on the same canonical files and score them alike.

usage:
  .venv/bin/python bench/peers.py --setup                 # create bench/.venv-peers
  .venv/bin/python bench/peers.py SET_DIR [SET_DIR ...]   # each holds accounts/leads/truth.csv
      [--peers string_grouper,splink,tfidf,leadlink] [--json-out FILE] [--splink-m labels|em]

Each peer runs as its own subprocess of bench/.venv-peers/bin/python (this same file in --worker
mode, which imports nothing but the standard library until a peer starts), so the peak memory
(getrusage of that child) and the time belong to one peer. A peer that only ranks is scored at
the threshold that gives it its best F1 on that data; the threshold is reported. Scoring is
leadlink's `evaluate`, which counts exactly as the shared bench's score.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEERS_VENV = HERE / ".venv-peers"
PEERS_PYTHON = PEERS_VENV / "bin" / "python"
REQUIREMENTS = HERE / "peers_requirements.txt"
PEERS = ("string_grouper", "splink", "tfidf", "leadlink")
_LEGAL_WORDS = (
    "inc incorporated corp corporation co company ltd limited llc plc gmbh ag sa nv bv kk"
)
LEGAL = frozenset((_LEGAL_WORDS + " kabushiki kaisha spa srl oy ab as the").split())

# ---------------------------------------------------------------- shared helpers (stdlib only)


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a canonical CSV file (BOM tolerated)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def norm_name(text: str, strip_legal: bool = True) -> str:
    """Lower case, punctuation to spaces, legal-form words dropped: the peers' name key."""
    words = re.sub(r"[^0-9a-z]+", " ", text.lower()).split()
    kept = [w for w in words if not (strip_legal and w in LEGAL)]
    return " ".join(kept or words)


def host(text: str) -> str:
    """Bare host of a URL, domain or e-mail address ('' if none)."""
    text = text.strip().lower().rsplit("@", 1)[-1]
    text = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0].split(":", 1)[0]
    return text.removeprefix("www.")


# ---------------------------------------------------------------- the peers (run in the venv)


def peer_string_grouper(accounts: list[dict[str, str]], leads: list[dict[str, str]]) -> list:
    """string_grouper 0.8.0 match_strings on company names (per-lead top match)."""
    import pandas as pd
    from string_grouper import match_strings

    acc = [a for a in accounts if a["name"].strip()]
    lds = [x for x in leads if x.get("company", "").strip()]
    matches = match_strings(
        pd.Series([x["company"] for x in lds], name="company"),
        pd.Series([a["name"] for a in acc], name="name"),
        master_id=pd.Series([x["id"] for x in lds], name="lead_id"),
        duplicates_id=pd.Series([a["id"] for a in acc], name="account_id"),
        max_n_matches=1,
        min_similarity=0.1,
    )
    lead_col = next(c for c in matches.columns if c.endswith("lead_id"))
    acc_col = next(c for c in matches.columns if c.endswith("account_id"))
    best = matches.sort_values("similarity", ascending=False).drop_duplicates(lead_col)
    rows = zip(best[lead_col], best[acc_col], best["similarity"], strict=True)
    return [(str(lead), str(account), float(score)) for lead, account, score in rows]


def peer_tfidf(accounts: list[dict[str, str]], leads: list[dict[str, str]]) -> list:
    """TF-IDF char-3-gram top-20 candidates per lead, reranked with rapidfuzz WRatio."""
    import numpy as np
    from rapidfuzz import fuzz
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sparse_dot_topn import sp_matmul_topn

    acc_names = [norm_name(a["name"]) for a in accounts]
    lds = [x for x in leads if norm_name(x.get("company", ""))]
    lead_names = [norm_name(x["company"]) for x in lds]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), dtype=np.float32)
    account_matrix = vectorizer.fit_transform(acc_names)
    lead_matrix = vectorizer.transform(lead_names)
    top = sp_matmul_topn(lead_matrix, account_matrix.T.tocsr(), top_n=20, sort=True)
    out = []
    for i, name in enumerate(lead_names):
        cands = top.indices[top.indptr[i] : top.indptr[i + 1]]
        if len(cands):
            scores = [fuzz.WRatio(name, acc_names[j]) for j in cands]
            k = int(np.argmax(scores))
            out.append((lds[i]["id"], accounts[cands[k]]["id"], scores[k] / 100.0))
    return out


def _splink_frame(rows: list[dict[str, str]], name_col: str, domain_cols: tuple[str, ...]) -> Any:
    import pandas as pd

    def phone(text: str) -> str | None:
        digits = re.sub(r"\D", "", text)
        return digits[-9:] if len(digits) >= 7 else None

    records = []
    for r in rows:
        name = norm_name(r.get(name_col, ""))
        domain = next((h for c in domain_cols if (h := host(r.get(c, "").split(";")[0]))), "")
        records.append(
            {
                "unique_id": r["id"],
                "name": name or None,
                "name_tok1": name.split()[0] if name else None,
                "email_domain": domain or None,
                "city": r.get("city", "").strip().lower() or None,
                "country": r.get("country", "").strip().lower() or None,
                "phone": phone(r.get("phone", "")),
            }
        )
    return pd.DataFrame.from_records(records)


def peer_splink(accounts: list[dict[str, str]], leads: list[dict[str, str]], args: Any) -> list:
    """splink 5 (DuckDB): name + e-mail domain + city + country + phone, m from labels or EM."""
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink.internals.exceptions import EMTrainingException

    con = duckdb.connect()
    con.execute(f"SET memory_limit='{args.duckdb_memory}'")
    con.execute("SET threads=2")
    db = DuckDBAPI(connection=con)
    left = db.register(_splink_frame(leads, "company", ("email", "website")), table_name="leads")
    right = db.register(_splink_frame(accounts, "name", ("website", "domains")), table_name="accs")
    blocking = [
        block_on("name_tok1"),
        block_on("email_domain"),
        block_on("phone"),
        block_on("substr(name, 1, 4)"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.75]),
            cl.ExactMatch("email_domain"),
            cl.ExactMatch("city"),
            cl.ExactMatch("country"),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker([left, right], settings, log_level="WARNING")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name"), block_on("email_domain")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    if args.splink_m == "labels":
        _splink_m_from_labels(linker, db, args)
    else:
        for column in ("name_tok1", "email_domain", "phone", "city"):
            try:  # a set without e-mails or phones gives a rule no pairs: skip that rule
                linker.training.estimate_parameters_using_expectation_maximisation(block_on(column))
            except EMTrainingException:
                continue
    pairs = linker.inference.predict(threshold_match_probability=0.001).as_pandas_dataframe()
    if pairs.empty:
        return []
    lead_left = pairs["source_dataset_l"] == "leads"
    pairs["lead"] = pairs["unique_id_l"].where(lead_left, pairs["unique_id_r"])
    pairs["account"] = pairs["unique_id_r"].where(lead_left, pairs["unique_id_l"])
    best = pairs.sort_values("match_probability", ascending=False).drop_duplicates("lead")
    rows = zip(best["lead"], best["account"], best["match_probability"], strict=True)
    return [(str(lead), str(account), float(p)) for lead, account, p in rows]


def _splink_m_from_labels(linker: Any, db: Any, args: Any) -> None:
    """m from up to --labels labelled (lead, true account) pairs of truth.csv."""
    import pandas as pd

    truth = [r for r in read_rows(Path(args.dir) / "truth.csv") if r["account_id"]]
    random.Random(1).shuffle(truth)
    labels = pd.DataFrame(
        {
            "source_dataset_l": "leads",
            "unique_id_l": [r["lead_id"] for r in truth[: args.labels]],
            "source_dataset_r": "accs",
            "unique_id_r": [r["account_id"] for r in truth[: args.labels]],
            "clerical_match_score": 1.0,
        }
    )
    linker.training.estimate_m_from_pairwise_labels(db.register(labels, table_name="labels"))


def run_worker(args: argparse.Namespace) -> int:
    """--worker mode: run one peer, write lead_id,account_id,score, print timing JSON."""
    folder = Path(args.dir)
    accounts, leads = read_rows(folder / "accounts.csv"), read_rows(folder / "leads.csv")
    started = time.perf_counter()
    if args.worker == "string_grouper":
        ranked = peer_string_grouper(accounts, leads)
    elif args.worker == "tfidf":
        ranked = peer_tfidf(accounts, leads)
    else:
        ranked = peer_splink(accounts, leads, args)
    seconds = time.perf_counter() - started
    with open(args.pred, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["lead_id", "account_id", "score"])
        writer.writerows(ranked)
    print(json.dumps({"match_seconds": round(seconds, 2)}))
    return 0


# ---------------------------------------------------------------- orchestration (main venv)


def setup() -> int:
    """Create bench/.venv-peers and install the pinned peers into it."""
    if not PEERS_PYTHON.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    pip = [str(PEERS_PYTHON), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
    print(f"peers installed in {PEERS_VENV}")
    return 0


def run_child(cmd: list[str], log: Path, timeout: float) -> tuple[int, float, float, list[str]]:
    """(exit code, wall seconds, peak RSS MB, last stdout line) of one child process."""
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen consistent
    lines = log.read_text(errors="replace").strip().splitlines()
    return proc.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024, lines[-1:]


def best_threshold(truth: dict[str, str], ranked: list[tuple[str, str, float]]) -> float:
    """The score cut-off (match when score >= it) that gives the best F1 under score.py's rules."""
    positives = sum(1 for acc in truth.values() if acc)
    scored = sorted((r for r in ranked if r[0] in truth), key=lambda r: -r[2])
    tp = fp = 0
    best_f1, best_t = 0.0, float("inf")
    for i, (lead, account, score) in enumerate(scored):
        tp += account == truth[lead]
        fp += account != truth[lead]
        if i + 1 < len(scored) and scored[i + 1][2] == score:
            continue  # a threshold takes all leads with equal scores together
        f1 = 2 * tp / (2 * tp + fp + positives - tp) if tp else 0.0
        if f1 > best_f1:
            best_f1, best_t = f1, score
    return best_t


def score_peer(
    truth: dict[str, str], ranked: list[tuple[str, str, float]], threshold: float | None
) -> dict[str, Any]:
    """Metrics of a ranked peer at `threshold` (None: its best-F1 threshold) and recall@1."""
    from leadlink.matching.evaluate import MatchRow, evaluate

    if threshold is None:
        threshold = best_threshold(truth, ranked)
    rows = {
        lead: MatchRow(acc, "matched" if score >= threshold else "unmatched", score)
        for lead, acc, score in ranked
    }
    report = evaluate(truth, rows, worst=0)
    top = {lead: acc for lead, acc, _ in ranked}
    positives = [lead for lead, acc in truth.items() if acc]
    hits = sum(1 for lead in positives if top.get(lead) == truth[lead])
    return {
        "threshold": None if threshold == float("inf") else round(threshold, 4),
        "precision": round(report.precision, 4),
        "recall": round(report.recall, 4),
        "f1": round(report.f1, 4),
        "recall_at_1": round(hits / len(positives), 4) if positives else 0.0,
        "wrong_on_no_match": round(report.wrong_on_no_match_rate, 4),
        "answered": len(top),
    }


def run_leadlink(folder: Path, tmp: Path, timeout: float) -> dict[str, Any]:
    """leadlink's own `match`, scored on its decisions as they are (no threshold sweep)."""
    from leadlink.io.csvio import RowError
    from leadlink.io.results import read_matches, read_truth
    from leadlink.matching.evaluate import evaluate

    out = tmp / "leadlink-matches.csv"
    exe = str(ROOT / ".venv" / "bin" / "leadlink")
    cmd = [exe, "match", "--accounts", str(folder / "accounts.csv")]
    cmd += ["--leads", str(folder / "leads.csv"), "--out", str(out)]
    code, secs, mb, last = run_child(cmd, _logs() / f"{folder.name}-leadlink.log", timeout)
    result: dict[str, Any] = {"peer": "leadlink", "seconds": round(secs, 2), "peak_mb": round(mb)}
    if code or not out.exists():
        return result | {"error": f"exit {code}: {' '.join(last)[-300:]}"}
    errors: list[RowError] = []
    report = evaluate(read_truth(folder / "truth.csv", errors), read_matches(out, errors), worst=0)
    return result | {
        "threshold": "its own decisions",
        "precision": round(report.precision, 4),
        "recall": round(report.recall, 4),
        "f1": round(report.f1, 4),
        "review_rate": round(report.review_rate, 4),
        "wrong_on_no_match": round(report.wrong_on_no_match_rate, 4),
    }


def run_set(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """All requested peers on one set directory."""
    truth = {r["lead_id"]: r["account_id"] for r in read_rows(folder / "truth.csv")}
    result: dict[str, Any] = {
        "set": folder.name,
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
        "accounts": len(read_rows(folder / "accounts.csv")),
        "leads": len(truth),
        "peers": [],
    }
    logs = _logs()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for peer in args.peers:
            if peer == "leadlink":
                result["peers"].append(run_leadlink(folder, tmp, args.timeout))
                continue
            pred = tmp / f"{peer}.csv"
            cmd = [str(PEERS_PYTHON), str(Path(__file__).resolve()), "--worker", peer]
            cmd += ["--dir", str(folder), "--pred", str(pred), "--splink-m", args.splink_m]
            cmd += ["--duckdb-memory", args.duckdb_memory, "--labels", str(args.labels)]
            code, secs, mb, last = run_child(cmd, logs / f"{folder.name}-{peer}.log", args.timeout)
            row: dict[str, Any] = {"peer": peer, "seconds": round(secs, 2), "peak_mb": round(mb)}
            if peer == "splink":
                row["m"] = f"labels ({args.labels} pairs)" if args.splink_m == "labels" else "EM"
            if code or not pred.exists():
                row["error"] = f"exit {code}: {' '.join(last)[-300:]}"
            else:
                row |= json.loads(last[0]) | score_peer(truth, _read_ranked(pred), None)
            row["load_average_1m_after"] = round(os.getloadavg()[0], 2)
            result["peers"].append(row)
            print(json.dumps(row), file=sys.stderr)
    return result


def _logs() -> Path:
    logs = ROOT / "bench" / "out" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs


def _read_ranked(path: Path) -> list[tuple[str, str, float]]:
    return [(r["lead_id"], r["account_id"], float(r["score"])) for r in read_rows(path)]


def print_table(results: list[dict[str, Any]]) -> None:
    """A plain text table of every set and peer."""
    head = f"{'set':16} {'peer':15} {'P':>6} {'R':>6} {'F1':>6} {'R@1':>6} {'thr':>7}"
    print(head + f" {'secs':>8} {'match s':>8} {'MB':>6}")
    for res in results:
        for p in res["peers"]:
            if "error" in p:
                print(f"{res['set']:16} {p['peer']:15} ERROR {p['error']}")
                continue
            thr = p.get("threshold")
            thr_text = f"{thr:.3f}" if isinstance(thr, float) else "own" if thr else "-"
            r1 = p.get("recall_at_1")
            print(
                f"{res['set']:16} {p['peer']:15} {p['precision']:6.3f} {p['recall']:6.3f} "
                f"{p['f1']:6.3f} {'' if r1 is None else f'{r1:.3f}':>6} {thr_text:>7} "
                f"{p['seconds']:8.1f} {p.get('match_seconds', p['seconds']):8.1f} {p['peak_mb']:6d}"
            )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run setup, one worker, or the whole comparison."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("sets", nargs="*", type=Path)
    ap.add_argument("--setup", action="store_true", help="create bench/.venv-peers")
    ap.add_argument("--peers", default=",".join(PEERS), help="comma-separated subset")
    ap.add_argument("--json-out", type=Path, default=ROOT / "bench" / "out" / "peers.json")
    ap.add_argument("--splink-m", choices=("labels", "em"), default="labels")
    ap.add_argument("--labels", type=int, default=2000, help="labelled pairs for splink's m")
    ap.add_argument("--duckdb-memory", default="4GB")
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds per peer")
    ap.add_argument("--worker", choices=PEERS[:3], help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    ap.add_argument("--pred", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return run_worker(args)
    if args.setup:
        return setup()
    if not args.sets:
        ap.error("give at least one set directory (or --setup)")
    if not PEERS_PYTHON.exists():
        ap.error(f"{PEERS_PYTHON} is missing: run `python bench/peers.py --setup` first")
    args.peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = set(args.peers) - set(PEERS)
    if unknown:
        ap.error(f"unknown peers: {', '.join(sorted(unknown))}")
    results = [run_set(folder, args) for folder in args.sets]
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    print(f"written {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
