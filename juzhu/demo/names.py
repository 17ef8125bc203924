"""Names, phone numbers, addresses and issuers of documents for synthetic residents.

Everything is drawn from a ``random.Random`` passed in, so a seed gives the same people.
"""

from __future__ import annotations

import random
from itertools import accumulate

# Common surnames with rough weights (per mille of the population), then a few rarer
# ones whose surname reading differs from the common reading (单 shan, 曾 zeng, 解 xie,
# 区 ou, 仇 qiu) so that pinyin search is exercised.
_SURNAMES = (
    "王70 李70 张65 刘53 陈45 杨31 黄22 赵21 吴20 周19 徐16 孙15 马14 朱13 胡13 郭12 何12 高11 林11 "
    "罗11 郑10 梁10 谢8 宋8 唐8 许7 韩7 冯7 邓7 曹7 彭6 曾6 肖6 田6 董5 袁5 潘5 于5 蒋5 蔡5 余5 "
    "杜5 叶5 程5 苏4 魏4 吕4 丁4 任4 沈4 姚4 卢4 姜4 崔4 钟4 谭4 陆3 汪3 范3 金3 石3 廖3 贾3 夏3 "
    "韦3 付3 方3 白3 邹3 孟3 熊3 秦3 邱3 江3 尹3 薛3 闫3 段3 雷3 侯3 龙3 史3 陶2 黎2 贺2 顾2 毛2 "
    "郝2 龚2 邵2 万2 钱2 严2 覃2 武2 戴2 莫2 孔2 向2 汤2 柯1 鲁1 牛1 庞1 冉1 "
    "单1 解1 区1 仇1"
).split()
SURNAMES = [s[0] for s in _SURNAMES]
_SURNAME_CUM = list(accumulate(int(s[1:]) for s in _SURNAMES))

_MALE_OLD = (
    "建国 建华 建军 国强 国庆 志强 志明 德胜 长江 春生 文斌 永红 卫东 振华 金山 "
    "明 军 刚 平 华 勇 斌 林 海 江 成 兵 福 贵 东"
).split()
_MALE_MID = (
    "伟 强 磊 军 勇 杰 涛 斌 超 明 鹏 辉 飞 波 宁 亮 俊 峰 浩 宇 "
    "海涛 晓东 永强 小龙 玉林 春雷 世杰 志刚 建平 俊杰 文杰 少华 立新 红军 海军 "
    "家乐 明辉 国华 新民 天明 光明 金龙 晓军 建伟"
).split()
_MALE_NEW = (
    "浩然 宇轩 子豪 文博 家豪 梓轩 俊熙 浩宇 子涵 一鸣 博文 天佑 思远 子墨 雨泽 "
    "宇航 明轩 皓轩 嘉懿 晨阳 鑫 磊 鹏 杰 浩 宇 轩 博 睿 航"
).split()
_FEMALE_OLD = (
    "秀英 桂英 玉兰 桂兰 秀兰 淑珍 凤英 玉珍 秀珍 桂芳 兰英 春花 翠花 金凤 芳 英 兰 珍 梅 霞 华 琴 萍 红"
).split()
_FEMALE_MID = (
    "芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 慧 莉 琳 萍 "
    "丽娟 春梅 海燕 雪梅 晓红 美玲 慧敏 文静 丹丹 小燕 秀梅 红梅 小红 晓燕 "
    "玉梅 彩霞 婷婷 倩 颖 雪 晶 洁"
).split()
_FEMALE_NEW = (
    "欣怡 梓涵 诗涵 雨萱 思琪 佳怡 子涵 雨涵 可馨 梦瑶 语桐 一诺 紫涵 欣妍 "
    "佳琪 嘉怡 若曦 心怡 雅婷 静怡 婷 萱 琪 璐 瑶 悦 妍 涵"
).split()


def surname(rng: random.Random) -> str:
    return rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]


def given_name(rng: random.Random, sex: str, birth_year: int) -> str:
    if sex == "male":
        pools = (_MALE_OLD, _MALE_MID, _MALE_NEW)
    else:
        pools = (_FEMALE_OLD, _FEMALE_MID, _FEMALE_NEW)
    era = 0 if birth_year < 1970 else 1 if birth_year < 1995 else 2
    # Mostly the names of one's generation, sometimes of the next one.
    pool = pools[era] if rng.random() < 0.8 else pools[min(era + 1, 2)]
    return rng.choice(pool)


def full_name(rng: random.Random, sex: str, birth_year: int, family: str | None = None) -> str:
    return (family or surname(rng)) + given_name(rng, sex, birth_year)


