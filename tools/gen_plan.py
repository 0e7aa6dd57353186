#!/usr/bin/env python3
"""Provenance of tasks/: writes the bundled plan as RON from docs/plan.txt.

Run once by hand (python3 tools/gen_plan.py && cargo run -- fmt tasks); the committed
files in tasks/ are the source of truth afterwards, and tests check them against the text.
Measure split: DOMAIN.md section 6 (clause level), titles reduced to verbatim phrases.
"""
import os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXT = open(os.path.join(ROOT, "docs", "plan.txt"), encoding="utf-8").read()
OUT = os.path.join(ROOT, "tasks")

def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

def opt(s):
    return "None" if s is None else "Some(" + q(s) + ")"

def ids(xs):
    return "[" + ", ".join(q(x) for x in xs) + "]"

# ---- actions -------------------------------------------------------------------------
sec2 = TEXT.split("二、九大重点领域改革行动\n")[1].split("\n三、保障措施")[0]
paragraphs = [p for p in sec2.split("\n") if p.strip()]
assert len(paragraphs) == 9, len(paragraphs)
NUMS = "一二三四五六七八九"
actions = []
for i, p in enumerate(paragraphs):
    m = re.match(r"\((.)\)(.*?行动)。", p)
    assert m and m.group(1) == NUMS[i], p[:20]
    actions.append((f"A{i+1}", m.group(2), p))

# ---- indicators ----------------------------------------------------------------------
table = TEXT.split("基本公共服务一体化改革发展指标清单\n")[1].strip().split("\n")[1:]
GROUPS = {1: ("效能协同", "标准能力提升"), 7: ("空间协同", "城乡均衡配置"),
          15: ("群体协同", None), 23: ("数字协同", "数据互联互通")}
indicators = []
group = None
for line in table:
    cells = [c.strip() for c in line.split("|")]
    cells = [c for c in cells]
    if not cells[0].isdigit():
        cells = cells[1:]  # the first row of a group carries the 类型 cell
    num = int(cells[0])
    if num in GROUPS:
        group = GROUPS[num]
    name, prov, city, t25, t27, lead = cells[1:7]
    m = re.match(r"(.*)\((.*)\)$", name)
    if m:
        short, unit = m.group(1), m.group(2)
    else:
        short, unit = name, ""
    indicators.append(dict(num=num, printed=name, name=short, unit=unit, group=group,
                           prov=prov, city=city, t25=t25, t27=t27, lead=lead))
assert len(indicators) == 24

KIND = {7: "AnnualFlow", 16: "AnnualFlow", 18: "AnnualFlow", 23: "AnnualFlow",
        11: "Cumulative", 12: "Cumulative", 10: "Count", 24: "Index",
        8: "Cumulative"}  # I08: 到2027年累计建成基层站点650个 (DOMAIN.md §5.2)
DIRECTION = {1: "Maintain"}

def printed(text):
    if text == "/":
        p = "Missing"
    elif text == "完成下达指标":
        p = "Assigned"
    elif text.startswith("≥"):
        p = f"AtLeast({float(text[1:])!r})"
    elif text.startswith("保持"):
        p = f"Maintain({float(text[2:])!r})"
    elif text.endswith("以上"):
        p = f"Above({float(text[:-2])!r})"
    else:
        p = f"Exactly({float(text)!r})"
    return f"(text: {q(text)}, parsed: {p})"

