"""`apply_statuses`: run the contact and account state machines over the store.

Contacts first (a contact without history gets its first status: the CRM's when recognised,
else 1 Pre-Qualified), then accounts, bottom-up from the contacts' new statuses. Every change is
written to `status_changes` with its reason and evidence, and the status columns are updated, in
one transaction. The logic is state-based, so a second run writes nothing.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from leadlink.lifecycle.account_status import AccountStatusMachine
from leadlink.lifecycle.contact_status import ContactStatusMachine, parse_contact_status
from leadlink.lifecycle.statemachine import Transition
from leadlink.lifecycle.status_engine import ContactInputs, contact_changes
from leadlink.lifecycle.status_facts import (
    AccountSnapshot,
    ContactSnapshot,
    OpportunitySnapshot,
    compute_account_facts,
)
from leadlink.lifecycle.status_rules import StatusRules, load_status_rules
from leadlink.lifecycle.status_types import AccountStatus, ContactStatus
from leadlink.scoring.activities import ACTIVITY_TYPES, Activity
from leadlink.scoring.fit import fit_score
from leadlink.scoring.model import ScoringModel, load_scoring_model
from leadlink.scoring.service.activity_table import ActivityTable, read_activity_table
from leadlink.scoring.service.bulk import bulk_insert, bulk_set
from leadlink.scoring.service.loader import Crm, PersonInfo, as_utc, load_crm
from leadlink.scoring.targets import thresholds_for
from leadlink.scoring.vectorized import decayed_points
from leadlink.store.db import SessionFactory
from leadlink.store.models import AccountRow, ContactRow
from leadlink.store.models.base import table_of
from leadlink.store.models.scoring import AccountScoreRow, ScoringRunRow, StatusChangeRow

Say = Callable[[str], None]
BATCH = 10_000


@dataclass(slots=True)
class StatusSummary:
    """What a status run changed."""

    run_id: int
    contacts_changed: int
    accounts_changed: int
    contact_moves: dict[str, int] = field(default_factory=dict)
    account_moves: dict[str, int] = field(default_factory=dict)
    stage_volumes: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(slots=True)
class _Inputs:
    candidates: dict[str, Activity] = field(default_factory=dict)  # first high-value action
    behaviour: dict[str, float] = field(default_factory=dict)  # behaviour since the change
    account_acts: dict[str, list[Activity]] = field(default_factory=lambda: defaultdict(list))
    engaged: dict[str, int] = field(default_factory=dict)  # people engaged in the window
    history: dict[str, tuple[datetime | None, str]] = field(default_factory=dict)
    scores: dict[str, tuple[float, float, float, bool]] = field(default_factory=dict)


def _read_history(session: Session, data: _Inputs, rules: StatusRules) -> None:
    query = (
        select(
            StatusChangeRow.object_id,
            StatusChangeRow.at,
            StatusChangeRow.reason,
            StatusChangeRow.from_status,
            StatusChangeRow.to_status,
        )
        .where(StatusChangeRow.object_type == "contact")
        .order_by(StatusChangeRow.id)
    )
    default = rules.contact.default.value
    for object_id, at, reason, old, new in session.execute(query).yield_per(BATCH):
        # A first default status is no decision: all engagement so far still counts.
        changed_at = None if old is None and new == default else as_utc(at)
        data.history[object_id] = (changed_at, reason)
    for row in session.scalars(select(AccountScoreRow)).yield_per(BATCH):
        data.scores[row.account_id] = (
            row.score,
            row.contact_threshold,
            row.account_threshold,
            row.last_activity_at is not None,
        )


def _since(crm: Crm, data: _Inputs, rules: StatusRules, now: datetime) -> dict[str, float]:
    """Epoch seconds after which a contact's engagement counts (absent: all of it)."""
    since: dict[str, float] = {}
    for (ptype, cid), person in crm.people.items():
        if ptype != "contact":
            continue
        history = data.history.get(cid)
        if history is not None:
            if history[0] is not None:
                since[cid] = history[0].timestamp()
        elif (
            parse_contact_status(person.crm_status or person.status or "") or rules.contact.default
        ) is not rules.contact.default:
            since[cid] = now.timestamp()  # a CRM status stands: only new engagement counts
    return since


