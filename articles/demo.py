"""The demo archive: issue 10076 of 2020-09-15 as printed, plus synthetic issues around it.

All sentences here are our own; the facts (names, dates, numbers, credits) come from the real
page. `load_demo_archive()` is idempotent: every row is looked up by its natural key first, so
running it twice leaves the same rows.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from .caching import content_changed
from .models import (
    Article,
    ArticleCredit,
    ArticleRegion,
    Genre,
    Issue,
    Origin,
    Page,
    PageCredit,
    Person,
    Photo,
    PhotoCredit,
    Place,
    Publication,
    Section,
    Status,
    Tag,
)
from .search.indexing import index_articles

DEMO_DATE = datetime.date(2020, 9, 15)
DEMO_NUMBER = 10076
# Synthetic issues end the day before the real one, so the home page (the latest issue) shows
# issue 10076 with its photo and page image. They are daily from March 2020 and weekly (Tuesdays)
# since 2018, like an archive digitised densely for recent months and sparsely before, so that
# calendars, per-year counts and "through the years" lists have something to show.
SYNTHETIC_WEEKLY_FROM = datetime.date(2018, 1, 2)
SYNTHETIC_DAILY_FROM = datetime.date(2020, 3, 2)
SYNTHETIC_END = DEMO_DATE - datetime.timedelta(days=1)

PAGE_NAMES = {
    1: ("要闻", "要闻部"),
    2: ("综合新闻", "新闻部"),
    3: ("经济", "经济部"),
    4: ("专题", "专题部"),
}

PLACES = [
    # (name, division code, parent name)
    ("山西省", "140000", None),
    ("吕梁市", "141100", "山西省"),
    ("离石区", "141102", "吕梁市"),
    ("临县", "141124", "吕梁市"),
    ("方山县", "141128", "吕梁市"),
    ("汾阳市", "141182", "吕梁市"),
    ("孝义市", "141181", "吕梁市"),
    ("柳林县", "141125", "吕梁市"),
    ("马坊镇", None, "方山县"),
    ("周家沟村", None, "马坊镇"),
]


def _body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


# Page 1 of issue 10076, retold. Credits are (role, name, affiliation).
FRONT_PAGE = [
    {
        "headline": "市委常委会召开会议",
        "subheadline": "李正印主持",
        "dateline": "本报讯",
        "event_date": datetime.date(2020, 9, 14),
        "genre": Genre.NEWS,
        "section": "时政",
        "body": _body(
            "9月14日，市委书记李正印主持市委常委会会议，随后召开中心组学习会。与会人员集中学习了"
            "全面深化改革方面的重要论述，并听取了中央和省里有关改革、财经工作会议的精神传达。",
            "会议讨论了全市高职和中职学校资源整合、残联改革、计生协会改革以及社区服务能力"
            "提升等几份方案，原则同意了其中多项，要求各部门把改革任务逐项落到实处。",
            "会议还就脱贫攻坚最后一百天的冲刺作出安排：办好名特优功能食品展销会，用好"
            "“一码清”监测平台，盯紧三类重点户，防止返贫。会议也听取了事业单位改革进展。",
        ),
        "credits": [("reporter", "李雅萍", "吕梁日报")],
        "tags": ["全面深化改革", "脱贫攻坚"],
        "places": ["吕梁市"],
    },
    {
        "headline": "市政府召开第109次常务会议",
        "subheadline": "王立伟主持",
        "dateline": "本报讯",
        "event_date": datetime.date(2020, 9, 14),
        "genre": Genre.NEWS,
        "section": "时政",
        "body": _body(
            "市政府9月14日召开第109次常务会议，由市长王立伟主持，分析全市1—8月主要经济"
            "指标的完成情况，并研究酒博会筹备、农信社改制和旅游发展等事项。",
            "会议认为，今年以来全市主要指标的降幅逐月收窄，经济呈恢复性增长。下一步要抓项目、"
            "促消费、扶持铝镁深加工、酒旅融合、大数据等新兴产业，盯紧规上工业增加值、"
            "固定资产投资、财政收入、消费品零售和城乡居民收入等指标。",
            "会议要求办好第四届山西（汾阳·杏花村）世界酒文化博览会，在年内完成农信社改制，"
            "并把文化旅游培育成全市的支柱产业。",
        ),
        "credits": [("reporter", "付永文", "吕梁日报")],
        "tags": ["经济运行", "酒博会"],
        "places": ["吕梁市", "汾阳市"],
    },
    {
        "kicker": "吕梁培训搬迁户当上大数据标注员",
        "headline": "昔日贫困户，玩转高科技",
        "genre": Genre.FEATURE,
        "origin": Origin.REPRINT,
        "source": ("人民日报", datetime.date(2020, 9, 14), 10),
        "section": "转载",
        "body": _body(
            "临县五和居社区的脱贫户李巧兰今年45岁，一个月前还只会用手机打电话。看到社区群里"
            "招聘大数据标注员的消息，她先是觉得“高科技”离自己太远。",
            "在邻居的劝说下，她走进标注驿站听课。起初总比别人慢，一次忘了保存，一个小时的"
            "活儿全白做了。她把操作步骤一条条抄在本子上，练熟以后已经能独立给街景图描边。",
            "五和居是临县第一个整村移民搬迁点。当地企业负责人介绍，标注工作门槛不高，培训"
            "一到三个月即可上岗，一张中等难度的图大约能挣10元。县里打算再建一批标注驿站，"
            "让更多搬迁户在家门口增收。",
        ),
        "credits": [("reporter", "胡健", "人民日报"), ("reporter", "乔栋", "人民日报")],
        "tags": ["大数据", "脱贫攻坚", "移民搬迁"],
        "places": ["临县"],
    },
    {
        "headline": "肉牛养殖",
        "genre": Genre.PHOTO,
        "section": "图片新闻",
        "event_date": datetime.date(2020, 9, 13),
        "body": _body(
            "9月13日，方山县马坊镇周家沟村的肉牛在山坡和沟渠间吃草。方山县近两年由龙头企业"
            "带动，采用公司集中育肥、农户分散饲养的办法，把肉牛养成了县里的支柱产业，"
            "从母牛散养到屠宰加工、有机肥生产已连成一条循环产业链。"
        ),
        "credits": [("photographer", "肖继旺", "吕梁日报"), ("photographer", "薛晋军", "吕梁日报")],
        "photo": "方山县马坊镇周家沟村，吃草的肉牛",
        "tags": ["肉牛产业", "脱贫攻坚"],
        "places": ["周家沟村"],
    },
    {
        "headline": "乐享消费 美好生活",
        "subheadline": "全国消费促进月吕梁消费券发放活动启动",
        "dateline": "本报讯",
        "genre": Genre.NEWS,
        "section": "经济",
        "body": _body(
            "2020年全国消费促进月的吕梁活动在离石区永宁国际购物中心启动，市里同步发放"
            "“晋情来消费”消费券。全国活动从9月9日持续到10月8日，覆盖179个重点城市。",
            "活动期间，全市还将举办酒博会、农民丰收节、功能食品展销会和柳林红枣文化节，"
            "各县市区也会围绕餐饮、汽车家电、文旅和扶贫农产品推出促销。",
        ),
        "credits": [],
        "tags": ["消费扶贫", "促消费"],
        "places": ["离石区"],
    },
    {
        "headline": "全市“消费扶贫 吕梁行动”倡议书",
        "genre": Genre.APPEAL,
        "section": "公告",
        "body": _body(
            "全市各级组织和广大群众：",
            "今年是脱贫攻坚的收官之年，疫情又带来了新的困难。一斤小米、一袋土豆，买下的每一份"
            "扶贫产品都关系着贫困群众的收入。",
            "在全市首个消费扶贫月里，我们倡议大家积极参加产销对接、农民丰收节展销、网上推介"
            "等十项活动，多买扶贫产品，用实际行动助力决胜脱贫攻坚。",
        ),
        "signature": "吕梁市消费扶贫月活动组委会　二〇二〇年九月",
        "credits": [],
        "tags": ["消费扶贫", "脱贫攻坚"],
        "places": ["吕梁市"],
    },
]

FRONT_PAGE_CREDITS = [
    ("layout", "李刚"),
    ("editor", "马龙"),
    ("editor", "臧媛慧"),
    ("proofreader", "白颖凯"),
]

# Page 4 carries an overview of the city with the figures analysts want (see the brief's table).
ECONOMY_ARTICLE = {
    "kicker": "数说吕梁",
    "headline": "一座老区城市的经济账",
    "genre": Genre.FEATURE,
    "section": "专题",
    "body": _body(
        "吕梁地处山西省中部西侧，2004年撤地设市，国土面积约2.1万平方公里，2019年底总人口385万。",
        "2019年，全市地区生产总值完成1512.1亿元，增长5.7%；规模以上工业增加值完成963.2亿元，"
        "增长4.6%；固定资产投资完成523.3亿元，增长11.2%；一般公共预算收入完成192.6亿元，"
        "增长10.2%。城镇居民人均可支配收入29181元，增长6.8%；农村居民人均可支配收入9963元，"
        "增长10.3%。",
        "受疫情影响，今年上半年全市地区生产总值为676.05亿元，同比下降3.3%；规模以上工业增加值"
        "下降4%；固定资产投资完成235.1亿元，增长7.3%；一般公共预算收入94.76亿元，下降16.15%；"
        "社会消费品零售总额191.8亿元，下降13.9%；进出口总额18.99亿元，下降2.3%。城镇居民人均"
        "可支配收入预计为14145元，农村居民人均可支配收入预计为5094元。",
    ),
    "credits": [("author", "本报编辑部", "吕梁日报")],
    "tags": ["经济运行"],
    "places": ["吕梁市"],
}

# Vocabulary for synthetic articles: our own short phrases, combined at random.
SYNTHETIC_SUBJECTS = [
    "全市",
    "临县",
    "离石区",
    "方山县",
    "汾阳市",
    "孝义市",
    "柳林县",
    "市直各部门",
    "开发区",
    "各乡镇",
]
SYNTHETIC_ACTIONS = [
    "推进乡村振兴",
    "开展安全生产检查",
    "召开项目建设推进会",
    "启动秋收秋种",
    "举办技能培训",
    "加快农村公路建设",
    "部署森林防火工作",
    "推动大数据产业发展",
    "做好就业帮扶",
    "开展消费扶贫",
    "改善城乡人居环境",
    "推进黄河流域生态保护",
    "组织文艺汇演",
    "开展义诊进社区",
    "推动红枣产业升级",
]
SYNTHETIC_SENTENCES = [
    "有关负责人表示，将把各项任务细化到岗位、落实到个人。",
    "活动吸引了不少群众参与，现场气氛热烈。",
    "据了解，相关工作已取得阶段性成效，群众反映良好。",
    "下一步，当地将继续加大投入，确保年底前完成既定目标。",
    "参会人员围绕重点难点问题进行了交流讨论。",
    "记者在现场看到，施工人员正在加紧作业。",
    "此次培训共有两百余人参加，内容涵盖政策解读和实际操作。",
    "当地还建立了定期通报制度，每月对进度进行督查。",
]
SYNTHETIC_REPORTERS = ["李雅萍", "付永文", "张晓燕", "刘建军", "王海峰", "陈丽娟", "郝志强", "高鹏"]
SYNTHETIC_TAGS = [
    "乡村振兴",
    "安全生产",
    "项目建设",
    "大数据",
    "消费扶贫",
    "生态保护",
    "就业",
    "文化旅游",
]


def _publishing_days(start: datetime.date, end: datetime.date):
    """Mondays to Saturdays between start and end inclusive: the paper does not print on Sundays."""
    day = start
    while day <= end:
        if day.weekday() != 6:
            yield day
        day += datetime.timedelta(days=1)


def issue_number_for(day: datetime.date) -> int:
    """Issue numbers of the synthetic run, counted from the real 10076 of 2020-09-15."""
    if day >= DEMO_DATE:
        return DEMO_NUMBER + sum(1 for _ in _publishing_days(DEMO_DATE, day)) - 1
    return DEMO_NUMBER - sum(1 for _ in _publishing_days(day, DEMO_DATE)) + 1


def _published_at(day: datetime.date) -> datetime.datetime:
    """Issues go online at six in the morning, Beijing time, on their date."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 0)))


