"""Countries for the generator: cities, states, postal codes, phones and streets in local formats.

Real CRMs mix formats per country, so every address and phone here is written the way people in
that country write it, and a phone can be re-printed in another format (same number, new look).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (city, state, area code, postal spec); postal spec meaning depends on the country's style.
_CITIES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "US": (
        ("New York", "NY", "212", "100"),
        ("Brooklyn", "NY", "718", "112"),
        ("Boston", "MA", "617", "021"),
        ("Cambridge", "MA", "617", "021"),
        ("Chicago", "IL", "312", "606"),
        ("San Francisco", "CA", "415", "941"),
        ("San Jose", "CA", "408", "951"),
        ("Los Angeles", "CA", "213", "900"),
        ("San Diego", "CA", "619", "921"),
        ("Seattle", "WA", "206", "981"),
        ("Portland", "OR", "503", "972"),
        ("Austin", "TX", "512", "787"),
        ("Dallas", "TX", "214", "752"),
        ("Houston", "TX", "713", "770"),
        ("Denver", "CO", "303", "802"),
        ("Atlanta", "GA", "404", "303"),
        ("Miami", "FL", "305", "331"),
        ("Orlando", "FL", "407", "328"),
        ("Charlotte", "NC", "704", "282"),
        ("Raleigh", "NC", "919", "276"),
        ("Washington", "DC", "202", "200"),
        ("Philadelphia", "PA", "215", "191"),
        ("Pittsburgh", "PA", "412", "152"),
        ("Minneapolis", "MN", "612", "554"),
        ("Detroit", "MI", "313", "482"),
        ("Columbus", "OH", "614", "432"),
        ("Phoenix", "AZ", "602", "850"),
        ("Salt Lake City", "UT", "801", "841"),
        ("Nashville", "TN", "615", "372"),
        ("St. Louis", "MO", "314", "631"),
    ),
    "GB": (
        ("London", "Greater London", "20", "EC1A EC2M SW1A W1F WC2N E1 N1 SE1"),
        ("Manchester", "Greater Manchester", "161", "M1 M2 M3 M4"),
        ("Birmingham", "West Midlands", "121", "B1 B2 B3"),
        ("Leeds", "West Yorkshire", "113", "LS1 LS2"),
        ("Glasgow", "Glasgow City", "141", "G1 G2"),
        ("Edinburgh", "City of Edinburgh", "131", "EH1 EH2 EH3"),
        ("Bristol", "Bristol", "117", "BS1 BS2"),
        ("Cambridge", "Cambridgeshire", "1223", "CB1 CB2"),
        ("Reading", "Berkshire", "118", "RG1"),
        ("Belfast", "County Antrim", "28", "BT1 BT2"),
    ),
    "DE": (
        ("Berlin", "Berlin", "30", "10115-14199"),
        ("München", "Bayern", "89", "80331-81929"),
        ("Hamburg", "Hamburg", "40", "20095-22769"),
        ("Frankfurt am Main", "Hessen", "69", "60306-60599"),
        ("Köln", "Nordrhein-Westfalen", "221", "50667-51149"),
        ("Düsseldorf", "Nordrhein-Westfalen", "211", "40210-40629"),
        ("Stuttgart", "Baden-Württemberg", "711", "70173-70629"),
        ("Leipzig", "Sachsen", "341", "04103-04357"),
        ("Dresden", "Sachsen", "351", "01067-01328"),
    ),
    "FR": (
        ("Paris", "Île-de-France", "1", "75001-75020"),
        ("Lyon", "Auvergne-Rhône-Alpes", "4", "69001-69009"),
        ("Marseille", "Provence-Alpes-Côte d'Azur", "4", "13001-13016"),
        ("Toulouse", "Occitanie", "5", "31000-31500"),
        ("Nice", "Provence-Alpes-Côte d'Azur", "4", "06000-06300"),
        ("Nantes", "Pays de la Loire", "2", "44000-44300"),
        ("Bordeaux", "Nouvelle-Aquitaine", "5", "33000-33800"),
        ("Lille", "Hauts-de-France", "3", "59000-59800"),
    ),
    "NL": (
        ("Amsterdam", "Noord-Holland", "20", "1011-1109"),
        ("Rotterdam", "Zuid-Holland", "10", "3011-3089"),
        ("Den Haag", "Zuid-Holland", "70", "2511-2597"),
        ("Utrecht", "Utrecht", "30", "3511-3585"),
        ("Eindhoven", "Noord-Brabant", "40", "5611-5658"),
    ),
    "CA": (
        ("Toronto", "ON", "416", "M5V M5H M4W"),
        ("Vancouver", "BC", "604", "V6B V6C V6E"),
        ("Montréal", "QC", "514", "H2Y H3B H3A"),
        ("Calgary", "AB", "403", "T2P T2R"),
        ("Ottawa", "ON", "613", "K1P K1R"),
        ("Waterloo", "ON", "519", "N2L N2J"),
    ),
    "AU": (
        ("Sydney", "NSW", "2", "2000-2099"),
        ("Melbourne", "VIC", "3", "3000-3207"),
        ("Brisbane", "QLD", "7", "4000-4179"),
        ("Perth", "WA", "8", "6000-6199"),
        ("Adelaide", "SA", "8", "5000-5099"),
    ),
    "JP": (
        ("Tokyo", "Tokyo", "3", "100 104 105 106 107 150 160"),
        ("Osaka", "Osaka", "6", "530 541 550"),
        ("Yokohama", "Kanagawa", "45", "220 231"),
        ("Nagoya", "Aichi", "52", "450 460"),
        ("Fukuoka", "Fukuoka", "92", "810 812"),
        ("Kyoto", "Kyoto", "75", "600 604"),
    ),
    "ES": (
        ("Madrid", "Comunidad de Madrid", "91", "28001-28080"),
        ("Barcelona", "Cataluña", "93", "08001-08042"),
        ("Valencia", "Comunidad Valenciana", "96", "46001-46026"),
        ("Sevilla", "Andalucía", "95", "41001-41020"),
        ("Bilbao", "País Vasco", "94", "48001-48015"),
        ("Málaga", "Andalucía", "95", "29001-29018"),
    ),
    "IN": (
        ("Mumbai", "Maharashtra", "22", "400001-400104"),
        ("Bengaluru", "Karnataka", "80", "560001-560103"),
        ("New Delhi", "Delhi", "11", "110001-110096"),
        ("Hyderabad", "Telangana", "40", "500001-500096"),
        ("Chennai", "Tamil Nadu", "44", "600001-600119"),
        ("Pune", "Maharashtra", "20", "411001-411062"),
    ),
}

COUNTRIES: tuple[str, ...] = ("US", "GB", "DE", "FR", "NL", "CA", "AU", "JP", "ES", "IN")
COUNTRY_WEIGHTS: tuple[int, ...] = (45, 10, 9, 7, 4, 6, 5, 4, 4, 6)

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "USA", "US", "U.S.", "United States of America"),
    "GB": ("United Kingdom", "UK", "GB", "Great Britain", "England"),
    "DE": ("Germany", "Deutschland", "DE"),
    "FR": ("France", "FR"),
    "NL": ("Netherlands", "The Netherlands", "NL", "Holland"),
    "CA": ("Canada", "CA"),
    "AU": ("Australia", "AU"),
    "JP": ("Japan", "JP"),
    "ES": ("Spain", "España", "ES"),
    "IN": ("India", "IN"),
}

# Country top-level domains and the adjective/local name used in subsidiary names.
COUNTRY_TLD: dict[str, str] = {
    "US": "com",
    "GB": "co.uk",
    "DE": "de",
    "FR": "fr",
    "NL": "nl",
    "CA": "ca",
    "AU": "com.au",
    "JP": "co.jp",
    "ES": "es",
    "IN": "in",
}
SUBSIDIARY_LABEL: dict[str, str] = {
    "US": "USA",
    "GB": "UK",
    "DE": "Deutschland",
    "FR": "France",
    "NL": "Nederland",
    "CA": "Canada",
    "AU": "Australia",
    "JP": "Japan",
    "ES": "España",
    "IN": "India",
}
TIMEZONES: dict[str, str] = {
    "US": "America/New_York",
    "GB": "Europe/London",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "NL": "Europe/Amsterdam",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
    "JP": "Asia/Tokyo",
    "ES": "Europe/Madrid",
    "IN": "Asia/Kolkata",
}
CALLING_CODE: dict[str, str] = {
    "US": "1",
    "CA": "1",
    "GB": "44",
    "DE": "49",
    "FR": "33",
    "NL": "31",
    "AU": "61",
    "JP": "81",
    "ES": "34",
    "IN": "91",
}

_STREETS: dict[str, tuple[str, ...]] = {
    "US": (
        "Main St",
        "Market St",
        "Broadway",
        "Oak Ave",
        "Park Ave",
        "Elm St",
        "Washington Blvd",
        "Lake Shore Dr",
        "Congress Ave",
        "Peachtree St NE",
        "Pine St",
        "Mission St",
        "5th Ave",
    ),
    "GB": (
        "High Street",
        "King Street",
        "Queen Street",
        "Station Road",
        "Church Lane",
        "Victoria Road",
        "Oxford Street",
        "Deansgate",
        "Princes Street",
    ),
    "DE": (
        "Hauptstraße",
        "Bahnhofstraße",
        "Friedrichstraße",
        "Kaiserstraße",
        "Lindenallee",
        "Schillerstraße",
        "Goethestraße",
        "Königsallee",
    ),
    "FR": (
        "rue de Rivoli",
        "avenue des Champs-Élysées",
        "boulevard Haussmann",
        "rue de la Paix",
        "rue Victor Hugo",
        "avenue Jean Jaurès",
        "rue de la République",
    ),
    "NL": ("Keizersgracht", "Herengracht", "Stationsplein", "Coolsingel", "Damrak", "Kerkstraat"),
    "CA": ("King St W", "Bay St", "Yonge St", "Granville St", "Rue Sainte-Catherine", "Bank St"),
    "AU": ("George St", "Collins St", "Queen St", "Pitt St", "King William St", "Hay St"),
    "JP": ("Marunouchi", "Nishi-Shinjuku", "Umeda", "Shibuya", "Roppongi", "Minatomirai"),
    "ES": ("Calle de Alcalá", "Gran Vía", "Passeig de Gràcia", "Calle Mayor", "Avenida Diagonal"),
    "IN": ("MG Road", "Nariman Point", "Connaught Place", "Brigade Road", "Anna Salai"),
}

_GB_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_CA_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"


@dataclass(frozen=True, slots=True)
class City:
    """A city of one country with what addresses and phones need."""

    country: str
    name: str
    state: str
    area: str
    postal: str


CITIES: dict[str, tuple[City, ...]] = {
    cc: tuple(City(cc, n, s, a, p) for n, s, a, p in rows) for cc, rows in _CITIES.items()
}


def postal_code(rng: random.Random, city: City) -> str:
    """A postal code for `city` in its country's format."""
    cc, spec = city.country, city.postal
    if cc == "US":
        return f"{spec}{rng.randrange(100):02d}"
    if cc == "GB":
        out = rng.choice(spec.split())
        return f"{out} {rng.randrange(10)}{rng.choice(_GB_LETTERS)}{rng.choice(_GB_LETTERS)}"
    if cc == "CA":
        fsa = rng.choice(spec.split())
        return f"{fsa} {rng.randrange(10)}{rng.choice(_CA_LETTERS)}{rng.randrange(10)}"
    if cc == "JP":
        return f"{rng.choice(spec.split())}-{rng.randrange(10000):04d}"
    lo, hi = spec.split("-")
    code = f"{rng.randint(int(lo), int(hi)):0{len(lo)}d}"
    if cc == "NL":
        return f"{code} {rng.choice(_GB_LETTERS)}{rng.choice(_GB_LETTERS)}"
    return code