# ---- measures (DOMAIN.md section 6) --------------------------------------------------
# (id, verbatim title, requirement or None, strong indicator links, weak indicator links)
M = [
 ("A1-01", "构建“15分钟托育服务圈”", None, [], []),
 ("A1-02", "加快普惠托育发展", None, [], []),
 ("A1-03", "实施托幼一体化改革", None, [], []),
 ("A1-04", "完善托育标准体系", None, [], []),
 ("A1-05", "加强托育服务需求适配", None, [], []),
 ("A1-06", "推进多元服务供给", None, [], []),
 ("A1-07", "创新托幼服务贯通实践", "到2027年托幼一体托位达80%", ["I15"], []),
 ("A1-08", "构建医育融合和数字服务网络", None, [], ["I23"]),
 ("A1-09", "推行托育融合多元模式", None, [], []),
 ("A1-10", "完善补助、联合执法等政策", None, [], []),
 ("A1-11", "健全托育人才培训机制", None, [], []),
 ("A2-01", "创新“人口-学位-设施”三维联动机制改革", None, [], []),
 ("A2-02", "优化城乡教育资源布局", None, [], []),
 ("A2-03", "建立学位资源动态适配机制", None, [], []),
 ("A2-04", "推进普通高中分类办学改革", None, ["I7"], []),
 ("A2-05", "全域深化义务教育教共体建设", "到2027年融合型共建型教共体覆盖率达100%", ["I1"], []),
 ("A2-06", "加快创建国家学前教育普及普惠县", None, [], []),
 ("A2-07", "国家义务教育优质均衡发展县", None, ["I2"], []),
 ("A2-08", "健全特教双轨服务运行", None, [], []),
 ("A2-09", "深化中小学编制“市管县用”改革", None, [], []),
 ("A2-10", "推行师资动态流转模式", None, [], []),
 ("A2-11", "创新教师共享机制", None, [], []),
 ("A2-12", "创新闲置资源盘活与转化利用机制", None, [], []),
 ("A2-13", "提升学校体育设施开放共享水平", None, [], []),
 ("A3-01", "打造“家门口”就业服务站和“15分钟就业服务圈”", None, [], []),
 ("A3-02", "加强基层就业服务站点规划", "到2027年累计建成基层站点650个", ["I8"], []),
 ("A3-03", "构建覆盖基层的公共就业服务网络", None, [], []),
 ("A3-04", "优化基层零工市场精准匹配建设", None, [], []),
 ("A3-05", "创新常住地就业服务机制", None, [], []),
 ("A3-06", "深化就业服务一体化", None, [], []),
 ("A3-07", "强化数字赋能,加强一站式就业服务支持", None, [], []),
 ("A3-08", "聚力破解就业“两难”问题", None, [], ["I16"]),
 ("A3-09", "深化培训体系建设", None, [], []),
 ("A3-10", "创新技能人才评价机制", None, [], []),
 ("A4-01", "制定卫生健康设施专项规划", None, [], []),
 ("A4-02", "推进龙平苍医疗一体化发展", None, [], []),
 ("A4-03", "持续推进医疗卫生“山海”协作和县域医共体建设", None, ["I9"], []),
 ("A4-04", "提升医养结合服务", None, [], ["I4"]),
 ("A4-05", "明确乡镇卫生院(社区卫生服务中心)分类建设标准", None, [], ["I3"]),
 ("A4-06", "逐步提高政府举办的村级医疗卫生机构比例", None, [], []),
 ("A4-07", "完善巡回诊疗服务运行保障长效机制", None, ["I10"], []),
 ("A4-08", "深化重点人群健康管理服务", None, ["I17"], []),
 ("A4-09", "升级“温暖医靠2.0”品牌", None, [], []),
 ("A4-10", "放大国家医防融合试点效应", None, [], ["I23"]),
 ("A4-11", "推进县域医共体医疗卫生人才“县乡村一体化”管理使用改革", None, [], []),
 ("A4-12", "优化医保定点机构布局,统一服务标准", None, [], ["I20"]),
 ("A4-13", "深化医保跨域通办等机制", None, [], []),
 ("A5-01", "全域构建城乡“15分钟养老服务圈”", None, [], []),
 ("A5-02", "做大做强县城、中心镇养老服务,构建城乡养老服务三级体系", None, [], []),
 ("A5-03", "推进养老服务标准落地", None, [], []),
 ("A5-04", "创新“建运一体化”普惠养老体系", None, [], []),
 ("A5-05", "推进养老服务设施更新与综合体建设", None, [], []),
 ("A5-06", "实施养老机构分类改革", None, [], ["I5", "I6"]),
 ("A5-07", "鼓励社会力量新建或改扩建养老服务设施", None, [], []),
 ("A5-08", "支持公建民营扩大优质服务供给", None, [], []),
 ("A5-09", "优化老年助餐可持续发展", None, [], []),
 ("A5-10", "打造“医防护”全周期融合康养品牌", None, [], []),
 ("A5-11", "深化“银龄守护”行动", None, [], []),
 ("A5-12", "创新医保支付、强化服务政策协同等机制", None, [], []),
 ("A6-01", "构建“温暖安居”保障体系", None, [], []),
 ("A6-02", "着力优化保障性住房准入条件与保障标准", None, [], []),
 ("A6-03", "深化人才住房制度创新,加强人才住房保障", None, [], []),
 ("A6-04", "加大保障性住房供给", "三年建设筹集保障性住房1.6万套(间)", ["I12"], []),
 ("A6-05", "加强土地、财税、金融等政策支持", None, [], []),
 ("A6-06", "全域推进城乡“宜居提质”工程", None, ["I11"], []),
 ("A6-07", "推动城乡基础设施网络一体规划布局", None, [], []),
 ("A6-08", "推进城乡住房设施更新改造", None, ["I11"], []),
 ("A6-09", "深化农房建设管理机制和城乡住房安全治理", None, [], []),
 ("A6-10", "推行审批服务“一网通办”", None, [], []),
 ("A7-01", "推进分层分类救助帮扶", None, [], ["I20"]),
 ("A7-02", "加强低收入人口动态监测预警", "保持在户籍人口5%以上", [], []),
 ("A7-03", "强化三级救助服务网络构建", None, [], ["I24"]),
 ("A7-04", "动态调整低保标准,规范救助服务标准", None, [], []),
 ("A7-05", "深化低收入家庭综合帮扶集成改革", None, [], []),
 ("A7-06", "深化服务类社会救助", None, [], []),
 ("A7-07", "迭代升级综合帮扶在线应用,完善帮扶场景", None, [], []),
 ("A7-08", "深化“1619阳光少年启航计划”实施", None, ["I18"], []),
 ("A7-09", "推行民资参与救助多元高效协同模式", None, [], ["I24"]),
 ("A7-10", "创新多元救助服务机制", None, [], []),
 ("A7-11", "完善残疾人关爱服务体系", None, ["I21", "I22"], []),
 ("A7-12", "强化残疾人就业创业支持", None, [], []),
 ("A7-13", "加大科技助残力度", None, [], []),
 ("A8-01", "统一城乡文化服务标准", None, [], []),
 ("A8-02", "推动城乡文化场馆“建管评”三统一", None, ["I13"], []),
 ("A8-03", "创新“智慧赋能”文化共同体无边界打造模式", None, [], []),
 ("A8-04", "推动社会力量参与公共文化建设", None, [], []),
 ("A8-05", "串联1841个“15分钟品质文化生活圈”形成在线闭环管理", "到2027年串联1841个“15分钟品质文化生活圈”", [], []),
 ("A8-06", "统筹体育设施规划布局", None, ["I14"], []),
 ("A8-07", "深入实施全民健身体育场地设施普惠工程", "到2027年人均体育场地达3.6平方米", [], []),
 ("A8-08", "着力提升重大体育设施跨区域利用水平", None, [], []),
 ("A8-09", "因地制宜建设一批“小而惠”体育设施", None, [], []),
 ("A8-10", "加强开放共享体育设施", None, [], []),
 ("A8-11", "深化社会力量办体育改革", None, [], []),
 ("A9-01", "构建城乡一体化殡葬服务设施", None, [], []),
 ("A9-02", "推行“身后事”简办俭办", None, [], []),
 ("A9-03", "丧事集中殡仪馆(殡仪服务中心)办理", "2027年前实现全市主城区、建制县(市、区)人口集聚区丧事集中殡仪馆(殡仪服务中心)办理", ["I19"], []),
 ("A9-04", "构建“身后事”全过程惠民救助机制", None, [], []),
 ("A9-05", "节点化推进基本服务项目免费", None, [], []),
 ("A9-06", "强化困难群众“身后事”服务保障力度", None, [], []),
]

