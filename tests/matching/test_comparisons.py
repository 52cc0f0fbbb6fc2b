"""Each comparison level on small hand-made pairs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.matching.comparisons import (
    DomainComparison,
    NameComparison,
    PostalComparison,
    StreetComparison,
)
from leadlink.matching.index import AccountIndex
from leadlink.matching.name_evidence import contained, soft_overlap
from leadlink.matching.prepare import prepare_account, prepare_lead
from leadlink.matching.settings import load_settings
from leadlink.records import Account, Lead

ACME = Account(
    "A",
    "Acme Inc.",
    "https://www.acme.com",
    domains=["acme-corp.com"],
    street="12 Main Street",
    postal_code="WT15 7TB",
    country="GB",
)


def domain_level(email: str = "", website: str = "") -> str:
    lead = prepare_lead(Lead("L", email=email, website=website))
    return DomainComparison().level(lead, prepare_account(ACME, 0)).level


@pytest.mark.parametrize(
    ("email", "level"),
    [
        ("a@acme.com", "exact"),
        ("a@mail.acme.com", "subdomain"),
        ("a@acme-corp.com", "listed"),
        ("a@acme.de", "same_label"),
        ("a@other.com", "different"),
        ("a@gmail.com", "null"),
        ("", "null"),
    ],
)
def test_domain_levels(email: str, level: str) -> None:
    assert domain_level(email) == level


def test_typed_website_counts_as_a_domain() -> None:
    assert domain_level(email="x@gmail.com", website="http://www.acme.com/about") == "exact"


@pytest.fixture(scope="module")
def names() -> NameComparison:
    accounts = [
        Account("1", "International Business Machines Corporation"),
        Account("2", "Brightwave Analytics"),
        Account("3", "Virgils Real BBQ"),
        Account("4", "Acme Corp"),
        Account("5", "Acme Dental Group"),
        Account("6", "Delta Air Lines"),
        Account("7", "Hewlett-Packard Company"),
        Account("8", "California Institute of Technology"),
        Account("9", "The Board of Regents of the University of Texas System"),
        Account("10", "Acme Store 2"),
        Account("11", "Oak Auto Repair Austin"),
    ]
    settings = load_settings()
    index = AccountIndex.build(accounts, settings.blocking)
    return NameComparison(index, settings.name_thresholds)


@pytest.mark.parametrize(
    ("typed", "account", "level"),
    [
        ("Acme Corporation", 3, "exact_unique"),
        ("IBM", 0, "acronym_unique"),
        ("Brightwave Analytcs", 1, "near_exact"),
        ("Virgils", 2, "shortened"),  # the lead typed the start of the account's name
        ("Acme Family Dental", 3, "contained"),  # one word shared: the look-alike zone
        ("Brightwave Analytics Research Labs", 1, "contained_two"),
        ("Virgils Real BBQ Catering Services", 2, "part_long"),
        ("Virgils Real", 2, "shortened"),
        ("Virgils Real BBQ Boston", 2, "part_long"),  # a city added: where the person sits
        ("Oak Auto Repair", 10, "contained"),  # the account's name holds a city: a chain branch
        ("Delta Dental", 5, "different"),
        ("Acme Dental Care", 4, "weak"),
        ("Dental Group", 4, "fuzzy_mid"),
        ("Zenith Bakery", 1, "different"),
        # One typo apart, however short the name: a ratio alone calls this only "similar".
        ("Hewlett-Parkard Company", 6, "near_exact"),
        ("International Buisness Machines Corp", 0, "near_exact"),  # two letters swapped
        ("Internatoinal Buisness Machines Corp", 0, "near_exact"),  # two typos in 20+ letters
        ("Califrnia Institute of Tecnology", 7, "near_exact"),
        ("Hewlet-Parkard Company", 6, "fuzzy_mid"),  # two typos in fewer than 20 letters
        # The same words but for 'of' and 'the', in order or (three words or more) not.
        ("California Institute Technology", 7, "near_exact"),
        ("University of Texas System Board of Regents", 8, "near_exact"),
        # Plurals and words cut short, in order.
        ("Brightwave Analytic", 1, "near_exact"),
        ("California Inst. of Tech.", 7, "near_exact"),
        ("The Regents of the Univ. of Texas Sys. Board", 8, "near_exact"),  # five words, cut short
        # Long names: a word left out, or a code after the whole name.
        ("Board of Regents of the University of Texas", 8, "part_long"),  # three words or more
        ("Board of Regents of the University of Texas Campus System", 8, "near_exact"),
        ("Board of Regents of the University of Texas System CNT 07", 8, "near_exact"),
        ("Board of Regents of Texas Tech", 8, "weak"),
    ],
)
def test_name_levels(names: NameComparison, typed: str, account: int, level: str) -> None:
    lead = prepare_lead(Lead("L", company=typed))
    assert names.level(lead, names.index.accounts[account]).level == level


def test_a_part_of_one_account_that_is_another_accounts_name_stays_weak() -> None:
    # 'Japan Science and Technology' is the Corporation's whole name, so its being the start of
    # the Agency's name says little; with the Agency alone in the CRM it is strong evidence.
    corp = Account("C", "Japan Science and Technology Corporation")
    agency = Account("A", "Japan Science and Technology Agency")
    lead = prepare_lead(Lead("L", company="Japan Science and Technology"))
    settings = load_settings()
    for accounts, level in (([corp, agency], "contained"), ([agency], "part_long")):
        index = AccountIndex.build(accounts, settings.blocking)
        comparison = NameComparison(index, settings.name_thresholds)
        assert comparison.level(lead, index.accounts[len(accounts) - 1]).level == level


def test_a_part_of_only_generic_words_stays_weak() -> None:
    settings = load_settings()
    accounts = [Account("B", "First National Bank"), Account("H", "Johns Hopkins University")]
    index = AccountIndex.build(accounts, settings.blocking)
    comparison = NameComparison(index, settings.name_thresholds)
    omaha = prepare_lead(Lead("L", company="First National Bank of Omaha"))
    assert comparison.level(omaha, index.accounts[0]).level == "contained"
    lab = prepare_lead(Lead("L", company="Johns Hopkins University Applied Physics Laboratory"))
    assert comparison.level(lab, index.accounts[1]).level == "part_long"


def test_a_regional_child_named_like_the_lead_keeps_the_part_strong() -> None:
    # The parent bears the lead's name, but the parent is the same organisation as the child.
    parent = Account("P", "Strategic Medical Holdings")
    child = Account("C", "Strategic Medical Holdings Deutschland GmbH", parent_id="P")
    settings = load_settings()
    index = AccountIndex.build([parent, child], settings.blocking)
    lead = prepare_lead(Lead("L", company="Strategic Medical Holdings"))
    level = NameComparison(index, settings.name_thresholds).level(lead, index.accounts[1])
    assert level.level == "part_long"


def test_two_swapped_letters_in_a_word_are_one_typo(names: NameComparison) -> None:
    # Two words each with a swap: too far apart for "one typo", yet each word should still count
    # (Levenshtein counts a swap as two edits and dropped 'buisness'; the overlap fell to 0.44).
    typed = prepare_lead(Lead("L", company="Internatoinal Buisness Machines")).name
    ibm = names.index.accounts[0]
    assert typed is not None
    weight = names.index.name_weight(typed.tokens)
    overlap = soft_overlap(typed, ibm.name, names.index, weight, names.index.account_weight[0])
    assert overlap > 0.85


def test_another_number_is_not_a_typo(names: NameComparison) -> None:
    lead = prepare_lead(Lead("L", company="Acme Store 3"))
    assert names.level(lead, names.index.accounts[9]).level not in ("exact", "near_exact")
    same = prepare_lead(Lead("L", company="Acme Stor 2"))
    assert names.level(same, names.index.accounts[9]).level == "near_exact"


def test_contained_needs_the_same_first_word() -> None:
    assert contained(("virgils",), ("virgils", "real", "bbq"))
    assert not contained(("real", "bbq"), ("virgils", "real", "bbq"))


def test_contained_keeps_the_order_with_one_word_between_at_most() -> None:
    assert contained(("ernst", "leitz", "wetzlar"), ("ernst", "leitz", "gmbh", "wetzlar"))
    assert not contained(("acme", "dental"), ("acme", "family", "care", "dental"))
    assert not contained(("acme", "dental", "care"), ("acme", "care", "dental"))
    scattered = ("japan", "represented", "secretary", "agency", "industrial", "science")
    assert not contained(("japan", "science", "technology"), (*scattered, "technology"))


def test_contained_allows_one_typo_in_a_long_word_only() -> None:
    assert contained(("planck", "foerderung"), ("planck", "forderung", "wissenschaften"))
    assert not contained(("acme", "fodds"), ("acme", "foods", "group"))  # five letters: no


def test_postal_and_street_levels() -> None:
    acc = prepare_account(ACME, 0)
    same = prepare_lead(Lead("L", postal_code="wt157tb", street="12 Main St", country="UK"))
    near = prepare_lead(Lead("L", postal_code="WT15 9ZZ", street="14 Main St", country="GB"))
    assert PostalComparison().level(same, acc).level == "exact"
    assert StreetComparison().level(same, acc).level == "exact"
    assert PostalComparison().level(near, acc).level == "prefix"
    assert StreetComparison().level(near, acc).level == "similar"


HOSTS = ["acme.com", "mail.acme.com", "acme-corp.com", "acme.de", "beta.de", "beta.com"]
HOSTS += ["shop.beta-shop.com", "gamma.com", "gammagmbh.de", "delta.co.uk", "delta.com"]
HOSTS += ["gmail.com", "other.org", ""]
DOMAIN_ACCOUNTS = [
    ACME,
    Account("B", "Beta", "", domains=["beta.de", "beta-shop.com"]),
    Account("C", "Gamma GmbH", ""),
    Account("D", "Delta", "https://shop.delta.co.uk", domains=["delta.com; acme.de"]),
]


@settings(max_examples=200, deadline=None)
@given(mail=st.sampled_from(HOSTS), site=st.sampled_from(HOSTS), company=st.sampled_from(HOSTS))
def test_the_domain_grade_is_the_level_explained(mail: str, site: str, company: str) -> None:
    """`grade` finds the level without the values: the same level as the explained outcome."""
    lead = prepare_lead(Lead("L", email=f"a@{mail}" if mail else "", website=site, company=company))
    comparison = DomainComparison()
    for i, account in enumerate(DOMAIN_ACCOUNTS):
        acc = prepare_account(account, i)
        assert comparison.grade(lead, acc) == comparison.level(lead, acc).level
