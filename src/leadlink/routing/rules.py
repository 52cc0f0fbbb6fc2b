"""Routing rules as data: pydantic models loaded from YAML (defaults in default_rules.yaml).

A rule set holds an ordered list of rules for matched leads, another for the rest, the pools, the
territories and a fallback queue. A condition may be written in three equivalent ways:
`{field: lead.country, op: in, value: [DE, AT]}`, `{lead.country__in: [DE, AT]}` (datasette
style) or the string `"lead.country in [DE, AT]"`; values are parsed as YAML, never evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from leadlink.routing.fields import Env, compile_path, field_label, is_personal
from leadlink.routing.operators import OperatorError, Predicate, get_operator, show
from leadlink.routing.pools import Pool
from leadlink.routing.territories import Territory, TerritoryTree

OwnerTarget = Literal[
    "account_owner",
    "sdr_owner",
    "parent_owner",
    "ultimate_parent_owner",
    "regional_owner",
    "opportunity_owner",
    "user",
]
AssignTarget = OwnerTarget | Literal["queue", "pool", "territory"]


class RulesError(ValueError):
    """A rules file could not be read or is not valid; the message names the file."""


def _parse_condition(data: Any) -> Any:
    if isinstance(data, str):
        parts = data.strip().split(None, 2)
        if len(parts) < 2:
            raise ValueError(f"condition {data!r}: write 'field op [value]'")
        value = yaml.safe_load(parts[2]) if len(parts) == 3 else None
        return {"field": parts[0], "op": parts[1], "value": value}
    if isinstance(data, dict) and len(data) == 1:
        ((key, value),) = data.items()
        if isinstance(key, str) and "__" in key:
            path, _, op = key.rpartition("__")
            return {"field": path, "op": op, "value": value}
    return data


class Condition(BaseModel):
    """One test on a field of the routing context; `label` overrides the generated wording."""

    model_config = ConfigDict(extra="forbid")

    field: str = "territory"
    op: str
    value: Any = None
    label: str = ""
    _getter: Any = PrivateAttr(default=None)
    _pred: Any = PrivateAttr(default=None)
    _text: str = PrivateAttr(default="")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return _parse_condition(data)

    @model_validator(mode="after")
    def _compile(self) -> Condition:
        try:
            op = get_operator(self.op)
            self.op = op.key
            if op.key == "in_territory":
                self.field = "territory"
            elif self.field == "territory":
                raise ValueError("the 'territory' field only takes the in_territory operator")
            self._getter = compile_path(self.field)
            self._pred = op.compile(self.value)
        except OperatorError as exc:
            raise ValueError(f"condition on {self.field!r}: {exc}") from None
        self._text = self.label or op.describe(field_label(self.field), self.value)
        return self

    @property
    def text(self) -> str:
        """The readable form of this condition."""
        return self._text

    def compiled(self) -> tuple[Callable[[Env], Any], Predicate]:
        """The getter and predicate, for callers that test many leads."""
        return self._getter, self._pred

    def test(self, env: Env) -> tuple[bool, Any]:
        """Whether the condition holds, and the value it looked at."""
        actual = self._getter(env)
        pred: Predicate = self._pred
        return pred(actual), actual

    @property
    def personal(self) -> bool:
        """True when the field may hold personal data (its value stays out of explanations)."""
        return is_personal(self.field)

    def explain_failure(self, actual: Any) -> str:
        """Why it failed, without echoing personal data."""
        return explain_failure(self._text, self.personal, actual)


def explain_failure(text: str, personal: bool, actual: Any) -> str:
    """'not met: <condition> (it is <value>)', the value left out for personal fields."""
    if personal:
        return f"not met: {text}"
    if actual is None or actual == "" or actual == () or actual == []:
        return f"not met: {text} (it is empty)"
    if isinstance(actual, int | float) and not isinstance(actual, bool):
        return f"not met: {text} (it is {show(actual)})"
    return f"not met: {text} (it is {show(actual)!r})"


class Assign(BaseModel):
    """Who gets the lead: an owner from the hierarchy, a user, a queue, a pool or the territory."""

    model_config = ConfigDict(extra="forbid")

    to: AssignTarget
    user: str = ""
    queue: str = ""
    pool: str = ""

    @model_validator(mode="after")
    def _needs_name(self) -> Assign:
        needed = {"user": self.user, "queue": self.queue, "pool": self.pool}
        if self.to in needed and not needed[self.to]:
            raise ValueError(f"assign to {self.to} needs '{self.to}: <name>'")
        return self


class Notify(BaseModel):
    """Someone to alert (e.g. the AE of an open opportunity) without giving them the lead."""

    model_config = ConfigDict(extra="forbid")

    to: OwnerTarget
    user: str = ""
    message: str = ""


class Rule(BaseModel):
    """When all (or any) conditions hold: notify, then assign; stop unless `then: continue`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    label: str = ""
    when: Literal["all", "any"] = "all"
    conditions: list[Condition] = Field(default_factory=list)
    assign: Assign | None = None
    notify: list[Notify] = Field(default_factory=list)
    then: Literal["stop", "continue"] | None = None  # default: stop once the rule assigns

    @property
    def title(self) -> str:
        """Label for explanations."""
        return self.label or self.id