class DemoLoader:
    """Builds the demo archive; every get_or_create keeps it idempotent."""

    def __init__(self):
        self.people: dict[tuple[str, str], Person] = {}
        self.tags: dict[str, Tag] = {}
        self.sections: dict[str, Section] = {}

    def publication(self, name: str) -> Publication:
        return {pub.name: pub for pub in Publication.objects.all()}[name]

    def load_publications(self):
        Publication.objects.get_or_create(
            slug="lvliang-daily",
            defaults={
                "name": "吕梁日报",
                "sponsor_statement": "中共吕梁市委机关报",
                "publisher": "吕梁日报社",
                "serial_number": "CN14-0028",
                "postal_code": "21-28",
                "website": "http://www.sxllnews.cn/",
                "rank": "山西省一级报纸",
                "is_own": True,
            },
        )
        Publication.objects.get_or_create(
            slug="peoples-daily",
            defaults={"name": "人民日报", "serial_number": "CN11-0065", "is_own": False},
        )

    def load_places(self):
        by_name: dict[str, Place] = {}
        for name, code, parent in PLACES:
            by_name[name], _ = Place.objects.get_or_create(
                name=name, parent=by_name.get(parent), defaults={"division_code": code}
            )
        self.places = by_name

    def person(self, name: str, affiliation: str) -> Person:
        key = (name, affiliation)
        if key not in self.people:
            self.people[key], _ = Person.objects.get_or_create(
                name=name,
                disambiguation="" if affiliation == "吕梁日报" else f"{affiliation}记者",
                defaults={"affiliation": self.publication(affiliation)},
            )
        return self.people[key]

    def tag(self, name: str) -> Tag:
        if name not in self.tags:
            self.tags[name] = Tag.objects.get_or_create(name=name)[0]
        return self.tags[name]

    def section(self, name: str) -> Section:
        if name not in self.sections:
            self.sections[name] = Section.objects.get_or_create(name=name, defaults={"slug": name})[
                0
            ]
        return self.sections[name]

    def issue(self, day: datetime.date, status=Status.PUBLISHED) -> tuple[Issue, bool]:
        return Issue.objects.get_or_create(
            publication=self.publication("吕梁日报"),
            date=day,
            defaults={
                "number": issue_number_for(day),
                "page_count": 4,
                "status": status,
                "published_at": _published_at(day) if status == Status.PUBLISHED else None,
            },
        )

    def pages(self, issue: Issue) -> dict[int, Page]:
        pages = {}
        for number, (name, department) in PAGE_NAMES.items():
            pages[number], _ = Page.objects.get_or_create(
                issue=issue, number=number, defaults={"name": name, "department": department}
            )
        return pages

    def article(self, page: Page, position: int, spec: dict) -> Article:
        fields = {
            key: spec[key]
            for key in (
                "kicker",
                "headline",
                "subheadline",
                "dateline",
                "event_date",
                "body",
                "signature",
                "genre",
            )
            if key in spec
        }
        if "source" in spec:
            source_name, source_date, source_page = spec["source"]
            fields.update(
                origin=Origin.REPRINT,
                source_publication=self.publication(source_name),
                source_date=source_date,
                source_page=source_page,
            )
        fields["section"] = self.section(spec["section"]) if spec.get("section") else None
        fields["status"] = spec.get("status", Status.PUBLISHED)
        if fields["status"] == Status.PUBLISHED:
            fields["published_at"] = _published_at(page.issue.date)
        article, created = Article.objects.get_or_create(
            page=page, position=position, defaults={"issue": page.issue, **fields}
        )
        if created:
            for order, (role, name, affiliation) in enumerate(spec.get("credits", [])):
                ArticleCredit.objects.create(
                    article=article,
                    person=self.person(name, affiliation),
                    role=role,
                    position=order,
                )
            article.tags.set([self.tag(name) for name in spec.get("tags", [])])
            article.places.set([self.places[name] for name in spec.get("places", [])])
        return article

    def photo(self, article: Article, caption: str, photographers: list[Person]) -> Photo:
        photo = Photo.objects.filter(article=article).first()
        if photo is None:
            photo = Photo(
                article=article,
                page=article.page,
                caption=caption,
                taken_on=article.event_date,
                place=article.places.first(),
            )
            photo.image.save("demo-cattle.jpg", ContentFile(_pasture_picture()), save=False)
            photo.full_clean()
            photo.save()
            for order, person in enumerate(photographers):
                PhotoCredit.objects.create(photo=photo, person=person, position=order)
        return photo

    def page_image(self, page: Page, items: list[Article]):
        """Our own typeset rendering of the front page, with a region for each item."""
        if not page.image:
            page.image.save("demo-page-1.png", ContentFile(_front_page_picture(items)), save=False)
            page.full_clean()
            page.save()
        for article, (x, y, width, height) in zip(items, FRONT_PAGE_LAYOUT, strict=False):
            ArticleRegion.objects.get_or_create(
                article=article, defaults={"x": x, "y": y, "width": width, "height": height}
            )

    def load_demo_issue(self) -> Issue:
        issue, _ = self.issue(DEMO_DATE)
        pages = self.pages(issue)
        front = pages[1]
        if not front.department_email:
            front.department_email = "llrbywb@163.com"
            front.save()
        for order, (role, name) in enumerate(FRONT_PAGE_CREDITS):
            PageCredit.objects.get_or_create(
                page=front,
                person=self.person(name, "吕梁日报"),
                role=role,
                defaults={"position": order},
            )
        front_items = []
        for position, spec in enumerate(FRONT_PAGE, start=1):
            article = self.article(front, position, spec)
            front_items.append(article)
            if spec.get("photo"):
                photographers = [
                    self.person(name, affiliation) for role, name, affiliation in spec["credits"]
                ]
                self.photo(article, spec["photo"], photographers)
        self.page_image(front, front_items)
        self.article(pages[4], 1, ECONOMY_ARTICLE)
        # A draft waiting for the editor: invisible to readers, shown to staff as a preview.
        self.article(
            pages[2],
            1,
            {
                "headline": "（草稿）秋粮收购工作部署会将于近日召开",
                "genre": Genre.BRIEF,
                "body": "此稿尚待编辑审核。",
                "status": Status.DRAFT,
            },
        )
        return issue

    def load_synthetic_issues(self) -> int:
        """Issues with generated articles on the synthetic days (see SYNTHETIC_WEEKLY_FROM).

        Written in bulk, a few statements per table instead of a dozen saves per article: saves
        would each start a new content version, re-index the article and write history rows,
        which made the demo load take minutes. Filler needs no history; the index is built once
        for the new articles and the content version started once, at the end. Days that have
        an issue already are left alone, so a second run adds nothing.
        """
        paper = self.publication("吕梁日报")
        days = [
            day
            for day in _publishing_days(SYNTHETIC_WEEKLY_FROM, SYNTHETIC_END)
            if day != DEMO_DATE and (day >= SYNTHETIC_DAILY_FROM or day.weekday() == 1)
        ]
        existing = set(
            Issue.objects.filter(publication=paper, date__in=days).values_list("date", flat=True)
        )
        days = [day for day in days if day not in existing]
        if not days:
            return 0
        issues = Issue.objects.bulk_create(
            Issue(
                publication=paper,
                date=day,
                number=issue_number_for(day),
                page_count=len(PAGE_NAMES),
                status=Status.PUBLISHED,
                published_at=_published_at(day),
            )
            for day in days
        )
        pages = Page.objects.bulk_create(
            Page(issue=issue, number=number, name=name, department=department)
            for issue in issues
            for number, (name, department) in PAGE_NAMES.items()
        )
        articles, specs = [], []
        for issue in issues:
            rng = random.Random(issue.date.toordinal())
            for page in (page for page in pages if page.issue_id == issue.pk):
                for position in range(1, rng.randint(2, 4) + 1):
                    spec = self._synthetic_spec(rng, page.number)
                    articles.append(self._synthetic_article(page, issue, position, spec))
                    specs.append(spec)
        articles = Article.objects.bulk_create(articles)
        self._link_synthetic(articles, specs)
        index_articles(article.pk for article in articles)
        content_changed()  # bulk_create sends no signals
        return len(issues)

    def _synthetic_article(self, page: Page, issue: Issue, position: int, spec: dict) -> Article:
        return Article(
            issue=issue,
            page=page,
            issue_date=issue.date,
            position=position,
            headline=spec["headline"],
            dateline=spec["dateline"],
            genre=spec["genre"],
            section=self.section(spec["section"]),
            body=spec["body"],
            status=Status.PUBLISHED,
            published_at=_published_at(issue.date),
        )

    def _link_synthetic(self, articles: list[Article], specs: list[dict]) -> None:
        """Credits, topics and places of bulk-created articles, in bulk too."""
        credits, tag_links, place_links = [], [], []
        for article, spec in zip(articles, specs, strict=True):
            for order, (role, name, affiliation) in enumerate(spec["credits"]):
                person = self.person(name, affiliation)
                credits.append(
                    ArticleCredit(article=article, person=person, role=role, position=order)
                )
            for name in spec["tags"]:
                tag_links.append(Article.tags.through(article=article, tag=self.tag(name)))
            for name in spec["places"]:
                place_links.append(Article.places.through(article=article, place=self.places[name]))
        ArticleCredit.objects.bulk_create(credits)
        Article.tags.through.objects.bulk_create(tag_links)
        Article.places.through.objects.bulk_create(place_links)

    def _synthetic_spec(self, rng: random.Random, page_number: int) -> dict:
        subject = rng.choice(SYNTHETIC_SUBJECTS)
        action = rng.choice(SYNTHETIC_ACTIONS)
        reporter = rng.choice(SYNTHETIC_REPORTERS)
        sentences = rng.sample(SYNTHETIC_SENTENCES, 3)
        return {
            "headline": f"{subject}{action}",
            "dateline": "本报讯",
            "genre": Genre.NEWS if rng.random() < 0.8 else Genre.BRIEF,
            "section": PAGE_NAMES[page_number][0],
            "body": _body(f"近日，{subject}{action}。" + sentences[0], *sentences[1:]),
            "credits": [("reporter", reporter, "吕梁日报")],
            "tags": rng.sample(SYNTHETIC_TAGS, 2),
            "places": [subject] if subject in self.places else ["吕梁市"],
        }


