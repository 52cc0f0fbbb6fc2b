"""The collector pause restores the collector as it found it, even when the build fails."""

from __future__ import annotations

import gc

import pytest

from leadlink.perf import paused_gc


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
