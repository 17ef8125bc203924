"""The event catalogue: one place for every audit action, so a typo fails at once."""

from __future__ import annotations

import ast
import pathlib

import pytest

from juzhu.audit.events import NO_LONGER_WRITTEN, Event
from juzhu.audit.log import build_entry, record, record_read
from juzhu.audit.models import AuditEntry, PendingAuditEntry

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "juzhu" / "audit" / "events.py"
WRITERS = {"record", "record_read", "build_entry", "read_record", "scoped_record", "read_detail"}


def _trees(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "migrations" not in path.parts and path != CATALOGUE:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_a_misspelt_action_fails_at_once(db):
    with pytest.raises(ValueError, match=r"application\.acept"):
        build_entry(actor=None, action="application.acept")
    with pytest.raises(ValueError, match="不是审计事件目录"):
        record(actor=None, action="permit.suspnd")
    with pytest.raises(ValueError):
        record_read(actor=None, action="person.serch")
    assert not AuditEntry.objects.exists() and not PendingAuditEntry.objects.exists()


def test_a_valid_string_is_the_member_and_stored_unchanged(db):
    entry = record(actor=None, action="permit.suspend", purpose="逾期未签注")
    entry.refresh_from_db()
    assert entry.action == Event.PERMIT_SUSPEND == "permit.suspend"
    assert Event(entry.action).label == "逾期未签注，居住证使用功能中止"


def test_only_a_read_is_queued_without_the_chain(db):
    """A write's entry belongs in its own transaction (``record``); ``record_read`` refuses it."""
    with pytest.raises(ValueError, match="不是读取事件"):
        record_read(actor=None, action=Event.APPLICATION_ACCEPT)
    assert record_read(actor=None, action=Event.PERSON_SEARCH, purpose="查询").action == "person.search"


def test_every_member_has_a_chinese_label():
    assert all(event.label and not event.label.isascii() for event in Event)
    assert len({event.label for event in Event}) == len(Event)


def test_the_values_are_the_ones_the_chain_already_holds():
    """Existing entries are hashed with these strings: a renamed value would orphan them."""
    assert {event.value for event in Event.timeline()} >= {
        "registration.create",
        "application.accept",
        "permit.issue",
        "card.hand_out",
        "document.print",
    }
    assert all(event.value.count(".") == 1 and event.value == event.value.lower() for event in Event)


def test_no_action_string_in_the_code_outside_the_catalogue():
    """The code names events by member: no string literal in juzhu/ spells an event's value."""
    values = {event.value for event in Event}
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}"
        for path, tree in _trees("juzhu")
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in values
    ]
    assert found == []


def test_every_action_string_a_test_writes_is_in_the_catalogue():
    values = {event.value for event in Event}
    used = [
        (path, call.lineno, arg.value)
        for path, tree in _trees("tests")
        if path != pathlib.Path(__file__).resolve()
        for call in ast.walk(tree)
        if isinstance(call, ast.Call) and _name(call.func) in WRITERS
        for arg in [*(k.value for k in call.keywords if k.arg == "action"), *call.args[3:4]]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    ]
    assert used, "the scan should see the tests' record() calls"
    assert [u for u in used if u[2] not in values] == []


def test_every_member_is_written_somewhere():
    """A member nothing writes is a dead label (except the values older releases wrote)."""
    named = {
        node.attr
        for _, tree in _trees("juzhu")
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Event"
    }
    assert {event.name for event in Event} - named - {event.name for event in NO_LONGER_WRITTEN} == set()
    assert not {event.name for event in NO_LONGER_WRITTEN} & named