class RuleSet(BaseModel):
    """A complete routing configuration."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    rules: list[Rule] = Field(default_factory=list)
    unmatched_rules: list[Rule] = Field(default_factory=list)
    fallback_queue: str = "Unassigned leads"
    pools: list[Pool] = Field(default_factory=list)
    territories: list[Territory] = Field(default_factory=list)
    _tree: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _references(self) -> RuleSet:
        self._tree = TerritoryTree(self.territories)
        pools = {p.id for p in self.pools}
        if len(pools) != len(self.pools):
            raise ValueError("a pool id is used twice")
        ids = [r.id for r in (*self.rules, *self.unmatched_rules)]
        if len(set(ids)) != len(ids):
            raise ValueError("a rule id is used twice")
        for rule in (*self.rules, *self.unmatched_rules):
            if rule.assign and rule.assign.to == "pool" and rule.assign.pool not in pools:
                raise ValueError(f"rule {rule.id!r}: unknown pool {rule.assign.pool!r}")
            for cond in rule.conditions:
                if cond.op == "in_territory":
                    for tid in cond.value if isinstance(cond.value, list) else [cond.value]:
                        if str(tid) not in self._tree.by_id:
                            raise ValueError(f"rule {rule.id!r}: unknown territory {tid!r}")
        for t in self._tree.by_id.values():
            if t.pool and t.pool not in pools:
                raise ValueError(f"territory {t.id!r}: unknown pool {t.pool!r}")
        return self

    @property
    def tree(self) -> TerritoryTree:
        """The compiled territories."""
        tree: TerritoryTree = self._tree
        return tree

    def named_users(self) -> list[str]:
        """Every user the rules name: pool members, territory owners, named assignees."""
        names = [m.user for p in self.pools for m in p.members]
        names += [t.owner for t in self.tree.by_id.values() if t.owner]
        for rule in (*self.rules, *self.unmatched_rules):
            if rule.assign is not None and rule.assign.user:
                names.append(rule.assign.user)
            names += [n.user for n in rule.notify if n.user]
        return list(dict.fromkeys(names))

    def pool(self, pool_id: str) -> Pool:
        """The pool with that id."""
        return next(p for p in self.pools if p.id == pool_id)


DEFAULT_RULES = "default_rules.yaml"


def parse_rules(data: Any, source: str = "<rules>") -> RuleSet:
    """Validate already-parsed YAML; errors name the source and the failing location."""
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise RulesError(f"{source}: {where}: {first['msg']}") from None


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load a rule set from YAML, or the shipped defaults when `path` is None."""
    if path is None:
        text = resources.files("leadlink.routing").joinpath(DEFAULT_RULES).read_text("utf-8")
        source = DEFAULT_RULES
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise RulesError(f"{source}: cannot read ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"{source}: not valid YAML ({exc})") from None
    return parse_rules(data, source)
