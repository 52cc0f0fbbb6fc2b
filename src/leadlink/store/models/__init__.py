"""The store's tables, split by domain; importing this package registers them all on Base."""

from leadlink.store.models import routing, scoring, triggers
from leadlink.store.models.base import Base, Tracked, table_of, utcnow
from leadlink.store.models.crm import (
    CONTACT_DEFAULT_STATUS,
    AccountRow,
    ActivityRow,
    CampaignMemberRow,
    CampaignRow,
    ContactRow,
    ContractRow,
    LeadRow,
    OpportunityRow,
    UserRow,
)
from leadlink.store.models.links import (
    LINKED_DECISIONS,
    PINNED_DECISIONS,
    LinkRow,
    ReviewDecisionRow,
    ReviewItemRow,
)
from leadlink.store.models.ops import (
    ConversionRow,
    ExportRow,
    LeadDuplicateRow,
    LeadEnrichmentRow,
    LeadExportRow,
    RunRow,
)

__all__ = [
    "CONTACT_DEFAULT_STATUS",
    "LINKED_DECISIONS",
    "PINNED_DECISIONS",
    "AccountRow",
    "ActivityRow",
    "Base",
    "CampaignMemberRow",
    "CampaignRow",
    "ContactRow",
    "ContractRow",
    "ConversionRow",
    "ExportRow",
    "LeadDuplicateRow",
    "LeadEnrichmentRow",
    "LeadExportRow",
    "LeadRow",
    "LinkRow",
    "OpportunityRow",
    "ReviewDecisionRow",
    "ReviewItemRow",
    "RunRow",
    "Tracked",
    "UserRow",
    "routing",
    "scoring",
    "table_of",
    "triggers",
    "utcnow",
]
