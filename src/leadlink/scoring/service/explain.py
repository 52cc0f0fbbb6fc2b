"""`explain_account`: an account's status, why, and the contacts and opportunities behind it.

The facts are recomputed live from the account's own records (the same computation as
`apply_statuses`), so the explanation also says when the stored status is about to change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from leadlink.lifecycle.account_status import AccountStatusMachine
from leadlink.lifecycle.contact_status import parse_contact_status
from leadlink.lifecycle.status_facts import (
    AccountFacts,
    AccountSnapshot,
    ContactSnapshot,
    ContractSnapshot,
    OpportunitySnapshot,
    compute_account_facts,
    renewal_counts,
)
from leadlink.lifecycle.status_rules import StatusRules, load_status_rules
from leadlink.lifecycle.status_types import AccountStatus, ContactStatus
from leadlink.scoring.activities import Activity
from leadlink.scoring.service.loader import as_utc, parse_type
from leadlink.store.db import SessionFactory
from leadlink.store.models import (
    LINKED_DECISIONS,
    AccountRow,
    ActivityRow,
    ContactRow,
    ContractRow,
    LinkRow,
    OpportunityRow,
)
from leadlink.store.models.scoring import AccountScoreRow, StatusChangeRow

HISTORY_LINES = 8


class AccountNotFound(KeyError):
    """No account with that id in the store."""


def _history(session: Session, kind: str, ids: list[str]) -> dict[str, list[StatusChangeRow]]:
    rows: dict[str, list[StatusChangeRow]] = {}
    if not ids:
        return rows
    query = (
        select(StatusChangeRow)
        .where(StatusChangeRow.object_type == kind, StatusChangeRow.object_id.in_(ids))
        .order_by(StatusChangeRow.id)
    )
    for row in session.scalars(query):
        rows.setdefault(row.object_id, []).append(row)
    return rows


def _activities(
    session: Session, people: dict[tuple[str, str], str], since: datetime, account_id: str
) -> list[Activity]:
    acts: list[Activity] = []
    for ptype in ("contact", "lead"):
        ids = [pid for (t, pid) in people if t == ptype]
        for start in range(0, len(ids), 500):
            query = select(ActivityRow).where(
                ActivityRow.person_type == ptype,
                ActivityRow.person_id.in_(ids[start : start + 500]),
                ActivityRow.occurred_at >= since,
            )
            for row in session.scalars(query):
                kind = parse_type(row.type)
                if kind is not None and row.occurred_at is not None:
                    acts.append(
                        Activity(
                            row.person_id, account_id, kind, as_utc(row.occurred_at), id=row.id
                        )
                    )
    return acts


def _linked_leads(session: Session, account_id: str) -> list[str]:
    query = select(LinkRow.lead_id).where(
        LinkRow.account_id == account_id,
        LinkRow.superseded_at.is_(None),
        LinkRow.decision.in_(LINKED_DECISIONS),
    )
    return list(session.scalars(query))


def explain_account(
    factory: SessionFactory,
    account_id: str,
    *,
    now: datetime | None = None,
    rules: StatusRules | None = None,
) -> str:
    """The account's status, why, its score, and the contacts and opportunities behind it.

    Raises:
        AccountNotFound: no account has that id.
    """
    now = now or datetime.now(UTC)
    rules = rules or load_status_rules()
    config = rules.account
    with factory() as session:
        account = session.get(AccountRow, account_id)
        if account is None:
            raise AccountNotFound(account_id)
        contact_rows = list(
            session.scalars(
                select(ContactRow)
                .where(ContactRow.account_id == account_id)
                .order_by(ContactRow.id)
            )
        )
        opp_rows = list(
            session.scalars(select(OpportunityRow).where(OpportunityRow.account_id == account_id))
        )
        contract_rows = list(
            session.scalars(select(ContractRow).where(ContractRow.account_id == account_id))
        )
        people = {("contact", c.id): c.account_id for c in contact_rows}
        people |= {("lead", lid): account_id for lid in _linked_leads(session, account_id)}
        window = now - timedelta(days=config.engaged_within_days)
        acts = _activities(session, people, window, account_id)
        contact_history = _history(session, "contact", [c.id for c in contact_rows])
        account_history = _history(session, "account", [account_id]).get(account_id, [])
        score = session.get(AccountScoreRow, account_id)

    contacts = []
    for c in contact_rows:
        hist = contact_history.get(c.id, [])
        status = parse_contact_status(c.status or "") or ContactStatus.PRE_QUALIFIED
        name = f"{c.first_name} {c.last_name}".strip()
        contacts.append(
            ContactSnapshot(c.id, account_id, status, name, hist[-1].reason if hist else "")
        )
    opps = [
        OpportunitySnapshot(
            id=o.id,
            account_id=account_id,
            is_open=not o.is_closed,
            is_won=o.is_won,
            stage=o.stage,
            stage_index=config.renewal.stage_index(o.stage),
            is_renewal=config.renewal.is_renewal(o.type),
            auto_created=config.renewal.is_renewal(o.type),
            primary_contact_id=o.primary_contact_id,
            name=o.name,
        )
        for o in opp_rows
    ]
    contracts = [
        ContractSnapshot(k.id, account_id, k.start_date, k.end_date, k.active)
        for k in contract_rows
    ]
    facts = compute_account_facts(
        AccountSnapshot(account_id, account.name, account.type),
        contacts,
        opps,
        contracts,
        acts,
        now=now,
        config=config,
        account_score=score.score if score else 0.0,
        qualify_threshold=score.account_threshold if score else 0.0,
        engaged_before=bool(score and score.last_activity_at),
    )
    machine = AccountStatusMachine(config)
    current = AccountStatus(account.status) if account.status in _VALUES else None
    lines = [
        f"Account {account_id}  {account.name}"
        + (f"  (type {account.type})" if account.type else "")
    ]
    lines += _status_lines(machine, current, facts, account_history)
    lines += _score_lines(score)
    lines += _contact_lines(contacts, people)
    lines += _opportunity_lines(opps, opp_rows, contracts, now, rules)
    lines += _history_lines(account_history)
    return "\n".join(lines)


_VALUES = {s.value for s in AccountStatus}


def _status_lines(
    machine: AccountStatusMachine,
    current: AccountStatus | None,
    facts: AccountFacts,
    history: list[StatusChangeRow],
) -> list[str]:
    decision = machine.decide(facts)
    lines = machine.explain(current, facts).splitlines()
    if current is None:
        lines.insert(0, "Stored status: none yet (run `leadlink score`)")
    elif machine.logic_can_leave(current) and decision.status is not current:
        lines.insert(
            0,
            f"Stored status: {current.value}; the rules now give "
            f"{decision.status.value} (the next `leadlink score` applies it)",
        )
    if history and current is not None and history[-1].to_status == current.value:
        since = as_utc(history[-1].at).date().isoformat()
        lines = [
            f"{line} (since {since})" if line.startswith("Status:") else line for line in lines
        ]
    return lines


def _score_lines(score: AccountScoreRow | None) -> list[str]:
    if score is None:
        return ["Score: not scored yet (run `leadlink score`)"]
    lists = f"; target list {', '.join(score.target_lists)}" if score.target_lists else ""
    head = (
        f"Score: {score.score:.1f} (MQA threshold {score.account_threshold:g}{lists}), "
        f"trend {score.trend}, {score.engaged_people} of {score.known_people} people "
        f"engaged"
    )
    parts = [f"  {v:+.1f} {k}" for k, v in sorted(score.components.items(), key=lambda kv: -kv[1])]
    return [head, *parts]


def _contact_lines(
    contacts: list[ContactSnapshot], people: dict[tuple[str, str], str]
) -> list[str]:
    leads = sum(1 for t, _ in people if t == "lead")
    lines = [f"Contacts ({len(contacts)}; plus {leads} linked leads):"]
    for c in contacts:
        why = f"  {c.status_reason}" if c.status_reason else ""
        lines.append(f"  {c.id}  {c.name}  [{c.status.value}]{why}")
    return lines


def _opportunity_lines(
    opps: list[OpportunitySnapshot],
    rows: list[OpportunityRow],
    contracts: list[ContractSnapshot],
    now: datetime,
    rules: StatusRules,
) -> list[str]:
    lines = [f"Opportunities ({len(opps)}):"]
    for snap, row in zip(opps, rows, strict=True):
        counts, why = renewal_counts(snap, contracts, now.date(), rules.account)
        state = "won" if row.is_won else "lost" if row.is_closed else "open"
        note = "" if not snap.is_open else ("; counts as open" if counts else "; not counted")
        lines.append(
            f"  {row.id}  {row.name}  {row.type or '-'}, {row.stage or '-'}, {state}{note} ({why})"
        )
    for k in contracts:
        span = f"{k.start or '?'} to {k.end or '?'}"
        lines.append(
            f"  contract {k.id}: {span}, {'active' if k.is_active(now.date()) else 'inactive'}"
        )
    return lines


def _history_lines(history: list[StatusChangeRow]) -> list[str]:
    lines = ["History:"] if history else []
    for row in history[-HISTORY_LINES:]:
        moved = f"{row.from_status or '(new)'} -> {row.to_status}"
        by = f" by {row.actor}" if row.actor else ""
        lines.append(f"  {as_utc(row.at).date().isoformat()}  {moved}{by}  ({row.rule})")
    return lines
