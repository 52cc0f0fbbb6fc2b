"""Fixed, famous-style cases that every generated data set contains, so that the hard matching
cases people talk about (acronyms, several domains, same first word, hierarchies, look-alikes)
can be looked up by name in any run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from leadlink.synth.accounts import add_child, build_account
from leadlink.synth.geo import CITIES, City
from leadlink.synth.model import AccountBook, Org
from leadlink.synth.names import name_key


@dataclass(frozen=True, slots=True)
class FamousAccount:
    """A fixed account; `parent` names another fixed account's key."""

    key: str
    name: str
    core: str
    form: str
    brand: str
    acronym: str
    domain: str
    website: str
    extra: tuple[str, ...]
    country: str
    city: str
    type: str
    industry: str
    parent: str = ""


FAMOUS: tuple[FamousAccount, ...] = (
    FamousAccount(
        "ibm",
        "International Business Machines Corporation",
        "International Business Machines",
        "Corporation",
        "IBM",
        "IBM",
        "ibm.com",
        "https://www.ibm.com",
        (),
        "US",
        "New York",
        "Customer",
        "Software",
    ),
    FamousAccount(
        "microsoft",
        "Microsoft",
        "Microsoft",
        "",
        "Microsoft",
        "",
        "microsoft.com",
        "microsoft.com",
        (),
        "US",
        "Seattle",
        "Partner",
        "Software",
    ),
    FamousAccount(
        "jpm",
        "JPMorgan Chase & Co.",
        "JPMorgan Chase",
        "& Co.",
        "JPMorgan",
        "",
        "jpmorganchase.com",
        "https://www.jpmorganchase.com",
        ("jpmchase.com", "chase.com"),
        "US",
        "New York",
        "Customer",
        "Financial Services",
    ),
    FamousAccount(
        "delta_air",
        "Delta Air Lines",
        "Delta Air Lines",
        "",
        "Delta",
        "",
        "delta.com",
        "https://www.delta.com",
        (),
        "US",
        "Atlanta",
        "Prospect",
        "Hospitality",
    ),
    FamousAccount(
        "delta_dental",
        "Delta Dental",
        "Delta Dental",
        "",
        "Delta Dental",
        "",
        "deltadental.com",
        "deltadental.com",
        (),
        "US",
        "San Francisco",
        "Prospect",
        "Financial Services",
    ),
    FamousAccount(
        "queens",
        "Queens University",
        "Queens University",
        "",
        "Queens",
        "",
        "queens.edu",
        "https://www.queens.edu",
        (),
        "US",
        "Charlotte",
        "Prospect",
        "Education",
    ),
    FamousAccount(
        "acme",
        "Acme Inc.",
        "Acme",
        "Inc.",
        "Acme",
        "",
        "acme.com",
        "https://www.acme.com",
        (),
        "US",
        "Boston",
        "Customer",
        "Manufacturing",
    ),
    FamousAccount(
        "acme_uk",
        "Acme UK Ltd",
        "Acme UK",
        "Ltd",
        "Acme",
        "",
        "acme.co.uk",
        "acme.co.uk",
        (),
        "GB",
        "London",
        "Customer",
        "Manufacturing",
        "acme",
    ),
    FamousAccount(
        "acme_de",
        "Acme GmbH",
        "Acme",
        "GmbH",
        "Acme",
        "",
        "acme.com",
        "",
        (),
        "DE",
        "München",
        "Prospect",
        "Manufacturing",
        "acme",
    ),
    FamousAccount(
        "brightwave",
        "Brightwave Analytics",
        "Brightwave Analytics",
        "",
        "Brightwave",
        "",
        "brightwave.io",
        "https://brightwave.io",
        (),
        "US",
        "Austin",
        "Prospect",
        "Software",
    ),
    FamousAccount(
        "kessler",
        "Kessler & Sons",
        "Kessler & Sons",
        "",
        "Kessler",
        "",
        "kesslerandsons.com",
        "www.kesslerandsons.com",
        (),
        "US",
        "Pittsburgh",
        "Customer",
        "Manufacturing",
    ),
    FamousAccount(
        "northfield",
        "Northfield Dental Group",
        "Northfield Dental Group",
        "",
        "Northfield",
        "",
        "northfielddental.com",
        "http://northfielddental.com/",
        (),
        "US",
        "Minneapolis",
        "Prospect",
        "Healthcare",
    ),
    FamousAccount(
        "glp",
        "Global Logistics Partners",
        "Global Logistics Partners",
        "",
        "Global Logistics Partners",
        "GLP",
        "glp.com",
        "https://www.glp.com",
        ("globallogisticspartners.com",),
        "US",
        "Chicago",
        "Customer",
        "Logistics",
    ),
)
MIN_ACCOUNTS = 20

_KINGSTON = City("CA", "Kingston", "ON", "613", "K7L K7K")

