#!/usr/bin/env python3
"""Generate the example dealership that ``followup demo`` loads.

A Geely 4S store in Hangzhou on 2026-11-24 ("today"): nine staff, about 200
customers (prospects, owners, quasi-lost and lost), their vehicles, about two
years of service visits (more for the oldest cars), a year of contact logs and
four campaigns.

Seeded and reproducible, standard library only::

    python examples/generate.py            # rewrites examples/*.csv
    python examples/generate.py OUTDIR     # writes the six files into OUTDIR

Running it again gives byte-identical files. The data is shaped so that every
staff member has a realistic morning list on the anchor date (and in the
months after it), and so that every touchpoint of SPEC section 3 has at least
one customer who exercises it; see the comments at each ``# --- scenario``.
"""

from __future__ import annotations

import calendar
import csv
import math
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ANCHOR = date(2026, 11, 24)
SEED = 20261124
LOG_START = ANCHOR - timedelta(days=365)  # contact logs cover one year

COLUMNS = {
    "staff": ["code", "name", "role", "team", "daily_capacity"],
    "customers": [
        "customer_id", "name", "phone", "wechat", "email", "birthday", "lunar_birthday",
        "gender", "occupation", "region", "industry", "source", "referred_by", "stage",
        "intent_level", "grade", "owner", "advisor", "created_on", "interested_model",
        "budget", "expected_purchase_on", "lost_on", "lost_category", "lost_reason", "competitor",
        "do_not_contact", "no_marketing", "important", "notes",
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

REACHING = ("reached", "appointment", "refused", "opted_out")

# --- dates --------------------------------------------------------------------------


def day(offset: int) -> date:
    """ANCHOR + offset days."""
    return ANCHOR + timedelta(days=offset)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def add_years(d: date, n: int) -> date:
    return add_months(d, 12 * n)


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""


# --- VIN (ISO 3779 / GB 16735) -----------------------------------------------------------

VIN_VALUES = {str(i): i for i in range(10)}
VIN_VALUES.update(
    A=1, B=2, C=3, D=4, E=5, F=6, G=7, H=8, J=1, K=2, L=3, M=4, N=5, P=7, R=9,
    S=2, T=3, U=4, V=5, W=6, X=7, Y=8, Z=9,
)
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O, Q
MODEL_YEAR = {2019: "K", 2020: "L", 2021: "M", 2022: "N", 2023: "P", 2024: "R", 2025: "S", 2026: "T", 2027: "V"}


def vin_check_digit(vin: str) -> str:
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS))
    r = total % 11
    return "X" if r == 10 else str(r)


# --- the lineup -----------------------------------------------------------------------------
# name, WMI, VDS stem, budget, sold from, new-energy (plate 浙AF.....), weight
MODELS = [
    ("帝豪", "L6T", "7A4", "6-9万", date(2019, 1, 1), False, 20),
    ("缤越", "L6T", "7B2", "8-12万", date(2019, 1, 1), False, 14),
    ("博越", "L6T", "7D4", "10-14万", date(2019, 1, 1), False, 10),
    ("博越L", "L6T", "7DL", "12-16万", date(2022, 9, 1), False, 16),
    ("星越L", "L6T", "7E4", "15-20万", date(2021, 8, 1), False, 16),
    ("星瑞", "L6T", "7F2", "11-15万", date(2020, 11, 1), False, 10),
    ("嘉际", "L6T", "7C6", "10-14万", date(2019, 1, 1), False, 4),
    ("银河L7", "LB3", "1R7", "14-18万", date(2023, 6, 1), True, 14),
]
MODEL_INFO = {m[0]: m for m in MODELS}
PROSPECT_MODELS = ["帝豪", "缤越", "博越L", "星越L", "星瑞", "银河L7"]
PROSPECT_WEIGHTS = [16, 12, 18, 20, 10, 24]
EVENT_MODELS = ["星越L", "银河L7"]

# --- people -----------------------------------------------------------------------------------

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
REGIONS = ["西湖区", "滨江区", "余杭区", "拱墅区", "上城区", "萧山区", "临平区", "钱塘区"]
REGION_WEIGHTS = [14, 14, 18, 12, 10, 16, 8, 8]
# industry -> occupations
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
PHONE_PREFIXES = (
    ["130", "131", "132", "133", "135", "136", "137", "138", "139"] * 3
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"] * 2
    + ["180", "181", "182", "183", "185", "186", "187", "188", "189"] * 2
    + ["191", "193", "195", "198", "199"]
)
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ".replace("Q", "")
LOST_REASONS = ["价格原因", "选择竞品", "预算不足", "暂缓购车", "家人意见不统一", "贷款审批未通过", "等车周期太长"]
COMPETITORS = ["丰田", "本田", "比亚迪", "特斯拉", "大众", "理想", "长安"]
COMPLAINTS = [
    "等待时间过长",
    "洗车不干净",
    "维修后异响未解决",
    "结算金额与报价不一致",
    "预约后到店仍需排队",
    "交车时车内有油污",
    "服务顾问态度冷淡",
]


