"""Lead-to-account matching: index, labelled comparisons, calibrated decisions, reasons."""

from leadlink.matching.engine import MATCHED, REVIEW, UNMATCHED, Matcher, MatchResult
from leadlink.matching.settings import MatchSettings, SettingsError, load_settings

__all__ = [
    "MATCHED",
    "REVIEW",
    "UNMATCHED",
    "MatchResult",
    "MatchSettings",
    "Matcher",
    "SettingsError",
    "load_settings",
]
