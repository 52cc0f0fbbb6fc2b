"""The cases the matching issue names: each must come out right with the shipped defaults."""

from __future__ import annotations

import pytest

from leadlink.matching import MATCHED, REVIEW, UNMATCHED, Matcher
from leadlink.records import Account, Lead

ACCOUNTS = [
    Account(
        "A-IBM",
        "International Business Machines Corporation",
        "https://www.ibm.com",
        country="US",
        city="Armonk",
        type="Customer",
    ),
    Account("A-MSFT", "Microsoft", "microsoft.com", country="US", city="Redmond"),
    Account(
        "A-JPM",
        "JPMorgan Chase & Co.",
        "https://www.jpmorganchase.com",
        domains=["jpmchase.com;chase.com"],
        country="US",
        city="New York",
    ),
    Account(
        "A-ACME",
        "Acme Inc.",
        "https://acme.com",
        country="US",
        city="Springfield",
        state="IL",
        type="Customer",
    ),
    Account(
        "A-ACME-UK", "Acme UK Ltd", "acme.co.uk", country="GB", city="London", parent_id="A-ACME"
    ),
    Account("A-ACME-DE", "Acme GmbH", "acme.com", country="DE", city="Berlin", parent_id="A-ACME"),
    Account("A-DAL", "Delta Air Lines", "delta.com", country="US", city="Atlanta"),
    Account("A-DD", "Delta Dental", "deltadental.com", country="US", city="San Francisco"),
    Account("A-QU", "Queens University", "queensu.ca", country="CA", city="Kingston"),
    Account("A-BW", "Brightwave Analytics", "brightwave.io", country="US", city="Austin"),
    Account("A-NF", "Northfield Logistics Group", "northfieldlogistics.com", country="US"),
    Account("A-KS", "Kessler & Sons", "kesslersons.com", country="DE", city="Hamburg"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.build(ACCOUNTS)


def lead(**fields: str) -> Lead:
    return Lead(id="L1", **fields)


@pytest.mark.parametrize("company", ["IBM", "I.B.M.", "International Business Machines Corp"])
def test_ibm_variants_link_to_ibm(matcher: Matcher, company: str) -> None:
    result = matcher.match(lead(company=company, email="pat@gmail.com", country="US"))
    assert result.account_id == "A-IBM"
    assert result.decision in (MATCHED, REVIEW)
    corporate = matcher.match(lead(company=company, email="pat@ibm.com"))
    assert (corporate.decision, corporate.account_id) == (MATCHED, "A-IBM")


def test_ibm_name_alone_links(matcher: Matcher) -> None:
    result = matcher.match(lead(company="International Business Machines Corp", country="US"))
    assert (result.decision, result.account_id) == (MATCHED, "A-IBM")


def test_microsoft_with_double_legal_form(matcher: Matcher) -> None:
    result = matcher.match(lead(company="Microsoft Corporation, Inc.", country="US"))
    assert (result.decision, result.account_id) == (MATCHED, "A-MSFT")


def test_listed_domain_links_jpmorgan(matcher: Matcher) -> None:
    result = matcher.match(lead(email="kim@jpmchase.com"))
    assert (result.decision, result.account_id) == (MATCHED, "A-JPM")
    assert "jpmchase.com" in result.reason


def test_free_mail_acme_in_acme_city_never_elsewhere(matcher: Matcher) -> None:
    result = matcher.match(
        lead(company="Acme", email="x@gmail.com", city="Springfield", state="IL", country="US")
    )
    assert result.decision in (MATCHED, REVIEW)
    assert result.account_id == "A-ACME"


def test_free_mail_delta_goes_to_review(matcher: Matcher) -> None:
    result = matcher.match(lead(company="Delta", email="x@gmail.com"))
    assert result.decision == REVIEW
    assert result.account_id in ("A-DAL", "A-DD")


def test_lookalike_stays_unmatched(matcher: Matcher) -> None:
    only_acme = Matcher.build([ACCOUNTS[3], ACCOUNTS[6], ACCOUNTS[9]])
    result = only_acme.match(lead(company="Acme Family Dental", email="d@acmefamilydental.com"))
    assert result.decision == UNMATCHED
    assert result.account_id is None


def test_subdomain_links_parent(matcher: Matcher) -> None:
    result = matcher.match(lead(email="joe@mail.acme.com"))
    assert (result.decision, result.account_id) == (MATCHED, "A-ACME")


def test_country_domain_links_uk_child(matcher: Matcher) -> None:
    result = matcher.match(lead(email="joe@acme.co.uk"))
    assert (result.decision, result.account_id) == (MATCHED, "A-ACME-UK")


def test_parent_domain_with_country_links_regional_child(matcher: Matcher) -> None:
    result = matcher.match(lead(email="joe@acme.com", country="DE"))
    assert (result.decision, result.account_id) == (MATCHED, "A-ACME-DE")
    assert "regional" in result.reason


def test_parent_domain_other_country_links_parent(matcher: Matcher) -> None:
    result = matcher.match(lead(email="joe@acme.com", country="FR"))
    assert (result.decision, result.account_id) == (MATCHED, "A-ACME")


def test_apostrophe_name(matcher: Matcher) -> None:
    result = matcher.match(lead(company="Queen's University", country="CA"))
    assert (result.decision, result.account_id) == (MATCHED, "A-QU")


def test_free_mail_without_company_is_unmatched(matcher: Matcher) -> None:
    result = matcher.match(lead(email="someone@gmail.com"))
    assert result.decision == UNMATCHED
    assert result.account_id is None
    assert result.rule == "no_evidence"


def test_free_mail_domain_never_links(matcher: Matcher) -> None:
    on_gmail = Matcher.build([Account("G", "Gee Mail Bakery", "gmail.com")])
    result = on_gmail.match(lead(email="a@gmail.com", company="Other Thing"))
    assert result.decision == UNMATCHED


def test_excluded_account_is_never_proposed(matcher: Matcher) -> None:
    result = matcher.match(lead(email="kim@jpmchase.com"), exclude=frozenset({"A-JPM"}))
    assert result.account_id != "A-JPM"


def test_every_decision_has_a_reason_and_runner_up_fields(matcher: Matcher) -> None:
    result = matcher.match(lead(company="Brightwave Analytcs", email="a@brightwave.io"))
    assert (result.decision, result.account_id) == (MATCHED, "A-BW")
    assert result.reason and "brightwave.io" in result.reason
    assert 0.0 <= result.runner_up_confidence <= result.confidence <= 1.0


def test_exact_whole_name_is_not_shared_with_longer_names() -> None:
    accounts = [
        Account("F1", "Fernify", "", country="AU", city="Sydney"),
        Account("F2", "Fernify Materials GmbH & Co. KG", "", country="DE", city="Berlin"),
    ]
    result = Matcher.build(accounts).match(
        lead(company="Fernify", email="x@bigpond.com", country="AU", city="Sydney")
    )
    assert (result.decision, result.account_id) == (MATCHED, "F1")


def test_truncated_name_fitting_two_accounts_goes_to_review() -> None:
    accounts = [
        Account("F2", "Fernify Materials GmbH", "", country="DE"),
        Account("F3", "Fernify Travel Ltd", "", country="GB"),
    ]
    result = Matcher.build(accounts).match(lead(company="Fernify", email="x@gmail.com"))
    assert result.decision == REVIEW
    assert result.rule == "name_fits_several"


def test_company_field_holding_a_web_address() -> None:
    accounts = [Account("P", "Pacific Fiber Group Corp.", "pacificfibergroup.com", country="US")]
    result = Matcher.build(accounts).match(
        lead(company="www.pacificfibergroup.com", email="x@gmail.com")
    )
    assert (result.decision, result.account_id) == (MATCHED, "P")


def test_abbreviated_word_in_a_name() -> None:
    accounts = [
        Account("Z", "Zemitity Systems", "zemititysystems.de", city="Dresden", country="DE"),
        Account("Y", "Zemitity Consulting", "zemitity-consulting.de", city="Bonn", country="DE"),
    ]
    result = Matcher.build(accounts).match(
        lead(company="Zemitity Sys", email="x@t-online.de", city="Dresden", country="Germany")
    )
    assert (result.decision, result.account_id) == (MATCHED, "Z")


def test_a_typo_of_one_account_is_not_linked_to_another_it_starts() -> None:
    # 'Japan Science and Technology' is the start of the Agency's name (a part, strong evidence
    # alone), but with a typo it is the Corporation's name: a person should decide.
    corp = Account("C", "Japan Science and Technology Corporation")
    agency = Account("A", "Japan Science and Technology Agency")
    typed = lead(company="Japan Science and Technololy Corp.")
    result = Matcher.build([corp, agency]).match(typed)
    assert (result.decision, result.rule) == (REVIEW, "nearer_name")
    assert result.reason.startswith("Another account's name is nearer")
    alone = Matcher.build([agency]).match(typed)
    assert alone.rule != "nearer_name"
