"""Field paths of routing rules (`lead.country`, `account.parent.owner`, ...) compiled to getters.

A path is checked when the rules are loaded, so a typo in YAML fails at load time with the path in
the message, not silently at routing time. Readable labels for explanations come from the path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from leadlink.routing.context import (
    AccountFacts,
    LeadFacts,
    MatchFacts,
    Opportunity,
    RoutingContext,
)

PERSONAL_FIELDS: frozenset[str] = frozenset({"email", "first_name", "last_name", "phone", "name"})


class Env:
    """One routing evaluation: the context plus lazily computed derived values (the territory)."""

    __slots__ = ("_territory", "ctx", "resolve_territory")

    def __init__(
        self,
        ctx: RoutingContext,
        resolve_territory: Callable[[RoutingContext], tuple[str, ...]] | None = None,
    ) -> None:
        self.ctx = ctx
        self.resolve_territory = resolve_territory
        self._territory: tuple[str, ...] | None = None

    @property
    def territory(self) -> tuple[str, ...]:
        """Ids of the lead's territory path, broadest first ('' path when none fits)."""
        if self._territory is None:
            fn = self.resolve_territory
            self._territory = fn(self.ctx) if fn is not None else ()
        return self._territory


Getter = Callable[[Env], Any]

_ACCOUNT_SLOTS: dict[str, str] = {
    "parent": "parent",
    "ultimate_parent": "ultimate_parent",
    "regional": "regional",
}
_FIELDS: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in fields(cls))
    for cls in (LeadFacts, AccountFacts, MatchFacts, Opportunity)
}


class FieldPathError(ValueError):
    """A rule names a field that routing does not know."""


def _attr_getter(slot: str, cls: type, rest: list[str], path: str) -> Getter:
    if len(rest) == 2 and rest[0] == "extra":
        key = rest[1]

        def get_extra(env: Env) -> Any:
            obj = getattr(env.ctx, slot)
            return None if obj is None else obj.extra.get(key)

        return get_extra
    if len(rest) != 1 or rest[0] not in _FIELDS[cls]:
        known = ", ".join(sorted(_FIELDS[cls] - {"extra"}))
        raise FieldPathError(f"unknown field {path!r}: use one of {known} or extra.<name>")
    name = rest[0]

    def get(env: Env) -> Any:
        obj = getattr(env.ctx, slot)
        return None if obj is None else getattr(obj, name)

    return get


def compile_path(path: str) -> Getter:
    """Turn a dotted field path into a getter; raises FieldPathError for unknown paths."""
    parts = path.strip().split(".")
    root, rest = parts[0], parts[1:]
    if path == "territory":
        return lambda env: env.territory
    if path in ("match.matched", "lead.matched", "account.matched"):
        return lambda env: env.ctx.matched
    if path in ("account.has_open_opportunity", "opportunity.is_open"):
        return lambda env: env.ctx.has_open_opportunity
    if root == "lead" and rest:
        return _attr_getter("lead", LeadFacts, rest, path)
    if root == "match" and rest:
        return _attr_getter("match", MatchFacts, rest, path)
    if root == "opportunity" and rest:
        return _attr_getter("opportunity", Opportunity, rest, path)
    if root == "account" and rest:
        if rest[0] in _ACCOUNT_SLOTS and len(rest) > 1:
            return _attr_getter(_ACCOUNT_SLOTS[rest[0]], AccountFacts, rest[1:], path)
        if rest[0] == "open_opportunity" and len(rest) > 1:
            return _attr_getter("opportunity", Opportunity, rest[1:], path)
        return _attr_getter("account", AccountFacts, rest, path)
    raise FieldPathError(
        f"unknown field {path!r}: paths start with lead., account., account.parent., "
        "account.ultimate_parent., account.regional., match., opportunity. or are 'territory'"
    )


def field_label(path: str) -> str:
    """A readable name for a path: `account.parent.owner` -> 'parent account owner'."""
    parts = [p for p in path.split(".") if p != "extra"]
    if parts[0] == "account" and len(parts) > 2 and parts[1] in _ACCOUNT_SLOTS:
        parts = [parts[1], "account", *parts[2:]]
    elif parts[0] == "account" and len(parts) > 2 and parts[1] == "open_opportunity":
        parts = ["open opportunity", *parts[2:]]
    return " ".join(p.replace("_", " ") for p in parts)


def is_personal(path: str) -> bool:
    """True when a field may hold personal data, so its value must stay out of explanations."""
    return path.rsplit(".", 1)[-1] in PERSONAL_FIELDS
