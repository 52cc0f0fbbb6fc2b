"""The one table of routing operators: machine key, short symbol, readable template, predicate.

Like datasette's filters, each operator has a machine form used in YAML (`in`) and a readable
form used in every explanation ("lead country is one of DE, AT, CH"). Comparisons of text are
case-insensitive and ignore surrounding spaces, because CRM data is typed by people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

Predicate = Callable[[Any], bool]
Arity = Literal["none", "one", "many", "pair"]


class OperatorError(ValueError):
    """A condition's value does not fit its operator."""


def norm(value: Any) -> Any:
    """Normalise a value for comparison: text is stripped and case-folded, None is ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip().casefold()
    if isinstance(value, bool | int | float):
        return value
    return str(value).strip().casefold()


def to_number(value: Any) -> float | None:
    """A number from an int, float or numeric text; None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", ""))
    except ValueError:
        return None


def is_empty(value: Any) -> bool:
    """True for None, blank text and empty collections."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset | dict):
        return len(value) == 0
    return False


def show(value: Any) -> str:
    """Readable form of a condition value: lists joined, whole floats without '.0'."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value)
    return str(value)


_TRUTHY = frozenset({"true", "yes", "y", "1"})


def _many(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple | set | frozenset) else [value]


def _equals(value: Any) -> Predicate:
    if isinstance(value, bool):

        def truth(actual: Any) -> bool:
            if isinstance(actual, str):
                return (norm(actual) in _TRUTHY) is value
            return bool(actual) is value

        return truth
    number = to_number(value) if not isinstance(value, str) else None
    if number is not None:
        return lambda actual: to_number(actual) == number
    target = norm(value)
    return lambda actual: (
        any(norm(a) == target for a in actual)
        if isinstance(actual, list | tuple)
        else norm(actual) == target
    )


def _in(value: Any) -> Predicate:
    targets = frozenset(norm(v) for v in _many(value))
    return lambda actual: (
        any(norm(a) in targets for a in actual)
        if isinstance(actual, list | tuple)
        else norm(actual) in targets
    )


def _contains(value: Any) -> Predicate:
    needles = [norm(v) for v in _many(value)]

    def pred(actual: Any) -> bool:
        if isinstance(actual, list | tuple):
            items = {norm(a) for a in actual}
            return any(n in items for n in needles)
        text = norm(actual)
        return isinstance(text, str) and any(n in text for n in needles)

    return pred


def _starts_with(value: Any) -> Predicate:
    prefixes = tuple(str(norm(v)) for v in _many(value))
    return lambda actual: isinstance(norm(actual), str) and norm(actual).startswith(prefixes)


def _compare(test: Callable[[float, float], bool]) -> Callable[[Any], Predicate]:
    def build(value: Any) -> Predicate:
        bound = to_number(value)
        if bound is None:
            raise OperatorError(f"needs a number, got {value!r}")

        def pred(actual: Any) -> bool:
            number = to_number(actual)
            return number is not None and test(number, bound)

        return pred

    return build


def _between(value: Any) -> Predicate:
    lo, hi = (to_number(v) for v in value)
    if lo is None or hi is None or lo > hi:
        raise OperatorError(f"needs two numbers [low, high], got {value!r}")

    def pred(actual: Any) -> bool:
        number = to_number(actual)
        return number is not None and lo <= number <= hi

    return pred


def _negate(build: Callable[[Any], Predicate]) -> Callable[[Any], Predicate]:
    def negated(value: Any) -> Predicate:
        inner = build(value)
        return lambda actual: not inner(actual)

    return negated


def _in_territory(value: Any) -> Predicate:
    wanted = frozenset(str(v) for v in _many(value))
    return lambda path: any(t in wanted for t in path)


@dataclass(frozen=True, slots=True)
class Operator:
    """One row of the operator table."""

    key: str
    symbol: str
    template: str
    arity: Arity
    build: Callable[[Any], Predicate]

    def describe(self, field: str, value: Any = None) -> str:
        """The readable form, e.g. 'lead country is one of DE, AT'."""
        if self.arity == "pair":
            return self.template.format(field=field, low=show(value[0]), high=show(value[1]))
        return self.template.format(field=field, value=show(value))

    def compile(self, value: Any) -> Predicate:
        """Check the value against the operator's arity and return the predicate."""
        if self.arity == "none":
            if value is not None:
                raise OperatorError(f"'{self.key}' takes no value")
            return self.build(None)
        if value is None:
            raise OperatorError(f"'{self.key}' needs a value")
        if self.arity == "pair" and (not isinstance(value, list | tuple) or len(value) != 2):
            raise OperatorError(f"'{self.key}' needs [low, high]")
        if self.arity == "one" and isinstance(value, list | tuple):
            raise OperatorError(f"'{self.key}' needs one value, not a list")
        if self.arity == "many" and isinstance(value, list | tuple) and not value:
            raise OperatorError(f"'{self.key}' needs at least one value")
        try:
            return self.build(value)
        except OperatorError as exc:
            raise OperatorError(f"'{self.key}' {exc}") from None


def _rows() -> Iterable[Operator]:
    gt = _compare(lambda a, b: a > b)
    lt = _compare(lambda a, b: a < b)
    ge = _compare(lambda a, b: a >= b)
    le = _compare(lambda a, b: a <= b)
    return (
        Operator("equals", "=", "{field} is {value}", "one", _equals),
        Operator("not_equals", "!=", "{field} is not {value}", "one", _negate(_equals)),
        Operator("in", "in", "{field} is one of {value}", "many", _in),
        Operator("not_in", "not in", "{field} is not one of {value}", "many", _negate(_in)),
        Operator("contains", "~", "{field} contains {value}", "many", _contains),
        Operator("starts_with", "^", "{field} starts with {value}", "many", _starts_with),
        Operator("greater_than", ">", "{field} is greater than {value}", "one", gt),
        Operator("at_least", ">=", "{field} is at least {value}", "one", ge),
        Operator("less_than", "<", "{field} is less than {value}", "one", lt),
        Operator("at_most", "<=", "{field} is at most {value}", "one", le),
        Operator("between", "..", "{field} is between {low} and {high}", "pair", _between),
        Operator("is_empty", "empty", "{field} is empty", "none", lambda _: is_empty),
        Operator(
            "is_not_empty",
            "not empty",
            "{field} is not empty",
            "none",
            lambda _: lambda actual: not is_empty(actual),
        ),
        Operator("is_true", "true", "{field} is yes", "none", lambda _: _equals(True)),
        Operator("is_false", "false", "{field} is no", "none", lambda _: _equals(False)),
        Operator(
            "in_territory", "in territory", "lead is in territory {value}", "many", _in_territory
        ),
    )


OPERATORS: dict[str, Operator] = {op.key: op for op in _rows()}
SYMBOLS: dict[str, Operator] = {op.symbol: op for op in OPERATORS.values()}


def get_operator(key: str) -> Operator:
    """Look an operator up by machine key or symbol; the error lists the known keys."""
    op = OPERATORS.get(key) or SYMBOLS.get(key)
    if op is None:
        raise OperatorError(f"unknown operator {key!r}: use one of {', '.join(OPERATORS)}")
    return op
