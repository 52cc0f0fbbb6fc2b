"""The router: walk the ordered rules for one lead and record why each one did or did not apply.

Matched leads go through `rules`, the others (unmatched or still in review) through
`unmatched_rules`; a lead that no rule assigns lands in the fallback queue. A rule that matches
sends its notifications, then tries its assignment: when the chosen owner is inactive or out of
office, or a pool has nobody free, the rule falls through and the next rule is tried.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from leadlink.routing.availability import availability
from leadlink.routing.context import AccountFacts, RoutingContext
from leadlink.routing.decision import (
    Notification,
    Outcome,
    OwnerType,
    RoutingDecision,
    RuleTrace,
)
from leadlink.routing.fields import Env
from leadlink.routing.operators import Predicate
from leadlink.routing.pools import InMemoryPoolRepository, PoolRepository, PoolState, pick
from leadlink.routing.rules import Assign, Rule, RuleSet, explain_failure

_SLOTS: dict[str, tuple[str, str, str]] = {
    # target -> (context slot, attribute, words)
    "account_owner": ("account", "owner", "account owner"),
    "sdr_owner": ("account", "sdr_owner", "SDR owner"),
    "parent_owner": ("parent", "owner", "parent account owner"),
    "ultimate_parent_owner": ("ultimate_parent", "owner", "ultimate parent owner"),
    "regional_owner": ("regional", "owner", "regional account owner"),
    "opportunity_owner": ("opportunity", "owner", "opportunity owner"),
}


def owner_of(target: str, ctx: RoutingContext, named: str = "") -> tuple[str, str]:
    """The user id a target points at, and the words for it; '' when there is none."""
    if target == "user":
        return named, "user"
    slot, attr, words = _SLOTS[target]
    obj: AccountFacts | object | None = getattr(ctx, slot)
    return (getattr(obj, attr) or "" if obj is not None else ""), words


_Check = tuple[Callable[[Env], Any], Predicate, str, bool]


class _Plan:
    """A rule with its conditions compiled to plain tuples (no model attribute look-ups)."""

    __slots__ = ("any", "assign", "checks", "id", "rule", "stops", "title")

    def __init__(self, rule: Rule) -> None:
        self.rule, self.id, self.title, self.assign = rule, rule.id, rule.title, rule.assign
        self.any = rule.when == "any"
        self.stops = rule.then  # None: stop once an owner is chosen
        self.checks: list[_Check] = [(*c.compiled(), c.text, c.personal) for c in rule.conditions]

    def failure(self, env: Env) -> str | None:
        """None when the rule's conditions hold, else the failed condition explained."""
        if not self.checks:
            return None
        if not self.any:
            for getter, pred, text, personal in self.checks:
                actual = getter(env)
                if not pred(actual):
                    return explain_failure(text, personal, actual)
            return None
        for getter, pred, _, _ in self.checks:
            if pred(getter(env)):
                return None
        return "not met: none of " + "; ".join(c[2] for c in self.checks)


class _Assigned:
    __slots__ = ("owner", "owner_type", "text")

    def __init__(self, owner: str, owner_type: OwnerType, text: str) -> None:
        self.owner, self.owner_type, self.text = owner, owner_type, text


