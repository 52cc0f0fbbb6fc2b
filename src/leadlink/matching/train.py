"""Estimating the level weights: from labelled pairs, or with EM from unlabelled leads.

Both work on the candidate pairs the index proposes (the only pairs the engine ever scores), so
`u` is the chance of a level among wrong *candidates*, and `prior` the share of right candidates.
A pair counts as right when the candidate is in the true account's cluster (hierarchy or duplicate
entries), because the engine first decides the organisation and then the account inside it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize

from leadlink.matching.comparisons import NULL
from leadlink.matching.engine import Matcher
from leadlink.matching.prepare import prepare_lead
from leadlink.matching.settings import (
    Calibration,
    ComparisonSettings,
    LevelSettings,
    MatchSettings,
)
from leadlink.records import Lead

SMOOTHING = 0.5
FLOOR = 1e-5


@dataclass(slots=True)
class PairTable:
    """Candidate pairs: one level per comparison, the lead they belong to, and (if known) truth."""

    levels: dict[str, list[str]] = field(default_factory=dict)
    lead_of: list[int] = field(default_factory=list)
    cluster: list[int] = field(default_factory=list)
    right: list[bool] = field(default_factory=list)
    leads: int = 0
    missed: int = 0

    def __len__(self) -> int:
        return len(self.lead_of)


def collect_pairs(
    matcher: Matcher, leads: Sequence[Lead], truth: Mapping[str, str] | None = None
) -> PairTable:
    """Every candidate pair of every lead, with its levels; `missed` counts blocking misses."""
    index = matcher.index
    by_id = {acc.id: acc.idx for acc in index.accounts}
    table = PairTable(levels={c.name: [] for c in matcher.comparisons})
    for n, lead in enumerate(leads):
        prepared = prepare_lead(lead)
        found = index.candidates(prepared)
        true_idx = by_id.get((truth or {}).get(lead.id, ""), -1)
        true_cluster = index.cluster_of[true_idx] if true_idx >= 0 else -2
        hit = False
        for i in found:
            acc = index.accounts[i]
            for comparison in matcher.comparisons:
                table.levels[comparison.name].append(comparison.level(prepared, acc).level)
            is_right = index.cluster_of[i] == true_cluster
            hit = hit or is_right
            table.lead_of.append(n)
            table.cluster.append(index.cluster_of[i])
            table.right.append(is_right)
        table.missed += int(true_idx >= 0 and not hit)
        table.leads += 1
    return table


def _estimate(table: PairTable, weights: np.ndarray, base: MatchSettings) -> MatchSettings:
    """m and u per level from pair weights (1 = right, 0 = wrong; EM passes posteriors)."""
    comparisons: dict[str, ComparisonSettings] = {}
    w_right, w_wrong = weights, 1.0 - weights
    for name, conf in base.comparisons.items():
        levels = np.array(table.levels[name])
        known = levels != NULL
        levels_out: dict[str, LevelSettings] = {}
        n_levels = len(conf.levels)
        total_m = float(w_right[known].sum()) + SMOOTHING * n_levels
        total_u = float(w_wrong[known].sum()) + SMOOTHING * n_levels
        for level, old in conf.levels.items():
            mask = levels == level
            m = (float(w_right[mask].sum()) + SMOOTHING) / total_m
            u = (float(w_wrong[mask].sum()) + SMOOTHING) / total_u
            levels_out[level] = LevelSettings(
                label=old.label, m=min(max(m, FLOOR), 1.0), u=min(max(u, FLOOR), 1.0)
            )
        comparisons[name] = ComparisonSettings(label=conf.label, levels=levels_out)
    prior = float(np.clip(weights.mean(), 1e-4, 0.5)) if len(weights) else base.prior
    return base.model_copy(update={"comparisons": comparisons, "prior": prior})


def weight_matrix(table: PairTable, settings: MatchSettings) -> tuple[list[str], np.ndarray]:
    """Each pair's uncalibrated log2 weight per comparison (0 where a value is missing)."""
    names = list(settings.comparisons)
    matrix = np.zeros((len(table), len(names)))
    for j, name in enumerate(names):
        lookup = {level: s.weight for level, s in settings.comparisons[name].levels.items()}
        matrix[:, j] = [lookup.get(level, 0.0) for level in table.levels[name]]
    return names, matrix


def raw_log_odds(table: PairTable, settings: MatchSettings) -> np.ndarray:
    """Each pair's uncalibrated log2 odds under `settings`."""
    prior = math.log2(settings.prior / (1 - settings.prior))
    return np.asarray(prior + weight_matrix(table, settings)[1].sum(axis=1))


