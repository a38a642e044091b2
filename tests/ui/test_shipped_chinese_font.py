"""On a machine with no Chinese font the window still shows Chinese: the font the filings
embed is added after the app's own (ui.style.use_shipped_chinese_font). Checked in a
child process whose fontconfig knows one Latin font only, by drawing two different
characters: with no font for them both are the same empty box."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from approvals.resources import resource_path
from approvals.ui.style import use_shipped_chinese_font

CHILD = r"""
import json, sys
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel
from approvals.ui.application import make_application
from approvals.ui.style import use_shipped_chinese_font

def looks(text):
    label = QLabel(text)
    label.resize(48, 48)
    return label.grab().toImage()

def distinct():
    return looks("审") != looks("查")

if sys.argv[1] == "by-hand":
    app = QApplication(["approvals"])
    before = (QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese), distinct())
    added = use_shipped_chinese_font(app)
    print(json.dumps({"before": before, "added": added, "after": distinct(),
                      "families": app.font().families()}))
else:
    app = make_application([])
    print(json.dumps({"after": distinct(), "families": app.font().families()}))
"""


def _run(tmp_path: Path, mode: str) -> dict:
    fonts = tmp_path / "fonts"
    fonts.mkdir(exist_ok=True)
    shutil.copy(resource_path("fonts", "DejaVuSans.ttf"), fonts)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir>'
                    f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHILD, mode], env=env, capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_a_system_chinese_font_the_shipped_one_draws_chinese(tmp_path: Path) -> None:
    seen = _run(tmp_path, "by-hand")
    # The machine as set up: no Chinese font, so two characters draw as the same box.
    assert seen["before"] == [[], False]
    assert seen["added"] == "Droid Sans Fallback" and seen["after"] is True
    assert seen["families"][-1] == "Droid Sans Fallback" and len(seen["families"]) >= 2


def test_the_app_adds_it_when_it_starts(tmp_path: Path) -> None:
    seen = _run(tmp_path, "app")
    assert seen["after"] is True and seen["families"][-1] == "Droid Sans Fallback"


def test_with_a_system_chinese_font_the_app_font_is_left_alone(qapp: QApplication) -> None:
    before = qapp.font()
    assert use_shipped_chinese_font(qapp, system_has_chinese=True) is None
    assert qapp.font() == before
