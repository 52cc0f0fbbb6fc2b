"""Engagement: activities of leads and contacts and campaign membership, vectorised with numpy.

Activity is skewed the way marketing data is (many e-mail opens and page visits, few demo
requests), lies in the ~120 days before the reference date, and some accounts "surge" (their
people are several times as active and show intent), which account-level scoring should find.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np

ACTIVITY_FIELDS = ("id", "person_id", "person_type", "type", "occurred_at", "campaign_id", "detail")
MEMBER_FIELDS = (
    "campaign_id",
    "campaign_name",
    "person_id",
    "person_type",
    "status",
    "responded_at",
)
TYPES = (
    "form_fill",
    "demo_request",
    "contact_us",
    "webinar_registration",
    "webinar_attendance",
    "event_attendance",
    "email_open",
    "email_click",
    "page_visit",
    "content_download",
    "intent_signal",
)
_TYPE_P = np.array([4, 0.8, 1.2, 4, 2.5, 1.5, 34, 9, 30, 5, 8], dtype=float)
_TYPE_P /= _TYPE_P.sum()
# Campaign kind of each type: 0 webinar, 1 event, 2 email, 3 content, -1 none.
_KIND = np.array([3, -1, -1, 0, 0, 1, 2, 2, -1, 3, -1])
# Member status rank of each type: 0 Sent, 1 Responded, 2 Registered, 3 Attended, -1 none.
_RANK = np.array([1, -1, -1, 2, 3, 3, 0, 1, -1, 1, -1])
STATUSES = ("Sent", "Responded", "Registered", "Attended")
WINDOW_DAYS = 120
SURGE_SHARE = 0.05

_WEBINARS = (
    "Lead routing that works",
    "The MQA playbook",
    "Speed to lead",
    "ABM in practice",
    "Cleaning your CRM",
    "Scoring beyond MQLs",
    "RevOps metrics",
    "Territory design",
)
_EVENTS = ("RevOps Summit", "B2B Marketing Expo", "SaaS Connect", "Pipeline Live", "Customer Day")
_CONTENT = (
    "Ebook: Lead-to-account matching",
    "Guide: Routing rules",
    "Report: State of RevOps",
    "Checklist: CRM hygiene",
    "Template: Account scorecard",
    "Whitepaper: Intent data",
)
_PAGES = (
    "/pricing",
    "/product/matching",
    "/product/routing",
    "/customers",
    "/blog/mqa-model",
    "/docs/getting-started",
    "/integrations/salesforce",
    "/careers",
    "/",
    "/compare",
)
_TOPICS = (
    "lead routing",
    "account based marketing",
    "data enrichment",
    "crm deduplication",
    "lead scoring",
    "sales engagement",
)
_FORMS = ("Form: Newsletter signup", "Form: Free trial", "Form: Pricing inquiry")


@dataclass(slots=True)
class Campaigns:
    """Campaign ids, names and the index range of each kind."""

    ids: list[str]
    names: list[str]
    kind_start: np.ndarray
    kind_size: np.ndarray


def make_campaigns(ref: date) -> Campaigns:
    """Webinars, events, monthly e-mails and content offers of the last months before `ref`."""
    webinars = [f"Webinar: {t}" for t in _WEBINARS]
    events = [f"Event: {e} {ref.year}" for e in _EVENTS]
    emails = []
    for k in range(6):
        y, m = divmod(ref.year * 12 + ref.month - 1 - k, 12)
        emails += [f"Newsletter {y}-{m + 1:02d}", f"Nurture email {y}-{m + 1:02d}"]
    groups = (webinars, events, emails, list(_CONTENT))
    names = [n for g in groups for n in g]
    sizes = np.array([len(g) for g in groups])
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    return Campaigns([f"CMP{i + 1:04d}" for i in range(len(names))], names, starts, sizes)


def surge_accounts(seed: int, n_accounts: int) -> np.ndarray:
    """Which accounts surge (their people are more active and show intent)."""
    return np.random.default_rng([seed, 0x5E]).random(max(n_accounts, 1)) < SURGE_SHARE


def _details(camps: Campaigns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A flat detail table: campaign names first, then options per type without a campaign."""
    per_type: dict[int, list[str]] = {
        0: list(_FORMS),
        1: ["Form: Request a demo"],
        2: ["Form: Contact us"],
        8: list(_PAGES),
        10: [f"topic: {t}; score: {s}" for t in _TOPICS for s in (55, 70, 85, 95)],
    }
    table = list(camps.names)
    start = np.zeros(len(TYPES), dtype=np.int64)
    size = np.ones(len(TYPES), dtype=np.int64)
    for t, opts in per_type.items():
        start[t], size[t] = len(table), len(opts)
        table += opts
    return np.array(table, dtype=object), start, size


