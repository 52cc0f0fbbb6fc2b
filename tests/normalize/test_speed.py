"""Smoke checks that the normalisers stay cached and fast (bounds are generous for shared CI)."""

from __future__ import annotations

import time

from leadlink.normalize import normalize_company, normalize_phone, registered_domain


def _names(count: int) -> list[str]:
    forms = ["Inc.", "GmbH", "Ltd", "S.A.", "Corp, Boston MA", "(Marketing Dept)", ""]
    return [f"Company{i} Widgets {forms[i % len(forms)]}" for i in range(count)]


def test_repeated_values_come_from_the_cache() -> None:
    assert normalize_company("Acme Widgets Inc") is normalize_company("Acme Widgets Inc")
    before = registered_domain.cache_info().hits
    registered_domain("mail.acme-speed.com")
    registered_domain("mail.acme-speed.com")
    assert registered_domain.cache_info().hits > before
    assert normalize_phone.cache_info().maxsize


def test_uncached_company_names_are_fast() -> None:
    names = _names(3000)
    start = time.process_time()
    for name in names:
        normalize_company.__wrapped__(name)
    per_call = (time.process_time() - start) / len(names)
    assert per_call < 200e-6  # measured ~10 us on the dev machine
