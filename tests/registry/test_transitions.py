"""Statuses change only through the transitions each model declares (``move_to``)."""

import ast
from pathlib import Path

import juzhu

ROOT = Path(juzhu.__file__).parent
ALLOWED = {
    ROOT / "registry" / "models" / "base.py",  # move_to itself
    ROOT / "errors.py",  # an HTTP status, not a record's (ActionError)
    ROOT / "notify" / "senders.py",  # the outbox's delivery state, not a registry record
}


def test_no_code_assigns_a_status_directly():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path in ALLOWED or "migrations" in path.parts or "demo" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in [part for t in targets for part in (t.elts if isinstance(t, ast.Tuple) else [t])]:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_every_status_model_declares_its_transitions():
    from juzhu.registry.models import Permit, PermitApplication, PermitCard, Registration
    from juzhu.residents.models import ResidentRequest

    for model in (Registration, PermitApplication, Permit, PermitCard, ResidentRequest):
        statuses = set(model.Status.values)
        declared = set(model.TRANSITIONS) | set().union(*model.TRANSITIONS.values())
        assert declared <= statuses, model
