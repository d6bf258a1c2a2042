"""Every template of the project compiles: a missing {% load %} or a typo fails here, not on a live page."""

from pathlib import Path

import pytest
from django.template.loader import get_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    str(path.relative_to(folder))
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]
    for path in folder.rglob("*")
    if path.suffix in {".html", ".txt"}
)


def test_the_project_has_templates():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_compiles(name):
    get_template(name)
