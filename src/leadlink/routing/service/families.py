"""Fill a routing Directory lazily: only the accounts a chunk of leads links to, each with its
whole hierarchy family (the ancestors up to the ultimate parent and every account under that
parent, which `Directory.family` and the regional account need) and their open deals.

An incremental run routes a few thousand leads among a million; loading the 200,000 accounts of
the store for them took longer than the routing itself. What is loaded (or found missing) stays
cached across chunks, so each family is read once per batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy.orm import InstrumentedAttribute, Session

from leadlink.routing.context import AccountFacts
from leadlink.routing.service.loader import (
    Directory,
    account_facts,
    read_accounts,
    read_open_deals,
)
from leadlink.store.models import AccountRow, OpportunityRow
from leadlink.store.upsert import one_of

#: Ids per `IN (...)` list: far below the bind-parameter limits of SQLite and PostgreSQL.
BATCH = 900


def _batches(ids: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


class FamilyLoader:
    """Loads accounts into a Directory family by family, keeping its promises (see Directory)."""

    def __init__(self, directory: Directory) -> None:
        """Fill `directory` (which may already hold users) from now on."""
        self.directory = directory
        self._missing: set[str] = set()  # ids looked up that no account has
        self._expanded: set[str] = set()  # accounts whose children are all loaded

    def ensure(self, session: Session, account_ids: Iterable[str]) -> None:
        """Load these accounts with their hierarchy families and open deals, unless loaded.

        Args:
            session: The session to read with (the chunk's own transaction).
            account_ids: The accounts the chunk's leads link to; unknown ids are remembered.
        """
        accounts = self.directory.accounts
        wanted = {a for a in account_ids if a}
        added = self._read_ids(session, wanted)
        added += self._read_ancestors(session, added)
        tops = {self.directory.top(accounts[a]).id for a in wanted if a in accounts}
        added += self._read_descendants(session, tops.difference(self._expanded))
        self._read_deals(session, [acc.id for acc in added])

    def _read_ids(self, session: Session, ids: set[str]) -> list[AccountFacts]:
        """Load the accounts with these ids that are neither loaded nor known to be missing."""
        todo = ids.difference(self.directory.accounts, self._missing)
        added = self._read(session, AccountRow.id, todo, set())
        self._missing |= todo.difference(self.directory.accounts)
        return added

    def _read_ancestors(self, session: Session, accounts: list[AccountFacts]) -> list[AccountFacts]:
        """Load the parents of `accounts`, their parents and so on, as far as they exist."""
        added: list[AccountFacts] = []
        while accounts:
            accounts = self._read_ids(session, {a.parent_id for a in accounts if a.parent_id})
            added += accounts
        return added

    def _read_descendants(self, session: Session, tops: set[str]) -> list[AccountFacts]:
        """Load every account under `tops`, level by level (cycles in CRM data end the walk)."""
        added: list[AccountFacts] = []
        frontier = tops
        while frontier:
            self._expanded |= frontier
            children: set[str] = set()
            added += self._read(session, AccountRow.parent_id, frontier, children)
            frontier = children - self._expanded
        return added

    def _read(
        self, session: Session, column: InstrumentedAttribute[str], ids: set[str], seen: set[str]
    ) -> list[AccountFacts]:
        """Read the accounts whose `column` is in `ids`: add their ids to `seen`, add those new
        to the directory and return them."""
        added: list[AccountFacts] = []
        for batch in _batches(ids):
            for row in read_accounts(session, one_of(session.connection(), column, batch)):
                seen.add(row.id)
                if row.id not in self.directory.accounts:
                    account = account_facts(row)
                    self.directory.add(account)
                    added.append(account)
        return added

    def _read_deals(self, session: Session, account_ids: list[str]) -> None:
        for batch in _batches(account_ids):
            where = one_of(session.connection(), OpportunityRow.account_id, batch)
            self.directory.add_deals(read_open_deals(session, where))
