"""Word lists that company names are built from (brand stems, surnames, industry words, forms).

The lists are combinatorial on purpose: a few hundred words give millions of distinct names, and
names that share a word ("Brightwave Analytics" / "Brightwave Consulting") arise naturally.
"""

from __future__ import annotations


def _w(text: str) -> tuple[str, ...]:
    """The words of `text` as a tuple."""
    return tuple(text.split())


STEM_HEADS: tuple[str, ...] = _w(
    "Bright North Blue Silver Red Green Clear Swift True Nova Apex Core Prime Terra Aero Vertex "
    "Lumen Quant Hyper Omni Zen Peak Stone Iron Oak Maple Cedar Pine River Lake Sun Star Sky "
    "Cloud Data Net Info Bio Med Fin Geo Eco Smart Rapid Next Ever Key Bold Arc Crest Echo Flux "
    "Grid Halo Ion Jade Kite Lynx Mesa Nimbus Orbit Pixel Quest Radiant Sage Tidal Vivid Wild "
    "Zephyr Amber Atlas Beacon Cobalt Ember Falcon Granite Harbor Indigo Juniper Keystone "
    "Lantern Meridian Noble Onyx Pioneer Quartz Summit Titan Vantage Willow Aspen Birch Coral "
    "Dune Fern Glacier Hawk Ivy Lark Moss Opal Raven Sierra Thorn Alder Briar Copper Flint Gold "
    "Hazel Slate"
)
STEM_TAILS: tuple[str, ...] = _w(
    "wave path point line bridge field stone works ware logic ly ify era ex ix on sys hub lab "
    "mark gate view scape sphere stack link base core craft forge leaf light mind nest pulse "
    "rise scale shift spark stream tide track vault vista wise wing yard zone bay brook crest "
    "dale"
)
SYL_START: tuple[str, ...] = _w(
    "Ka Ze Lu Vo Mi Tra Quo Sy Ny Xe Ori Ve Dra Ce Ko Za Ly Ro Te Na Vi Sol Cor Tal Mer Ar Bel "
    "Fen Gal Hel Jor Kel Lor Mar Nor Pel Ryn Sar Tor Val Zan"
)
SYL_MID: tuple[str, ...] = _w("n r l v m t d s x k ven ran lor mit zan cor")
SYL_END: tuple[str, ...] = _w("ix ara ora ium eon ia ex ity o a io us yn ent ics")
SURNAMES_EN: tuple[str, ...] = _w(
    "Kessler Harper Whitfield Baker Morgan Sullivan Hayes Brennan Caldwell Donovan Fletcher "
    "Garrison Hollis Irving Jennings Kendall Lawson Mercer Norris Prescott Quinn Radford "
    "Sinclair Thornton Underwood Vaughn Walsh Yates Abbott Barlow Carver Dalton Ellison Foster "
    "Granger Hadley Ingram Keller Langley Maddox Nash Oakley Pearce Ramsey Shepherd Tanner "
    "Whitaker Ashford Bentley Crawford Everett Hartley Lockwood Montgomery Pemberton Rutherford "
    "Stanton"
)
SURNAMES_LOCAL: dict[str, tuple[str, ...]] = {
    "DE": _w("Müller Schneider Fischer Weber Wagner Becker Hoffmann Schäfer Koch Krüger"),
    "FR": _w("Dubois Lefèvre Moreau Laurent Girard Bonnet Rousseau Mercier Fournier"),
    "ES": _w("García Martínez López Sánchez Romero Navarro Jiménez Ortega Muñoz Domínguez"),
    "NL": ("Van Dijk", "De Vries", "Jansen", "Bakker", "Visser", "Smit", "Van den Berg"),
    "JP": _w("Tanaka Sato Suzuki Takahashi Watanabe Yamamoto Nakamura Kobayashi"),
    "IN": _w("Sharma Patel Reddy Iyer Mehta Kapoor Gupta Rao Nair Desai"),
}
LOCAL_TRADES: dict[str, tuple[str, ...]] = {
    "DE": ("Maschinenbau", "Logistik", "Elektrotechnik", "Bau", "Immobilien", "Software"),
    "FR": ("Conseil", "Ingénierie", "Transports", "Immobilier", "Industrie", "Services"),
    "ES": ("Construcciones", "Ingeniería", "Transportes", "Consultores", "Distribuciones"),
    "NL": ("Installatietechniek", "Bouw", "Transport", "Advies", "Techniek"),
    "JP": ("Shoji", "Electronics", "Kogyo", "Seisakusho", "Trading", "Denki"),
    "IN": ("Infotech", "Exports", "Textiles", "Engineering", "Pharma", "Infra"),
}
PLACES: tuple[str, ...] = _w(
    "Northfield Westbrook Eastgate Southport Riverside Lakeview Hillcrest Fairview Oakridge "
    "Brookfield Greenwood Highland Bayside Stonebridge Clearwater Maplewood Redwood Ridgeway "
    "Springfield Glenwood Harborview Pinecrest Silverlake Westfield Ashbury Kingsley Millbrook"
)
ADJECTIVES: tuple[str, ...] = _w(
    "Global United National International American Pacific Atlantic Continental General "
    "Advanced Integrated Applied Allied Premier Strategic Universal Consolidated Northern "
    "Southern Western Eastern Central First Standard Royal Metropolitan Midwest Coastal Summit"
)
ORG_WORDS: tuple[str, ...] = (
    "Partners",
    "Group",
    "Systems",
    "Solutions",
    "Services",
    "Holdings",
    "Associates",
    "Industries",
)

