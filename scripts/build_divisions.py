"""Build juzhu's own copy of China's administrative division codes (GB/T 2260).

Source: ``stdnum/cn/loc.dat`` of the installed python-stdnum, which its
``update/cn_loc.py`` downloads from the zh.wikipedia pages
中华人民共和国行政区划代码_(1区) … (8区). Each code lists its names, each with
an optional ``[start-end]`` year range (empty start: since before the records;
empty end: still in use).

Why we ship a copy instead of reading stdnum at run time: we own this data.
An administrator must be able to correct a row (or add one) in
``juzhu/rules/data/divisions.csv`` without patching a third-party package, and
the rules must not depend on a library's private data layout, which may change
in any release. Re-run this script only to refresh from a newer stdnum, then
review the diff (and re-apply any hand corrections).

Writes, sorted and deterministic, into juzhu/rules/data/:
  divisions.csv              code,name,level,valid_from,valid_to,province,prefecture
  division_successions.csv   old_code,new_code,year,kind,note

Usage: python scripts/build_divisions.py
"""

from __future__ import annotations

import csv
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import stdnum

LOC_DAT = Path(os.path.dirname(stdnum.__file__)) / "cn" / "loc.dat"
OUT_DIR = Path(__file__).resolve().parents[1] / "juzhu" / "rules" / "data"

LINE_RE = re.compile(r'^(?:(\d{2}) province="([^"]*)"|  (\d{4}) county="([^"]*)")$')
ENTRY_RE = re.compile(r"^(?:\[(\d{4})?-(\d{4})?\])?([^\[\],]+)$")
# A few names in loc.dat are in traditional characters (加格達奇區, 冷湖行政委員會,
# 香港特別行政區…) or a variant form (丹稜县, officially 丹棱县).
SIMPLIFY = str.maketrans("區達嶺員會別門稜", "区达岭员会别门棱")
SUFFIXES = sorted(
    ["自治县", "自治旗", "特区", "林区", "矿区", "新区", "区办事处", "行政委员会", "县", "市", "区", "旗"],
    key=len,
    reverse=True,
)
ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
    "鄂温克 德昂 保安 裕固 独龙 鄂伦春"
).split()
GENERIC = {"市辖区", "县", "郊区", "城区", "矿区", "市区", "省直辖县级行政单位"}  # never joined

# Curated successions: applied after inference, replacing inferred rows with the
# same old_code or new_code.
CURATED = [  # Ankang: 安康地区 (6124) became prefecture-level 安康市 (6109) in 2000.
    ("612421", "612401", 1988, "rename", "撤销安康县，设立县级安康市"),
    ("612401", "610902", 2000, "recode", "安康地区撤地设市，县级安康市改设汉滨区"),
    ("610928", "610981", 2021, "rename", "旬阳县撤县设市为旬阳市"),
] + [  # 汉阴 石泉 宁陕 紫阳 岚皋 平利 镇坪 旬阳 白河: 612422..612430 -> 610921..610929
    (f"6124{n}", f"6109{n - 1}", 2000, "recode", "安康地区撤地设市") for n in range(22, 31)
]


@dataclass(eq=False)
class Row:
    code: str
    name: str
    start: int | None
    end: int | None
    province: str = ""
    prefecture: str = ""
    pref_row: Row | None = None

    level = property(
        lambda self: "province" if self.code[2:] == "0000" else "prefecture" if self.code[4:] == "00" else "county"
    )
    lo = property(lambda self: self.start or 0)
    hi = property(lambda self: self.end or 9999)


def parse(path: Path) -> tuple[list[Row], dict[str, str]]:
    """Every (code, name, period) entry of loc.dat, plus the province headings."""
    rows, headings, prefix = [], {}, ""
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = LINE_RE.match(line)
        if not m:
            raise ValueError(f"{path}:{lineno}: unexpected line {line!r}")
        if m[1]:
            prefix, headings[m[1]] = m[1], m[2].translate(SIMPLIFY)
            continue
        for entry in m[4].split(","):  # entries are sorted as strings, not by date
            e = ENTRY_RE.match(entry.strip())
            if not e:
                raise ValueError(f"{path}:{lineno}: unexpected entry {entry!r}")
            start, end = (int(y) if y else None for y in e.group(1, 2))
            if start and end and start > end:  # "[1983-1982]郊区": the name was used before
                start = None  # the code's first recorded year (1983年前)
            rows.append(Row(prefix + m[3], e[3].strip().translate(SIMPLIFY), start, end))
    return rows, headings


def annotate(rows: list[Row], headings: dict[str, str]) -> None:
    """Province name for every row; prefecture name for county-level rows."""
    provinces = {r.code[:2]: r.name for r in sorted(rows, key=lambda r: r.hi) if r.level == "province"}
    prefectures = defaultdict(list)
    for p in rows:
        if p.level == "prefecture":
            prefectures[p.code[:4]].append(p)
    for r in rows:
        r.province = provinces.get(r.code[:2], headings[r.code[:2]])
        cands = [p for p in prefectures[r.code[:4]] if p.lo <= r.hi and r.lo <= p.hi]
        if cands and r.level == "county":  # the one overlapping the latest part of r's period
            r.pref_row = max(cands, key=lambda p: (min(p.hi, r.hi), min(p.hi, r.hi) - max(p.lo, r.lo)))
            r.prefecture = r.pref_row.name


