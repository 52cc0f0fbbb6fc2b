"""leadlink.routing: who gets each lead, by rules kept as data, and why.

Pure domain code (no database, web or CLI): build a `RoutingContext` per lead, load a `RuleSet`
(`load_rules()` gives the shipped defaults) and call `Router(rules, pools).route(ctx)`.
"""

from leadlink.routing.context import (
    AccountFacts,
    LeadFacts,
    MatchFacts,
    Opportunity,
    RoutingContext,
    UserInfo,
    ancestors,
    regional_account,
    snapshot,
)
from leadlink.routing.decision import Notification, RoutingDecision, RuleTrace
from leadlink.routing.engine import Router, route
from leadlink.routing.operators import OPERATORS, Operator, get_operator
from leadlink.routing.pools import (
    InMemoryPoolRepository,
    Pool,
    PoolMember,
    PoolPick,
    PoolRepository,
    PoolState,
    pick,
)
from leadlink.routing.rules import (
    Assign,
    Condition,
    Notify,
    Rule,
    RulesError,
    RuleSet,
    load_rules,
    parse_rules,
)
from leadlink.routing.territories import Territory, TerritoryTree

__all__ = [
    "OPERATORS",
    "AccountFacts",
    "Assign",
    "Condition",
    "InMemoryPoolRepository",
    "LeadFacts",
    "MatchFacts",
    "Notification",
    "Notify",
    "Operator",
    "Opportunity",
    "Pool",
    "PoolMember",
    "PoolPick",
    "PoolRepository",
    "PoolState",
    "Router",
    "RoutingContext",
    "RoutingDecision",
    "Rule",
    "RuleSet",
    "RuleTrace",
    "RulesError",
    "Territory",
    "TerritoryTree",
    "UserInfo",
    "ancestors",
    "get_operator",
    "load_rules",
    "parse_rules",
    "pick",
    "regional_account",
    "route",
    "snapshot",
]