def street(rng: random.Random, country: str) -> str:
    """A street address line in the country's usual order."""
    name = rng.choice(_STREETS[country])
    num = rng.randint(1, 250)
    if country in ("US", "CA", "AU"):
        line = f"{rng.randint(1, 9999) if country == 'US' else num} {name}"
        if rng.random() < 0.3:
            line += f", Suite {rng.randint(1, 40) * 10 + 100}"
        return line
    if country in ("GB", "IN"):
        return f"{num} {name}"
    if country == "FR":
        return f"{num} {name}"
    if country == "JP":
        return f"{rng.randint(1, 5)}-{rng.randint(1, 20)}-{rng.randint(1, 30)} {name}"
    if country == "ES":
        return f"{name}, {num}"
    return f"{name} {num}"  # DE, NL


def phone_digits(rng: random.Random, city: City) -> str:
    """The subscriber digits of a phone in `city` (without the area code)."""
    cc, area = city.country, city.area
    if cc in ("US", "CA"):
        return f"{rng.randint(200, 999)}{rng.randrange(10000):04d}"
    if cc == "GB":
        return str(rng.randint(10**5, 10**6 - 1)) if len(area) == 4 else _gb(rng, area)
    if cc == "DE":
        return str(rng.randint(10**6, 10**8 - 1))
    if cc == "FR":
        return str(rng.randint(10**7, 10**8 - 1))
    if cc in ("NL", "ES"):
        return str(rng.randint(10**6, 10**7 - 1))
    if cc == "AU":
        return str(rng.randint(8 * 10**7, 10**8 - 1))
    if cc == "JP":
        return str(rng.randint(10 ** (9 - len(area) - 1), 10 ** (9 - len(area)) - 1))
    return str(rng.randint(2 * 10**7, 10**8 - 1))  # IN