def base_name(name: str) -> str:
    """旬阳县/旬阳市 -> 旬阳; 青龙满族自治县 -> 青龙."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    while True:
        for people in ETHNIC:
            if name.endswith(people + "族") and len(name) > len(people) + 1:
                name = name[: -len(people) - 1]
                break
        else:
            return name


def spans(by_code: dict[str, list[Row]]) -> list[tuple[str, Row, Row]]:
    """(base name, first row, last row) for each run of consecutive names with the
    same base name on one county-level code: 青龙县→青龙满族自治县 is one span."""
    result = []
    for code_rows in by_code.values():
        named = [r for r in code_rows if r.level == "county" and r.name not in GENERIC]
        for i, r in enumerate(named):
            if i and result[-1][0] == base_name(r.name):
                result[-1] = (result[-1][0], result[-1][1], r)
            else:
                result.append((base_name(r.name), r, r))
    return result


def infer(rows: list[Row]) -> tuple[list[tuple], int]:  # rows sorted by code and date
    """Same county under a new code: old span ends in Y, new span starts in Y±1, same
    province and base name, and same prefecture name or the old prefecture ended
    in Y±1 too; never 市→县 (a seat city split up). Among several candidates (or
    several claimants of one new code) those with the same full name win; only
    one-to-one pairs are kept, the rest are counted as ambiguous and skipped."""
    by_code = defaultdict(list)
    for r in rows:
        by_code[r.code].append(r)
    all_spans = spans(by_code)
    starting = defaultdict(list)
    for base, first, _ in all_spans:
        if first.start is not None:
            starting[first.code[:2], base].append(first)
    pairs = {}  # old (last row of its span) -> candidate new (first rows)
    for base, _, old in all_spans:
        if old.end is None:
            continue
        pref_ended = old.pref_row and old.pref_row.end and abs(old.pref_row.end - old.end) <= 1
        news = [
            new
            for new in starting[old.code[:2], base]
            if new.code != old.code
            and abs(new.start - old.end) <= 1
            and (pref_ended or (old.prefecture and new.prefecture == old.prefecture))
            and not (old.name.endswith("市") and new.name.endswith("县"))
        ]
        if len(news) > 1 and any(n.name == old.name for n in news):  # 伊宁市 and 伊宁县
            news = [n for n in news if n.name == old.name]
        if news:
            pairs[old] = news
    claims = defaultdict(list)  # new -> olds that want it
    for old, news in pairs.items():
        for new in news:
            claims[new].append(old)
    accepted, ambiguous = {}, 0
    for old, news in pairs.items():
        new = news[0]  # 武安县→武安市 139001→武安市 130481: both olds claim 130481
        rivals = claims[new]
        if len(news) > 1 or (len(rivals) > 1 and [o for o in rivals if o.name == new.name] != [old]):
            ambiguous += 1
        else:
            accepted[old] = new
    # A code that goes on under another name most likely kept its county (2016: 庐山区
    # 360402 became 濂溪区, 庐山市 is the former 星子县). Accept a move away from such a
    # code only if its next name moved in too (Zhejiang's 1982 reshuffle of 3326-3328).
    arrivals = {(new.code, new.start) for new in accepted.values()}
    result = []
    for old, new in accepted.items():
        later = [r for r in by_code[old.code] if r.hi > old.hi]
        if later and (old.code, later[0].start) not in arrivals:
            ambiguous += 1
            continue
        kind = "rename" if old.code[:4] == new.code[:4] else "recode"
        reused = "；旧代码此后另作他用" if later else ""
        result.append((old.code, new.code, new.start, kind, f"推断：{old.name}→{new.name}{reused}"))
    return result, ambiguous


def write(filename: str, header: str, rows: list) -> None:
    with open(OUT_DIR / filename, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header.split(","))
        w.writerows(rows)


def main() -> None:
    rows, headings = parse(LOC_DAT)
    annotate(rows, headings)
    rows.sort(key=lambda r: (r.code, r.lo, r.hi, r.name))
    inferred, ambiguous = infer(rows)
    olds, news = {c[0] for c in CURATED}, {c[1] for c in CURATED}
    successions = sorted({s for s in inferred if s[0] not in olds and s[1] not in news} | set(CURATED))
    codes = {r.code for r in rows}
    unknown = {c for s in successions for c in s[:2]} - codes
    assert not unknown, f"successions name codes not in divisions: {sorted(unknown)}"

    yr = lambda y: "" if y is None else str(y)  # noqa: E731
    write(
        "divisions.csv",
        "code,name,level,valid_from,valid_to,province,prefecture",
        [(r.code, r.name, r.level, yr(r.start), yr(r.end), r.province, r.prefecture) for r in rows],
    )
    write("division_successions.csv", "old_code,new_code,year,kind,note", successions)

    county_codes = {r.code for r in rows if r.level == "county"}
    print(f"source: {LOC_DAT} (python-stdnum {stdnum.__version__})")
    print(f"divisions.csv: {len(rows)} rows, {len(codes)} codes, {len(county_codes)} county-level codes")
    print(
        f"division_successions.csv: {len(successions)} rows ({len(inferred)} inferred, "
        f"{ambiguous} ambiguous skipped, {len(CURATED)} curated)"
    )


if __name__ == "__main__":
    main()
