"""Issue 8 finding 7: names, phones and birth dates are checked in one place (actions/checks.py).

Properties over generated text, then each example of the finding through the action.
"""

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juzhu.audit.models import AuditEntry
from juzhu.registry.actions import ActionError, register_residence
from juzhu.registry.actions.checks import MIDDLE_DOT, is_han, person_name, phone
from juzhu.registry.commands import ChildIn
from juzhu.registry.models import Person
from tests.factories import person_data, residence_data

HAN = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
)
PART = st.text(HAN, min_size=1, max_size=6)
# What spoofs a name: invisible (control, format, private use, surrogates, unassigned), combining marks,
# odd spaces, Hangul fillers, symbols such as emoji.
SPOOF = st.one_of(
    st.characters(
        categories=["Cc", "Cf", "Co", "Mn", "Me", "Mc", "Zs", "Zl", "Zp", "So", "Sk", "Sm"], exclude_characters=" "
    ),
    st.sampled_from(["\u115f", "\u1160", "\u3164", "\uffa0"]),
).filter(lambda c: not is_han(c))


def check(value, **kwargs):
    return person_name(value, "name", "姓名", 64, **kwargs)


@given(parts=st.lists(PART, min_size=1, max_size=3))
def test_han_names_with_middle_dots_between_parts_pass_unchanged(parts):
    name = MIDDLE_DOT.join(parts)
    if len(name) <= 64:
        assert check(name) == name


@given(parts=st.lists(PART, min_size=2, max_size=3), dot=st.sampled_from("\u30fb\uff65\u2022\u2027\u2219\u22c5"))
def test_look_alike_dots_become_the_middle_dot(parts, dot):
    assert check(dot.join(parts)) == MIDDLE_DOT.join(parts)


@given(name=PART, spoof=SPOOF, at=st.integers(min_value=0, max_value=6))
def test_a_name_with_any_spoofing_character_is_refused_naming_the_field(name, spoof, at):
    spoofed = name[:at] + spoof + name[at:]
    if unicodedata.normalize("NFC", spoofed).strip() == name:
        return  # the character vanished under NFC or at the edge (stripped): nothing left to refuse
    with pytest.raises(ActionError) as refused:
        check(spoofed)
    assert refused.value.field == "name" and refused.value.message.startswith("姓名")


@given(name=st.from_regex(r"[A-Z][a-z]{1,10}( [A-Z][a-z]{1,10}){0,2}", fullmatch=True))
def test_latin_letters_only_for_a_passport_name(name):
    assert check(name, latin=True) == name
    with pytest.raises(ActionError):
        check(name)


@given(number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_mainland_mobile_number_passes_also_spaced_and_with_86(number):
    spaced = f"+86 {number[:3]} {number[3:7]} {number[7:]}"
    assert phone(number, "phone", "联系电话", 20) == phone(spaced, "phone", "联系电话", 20) == number


@given(value=st.text(st.characters(codec="utf-8"), min_size=1, max_size=20))
def test_a_phone_is_digits_of_a_mobile_or_landline_shape_or_refused(value):
    try:
        result = phone(value, "phone", "联系电话", 20)
    except ActionError as refused:
        assert refused.field == "phone"
        return
    assert result == "" or (result[0] in "01" and set(result) <= set("0123456789-转"))


@pytest.mark.parametrize(
    "value", ["0915-3212345", "09153212345", "010-87654321", "0915-3212345-801", "0915-3212345转801"]
)
def test_landline_formats_pass(value):
    assert phone(value, "phone", "联系电话", 20) == value


# --- the finding's examples, through the action --------------------------------------------

FINDING = {
    "name": ["张\u200b丽", "张\u202e丽", "\ufeff张丽", "张\u3164丽", "张丽\U0001f600", "张\u0301\u0301\u0301丽"],
    "phone": ["abc-<b>"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [(f, v) for f, values in FINDING.items() for v in values])
def test_the_action_refuses_each_example_naming_the_field(staff, clock, field, value):
    with pytest.raises(ActionError) as refused:
        register_residence(acting_user=staff.clerk, person=person_data(**{field: value}), residence=residence_data())
    label = {"name": "姓名", "phone": "联系电话"}[field]
    assert refused.value.field == field and refused.value.message.startswith(label)
    assert not Person.objects.exists() and not AuditEntry.objects.filter(action="registration.create").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "born, problem",
    [
        (datetime.date(1900, 1, 1), "晚于本人的出生日期"),  # the finding: older than the parent (born 1990)
        (datetime.date(1849, 12, 31), "不能早于 1850-01-01"),
        (datetime.date(1990, 2, 28), "晚于本人的出生日期"),  # the parent's own birthday
    ],
)
def test_a_child_born_implausibly_is_refused_on_its_birth_date(staff, clock, born, problem):
    child = ChildIn(name="张小丽", birth_date=born, sex="female")
    with pytest.raises(ActionError) as refused:
        register_residence(acting_user=staff.clerk, person=person_data(), residence=residence_data(), children=[child])
    assert refused.value.field == "children[0].birth_date" and problem in refused.value.message
    assert not Person.objects.exists()