# Where each front-page item sits on the demo page image: (x, y, width, height) as fractions.
FRONT_PAGE_LAYOUT = [
    (0.03, 0.19, 0.60, 0.27),
    (0.03, 0.48, 0.60, 0.22),
    (0.65, 0.19, 0.32, 0.42),
    (0.65, 0.63, 0.32, 0.23),
    (0.03, 0.72, 0.60, 0.14),
    (0.03, 0.88, 0.94, 0.10),
]
CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]


def _font(size: int):
    for path in CJK_FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return None  # no CJK font installed: draw the layout without text


def _front_page_picture(items: list[Article], width: int = 2400, height: int = 3400) -> bytes:
    """Blocks for the masthead and each item, headlines set in a CJK font when one is installed.

    2400 px wide, like a modest scan: wider than the "large" rendition (1600), so zooming in on
    the demo shows a sharper picture of its own. Lengths below are for a 1200-px page, scaled.
    """
    scale = width / 1200

    def px(length: float) -> int:
        return round(length * scale)

    image = Image.new("RGB", (width, height), (250, 248, 242))
    draw = ImageDraw.Draw(image)
    masthead, headline_font = _font(px(96)), _font(px(34))
    draw.rectangle(
        [px(36), px(36), width - px(36), int(height * 0.16)], outline=(150, 20, 20), width=px(4)
    )
    if masthead:
        draw.text((px(70), px(60)), "吕梁日报", font=masthead, fill=(170, 20, 20))
        draw.text(
            (px(70), px(190)),
            "2020年9月15日  星期二  第10076期",
            font=_font(px(28)),
            fill=(60, 60, 60),
        )
    for article, (x, y, w, h) in zip(items, FRONT_PAGE_LAYOUT, strict=False):
        box = [int(x * width), int(y * height), int((x + w) * width), int((y + h) * height)]
        draw.rectangle(box, outline=(120, 120, 120), width=px(2))
        left, right, text_top = box[0] + px(16), box[2] - px(16), box[1] + px(16)
        if headline_font:
            draw.text(
                (left, text_top), article.headline[:16], font=headline_font, fill=(20, 20, 20)
            )
        if article.genre == "photo":
            draw.rectangle([left, text_top + px(56), right, box[3] - px(16)], fill=(150, 170, 140))
            continue
        for line_y in range(text_top + px(60), box[3] - px(16), px(22)):  # body text as lines
            draw.line([left, line_y, right, line_y], fill=(200, 200, 200), width=px(8))
    buffer = io.BytesIO()
    # compress_level 1: the demo loads in CI's smoke test; a smaller file is not worth seconds
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def _pasture_picture() -> bytes:
    """A simple drawing for the photo news item: sky, a hillside and some cattle."""
    image = Image.new("RGB", (960, 640), (150, 190, 225))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 300), (400, 220), (960, 320), (960, 640), (0, 640)], fill=(95, 140, 70))
    rng = random.Random(10076)
    for _ in range(9):
        x, y = rng.randint(40, 880), rng.randint(360, 580)
        draw.ellipse([x, y, x + 70, y + 38], fill=(120, 70, 40))
        draw.ellipse([x + 58, y - 10, x + 86, y + 14], fill=(110, 62, 35))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@transaction.atomic
def load_demo_archive(*, synthetic: bool = True) -> dict[str, int]:
    """Load the demo archive (idempotent) and return the row counts afterwards."""
    loader = DemoLoader()
    loader.load_publications()
    loader.load_places()
    loader.load_demo_issue()
    if synthetic:
        loader.load_synthetic_issues()
    return {
        "issues": Issue.objects.count(),
        "pages": Page.objects.count(),
        "articles": Article.objects.count(),
        "photos": Photo.objects.count(),
        "people": Person.objects.count(),
    }
