"""Company-name normalisation: the named cases the matcher relies on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.normalize import COMMON_COMPANY_WORDS, CompanyName, fold, normalize_company
from leadlink.normalize._text import _TOKEN_RE, plural_stem, raw_tokens
from leadlink.normalize.names import _MAY_BE_GLUED, _acronyms, _may_be_glued

NORMAL_CASES = {
    "department tail after a dash": ("Acme - Marketing", "acme"),
    "city and state tail after a comma": ("Acme Corp, Boston MA", "acme"),
    "department in brackets": ("Acme Corp (Marketing Dept)", "acme"),
    "legal form repeated after a comma": ("Microsoft Corporation, Inc.", "microsoft"),
    "two legal forms at the end": ("Samsung Electronics Co. Ltd.", "samsung electronics"),
    "spelled-out German form": ("Hoechst Aktiengesellschaft", "hoechst"),
    "upper-case legal form": ("Nakayama Iron Works LTD.", "nakayama iron works"),
    "dotted initials": ("I.B.M.", "ibm"),
    "spaced initials": ("I B M", "ibm"),
    "letters joined by &": ("AT&T", "att"),
    "apostrophe removed without a space": ("Queen's University", "queens university"),
    "ampersand spelled out": ("Barnes & Noble", "barnes and noble"),
    "plus spelled out": ("Marks + Spencer", "marks and spencer"),
    "leading the": ("The Apple Pan", "apple pan"),
    "trailing the (restaurant data)": ("apple pan  the", "apple pan"),
    "trailing ', The'": ("Apple Pan, The", "apple pan"),
    "GmbH & Co. KG": ("Müller GmbH & Co. KG", "muller"),
    "S.p.A. as initials": ("Fiat S.p.A.", "fiat"),
    "SpA after a comma": ("Fiat, SpA", "fiat"),
    "spa as a word is kept": ("Serenity Day Spa", "serenity day spa"),
    "sp. z o.o.": ("Acme Sp. z o.o.", "acme"),
    "A/S": ("Maersk A/S", "maersk"),
    "e.V.": ("Acme e.V.", "acme"),
    "kabushiki kaisha": ("Toyota Motor Kabushiki Kaisha", "toyota motor"),
    "K.K.": ("Sony K.K.", "sony"),
    "Pty Ltd": ("Acme Pty Ltd", "acme"),
    "Pvt. Ltd.": ("Infosys Pvt. Ltd.", "infosys"),
    "Sdn Bhd": ("Acme Sdn. Bhd.", "acme"),
    "S.A. de C.V.": ("Cemex S.A.B. de C.V.", "cemex"),
    "leading PT and trailing Tbk": ("PT Telkom Indonesia Tbk", "telkom indonesia"),
    "N.A. bank suffix": ("Bank of America, N.A.", "bank of america"),
    "pipe and region": ("Acme, Inc. | EMEA", "acme"),
    "slash and department": ("Acme / Sales", "acme"),
    "country in brackets then form": ("Acme (UK) Ltd", "acme"),
    "accents folded": ("Société Générale S.A.", "societe generale"),
    "law firm commas kept": (
        "Skadden, Arps, Slate, Meagher & Flom LLP",
        "skadden arps slate meagher and flom",
    ),
    "department in the middle kept": ("Acme Marketing Group", "acme marketing group"),
    "location in the middle kept": ("Boston Consulting Group", "boston consulting group"),
    "surname after a comma kept": ("Smith, Jackson", "smith jackson"),
    "only a legal form keeps it": ("Inc.", "inc"),
    "only 'the' keeps it": ("The", "the"),
    "legal words only keep all": ("The Company", "the company"),
    "GmbH & Co. KG alone": ("GmbH & Co. KG", "gmbh and co kg"),
    "empty": ("", ""),
    "acronym in brackets after the name": (
        "Institut National de la Recherche Agronomique (INRA)",
        "institut national de la recherche agronomique",
    ),
    "misspelled legal form": ("Xerox Coporation", "xerox"),
    "legal form with a letter left out": ("Eastman Kodak Comany", "eastman kodak"),
    "six-letter word that is no legal form kept": ("Acme Compaq", "acme compaq"),
    "department tail with a connector": ("Acme Corp, Dept. of Marketing", "acme"),
    "two cities joined by 'und'": ("Siemens Aktiengesellschaft, Berlin und München", "siemens"),
    "department then region": ("Acme, Inc., Sales - North America", "acme"),
    "a dash inside a name is kept": ("A.P. Moller - Maersk A/S", "ap moller maersk"),
    "leading Russian form": ("ООО Ромашка", "ромашка"),
    "leading Japanese form": ("株式会社 日立製作所", "日立製作所"),
    "glued Japanese form": ("日立製作所株式会社", "日立製作所"),
    "glued Chinese form": ("华为技术有限公司", "华为技术"),
    "legal form glued in CamelCase": ("General ElectricCompany", "general electric"),
    "short form glued in CamelCase": ("Lucent TechnologiesInc.", "lucent technologies"),
    "lower-case 'inc' inside a word kept": ("Zinc Mining", "zinc mining"),
    "GmbH spelled out, umlaut as 'ae'": (
        "Lucke Apparate-Bau Gesellschaft mit beschraenkter Haftung",
        "lucke apparate bau",
    ),
    "acronym tail of a name with a French elision": (
        "Commissariat a l'Energie Atomique (C.E.A.)",
        "commissariat a lenergie atomique",
    ),
    "a three-byte character read as Windows-1252": (
        "Commissariat a l\u00c3\u00a2\u00e2\u201a\u00ac\u00c2\u00b2Energie Atomique",
        "commissariat a lenergie atomique",
    ),
    "mojibake twice over": (
        "Max-Planck-Gesellschaft zur FÃƒÂ¶rderung",
        "max planck gesellschaft zur forderung",
    ),
}


@pytest.mark.parametrize(("raw", "expected"), NORMAL_CASES.values(), ids=NORMAL_CASES.keys())
def test_normal_form(raw: str, expected: str) -> None:
    assert normalize_company(raw).normal == expected


@pytest.mark.parametrize(
    ("raw", "legal_form"),
    [
        ("Acme Inc.", "inc"),
        ("Acme Incorporated", "inc"),
        ("Hoechst Aktiengesellschaft", "ag"),
        ("Acme GmbH", "gmbh"),
        ("Toyota Motor Kabushiki Kaisha", "kk"),
        ("Acme Corp (Marketing Dept)", "corp"),
        ("Acme Widgets", ""),
    ],
)
def test_legal_form_is_canonical(raw: str, legal_form: str) -> None:
    assert normalize_company(raw).legal_form == legal_form


@pytest.mark.parametrize("raw", ["IBM", "I.B.M.", "International Business Machines Corp"])
def test_ibm_spellings_meet_on_ibm(raw: str) -> None:
    name = normalize_company(raw)
    assert name.normal == "ibm" or "ibm" in name.acronyms


def test_acronyms_with_and_without_stop_words() -> None:
    assert normalize_company("Bank of America").acronyms == ("boa", "ba")


def test_no_acronym_for_one_token() -> None:
    assert normalize_company("Acme Inc").acronyms == ()


def test_apostrophe_spellings_are_equal() -> None:
    with_apostrophe = normalize_company("Queen's University")
    without = normalize_company("Queens University")
    assert with_apostrophe.normal == without.normal
    assert with_apostrophe.acronyms == without.acronyms


def test_fields_are_consistent() -> None:
    name = normalize_company("Coca-Cola Bottling Co. Consolidated")
    assert isinstance(name, CompanyName)
    assert name.original == "Coca-Cola Bottling Co. Consolidated"
    assert name.tokens == tuple(name.normal.split(" "))
    assert name.compact == name.normal.replace(" ", "")
    assert name.compact == "cocacolabottlingcoconsolidated"


def test_same_company_written_differently() -> None:
    spellings = ["ACME, Inc.", "Acme Inc", "acme", "Acme Corporation", "The Acme Company"]
    assert {normalize_company(s).normal for s in spellings} == {"acme"}


@pytest.mark.parametrize(
    ("word", "singular"),
    [
        ("technologies", "technology"),
        ("systems", "system"),
        ("pharmaceuticals", "pharmaceutical"),
        ("services", "service"),
        ("boxes", "box"),
        ("business", "business"),
        ("campus", "campus"),
        ("labs", "labs"),
    ],
)
def test_plural_stem(word: str, singular: str) -> None:
    assert plural_stem(word) == singular


def test_stems_are_the_content_words_singular() -> None:
    name = normalize_company("The Regents of the Universities of California Systems")
    assert name.content == ("regents", "universities", "california", "systems")
    assert name.stems == ("regent", "university", "california", "system")


def test_common_company_words() -> None:
    for word in ("group", "holdings", "international", "global", "solutions", "bank", "first"):
        assert word in COMMON_COMPANY_WORDS
    assert "acme" not in COMMON_COMPANY_WORDS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Crème Brûlée", "creme brulee"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("Øresund", "oresund"),
        ("Łódź", "lodz"),
        ("ÉCOLE", "ecole"),
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ("O’Brien", "o'brien"),
        ("FÃ¶rderung", "forderung"),  # UTF-8 read as Windows-1252
        ("SociÃƒÂ©tÃƒÂ© GÃƒÂ©nÃƒÂ©rale", "societe generale"),  # twice
        ("Ã la carte", "a la carte"),  # not valid mojibake: folded as it is
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


# fmt: off
BRIEF_FORMS = (
    "Inc", "Incorporated", "Corp", "Corporation", "Company", "Co", "LLC", "LLP", "LP", "Ltd",
    "Limited", "PLC", "GmbH", "GmbH & Co KG", "KG", "AG", "Aktiengesellschaft", "SE", "SA",
    "S.A.", "SAS", "SARL", "SA de CV", "NV", "BV", "KK", "Kabushiki Kaisha", "Pty", "Pty Ltd",
    "S.p.A.", "Srl", "Oy", "Oyj", "AB", "AS", "ASA", "A/S", "ApS", "s.r.o.", "spol. s r.o.",
    "Kft", "Zrt", "Sp. z o.o.", "Pvt", "Private Limited", "Bhd", "Sdn Bhd", "Tbk", "Pte", "OOO",
    "OAO", "ZAO", "PJSC", "Ltda", "EIRELI", "CV", "e.V.", "GK", "YK", "PLLC", "LC", "PC",
)
# fmt: on


@pytest.mark.parametrize("form", BRIEF_FORMS)
def test_every_listed_legal_form_is_removed(form: str) -> None:
    name = normalize_company(f"Acme Widgets {form}")
    assert name.normal == "acme widgets"
    assert name.legal_form


TAILS = [
    "Marketing", "Sales", "HR", "IT", "Finance", "Procurement", "Dept", "Department", "Division",
    "Team", "Office", "HQ", "Headquarters", "EMEA", "APAC", "Americas", "North America", "Europe",
    "US", "UK", "Global", "Germany", "DE", "California", "TX", "London", "Sao Paulo", "Tokyo",
]  # fmt: skip


@pytest.mark.parametrize("tail", TAILS)
@pytest.mark.parametrize("separator", [", ", " - ", " | ", " / ", " ("])
def test_department_and_place_tails_are_dropped(tail: str, separator: str) -> None:
    assert normalize_company(f"Acme Widgets Inc{separator}{tail}").normal == "acme widgets"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Citizen Watch Commpany Ltd.", "citizen watch"),
        ("Eastman Kodak Compnay", "eastman kodak"),
        ("Siemens Aktiengeselschaft", "siemens"),
        ("Acme Corportation", "acme"),
        # Short words and other real words near a legal form are kept.
        ("Hewlett Compaq", "hewlett compaq"),
        ("Acme Limiter", "acme limiter"),
        ("Acme Companion", "acme companion"),
        ("Commpany", "commpany"),  # never strip a name down to nothing
    ],
)
def test_misspelt_legal_forms_are_removed(raw: str, expected: str) -> None:
    assert normalize_company(raw).normal == expected


def test_an_acronym_after_the_name_is_dropped() -> None:
    full = normalize_company("Institut National de la Recherche Agronomique INRA")
    assert full.normal == "institut national de la recherche agronomique"
    assert full.content == ("institut", "national", "recherche", "agronomique")
    assert normalize_company("Acme Labs Inc").normal == "acme labs"  # 'inc' is no acronym here


@pytest.mark.parametrize(
    "text",
    ["acme 3 labs", "acme  labs ", "o'neil + sons", "acme_labs", "acme\tlabs", "förderung gmbh",
     "at&t", "", " ", "a-b/c", "x2 y"],
)  # fmt: skip
def test_raw_tokens_fast_path_equals_the_regex(text: str) -> None:
    assert raw_tokens(text) == _TOKEN_RE.findall(text.replace("'", "").replace("+", "&"))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_raw_tokens_of_any_ascii_text_equal_the_regex(text: str) -> None:
    assert raw_tokens(text) == _TOKEN_RE.findall(text.replace("'", "").replace("+", "&"))


def test_acronyms_skip_the_stop_word_pass_for_plain_names() -> None:
    assert _acronyms(("university", "of", "texas"), False) == ("uot", "ut")
    assert _acronyms(("acme", "dental", "group"), True) == ("adg",)
    assert _acronyms(("bank", "of"), False) == ("bo",)  # 'b' alone is too short
    assert _acronyms(("acme",), True) == ()
    assert normalize_company("Bank of the West").acronyms == ("botw", "bw")


def test_glued_form_and_acronym_tail_prechecks() -> None:
    assert normalize_company("General ElectricCompany").normal == "general electric"
    assert normalize_company("Incorporated Television").normal == "incorporated television"
    inra = "Institut National de la Recherche Agronomique INRA"
    assert normalize_company(inra).normal == "institut national de la recherche agronomique"
    assert normalize_company("Virgils Real BBQ").normal == "virgils real bbq"
    assert normalize_company("Acme Beta XYZW").normal == "acme beta xyzw"  # more letters than words


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"aZcICLG .-éÉ'", "Inc", "Company", "GmbH", "ǅ"])).map("".join))
def test_the_case_checks_before_the_glued_form_regex_change_nothing(text: str) -> None:
    assert _may_be_glued(text) == (_MAY_BE_GLUED.search(text) is not None)


def test_a_name_without_its_acronym_tail_is_normalised_afresh() -> None:
    # Found by the stability property: the tail 'AAA' (a0, a, and) kept 'and' from being
    # stripped, so 'a0 a and' normalised again to 'a0 a'.
    name = normalize_company("A0:A&AAA")
    assert name.normal == "a0 a" == normalize_company(name.normal).normal
    assert name.original == "A0:A&AAA"
    inra = normalize_company("Institut National de la Recherche Agronomique INRA SA")
    assert inra.normal == "institut national de la recherche agronomique"
    assert inra.legal_form == "sa"
