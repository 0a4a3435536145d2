"""Headlines and bodies of the synthetic demo issues, composed from our own phrase banks.

A real city daily rarely prints the same headline twice and its items run to a page column or
more, so the demo (and the browser tests and benchmarks that load it) should not repeat a few
hundred identical headlines with one-line bodies. Everything is drawn from the `random.Random`
the caller passes, seeded per issue, so a load is reproducible to the character.

Body lengths follow a log-normal distribution clipped to 800–2,000 characters (median about
1,200), roughly what the news items of a four-page city daily measure.
"""

import math
import random

BODY_MIN, BODY_MAX = 800, 2000
BODY_MEDIAN, BODY_SIGMA = 1200, 0.3

# {where} a place; {n}, {m} numbers; {pct} a percentage; {month} a month; {who} an official
HEADLINE_FORMS = [
    "{where}{action}",
    "{where}{action}{outcome}",
    "{action}：{where}{outcome}",
    "{where}以{focus}为抓手{action}",
    "{where}{n}个项目{project_state}",
    "{where}{action} {m}名干部群众参与",
    "{focus}见实效 {where}{action}",
    "{month}以来{where}{action}",
]
OUTCOMES = ["取得新进展", "成效明显", "跑出加速度", "迈出新步伐", "交出亮眼答卷", "稳步推进"]
FOCUSES = ["项目建设", "民生实事", "产业升级", "基层治理", "营商环境", "人才培养", "科技创新"]
PROJECT_STATES = ["集中开工", "竣工投用", "签约落地", "加快推进", "通过验收"]
MONTHS = ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月"]
OFFICIALS = ["县长", "副市长", "区委书记", "局长", "乡党委书记", "村党支部书记", "站长"]

OPENINGS = [
    "近日，{where}{action}，{who}到现场调研并提出具体要求。",
    "本报讯 {month}以来，{where}围绕{focus}，扎实{action}，各项工作有序推进。",
    "{where}日前{action}。这是当地今年落实{focus}部署的又一项具体举措。",
    "记者从{where}获悉，当地{action}已进入关键阶段，{n}项重点任务全部明确责任单位。",
]
SENTENCES = [
    "今年以来，当地累计投入资金{n}万元，完成年度计划的{pct}%。",
    "截至目前，已有{m}户群众直接受益，户均增收{n}元。",
    "{who}在调研时强调，要把群众满意作为衡量工作的标准，不搞形式、不走过场。",
    "据介绍，相关部门成立了工作专班，实行周调度、月通报，对滞后事项挂牌督办。",
    "在{where}的一处现场，工人们正在抢抓工期，机械轰鸣声此起彼伏。",
    "为解决资金难题，当地与{n}家金融机构签订合作协议，授信额度{m}万元。",
    "参加活动的群众说，这些变化看得见、摸得着，日子越过越有盼头。",
    "同时，当地把{focus}纳入年度考核，考核结果与干部评先评优挂钩。",
    "下一步，{where}将在巩固现有成果的基础上，继续补短板、强弱项。",
    "与去年同期相比，主要指标增长{pct}%，增幅位居全市前列。",
    "{month}底前，各乡镇要完成摸底排查，建立问题清单和整改台账。",
    "培训采取“理论授课+现场教学”的方式，共培训{m}人次。",
    "当地还组织专家深入田间地头，手把手传授技术，发放资料{n}份。",
    "据统计，{where}共梳理出{n}个重点项目，总投资{n}亿元。",
    "一位在现场忙碌的技术员告诉记者，今年的进度比往年提前了近一个月。",
    "会议要求，各单位要压实责任，确保各项任务按时保质完成。",
    "针对群众反映集中的问题，相关部门逐一制定了整改措施和时限。",
    "活动现场设置了政策咨询、就业服务、农产品展销等{n}个服务区。",
    "目前，项目主体工程已完成{pct}%，预计年底前建成投用。",
    "不少外出务工人员返乡创业，带动周边{m}名村民在家门口就业。",
    "这一做法得到了上级部门的肯定，并在全市范围内推广。",
    "为保证质量，当地聘请第三方机构全程监理，发现问题立即整改。",
]
CLOSINGS = [
    "（本报记者 {reporter}）",
    "{where}有关负责人表示，将以此为契机，推动各项工作再上新台阶。",
    "据悉，相关工作将在{month}进行阶段性总结。",
]


def _fill(form: str, rng: random.Random, slots: dict) -> str:
    values = {
        "n": rng.randint(3, 60),
        "m": rng.randint(100, 9000),
        "pct": rng.randint(8, 95),
        "month": rng.choice(MONTHS),
        "who": rng.choice(OFFICIALS),
        "focus": rng.choice(FOCUSES),
        **slots,
    }
    return form.format(**values)


def body_length(rng: random.Random, median: int = BODY_MEDIAN) -> int:
    """A body length in characters, log-normal around `median`, clipped to BODY_MIN–BODY_MAX
    (both scaled by median / BODY_MEDIAN when another median is asked for)."""
    length = rng.lognormvariate(math.log(median), BODY_SIGMA)
    low, high = BODY_MIN * median / BODY_MEDIAN, BODY_MAX * median / BODY_MEDIAN
    # room for the last paragraph and the closing line, which body() adds past the target
    return int(min(max(length, low), high - 250))


def headline(rng: random.Random, where: str, action: str) -> str:
    slots = {
        "where": where,
        "action": action,
        "outcome": rng.choice(OUTCOMES),
        "project_state": rng.choice(PROJECT_STATES),
    }
    return _fill(rng.choice(HEADLINE_FORMS), rng, slots)


def body(
    rng: random.Random, where: str, action: str, reporter: str, median: int = BODY_MEDIAN
) -> str:
    """Paragraphs of two to four sentences until the drawn length (around `median`) is reached."""
    slots = {"where": where, "action": action, "reporter": reporter}
    target = body_length(rng, median)
    paragraphs = [_fill(rng.choice(OPENINGS), rng, slots)]
    length = len(paragraphs[0])
    deck: list[str] = []  # each sentence once before any repeats, as a reporter would write
    while length < target:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            if not deck:
                deck = rng.sample(SENTENCES, len(SENTENCES))
            sentences.append(_fill(deck.pop(), rng, slots))
        paragraph = "".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    paragraphs.append(_fill(rng.choice(CLOSINGS), rng, slots))
    return "\n\n".join(paragraphs)
