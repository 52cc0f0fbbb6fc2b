"""Lead-to-contact duplicates: same e-mail anywhere, or same name at the linked account."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from leadlink.lifecycle.duplicates import SAME_EMAIL, SAME_NAME_AT_ACCOUNT, ContactIndex

CONTACTS = [
    {
        "id": "C2",
        "account_id": "A1",
        "email": "ann@acme.com",
        "first_name": "Ann",
        "last_name": "Lee",
    },
    {
        "id": "C1",
        "account_id": "A2",
        "email": "ANN@acme.com",
        "first_name": "Bo",
        "last_name": "Wu",
    },
    {"id": "C3", "account_id": "A1", "email": "", "first_name": "Cy", "last_name": "Dunn"},
]


def test_same_email_wins_case_insensitively_and_lowest_id_first() -> None:
    found = ContactIndex(CONTACTS).find({"email": " Ann@Acme.com "}, None)
    assert found is not None and (found.contact_id, found.rule) == ("C1", SAME_EMAIL)


def test_same_name_only_counts_at_the_linked_account() -> None:
    index = ContactIndex(CONTACTS)
    lead = {"email": "cy@other.com", "first_name": "cy", "last_name": "DUNN"}
    found = index.find(lead, "A1")
    assert found is not None and (found.contact_id, found.rule) == ("C3", SAME_NAME_AT_ACCOUNT)
    assert index.find(lead, "A2") is None and index.find(lead, None) is None


def test_added_contacts_are_found_but_never_replace_existing_ones() -> None:
    index = ContactIndex(CONTACTS)
    index.add({"id": "C0", "account_id": "A9", "email": "ann@acme.com"})
    index.add({"id": "LL-L1", "account_id": "A9", "email": "new@x.com"})
    assert index.find({"email": "ann@acme.com"}, None).contact_id == "C1"  # type: ignore[union-attr]
    assert index.find({"email": "new@x.com"}, None).contact_id == "LL-L1"  # type: ignore[union-attr]


@given(st.emails())
def test_a_contacts_own_email_always_finds_it(email: str) -> None:
    index = ContactIndex([{"id": "C9", "account_id": "A1", "email": email}])
    found = index.find({"email": email.upper()}, None)
    assert found is not None and found.contact_id == "C9"
