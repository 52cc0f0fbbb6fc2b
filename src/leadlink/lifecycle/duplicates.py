"""Lead-to-contact duplicates: a lead that already exists as a contact.

A lead is a duplicate when its e-mail belongs to a contact (any account), or when a contact of
the same name sits on the account the lead is linked to. Pure logic over an in-memory index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SAME_EMAIL = "same_email"
SAME_NAME_AT_ACCOUNT = "same_name_at_account"


def _key(text: Any) -> str:
    return " ".join(str(text or "").lower().split())


@dataclass(frozen=True, slots=True)
class Duplicate:
    """The contact a lead duplicates, the rule that found it and a readable reason."""

    contact_id: str
    rule: str
    reason: str


class ContactIndex:
    """Contacts by lower-cased e-mail and by (account, first name, last name)."""

    def __init__(self, contacts: Iterable[Mapping[Any, Any]]) -> None:
        """Index `contacts` (mappings with id, account_id, email, first_name, last_name)."""
        self.by_email: dict[str, str] = {}
        self.by_name: dict[tuple[str, str, str], str] = {}
        for c in sorted(contacts, key=lambda c: str(c["id"])):  # lowest id wins: deterministic
            self.add(c)

    def add(self, contact: Mapping[Any, Any]) -> None:
        """Index one more contact (an existing entry for the same e-mail or name wins)."""
        email = _key(contact.get("email"))
        if email:
            self.by_email.setdefault(email, str(contact["id"]))
        first, last = _key(contact.get("first_name")), _key(contact.get("last_name"))
        if first and last and contact.get("account_id"):
            key = (str(contact["account_id"]), first, last)
            self.by_name.setdefault(key, str(contact["id"]))

    def find(self, lead: Mapping[Any, Any], account_id: str | None) -> Duplicate | None:
        """The contact `lead` duplicates (e-mail first, then name at its account), if any."""
        email = _key(lead.get("email"))
        if email and email in self.by_email:
            return Duplicate(self.by_email[email], SAME_EMAIL, "a contact has the same e-mail")
        first, last = _key(lead.get("first_name")), _key(lead.get("last_name"))
        if account_id and first and last:
            contact = self.by_name.get((account_id, first, last))
            if contact:
                return Duplicate(
                    contact, SAME_NAME_AT_ACCOUNT, "a contact of the same name is on the account"
                )
        return None
