"""Activities from the store as numpy columns, for rescoring and status runs at volume.

Ten million activities cannot go through a Python loop per row at any useful speed, so rows come
back as bare tuples (plain SQL, server-side cursor, the time computed by the database) and each
batch is turned into columns with C-level `map` calls: the type code and the person index are
dictionary look-ups, the account follows from the person. Activity ids are kept only for the
rare types a reason quotes (high-value actions, forms).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from leadlink.scoring.activities import ActivityType
from leadlink.scoring.service.loader import (
    TYPE_CODES,
    Crm,
    PersonKey,
    epoch_seconds,
    raw_batches,
    type_code,
)
from leadlink.scoring.vectorized import ActivityArrays
from leadlink.store.models import ActivityRow


@dataclass(slots=True)
class ActivityTable:
    """Activity columns (index-aligned) with the person index and the quotable activity ids."""

    arrays: ActivityArrays
    people: list[PersonKey]
    person_account: npt.NDArray[np.int64]
    ids: dict[int, str] = field(default_factory=dict)
    unknown_type: int = 0
    no_time: int = 0
    no_account: int = 0

    def __len__(self) -> int:
        return len(self.arrays)


def _person_index(
    crm: Crm, accounts: dict[str, int]
) -> tuple[dict[str, int], list[PersonKey], list[int]]:
    index: dict[str, int] = {}
    keys: list[PersonKey] = []
    homes: list[int] = []
    for key, person in crm.people.items():
        index[f"{key[0]}:{key[1]}"] = len(keys)
        keys.append(key)
        homes.append(accounts.get(person.account_id or "", -1))
    return index, keys, homes


def read_activity_table(
    session: Session,
    crm: Crm,
    accounts: dict[str, int],
    *,
    quote_types: Iterable[ActivityType] = (),
) -> ActivityTable:
    """Read every timed activity into columns; unknown types are counted and left out."""
    index, keys, homes = _person_index(crm, accounts)
    quoted = np.array(sorted({t.code for t in quote_types}), dtype=np.int16)
    person_key = ActivityRow.person_type + ":" + ActivityRow.person_id
    query = select(ActivityRow.id, person_key, ActivityRow.type, epoch_seconds(session)).where(
        ActivityRow.occurred_at.is_not(None)
    )
    columns: dict[str, list[npt.NDArray[np.generic]]] = {"p": [], "c": [], "t": []}
    table_ids: dict[int, str] = {}
    unknown = offset = 0
    for batch in raw_batches(session, query):
        ids, pkeys, kinds, stamps = zip(*batch, strict=True)
        codes = np.fromiter(map(TYPE_CODES.get, kinds, repeat(-1)), np.int16, len(kinds))
        for pos in np.flatnonzero(codes < 0).tolist():  # forgiving spelling, else unknown
            forgiven = type_code(kinds[pos])
            codes[pos] = forgiven if forgiven is not None else -1
        person = np.fromiter(map(index.get, pkeys, repeat(-1)), np.int64, len(pkeys))
        for pos in np.flatnonzero(person < 0).tolist():  # a person the CRM does not hold
            person[pos] = index.setdefault(pkeys[pos], len(keys))
            if person[pos] == len(keys):
                ptype, _, pid = pkeys[pos].partition(":")
                keys.append((ptype, pid))
                homes.append(-1)
        keep = codes >= 0
        unknown += int((~keep).sum())
        kept_at = np.cumsum(keep) - 1  # position of each kept row among the kept ones
        for pos in np.flatnonzero(keep & np.isin(codes, quoted)).tolist():
            table_ids[offset + int(kept_at[pos])] = ids[pos]
        columns["p"].append(person[keep])
        columns["c"].append(codes[keep].astype(np.int8))
        columns["t"].append(np.asarray(stamps, dtype=np.float64)[keep])
        offset += int(keep.sum())
    no_time = session.scalar(
        select(func.count()).select_from(ActivityRow).where(ActivityRow.occurred_at.is_(None))
    )
    home = np.asarray(homes, dtype=np.int64)
    person_all = _concat(columns["p"], np.int64)
    account = home[person_all] if len(person_all) else np.zeros(0, dtype=np.int64)
    arrays = ActivityArrays(
        account, person_all, _concat(columns["c"], np.int8), _concat(columns["t"], np.float64)
    )
    return ActivityTable(
        arrays, keys, home, table_ids, unknown, int(no_time or 0), int((account < 0).sum())
    )


def _concat(parts: list[npt.NDArray[np.generic]], dtype: type[np.generic]) -> npt.NDArray[Any]:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)
