"""The collector pause restores the collector as it found it, even when the build fails; the
frozen builder makes the very objects the dataclass makes."""

from __future__ import annotations

import dataclasses
import gc
import pickle

import pytest

from leadlink.matching.engine import MatchResult
from leadlink.matching.explain import Evidence
from leadlink.normalize import CompanyName, normalize_company
from leadlink.perf import frozen_builder, paused_gc


def test_paused_gc_disables_then_restores() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_gc_restores_after_an_error_and_keeps_a_disabled_collector_off() -> None:
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@dataclasses.dataclass(frozen=True, slots=True)
class _Label:
    comparison: str
    level: str
    weight: float
    text: str


def test_frozen_builder_makes_an_equal_frozen_object() -> None:
    build = frozen_builder(_Label)
    assert build is not _Label  # a plain Python frozen slotted dataclass: built the fast way
    made = build("name", "exact", 1.5, "same name")
    plain = _Label("name", "exact", 1.5, "same name")
    assert type(made) is _Label
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert pickle.loads(pickle.dumps(made)) == plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.level = "other"  # type: ignore[misc]
    assert build(comparison="a", level="b", weight=0.0, text="c") == _Label("a", "b", 0.0, "c")


def test_frozen_builder_serves_the_hot_path_classes() -> None:
    """Equal objects whether the classes are plain Python or compiled (then `cls` is used)."""
    evidence = frozen_builder(Evidence)("name", "exact", 1.5, "same name")
    assert evidence == Evidence("name", "exact", 1.5, "same name")
    name = normalize_company("Acme Holdings GmbH")
    fields = [getattr(name, f.name) for f in dataclasses.fields(CompanyName)]
    assert frozen_builder(CompanyName)(*fields) == CompanyName(*fields)
    result = MatchResult("L1", "A1", "matched", 0.99, "why", None, 0.0, "rule", ())
    values = [getattr(result, f.name) for f in dataclasses.fields(MatchResult)]
    assert repr(frozen_builder(MatchResult)(*values)) == repr(result)


def test_frozen_builder_falls_back_to_the_class_itself() -> None:
    @dataclasses.dataclass(slots=True)
    class Open:
        x: int

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        x: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            assert self.x >= 0

    for cls in (Open, NoSlots, Checked):
        assert frozen_builder(cls) is cls
    with pytest.raises(TypeError):
        frozen_builder(int)
