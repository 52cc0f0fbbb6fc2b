"""The contact and account statuses of the Marketing Qualified Account model (product spec).

Their values are the labels users see in the CRM ("3 Qualified"), so configuration files and
reports name statuses exactly as sales and marketing do.
"""

from __future__ import annotations

from enum import StrEnum


class ContactStatus(StrEnum):
    """Contact statuses: 1-7 and X, as the product specification lists them."""

    PRE_QUALIFIED = "1 Pre-Qualified"
    NURTURE = "2 Nurture"
    QUALIFIED = "3 Qualified"
    SALES_WORKING = "4 Sales Working"
    OPPORTUNITY_OPEN = "5 Opportunity Open"
    DISQUALIFIED = "6 Disqualified"
    PARTNER = "7 Partner"
    NO_LONGER_WITH_COMPANY = "X No longer with company"


class AccountStatus(StrEnum):
    """Account statuses: 1-10 and Partner, derived bottom-up from contacts, deals and contracts."""

    PRE_QUALIFIED = "1 Pre-Qualified"
    NURTURE = "2 Nurture"
    QUALIFIED = "3 Qualified"
    SALES_WORKING = "4 Sales Working"
    OPPORTUNITY_OPEN = "5 Opportunity Open"
    CUSTOMER = "6 Customer"
    CUSTOMER_ENGAGED = "7 Customer Engaged"
    CUSTOMER_OPPORTUNITY = "8 Customer Opportunity"
    CHURNED = "9 Churned"
    DISQUALIFIED = "10 Disqualified"
    PARTNER = "Partner"
