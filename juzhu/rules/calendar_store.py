"""Where the calendar's official years are kept, and how they get there.

Three layers, later ones winning for a whole year:

1. ``data/calendar/YYYY.json`` shipped with the code, seeded from the
   ``chinese_calendar`` package (official notices 2004-2026) by
   ``juzhu rules calendar seed``;
2. files an administrator puts in the folder named by ``JUZHU_CALENDAR_DIR``
   (same format), e.g. ``2027.json`` once the State Council publishes 2027's
   arrangement, or a local override;
3. (with the registry) rows entered on the calendar administration screen.

File format::

    {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知",
     "holidays": {"2027-01-01": "元旦", ...},
     "workdays": {"2027-02-14": "春节调休", ...}}
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any, Iterable

from .calendar import WorkCalendar, YearArrangement
from .parameters import Parameters

SHIPPED_DIR = Path(__file__).parent / "data" / "calendar"
OVERLAY_ENV = "JUZHU_CALENDAR_DIR"


def arrangement_from_json(document: dict[str, Any]) -> YearArrangement:
    """Parse one year; raises ValueError naming what is wrong."""
    if not isinstance(document, dict) or "year" not in document:
        raise ValueError("日历文件应为 JSON 对象，并写明 year（年度）")
    try:
        year = int(document["year"])
    except (TypeError, ValueError):
        raise ValueError(f"year（年度）应为整数，收到 {document['year']!r}") from None
    holidays = _dated(document.get("holidays", {}))
    workdays = _dated(document.get("workdays", {}))
    for day in workdays:
        if day.weekday() < 5:
            raise ValueError(f"{day} 是周一至周五，本来就是工作日，不能登记为调休工作日")
    return YearArrangement(
        year=year,
        holidays=holidays,
        workdays=workdays,
        source=str(document.get("source", "")),
        official=True,
    )


def arrangement_to_json(arrangement: YearArrangement) -> dict[str, Any]:
    return {
        "year": arrangement.year,
        "source": arrangement.source,
        "holidays": {d.isoformat(): n for d, n in sorted(arrangement.holidays.items())},
        "workdays": {d.isoformat(): n for d, n in sorted(arrangement.workdays.items())},
    }


def _dated(mapping: dict[str, str]) -> dict[datetime.date, str]:
    dated = {}
    for key, name in mapping.items():
        try:
            dated[datetime.date.fromisoformat(key)] = str(name)
        except ValueError:
            raise ValueError(f"{key} 不是 YYYY-MM-DD 格式的有效日期") from None
    return dated


def read_folder(folder: Path) -> dict[int, YearArrangement]:
    years: dict[int, YearArrangement] = {}
    for path in sorted(Path(folder).glob("*.json")):
        with open(path, encoding="utf-8") as handle:
            arrangement = arrangement_from_json(json.load(handle))
        years[arrangement.year] = arrangement
    return years


def load_calendar(
    parameters: Parameters | None = None,
    extra: Iterable[YearArrangement] = (),
    overlay_dir: str | os.PathLike[str] | None = None,
) -> WorkCalendar:
    """The calendar from shipped years, the overlay folder and ``extra`` (e.g. database rows)."""
    parameters = parameters or Parameters.load()
    years = read_folder(SHIPPED_DIR)
    overlay = overlay_dir or os.environ.get(OVERLAY_ENV)
    if overlay and Path(overlay).is_dir():
        years.update(read_folder(Path(overlay)))
    years.update({a.year: a for a in extra})
    return WorkCalendar(years, parameters["calendar.statutory_holidays"])


def seed_from_chinese_calendar() -> dict[int, YearArrangement]:
    """Every year the ``chinese_calendar`` package has official data for."""
    import chinese_calendar
    from chinese_calendar import constants

    names = {h.value: h.chinese for h in constants.Holiday}
    version = getattr(chinese_calendar, "__version__", "")
    years: dict[int, dict[str, dict[datetime.date, str]]] = {}
    for day, name in constants.holidays.items():
        years.setdefault(day.year, {"h": {}, "w": {}})["h"][day] = names.get(name, name)
    for day, name in constants.workdays.items():
        if day.weekday() >= 5:  # only weekend days made working are adjustments
            label = names.get(name, name) + "调休" if name else "调休"
            years.setdefault(day.year, {"h": {}, "w": {}})["w"][day] = label
    return {
        year: YearArrangement(
            year=year,
            holidays=dict(sorted(found["h"].items())),
            workdays=dict(sorted(found["w"].items())),
            source=f"国务院办公厅关于{year}年部分节假日安排的通知（经 chinesecalendar {version} 录入）",
            official=True,
        )
        for year, found in sorted(years.items())
    }


def write_seed(folder: Path = SHIPPED_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year, arrangement in seed_from_chinese_calendar().items():
        path = folder / f"{year}.json"
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(arrangement_to_json(arrangement), handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        written.append(path)
    return written