class Router:
    """Routes leads by a rule set; pool fairness is kept in `pools` (in memory by default)."""

    def __init__(self, rules: RuleSet, pools: PoolRepository | None = None) -> None:
        self.rules = rules
        self.pools: PoolRepository = pools if pools is not None else InMemoryPoolRepository()
        self._pools = {p.id: p for p in rules.pools}
        self._tree = rules.tree
        self._resolve = self._tree.resolve if rules.territories else None
        self._plans = {
            "matched": [_Plan(r) for r in rules.rules],
            "unmatched": [_Plan(r) for r in rules.unmatched_rules],
        }

    def route(self, ctx: RoutingContext, *, now: datetime | None = None) -> RoutingDecision:
        """Decide who gets this lead, and record every rule evaluated on the way."""
        now = now or datetime.now(UTC)
        env = Env(ctx, self._resolve)
        plans = self._plans["matched" if ctx.matched else "unmatched"]
        path: list[RuleTrace] = []
        notes: list[Notification] = []
        chosen: _Assigned | None = None
        chosen_rule = ""
        for plan in plans:
            failure = plan.failure(env)
            if failure is not None:
                path.append(RuleTrace(plan.id, plan.title, "not matched", failure))
                continue
            if plan.rule.notify:
                notes.extend(self._notify(plan.rule, ctx))
            if plan.assign is None:
                path.append(RuleTrace(plan.id, plan.title, "matched", "conditions met"))
            elif chosen is not None:
                path.append(RuleTrace(plan.id, plan.title, "skipped", "an owner is already chosen"))
            else:
                got, text = self._assign(plan.assign, env, now)
                outcome: Outcome = "assigned" if got else "fell through"
                path.append(RuleTrace(plan.id, plan.title, outcome, text))
                if got is not None:
                    chosen, chosen_rule = got, plan.id
            if plan.stops == "stop" or (plan.stops is None and chosen is not None):
                break
        if chosen is None:
            queue = self.rules.fallback_queue
            text = f"no rule assigned the lead: fallback queue {queue!r}"
            path.append(RuleTrace("fallback", "Fallback queue", "fallback", text))
            chosen, chosen_rule = _Assigned(queue, "queue", text), "fallback"
            reason = text
        else:
            title = next(t.label for t in path if t.rule_id == chosen_rule)
            reason = f"{title}: {chosen.text}"
        return RoutingDecision(
            lead_id=ctx.lead.id,
            owner=chosen.owner,
            owner_type=chosen.owner_type,
            rule_id=chosen_rule,
            reason=reason,
            path=tuple(path),
            notifications=tuple(notes),
            territory=env.territory if self._resolve else (),
            at=now,
            context=ctx,
        )

    @staticmethod
    def _notify(rule: Rule, ctx: RoutingContext) -> list[Notification]:
        out: list[Notification] = []
        for n in rule.notify:
            user, words = owner_of(n.to, ctx, n.user)
            known = user in ctx.users or not ctx.users
            info = ctx.users.get(user)
            active = known and (info is None or info.active)
            if user and active and all(o.user != user for o in out):
                message = n.message or f"{rule.title}: lead {ctx.lead.id} (you are the {words})"
                out.append(Notification(user, rule.id, message))
        return out

    def _assign(self, a: Assign, env: Env, now: datetime) -> tuple[_Assigned | None, str]:
        """Resolve an assignment to a user or queue; (None, why) when it must fall through."""
        ctx = env.ctx
        if a.to == "queue":
            return _Assigned(a.queue, "queue", f"queue {a.queue!r}"), f"to queue {a.queue!r}"
        if a.to == "pool":
            return self._from_pool(a.pool, ctx, now)
        if a.to == "territory":
            return self._from_territory(env, now)
        user, words = owner_of(a.to, ctx, a.user)
        return self._direct(user, words, ctx, now)

    @staticmethod
    def _direct(
        user: str, words: str, ctx: RoutingContext, now: datetime
    ) -> tuple[_Assigned | None, str]:
        if not user:
            return None, f"there is no {words}"
        why = availability(ctx.users, user, now, working_hours=False)
        if why is not None:
            return None, f"{words} {user} is {why}"
        text = f"{words} {user}"
        return _Assigned(user, "user", text), f"to {text}"

    def _from_pool(
        self, pool_id: str, ctx: RoutingContext, now: datetime
    ) -> tuple[_Assigned | None, str]:
        pool = self._pools[pool_id]

        def draw(state: PoolState) -> tuple[str | None, str]:
            got = pick(pool, state, ctx.users, now)
            return got.user, got.reason

        user, skips = self.pools.transact(pool_id, draw)
        extra = f" ({skips})" if skips else ""
        if user is None:
            return None, f"round robin {pool.name or pool_id!r}: nobody available{extra}"
        text = f"round robin {pool.name or pool_id!r} chose {user}{extra}"
        return _Assigned(user, "user", text), text

    def _from_territory(self, env: Env, now: datetime) -> tuple[_Assigned | None, str]:
        tree = self._tree
        path = env.territory
        where = tree.label(path)
        t = tree.assignee(path)
        if t is None:
            return None, f"territory {where}: nobody is assigned there"
        if t.queue:
            text = f"territory {where}: queue {t.queue!r}"
            return _Assigned(t.queue, "queue", text), text
        if t.pool:
            got, text = self._from_pool(t.pool, env.ctx, now)
            if got is not None:
                got.text = f"territory {where}: {got.text}"
            return got, f"territory {where}: {text}"
        got, text = self._direct(t.owner, "territory owner", env.ctx, now)
        if got is not None:
            got.text = f"territory {where}: {got.text}"
        return got, f"territory {where}: {text}"


def route(
    ctx: RoutingContext,
    rules: RuleSet,
    pools: PoolRepository | None = None,
    *,
    now: datetime | None = None,
) -> RoutingDecision:
    """Route one lead (convenience over `Router`; build a Router once for many leads)."""
    return Router(rules, pools).route(ctx, now=now)