class Gen:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.names: list[str] = []
        self.phones: list[str] = []
        self.plates: list[str] = []
        self.serials: list[str] = []
        self.customers: list[dict] = []
        self.vehicles: list[dict] = []
        self.visits: list[dict] = []
        self.contacts: list[dict] = []
        self.consultants = ["S01", "S02", "S03", "S04"]
        self.advisors = ["A01", "A02", "A03"]
        self._rr = {"owner": 0, "advisor": 0}

    # --- small helpers ----------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, a: date, b: date) -> date:
        """A uniform date in [a, b]."""
        if b < a:
            return a
        return a + timedelta(days=self.rng.randint(0, (b - a).days))

    def next_owner(self) -> str:
        code = self.consultants[self._rr["owner"] % 4]
        self._rr["owner"] += 1
        return code

    def next_advisor(self) -> str:
        code = self.advisors[self._rr["advisor"] % 3]
        self._rr["advisor"] += 1
        return code

    def person(self, gender: str | None = None) -> tuple[str, str, str, str]:
        rng = self.rng
        gender = gender or ("男" if rng.random() < 0.62 else "女")
        while True:
            sur = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
            given = rng.choice(MALE_GIVEN if gender == "男" else FEMALE_GIVEN)
            name = sur[0] + given[0]
            if name not in self.names:
                self.names.append(name)
                return name, gender, sur[1], given[1]

    def phone(self) -> str:
        while True:
            p = self.rng.choice(PHONE_PREFIXES) + "".join(str(self.rng.randrange(10)) for _ in range(8))
            if p not in self.phones:
                self.phones.append(p)
                return p

    def plate(self, nev: bool) -> str:
        rng = self.rng
        while True:
            if nev:  # small new-energy plate: F (plug-in hybrid) + 5
                body = "F" + "".join(str(rng.randrange(10)) for _ in range(5))
            else:
                chars = [str(rng.randrange(10)) for _ in range(5)]
                for pos in rng.sample(range(5), rng.choice([0, 0, 1, 1, 2])):
                    chars[pos] = rng.choice(PLATE_LETTERS)
                body = "".join(chars)
            plate = "浙A" + body
            if plate not in self.plates:
                self.plates.append(plate)
                return plate

    def vin(self, model: str, delivered: date) -> str:
        rng = self.rng
        info = MODEL_INFO[model]
        vds = info[2] + "".join(rng.choice(VIN_ALPHABET[:-10]) for _ in range(2))
        year = MODEL_YEAR[delivered.year + (1 if delivered.month >= 11 else 0)]
        plant = {"L6T": "N", "LB3": "C"}[info[1]]
        while True:
            serial = "%06d" % rng.randrange(100000, 999999)
            if serial not in self.serials:
                self.serials.append(serial)
                break
        raw = info[1] + vds + "0" + year + plant + serial
        return raw[:8] + vin_check_digit(raw) + raw[9:]

    # --- customers ---------------------------------------------------------------------------

    def customer(self, stage: str, created: date, gender: str | None = None, age: tuple[int, int] = (24, 62)) -> dict:
        rng = self.rng
        name, gender, sur_py, given_py = self.person(gender)
        industry, occupations, _ = rng.choices(INDUSTRIES, [i[2] for i in INDUSTRIES])[0]
        birth_year = ANCHOR.year - rng.randint(*age)
        c = {
            "_idx": len(self.customers),
            "_vehicles": [],
            "_profile": None,
            "name": name,
            "phone": self.phone(),
            "wechat": "",
            "email": "",
            "birthday": None,
            "lunar_birthday": "",
            "gender": gender,
            "occupation": rng.choice(occupations),
            "region": rng.choices(REGIONS, REGION_WEIGHTS)[0],
            "industry": industry,
            "source": rng.choices(["walk_in", "phone", "online", "event", "other"], [40, 14, 30, 10, 6])[0],
            "referred_by": None,
            "stage": stage,
            "intent_level": "",
            "grade": "",
            "owner": self.next_owner(),
            "advisor": "",
            "created_on": created,
            "interested_model": "",
            "budget": "",
            "expected_purchase_on": None,
            "lost_on": None,
            "lost_reason": "",
            "competitor": "",
            "do_not_contact": False,
            "notes": "",
        }
        r = rng.random()
        if r < 0.35:
            c["wechat"] = "wxid_" + "".join(rng.choice("abcdefghijkmnpqrstuvwxyz0123456789") for _ in range(10))
        elif r < 0.6:
            c["wechat"] = f"{given_py}{sur_py}{rng.randint(1, 99)}" if rng.random() < 0.5 else f"{sur_py}_{given_py}{birth_year % 100:02d}"
        r = rng.random()
        if r < 0.12:
            c["email"] = f"{rng.randint(10000000, 2999999999)}@qq.com"
        elif r < 0.22:
            c["email"] = f"{given_py}.{sur_py}{birth_year % 100:02d}@{rng.choice(['163.com', '126.com', 'foxmail.com'])}"
        if rng.random() < 0.55:
            month = rng.randint(1, 12)
            c["birthday"] = date(birth_year, month, rng.randint(1, calendar.monthrange(birth_year, month)[1]))
        self.customers.append(c)
        return c

    def contact(self, c: dict, on: date, channel: str, touchpoint: str, outcome: str, staff: str,
                note: str = "", next_on: date | None = None, score: int | None = None) -> dict:
        assert on <= ANCHOR, (c["name"], on)
        row = {
            "_c": c, "_seq": len(self.contacts), "contacted_on": on, "channel": channel,
            "touchpoint": touchpoint, "outcome": outcome, "staff": staff,
            "next_contact_on": next_on, "score": score, "note": note,
        }
        self.contacts.append(row)
        return row

    def reaching_dates(self, c: dict) -> list[date]:
        return sorted(r["contacted_on"] for r in self.contacts if r["_c"] is c and r["outcome"] in REACHING)

    # --- vehicles and visits -----------------------------------------------------------------------

    def pick_model(self, delivered: date) -> str:
        avail = [m for m in MODELS if m[4] <= delivered]
        # the older 博越 gave way to 博越L
        if delivered >= date(2022, 12, 1):
            avail = [m for m in avail if m[0] != "博越"]
        return self.rng.choices([m[0] for m in avail], [m[6] for m in avail])[0]

    def vehicle(self, c: dict, delivered: date, sold_here: bool = True, model: str | None = None,
                profile: str = "active", usage: str = "normal", interval: tuple[int, int] | None = None,
                kmday: float | None = None, plated: bool = True) -> dict:
        rng = self.rng
        model = model or self.pick_model(delivered)
        v = {
            "_c": c,
            "_profile": profile,
            "_kmday": kmday or rng.uniform(30, 66),
            "vin": self.vin(model, delivered),
            "model": model,
            "plate": self.plate(MODEL_INFO[model][5]) if plated else "",
            "delivered_on": delivered,
            "sold_here": sold_here,
            "warranty_ends_on": add_years(delivered, 3),
            "insurance_ends_on": None,
            "inspection_due_on": None,
            "usage": usage,
            "service_interval_km": interval[0] if interval else None,
            "service_interval_months": interval[1] if interval else None,
            "_visits": [],
        }
        n = 1
        while add_years(delivered, n) < ANCHOR:
            n += 1
        v["insurance_ends_on"] = add_years(delivered, n)
        # inspection (年检): due at the second, fourth, sixth anniversary
        if (ANCHOR - delivered).days > 600:
            k = 2
            while add_years(delivered, k) < ANCHOR - timedelta(days=10):
                k += 2
            v["inspection_due_on"] = add_years(delivered, k)
        c["_vehicles"].append(v)
        self.vehicles.append(v)
        return v

    def intervals(self, v: dict, first: bool) -> tuple[int, int | None, int | None]:
        """(km, months, days) the rule engine should use for the next service."""
        km = v["service_interval_km"] or 5000
        months = v["service_interval_months"] or 3
        if v["usage"] == "severe":
            km //= 2
            if months % 2 == 0:
                return km, months // 2, None
            return km, None, round(months * 30.4 / 2)
        return km, months, None

    def predicted(self, v: dict, last: date, last_km: int, kmday: float, first: bool = False) -> date:
        km, months, days = self.intervals(v, first)
        by_time = add_months(last, months) if months else last + timedelta(days=days)
        by_km = last + timedelta(days=math.ceil(km / kmday))
        return min(by_time, by_km)

    def engine_kmday(self, v: dict, upto: date | None = None) -> float:
        reads = [(x["visited_on"], x["odometer_km"]) for x in v["_visits"] if upto is None or x["visited_on"] <= upto]
        if len(reads) >= 2 and reads[-1][0] > reads[0][0]:
            return (reads[-1][1] - reads[0][1]) / (reads[-1][0] - reads[0][0]).days
        return 15000 / 365

    def add_visit(self, v: dict, on: date, kind: str, amount: float, advisor: str | None = None,
                  complaint: str = "") -> dict:
        c = v["_c"]
        days = (on - v["delivered_on"]).days
        odo = int(v["_kmday"] * days * self.rng.uniform(0.97, 1.03))
        prev = [x["odometer_km"] for x in v["_visits"] if x["visited_on"] <= on]
        if prev:
            odo = max(odo, max(prev) + self.rng.randint(20, 120))
        odo = max(odo, 30)
        if advisor is None:
            advisor = c["advisor"] if self.chance(0.88) else self.rng.choice(self.advisors)
        x = {"_v": v, "vin": v["vin"], "visited_on": on, "odometer_km": odo, "kind": kind,
             "amount": amount, "advisor": advisor, "complaint": complaint}
        v["_visits"].append(x)
        v["_visits"].sort(key=lambda r: r["visited_on"])
        self.visits.append(x)
        return x

    def simulate_service(self, v: dict) -> None:
        """Maintenance history at roughly the predicted date, plus the odd repair."""
        rng = self.rng
        profile = v["_profile"]
        delivered = v["delivered_on"]
        if profile == "gone":
            history_start = ANCHOR - timedelta(days=rng.randint(1050, 1150))
            stop = ANCHOR - timedelta(days=rng.randint(760, 880))
        elif profile == "churned":
            history_start = ANCHOR - timedelta(days=rng.randint(760, 900))
            stop = ANCHOR - timedelta(days=rng.randint(375, 640))
        else:
            history_start = ANCHOR - timedelta(days=rng.randint(620, 800))
            stop = {
                "active": ANCHOR,
                "at_risk": ANCHOR - timedelta(days=rng.randint(155, 330)),
                "churned": ANCHOR - timedelta(days=rng.randint(375, 640)),
                "new": ANCHOR,
            }[profile]
        true_kmday = v["_kmday"]
        if delivered >= history_start:
            km, months, days = self.intervals(v, True)
            first_due = min(add_months(delivered, 3), delivered + timedelta(days=math.ceil(5000 / true_kmday)))
            nxt = first_due + timedelta(days=rng.randint(-12, 6))
            kind = "first_service"
        else:
            nxt = history_start + timedelta(days=rng.randint(0, 60))
            kind = "maintenance"
        while nxt <= stop:
            amount = 0.0 if kind == "first_service" else round(rng.choice([420, 460, 520, 580, 680, 880, 1180, 1350]) * rng.uniform(0.95, 1.08), 2)
            last = self.add_visit(v, nxt, kind, amount)
            kind = "maintenance"
            p = self.predicted(v, last["visited_on"], last["odometer_km"], true_kmday)
            nxt_service = p + timedelta(days=rng.randint(-10, 8))
            gap_lo, gap_hi = last["visited_on"] + timedelta(days=5), nxt_service - timedelta(days=5)
            if gap_hi > gap_lo:
                # extra visits between two services, only where the car was still coming
                extra_stop = min(gap_hi, stop)
                for kind_x, p_x, lo, hi in (
                    ("repair", 0.10, 600, 4500), ("other", 0.07, 120, 480),
                    ("accident", 0.03, 2500, 12000), ("warranty", 0.05, 0, 0),
                ):
                    if self.chance(p_x) and extra_stop > gap_lo:
                        on = self.between(gap_lo, extra_stop)
                        if kind_x == "warranty" and on > v["warranty_ends_on"]:
                            continue
                        if on <= ANCHOR:
                            self.add_visit(v, on, kind_x, 0.0 if kind_x == "warranty" else round(rng.uniform(lo, hi), 2))
            nxt = nxt_service
        # 年检 done at the store two years in (the next one is inspection_due_on)
        insp = add_years(delivered, 2)
        if history_start <= insp <= min(stop, ANCHOR - timedelta(days=20)) and self.chance(0.5):
            on = insp - timedelta(days=rng.randint(3, 25))
            if on >= history_start:
                self.add_visit(v, on, "inspection", round(rng.uniform(150, 300), 2))

    # --- the dealership ----------------------------------------------------------------------------

    def build(self) -> None:
        rng = self.rng
        self.build_owners()
        self.build_prospects()
        self.build_lost()
        for v in self.vehicles:
            if v["_profile"] != "new_recent":
                self.simulate_service(v)
        for c in self.customers:
            # a customer who bought elsewhere is on file from the first visit here
            if c["_vehicles"] and not any(v["sold_here"] for v in c["_vehicles"]):
                c["created_on"] = min(x["visited_on"] for v in c["_vehicles"] for x in v["_visits"])
        self.build_referrals()
        self.build_occasions()
        self.build_campaigns()
        self.build_complaints()
        self.set_grades()
        for v in self.vehicles:
            v["_visits"].sort(key=lambda x: (x["visited_on"], x["kind"]))
            prev = 0
            for x in v["_visits"]:
                if x["odometer_km"] <= prev:
                    x["odometer_km"] = prev + rng.randint(15, 80)
                prev = x["odometer_km"]
            assert v["_visits"] or v["_profile"] in ("new", "new_recent"), v
        # --- contacts
        for c in self.customers:
            if c["stage"] == "owner":
                self.owner_contacts(c)
            elif c["stage"] == "prospect":
                self.prospect_contacts(c)
            else:
                self.lost_contacts(c)
        self.crm_contacts()
        for c in self.customers:
            if c["stage"] == "owner":
                self.owner_visits(c)
        # --- scenario: an at-risk owner nobody has reached for 40 days (service.win_back due)
        for c in self.customers:
            if (c["_profile"] == "at_risk" and not c["do_not_contact"] and len(c["_vehicles"]) == 1
                    and not [d for d in self.reaching_dates(c) if d > day(-40)]):
                c["_quiet_since"] = day(-40)
                break
        for c in self.customers:
            if c["stage"] == "owner":
                self.keep_in_touch(c)
        self.scenario_contacts()

    def build_owners(self) -> None:
        rng = self.rng
        # --- scenario: deliveries in the last ten days (delivery.* touchpoints)
        # offsets 0 (no plate yet), 1, 3 (delivery.visit due today), 9; the 5-day-old
        # delivery is an existing owner's second car (a repurchase, premium).
        for off, model in ((0, "银河L7"), (1, "星越L"), (3, "博越L"), (9, "缤越")):
            delivered = day(-off)
            c = self.customer("owner", delivered - timedelta(days=rng.randint(12, 50)))
            c["advisor"] = self.next_advisor()
            c["_profile"] = "new"
            self.vehicle(c, delivered, model=model, profile="new_recent", plated=off >= 3)
        # --- scenario: first months of ownership (service.first around 76-92 days)
        for off in (14, 23, 37, 48, 61, 70, 79, 84, 88, 104):
            delivered = day(-off)
            c = self.customer("owner", delivered - timedelta(days=rng.randint(10, 60)))
            c["advisor"] = self.next_advisor()
            c["_profile"] = "new"
            self.vehicle(c, delivered, profile="new")
        # --- scenario: delivery anniversaries in the next days (occasion.anniversary)
        for delivered in (date(2025, 11, 26), date(2023, 11, 27)):
            c = self.customer("owner", delivered - timedelta(days=rng.randint(10, 40)))
            c["advisor"] = self.next_advisor()
            c["_profile"] = "active"
            self.vehicle(c, delivered, profile="active")
        # --- the established base
        plan = ["active"] * 73 + ["at_risk"] * 12 + ["churned"] * 7 + ["gone"] * 2
        rng.shuffle(plan)
        for i, profile in enumerate(plan):
            sold_here = i % 8 != 3  # about one in eight came from elsewhere for service
            lo, hi = {"active": (130, 1150), "at_risk": (540, 1250), "churned": (900, 1500), "gone": (1250, 1700)}[profile]
            if not sold_here:
                lo, hi = max(lo, 500), 1850
            if i % 9 == 5:
                lo, hi = max(lo, 1100), max(hi, 1500)  # some past warranty (season check)
            delivered = day(-rng.randint(lo, hi))
            created = delivered - timedelta(days=rng.randint(7, 75)) if sold_here else day(-rng.randint(200, 700))
            c = self.customer("owner", created, age=(26, 66))
            c["advisor"] = self.next_advisor()
            c["_profile"] = profile
            if not sold_here:
                c["source"] = rng.choice(["walk_in", "phone", "other"])
                c["notes"] = rng.choice(["外店购车,来店保养", "异地购车,在本店做售后", ""])
            usage, interval, kmday = "normal", None, None
            if profile == "active" and i % 13 == 0:
                usage, interval, kmday = "severe", rng.choice([None, (10000, 6)]), rng.uniform(70, 95)
                c["occupation"], c["industry"] = "网约车司机", "物流"
            elif profile == "active" and i % 11 == 4:
                interval = rng.choice([(7500, 6), (10000, 6), (7500, 6)])
                kmday = rng.uniform(38, 55)
            self.vehicle(c, delivered, sold_here=sold_here, profile=profile, usage=usage,
                         interval=interval, kmday=kmday)
        established = [c for c in self.customers if c["_profile"] == "active" and c["_vehicles"][0]["sold_here"]
                       and (ANCHOR - c["_vehicles"][0]["delivered_on"]).days > 400]
        # --- scenario: repurchases (second car bought here; premium by rule)
        second_car_owners = rng.sample(established, 11)
        for k, c in enumerate(second_car_owners):
            first = c["_vehicles"][0]["delivered_on"]
            delivered = day(-5) if k == 0 else self.between(first + timedelta(days=200), day(-20))
            profile = "new_recent" if k == 0 else ("new" if delivered > day(-100) else "active")
            self.vehicle(c, delivered, profile=profile)
            if k == 0:
                c["notes"] = "老客户增购,第二台车"
        # --- scenario: two small fleets (3 and 4 cars, premium by rule, one severe usage)
        taken = [id(o) for o in second_car_owners]
        fleet = [c for c in established if id(c) not in taken][:2]
        for n_cars, c in zip((2, 3), fleet):
            c["industry"], c["occupation"] = ("物流", "物流主管") if n_cars == 2 else ("个体经营", "个体老板")
            c["notes"] = "公司用车,联系人即老板本人" if n_cars == 3 else "物流公司车队,跑长途"
            for _ in range(n_cars):
                delivered = self.between(c["_vehicles"][0]["delivered_on"], day(-150))
                severe = n_cars == 2
                self.vehicle(c, delivered, profile="active", usage="severe" if severe else "normal",
                             interval=(10000, 6) if severe else None,
                             kmday=rng.uniform(80, 100) if severe else None)

    def build_prospects(self) -> None:
        rng = self.rng
        # --- scenario: leads created today / yesterday with no contact (lead.welcome)
        levels = [("B", 0), ("C", 1)] + [("A", rng.randint(3, 12)) for _ in range(8)]
        levels += [("B", rng.randint(6, 33)) for _ in range(14)]
        levels += [("C", rng.randint(15, 110)) for _ in range(19)]
        levels += [("D", rng.randint(30, 120)) for _ in range(17)]
        for level, off in levels:
            c = self.customer("prospect", day(-off), age=(22, 58))
            c["intent_level"] = level
            c["_profile"] = "prospect"
            if self.chance(0.7):
                c["advisor"] = self.rng.choice(self.advisors)
            model = rng.choices(PROSPECT_MODELS, PROSPECT_WEIGHTS)[0]
            c["interested_model"] = model
            c["budget"] = MODEL_INFO[model][3]
            if level == "A":
                c["expected_purchase_on"] = day(rng.randint(3, 16))
            elif level == "B" and self.chance(0.6):
                c["expected_purchase_on"] = day(rng.randint(7, 40))
            elif level == "C" and self.chance(0.4):
                c["expected_purchase_on"] = day(rng.randint(20, 60))
            if c["source"] == "event":
                c["created_on"] = date(2026, 10, 3) if off > 52 else c["created_on"]
                c["notes"] = "国庆车展留资" if c["created_on"] == date(2026, 10, 3) else "小区巡展留资"
        self.customers[-1]["notes"] = '在看"星越L"和"博越L",倾向四驱'

    def build_lost(self) -> None:
        rng = self.rng
        # quasi_lost: lost_on spread so lost.recheck (+7..+14, +30..+45) and lost.reason (+0..+3) show
        quasi = [1, 2, 5, 8, 10, 12, 31, 36, 42, 55, 70, 96, 120, 150, 185]
        lost = [0, 2, 6, 18, 27, 40, 64, 88, 110, 131, 152, 158, 166, 174, 198]
        for stage, offs in (("quasi_lost", quasi), ("lost", lost)):
            for k, off in enumerate(offs):
                lost_on = day(-off)
                c = self.customer(stage, lost_on - timedelta(days=rng.randint(20, 80)), age=(22, 58))
                c["_profile"] = stage
                if self.chance(0.5):
                    c["advisor"] = rng.choice(self.advisors)
                model = rng.choices(PROSPECT_MODELS, PROSPECT_WEIGHTS)[0]
                c["interested_model"] = model
                c["budget"] = MODEL_INFO[model][3]
                c["lost_on"] = lost_on
                # --- scenario: blank lost_reason on the newest ones (lost.reason due)
                if off <= 2 or (k % 5 == 4 and off > 30):
                    continue
                reason = rng.choice(LOST_REASONS)
                c["lost_reason"] = reason
                if reason == "选择竞品" or (reason == "价格原因" and self.chance(0.5)):
                    c["competitor"] = rng.choice(COMPETITORS)
                elif stage == "quasi_lost" and self.chance(0.4):
                    c["competitor"] = rng.choice(COMPETITORS)

    def build_referrals(self) -> None:
        rng = self.rng
        owners = [c for c in self.customers if c["stage"] == "owner" and c["_profile"] in ("active", "at_risk")]
        # --- scenario: two brand-new referred leads (referral.thanks for the referrer's consultant)
        for off, level in ((0, "B"), (2, "C")):
            c = self.customer("prospect", day(-off), age=(25, 50))
            c["_profile"] = "prospect"
            c["intent_level"] = level
            c["source"] = "referral"
            model = rng.choice(["星越L", "博越L"])
            c["interested_model"], c["budget"] = model, MODEL_INFO[model][3]
            c["advisor"] = rng.choice(self.advisors)
            referrer = rng.choice([o for o in owners if o["created_on"] < c["created_on"]])
            c["referred_by"] = referrer
            c["owner"] = referrer["owner"]
            c["notes"] = f"{referrer['name']}介绍的朋友"
        # older referrals: some bought, some still prospects or lost
        candidates = [c for c in self.customers if c["stage"] in ("owner", "prospect", "lost")
                      and c["referred_by"] is None and c["_profile"] != "new"]
        rng.shuffle(candidates)
        n = 0
        for c in candidates:
            pool = [o for o in owners if o["created_on"] < c["created_on"] - timedelta(days=30) and o is not c]
            if not pool:
                continue
            referrer = rng.choice(pool)
            c["referred_by"] = referrer
            c["source"] = "referral"
            n += 1
            if n == 12:
                break

    def build_occasions(self) -> None:
        rng = self.rng
        owners = [c for c in self.customers if c["stage"] == "owner" and c["_profile"] == "active"]
        prospects = [c for c in self.customers if c["stage"] == "prospect"]
        # --- scenario: birthdays today and in the next three days (occasion.birthday)
        for c, md in ((owners[3], (11, 24)), (owners[8], (11, 26)), (prospects[9], (11, 27)), (owners[20], (12, 2))):
            y = c["birthday"].year if c["birthday"] else ANCHOR.year - rng.randint(28, 55)
            c["birthday"] = date(y, *md)
        # lunar birthdays: 10-18 falls on 2026-11-26, 11-08 on 2026-12-16
        for c, lunar in ((owners[12], "10-18"), (owners[30], "11-08"), (prospects[15], "12-01"), (owners[41], "08-20")):
            c["lunar_birthday"] = lunar
            if c is not owners[41]:
                c["birthday"] = None
        # the premium-by-hand customer whose birthday is today (phone call by the consultant)
        owners[3]["grade"] = "premium"
        owners[3]["notes"] = "大客户,逢年过节亲自问候"
        # do_not_contact
        dnc = [owners[50], prospects[25], [c for c in self.customers if c["stage"] == "lost"][7]]
        for c in dnc:
            c["do_not_contact"] = True
            c["notes"] = "客户要求勿扰,不接受电话和短信"

    def build_campaigns(self) -> None:
        rng = self.rng
        vs = [v for v in self.vehicles if v["model"] == "博越L" and v["_profile"] in ("active", "at_risk")
              and not v["_c"]["do_not_contact"] and date(2022, 9, 1) <= v["delivered_on"] <= date(2024, 12, 31)]
        assert len(vs) >= 6, len(vs)
        recall = vs[:6]
        recall_ids = [id(v) for v in recall]
        # one of them already came in for the recall, two days ago
        self.add_visit(recall[0], day(-2), "recall", 0.0)
        active = [v for v in self.vehicles if v["_profile"] == "active" and id(v) not in recall_ids
                  and not v["_c"]["do_not_contact"]]
        parts = rng.sample(active, 3)
        for v in parts:  # the repair that ordered the parts
            self.add_visit(v, day(-rng.randint(6, 15)), "repair", round(rng.uniform(800, 2600), 2))
        self.campaigns = [
            {"campaign_id": "E2612", "name": "冬季新车品鉴会", "kind": "event", "starts_on": day(22), "ends_on": day(23),
             "target_models": ";".join(EVENT_MODELS), "target_stages": "prospect;owner", "target_grades": "", "vins": []},
            {"campaign_id": "R2611", "name": "博越L燃油泵召回", "kind": "recall", "starts_on": day(-5), "ends_on": day(85),
             "target_models": "", "target_stages": "", "target_grades": "", "vins": recall},
            {"campaign_id": "P2611", "name": "配件到货通知", "kind": "parts_arrival", "starts_on": day(-1), "ends_on": day(6),
             "target_models": "", "target_stages": "", "target_grades": "", "vins": parts},
            {"campaign_id": "S2612", "name": "冬季免费检测", "kind": "season_check", "starts_on": day(10), "ends_on": day(40),
             "target_models": "", "target_stages": "", "target_grades": "", "vins": []},
        ]
        self.recall, self.parts = recall, parts

    def build_complaints(self) -> None:
        rng = self.rng
        history = [x for x in self.visits if x["kind"] != "first_service" and x["visited_on"] < day(-20)]
        history.sort(key=lambda x: (x["visited_on"], x["vin"]))
        for x in rng.sample(history, 9):
            x["complaint"] = rng.choice(COMPLAINTS)
        # --- scenario: a complaint yesterday (complaint.reply due today, manager)
        recent = sorted((x for x in self.visits if x["visited_on"] == day(-1) and x["_v"]["_c"]["stage"] == "owner"
                         and not x["_v"]["_c"]["do_not_contact"]), key=lambda x: x["vin"])
        if not recent:
            v = [v for v in self.vehicles if v["_profile"] == "active" and id(v) not in [id(r) for r in self.recall]][5]
            recent = [self.add_visit(v, day(-1), "repair", 1280.0)]
        recent[0]["complaint"] = "预约了还排队一个多小时,等待时间过长"

    def set_grades(self) -> None:
        rng = self.rng
        for c in self.customers:
            if c["stage"] != "owner":
                continue
            computed = self.computed_grade(c)
            c["_grade"] = computed
            if c["grade"]:
                c["_grade"] = c["grade"]
                continue
            if not any(x for v in c["_vehicles"] for x in v["_visits"]):
                c["grade"] = "potential"  # new owners: set by hand, nothing to compute from yet
            elif self.chance(0.33):
                c["grade"] = rng.choice(["premium", "potential", "potential", "general"]) if computed != "premium" else "premium"
            c["_grade"] = c["grade"] or computed

    def computed_grade(self, c: dict) -> str:
        referred = any(o["referred_by"] is c and o["stage"] == "owner" for o in self.customers)
        sold = [v for v in c["_vehicles"] if v["sold_here"]]
        if referred or len(sold) >= 2 or len(c["_vehicles"]) >= 3:
            return "premium"
        last = max((x["visited_on"] for v in c["_vehicles"] for x in v["_visits"]), default=None)
        if last is None or last < add_months(ANCHOR, -12):
            return "general"
        return "potential"

    # --- contact notes -----------------------------------------------------------------------------

    NOTES = {
        "lead.welcome": ["感谢到店,已加微信发送车型资料", "感谢来电咨询,约好下次联系时间", "已发送感谢短信和报价单", "感谢留资,已介绍近期金融政策"],
        "lead.cadence": ["客户在对比竞品,关注油耗", "询问置换补贴政策", "客户还在考虑颜色,约周末看车", "发送最新优惠,客户说再商量",
                         "客户关心提车周期", "介绍0首付方案,客户有兴趣", "客户家人想一起来试驾", "客户说预算有点紧"],
        "lead.visit": ["到店试驾,对动力比较满意", "到店看车,带家人一起", "二次到店,谈价格"],
        "lead.appointment": ["预约周六上午试驾", "约好下周到店签合同", "预约到店看现车"],
        "delivery.thanks": ["交车感谢短信已发送", "已寄出交车感谢信"],
        "delivery.manager_call": ["销售经理回访,客户对交车流程满意", "经理致电感谢,客户提到希望加快上牌"],
        "delivery.visit": ["交车后三日亲访,讲解车机功能", "上门回访,帮客户设置手机互联"],
        "delivery.week_call": ["提醒首保时间,已告知上牌进度", "一周回访,客户用车正常", "提醒首次保养里程,客户已记下"],
        "owner.keep_in_touch": ["日常问候,用车正常", "问候客户,介绍老客户转介绍礼", "客户说最近跑高速多,油耗正常",
                                "节前问候,提醒冬季胎压", "问候,客户对车很满意", "客户提到朋友想看车"],
        "owner.visit": ["客户到店保养时当面拜访", "上门拜访,送车载香薰", "到店拜访,邀请参加车主俱乐部活动"],
        "service.maintenance": ["提醒保养,客户预约到店", "保养提醒,客户说下周过来", "已预约保养,发送预约短信"],
        "service.quality_callback": ["质量回访,客户满意", "回访维修质量,车辆正常", "质量回访,客户表示没有问题"],
        "service.care_callback": ["关怀回访,用车正常", "关怀回访,提醒下次保养里程", "关怀回访,客户询问轮胎更换"],
        "service.win_back": ["客户说最近在外地,回来再联系", "客户已在路边店保养,介绍保养套餐", "客户说车开得少,暂不保养",
                             "邀请回厂免费检测,客户考虑"],
        "expiry.insurance": ["续保报价已发,客户已续保", "续保提醒,客户比较后在本店续保", "续保提醒,客户已在网上续保"],
        "expiry.warranty": ["提醒质保即将到期,建议到店检测", "质保到期提醒,介绍延保产品"],
        "expiry.inspection": ["年检提醒短信已发送", "提醒年检,客户说自己去办"],
        "lost.recheck": ["经理回访,客户仍在对比,同意再来试驾", "经理回访,客户已订竞品车", "经理回访,客户说预算还没定"],
        "lost.competitor_care": ["战败客户关怀短信,邀请参加车主活动", "发送新车上市信息"],
        "complaint.reply": ["服务经理致电道歉,赠送免费洗车", "已安排技师复查,客户接受处理方案", "经理回复投诉,客户表示理解"],
    }

    def note(self, key: str) -> str:
        return self.rng.choice(self.NOTES[key])

    # --- contacts by stage -------------------------------------------------------------------------

    def sales_history(self, c: dict, start: date, end: date, level: str, max_contacts: int) -> date | None:
        """Welcome plus cadence contacts between start and end; returns the last reaching date."""
        rng = self.rng
        cad = {"A": (2, 3), "B": (4, 7), "C": (14, 30), "D": (30, 90)}[level]
        staff = c["owner"]
        c["_last_sales"] = None
        end = min(end, day(-1))
        first = start + timedelta(days=rng.choice([0, 0, 1]))
        if first > end:
            return None
        prev = self.contact(c, first, rng.choice(["sms", "phone", "wechat"]), "lead.welcome", "reached", staff,
                            self.note("lead.welcome"))
        t, n = first, 1
        while n < max_contacts:
            gap = rng.randint(*cad)
            if self.chance(0.12):
                gap += rng.randint(1, cad[1] - cad[0] + 3)
            nd = t + timedelta(days=gap)
            if nd > end:
                break
            if self.chance(0.18) and nd + timedelta(days=1) <= end and n + 1 < max_contacts:
                self.contact(c, nd, "phone", "lead.cadence", rng.choice(["no_answer", "no_answer", "busy"]), staff)
                nd += timedelta(days=1)
                n += 1
            r = rng.random()
            if r < 0.12:
                ch, outcome, note = "visit", "reached", self.note("lead.visit")
            elif r < 0.22:
                ch, outcome, note = "phone", "appointment", self.note("lead.appointment")
            else:
                ch, outcome, note = rng.choice(["phone", "phone", "wechat"]), "reached", self.note("lead.cadence")
            if self.chance(0.35) and prev["outcome"] in REACHING:
                prev["next_contact_on"] = nd  # a promise that was kept
            prev = self.contact(c, nd, ch, "lead.cadence" if self.chance(0.5) else "", outcome, staff, note)
            t, n = nd, n + 1
        c["_last_sales"] = prev
        return t

    def prospect_contacts(self, c: dict) -> None:
        rng = self.rng
        created = c["created_on"]
        level = c["intent_level"]
        if created >= day(-1) and c["source"] != "referral":
            return  # --- scenario: new leads waiting for lead.welcome
        cad = {"A": (2, 3), "B": (4, 7), "C": (14, 30), "D": (30, 90)}[level]
        if c["do_not_contact"]:
            self.sales_history(c, created, day(-20), level, 2)
            return
        last = self.sales_history(c, created, ANCHOR, level, 6)
        prev = c["_last_sales"]
        if prev is not None and prev["outcome"] in REACHING and self.chance(0.45):
            prev["next_contact_on"] = last + timedelta(days=rng.randint(*cad))

    def lost_contacts(self, c: dict) -> None:
        rng = self.rng
        lost_on = c["lost_on"]
        staff = c["owner"]
        level = rng.choice(["B", "C", "C"])
        self.sales_history(c, c["created_on"], lost_on - timedelta(days=1), level, rng.randint(2, 5))
        if c["lost_reason"]:
            reason = c["lost_reason"]
            comp = f",已在{c['competitor']}订车" if c["competitor"] and c["stage"] == "lost" else ""
            if c["stage"] == "quasi_lost":
                note = f"客户犹豫,{reason}" + (f",在看{c['competitor']}" if c["competitor"] else "")
            else:
                note = f"战败:{reason}{comp}"
            self.contact(c, lost_on, "phone", "", rng.choice(["reached", "refused"]), staff, note)
        elif lost_on < day(-3):
            self.contact(c, lost_on, "phone", "lost.reason", "no_answer", staff)
        if c["do_not_contact"]:
            return
        if c["stage"] == "quasi_lost":
            for lo, hi, p in ((7, 13, 0.6), (30, 44, 0.6)):
                on = lost_on + timedelta(days=rng.randint(lo, hi))
                if on < day(-1) and self.chance(p):
                    self.contact(c, on, "phone", "lost.recheck", "reached", "M01", self.note("lost.recheck"))
        else:
            on = lost_on + timedelta(days=rng.randint(150, 172))
            if on <= day(-1) and self.chance(0.4):
                self.contact(c, on, "sms", "lost.competitor_care", "reached", "K01", self.note("lost.competitor_care"))

    def owner_contacts(self, c: dict) -> None:
        """Pre-sale, delivery and service contacts of one owner."""
        rng = self.rng
        if c["do_not_contact"]:
            return
        first = min(v["delivered_on"] for v in c["_vehicles"])
        if c["_profile"] == "new" and c["_vehicles"][0]["sold_here"]:
            self.sales_history(c, c["created_on"], first - timedelta(days=1), rng.choice(["A", "B"]), rng.randint(3, 6))
        for v in c["_vehicles"]:
            self.delivery_contacts(c, v)
            self.service_contacts(c, v)

    def delivery_contacts(self, c: dict, v: dict) -> None:
        rng = self.rng
        d = v["delivered_on"]
        if not v["sold_here"] or d < LOG_START:
            return
        staff = c["owner"]
        age = (ANCHOR - d).days
        # --- scenario: the recent deliveries leave items open
        # 0 days: all four open; 1 day: thanks done, manager call open; 3: visit open;
        # 5 (repurchase): week_call open; 9: everything done.
        if age >= 1:
            self.contact(c, d, rng.choice(["sms", "letter"]), "delivery.thanks", "reached", staff, self.note("delivery.thanks"))
        if age >= 2 and self.chance(0.92):
            self.contact(c, d + timedelta(days=rng.randint(0, 1)), "phone", "delivery.manager_call", "reached", "M01",
                         self.note("delivery.manager_call"))
        if age >= 4 and self.chance(0.88):
            self.contact(c, d + timedelta(days=3), "visit", "delivery.visit", "reached", staff, self.note("delivery.visit"))
        if age >= 8 and self.chance(0.92):
            self.contact(c, d + timedelta(days=rng.randint(4, 7)), "phone", "delivery.week_call", "reached", staff,
                         self.note("delivery.week_call"))

    def service_contacts(self, c: dict, v: dict) -> None:
        rng = self.rng
        adv = c["advisor"]
        visits = v["_visits"]
        # callbacks after every visit
        for x in visits:
            vd = x["visited_on"]
            if vd + timedelta(days=1) > ANCHOR or vd < LOG_START - timedelta(days=20):
                continue
            recent = vd >= day(-7)
            if self.chance(0.45 if recent else 0.93):
                on = min(vd + timedelta(days=rng.choice([1, 1, 2, 2, 3])), day(-1))
                if on >= LOG_START and on > vd:
                    if self.chance(0.12) and on < day(-1):
                        self.contact(c, on, "phone", "service.quality_callback", "no_answer", adv)
                        on += timedelta(days=1)
                    if x["complaint"]:
                        score = rng.choice([2, 3])
                    else:
                        score = rng.choices([5, 4, 3, 2, 1], [56, 30, 9, 4, 1])[0]
                    cb = self.contact(c, on, "phone", "service.quality_callback", "reached", adv,
                                      self.note("service.quality_callback") if score >= 4 else "客户对本次服务不太满意", score=score)
                    if score <= 2 and on <= day(-3):
                        self.contact(c, on + timedelta(days=rng.randint(0, 2)), "phone", "complaint.reply", "reached", "M02",
                                     self.note("complaint.reply"))
                    x["_callback"] = cb
            if x["complaint"] and LOG_START <= vd <= day(-3):
                self.contact(c, vd + timedelta(days=rng.randint(0, 2)), "phone", "complaint.reply", "reached", "M02",
                             self.note("complaint.reply"))
            care_on = vd + timedelta(days=rng.randint(14, 25))
            if care_on <= day(-1) and care_on >= LOG_START and self.chance(0.5 if care_on >= day(-6) else 0.88):
                self.contact(c, care_on, rng.choice(["phone", "phone", "wechat"]), "service.care_callback", "reached", adv,
                             self.note("service.care_callback"))
        # maintenance reminders inside the window (−14 → predicted date)
        services = [x for x in visits if x["kind"] in ("first_service", "maintenance")]
        for prev, nxt in zip(services, services[1:]):
            p = self.predicted(v, prev["visited_on"], prev["odometer_km"], self.engine_kmday(v, prev["visited_on"]))
            lo = max(p - timedelta(days=12), prev["visited_on"] + timedelta(days=1), LOG_START)
            hi = nxt["visited_on"] - timedelta(days=1)
            if lo <= hi and self.chance(0.55):
                self.contact(c, self.between(lo, hi), "phone", "service.maintenance", "appointment", adv, self.note("service.maintenance"))
        profile = v["_profile"]
        if services:
            last = services[-1]
            p = self.predicted(v, last["visited_on"], last["odometer_km"], self.engine_kmday(v))
            opens = p - timedelta(days=14)
            if profile in ("active", "new"):
                # the current cycle: about half of the open windows were already handled
                if opens + timedelta(days=2) <= day(-1) and self.chance(0.5):
                    self.contact(c, self.between(opens + timedelta(days=2), ANCHOR - timedelta(days=1)), "phone",
                                 "service.maintenance", "appointment", adv, self.note("service.maintenance"))
            else:
                # stopped coming: reminded once, then win-back calls
                on = opens + timedelta(days=rng.randint(3, 12))
                if on <= day(-1):  # may predate the one-year log: a DMS remnant
                    self.contact(c, on, "phone", "service.maintenance", "reached", adv, "提醒保养,客户说暂时不来")
                lastv = visits[-1]["visited_on"]
                for months in (4, 8, 11):
                    on = add_months(lastv, months) + timedelta(days=rng.randint(1, 14))
                    if LOG_START <= on <= day(-1) and self.chance(0.8):
                        outcome = rng.choice(["reached", "reached", "no_answer"])
                        self.contact(c, on, "phone", "service.win_back", outcome, adv,
                                     self.note("service.win_back") if outcome == "reached" else "")
        elif v["sold_here"] and profile == "new":
            # no visit yet: first-service reminder for about half of those inside the window
            p = min(add_months(v["delivered_on"], 3), v["delivered_on"] + timedelta(days=math.ceil(5000 * 365 / 15000)))
            if p - timedelta(days=12) <= day(-1) and self.chance(0.5):
                self.contact(c, self.between(p - timedelta(days=12), day(-1)), "phone", "service.first", "appointment", adv,
                             "首保提醒,客户预约到店")
        if profile in ("churned", "gone"):
            return
        # insurance renewals of the past year and the current notice
        for n in range(0, 8):
            anniv = add_years(v["delivered_on"], n)
            if anniv < LOG_START or anniv <= v["delivered_on"]:
                continue
            if anniv > day(30):
                break
            if anniv <= ANCHOR:
                if self.chance(0.8):
                    self.contact(c, anniv - timedelta(days=rng.randint(5, 28)), "phone", "expiry.insurance", "reached", adv,
                                 self.note("expiry.insurance"))
            elif anniv - timedelta(days=26) <= day(-1) and self.chance(0.5):
                self.contact(c, self.between(anniv - timedelta(days=26), day(-1)), "phone", "expiry.insurance", "reached", adv,
                             "续保报价已发,客户考虑中")
        for field, tp, channel, note in (("warranty_ends_on", "expiry.warranty", "phone", "质保到期提醒,介绍延保产品"),
                                         ("inspection_due_on", "expiry.inspection", "sms", "年检提醒短信已发送")):
            due = v[field]
            if due and ANCHOR < due <= day(30) and due - timedelta(days=28) <= day(-1) and self.chance(0.5):
                self.contact(c, self.between(due - timedelta(days=28), day(-1)), channel, tp, "reached", adv, note)

    def crm_contacts(self) -> None:
        rng = self.rng
        event, recall, parts, season = self.campaigns
        # campaign.invite first notice opened on starts_on − 30 = ANCHOR − 8
        for c in self.customers:
            if c["do_not_contact"] or c["stage"] not in ("prospect", "owner"):
                continue
            if c["stage"] == "owner":
                if any(v["model"] in EVENT_MODELS for v in c["_vehicles"]) and c["_profile"] not in ("gone", "churned"):
                    if self.chance(0.7):
                        self.contact(c, day(-rng.randint(1, 7)), "sms", "campaign.invite", "reached", "K01",
                                     "冬季新车品鉴会邀请短信已发送")
            elif c["interested_model"] in EVENT_MODELS and c["created_on"] <= day(-8) and self.chance(0.4):
                self.contact(c, day(-rng.randint(1, 7)), "phone", "campaign.invite", "reached", c["owner"],
                             "邀请参加冬季新车品鉴会,客户表示有兴趣")
        # campaign.season_check opened on starts_on − 14 = ANCHOR − 4
        for v in self.vehicles:
            c = v["_c"]
            if (v["warranty_ends_on"] < season["starts_on"] and not c["do_not_contact"] and v["_profile"] != "gone"
                    and self.chance(0.55)):
                self.contact(c, day(-rng.randint(1, 4)), "sms", "campaign.season_check", "reached", "K01",
                             "冬季免费检测通知短信已发送")
        # birthday greetings over the past year
        for c in self.customers:
            if c["birthday"] and not c["do_not_contact"] and c["stage"] != "lost":
                b = c["birthday"]
                for y in (ANCHOR.year - 1, ANCHOR.year):
                    on = date(y, b.month, min(b.day, 28) if b.month == 2 else b.day)
                    if LOG_START <= on < ANCHOR and on >= c["created_on"] and self.chance(0.55):
                        self.contact(c, on, "sms", "occasion.birthday", "reached", "K01", "生日祝福短信")
        # recall: one appointment booked, one came in already
        rc = recall["vins"][1]["_c"]
        self.contact(rc, day(-4), "phone", "recall.notice", "appointment", rc["advisor"], "召回通知,客户预约12月1日到店")
        done = recall["vins"][0]["_c"]
        self.contact(done, day(-4), "phone", "recall.notice", "appointment", done["advisor"], "召回通知,客户预约到店")

    def owner_visits(self, c: dict) -> None:
        """owner.visit: a face-to-face visit every 75-90 days for premium and potential owners."""
        rng = self.rng
        if c["do_not_contact"] or c["_grade"] not in ("premium", "potential") or c["_profile"] in ("gone", "churned"):
            return
        latest_delivery = max(v["delivered_on"] for v in c["_vehicles"])
        visit_days = sorted(x["visited_on"] for v in c["_vehicles"] for x in v["_visits"])
        existing = sorted(r["contacted_on"] for r in self.contacts if r["_c"] is c and r["channel"] == "visit"
                          and r["outcome"] in REACHING and r["contacted_on"] >= latest_delivery)
        t = existing[-1] if existing else max(latest_delivery, LOG_START - timedelta(days=rng.randint(0, 80)))
        while True:
            store = [d for d in visit_days if t + timedelta(days=62) <= d <= t + timedelta(days=88)]
            on = store[0] if store and self.chance(0.8) else t + timedelta(days=rng.randint(72, 92))
            if on > day(-1):
                break
            if on >= LOG_START:
                self.contact(c, on, "visit", "owner.visit", "reached", c["owner"], self.note("owner.visit"))
            t = on

    def keep_in_touch(self, c: dict) -> None:
        """owner.keep_in_touch: fill the gaps between reaching contacts with the consultant's calls."""
        rng = self.rng
        if c["do_not_contact"]:
            return
        grade = c["_grade"]
        opens, due = (21, 30) if grade in ("premium", "potential") else (45, 60)
        reach = self.reaching_dates(c)
        latest_delivery = max(v["delivered_on"] for v in c["_vehicles"])
        start = max(latest_delivery, LOG_START - timedelta(days=rng.randint(0, opens)))
        lastv = max((x["visited_on"] for v in c["_vehicles"] for x in v["_visits"]), default=None)
        end = c.get("_quiet_since", day(-1))
        if c["_profile"] == "gone" and lastv:
            end = min(end, lastv + timedelta(days=420))  # the consultant gave up
        t = start
        while True:
            gap = rng.randint(opens, due)
            if self.chance(0.1):
                gap += rng.randint(3, 15)
            cand = t + timedelta(days=gap)
            later = [d for d in reach if t < d <= cand]
            if later:
                t = later[-1]
                continue
            if cand > end:
                break
            staff = c["owner"]
            tp = "owner.keep_in_touch" if self.chance(0.6) else ""
            if self.chance(0.14) and cand < end:
                self.contact(c, cand, "phone", tp, rng.choice(["no_answer", "busy"]), staff)
                cand += timedelta(days=rng.randint(1, 3))
                if cand > end:
                    break
            self.contact(c, cand, rng.choice(["phone", "phone", "phone", "wechat"]), tp, "reached", staff,
                         self.note("owner.keep_in_touch"))
            t = cand

    def latest_contact(self, c: dict) -> dict | None:
        mine = [r for r in self.contacts if r["_c"] is c]
        return max(mine, key=lambda r: (r["contacted_on"], r["_seq"])) if mine else None

    def scenario_contacts(self) -> None:
        rng = self.rng
        prospects = [c for c in self.customers if c["stage"] == "prospect" and not c["do_not_contact"]]
        owners = [c for c in self.customers if c["stage"] == "owner" and c["_profile"] == "active" and not c["do_not_contact"]]
        # referral thanks for the older referrals (the two newest are left open)
        for c in self.customers:
            ref = c["referred_by"]
            if ref is not None and c["created_on"] <= day(-4) and not ref["do_not_contact"]:
                on = c["created_on"] + timedelta(days=rng.randint(0, 2))
                if on >= LOG_START:
                    self.contact(ref, on, "phone", "referral.thanks", "reached", ref["owner"], "感谢转介绍,转介绍礼品已寄出")
        # --- scenario: promises due today (lead.promised) and in the next days
        promised = 0
        for c in prospects:
            last = c.get("_last_sales")
            if (last and last is self.latest_contact(c) and last["outcome"] in REACHING
                    and last["contacted_on"] <= day(-2) and c["intent_level"] in ("A", "B")):
                last["next_contact_on"] = ANCHOR if promised < 3 else day(rng.randint(1, 5))
                promised += 1
                if promised == 6:
                    break
        # --- scenario: a wrong number on a C-level lead (phone flagged)
        c = [p for p in prospects if p["intent_level"] == "C" and p.get("_last_sales")][2]
        self.contact(c, day(-3), "phone", "lead.cadence", "wrong_number", c["owner"], "号码错误,对方说不认识客户")
        c["notes"] = "留资电话可能有误"
        # --- scenario: a D lead who refused for now, and a lost customer who opted out
        c = [p for p in prospects if p["intent_level"] == "D" and p.get("_last_sales")][1]
        self.contact(c, day(-12), "phone", "lead.cadence", "refused", c["owner"], "客户说暂时不买车,半年后再说")
        c = [c for c in self.customers if c["stage"] == "lost" and not c["do_not_contact"] and c["lost_on"] < day(-60)][1]
        self.contact(c, day(-30), "phone", "", "opted_out", c["owner"], '客户明确表示"不要再打电话了"')
        # --- scenario: contacted this morning already (nothing more today)
        c = owners[15]
        self.contact(c, ANCHOR, "phone", "", "reached", c["owner"], "客户主动来电咨询保养,已约时间")
        # --- scenario: a low callback score yesterday (complaint.reply due today)
        recent = sorted((x for x in self.visits if day(-6) <= x["visited_on"] <= day(-3) and not x["complaint"]
                         and "_callback" not in x and x["_v"]["_c"]["stage"] == "owner"
                         and not x["_v"]["_c"]["do_not_contact"] and x["_v"]["_c"] is not owners[15]),
                        key=lambda x: (x["visited_on"], x["vin"]))
        x = recent[0]
        cust = x["_v"]["_c"]
        self.contact(cust, day(-1), "phone", "service.quality_callback", "reached", cust["advisor"],
                     "客户反馈:\n1. 空调有异味\n2. 胎压灯还亮,希望尽快处理", score=2)
        # a customer note with commas and quotes; no marketing (SPEC Suppression 6)
        cust["notes"] = '对服务敏感,回访请找"陈主管",不要发营销短信'
        cust["no_marketing"] = True
        self.build_important_customers(owners)
        self.build_defeats()

    def build_important_customers(self, owners: list[dict]) -> None:
        """Seed 003 §(三) 重要客户, last (the random draws before stay as they were)."""
        busy = {id(v) for v in self.recall + self.parts}
        quiet = [v for v in self.vehicles if v["_profile"] == "active" and id(v) not in busy
                 and v["_c"]["stage"] == "owner" and not v["_c"]["do_not_contact"] and not v["_c"]["notes"]
                 and v["_visits"] and v["_visits"][-1]["visited_on"] < day(-45)]
        # --- scenario: a customer marked important by hand, serviced two days ago (service.manager_callback)
        v = quiet[0]
        v["_c"]["important"] = True
        v["_c"]["notes"] = "重要客户:公司车队负责人"
        self.add_visit(v, day(-2), "maintenance", 880.0)
        # --- scenario: a repeat repair within 90 days (多次返修: the manager calls back and follows up)
        v = quiet[1]
        self.add_visit(v, day(-40), "repair", 2150.0)
        self.add_visit(v, day(-1), "repair", 1630.0)
        # --- scenario: an owner who wants no marketing, invited by nothing (SPEC Suppression 6)
        c = [v for v in quiet[2:] if v["model"] in EVENT_MODELS][0]["_c"]  # the winter event invites this model
        c["no_marketing"] = True
        c["notes"] = "不接受营销活动邀请"


    def build_defeats(self) -> None:
        """Seed 004 战败分析, last (the random draws before stay as they were): a defeat of every category, defeats a
        manager verified (lost.verify), a false defeat taken back to prospect (虚战败), an undecided quasi-lost customer."""
        # --- free-text reasons that name a seed 004 category plainly get it; the rest stay uncategorised
        plain = {"价格原因": "price", "预算不足": "funds", "贷款审批未通过": "funds", "家人意见不统一": "people",
                 "等车周期太长": "stock"}
        for c in self.customers:
            if c["stage"] in ("lost", "quasi_lost") and c["lost_reason"] in plain:
                c["lost_category"] = plain[c["lost_reason"]]
        # --- scenario: one defeat of every category (lost: bought a competitor, or lost contact; quasi-lost: not yet)
        defeats = [
            ("model", "lost", 150, "比亚迪", "觉得内饰老气,已在比亚迪提车"),
            ("price", "lost", 131, "大众", "大众优惠多两万,已订车"),
            ("funds", "quasi_lost", 117, "", "首付还没凑齐"),
            ("brand", "lost", 96, "丰田", "更认可合资品牌,已买丰田"),
            ("people", "quasi_lost", 81, "", "家里人觉得空间小"),
            ("cancelled", "quasi_lost", 64, "", "公司调整,取消购车计划"),
            ("stock", "lost", 47, "长安", "想要的颜色没有现车,买了长安"),
            ("unreasonable", "lost", 33, "本田", "要求送三年保养和全车加装,未谈拢"),
            ("slow_follow_up", "lost", 5, "理想", "顾问跟进不及时,客户已在理想订车"),
            ("lost_contact", "lost", 1, "", "电话停机,微信不回"),
            ("other", "quasi_lost", 12, "", "工作调动去外地,暂不考虑"),
        ]
        for category, stage, off, competitor, reason in defeats:
            c = self.late_defeat(stage, day(-off), category, competitor, reason)
            if stage == "lost" and off > 3:  # --- the manager verified each defeat (the newest two are still due)
                self.contact(c, day(-off + 2), "phone", "lost.verify", "reached", "M01", f"经理核实:{reason},确认战败")
            if stage == "quasi_lost":
                for lo in (10, 35):
                    if off - lo > 1:
                        self.contact(c, day(-off + lo), "phone", "lost.recheck", "reached", "M01", self.note("lost.recheck"))
        # --- scenario: a false defeat (虚战败): the manager's verification found no competitor's car; back to prospect B
        c = self.late_defeat("prospect", day(-20), "price", "大众", "说已在大众订车")
        c["intent_level"] = "B"
        self.contact(c, day(-18), "phone", "lost.verify", "reached", "M01", "经理核实:客户只是比价,未在大众订车,虚战败,转回B级")
        self.contact(c, day(-9), "phone", "lead.cadence", "reached", c["owner"], "约周末来店再试驾")
        # --- scenario: quasi-lost since day -70, both rechecks made, still undecided (lost.decide on the manager's list)
        c = self.late_defeat("quasi_lost", day(-70), "funds", "", "贷款额度还没批下来")
        self.contact(c, day(-61), "phone", "lost.recheck", "reached", "M01", "贷款还在审批,客户仍有意向")
        self.contact(c, day(-33), "phone", "lost.recheck", "reached", "M01", "客户说再等等,未选其他品牌")

    def late_defeat(self, stage: str, lost_on: date, category: str, competitor: str, reason: str) -> dict:
        """A customer added last (numbered after every other customer) and defeated on ``lost_on``."""
        rng = self.rng
        c = self.customer(stage, lost_on - timedelta(days=rng.randint(20, 60)), age=(24, 55))
        c["_profile"], c["_late"] = stage, True
        model = rng.choices(PROSPECT_MODELS, PROSPECT_WEIGHTS)[0]
        c["interested_model"], c["budget"] = model, MODEL_INFO[model][3]
        c["lost_on"], c["lost_category"], c["competitor"], c["lost_reason"] = lost_on, category, competitor, reason
        self.contact(c, c["created_on"], "phone", "lead.welcome", "reached", c["owner"], "首次来电,留资")
        self.contact(c, lost_on, "phone", "", "reached", c["owner"], f"战败:{reason}")
        return c


