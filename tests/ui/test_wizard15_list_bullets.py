"""A list pasted from a memo or a PDF brings its bullets ("• GPT-4o via API", "- Llama 3"),
and the items were filed with them. The bullet at the start of a line is left out of the
item; a dash inside an item, or a line without a bullet, stays as written."""

from __future__ import annotations

from approvals.ui.wizard import IntakeWizard


def test_bullets_are_left_out_of_pasted_items(qtbot, wizard: IntakeWizard) -> None:
    models = wizard.us_models_field
    models.widget.setPlainText("• GPT-4o via API\n- Llama 3.1 405B (open weights)\n"
                               "*  Claude 3.5 Sonnet\nGemini-1.5-Pro via Vertex\n")
    assert models.parse() == ["GPT-4o via API", "Llama 3.1 405B (open weights)",
                              "Claude 3.5 Sonnet", "Gemini-1.5-Pro via Vertex"]


def test_a_bullet_typed_twice_is_one_item_twice(qtbot, wizard: IntakeWizard) -> None:
    models = wizard.us_models_field
    models.widget.setPlainText("• GPT-4o via API\nGPT-4o via API")
    assert models.problem() == "'GPT-4o via API' is listed twice: remove one of the lines"
