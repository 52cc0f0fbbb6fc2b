"""Sales users (AEs, SDRs, managers) by territory, and account ownership that follows territory.

Each AE is paired with an SDR, as many sales teams work; a few users are inactive while still
owning accounts, which is the situation routing must notice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from leadlink.synth.model import AccountBook
from leadlink.synth.people import FIRST_NAMES, LAST_NAMES, ascii_slug

USER_DOMAIN = "leadlink-demo.example"
_US_EAST = {"NY", "MA", "PA", "DC", "NC", "GA", "FL", "MI", "OH"}
_US_WEST = {"CA", "WA", "OR", "AZ", "UT"}
TERRITORY_OF = {
    "GB": "UK&I",
    "DE": "DACH",
    "FR": "France",
    "NL": "Benelux",
    "ES": "Iberia",
    "CA": "Canada",
    "AU": "ANZ",
    "JP": "Japan",
    "IN": "India",
}
TEAM_OF = {
    "US-East": "NA",
    "US-Central": "NA",
    "US-West": "NA",
    "Canada": "NA",
    "UK&I": "EMEA",
    "DACH": "EMEA",
    "France": "EMEA",
    "Benelux": "EMEA",
    "Iberia": "EMEA",
    "ANZ": "APAC",
    "Japan": "APAC",
    "India": "APAC",
}
TZ_OF = {
    "US-East": "America/New_York",
    "US-Central": "America/Chicago",
    "US-West": "America/Los_Angeles",
    "Canada": "America/Toronto",
    "UK&I": "Europe/London",
    "DACH": "Europe/Berlin",
    "France": "Europe/Paris",
    "Benelux": "Europe/Amsterdam",
    "Iberia": "Europe/Madrid",
    "ANZ": "Australia/Sydney",
    "Japan": "Asia/Tokyo",
    "India": "Asia/Kolkata",
}
USER_FIELDS = (
    "id",
    "name",
    "email",
    "role",
    "team",
    "territory",
    "active",
    "timezone",
    "manager_id",
)


@dataclass(slots=True)
class User:
    """A CRM user; `sdr` is the SDR paired with an AE."""

    id: str
    name: str
    email: str
    role: str
    team: str
    territory: str
    active: bool
    manager_id: str
    sdr: str = ""

    def row(self) -> list[str]:
        """The users.csv row."""
        return [
            self.id,
            self.name,
            self.email,
            self.role,
            self.team,
            self.territory,
            "true" if self.active else "false",
            TZ_OF[self.territory],
            self.manager_id,
        ]


def territory(country: str, state: str) -> str:
    """The sales territory of an address (US split by state)."""
    if country == "US":
        return "US-East" if state in _US_EAST else "US-West" if state in _US_WEST else "US-Central"
    return TERRITORY_OF[country]


def make_users(rng: random.Random, book: AccountBook) -> list[User]:
    """Managers, AEs and paired SDRs, with AE counts following each territory's accounts."""
    counts: dict[str, int] = dict.fromkeys(TEAM_OF, 0)
    for a in book.accounts:
        counts[territory(a.org.city.country, a.org.city.state)] += 1
    users: list[User] = []
    emails: set[str] = set()

    def new(role: str, terr: str, manager: str) -> User:
        """A user with a unique e-mail, appended to `users`."""
        first = rng.choice(FIRST_NAMES["anglo"] + FIRST_NAMES[rng.choice(("german", "indian"))])
        last = rng.choice(LAST_NAMES["anglo"])
        email = f"{ascii_slug(first)}.{ascii_slug(last)}"
        n = 2
        while email in emails:
            email, n = f"{ascii_slug(first)}.{ascii_slug(last)}{n}", n + 1
        emails.add(email)
        user = User(
            f"U{len(users) + 1:05d}",
            f"{first} {last}",
            f"{email}@{USER_DOMAIN}",
            role,
            TEAM_OF[terr],
            terr,
            rng.random() > 0.04 or role == "Manager",
            manager,
        )
        users.append(user)
        return user

    heads = {
        team: new("Manager", terr, "")
        for terr, team in (("US-East", "NA"), ("UK&I", "EMEA"), ("ANZ", "APAC"))
    }
    for terr, n_acc in counts.items():
        lead = new("Manager", terr, heads[TEAM_OF[terr]].id)
        for _ in range(max(1, min(60, round(n_acc / 1500)))):
            ae = new("AE", terr, lead.id)
            ae.sdr = new("SDR", terr, lead.id).id if rng.random() < 0.8 else ""
    return users


def assign_owners(rng: random.Random, book: AccountBook, users: list[User]) -> None:
    """Give each account an AE of its territory and, usually, that AE's SDR."""
    aes: dict[str, list[User]] = {}
    for u in users:
        if u.role == "AE":
            aes.setdefault(u.territory, []).append(u)
    for a in book.accounts:
        ae = rng.choice(aes[territory(a.org.city.country, a.org.city.state)])
        a.owner = ae.id
        a.sdr_owner = ae.sdr if rng.random() < 0.85 else ""