# --- output ----------------------------------------------------------------------------------------


def fmt_bool(b: bool | None) -> str:
    return "" if b is None else ("true" if b else "false")


def write(outdir: Path, gen: Gen) -> dict[str, int]:
    # customers added last (late defeats) are numbered after the others, so earlier customers keep their ids
    cust = sorted(gen.customers, key=lambda c: (c.get("_late", False), c["created_on"], c["_idx"]))
    for i, c in enumerate(cust):
        c["customer_id"] = f"C{1001 + i}"
    staff = [
        ("S01", "张伟", "consultant", "sales", "30"),
        ("S02", "李婷", "consultant", "sales", "35"),
        ("S03", "王志强", "consultant", "sales", ""),
        ("S04", "赵敏", "consultant", "sales", "28"),
        ("A01", "陈静", "advisor", "service", "40"),
        ("A02", "刘洋", "advisor", "service", "35"),
        ("A03", "杨帆", "advisor", "service", ""),
        ("M01", "周建华", "manager", "sales", "25"),
        ("M02", "吴海燕", "manager", "service", "25"),
        ("K01", "孙丽", "crm", "service", "40"),
    ]
    rows: dict[str, list[list]] = {"staff": [list(s) for s in staff]}
    rows["customers"] = [
        [c["customer_id"], c["name"], c["phone"], c["wechat"], c["email"], iso(c["birthday"]), c["lunar_birthday"],
         c["gender"], c["occupation"], c["region"], c["industry"], c["source"],
         c["referred_by"]["customer_id"] if c["referred_by"] else "", c["stage"], c["intent_level"], c["grade"],
         c["owner"], c["advisor"], iso(c["created_on"]), c["interested_model"], c["budget"],
         iso(c["expected_purchase_on"]), iso(c["lost_on"]), c.get("lost_category") or "", c["lost_reason"],
         c["competitor"], fmt_bool(c["do_not_contact"]), fmt_bool(c.get("no_marketing")),
         fmt_bool(c.get("important")), c["notes"]]
        for c in cust
    ]
    vehicles = sorted(gen.vehicles, key=lambda v: (v["_c"]["customer_id"], v["delivered_on"], v["vin"]))
    rows["vehicles"] = [
        [v["vin"], v["_c"]["customer_id"], v["model"], v["plate"], iso(v["delivered_on"]), fmt_bool(v["sold_here"]),
         iso(v["warranty_ends_on"]), iso(v["insurance_ends_on"]), iso(v["inspection_due_on"]), v["usage"],
         v["service_interval_km"] or "", v["service_interval_months"] or ""]
        for v in vehicles
    ]
    visits = sorted(gen.visits, key=lambda x: (x["visited_on"], x["vin"], x["kind"]))
    rows["visits"] = [
        [f"V{i + 1:06d}", x["vin"], iso(x["visited_on"]), x["odometer_km"], x["kind"], "%.2f" % x["amount"],
         x["advisor"], x["complaint"]]
        for i, x in enumerate(visits)
    ]
    contacts = sorted(gen.contacts, key=lambda r: (r["contacted_on"], r["_c"]["customer_id"], r["_seq"]))
    rows["contacts"] = []
    for r in contacts:
        row = [r["_c"]["customer_id"], iso(r["contacted_on"]), r["channel"], r["touchpoint"], r["outcome"], r["staff"],
               iso(r["next_contact_on"]), "" if r["score"] is None else r["score"], r["note"]]
        if row not in rows["contacts"][-8:]:  # contacts.csv has no key: the importer skips exact duplicates
            rows["contacts"].append(row)
    rows["campaigns"] = [
        [k["campaign_id"], k["name"], k["kind"], iso(k["starts_on"]), iso(k["ends_on"]), k["target_models"],
         k["target_stages"], k["target_grades"], ";".join(v["vin"] for v in k["vins"])]
        for k in gen.campaigns
    ]
    outdir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for kind, cols in COLUMNS.items():
        with open(outdir / f"{kind}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(cols)
            w.writerows(rows[kind])
        counts[kind] = len(rows[kind])
    return counts


def main(argv: list[str]) -> int:
    outdir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    gen = Gen()
    gen.build()
    counts = write(outdir, gen)
    print(" ".join(f"{k}={n}" for k, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
