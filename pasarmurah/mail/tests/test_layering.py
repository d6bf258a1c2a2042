"""The outbox is infrastructure: every domain may use it, and it uses none of them."""

import ast
from pathlib import Path

import pasarmurah.mail

ALLOWED_FIRST_PARTY = ("pasarmurah.core", "pasarmurah.mail")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            names.add("pasarmurah.mail")  # a relative import stays inside the package
    return names


def test_mail_imports_no_domain():
    root = Path(pasarmurah.mail.__file__).parent
    sources = [path for path in root.rglob("*.py") if "tests" not in path.relative_to(root).parts]
    assert {path.name for path in sources} >= {"outbox.py", "links.py", "models.py", "admin.py", "tasks.py"}
    offending = {
        f"{path.relative_to(root)}: {name}"
        for path in sources
        for name in _imports(path)
        if name.startswith("pasarmurah") and not name.startswith(ALLOWED_FIRST_PARTY)
    }
    assert offending == set()