ind_by_id = {f"I{r['num']:02d}": r for r in indicators}
def norm(i):
    return f"I{int(i[1:]):02d}"

links = {}  # indicator -> measures
for mid, title, req, strong, weak in M:
    for i in strong + weak:
        links.setdefault(norm(i), []).append(mid)

# Action lead: the unit leading most of the indicators linked to the action's measures
# (ties go to the first in table order); others leading linked indicators are co-units.
action_leads = {}
for aid, _, _ in actions:
    strong = sorted({norm(i) for m in M if m[0].startswith(aid + "-") for i in m[3]})
    allx = sorted({norm(i) for m in M if m[0].startswith(aid + "-") for i in m[3] + m[4]})
    counts = {}
    for i in allx:
        counts.setdefault(ind_by_id[i]["lead"], []).append(i)
    lead = max(counts.items(), key=lambda kv: (len(kv[1]), -int(kv[1][0][1:])))
    co = []
    for i in allx:
        u = ind_by_id[i]["lead"]
        if u != lead[0] and u not in co:
            co.append(u)
    action_leads[aid] = (lead[0], lead[1][0], co, allx)

def sentence_of(paragraph, phrase):
    for sent in re.split(r"(?<=[。;])", paragraph):
        if phrase in sent:
            return sent.strip()
    raise SystemExit(f"not found: {phrase}")