def _organisation_table(
    table: PairTable, settings: MatchSettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One row per (lead, cluster): its best pair's weights, its lead, and whether it is right."""
    _, matrix = weight_matrix(table, settings)
    raw = matrix.sum(axis=1)
    best: dict[tuple[int, int], int] = {}
    right: dict[tuple[int, int], bool] = {}
    for row, (lead, cluster, ok) in enumerate(
        zip(table.lead_of, table.cluster, table.right, strict=True)
    ):
        key = (lead, cluster)
        if key not in best or raw[row] > raw[best[key]]:
            best[key] = row
        right[key] = right.get(key, False) or ok
    keys = list(best)
    return (
        matrix[[best[k] for k in keys]],
        np.array([k[0] for k in keys], dtype=np.int64),
        np.array([right[k] for k in keys], dtype=float),
    )


def fit_calibration(table: PairTable, settings: MatchSettings) -> Calibration:
    """Scale each comparison's weights, and shift them, so the confidence is a probability.

    The engine's confidence is P(org) = odds(org) / (1 + sum of odds) over a lead's organisations,
    so the multipliers and the shift are fitted by maximum likelihood of exactly that choice (a
    conditional logit with "none of them" as an option), over the labelled leads. A multiplier
    per comparison lets correlated fields (state and postal code say little once the city agrees)
    count less than independent ones, where one multiplier for all would shrink them alike.
    """
    if len(table) == 0:
        return Calibration()
    names = list(settings.comparisons)
    x, lead_of, right = _organisation_table(table, settings)
    x = x * math.log(2)
    leads = table.leads
    used = np.abs(x).sum(axis=0) > 0  # a comparison never seen keeps a multiplier of 1

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        z = np.clip(x @ params[1:] + params[0], -50, 50)
        ez = np.exp(z)
        denom = 1.0 + np.bincount(lead_of, weights=ez, minlength=leads)
        chosen = np.bincount(lead_of, weights=z * right, minlength=leads)
        residual = ez / denom[lead_of] - right  # d loss / d z
        grad = np.concatenate(([residual.sum()], x.T @ residual)) / leads
        return float(np.mean(np.log(denom) - chosen)), grad

    bounds = [(None, None)] + [(0.05, 10.0) if u else (1.0, 1.0) for u in used]
    start = np.concatenate(([0.0], np.ones(len(names))))
    fit = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    prior = math.log2(settings.prior / (1 - settings.prior))
    scale = {name: round(float(v), 5) for name, v in zip(names, fit.x[1:], strict=True)}
    # The shift is in log2 units and absorbs the prior's term (multiplier 1, a = 1).
    return Calibration(a=1.0, b=float(fit.x[0]) / math.log(2) - prior, scale=scale)


def train_supervised(
    matcher: Matcher, leads: Sequence[Lead], truth: Mapping[str, str]
) -> tuple[MatchSettings, PairTable]:
    """New settings whose m, u, prior and calibration come from labelled leads."""
    table = collect_pairs(matcher, leads, truth)
    weights = np.array(table.right, dtype=float)
    settings = _estimate(table, weights, matcher.settings)
    calibration = fit_calibration(table, settings).model_copy(
        update={
            "fitted_accounts": len(matcher.index.accounts),
            "size_slope": matcher.settings.calibration.size_slope,
        }
    )
    description = f"estimated from {table.leads} labelled leads ({len(table)} candidate pairs)"
    updated = settings.model_copy(update={"calibration": calibration, "description": description})
    return updated, table


def posteriors(table: PairTable, settings: MatchSettings) -> np.ndarray:
    """P(pair is right) with the candidates of a lead competing against 'none of them'."""
    odds = np.exp2(np.clip(raw_log_odds(table, settings), -60, 60))
    lead_of = np.array(table.lead_of)
    sums = np.bincount(lead_of, weights=odds, minlength=table.leads)
    return np.asarray(odds / (1.0 + sums[lead_of]))


def train_em(
    matcher: Matcher, leads: Sequence[Lead], *, iterations: int = 10
) -> tuple[MatchSettings, PairTable]:
    """New settings estimated with EM from unlabelled leads, starting from the matcher's."""
    table = collect_pairs(matcher, leads)
    settings = matcher.settings
    for _ in range(iterations):
        settings = _estimate(table, posteriors(table, settings), settings)
    counts = Counter(table.levels["domain"])
    description = f"EM over {table.leads} unlabelled leads ({len(table)} pairs; {dict(counts)})"
    return settings.model_copy(update={"description": description}), table
