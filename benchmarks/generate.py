#!/usr/bin/env python3
"""A synthetic dealership group of any size, in the CSV formats of SPEC section 2.

Seeded and reproducible, standard library only, streaming (memory does not
grow with the number of rows: customers, vehicles and visits are written as
they are made; contacts go through month buckets on disk so that
``contacts.csv`` comes out in date order, as a DMS export does, and memory is
bounded by one month of contacts)::

    python benchmarks/generate.py --customers 100000 --out /tmp/dealer
    python benchmarks/generate.py --customers 100000 --contacts-per-customer 50 --out /tmp/dealer5

The default size, 100,000 customers, gives about 150,000 vehicles, 400,000
visits and 1,000,000 contacts (``--contacts-per-customer`` is the mean number
of contacts per customer). The shapes follow ``examples/generate.py`` (a Geely
4S store in Hangzhou): prospects with intent levels A-D, owners with one car
or a small fleet, quasi-lost and lost customers, service histories with
odometers, callbacks with satisfaction scores, birthdays, referrals,
campaigns (an event, a recall, a parts arrival, a season check), on a
dealer-group scale: one store per 10,000 customers, a consultant per 400
customers, an advisor per 600, a sales and a service manager per store and a
CRM clerk per 5,000 customers.

Customers, vehicles, visits, staff and campaigns depend only on ``--seed``,
``--customers`` and ``--today``; contacts are drawn from a second random
stream, so ``--contacts-per-customer 50`` gives the same customers with five
times the contact history (spread over five times as many years, where the
customer is that old, and denser).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import itertools
import math
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

COLUMNS = {
    "staff": ["code", "name", "role", "team", "daily_capacity"],
    "customers": [
        "customer_id", "name", "phone", "wechat", "email", "birthday", "lunar_birthday",
        "gender", "occupation", "region", "industry", "source", "referred_by", "stage",
        "intent_level", "grade", "owner", "advisor", "created_on", "interested_model",
        "budget", "expected_purchase_on", "lost_on", "lost_reason", "competitor",
        "do_not_contact", "notes",
    ],
    "vehicles": [
        "vin", "customer_id", "model", "plate", "delivered_on", "sold_here",
        "warranty_ends_on", "insurance_ends_on", "inspection_due_on", "usage",
        "service_interval_km", "service_interval_months",
    ],
    "visits": ["visit_id", "vin", "visited_on", "odometer_km", "kind", "amount", "advisor", "complaint"],
    "contacts": [
        "customer_id", "contacted_on", "channel", "touchpoint", "outcome", "staff",
        "next_contact_on", "score", "note",
    ],
    "campaigns": [
        "campaign_id", "name", "kind", "starts_on", "ends_on", "target_models",
        "target_stages", "target_grades", "vins",
    ],
}
KINDS = tuple(COLUMNS)
REACHING = frozenset({"reached", "appointment", "refused", "opted_out"})

# --- VIN (ISO 3779 / GB 16735) ---------------------------------------------------------------

VIN_VALUES = {str(i): i for i in range(10)}
VIN_VALUES.update(
    A=1, B=2, C=3, D=4, E=5, F=6, G=7, H=8, J=1, K=2, L=3, M=4, N=5, P=7, R=9,
    S=2, T=3, U=4, V=5, W=6, X=7, Y=8, Z=9,
)
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q
# model-year code (position 10) by year; 30-year cycle without I, O, Q, U, Z, 0
MODEL_YEAR = dict(zip(range(2010, 2040), "ABCDEFGHJKLMNPRSTVWXY123456789"))


def vin_check_digit(vin: str) -> str:
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS))
    r = total % 11
    return "X" if r == 10 else str(r)


def vin_is_valid(vin: str) -> bool:
    return (
        len(vin) == 17
        and all(c in VIN_VALUES for c in vin)
        and vin[8] == vin_check_digit(vin)
    )


# --- the lineup --------------------------------------------------------------------------------
# name, WMI, VDS stem, budget, sold from (year, month), new-energy plate, weight
MODELS = [
    ("帝豪", "L6T", "7A4", "6-9万", (2014, 1), False, 20),
    ("缤越", "L6T", "7B2", "8-12万", (2018, 10), False, 14),
    ("博越", "L6T", "7D4", "10-14万", (2016, 3), False, 10),
    ("博越L", "L6T", "7DL", "12-16万", (2022, 9), False, 16),
    ("星越L", "L6T", "7E4", "15-20万", (2021, 8), False, 16),
    ("星瑞", "L6T", "7F2", "11-15万", (2020, 11), False, 10),
    ("嘉际", "L6T", "7C6", "10-14万", (2019, 5), False, 4),
    ("银河L7", "LB3", "1R7", "14-18万", (2023, 6), True, 14),
    ("银河E5", "LB3", "1E5", "11-15万", (2024, 8), True, 10),
]
PROSPECT_MODELS = ["帝豪", "缤越", "博越L", "星越L", "星瑞", "银河L7", "银河E5"]
PROSPECT_WEIGHTS = [14, 10, 18, 18, 10, 18, 12]
EVENT_MODELS = ["星越L", "银河L7", "银河E5"]
RECALL_MODEL = "博越L"

SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"),
    ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("沈", "shen"), ("蒋", "jiang"), ("蔡", "cai"), ("叶", "ye"),
    ("方", "fang"), ("钱", "qian"), ("汪", "wang"), ("金", "jin"), ("俞", "yu"), ("楼", "lou"),
]
SURNAME_WEIGHTS = [
    9, 9, 8, 7, 8, 5, 4, 4, 5, 4, 5, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 1, 1, 1, 1, 1, 1, 3, 2, 2, 2, 2, 2, 3, 2, 2, 1,
]
MALE_GIVEN = [
    ("建国", "jianguo"), ("志强", "zhiqiang"), ("伟", "wei"), ("磊", "lei"), ("军", "jun"),
    ("勇", "yong"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("浩", "hao"),
    ("鹏", "peng"), ("宇", "yu"), ("俊杰", "junjie"), ("文博", "wenbo"), ("子轩", "zixuan"),
    ("海峰", "haifeng"), ("国栋", "guodong"), ("晓东", "xiaodong"), ("立新", "lixin"),
    ("建华", "jianhua"), ("永刚", "yonggang"), ("德明", "deming"), ("振华", "zhenhua"),
    ("一鸣", "yiming"), ("嘉伟", "jiawei"), ("志远", "zhiyuan"), ("云飞", "yunfei"),
    ("学军", "xuejun"), ("宏伟", "hongwei"), ("斌", "bin"), ("凯", "kai"), ("昊天", "haotian"),
    ("博文", "bowen"), ("建军", "jianjun"), ("卫东", "weidong"), ("俊", "jun"), ("晨阳", "chenyang"),
]
FEMALE_GIVEN = [
    ("娜", "na"), ("静", "jing"), ("丽", "li"), ("敏", "min"), ("芳", "fang"), ("婷", "ting"),
    ("雪", "xue"), ("琳", "lin"), ("燕", "yan"), ("秀英", "xiuying"), ("玉兰", "yulan"),
    ("晓燕", "xiaoyan"), ("丽华", "lihua"), ("慧", "hui"), ("欣怡", "xinyi"), ("梓涵", "zihan"),
    ("雨涵", "yuhan"), ("佳怡", "jiayi"), ("思琪", "siqi"), ("婉婷", "wanting"), ("海燕", "haiyan"),
    ("红梅", "hongmei"), ("美玲", "meiling"), ("晓雯", "xiaowen"), ("诗雨", "shiyu"),
    ("雅琴", "yaqin"), ("颖", "ying"), ("萍", "ping"), ("倩", "qian"), ("璐", "lu"), ("悦", "yue"),
]
REGIONS = ["西湖区", "滨江区", "余杭区", "拱墅区", "上城区", "萧山区", "临平区", "钱塘区", "富阳区", "临安区"]
REGION_WEIGHTS = [14, 14, 18, 12, 10, 16, 8, 8, 6, 4]
INDUSTRIES = [
    ("制造业", ["工程师", "车间主任", "采购经理", "质检员", "技术员"], 16),
    ("IT", ["程序员", "产品经理", "测试工程师", "运维工程师", "设计师"], 16),
    ("教育", ["教师", "大学讲师", "培训师"], 8),
    ("医疗", ["医生", "护士", "药剂师"], 7),
    ("金融", ["银行职员", "理财经理", "会计"], 8),
    ("个体经营", ["个体老板", "店主", "电商卖家"], 14),
    ("政府机关", ["公务员", "事业单位职员"], 6),
    ("物流", ["物流主管", "司机", "调度员"], 6),
    ("房地产", ["置业顾问", "项目经理"], 5),
    ("餐饮", ["餐厅老板", "厨师"], 4),
    ("自由职业", ["自由职业", "主播"], 4),
]
# mobile prefixes that phonenumbers accepts as Chinese mobiles
PHONE_PREFIXES = (
    ["130", "131", "132", "133", "135", "136", "137", "138", "139"] * 3
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"] * 2
    + ["180", "181", "182", "183", "185", "186", "187", "188", "189"] * 2
    + ["177", "191", "193", "195", "198", "199"]
)
PLATE_CITIES = "ABCDEFGHJKL"  # 浙A Hangzhou ... 浙L Zhoushan: a dealer group across the province
PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
LOST_REASONS = ["价格原因", "选择竞品", "预算不足", "暂缓购车", "家人意见不统一", "贷款审批未通过", "等车周期太长"]
COMPETITORS = ["丰田", "本田", "比亚迪", "特斯拉", "大众", "理想", "长安", "问界"]
COMPLAINTS = [
    "等待时间过长", "洗车不干净", "维修后异响未解决", "结算金额与报价不一致",
    "预约后到店仍需排队", "交车时车内有油污", "服务顾问态度冷淡", "配件等了两周还没到",
]
STAFF_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯邓曹彭曾沈蒋蔡叶"
STAFF_GIVEN = ["伟", "婷", "志强", "敏", "静", "洋", "帆", "建华", "海燕", "丽", "磊", "军", "芳", "杰",
               "晓东", "雪", "鹏", "琳", "超", "慧", "宇", "倩", "涛", "颖"]
NOTES = {
    "lead.welcome": ["感谢到店,已加微信发送车型资料", "感谢来电咨询,约好下次联系时间", "已发送感谢短信和报价单",
                     "感谢留资,已介绍近期金融政策"],
    "lead.cadence": ["客户在对比竞品,关注油耗", "询问置换补贴政策", "客户还在考虑颜色,约周末看车",
                     "发送最新优惠,客户说再商量", "客户关心提车周期", "介绍0首付方案,客户有兴趣",
                     "客户家人想一起来试驾", "客户说预算有点紧", "到店试驾,对动力比较满意", "预约周六上午试驾"],
    "delivery.thanks": ["交车感谢短信已发送", "已寄出交车感谢信"],
    "delivery.manager_call": ["销售经理回访,客户对交车流程满意", "经理致电感谢,客户提到希望加快上牌"],
    "delivery.visit": ["交车后三日亲访,讲解车机功能", "上门回访,帮客户设置手机互联"],
    "delivery.week_call": ["提醒首保时间,已告知上牌进度", "一周回访,客户用车正常", "提醒首次保养里程,客户已记下"],
    "owner.keep_in_touch": ["日常问候,用车正常", "问候客户,介绍老客户转介绍礼", "客户说最近跑高速多,油耗正常",
                            "节前问候,提醒冬季胎压", "问候,客户对车很满意", "客户提到朋友想看车"],
    "owner.visit": ["客户到店保养时当面拜访", "上门拜访,送车载香薰", "到店拜访,邀请参加车主俱乐部活动"],
    "service.maintenance": ["提醒保养,客户预约到店", "保养提醒,客户说下周过来", "已预约保养,发送预约短信",
                            "提醒保养,客户说暂时不来"],
    "service.quality_callback": ["质量回访,客户满意", "回访维修质量,车辆正常", "质量回访,客户表示没有问题"],
    "service.care_callback": ["关怀回访,用车正常", "关怀回访,提醒下次保养里程", "关怀回访,客户询问轮胎更换"],
    "service.win_back": ["客户说最近在外地,回来再联系", "客户已在路边店保养,介绍保养套餐", "客户说车开得少,暂不保养",
                         "邀请回厂免费检测,客户考虑"],
    "expiry.insurance": ["续保报价已发,客户已续保", "续保提醒,客户比较后在本店续保", "续保提醒,客户已在网上续保"],
    "expiry.warranty": ["提醒质保即将到期,建议到店检测", "质保到期提醒,介绍延保产品"],
    "expiry.inspection": ["年检提醒短信已发送", "提醒年检,客户说自己去办"],
    "lost.reason": ["客户没说原因,下次再问", "客户说再考虑考虑"],
    "lost.recheck": ["经理回访,客户仍在对比,同意再来试驾", "经理回访,客户已订竞品车", "经理回访,客户说预算还没定"],
    "lost.competitor_care": ["战败客户关怀短信,邀请参加车主活动", "发送新车上市信息"],
    "occasion.birthday": ["生日祝福短信", "生日祝福,客户回复感谢"],
    "campaign.invite": ["品鉴会邀请短信已发送", "邀请参加新车品鉴会,客户表示有兴趣"],
    "campaign.season_check": ["冬季免费检测通知短信已发送", "夏季空调检测通知已发送"],
    "referral.thanks": ["感谢转介绍,转介绍礼品已寄出"],
    "": ["客户主动来电咨询保养", "日常沟通", "客户询问置换政策", "微信沟通,发送用车小贴士", "客户来电问保险理赔流程"],
}
ATTEMPT_NOTES = ["", "", "", "未接听", "关机", "占线,稍后再打"]

# (touchpoint, who: owner/advisor/manager/crm, channels, weight): the everyday history of an owner
OWNER_FILLER = [
    ("owner.keep_in_touch", "owner", ("phone", "phone", "phone", "wechat"), 30),
    ("", "owner", ("phone", "wechat", "wechat"), 16),
    ("", "advisor", ("phone", "wechat"), 6),
    ("service.maintenance", "advisor", ("phone", "phone", "sms"), 15),
    ("expiry.insurance", "advisor", ("phone",), 8),
    ("occasion.birthday", "crm", ("sms",), 4),
    ("campaign.season_check", "crm", ("sms",), 4),
    ("campaign.invite", "crm", ("sms",), 3),
    ("owner.visit", "owner", ("visit",), 5),
    ("service.win_back", "advisor", ("phone",), 4),
    ("expiry.inspection", "advisor", ("sms",), 3),
    ("expiry.warranty", "advisor", ("phone",), 2),
]
PROSPECT_FILLER = [
    ("lead.cadence", "owner", ("phone", "phone", "wechat"), 55),
    ("", "owner", ("phone", "wechat", "visit"), 38),
    ("campaign.invite", "owner", ("phone",), 4),
    ("occasion.birthday", "crm", ("sms",), 3),
]
LOST_FILLER = [
    ("lost.competitor_care", "crm", ("sms",), 40),
    ("", "owner", ("phone", "wechat"), 40),
    ("campaign.invite", "owner", ("phone", "sms"), 20),
]
# outcome of a call, and its cumulative weights
OUTCOMES = ["reached", "no_answer", "busy", "appointment", "refused", "wrong_number"]
OUTCOME_CUM = [72, 84, 89, 96, 99, 100]
SCORE_CUM = [(55, 5), (85, 4), (95, 3), (98, 2), (100, 1)]


def cumulative(table: list[tuple]) -> tuple[list, list[int]]:
    total, cum = 0, []
    for row in table:
        total += row[-1]
        cum.append(total)
    return table, cum


class FastRandom(random.Random):
    """random.Random with cheap integer draws (the stdlib's go through three Python calls).

    Still seeded and reproducible; only the one-argument ``randrange`` is used here.
    """

    def randint(self, a: int, b: int) -> int:  # type: ignore[override]
        return a + int(self.random() * (b - a + 1))

    def randrange(self, n: int) -> int:  # type: ignore[override]
        return int(self.random() * n)

    def choice(self, seq):  # type: ignore[override]
        return seq[int(self.random() * len(seq))]


# --- dates -------------------------------------------------------------------------------------


def add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


class Days:
    """ISO strings of days as offsets from ``today`` (negative: the past), precomputed."""

    def __init__(self, today: date, lo: int, hi: int):
        self.today, self.lo = today, lo
        self.iso = [(today + timedelta(days=k)).isoformat() for k in range(lo, hi + 1)]

    def __call__(self, offset: int) -> str:
        return self.iso[offset - self.lo]

    def date(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def offset(self, d: date) -> int:
        return (d - self.today).days


def _contact_day(line: str) -> str:
    start = line.index(",") + 1
    return line[start:start + 10]


# --- the generator -----------------------------------------------------------------------------


class Dealership:
    def __init__(self, customers: int, contacts_per_customer: float, seed: int, today: date):
        self.n = customers
        self.f = contacts_per_customer
        self.seed = seed
        self.today = today
        self.rng = FastRandom(seed)
        # contacts come from their own stream: more contacts, same customers
        self.crng = FastRandom(seed * 1_000_003 + 17)
        self.days = Days(today, -4500, 1200)
        # contact history: one year at 10 contacts a customer, five years at 50 (at most 12)
        self.history_days = int(365 * min(12.0, max(1.0, contacts_per_customer / 10)))
        self.visit_history_days = 640  # the DMS export covers about two years of visits
        self.counts = dict.fromkeys(KINDS, 0)
        self.vehicle_seq = 0
        self.visit_seq = 0
        self.recall: list[str] = []
        self.parts: list[str] = []
        self.recent_owners: list[str] = []  # a ring of recent owners' ids: referrers
        self._staff()
        self.owner_filler = cumulative(OWNER_FILLER)
        self.prospect_filler = cumulative(PROSPECT_FILLER)
        self.lost_filler = cumulative(LOST_FILLER)
        self.model_tables = {}
        # each stage's share of the mean; a lead is only weeks old and called on a cadence, so with a long
        # history owners carry the share leads cannot (keeps the mean near --contacts-per-customer)
        owner = min(1.3, 1.06 + 0.0039 * max(0.0, contacts_per_customer - 10))
        self.weights = {"owner": owner, "prospect": 0.8, "quasi_lost": 0.7, "lost": 0.6}

    # --- staff ------------------------------------------------------------------------------

    def _staff(self) -> None:
        rng = self.rng
        n = self.n
        self.stores = max(1, math.ceil(n / 10000))
        consultants = max(4, math.ceil(n / 400))
        advisors = max(3, math.ceil(n / 600))
        crm = max(1, math.ceil(n / 5000))
        self.staff_rows: list[list] = []
        self.store_consultants: list[list[str]] = [[] for _ in range(self.stores)]
        self.store_advisors: list[list[str]] = [[] for _ in range(self.stores)]
        self.store_managers: list[tuple[str, str]] = []
        used = set()

        def name() -> str:
            while True:
                s = rng.choice(STAFF_SURNAMES) + rng.choice(STAFF_GIVEN)
                if s not in used or len(used) > 600:
                    used.add(s)
                    return s

        def capacity(lo: int, hi: int) -> str:
            return "" if rng.random() < 0.15 else str(rng.randint(lo, hi))

        for i in range(consultants):
            store = i % self.stores
            code = f"S{i + 1:02d}"
            self.store_consultants[store].append(code)
            self.staff_rows.append([code, name(), "consultant", f"sales-{store + 1:02d}", capacity(25, 40)])
        for i in range(advisors):
            store = i % self.stores
            code = f"A{i + 1:02d}"
            self.store_advisors[store].append(code)
            self.staff_rows.append([code, name(), "advisor", f"service-{store + 1:02d}", capacity(30, 45)])
        for store in range(self.stores):
            sales, service = f"M{2 * store + 1:02d}", f"M{2 * store + 2:02d}"
            self.store_managers.append((sales, service))
            self.staff_rows.append([sales, name(), "manager", f"sales-{store + 1:02d}", capacity(20, 30)])
            self.staff_rows.append([service, name(), "manager", f"service-{store + 1:02d}", capacity(20, 30)])
        self.crm_codes = [f"K{i + 1:02d}" for i in range(crm)]
        for code in self.crm_codes:
            self.staff_rows.append([code, name(), "crm", "crm", capacity(60, 120)])

    # --- people -----------------------------------------------------------------------------

    def phone(self, index: int) -> str:
        # 8 digits from a bijection of the customer index: unique per prefix, no memory
        body = (index * 48_271 + 7_654_321) % 100_000_000
        return self.rng.choice(PHONE_PREFIXES) + f"{body:08d}"

    def plate(self, index: int, nev: bool) -> str:
        rng = self.rng
        city = PLATE_CITIES[(index // 100_000) % len(PLATE_CITIES)]
        n = (index * 7_919 + 31_337) % 100_000
        if nev:
            return f"浙{city}{rng.choice('DF')}{n:05d}"
        chars = list(f"{n:05d}")
        r = rng.random()
        # a letter stands for the digit it replaces (digit + 0 or + 10 in PLATE_LETTERS), so plates stay unique
        positions = (rng.randrange(5),) if r < 0.5 else (0, 3) if r < 0.65 else ()
        for pos in positions:
            chars[pos] = PLATE_LETTERS[int(chars[pos]) + 10 * rng.randrange(2)]
        return f"浙{city}" + "".join(chars)

    def vin(self, model: tuple, delivered: date) -> str:
        rng = self.rng
        index = self.vehicle_seq
        vds = model[2] + rng.choice(VIN_LETTERS) + rng.choice(VIN_LETTERS)
        year = MODEL_YEAR[delivered.year + (1 if delivered.month >= 11 else 0)]
        # plant letter and serial from the vehicle index: unique for 23 x 900,000 vehicles
        plant = VIN_LETTERS[(index // 900_000) % len(VIN_LETTERS)]
        serial = (index % 900_000) * 7 % 900_000 + 100_000
        raw = f"{model[1]}{vds}0{year}{plant}{serial:06d}"
        return raw[:8] + vin_check_digit(raw) + raw[9:]

    def pick_model(self, delivered: date) -> tuple:
        key = (delivered.year, delivered.month)
        table = self.model_tables.get(key)
        if table is None:
            avail = [m for m in MODELS if m[4] <= key and not (m[0] == "博越" and key >= (2022, 12))] or MODELS[:1]
            table = self.model_tables[key] = (avail, list(itertools.accumulate(m[6] for m in avail)))
        return self.rng.choices(table[0], cum_weights=table[1])[0]

    # --- the run ----------------------------------------------------------------------------

    def write(self, out: Path, contacts_order: str = "date") -> dict[str, int]:
        out.mkdir(parents=True, exist_ok=True)
        files = {k: open(out / f"{k}.csv", "w", encoding="utf-8", newline="") for k in KINDS}
        try:
            writers = {k: csv.writer(fh, lineterminator="\n") for k, fh in files.items()}
            for k, w in writers.items():
                w.writerow(COLUMNS[k])
            writers["staff"].writerows(self.staff_rows)
            self.counts["staff"] = len(self.staff_rows)
            bucket_dir = Path(tempfile.mkdtemp(prefix="contacts-", dir=out)) if contacts_order == "date" else None
            buckets: dict[int, object] = {}
            bucket_writers: dict[int, object] = {}
            contacts_w = writers["contacts"]

            def emit_contacts(rows: list[tuple]) -> None:
                if bucket_dir is None:
                    contacts_w.writerows(rows)
                    return
                for row in rows:
                    b = row[1][:7]  # YYYY-MM
                    w = bucket_writers.get(b)
                    if w is None:
                        fh = buckets[b] = open(bucket_dir / f"{b}.csv", "w", encoding="utf-8", newline="")
                        w = bucket_writers[b] = csv.writer(fh, lineterminator="\n")
                    w.writerow(row)

            for i in range(self.n):
                self.customer(i, writers, emit_contacts)
            if bucket_dir is not None:
                for fh in buckets.values():
                    fh.close()
                out_fh = files["contacts"]
                for b in sorted(buckets):
                    # one line a row (no cell here holds a line break); customer_id never holds a comma
                    with open(bucket_dir / f"{b}.csv", encoding="utf-8", newline="") as fh:
                        lines = fh.readlines()
                    lines.sort(key=_contact_day)  # stable: by day, then as made
                    out_fh.writelines(lines)
                shutil.rmtree(bucket_dir)
            campaigns = self.campaign_rows()
            writers["campaigns"].writerows(campaigns)
            self.counts["campaigns"] = len(campaigns)
        finally:
            for fh in files.values():
                fh.close()
        return self.counts

    def campaign_rows(self) -> list[list[str]]:
        d = self.days
        return [
            ["E2606", "夏季车主俱乐部活动", "event", d(-160), d(-158), "", "owner", "premium;potential", ""],
            ["E2612", "冬季新车品鉴会", "event", d(22), d(23), ";".join(EVENT_MODELS), "prospect;owner", "", ""],
            ["R2611", f"{RECALL_MODEL}燃油泵召回", "recall", d(-5), d(85), "", "", "", ";".join(self.recall)],
            ["P2611", "配件到货通知", "parts_arrival", d(-1), d(6), "", "", "", ";".join(self.parts)],
            ["S2612", "冬季免费检测", "season_check", d(10), d(40), "", "", "", ""],
        ]

    def customer(self, i: int, writers: dict, emit_contacts) -> None:
        rng, d = self.rng, self.days
        cid = f"C{1001 + i}"
        store = rng.randrange(self.stores)
        r = rng.random()
        stage = "owner" if r < 0.80 else "prospect" if r < 0.93 else "quasi_lost" if r < 0.96 else "lost"
        gender = "男" if rng.random() < 0.62 else "女"
        sur, sur_py = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
        given, given_py = rng.choice(MALE_GIVEN if gender == "男" else FEMALE_GIVEN)
        industry, occupations, _ = rng.choices(INDUSTRIES, [x[2] for x in INDUSTRIES])[0]
        age = rng.randint(24, 64) if stage == "owner" else rng.randint(22, 58)
        birth_year = self.today.year - age
        wechat = email = birthday = lunar = ""
        r = rng.random()
        if r < 0.35:
            wechat = "wxid_" + "".join(rng.choice("abcdefghijkmnpqrstuvwxyz0123456789") for _ in range(10))
        elif r < 0.6:
            wechat = f"{given_py}{sur_py}{rng.randint(1, 99)}" if rng.random() < 0.5 else f"{sur_py}_{given_py}{birth_year % 100:02d}"
        r = rng.random()
        if r < 0.12:
            email = f"{rng.randint(10000000, 2999999999)}@qq.com"
        elif r < 0.22:
            email = f"{given_py}.{sur_py}{birth_year % 100:02d}@{rng.choice(('163.com', '126.com', 'foxmail.com'))}"
        bmonth = bday = 0
        if rng.random() < 0.55:
            bmonth = rng.randint(1, 12)
            bday = rng.randint(1, calendar.monthrange(birth_year, bmonth)[1])
            birthday = f"{birth_year}-{bmonth:02d}-{bday:02d}"
        elif rng.random() < 0.05:
            lunar = f"{rng.randint(1, 12):02d}-{rng.randint(1, 30):02d}"
        source = rng.choices(("walk_in", "phone", "online", "event", "other"), cum_weights=(40, 54, 84, 94, 100))[0]
        referred_by = ""
        if self.recent_owners and rng.random() < 0.05:
            referred_by = rng.choice(self.recent_owners)
            source = "referral"
        owner = rng.choice(self.store_consultants[store])
        advisors = self.store_advisors[store]
        advisor = ""
        intent = grade = interested = budget = expected = lost_on = lost_reason = competitor = notes = ""
        dnc = rng.random() < 0.01
        vehicles: list[tuple[str, int]] = []  # (vin, delivered offset) for the contacts
        visits: list[tuple[int, str, str]] = []  # (offset, kind, advisor)
        lost_off = 0
        level = ""
        if stage == "owner":
            advisor = rng.choice(advisors)
            r = rng.random()
            profile = "active" if r < 0.68 else "at_risk" if r < 0.82 else "churned" if r < 0.94 else "gone"
            r = rng.random()
            if profile == "active" and r < 0.015:
                first = -rng.randint(0, 10)  # delivered in the last days: delivery.* calls
            elif profile == "active" and r < 0.07:
                first = -rng.randint(11, 110)  # first months: service.first
            else:
                lo, hi = {"active": (110, 1900), "at_risk": (300, 2100), "churned": (500, 2500), "gone": (900, 3200)}[profile]
                first = -rng.randint(lo, hi)
            sold_here = rng.random() < 0.88
            if sold_here:
                created = first - rng.randint(7, 75)
            else:
                created = min(-1, first + rng.randint(30, 700))
                source = rng.choice(("walk_in", "phone", "other")) if not referred_by else source
                notes = rng.choice(("外店购车,来店保养", "异地购车,在本店做售后", "", ""))
            r = rng.random()
            nveh = 1 if r < 0.52 else 2 if r < 0.82 else 3 if r < 0.93 else rng.randint(4, 7)
            if nveh >= 4:
                industry, occupations = ("物流", ["物流主管"]) if rng.random() < 0.5 else ("个体经营", ["个体老板"])
                notes = "公司用车,联系人即老板本人"
            # later cars come after the first; an owner who stopped coming bought them before stopping
            latest = -5 if profile == "active" else {"at_risk": -330, "churned": -700, "gone": -900}[profile]
            for k in range(nveh):
                delivered = first if k == 0 or first >= latest else rng.randint(first + 1, latest)
                vin = self.vehicle(cid, delivered, sold_here or k > 0, profile, advisor, advisors, writers, visits)
                vehicles.append((vin, delivered))
            if rng.random() < 0.33:
                grade = rng.choice(("premium", "potential", "potential", "general"))
            elif not visits:
                grade = "potential"
            if len(self.recent_owners) < 4096:
                self.recent_owners.append(cid)
            else:
                self.recent_owners[rng.randrange(4096)] = cid
        elif stage == "prospect":
            profile = "prospect"
            if rng.random() < 0.7:
                advisor = rng.choice(advisors)
            level = rng.choices("ABCD", cum_weights=(10, 35, 75, 100))[0]
            created = -rng.randint(0, {"A": 14, "B": 40, "C": 120, "D": 200}[level])
            intent = level
            model = rng.choices(PROSPECT_MODELS, PROSPECT_WEIGHTS)[0]
            interested, budget = model, next(m[3] for m in MODELS if m[0] == model)
            if level == "A":
                expected = d(rng.randint(3, 16))
            elif level == "B" and rng.random() < 0.6:
                expected = d(rng.randint(7, 40))
            elif level == "C" and rng.random() < 0.4:
                expected = d(rng.randint(20, 60))
            if source == "event" and rng.random() < 0.5:
                notes = "车展留资"
        else:
            profile = stage
            if rng.random() < 0.5:
                advisor = rng.choice(advisors)
            lost_off = -rng.randint(0, 200)
            created = lost_off - rng.randint(20, 80)
            lost_on = d(lost_off)
            model = rng.choices(PROSPECT_MODELS, PROSPECT_WEIGHTS)[0]
            interested, budget = model, next(m[3] for m in MODELS if m[0] == model)
            if lost_off >= -2 or rng.random() < 0.1:
                pass  # blank reason: lost.reason is due
            else:
                lost_reason = rng.choice(LOST_REASONS)
                if lost_reason == "选择竞品" or (lost_reason == "价格原因" and rng.random() < 0.5) or (
                    stage == "quasi_lost" and rng.random() < 0.3
                ):
                    competitor = rng.choice(COMPETITORS)
        if dnc:
            notes = "客户要求勿扰,不接受电话和短信"
        writers["customers"].writerow([
            cid, sur + given, self.phone(i), wechat, email, birthday, lunar, gender, rng.choice(occupations),
            rng.choices(REGIONS, REGION_WEIGHTS)[0], industry, source, referred_by, stage, intent, grade, owner,
            advisor, d(created), interested, budget, expected, lost_on, lost_reason, competitor,
            "true" if dnc else "false", notes,
        ])
        self.counts["customers"] += 1
        rows = self.contacts(cid, stage, level, created, owner, advisor or rng.choice(advisors), store, dnc,
                             vehicles, visits, lost_off, lost_reason, bmonth, bday)
        self.counts["contacts"] += len(rows)
        emit_contacts(rows)

    def vehicle(self, cid: str, delivered: int, sold_here: bool, profile: str, advisor: str, advisors: list[str],
                writers: dict, visits: list) -> str:
        rng, d = self.rng, self.days
        ddate = d.date(delivered)
        model = self.pick_model(ddate)
        vin = self.vin(model, ddate)
        plate = "" if delivered > -3 else self.plate(self.vehicle_seq, model[5])
        self.vehicle_seq += 1
        warranty = add_years(ddate, 3)
        # insurance: renewed every year on the delivery anniversary; the next one ends on or after today
        n = max(1, self.today.year - ddate.year)
        insurance = add_years(ddate, n)
        if insurance < self.today:
            n += 1
            insurance = add_years(ddate, n)
        inspection = ""
        if -delivered > 600:  # 年检: due at the second, fourth, sixth anniversary
            k = max(2, (self.today.year - ddate.year) // 2 * 2)
            while add_years(ddate, k) < self.today - timedelta(days=10):
                k += 2
            inspection = add_years(ddate, k).isoformat()
        usage = "normal"
        r = rng.random()
        km_int, month_int, kmday = 5000, 3, rng.uniform(25, 66)
        interval = ("", "")
        if r < 0.04:
            usage, kmday = "severe", rng.uniform(70, 100)
            if rng.random() < 0.5:
                interval = ("10000", "6")
                km_int, month_int = 10000, 6
        elif r < 0.34:
            interval = ("10000", "6") if rng.random() < 0.7 else ("7500", "6")
            km_int, month_int = int(interval[0]), 6
        writers["vehicles"].writerow([
            vin, cid, model[0], plate, d(delivered), "true" if sold_here else "false", warranty.isoformat(),
            insurance.isoformat(), inspection, usage, interval[0], interval[1],
        ])
        self.counts["vehicles"] += 1
        # --- service history
        if usage == "severe":
            km_int //= 2
            month_int = max(1, month_int // 2)
        gap = min(month_int * 30.4, km_int / kmday)
        start = -self.visit_history_days
        stop = {"active": 0, "at_risk": -rng.randint(150, 330), "churned": -rng.randint(370, 700),
                "gone": -rng.randint(760, 900)}[profile]
        if delivered >= start:
            t = delivered + int(min(91, 5000 / kmday)) + rng.randint(-12, 6)
            kind = "first_service"
        else:
            t = start + rng.randint(0, int(gap * 1.5))
            kind = "maintenance"
        if not sold_here:
            kind = "maintenance"
        odo = 0
        vw = writers["visits"]
        while t <= stop:
            t = max(t, delivered + 1)
            if t > 0:
                break
            odo = max(odo + rng.randint(20, 120), int(kmday * (t - delivered) * rng.uniform(0.97, 1.03)))
            self.visit(vw, vin, t, odo, kind, advisor, advisors, visits)
            nxt = t + max(20, int(gap * rng.uniform(1.0, 2.0)))
            r = rng.random()
            if r < 0.16 and nxt - t > 12:  # a repair, an accident, a warranty job between two services
                on = rng.randint(t + 5, nxt - 5)
                if on <= min(stop, -1):
                    extra = rng.choices(("repair", "other", "accident", "warranty"), cum_weights=(10, 16, 19, 24))[0]
                    if extra != "warranty" or on < delivered + 1095:
                        odo += max(20, int(kmday * (on - t)))
                        self.visit(vw, vin, on, odo, extra, advisor, advisors, visits)
            odo = max(odo, int(kmday * (t - delivered)))
            t = nxt
            kind = "maintenance"
        model_name = model[0]
        if model_name == RECALL_MODEL and delivered < -60 and profile in ("active", "at_risk") and len(self.recall) < 600:
            if rng.random() < 0.05:
                self.recall.append(vin)
                if rng.random() < 0.15:  # already came in for it
                    self.visit(vw, vin, -rng.randint(0, 4), odo + rng.randint(100, 900), "recall", advisor, advisors, visits)
        elif profile == "active" and len(self.parts) < 200 and rng.random() < 0.001:
            self.parts.append(vin)
            self.visit(vw, vin, -rng.randint(6, 15), odo + rng.randint(100, 900), "repair", advisor, advisors, visits)
        return vin

    def visit(self, vw, vin: str, on: int, odo: int, kind: str, advisor: str, advisors: list[str], visits: list) -> None:
        rng = self.rng
        self.visit_seq += 1
        if rng.random() > 0.88:
            advisor = rng.choice(advisors)
        if kind == "first_service" or kind == "recall" or kind == "warranty":
            amount = 0.0
        elif kind == "maintenance":
            amount = rng.choice((420, 460, 520, 580, 680, 880, 1180, 1350)) * rng.uniform(0.95, 1.08)
        elif kind == "accident":
            amount = rng.uniform(2500, 12000)
        elif kind == "other":
            amount = rng.uniform(120, 480)
        else:
            amount = rng.uniform(600, 4500)
        complaint = rng.choice(COMPLAINTS) if rng.random() < 0.012 else ""
        vw.writerow([f"V{self.visit_seq:07d}", vin, self.days(on), odo, kind, "%.2f" % amount, advisor, complaint])
        self.counts["visits"] += 1
        visits.append((on, kind, advisor))

    # --- contacts ---------------------------------------------------------------------------

    def contacts(self, cid: str, stage: str, level: str, created: int, owner: str, advisor: str, store: int,
                 dnc: bool, vehicles: list, visits: list, lost_off: int, lost_reason: str,
                 bmonth: int, bday: int) -> list[tuple]:
        rng, d = self.crng, self.days
        start = max(created, -self.history_days)
        rows: list[tuple] = []
        seen: set[tuple] = set()
        manager = self.store_managers[store][0 if stage != "owner" else rng.randrange(2)]
        crm = self.crm_codes[rng.randrange(len(self.crm_codes))]
        who = {"owner": owner, "advisor": advisor, "manager": manager, "crm": crm}

        def add(on: int, channel: str, touchpoint: str, outcome: str, staff: str, note: str,
                next_on: str = "", score: str = "") -> None:
            if on < start or on > 0:
                return
            row = (cid, d(on), channel, touchpoint, outcome, staff, next_on, score, note)
            if row not in seen:  # contacts.csv has no key: the importer skips exact duplicates
                seen.add(row)
                rows.append(row)

        if dnc:
            if rng.random() < 0.5 and start < 0:
                add(rng.randint(start, -1), "phone", "", "opted_out", owner, "客户明确表示不要再打电话了")
            return rows
        # the structural history: what a first contact, a delivery, a visit or a defeat brings
        if stage != "owner":
            add(created + rng.choice((0, 0, 1)), rng.choice(("sms", "phone", "wechat")), "lead.welcome", "reached",
                owner, rng.choice(NOTES["lead.welcome"]))
        else:
            for _, delivered in vehicles:
                if delivered < start or rng.random() < 0.2:
                    continue
                add(delivered, rng.choice(("sms", "letter")), "delivery.thanks", "reached", owner,
                    rng.choice(NOTES["delivery.thanks"]))
                add(delivered + rng.randint(0, 1), "phone", "delivery.manager_call", "reached", who["manager"],
                    rng.choice(NOTES["delivery.manager_call"]))
                if rng.random() < 0.5:
                    add(delivered + 3, "visit", "delivery.visit", "reached", owner, rng.choice(NOTES["delivery.visit"]))
                add(delivered + rng.randint(2, 7), "phone", "delivery.week_call", "reached", owner,
                    rng.choice(NOTES["delivery.week_call"]))
            for on, kind, visit_advisor in visits:
                if on < start:
                    continue
                if rng.random() < 0.8:
                    outcome = "reached" if rng.random() < 0.9 else "no_answer"
                    score = ""
                    if outcome == "reached" and rng.random() < 0.7:
                        x = rng.randrange(100)
                        score = str(next(s for cum, s in SCORE_CUM if x < cum))
                    add(on + rng.randint(1, 3), "phone", "service.quality_callback", outcome, visit_advisor,
                        rng.choice(NOTES["service.quality_callback"]) if outcome == "reached" else "", score=score)
                if rng.random() < 0.45:
                    add(on + rng.randint(14, 30), "phone", "service.care_callback", "reached", visit_advisor,
                        rng.choice(NOTES["service.care_callback"]))
        if stage in ("quasi_lost", "lost"):
            if lost_reason:
                add(lost_off, "phone", "", rng.choice(("reached", "refused")), owner, f"战败:{lost_reason}")
            elif lost_off < -3:
                add(lost_off, "phone", "lost.reason", "no_answer", owner, "")
            if stage == "quasi_lost":
                for lo, hi in ((7, 13), (30, 44)):
                    if rng.random() < 0.6:
                        add(lost_off + rng.randint(lo, hi), "phone", "lost.recheck", "reached", who["manager"],
                            rng.choice(NOTES["lost.recheck"]))
        if bmonth and rng.random() < 0.5:
            for year in (self.today.year - 1, self.today.year):
                bd = date(year, bmonth, min(bday, 28))
                add(self.days.offset(bd), "sms", "occasion.birthday", "reached", crm, "生日祝福短信")
        # the everyday history: the rest of the customer's share of contacts, spread over the window
        weight = self.weights[stage]
        target = int(self.f * weight * rng.uniform(0.4, 1.6) + rng.random())
        if stage == "owner":
            table, cum = self.owner_filler
            end = -1
        elif stage == "prospect":
            table, cum = self.prospect_filler
            end = -1
        else:
            table, cum = self.lost_filler
            end = -1
        span = end - start
        if span < 0:
            return rows
        if stage == "prospect":  # a lead is called on a cadence: no more calls than days
            target = min(target, span // {"A": 2, "B": 4, "C": 10, "D": 20}[level] + 2)
        total = cum[-1]
        for _ in range(max(0, target - len(rows))):
            on = start + int(rng.random() * (span + 1))
            x = rng.random() * total
            k = 0
            while cum[k] <= x:
                k += 1
            touchpoint, role, channels, _ = table[k]
            if stage in ("quasi_lost", "lost") and on < lost_off:
                touchpoint, role, channels = "lead.cadence", "owner", ("phone", "wechat")
            channel = channels[int(rng.random() * len(channels))]
            y = rng.random() * 100
            outcome = "reached"
            if channel not in ("sms", "letter", "visit"):
                k = 0
                while OUTCOME_CUM[k] <= y:
                    k += 1
                outcome = OUTCOMES[k]
            if outcome in REACHING:
                notes = NOTES[touchpoint]
                note = notes[int(rng.random() * len(notes))]
            else:
                note = ATTEMPT_NOTES[int(rng.random() * len(ATTEMPT_NOTES))]
            next_on = ""
            if outcome in REACHING and stage == "prospect" and rng.random() < 0.15:
                next_on = d(on + {"A": 3, "B": 6, "C": 20, "D": 45}[level])
            elif outcome == "appointment" and rng.random() < 0.5:
                next_on = d(on + rng.randint(2, 10))
            add(on, channel, touchpoint, outcome, who[role], note, next_on)
        if rng.random() < 0.003:  # already called this morning
            add(0, "phone", "", "reached", owner, "客户主动来电,已约时间")
        elif rng.random() < 0.001:
            add(rng.randint(start, 0) if start <= 0 else 0, "phone", "", "opted_out", owner, "客户要求不要再联系")
        return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000, help="number of customers (default 100000)")
    parser.add_argument("--contacts-per-customer", type=float, default=10.0,
                        help="mean contacts per customer (default 10: one year of history)")
    parser.add_argument("--out", type=Path, required=True, help="directory for the six CSV files")
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 24),
                        help="the anchor day the data is shaped around (default 2026-11-24)")
    parser.add_argument("--contacts-order", choices=("date", "customer"), default="date",
                        help="contacts.csv in date order (a DMS export; default) or customer by customer")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    started = time.perf_counter()
    gen = Dealership(args.customers, args.contacts_per_customer, args.seed, args.today)
    counts = gen.write(args.out, args.contacts_order)
    if not args.quiet:
        print(" ".join(f"{k}={n}" for k, n in counts.items()) + f" ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