INDUSTRIES: dict[str, tuple[str, ...]] = {
    "Software": (
        "Software",
        "Technologies",
        "Systems",
        "Labs",
        "Analytics",
        "Data",
        "Cloud",
        "Digital",
        "Networks",
        "Solutions",
        "AI",
        "Security",
        "Cyber",
    ),
    "Financial Services": (
        "Capital",
        "Financial",
        "Advisors",
        "Wealth Management",
        "Bank",
        "Insurance",
        "Investments",
        "Asset Management",
    ),
    "Healthcare": (
        "Health",
        "Medical",
        "Dental Group",
        "Clinic",
        "Pharmaceuticals",
        "Biosciences",
        "Therapeutics",
        "Diagnostics",
        "Care",
    ),
    "Manufacturing": (
        "Manufacturing",
        "Industries",
        "Engineering",
        "Machinery",
        "Components",
        "Materials",
        "Plastics",
        "Metals",
        "Tooling",
    ),
    "Retail": ("Retail", "Stores", "Outfitters", "Home", "Brands", "Market", "Apparel"),
    "Logistics": ("Logistics", "Freight", "Shipping", "Transport", "Supply Chain", "Distribution"),
    "Professional Services": (
        "Consulting",
        "Advisory",
        "Associates",
        "Legal",
        "Accounting",
        "Staffing",
        "Recruiting",
    ),
    "Media & Marketing": (
        "Media",
        "Marketing",
        "Creative",
        "Studios",
        "Agency",
        "Communications",
        "Publishing",
    ),
    "Energy": ("Energy", "Power", "Solar", "Renewables", "Utilities"),
    "Real Estate & Construction": (
        "Properties",
        "Realty",
        "Construction",
        "Builders",
        "Development",
        "Architecture",
    ),
    "Education": ("Learning", "Academy", "Education", "Institute"),
    "Telecommunications": ("Telecom", "Wireless", "Fiber", "Communications"),
    "Hospitality": ("Hotels", "Hospitality", "Restaurants", "Travel"),
    "Food & Beverage": ("Foods", "Beverages", "Brewing", "Farms", "Bakery"),
    "Automotive": ("Automotive", "Motors", "Auto Parts"),
}
INDUSTRY_NAMES: tuple[str, ...] = tuple(INDUSTRIES)
INDUSTRY_WEIGHTS: tuple[int, ...] = (22, 10, 10, 10, 7, 6, 9, 5, 4, 5, 3, 3, 2, 2, 2)

# Franchise-style chains: each branch is its own organisation ("Sunrise Dental Boston").
CHAIN_TRADES: tuple[str, ...] = (
    "Dental",
    "Fitness",
    "Realty",
    "Veterinary Clinic",
    "Auto Repair",
    "Pharmacy",
    "Hotel",
    "Physical Therapy",
    "Pizza",
    "Insurance Agency",
)

LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("Inc.", "Inc", "LLC", "Corp.", "Corporation", "Co."),
    "GB": ("Ltd", "Limited", "PLC", "Ltd."),
    "DE": ("GmbH", "AG", "GmbH & Co. KG"),
    "FR": ("SAS", "S.A.", "SARL"),
    "NL": ("B.V.", "N.V.", "BV"),
    "CA": ("Inc.", "Ltd.", "Corp."),
    "AU": ("Pty Ltd", "Ltd", "Pty. Ltd."),
    "JP": ("K.K.", "Co., Ltd.", "Corporation"),
    "ES": ("S.A.", "S.L.", "SL"),
    "IN": ("Pvt Ltd", "Private Limited", "Ltd"),
}
SUBSIDIARY_FORM: dict[str, str] = {
    "US": "Inc.",
    "GB": "Ltd",
    "DE": "GmbH",
    "FR": "SAS",
    "NL": "B.V.",
    "CA": "Inc.",
    "AU": "Pty Ltd",
    "JP": "K.K.",
    "ES": "S.L.",
    "IN": "Pvt Ltd",
}
ALL_LEGAL_FORMS: tuple[str, ...] = tuple(sorted({f for fs in LEGAL_FORMS.values() for f in fs}))

# Long word -> the way people shorten it on forms.
ABBREVIATIONS: dict[str, str] = {
    "International": "Intl",
    "Corporation": "Corp",
    "Company": "Co",
    "and": "&",
    "Technologies": "Tech",
    "Systems": "Sys",
    "Group": "Grp",
    "Services": "Svcs",
    "Manufacturing": "Mfg",
    "Associates": "Assoc",
    "Laboratories": "Labs",
    "Management": "Mgmt",
    "Solutions": "Soln",
    "Communications": "Comms",
    "Pharmaceuticals": "Pharma",
    "University": "Univ",
    "Engineering": "Eng",
    "National": "Natl",
    "Partners": "Ptnrs",
    "Development": "Dev",
    "Distribution": "Dist",
}
DEPARTMENTS: tuple[str, ...] = (
    "Marketing",
    "IT",
    "Sales",
    "Finance",
    "HR",
    "Engineering",
    "Procurement",
    "Operations",
    "Legal",
    "R&D",
)
TECH_TLDS: tuple[str, ...] = ("io", "ai", "co", "net", "tech")