_PHONE_PREFIXES = ("13", "15", "17", "18", "19", "14", "16")
_PHONE_WEIGHTS = (30, 25, 12, 22, 8, 2, 1)


def phone(rng: random.Random) -> str:
    """``1[3-9]`` followed by nine digits."""
    prefix = rng.choices(_PHONE_PREFIXES, weights=_PHONE_WEIGHTS)[0]
    return prefix + f"{rng.randrange(10**9):09d}"


_STREETS = (
    "兴安路 金州路 巴山路 大桥路 育才路 香溪路 江北大道 新城路 东大街 西大街 南大街 北大街 "
    "鼓楼街 白庙路 张岭路 滨江大道 安康大道 文昌路 长春路 兴华路 民主街 人民路 解放路 健民路"
).split()
_ESTATES = (
    "汉江花园 金州小区 滨江佳苑 香溪雅居 巴山名居 阳光小区 江北新村 育才小区 兴安花园 "
    "锦绣家园 幸福里 东方名城 汉水苑 阳晨嘉苑"
).split()
_VILLAGES = (
    "东坝 西沟 石板 黄坪 双河 新庄 白鹤 桥头 大坪 中坝 枫树 龙井 石门 柳林 新华 "
    "茶园 花园 红岩 油坊 庙坪 梨树 水井 铁佛 马鞍 青山 大湾 小河 团结 和平 长岭"
).split()
_HUKOU_TOWNS = (
    "城关 新华 龙泉 青山 石桥 太平 永安 白马 长乐 双河 三合 东升 金龙 兴隆 "
    "红星 复兴 新店 清河 柳林 黄土岭 桃园 花桥 高峰 凤凰"
).split()


def residence_address(rng: random.Random, county_name: str, town_name: str, town_kind: str) -> str:
    """An address in an Ankang town: streets and estates in 街道 and county seats, villages elsewhere."""
    if town_kind == "street" or town_name == "城关镇":
        if rng.random() < 0.5:
            return (
                f"{county_name}{town_name}{rng.choice(_ESTATES)}{rng.randint(1, 28)}栋"
                f"{rng.randint(1, 4)}单元{rng.randint(1, 26)}{rng.randint(1, 4):02d}室"
            )
        return f"{county_name}{town_name}{rng.choice(_STREETS)}{rng.randint(1, 388)}号"
    return f"{county_name}{town_name}{rng.choice(_VILLAGES)}村{rng.randint(1, 12)}组{rng.randint(1, 80)}号"


def hukou_address(rng: random.Random, county_full_name: str, towns: list[str] | None = None) -> str:
    """An address as written in a hukou book: county, township (a real one when ``towns``
    are known, as for Ankang), village, group, number."""
    if towns:
        town = rng.choice(towns)
    else:
        town = rng.choice(_HUKOU_TOWNS)
        town += "镇" if rng.random() < 0.7 else "乡"
    return f"{county_full_name}{town}{rng.choice(_VILLAGES)}村{rng.randint(1, 12)}组{rng.randint(1, 120)}号"


_COMPANY_PLACES = "汉江 金州 兴安 秦巴 富硒 瀛湖 安运 恒达 鑫源 宏远 华瑞 博远 嘉禾 顺通".split()
_COMPANY_TRADES = (
    "建筑工程 商贸 物流 食品 电子科技 餐饮管理 茶业 富硒食品 毛绒玩具 新型材料 物业管理 汽车服务 医药连锁 服装"
).split()
SCHOOLS = ("安康学院", "安康职业技术学院", "陕西省安康中学", "安康市第一中学", "安康市汉滨初级中学", "安康市第二中学")


def company(rng: random.Random) -> str:
    return f"安康市{rng.choice(_COMPANY_PLACES)}{rng.choice(_COMPANY_TRADES)}有限公司"


def material_issuer(rng: random.Random, code: str, housing: str, family: str) -> str:
    """Who issued a document of an application (Art 11 para 2: the issuer answers for it)."""
    if code == "employment_proof":
        return company(rng)
    if code == "study_proof":
        return rng.choice(SCHOOLS)
    if code == "stable_residence_proof":
        return "安康市不动产登记中心" if housing == "owned" else "安康市住房和城乡建设局（住房租赁备案）"
    if code == "residence_address_proof":
        if housing == "rented":
            return f"房东{surname(rng)}某"
        if housing == "dormitory":
            return company(rng)
        if housing == "relatives":
            return f"{family}某（亲属）"
        if housing == "owned":
            return "安康市不动产登记中心"
        return "社区居民委员会"
    return ""  # identity document and photo: the applicant's own
