"""CRM objects as imported: accounts, leads, contacts, opportunities, contracts, activities,
campaigns, campaign members and users.

Ids are the CRM's own ids. References between CRM objects (an opportunity's account, a contact's
account) are plain indexed columns, not foreign keys, so that files can be imported in any order
and a dangling reference in a CRM export does not reject the row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, String, UniqueConstraint, text, true
from sqlalchemy.orm import Mapped, mapped_column

from leadlink.store.models.base import Base, Tracked

CONTACT_DEFAULT_STATUS = "1 Pre-Qualified"


class AccountRow(Tracked, Base):
    """An account; `parent_id` gives the hierarchy, `extra` the firmographics."""

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(default="")
    website: Mapped[str] = mapped_column(default="")
    domains: Mapped[str] = mapped_column(default="")  # ';'-separated, as in the CSV contract
    phone: Mapped[str] = mapped_column(default="")
    street: Mapped[str] = mapped_column(default="")
    city: Mapped[str] = mapped_column(default="")
    state: Mapped[str] = mapped_column(default="")
    postal_code: Mapped[str] = mapped_column(default="")
    country: Mapped[str] = mapped_column(default="")
    parent_id: Mapped[str] = mapped_column(default="", index=True)
    owner: Mapped[str] = mapped_column(default="")
    sdr_owner: Mapped[str] = mapped_column(default="")
    type: Mapped[str] = mapped_column(default="")
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str | None] = mapped_column(default=None)  # set by the lifecycle machine only


#: A lead never matched, sent back to matching or changed since (migration store_0005).
MATCH_PENDING_SQL = "matched_key IS NULL OR matched_context IS NULL OR matched_key <> content_hash"


class LeadRow(Tracked, Base):
    """A lead with what the person typed; `matched_key` records what the last run matched."""

    __tablename__ = "leads"
    __table_args__ = (
        Index(
            "ix_leads_routing_pending",
            "id",
            sqlite_where=text("routing_pending = 1"),
            postgresql_where=text("routing_pending"),
        ),
        # the leads a run must match when the last run had the same settings and accounts
        Index(
            "ix_leads_match_pending",
            "id",
            sqlite_where=text(MATCH_PENDING_SQL),
            postgresql_where=text(MATCH_PENDING_SQL),
        ),
    )

    id: Mapped[str] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(default="")
    last_name: Mapped[str] = mapped_column(default="")
    title: Mapped[str] = mapped_column(default="")
    email: Mapped[str] = mapped_column(default="")
    company: Mapped[str] = mapped_column(default="")
    website: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(default="")
    street: Mapped[str] = mapped_column(default="")
    city: Mapped[str] = mapped_column(default="")
    state: Mapped[str] = mapped_column(default="")
    postal_code: Mapped[str] = mapped_column(default="")
    country: Mapped[str] = mapped_column(default="")
    lead_source: Mapped[str] = mapped_column(default="")
    crm_status: Mapped[str] = mapped_column(default="")  # the status the CRM export holds
    created_at: Mapped[datetime | None] = mapped_column(default=None)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # content_hash and match context (settings + accounts) the last run matched; NULL = to do
    matched_key: Mapped[str | None] = mapped_column(String(40), default=None)
    matched_context: Mapped[str | None] = mapped_column(String(64), default=None)
    # the current link may have changed since routing last looked: set on insert and by triggers
    # on lead_account_links (migrations store_0003, store_0004), cleared by routing
    routing_pending: Mapped[bool] = mapped_column(default=True, server_default=true())


class ContactRow(Tracked, Base):
    """A contact on an account (imported, or created by converting a lead)."""

    __tablename__ = "contacts"
    __table_args__ = (Index("ix_contacts_email_key", "email_key"),)

    id: Mapped[str] = mapped_column(primary_key=True)
    account_id: Mapped[str] = mapped_column(default="", index=True)
    first_name: Mapped[str] = mapped_column(default="")
    last_name: Mapped[str] = mapped_column(default="")
    email: Mapped[str] = mapped_column(default="")
    email_key: Mapped[str] = mapped_column(default="")  # lower-cased e-mail for duplicate checks
    title: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(default="")
    crm_status: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime | None] = mapped_column(default=None)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str | None] = mapped_column(default=CONTACT_DEFAULT_STATUS)


class OpportunityRow(Tracked, Base):
    """An opportunity (deal) on an account."""

    __tablename__ = "opportunities"

    id: Mapped[str] = mapped_column(primary_key=True)
    account_id: Mapped[str] = mapped_column(default="", index=True)
    name: Mapped[str] = mapped_column(default="")
    stage: Mapped[str] = mapped_column(default="")
    amount: Mapped[float | None] = mapped_column(default=None)
    is_closed: Mapped[bool] = mapped_column(default=False)
    is_won: Mapped[bool] = mapped_column(default=False)
    primary_contact_id: Mapped[str] = mapped_column(default="")
    close_date: Mapped[date | None] = mapped_column(default=None)
    type: Mapped[str] = mapped_column(default="")  # New Business, Renewal, Expansion
    owner: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime | None] = mapped_column(default=None)


class ContractRow(Tracked, Base):
    """A contract on an account; an active one makes the account a customer."""

    __tablename__ = "contracts"

    id: Mapped[str] = mapped_column(primary_key=True)
    account_id: Mapped[str] = mapped_column(default="", index=True)
    start_date: Mapped[date | None] = mapped_column(default=None)
    end_date: Mapped[date | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=False)


class ActivityRow(Tracked, Base):
    """An engagement event of a lead or a contact (moved to the contact on conversion)."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_person", "person_type", "person_id"),)

    id: Mapped[str] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(default="")
    person_type: Mapped[str] = mapped_column(default="lead")  # lead | contact
    type: Mapped[str] = mapped_column(default="")
    occurred_at: Mapped[datetime | None] = mapped_column(default=None)
    campaign_id: Mapped[str] = mapped_column(default="")
    detail: Mapped[str] = mapped_column(default="")


class CampaignRow(Tracked, Base):
    """A marketing campaign (created from the campaign members file)."""

    __tablename__ = "campaigns"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(default="")


class CampaignMemberRow(Tracked, Base):
    """A lead's or contact's membership of a campaign, with its response status."""

    __tablename__ = "campaign_members"
    __table_args__ = (
        UniqueConstraint("campaign_id", "person_type", "person_id", name="uq_campaign_members_key"),
        Index("ix_campaign_members_person", "person_type", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    campaign_id: Mapped[str] = mapped_column()
    person_id: Mapped[str] = mapped_column()
    person_type: Mapped[str] = mapped_column(default="lead")
    status: Mapped[str] = mapped_column(default="")
    responded_at: Mapped[datetime | None] = mapped_column(default=None)


class UserRow(Tracked, Base):
    """A user of the CRM: AE, SDR or manager, with team and territory."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(default="")
    email: Mapped[str] = mapped_column(default="")
    role: Mapped[str] = mapped_column(default="")
    team: Mapped[str] = mapped_column(default="")
    territory: Mapped[str] = mapped_column(default="")
    active: Mapped[bool] = mapped_column(default=True)
    timezone: Mapped[str] = mapped_column(default="")
    manager_id: Mapped[str] = mapped_column(default="")
