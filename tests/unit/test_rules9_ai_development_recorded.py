"""US-OISP: an answer "develops no AI system" that the recorded facts contradict is not
passed over in silence. `target.ai.max_training_compute_ops` is "the largest training run
of any AI system the target develops" (facts.schema.json), and AI model development is
developing AI systems: with either recorded, the reasons name it and ask the officer to
correct the answer if the target does develop one. The answer still decides the outcome
(nothing is assumed: a "no" with the compute left out stays not_required however the
compute is later filled in)."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Determination, screen
from tests.unit.test_screening import AS_OF, facts_with

COMPUTE = "target.ai.max_training_compute_ops"
MARKED = "although the target is marked as developing no AI system"


def _us_oisp(changes: dict[str, Any]) -> Determination:
    found = screen(parse_facts(facts_with(changes)), AS_OF).determination("US-OISP")
    assert found is not None
    return found


# (id, activities, compute, develops answer, outcome, what the note says the facts record
#  in English and in Chinese; None: no note)
CASES = [
    ("run-over-prohibited-threshold", ["ai_application"], 3.1e25, False, "not_required",
     "a training run of 3.1e25 operations", "最大训练计算量为3.1e25次运算"),
    ("run-over-notifiable-threshold", ["ai_application"], 2e23, False, "not_required",
     "a training run of 2e23 operations", "最大训练计算量为2e23次运算"),
    ("run-and-model-development", ["ai_model_development"], 3.1e25, False, "not_required",
     "a training run of 3.1e25 operations and AI model development among its activities",
     "最大训练计算量为3.1e25次运算，并且经营活动包括人工智能模型研发"),
    ("model-development-no-compute", ["ai_model_development"], None, False, "not_required",
     "AI model development among its activities", "经营活动包括人工智能模型研发"),
    # Nothing recorded that only a developer has: no note.
    ("application-only", ["ai_application"], None, False, "not_required", None, None),
    ("zero-compute", ["ai_application"], 0, False, "not_required", None, None),
    # Answered "yes": the facts agree, nothing to correct.
    ("answer-yes", ["ai_model_development"], 3.1e25, True, "prohibited", None, None),
]


@pytest.mark.parametrize(("activities", "compute", "develops", "outcome", "recorded", "recorded_zh"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_no_that_the_facts_contradict_is_named_for_correction(
    activities: list[str], compute: float | None, develops: bool, outcome: str,
    recorded: str | None, recorded_zh: str | None,
) -> None:
    d = _us_oisp({"target.activities": activities, COMPUTE: compute,
                  "target.ai.develops_ai_system": develops})
    assert (d.outcome, d.missing) == (outcome, ())
    notes = [r for r in d.reasons if MARKED in r.text]
    if recorded is None:
        assert notes == []
        assert not any("标为不开发" in r.text_zh for r in d.reasons)
        return
    assert len(notes) == 1
    note = notes[0]
    assert note.rule == "US-OISP.scope.2025"
    assert note.text == (f"the facts record {recorded}, {MARKED}: if it develops one, correct the answer "
                         "(the training-compute and end-use tests then apply)")
    assert note.text_zh.startswith(f"事实信息记录了{recorded_zh}，但目标公司标为不开发人工智能系统：")
    # Said right after the answer it questions.
    answer = [i for i, r in enumerate(d.reasons) if r.text == "target develops no AI system"]
    assert answer and d.reasons[answer[0] + 1] == note


def test_corrected_the_recorded_run_decides() -> None:
    # What the note asks for: once the answer is corrected, the run is tested.
    d = _us_oisp({"target.activities": ["ai_model_development"], COMPUTE: 3.1e25,
                  "target.ai.develops_ai_system": True})
    assert d.outcome == "prohibited"
    assert any(r.text == "largest training run 3.1e25 operations is more than 1e25 operations" for r in d.reasons)