def write(path, text):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)

overview = TEXT.split("一、总体要求\n")[1].split("\n二、")[0].strip()
safeguards = TEXT.split("三、保障措施\n")[1].split("\n基本公共服务")[0].strip()
write("plan.ron", f"""(schema: 1, title: {q("温州市基本公共服务一体化改革实施方案(2025-2027年)")},
 taskforce: {q("温州市基本公共服务一体化改革专班")}, start: "2025-01-01", end: "2027-12-31",
 overview: {q(overview)}, safeguards: {q(safeguards)})
""")

CITY = ["市发展改革委", "市教育局", "市人社局", "市卫健委", "市民政局", "市住建局",
        "市文广旅局", "市体育局", "市医保局", "市残联"]
# Units the plan does not name but its 保障措施 (土地、资金、人才等要素保障, 数字化手段,
# 改革实施评价和满意度调查) and the measures' own subjects (编制, 标准, 规划布局) need.
SUPPORT = ["市财政局", "市资规局", "市委编办", "市市场监管局", "市数据局", "市统计局"]
FULL = {"市发展改革委": "温州市发展和改革委员会", "市教育局": "温州市教育局",
        "市人社局": "温州市人力资源和社会保障局", "市卫健委": "温州市卫生健康委员会",
        "市民政局": "温州市民政局", "市住建局": "温州市住房和城乡建设局",
        "市文广旅局": "温州市文化广电旅游局", "市体育局": "温州市体育局",
        "市医保局": "温州市医疗保障局", "市残联": "温州市残疾人联合会",
        "市财政局": "温州市财政局", "市资规局": "温州市自然资源和规划局",
        "市委编办": "中共温州市委机构编制委员会办公室",
        "市市场监管局": "温州市市场监督管理局", "市数据局": "温州市数据局",
        "市统计局": "温州市统计局"}
COUNTY = ["鹿城区", "龙湾区", "瓯海区", "洞头区", "瑞安市", "乐清市", "龙港市",
          "永嘉县", "平阳县", "苍南县", "文成县", "泰顺县"]
for u in CITY:
    assert u in TEXT, u
units = [f"(name: {q(u)}, kind: City, full_name: {opt(FULL.get(u))})" for u in CITY + SUPPORT]
units += [f"(name: {q(u)}, kind: County, full_name: None)" for u in COUNTY]
write("units.ron", "(schema: 1, units: [" + ", ".join(units) + "], people: [])\n")

for n, (aid, title, para) in enumerate(actions, 1):
    lead, via, co, inds = action_leads[aid]
    write(f"actions/{aid}.ron", f"""(schema: 1, id: {q(aid)}, number: {n}, title: {q(title)}, text: {q(para)},
 lead_unit: {q(lead)}, lead_source: InferredFromIndicator({q(via)}), co_units: {ids(co)}, indicators: {ids(inds)})
""")

