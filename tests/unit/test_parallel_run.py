"""`-n auto` starts one xdist worker more than the machine has cores (tests/conftest.py),
unless PYTEST_XDIST_AUTO_NUM_WORKERS says how many."""

from __future__ import annotations

import os

import pytest

from tests.conftest import pytest_xdist_auto_num_workers


def test_auto_is_one_worker_more_than_the_cores(pytestconfig: pytest.Config,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert pytest_xdist_auto_num_workers(pytestconfig) == 3


def test_the_variable_leaves_the_count_to_xdist(pytestconfig: pytest.Config,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "5")
    assert pytest_xdist_auto_num_workers(pytestconfig) is None
