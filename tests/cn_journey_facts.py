"""The deal of the Chinese journey tests (tests/ui/test_tracks_cn_journey.py,
tests/unit/test_workflow_cn_journey.py)."""

from __future__ import annotations

from typing import Any

# Control of a speech-AI developer by a Singapore company: FISR (control, key
# technologies), SAMR (turnover), a data-export assessment and a technology export licence.
FACTS: dict[str, Any] = {
    "schema_version": 1,
    "reference": "HX-2026-07",
    "target": {
        "name_en": "Hanxin Speech Intelligence Co., Ltd.", "name_zh": "瀚芯语音智能有限公司",
        "uscc": "91330100MHDQAEJXEB", "jurisdiction": "CN", "headquarters": "CN",
        "leading_tech_enterprise": False, "activities": ["ai_model_development"],
        "security_sectors": ["it_internet", "key_technologies"],
        "ai": {"develops_ai_system": True, "max_training_compute_ops": 5e22,
               "primarily_biological_sequence_data": False, "end_uses": [],
               "trained_on_us_model_outputs": False, "us_models_used": []},
        "turnover_cny": {"china": 1_500_000_000, "worldwide": 1_600_000_000},
    },
    "investor": {
        "name": "Pacific Crest Strategic Holdings Ltd.", "us_person": False,
        "kind": "corporate", "jurisdiction": "SG", "ultimate_parent": "Pacific Crest Group",
        "turnover_cny": {"china": 1_000_000_000, "worldwide": 15_000_000_000},
    },
    "deal": {
        "instrument": "equity", "amount": {"value": 3_000_000_000, "currency": "CNY"},
        "stake_after_pct": 55, "board_seats": 3, "veto_rights": True, "acquires_control": True,
        "technology_transfer": {"transfers": True,
                                "restricted_catalogue_items": ["Speech synthesis technology"],
                                "prohibited_catalogue_items": []},
        "data_export": {"cii_operator": False, "important_data": False,
                        "pi_subjects_current_year": 1_500_000,
                        "sensitive_pi_subjects_current_year": 0},
        "signing_date": "2026-07-15", "expected_completion_date": "2027-06-30",
        "commercial_rationale": "Strategic acquisition of control of a speech AI developer.",
    },
}
