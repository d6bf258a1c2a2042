#!/usr/bin/env python3
"""Translation upkeep for the Indonesian UI (msgids are English, Indonesian is the default language).

    .venv/bin/python scripts/i18n.py extract        # refresh locale/id/LC_MESSAGES/django.po from the code
    .venv/bin/python scripts/i18n.py missing        # list msgids without an Indonesian translation
    .venv/bin/python scripts/i18n.py fill FILE.json # set translations from {"English msgid": "Indonesian"}

`extract` needs GNU gettext (xgettext); compiling needs nothing (polib, via `manage.py compile_translations`).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "pasarmurah" / "locale" / "id" / "LC_MESSAGES" / "django.po"


def extract() -> None:
    env = os.environ | {
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "pasarmurah.settings",
    }
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "id",
            "--no-location",
            "--no-obsolete",
            "-i",
            "tests/*",
            "-i",
            "static/*",
        ],
        cwd=ROOT / "pasarmurah",
        env=env,
        check=True,
    )


def missing() -> list[str]:
    return [entry.msgid for entry in polib.pofile(str(PO)) if not entry.translated() and not entry.obsolete]


def fill(path: str) -> None:
    translations = json.loads(Path(path).read_text())
    po = polib.pofile(str(PO))
    for entry in po:
        if entry.msgid in translations:
            value = translations[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value} if isinstance(value, str) else dict(enumerate(value))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.metadata.update({"Language": "id", "Content-Type": "text/plain; charset=UTF-8"})
    po.save()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "extract":
        extract()
    elif command == "fill":
        fill(sys.argv[2])
    for msgid in missing():
        print(f"untranslated: {msgid!r}")
