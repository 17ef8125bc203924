"""The rules package stays pure: no Django, no network, no database."""

import ast
from pathlib import Path

import juzhu.rules

FORBIDDEN = {"django", "ninja", "requests", "urllib", "socket", "sqlite3", "psycopg"}


def test_rules_import_nothing_from_the_framework_or_the_network():
    root = Path(juzhu.rules.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
