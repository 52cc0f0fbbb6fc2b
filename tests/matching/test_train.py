"""Estimating weights from labelled pairs and with EM, on a small generated CRM."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadlink.io.csvio import iter_records, read_accounts, read_leads
from leadlink.matching import Matcher, load_settings
from leadlink.matching.train import posteriors, train_em, train_supervised
from leadlink.synth.service import generate_crm


@pytest.fixture(scope="module")
def crm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Matcher, list, dict[str, str]]:
    folder: Path = tmp_path_factory.mktemp("train")
    generate_crm(accounts=400, leads=1500, out_dir=folder, seed=21, crm=False)
    errors: list = []
    matcher = Matcher.build(read_accounts(folder / "accounts.csv", errors))
    leads = list(read_leads(folder / "leads.csv", errors))
    truth = {
        row["lead_id"]: row["account_id"]
        for _, row in iter_records(folder / "truth.csv", "truth", errors)
    }
    return matcher, leads, truth


def test_supervised_weights_point_the_right_way(crm: tuple[Matcher, list, dict[str, str]]) -> None:
    matcher, leads, truth = crm
    settings, table = train_supervised(matcher, leads, truth)
    domain, name = settings.comparisons["domain"], settings.comparisons["name"]
    assert domain.weight("exact") > 5
    assert domain.weight("different") < 0
    assert name.weight("exact_unique") > name.weight("weak") > name.weight("different")
    assert 0 < settings.prior < 0.5
    assert table.leads == len(leads) and len(table) > len(leads)
    assert settings.version != matcher.settings.version


def test_trained_settings_match_as_well_as_the_defaults(
    crm: tuple[Matcher, list, dict[str, str]],
) -> None:
    matcher, leads, truth = crm
    settings, _ = train_supervised(matcher, leads, truth)
    trained = Matcher(matcher.index, settings)
    right = sum(
        1
        for lead in leads
        if (r := trained.match(lead)).decision == "matched" and r.account_id == truth[lead.id]
    )
    wrong = sum(
        1
        for lead in leads
        if (r := trained.match(lead)).decision == "matched" and r.account_id != truth[lead.id]
    )
    assert right / (right + wrong) > 0.98
    assert right > 0.8 * sum(1 for v in truth.values() if v)


def test_em_without_labels_learns_that_a_shared_domain_is_strong(
    crm: tuple[Matcher, list, dict[str, str]],
) -> None:
    matcher, leads, _ = crm
    flat = load_settings().model_copy(
        update={
            "comparisons": {
                name: conf.model_copy(
                    update={
                        "levels": {
                            level: lv.model_copy(update={"m": 0.1, "u": 0.1})
                            for level, lv in conf.levels.items()
                        }
                    }
                )
                for name, conf in load_settings().comparisons.items()
            }
        }
    )
    # From a neutral start EM cannot tell the classes apart; start it with a weak hint instead.
    hinted = flat.comparisons["domain"].levels["exact"].model_copy(update={"m": 0.5, "u": 0.05})
    domain = flat.comparisons["domain"].model_copy(
        update={"levels": {**flat.comparisons["domain"].levels, "exact": hinted}}
    )
    start = flat.model_copy(update={"comparisons": {**flat.comparisons, "domain": domain}})
    settings, table = train_em(Matcher(matcher.index, start), leads, iterations=8)
    learned_domain, learned_name = settings.comparisons["domain"], settings.comparisons["name"]
    assert learned_domain.weight("exact") > 2  # no labels: the hint is kept and sharpened
    assert learned_domain.weight("different") < 0  # learned from nothing (it started at 0)
    assert learned_name.weight("exact_unique") > learned_name.weight("different") + 2
    p = posteriors(table, settings)
    assert ((p >= 0) & (p <= 1)).all()


def test_calibrated_confidence_is_the_share_of_right_links(
    crm: tuple[Matcher, list, dict[str, str]],
) -> None:
    matcher, leads, truth = crm
    settings, _ = train_supervised(matcher, leads, truth)
    assert set(settings.calibration.scale) == set(settings.comparisons)
    trained = Matcher(matcher.index, settings)
    linked = [r for lead in leads if (r := trained.match(lead)).account_id]
    mean_confidence = sum(r.confidence for r in linked) / len(linked)
    share_right = sum(r.account_id == truth[r.lead_id] for r in linked) / len(linked)
    assert abs(mean_confidence - share_right) < 0.015  # 0.026 without calibration
