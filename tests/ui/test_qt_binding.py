"""The Qt binding must not eat references to Python's singletons.

PySide6 6.12.0 drops a reference to True on every Signal.emit() made from Python. On
Python 3.11, where True is not immortal, its count reaches zero after some tens of
thousands of emissions (a long working day in the app, or this test suite) and the
interpreter aborts ("bool_dealloc: deallocating True or False"). pyproject.toml excludes
that release; this test fails on any binding that brings the bug back."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(object)
    pinged = Signal()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason=(
    "from Python 3.12 True, False and None are immortal: a lost reference cannot free them, "
    "and their reference counts are no longer exact enough to count"))
def test_emitting_signals_keeps_the_references_to_true_false_and_none() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.changed.connect(received.append)
    emitter.pinged.connect(lambda: received.append(None))
    singletons = (True, False, None)
    gc.collect()
    before = [sys.getrefcount(s) for s in singletons]
    for _ in range(200):
        emitter.changed.emit(1)
        emitter.pinged.emit()
    received.clear()
    gc.collect()
    after = [sys.getrefcount(s) for s in singletons]
    # A few references may come and go with the interpreter's own bookkeeping; 400
    # emissions losing one each would be unmistakable.
    assert all(a >= b - 20 for a, b in zip(after, before, strict=True)), (before, after)