def _activity(table: ActivityTable, row: int, accounts: list[str]) -> Activity:
    arrays = table.arrays
    _ptype, pid = table.people[int(arrays.person[row])]
    account = int(arrays.account[row])
    return Activity(
        pid,
        accounts[account] if account >= 0 else "",
        ACTIVITY_TYPES[int(arrays.type_code[row])],
        datetime.fromtimestamp(float(arrays.ts[row]), UTC),
        id=table.ids.get(row, ""),
    )


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort-based: np.unique is far slower on millions here)."""
    ordered = np.sort(values)
    return ordered[np.append(True, ordered[1:] != ordered[:-1])] if len(ordered) else ordered


def _read_inputs(
    session: Session, crm: Crm, rules: StatusRules, model: ScoringModel, now: datetime
) -> _Inputs:
    data = _Inputs()
    _read_history(session, data, rules)
    accounts = list(crm.accounts)
    hv = rules.contact.high_value_actions
    forms = rules.account.customer_engaged_activity_types
    table = read_activity_table(
        session, crm, {a: i for i, a in enumerate(accounts)}, quote_types=[*hv, *forms]
    )
    arrays, n_people = table.arrays, len(table.people)
    since_map = _since(crm, data, rules, now)
    since = np.full(n_people, -np.inf)
    for i, (ptype, pid) in enumerate(table.people):
        if ptype == "contact" and pid in since_map:
            since[i] = since_map[pid]
    is_contact = np.array([k[0] == "contact" for k in table.people], dtype=bool)
    after = (arrays.ts > since[arrays.person]) & is_contact[arrays.person]
    decayed = decayed_points(arrays, now, model.behaviour)
    sums = np.bincount(arrays.person[after], weights=decayed[after], minlength=n_people)
    counts = np.bincount(arrays.person[after], minlength=n_people)
    cap = model.behaviour.max_points
    for i in np.flatnonzero(counts).tolist():
        value = float(sums[i]) if cap is None else min(float(sums[i]), cap)
        data.behaviour[table.people[i][1]] = round(value, 2)
    fresh = arrays.ts >= now.timestamp() - rules.contact.high_value_within_days * 86_400.0
    hv_rows = np.flatnonzero(after & fresh & np.isin(arrays.type_code, [t.code for t in hv]))
    for row in hv_rows[np.argsort(arrays.ts[hv_rows], kind="stable")].tolist():
        cid = table.people[int(arrays.person[row])][1]
        if cid not in data.candidates:
            data.candidates[cid] = _activity(table, row, accounts)
    window = now.timestamp() - rules.account.engaged_within_days * 86_400.0
    rows = np.flatnonzero((arrays.ts >= window) & (arrays.account >= 0))
    pair = arrays.account[rows] * (n_people + 1) + arrays.person[rows]
    engaged = np.bincount(_distinct(pair) // (n_people + 1), minlength=len(accounts))
    data.engaged = {accounts[i]: int(n) for i, n in enumerate(engaged.tolist()) if n}
    forms_rows = rows[np.isin(arrays.type_code[rows], [t.code for t in forms])]
    order = forms_rows[np.lexsort((arrays.ts[forms_rows], arrays.person[forms_rows]))]
    people = arrays.person[order]
    last = np.flatnonzero(np.append(people[1:] != people[:-1], True)) if len(people) else people
    for row in order[last].tolist():  # each person's latest form-type activity in the window
        act = _activity(table, row, accounts)
        data.account_acts[act.account_id].append(act)
    return data


def _contact_pass(
    crm: Crm,
    data: _Inputs,
    opps: dict[str, list[OpportunitySnapshot]],
    model: ScoringModel,
    machine: ContactStatusMachine,
    now: datetime,
) -> tuple[list[tuple[str, Transition[ContactStatus]]], dict[str, ContactSnapshot]]:
    changes: list[tuple[str, Transition[ContactStatus]]] = []
    final: dict[str, ContactSnapshot] = {}
    fits: dict[tuple[Any, Any], float] = {}  # fit by (person, account) profile
    for key, person in crm.people.items():
        if key[0] != "contact":
            continue
        cid = key[1]
        history = data.history.get(cid)
        status = parse_contact_status(person.status or "") or machine.default
        since: datetime | None = history[0] if history else None
        reason = history[1] if history else ""
        if history is None:
            first = machine.from_crm(person.crm_status or person.status or "", at=now)
            changes.append((cid, first))
            status, reason = first.to_status, first.reason
            since = None if status is machine.default else now
        snap = ContactSnapshot(cid, person.account_id or "", status, person.name, reason, since)
        primary = opps.get(cid, [])
        if not primary and cid not in data.candidates and cid not in data.behaviour:
            final[cid] = snap  # nothing new: no rule can move this contact
            continue
        inputs = _contact_inputs(person, snap, data, primary, crm, model, fits)
        for change in contact_changes(machine, snap, inputs, now=now):
            changes.append((cid, change))
            snap = ContactSnapshot(
                cid, snap.account_id, change.to_status, person.name, change.reason, now
            )
        final[cid] = snap
    return changes, final


def _contact_inputs(
    person: PersonInfo,
    snap: ContactSnapshot,
    data: _Inputs,
    opps: list[OpportunitySnapshot],
    crm: Crm,
    model: ScoringModel,
    fits: dict[tuple[Any, Any], float],
) -> ContactInputs:
    candidate = data.candidates.get(snap.id)
    threshold = model.qualification.contact_threshold
    stored = data.scores.get(snap.account_id)
    account = crm.accounts.get(snap.account_id)
    if stored is not None:
        threshold = stored[1]
    elif account is not None:
        threshold = thresholds_for(account.id, 0.0, model).contact
    score = None
    behaviour = data.behaviour.get(snap.id)
    if behaviour is not None:
        key = (person.profile, account.profile if account else None)
        fit = fits.get(key)
        if fit is None:
            fit = fits[key] = fit_score(key[0], key[1], model.fit).total
        score = fit + behaviour
    return ContactInputs([candidate] if candidate else [], score, threshold, opps)


def _account_pass(
    crm: Crm,
    data: _Inputs,
    contacts: dict[str, ContactSnapshot],
    rules: StatusRules,
    machine: AccountStatusMachine,
    model: ScoringModel,
    now: datetime,
) -> list[tuple[str, Transition[AccountStatus]]]:
    by_account: dict[str, list[ContactSnapshot]] = defaultdict(list)
    for c in contacts.values():
        by_account[c.account_id].append(c)
    opps, contracts = defaultdict(list), defaultdict(list)
    for o in crm.opportunities:
        opps[o.account_id].append(o)
    for k in crm.contracts:
        contracts[k.account_id].append(k)
    changes = []
    for account_id, info in crm.accounts.items():
        score, _, threshold, before = data.scores.get(
            account_id, (0.0, 0.0, model.qualification.account_threshold, False)
        )
        facts = compute_account_facts(
            AccountSnapshot(account_id, info.name, info.type),
            by_account.get(account_id, []),
            opps.get(account_id, []),
            contracts.get(account_id, []),
            data.account_acts.get(account_id, []),
            now=now,
            config=rules.account,
            account_score=score,
            qualify_threshold=threshold,
            engaged_before=before,
            people_engaged=data.engaged.get(account_id, 0),
        )
        current = AccountStatus(info.status) if info.status in _ACCOUNT_VALUES else None
        change = machine.derive(current, facts, at=now)
        if change is not None:
            changes.append((account_id, change))
    return changes


_ACCOUNT_VALUES = {s.value for s in AccountStatus}


def _change_row(kind: str, object_id: str, t: Transition[Any], run_id: int) -> dict[str, Any]:
    return {
        "object_type": kind,
        "object_id": object_id,
        "from_status": t.from_status.value if t.from_status is not None else None,
        "to_status": t.to_status.value,
        "event": t.event,
        "rule": t.rule,
        "reason": t.reason,
        "evidence": t.evidence,
        "actor": t.actor,
        "run_id": run_id,
        "at": t.at,
    }


def _moves(changes: list[tuple[str, Transition[Any]]]) -> dict[str, int]:
    return dict(
        Counter(
            f"{t.from_status.value if t.from_status else '(new)'} -> {t.to_status.value}"
            for _, t in changes
        )
    )


def stage_volumes(session: Session) -> dict[str, dict[str, int]]:
    """How many accounts and contacts are in each status now."""
    accounts = Counter(s or "(none)" for s in session.scalars(select(AccountRow.status)))
    contacts = Counter(s or "(none)" for s in session.scalars(select(ContactRow.status)))
    return {"accounts": dict(accounts), "contacts": dict(contacts)}


def _unchanged(
    session: Session, changes: list[tuple[str, Any]], read: dict[str, str | None], model: Any
) -> list[tuple[str, Any]]:
    """Drop the changes of objects whose status someone changed while this run was working."""
    ids = {i for i, _ in changes}
    if not ids:
        return changes
    now_stored: dict[str, str | None] = {}
    if len(ids) > 50_000:  # most of the table: one scan beats many IN lists
        now_stored.update(session.execute(select(model.id, model.status)).all())
    else:
        listed = sorted(ids)
        for start in range(0, len(listed), 1000):
            part = listed[start : start + 1000]
            query = select(model.id, model.status).where(model.id.in_(part))
            now_stored.update(session.execute(query).all())
    moved = {i for i in ids if now_stored.get(i) != read.get(i)}
    return [(i, t) for i, t in changes if i not in moved]


def _write(
    session: Session,
    run: ScoringRunRow,
    contact_changes_: list[tuple[str, Any]],
    account_changes: list[tuple[str, Any]],
    crm: Crm,
) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """Write the changes (skipping objects a person changed meanwhile); return those written."""
    read_contacts = {k[1]: p.status for k, p in crm.people.items() if k[0] == "contact"}
    read_accounts = {a: info.status for a, info in crm.accounts.items()}
    contact_changes_ = _unchanged(session, contact_changes_, read_contacts, ContactRow)
    account_changes = _unchanged(session, account_changes, read_accounts, AccountRow)
    rows = [_change_row("contact", i, t, run.id) for i, t in contact_changes_]
    rows += [_change_row("account", i, t, run.id) for i, t in account_changes]
    bulk_insert(session, table_of(StatusChangeRow), rows)
    final_contacts = {i: t.to_status.value for i, t in contact_changes_}
    final_accounts = {i: t.to_status.value for i, t in account_changes}
    bulk_set(session, table_of(ContactRow), "status", final_contacts)
    bulk_set(session, table_of(AccountRow), "status", final_accounts)
    return contact_changes_, account_changes


def apply_statuses(
    factory: SessionFactory,
    *,
    now: datetime | None = None,
    model: ScoringModel | None = None,
    rules: StatusRules | None = None,
    say: Say | None = None,
) -> StatusSummary:
    """Move every contact and account to the status its records call for; keep the history."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    model = model or load_scoring_model()
    rules = rules or load_status_rules()
    tell = say or (lambda _msg: None)
    tell("reading contacts, opportunities, contracts and recent activities")
    with factory() as session:
        crm = load_crm(session, rules.account.renewal)
        data = _read_inputs(session, crm, rules, model, now)
    primary: dict[str, list[OpportunitySnapshot]] = defaultdict(list)
    for o in crm.opportunities:
        if o.primary_contact_id:
            primary[o.primary_contact_id].append(o)
    tell("contact statuses")
    contact_machine = ContactStatusMachine(rules.contact)
    contact_list, final = _contact_pass(crm, data, primary, model, contact_machine, now)
    tell("account statuses")
    account_machine = AccountStatusMachine(rules.account)
    account_list = _account_pass(crm, data, final, rules, account_machine, model, now)
    tell("saving status changes")
    with factory() as session, session.begin():
        run = ScoringRunRow(kind="status", started_at=now)
        session.add(run)
        session.flush()
        contact_list, account_list = _write(session, run, contact_list, account_list, crm)
        session.flush()
        volumes = stage_volumes(session)
        counts = {
            "contacts_changed": len({i for i, _ in contact_list}),
            "accounts_changed": len(account_list),
        }
        run.counts, run.stage_volumes = counts, volumes
        run.status, run.finished_at = "done", datetime.now(UTC)
    return StatusSummary(
        run_id=run.id,
        contacts_changed=counts["contacts_changed"],
        accounts_changed=counts["accounts_changed"],
        contact_moves=_moves(contact_list),
        account_moves=_moves(account_list),
        stage_volumes=volumes,
        seconds=round(time.perf_counter() - started, 2),
    )