Rows = list[tuple[str, ...]]


def engagement(
    gen: np.random.Generator,
    camps: Campaigns,
    ref: date,
    person_ids: list[str],
    contacts: bool,
    account: np.ndarray,
    created: np.ndarray,
    surge: np.ndarray,
) -> tuple[Rows, Rows]:
    """Activity rows and campaign-member rows for a group of leads (or of contacts)."""
    ref_epoch = int(datetime(ref.year, ref.month, ref.day, tzinfo=UTC).timestamp())
    has_acct = account >= 0
    surging = has_acct & surge[np.where(has_acct, account, 0)]
    lam = (0.9 if contacts else 1.6) * np.where(surging, 4.0, 1.0)
    counts = gen.poisson(lam)
    person = np.repeat(np.arange(len(person_ids)), counts)
    n = len(person)
    types = gen.choice(len(TYPES), size=n, p=_TYPE_P)
    types[surging[person] & (gen.random(n) < 0.12)] = 10  # intent at surging accounts
    start = np.maximum(created[person], ref_epoch - WINDOW_DAYS * 86400)
    span = np.maximum(ref_epoch - start, 1)
    when = start + (span * gen.random(n) ** 0.8).astype(np.int64)
    order = np.lexsort((when, person))
    types, when = types[order], when[order]
    kind = np.where((types == 0) & (gen.random(n) < 0.5), -1, _KIND[types])
    safe = np.maximum(kind, 0)
    pick = gen.integers(0, 1 << 30, n)
    camp = np.where(kind >= 0, camps.kind_start[safe] + pick % camps.kind_size[safe], -1)
    # An e-mail campaign is the one of the activity's month (newest first, two per month).
    month = when.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    months = (ref.year - 1970) * 12 + ref.month - 1 - month
    email = camps.kind_start[2] + 2 * np.clip(months, 0, 5) + pick % 2
    camp = np.where(kind == 2, email, camp)
    table, dstart, dsize = _details(camps)
    detail = np.where(camp >= 0, camp, dstart[types] + pick % dsize[types])
    times = np.datetime_as_string(when.astype("datetime64[s]"), unit="s", timezone="UTC")
    times_l = times.tolist()
    pids = np.array(person_ids, dtype=object)[person].tolist()
    seq = (np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts) + 1).tolist()
    ptype = "contact" if contacts else "lead"
    camp_ids = np.array([*camps.ids, ""], dtype=object)
    activities = list(
        zip(
            [f"E-{p}-{j}" for p, j in zip(pids, seq, strict=True)],
            pids,
            [ptype] * n,
            np.array(TYPES, dtype=object)[types].tolist(),
            times_l,
            camp_ids[camp].tolist(),
            table[detail].tolist(),
            strict=True,
        )
    )
    members = _members(gen, camps, person, types, camp, times, person_ids, ptype)
    return activities, members


def _members(
    gen: np.random.Generator,
    camps: Campaigns,
    person: np.ndarray,
    types: np.ndarray,
    camp: np.ndarray,
    times: np.ndarray,
    person_ids: list[str],
    ptype: str,
) -> Rows:
    """One row per (campaign, person): the best status reached, plus e-mails only sent."""
    n_people = max(len(person_ids), 1)
    rank = _RANK[types]
    keep = np.flatnonzero((camp >= 0) & (rank >= 0))
    key = camp[keep].astype(np.int64) * n_people + person[keep]
    order = np.lexsort((rank[keep], key))
    key, src = key[order], keep[order]
    last = np.append(key[1:] != key[:-1], True) if len(key) else np.zeros(0, dtype=bool)
    key, src = key[last], src[last]
    n_extra = len(person_ids) // 4
    first_email = int(camps.kind_start[2])
    extra = np.unique(
        (first_email + gen.integers(0, int(camps.kind_size[2]), n_extra)).astype(np.int64)
        * n_people
        + gen.integers(0, n_people, n_extra)
    )
    extra = extra[~np.isin(extra, key)]
    all_key = np.concatenate((key, extra))
    all_src = np.concatenate((src, np.full(len(extra), -1, dtype=np.int64)))
    order = np.argsort(all_key, kind="stable")
    all_key, all_src = all_key[order], all_src[order]
    c, p = np.divmod(all_key, n_people)
    status = np.where(all_src >= 0, rank[np.maximum(all_src, 0)], 0)
    responded = np.where(status > 0, times[np.maximum(all_src, 0)], "")
    return list(
        zip(
            np.array(camps.ids, dtype=object)[c].tolist(),
            np.array(camps.names, dtype=object)[c].tolist(),
            np.array(person_ids, dtype=object)[p].tolist(),
            [ptype] * len(c),
            np.array(STATUSES, dtype=object)[status].tolist(),
            responded.tolist(),
            strict=True,
        )
    )
