"""Target account lists (a static list of ids or an ICP rule) and the thresholds they lower.

A person at a target account qualifies at a lower score (e.g. 50 where others need 100), since
the account is already known to matter; when several lists hold, the lowest thresholds apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadlink.scoring.model import ScoringModel, TargetList


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The qualification thresholds that apply to one account, and why."""

    contact: float
    account: float
    lists: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """E.g. "target list 'ICP tier 1': contacts qualify at 50, the account at 40"."""
        if not self.lists:
            return f"default thresholds: contacts {self.contact:g}, account {self.account:g}"
        names = ", ".join(repr(n) for n in self.lists)
        return (
            f"target list {names}: contacts qualify at {self.contact:g}, "
            f"the account at {self.account:g}"
        )


def on_list(target: TargetList, account_id: str, icp_points: float) -> bool:
    """Whether the account is on the target list."""
    if target.kind == "static":
        return account_id in target.account_ids
    return target.min_icp_points is not None and icp_points >= target.min_icp_points


def thresholds_for(account_id: str, icp_points: float, model: ScoringModel) -> Thresholds:
    """The thresholds for an account: the defaults, lowered by any target list it is on."""
    lists = [t for t in model.target_lists if on_list(t, account_id, icp_points)]
    default = model.qualification
    if not lists:
        return Thresholds(default.contact_threshold, default.account_threshold)
    return Thresholds(
        contact=min(default.contact_threshold, *(t.contact_threshold for t in lists)),
        account=min(default.account_threshold, *(t.account_threshold for t in lists)),
        lists=tuple(t.name for t in lists),
    )
