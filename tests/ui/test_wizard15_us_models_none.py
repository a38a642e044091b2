""""Trained on outputs of US-origin models: Yes" with "US models used: None" ticked was
taken as it stood: the facts said the target trained on US models' outputs and used no
US model, and the case's distillation flag read "models not named". The wizard says so at
US models used, and Next waits until the models are named or None is unticked (unknown)."""

from __future__ import annotations

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import choose, click_next, next_button, tick, type_into


def test_none_contradicts_training_on_us_model_outputs(qtbot, wizard: IntakeWizard) -> None:
    w = wizard
    type_into(qtbot, w, "field_target_name_en", "Hangzhou Shenlan Intelligence Co., Ltd.")
    tick(qtbot, w, "choice_target_activities_ai_model_development")
    click_next(qtbot, w)
    choose(w, "field_target_ai_trained_on_us_model_outputs", "Yes")
    tick(qtbot, w, "none_target_ai_us_models_used")
    models = w.us_models_field
    assert models.error_label.text().startswith(
        "None, yet the target trained on outputs of US-origin models: name the models")
    assert not next_button(w).isEnabled()
    assert "US models used" in w.currentPage().blocked_label.text()
    # Named: nothing to fix.
    qtbot.keyClicks(models.widget, "GPT-4o via API")
    assert models.problem() is None and next_button(w).isEnabled()
    # "No" to the training question hides the list, and None is no contradiction then.
    tick(qtbot, w, "none_target_ai_us_models_used")
    choose(w, "field_target_ai_trained_on_us_model_outputs", "No")
    assert models.problem() is None and next_button(w).isEnabled()
