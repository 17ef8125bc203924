"""Finding a person: by full ID number, name, pinyin initials or phone; at most 50, in name order."""

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import sequence_now
from juzhu.registry.actions import search_persons
from juzhu.registry.actions.persons import SEARCH_LIMIT
from juzhu.registry.models import Person
from juzhu.registry.name_search import name_initials
from tests.factories import office_client

pytestmark = pytest.mark.django_db


def people(*names_and_phones, town="610902001", county="610902", start=0):
    """Persons living in a town of the clerk's station (or another), made directly for the search."""
    rows = []
    for offset, (name, phone) in enumerate(names_and_phones):
        rows.append(
            Person(
                id_number=f"61011319900228{start + offset:04d}",
                name=name,
                name_initials=name_initials(name),
                sex="female",
                ethnicity="01",
                birth_date="1990-02-28",
                hukou_division_id="610113",
                hukou_address="陕西省西安市雁塔区",
                phone=phone,
                county_id=county,
                town_id=town,
            )
        )
    return Person.objects.bulk_create(rows)


def names(found):
    return [p["name"] for p in found]


def test_each_way_of_finding_a_person_finds_her_and_shows_her_masked(staff):
    people(("张丽", "13812345678"), ("曾小红", "13900001111"), ("单田芳", ""), ("李明", "13812345678"))
    assert names(search_persons(acting_user=staff.clerk, query="张丽")) == ["张丽"]
    assert names(search_persons(acting_user=staff.clerk, query="ZXH")) == ["曾小红"]  # 曾 zeng, not ceng
    assert names(search_persons(acting_user=staff.clerk, query="stf")) == ["单田芳"]  # 单 shan, not dan
    assert names(search_persons(acting_user=staff.clerk, query="13812345678")) == ["张丽", "李明"]
    by_id = search_persons(acting_user=staff.clerk, query="610113199002280001")
    assert names(by_id) == ["曾小红"] and by_id[0]["id_number"] == "6101**********0001"
    assert by_id[0]["phone"] == "139****1111"
    assert search_persons(acting_user=staff.clerk, query="6101131990022800") == []  # only a full number


def test_a_person_found_two_ways_is_listed_once_and_the_list_is_in_name_order(staff):
    people(("赵六", "zl"), ("张丽", ""), ("周磊", ""))  # 赵六's phone field holds "zl" (bad data, still found)
    assert names(search_persons(acting_user=staff.clerk, query="zl")) == sorted(["张丽", "周磊", "赵六"])


def test_at_most_fifty_are_shown_and_the_screen_says_there_are_more(staff):
    many = [(f"张三{chr(0x4E00 + i)}", "") for i in range(SEARCH_LIMIT + 10)]
    people(*many)
    found = search_persons(acting_user=staff.clerk, query="张三")
    assert len(found) == SEARCH_LIMIT and names(found) == sorted(name for name, _ in many)[:SEARCH_LIMIT]
    page = office_client(staff.clerk).get("/search/", {"q": "张三"}).content.decode()
    assert f"结果较多，仅显示 {SEARCH_LIMIT} 人" in page
    few = office_client(staff.clerk).get("/search/", {"q": "张三丁"}).content.decode()
    assert "共 1 人" in few


def test_nobody_outside_the_jurisdiction_is_found_and_every_search_is_logged(staff):
    people(("张丽", "13812345678"))
    people(("张红", "13812345678"), town="610902002", start=100)  # 新城街道: the other station's town
    assert names(search_persons(acting_user=staff.clerk, query="13812345678")) == ["张丽"]
    assert names(search_persons(acting_user=staff.other_clerk, query="13812345678")) == ["张红"]
    assert names(search_persons(acting_user=staff.issuer, query="13812345678")) == ["张丽", "张红"]
    assert names(search_persons(acting_user=staff.xunyang_clerk, query="zh")) == []
    sequence_now()  # reads are chained by the sequencer
    logged = AuditEntry.objects.filter(action="person.search").order_by("id")
    assert [e.actor for e in logged] == ["clerk_laocheng", "clerk_xincheng", "issuer_hanbin", "clerk_xunyang"]
    assert logged[0].detail == {"query": "13812345678", "shown": [Person.objects.get(name="张丽").pk]}
