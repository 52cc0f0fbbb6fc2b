"""leadlink.normalize: canonical forms of company names, domains, phones and places.

Pure, cached functions that the matcher, the generator and the importers share, so that every
comparison is made between values normalised the same way.
"""

from leadlink.normalize._text import fold, key_tokens, text_key
from leadlink.normalize.domains import (
    FREE_MAIL_DOMAINS,
    email_domain,
    host_of,
    is_disposable,
    is_free_mail,
    is_free_mail_domain,
    registered_domain,
    registered_domain_uncached,
    split_domains,
)
from leadlink.normalize.geo import (
    normalize_city,
    normalize_country,
    normalize_postal,
    normalize_state,
    normalize_street,
)
from leadlink.normalize.names import COMMON_COMPANY_WORDS, CompanyName, normalize_company
from leadlink.normalize.phones import normalize_phone

__all__ = [
    "COMMON_COMPANY_WORDS",
    "FREE_MAIL_DOMAINS",
    "CompanyName",
    "email_domain",
    "fold",
    "host_of",
    "is_disposable",
    "is_free_mail",
    "is_free_mail_domain",
    "key_tokens",
    "normalize_city",
    "normalize_company",
    "normalize_country",
    "normalize_phone",
    "normalize_postal",
    "normalize_state",
    "normalize_street",
    "registered_domain",
    "registered_domain_uncached",
    "split_domains",
    "text_key",
]