# Companies with no account that look like one that has: (key, name, domain, country, city).
LOOKALIKES: tuple[tuple[str, str, str, str, str], ...] = (
    ("acme_dental", "Acme Family Dental", "acmefamilydental.com", "US", "Denver"),
    ("brightwave_consulting", "Brightwave Consulting", "brightwaveconsulting.com", "US", "Seattle"),
    ("queensu", "Queen's University", "queensu.ca", "CA", "Kingston"),
    ("delta_faucet", "Delta Faucet Company", "deltafaucet.com", "US", "Chicago"),
)

# Scenario leads: (company typed, mail domain, country typed, city, key of the right account).
SCENARIOS: tuple[tuple[str, str, str, str, str], ...] = (
    ("IBM", "ibm.com", "US", "New York", "ibm"),
    ("International Business Machines", "gmail.com", "USA", "", "ibm"),
    ("I.B.M. Corp", "us.ibm.com", "", "", "ibm"),
    ("Microsoft Corp", "microsoft.com", "United States", "Seattle", "microsoft"),
    ("microsoft", "outlook.com", "US", "", "microsoft"),
    ("JP Morgan", "jpmchase.com", "US", "New York", "jpm"),
    ("Chase", "chase.com", "US", "Columbus", "jpm"),
    ("JPMorgan Chase", "jpmorganchase.com", "US", "New York", "jpm"),
    ("J.P. Morgan", "yahoo.com", "", "", "jpm"),
    ("Delta", "delta.com", "US", "Atlanta", "delta_air"),
    ("Delta Air Lines Inc", "gmail.com", "US", "Atlanta", "delta_air"),
    ("Delta Dental", "deltadental.com", "US", "San Francisco", "delta_dental"),
    ("Delta Dental of California", "gmail.com", "US", "San Francisco", "delta_dental"),
    ("Delta Faucet", "deltafaucet.com", "US", "Chicago", ""),
    ("Queens University", "queens.edu", "US", "Charlotte", "queens"),
    ("Queen's University", "queensu.ca", "Canada", "Kingston", ""),
    ("Queens University", "gmail.com", "CA", "Kingston", ""),
    ("Acme", "acme.com", "US", "Boston", "acme"),
    ("Acme UK", "acme.co.uk", "United Kingdom", "London", "acme_uk"),
    ("Acme", "acme.com", "Germany", "München", "acme_de"),
    ("ACME GmbH", "gmx.de", "DE", "Berlin", "acme_de"),
    ("Acme Inc", "gmail.com", "", "", "acme"),
    ("Acme Family Dental", "acmefamilydental.com", "US", "Denver", ""),
    ("Acme Dental", "gmail.com", "US", "Denver", ""),
    ("Brightwave Analytics", "brightwave.io", "US", "Austin", "brightwave"),
    ("Brightwave Consulting", "brightwaveconsulting.com", "US", "Seattle", ""),
    ("GLP", "glp.com", "US", "Chicago", "glp"),
    ("Global Logistics Partners LLC", "hotmail.com", "US", "", "glp"),
    ("Kessler and Sons", "kesslerandsons.com", "US", "Pittsburgh", "kessler"),
    ("Northfield Dental", "northfielddental.com", "US", "Minneapolis", "northfield"),
)


def city_named(country: str, name: str) -> City:
    """The generator's city of that name (Kingston, Ontario is added for Queen's)."""
    if name == _KINGSTON.name:
        return _KINGSTON
    for city in CITIES[country]:
        if city.name == name:
            return city
    raise KeyError(name)


def add_famous(rng: random.Random, book: AccountBook, ref: date) -> None:
    """Add the fixed accounts (in order, so their ids are the same in every run)."""
    for _key, name, domain, _country, _city in LOOKALIKES:
        book.name_keys.add(name_key(name))
        book.domains.add(domain)
    for f in FAMOUS:
        org = Org(
            f.name,
            f.core,
            f.form,
            f.brand,
            f.acronym,
            f.domain,
            city_named(f.country, f.city),
            f.industry,
            list(f.extra),
        )
        if f.parent:
            parent = book.accounts[book.by_key[f.parent]]
            own = f.domain != parent.org.domain
            rec = add_child(
                rng,
                book,
                parent,
                f.country,
                ref=ref,
                own_domain=own,
                name=f.name,
                domain=f.domain,
                city=org.city,
            )
            rec.org = org
            rec.type = f.type
        else:
            rec = build_account(
                book, rng, org, ref=ref, kind="famous", type_=f.type, website=f.website, scale=4.0
            )
        rec.website = f.website
        rec.country_text = f.country
        book.by_key[f.key] = rec.idx


def lookalike_org(key: str) -> Org:
    """The fixed company without an account named by `key`."""
    for k, name, domain, country, city in LOOKALIKES:
        if k == key:
            return Org(
                name, name, "", name.split()[0], "", domain, city_named(country, city), "Other"
            )
    raise KeyError(key)
