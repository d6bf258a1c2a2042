import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
PO = ROOT / "pasarmurah" / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_every_indonesian_entry_is_translated():
    po = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    assert untranslated == []


def test_every_string_in_the_code_is_in_the_indonesian_catalog():
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed")
    before = PO.read_bytes()
    try:
        subprocess.run(
            [sys.executable, "scripts/i18n.py", "extract"], cwd=ROOT, check=True, capture_output=True
        )  # noqa: S603
        extracted = {entry.msgid for entry in polib.pofile(str(PO))}
    finally:
        PO.write_bytes(before)
    known = {entry.msgid for entry in polib.pofile(str(PO))}
    assert sorted(extracted - known) == [], "run scripts/i18n.py extract and translate the new strings"