def _gb(rng: random.Random, area: str) -> str:
    return (
        str(rng.randint(10**7, 10**8 - 1)) if len(area) == 2 else str(rng.randint(10**6, 10**7 - 1))
    )


def format_phone(country: str, area: str, digits: str, style: int) -> str:
    """Print a phone: style 0 = international with spaces, 1 = national, 2 = digits only."""
    cc = CALLING_CODE[country]
    if country in ("US", "CA"):
        a, b, c = area, digits[:3], digits[3:]
        return (f"+1 ({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}{b}{c}")[style % 3]
    if country == "FR":
        pairs = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
        return (f"+33 {area} {pairs}", f"0{area} {pairs}", f"0{area}{digits}")[style % 3]
    if country == "JP":
        mid = len(digits) - 4
        return (
            f"+81 {area}-{digits[:mid]}-{digits[mid:]}",
            f"0{area}-{digits[:mid]}-{digits[mid:]}",
            f"0{area}{digits}",
        )[style % 3]
    half = len(digits) // 2
    spaced = f"{digits[:half]} {digits[half:]}"
    national = f"(0{area}) {spaced}" if country == "AU" else f"0{area} {spaced}"
    if country == "ES":
        national = f"{area}{digits[:1]} {digits[1:3]} {digits[3:5]} {digits[5:]}"
    return (f"+{cc} {area} {spaced}", national, f"+{cc}{area}{digits}")[style % 3]


def country_label(rng: random.Random, country: str, iso_share: float) -> str:
    """The country as an ISO code (share `iso_share`) or as one of its written names."""
    if rng.random() < iso_share:
        return country
    return rng.choice(COUNTRY_NAMES[country])