# Lead units by field where no indicator row is linked to the measure: the unit that leads the
# indicator table's row of the same field (体育 → I14 市体育局, 残疾人 → I21 市残联,
# 医保 → I20 市医保局). The action-level inference would give these to 市文广旅局, 市民政局
# and 市卫健委, which the table contradicts.
LEAD_BY_FIELD = {
    "A4-12": "I20", "A4-13": "I20",
    "A7-12": "I21", "A7-13": "I21",
    "A8-07": "I14", "A8-08": "I14", "A8-09": "I14", "A8-10": "I14", "A8-11": "I14",
}
# Co-units (配合单位) a clause implies by its own subject; indicator-derived ones are added too.
CO_UNITS = {
    "A1-04": ["市卫健委", "市市场监管局"],   # 托育标准体系: 托育 is 卫健委's, standards 市场监管局's
    "A1-08": ["市卫健委"],                   # 医育融合
    "A1-10": ["市卫健委", "市财政局", "市市场监管局"],  # 托育机构 补助 and 联合执法
    "A1-11": ["市卫健委", "市人社局"],       # 托育人才培训
    "A2-08": ["市残联"],                     # 特教 (children with disabilities)
    "A2-09": ["市委编办"],                   # 编制“市管县用”
    "A2-13": ["市体育局"],                   # 学校体育设施开放
    "A4-01": ["市资规局"],                   # 设施专项规划
    "A4-04": ["市民政局"],                   # 医养结合
    "A4-11": ["市委编办", "市人社局"],       # 人才“县乡村一体化”管理使用 (编制, 人事)
    "A4-12": ["市卫健委"],                   # 定点机构 are 卫健委's institutions
    "A5-03": ["市市场监管局"],               # 养老服务标准
    "A5-10": ["市卫健委"],                   # “医防护”康养
    "A5-12": ["市医保局", "市卫健委"],       # 医保支付: 市医保局 co-leads
    "A6-05": ["市资规局", "市财政局"],       # 土地、财税
    "A6-07": ["市资规局"],                   # 一体规划布局
    "A6-10": ["市数据局"],                   # “一网通办”
    "A7-12": ["市人社局"],                   # 残疾人就业
    "A8-01": ["市市场监管局"],               # 国家行业标准、地方标准
    "A8-06": ["市资规局"],                   # 体育设施规划布局
    "A8-10": ["市教育局"],                   # 开放共享 (school sports facilities, cf. A2-13)
    "A9-01": ["市资规局"],                   # 殡葬服务设施布局
    "A9-05": ["市财政局"],                   # 基本服务项目免费
}

for mid, title, req, strong, weak in M:
    aid = mid.split("-")[0]
    para = actions[int(aid[1:]) - 1][2]
    assert title in para, title
    if req:
        assert req in para, req
    src = sentence_of(para, title)
    strong = [norm(i) for i in strong]
    inds = strong + [norm(i) for i in weak]
    if strong:
        lead, source = ind_by_id[strong[0]]["lead"], f"InferredFromIndicator({q(strong[0])})"
    elif mid in LEAD_BY_FIELD:
        via = LEAD_BY_FIELD[mid]
        lead, source = ind_by_id[via]["lead"], f"InferredFromIndicator({q(via)})"
    else:
        lead, source = action_leads[aid][0], "InferredFromAction"
    co = []
    # Units leading an indicator row linked to the measure co-operate on it; then the units
    # the clause itself names by its subject (CO_UNITS).
    for i in inds:
        u = ind_by_id[i]["lead"]
        if u != lead and u not in co:
            co.append(u)
    for u in CO_UNITS.get(mid, []):
        assert u in CITY + SUPPORT, u
        if u != lead and u not in co:
            co.append(u)
    # The plan gives no start, status or reporting cadence for any measure, and a deadline
    # only where the clause says 到2027年 or 三年 (the plan's end): the rest are defaults.
    assumed = ["Start", "Cadence", "Status"]
    if not (req and (req.startswith("到2027年") or req.startswith("三年"))):
        assumed.insert(1, "Deadline")
    assumed = "[" + ", ".join(assumed) + "]"
    write(f"measures/{aid}/{mid}.ron", f"""(schema: 1, id: {q(mid)}, action: {q(aid)}, title: {q(title)}, source_text: {q(src)},
 requirement: {opt(req)}, lead_unit: {q(lead)}, lead_source: {source}, co_units: {ids(co)}, owner: None, liaison: None,
 start: "2025-01-01", deadline: "2027-12-31", milestones: [], indicators: {ids(inds)}, status: NotStarted,
 light_override: None, cadence: Monthly, tags: [], closure: None, assumed: {assumed})
""")

for r in indicators:
    iid = f"I{r['num']:02d}"
    g, sg = r["group"]
    write(f"indicators/{iid}.ron", f"""(schema: 1, id: {q(iid)}, number: {r['num']}, printed_name: {q(r['printed'])},
 name: {q(r['name'])}, unit: {q(r['unit'])}, group: {q(g)}, subgroup: {opt(sg)}, lead_unit: {q(r['lead'])},
 kind: {KIND.get(r['num'], 'Rate')}, direction: {DIRECTION.get(r['num'], 'HigherBetter')},
 province_2024: {printed(r['prov'])}, city_2024: {printed(r['city'])},
 target_2025: {printed(r['t25'])}, target_2027: {printed(r['t27'])}, measures: {ids(links.get(iid, []))})
""")
print(f"{len(actions)} actions, {len(M)} measures, {len(indicators)} indicators written to {OUT}")
