"""Search behaviour readers rely on, on whichever database the suite runs (SQLite or PostgreSQL)."""

import datetime
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Origin, SearchDocument, Status
from articles.search import (
    QueryError,
    SearchFilters,
    backends,
    engine,
    parse_query,
    search_articles,
)
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    PublicationFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

TEXTS = [
    ("临县开展消费扶贫活动", "五和居社区的李巧兰成为大数据标注员，月收入2020元。"),
    ("中华人民共和国成立纪念", "各界群众在广场集会，5G网络覆盖全城。"),
    ("帮扶贫困户增收", "驻村工作队帮扶贫困户发展小米产业，消费者踊跃购买。"),
    ("吕梁市召开常委会议", "会议强调，要把消费扶贫作为重要抓手。2020年目标全部完成。"),
    ("乐享消费 美好生活", "消费券发放，GDP增长3.5%，“晋情来消费”活动启动。"),
]


def ids(results) -> set[int]:
    return {hit.article.pk for hit in results.items}


def like_ids(text: str) -> set[int]:
    """What a LIKE '%q%' over the searched fields finds among published articles."""
    condition = Q()
    for field in ["kicker", "headline", "subheadline", "body"]:
        condition |= Q(**{f"{field}__icontains": text})
    return set(Article.objects.published().filter(condition).values_list("pk", flat=True))


@pytest.fixture
def articles():
    return [ArticleFactory(headline=headline, body=body) for headline, body in TEXTS]


def _substrings(length: int) -> set[str]:
    found = set()
    for headline, body in TEXTS:
        for run in re.findall(r"[\u4e00-\u9fff]+", headline + "。" + body):
            found.update(run[i : i + length] for i in range(len(run) - length + 1))
    return found


@pytest.mark.parametrize("length", [2, 3, 4, 5])
def test_every_chinese_substring_finds_exactly_what_like_finds(articles, length):
    for text in sorted(_substrings(length)):
        results = search_articles(text, limit=50)
        assert ids(results) == like_ids(text), text
        assert results.count == len(like_ids(text))


def test_a_phrase_is_not_found_in_pieces_that_overlap_elsewhere():
    """Every two- and three-character piece of 吕梁市产业 is in the body, but not the phrase."""
    ArticleFactory(headline="新闻", body="吕梁市召开会议。梁市产品展销，城市产业升级。")
    found = ArticleFactory(headline="吕梁市产业兴旺")
    for text in ["吕梁市产业", "梁市产业", "吕梁市产"]:
        assert ids(search_articles(text)) == {found.pk}, text


@pytest.mark.parametrize(
    "text, expected_headlines",
    [
        ("5G", {"中华人民共和国成立纪念"}),
        ("5g网络", {"中华人民共和国成立纪念"}),
        ("2020", {"临县开展消费扶贫活动", "吕梁市召开常委会议"}),
        ("2020年", {"吕梁市召开常委会议"}),
        ("gdp", {"乐享消费 美好生活"}),
        ("消费 扶贫", {"临县开展消费扶贫活动", "吕梁市召开常委会议", "帮扶贫困户增收"}),
        ("消费 小米", {"帮扶贫困户增收"}),
        ('"消费扶贫"', {"临县开展消费扶贫活动", "吕梁市召开常委会议"}),
        ("“晋情来消费”", {"乐享消费 美好生活"}),
        ("消费扶贫 不存在的词", set()),
    ],
)
def test_latin_words_numbers_and_and_phrases(articles, text, expected_headlines):
    results = search_articles(text)
    assert {hit.article.headline for hit in results.items} == expected_headlines


def test_headline_hit_ranks_above_body_hit():
    headline_hit = ArticleFactory(headline="消费扶贫成效明显", body="详见正文。")
    body_hit = ArticleFactory(headline="新闻一", body="今年的消费扶贫成效明显。")
    assert body_hit.issue.date > headline_hit.issue.date  # the newer one must still rank lower
    results = search_articles("消费扶贫")
    assert [hit.article for hit in results.items] == [headline_hit, body_hit]
    assert results.items[0].score > results.items[1].score


def test_whole_word_ranks_above_substring():
    substring = ArticleFactory(headline="新闻一", body="帮扶贫困户发展产业。")
    word = ArticleFactory(headline="新闻二", body="开展消费扶贫活动。")
    assert substring.issue.date < word.issue.date
    substring.issue.date = word.issue.date + datetime.timedelta(days=30)
    substring.issue.save()  # the substring match is now the newer one, yet ranks lower
    results = search_articles("扶贫")
    assert [hit.article for hit in results.items] == [word, substring]


def test_order_by_date_is_newest_first(articles):
    results = search_articles("消费", order="date")
    dates = [hit.article.issue.date for hit in results.items]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4


def test_drafts_future_and_unpublished_issues_are_never_found():
    ArticleFactory(headline="草稿里的标注员", status=Status.DRAFT, published_at=None)
    ArticleFactory(
        headline="定时发布的标注员", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    hidden_issue = IssueFactory(status=Status.DRAFT, published_at=None)
    ArticleFactory(headline="未发布期次的标注员", page=PageFactory(issue=hidden_issue))
    visible = ArticleFactory(headline="已发布的标注员")
    assert ids(search_articles("标注员")) == {visible.pk}
    assert search_articles("标注员").count == 1


def test_staff_search_finds_drafts(editor):
    draft = ArticleFactory(headline="草稿里的标注员", status=Status.DRAFT, published_at=None)
    assert ids(search_articles("标注员", user=editor)) == {draft.pk}


def test_publishing_an_issue_makes_its_articles_searchable():
    issue = IssueFactory(status=Status.DRAFT, published_at=None)
    article = ArticleFactory(headline="五和居社区", page=PageFactory(issue=issue))
    assert not search_articles("五和居").items
    issue.status, issue.published_at = Status.PUBLISHED, timezone.now()
    issue.save()
    assert ids(search_articles("五和居")) == {article.pk}


def test_filters():
    section, tag, place, person = SectionFactory(), TagFactory(), PlaceFactory(), PersonFactory()
    old = ArticleFactory(headline="扶贫一", genre="brief", section=section)
    old.tags.add(tag)
    new = ArticleFactory(headline="扶贫二", origin="own")
    new.places.add(place)
    ArticleCreditFactory(article=new, person=person)
    old_date, new_date = old.issue.date, new.issue.date
    cases = [
        (SearchFilters(section=section), {old.pk}),
        (SearchFilters(tag=tag), {old.pk}),
        (SearchFilters(place=place.pk), {new.pk}),
        (SearchFilters(person=person), {new.pk}),
        (SearchFilters(genre="brief"), {old.pk}),
        (SearchFilters(origin="reprint"), set()),
        (SearchFilters(publication=old.issue.publication), {old.pk, new.pk}),
        (SearchFilters(date_from=new_date), {new.pk}),
        (SearchFilters(date_to=old_date), {old.pk}),
    ]
    for filters, expected in cases:
        assert ids(search_articles("扶贫", filters=filters)) == expected, filters


def test_facets_by_year_and_section():
    section = SectionFactory(name="要闻")
    for headline, day in [("扶贫甲", 3), ("扶贫乙", 4)]:
        ArticleFactory(
            headline=headline,
            section=section,
            page=PageFactory(issue=IssueFactory(date=datetime.date(2020, 9, day))),
        )
    ArticleFactory(
        headline="扶贫丙", page=PageFactory(issue=IssueFactory(date=datetime.date(2019, 5, 1)))
    )
    ArticleFactory(headline="无关稿件")
    results = search_articles("扶贫")
    assert results.count == 3 and not results.count_is_estimate
    assert results.facets_by_year == [(2020, 2), (2019, 1)]
    assert results.facets_by_section == [(section, 2)]


def test_counts_above_the_limit_are_labelled_estimates(monkeypatch):
    for n in range(5):
        ArticleFactory(headline=f"扶贫{n}")
    monkeypatch.setattr(engine, "COUNT_LIMIT", 3)
    planner_expects(monkeypatch, 5)  # within reach of the exact path, which stops after 4
    results = search_articles("扶贫")
    assert results.count_is_estimate and results.count >= 4
    monkeypatch.setattr(engine, "COUNT_LIMIT", 10)
    assert not search_articles("扶贫").count_is_estimate


def _dated(headline: str, day: datetime.date, **kwargs):
    return ArticleFactory(
        headline=headline, page=PageFactory(issue=IssueFactory(date=day)), **kwargs
    )


def planner_expects(monkeypatch, rows: int):
    """Make the backend's estimate deterministic (PostgreSQL's depends on table statistics)."""
    monkeypatch.setattr(backends.current(), "estimate_count", lambda queryset: rows)


@pytest.fixture
def twelve_years(db):
    """One 扶贫 article a year 2009–2020, alternating two sections, plus an unrelated one."""
    sections = [SectionFactory(name="要闻"), SectionFactory(name="经济")]
    articles = [
        _dated(f"扶贫{year}", datetime.date(year, 3, 1), section=sections[year % 2])
        for year in range(2009, 2021)
    ]
    ArticleFactory(headline="无关稿件")
    return articles


def test_counts_beyond_the_limit_count_facets_over_the_rows_read(twelve_years, monkeypatch):
    """Table-order path: 10,001 rows read at most; facets count those rows and say how many."""
    monkeypatch.setattr(engine, "COUNT_LIMIT", 5)
    planner_expects(monkeypatch, 12)
    results = search_articles("扶贫", order="date")
    assert results.count_is_estimate and results.count >= 6
    assert results.facet_sample_size == 6
    assert sum(n for _, n in results.facets_by_year) == 6
    assert sum(n for _, n in results.facets_by_section) == 6
    # The date order still starts with the newest match, read from the date index.
    assert [hit.article for hit in results.items[:3]] == twelve_years[::-1][:3]


def newest_sample_of(size: int, monkeypatch):
    """The planner expects 12 matches, far above a limit of 2: the newest `size` are read."""
    monkeypatch.setattr(engine, "COUNT_LIMIT", 2)
    monkeypatch.setattr(engine, "MIN_SAMPLE", size)
    monkeypatch.setattr(engine, "FACET_SAMPLE", size)
    planner_expects(monkeypatch, 12)


def test_a_trusted_estimate_reads_the_newest_matches(twelve_years, monkeypatch):
    """Sample path: the planner expects far more than the limit; the newest matches are read."""
    newest_sample_of(4, monkeypatch)
    results = search_articles("扶贫")
    assert results.count_is_estimate and results.facet_sample_size == 4
    assert results.facets_by_year == [(2020, 1), (2019, 1), (2018, 1), (2017, 1)]
    by_date = search_articles("扶贫", order="date", limit=3, offset=2)
    assert [hit.article for hit in by_date.items] == twelve_years[::-1][2:5]


def test_a_sample_that_holds_every_match_gives_exact_counts(twelve_years, monkeypatch):
    newest_sample_of(50, monkeypatch)
    results = search_articles("扶贫")
    assert results.count == 12 and not results.count_is_estimate
    assert len(results.facets_by_year) == 12 and results.facet_sample_size is None


def test_relevance_ranks_headline_hits_first_when_counts_are_estimates(monkeypatch):
    body_hits = [_dated("新闻", datetime.date(2020, 1, day), body="扶贫工作") for day in (1, 2, 3)]
    headline_hit = _dated("扶贫成效", datetime.date(2019, 1, 1))
    monkeypatch.setattr(engine, "COUNT_LIMIT", 2)
    planner_expects(monkeypatch, 4)
    results = search_articles("扶贫")
    assert results.count_is_estimate
    assert results.items[0].article == headline_hit
    assert {hit.article for hit in results.items[1:]} <= set(body_hits)


def test_index_follows_edits_credits_captions_and_renames():
    article = ArticleFactory(headline="旧标题", body="")
    assert not search_articles("新标题").items
    article.headline = "新标题"
    article.save()
    assert ids(search_articles("新标题")) == {article.pk}
    credit = ArticleCreditFactory(article=article, person=PersonFactory(name="李巧兰"))
    assert ids(search_articles("李巧兰")) == {article.pk}
    credit.person.name = "王巧兰"
    credit.person.save()
    assert ids(search_articles("王巧兰")) == {article.pk}
    assert not search_articles("李巧兰").items
    PhotoFactory(article=article, caption="五和居社区一角")
    assert ids(search_articles("五和居")) == {article.pk}
    article.delete()
    assert not search_articles("新标题").items


def test_long_texts_are_found_beyond_tsvector_position_limits():
    body = "前言。" + "甲乙丙丁戊己庚辛" * 2500 + "结尾处的李巧兰。"
    article = ArticleFactory(headline="长文", body=body)
    assert ids(search_articles("李巧兰")) == {article.pk}
    assert ids(search_articles("甲乙丙")) == {article.pk}


@pytest.mark.parametrize(
    "text",
    ["經濟發展", "经济发展", "经济發展", "經濟", "发展 經濟", '"經濟發展"', "經濟發"],
)
def test_traditional_and_simplified_queries_find_both_scripts(text):
    simplified = ArticleFactory(headline="吕梁经济发展报告", body="全市经济发展稳中有进。")
    traditional = ArticleFactory(headline="香港來稿", body="本港經濟發展迅速，市民生活改善。")
    ArticleFactory(headline="无关", body="文化活动丰富多彩。")
    assert ids(search_articles(text)) == {simplified.pk, traditional.pk}


def test_other_script_is_marked_as_printed_in_snippets():
    ArticleFactory(headline="香港來稿", body="本港經濟發展迅速。")
    hit = search_articles("经济发展").items[0]
    assert "<mark>經濟發展</mark>" in hit.snippet


def test_other_script_is_found_in_long_texts():
    body = "前言。" + "甲乙丙丁戊己庚辛" * 2500 + "結尾處的經濟發展。"
    article = ArticleFactory(headline="长文", body=body)
    assert ids(search_articles("经济发展")) == {article.pk}


def test_other_script_still_needs_every_term():
    ArticleFactory(headline="經濟發展", body="本港。")
    assert not search_articles("经济发展 不存在的词").items


def test_rebuild_command_restores_the_index(articles):
    SearchDocument.objects.all().delete()
    assert not search_articles("消费").items
    call_command("rebuild_search_index", verbosity=0)
    assert ids(search_articles("消费扶贫")) == like_ids("消费扶贫")


def test_snippets_are_escaped_then_marked():
    ArticleFactory(headline="<b>消费扶贫</b>", body="前文<script>alert(1)</script>消费扶贫后文")
    hit = search_articles("消费扶贫").items[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>消费扶贫</mark>" in hit.snippet
    assert hit.headline_html == "&lt;b&gt;<mark>消费扶贫</mark>&lt;/b&gt;"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "，。！？……", "a" * 1000, "扶", "& | ! : * ( )", '"', "、 “” 「」"],
)
def test_unsearchable_input_raises_a_message(text):
    with pytest.raises(QueryError) as error:
        parse_query(text)
    assert str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        "消费 & 扶贫",
        "消费|扶贫",
        "!消费",
        "消费:*",
        "(消费",
        '"消费',
        "消费 NEAR 扶贫",
        "NEAR(消费 扶贫)",
        "消费 AND OR NOT",
        "'; DROP TABLE articles_article; --",
        "' OR 1=1 --",
        "消费\x00扶贫",
        "\ufffd\ufffd消费",
    ],
)
def test_operators_and_sql_are_plain_text(articles, text):
    results = search_articles(text)
    assert all(hit.article.pk for hit in results.items)
    assert Article.objects.count() == len(TEXTS)


@pytest.mark.parametrize(
    "url, status",
    [
        ("/search/?q=%FF%FE", 400),
        ("/search/?q=", 200),
        ("/search/?q=%E6%B6%88", 400),
        ("/search/?q=" + "a" * 1000, 400),
        ("/search/?q=a" + "b" * 1000, 400),
        ("/search/?q=%26%7C%21%3A%2A%28%29", 400),
        ("/search/?q=消费&date_from=2020-13-45", 400),
        ("/search/?q=消费&date_from=2021-01-01&date_to=2020-01-01", 400),
        ("/search/?q=消费&section=abc", 400),
        ("/search/?q=消费&page=-1", 400),
        ("/search/?q=消费&page=999999", 400),
        ("/search/?q=消费&order=random", 400),
        ("/search/?q=%27%20OR%201%3D1", 200),
    ],
)
def test_search_page_answers_bad_input_with_a_message(client, articles, url, status):
    response = client.get(url)
    assert response.status_code == status
    if status == 400:
        assert 'class="search-error"' in response.content.decode()


def test_search_page_shows_highlighted_hits_counts_and_facets(client, articles):
    response = client.get(reverse("articles:search"), {"q": "消费扶贫"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<mark>消费扶贫</mark>") >= 2
    assert "共 2 篇稿件" in html
    assert "2020" in html


def test_search_page_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    for n in range(3):
        ArticleFactory(headline=f"扶贫{n}")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("articles:search"), {"q": "扶贫"})
    for n in range(15):
        ArticleCreditFactory(article=ArticleFactory(headline=f"扶贫多{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("articles:search"), {"q": "扶贫"})


@pytest.mark.parametrize("newest_first", [False, True])
def test_the_summary_counts_the_matches_it_read_by_year_and_section(newest_first):
    """The backend counts the facets in SQL and hands back only them and the newest rows: the
    same as counting the rows it read one by one."""
    sections = [SectionFactory(), SectionFactory()]
    for n in range(9):
        day = datetime.date(2015 + n % 4, 1 + n, 1)
        ArticleFactory(
            headline=f"扶贫{n}",
            section=sections[n % 2] if n < 8 else None,
            page=PageFactory(issue=IssueFactory(date=day)),
        )
    ArticleFactory(headline="无关的稿件")
    backend = backends.current()
    matches = engine.documents_for().order_by()
    matches = matches.filter(backend.match(parse_query("扶贫"), long_documents=False))
    if newest_first:
        matches = engine._newest(matches)
    # Unordered, which rows a limit keeps is the database's choice: only the whole is known.
    for limit, newest in [(100, 5), (6, 3)] if newest_first else [(100, 5)]:
        rows = list(matches.values_list("pk", "date", "section_id")[:limit])
        summary = backend.summarise(matches, limit=limit, newest=newest)
        assert summary.read == len(rows) == min(limit, 9)
        assert summary.years == Counter(day.year for _, day, _ in rows)
        assert summary.sections == Counter(section for _, _, section in rows if section)
        by_date = sorted(((day, pk) for pk, day, _ in rows), reverse=True)[:newest]
        assert summary.newest == [(pk, day) for day, pk in by_date]


def test_a_search_hit_quotes_its_caption_without_reading_what_it_does_not_show(client):
    """A hit shows its headline, paper, date, page, section and a snippet, which may quote a
    photo's caption; it shows no byline, photographer or image, so the page reads none."""
    article = ArticleFactory(headline="秋收时节", body="田间地头一片繁忙。")
    ArticleCreditFactory(article=article)
    photo = PhotoFactory(article=article, caption="农民在五和居村晾晒玉米")
    photo.photo_credits.create(person=PersonFactory(), position=0)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:search"), {"q": "晾晒玉米"})
    assert "农民在五和居村<mark>晾晒玉米</mark>" in response.content.decode()
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("articles_articlecredit", "articles_photocredit", "articles_rendition"):
        assert table not in read


@pytest.mark.parametrize("name", ["person", "place", "tag"])
def test_search_page_filters_by_a_visible_subject_and_knows_no_hidden_one(client, name):
    """A person, place or topic named only by a draft answers like one that does not exist."""
    make = {"person": PersonFactory, "place": PlaceFactory, "tag": TagFactory}[name]
    shown, hidden = make(), make()
    linked = ArticleFactory(headline="扶贫车间开工")
    ArticleFactory(headline="扶贫集市开张")
    draft = ArticleFactory(headline="扶贫草稿", status=Status.DRAFT, published_at=None)
    for article, subject in ((linked, shown), (draft, hidden)):
        if name == "person":
            ArticleCreditFactory(article=article, person=subject)
        else:
            getattr(article, f"{name}s").add(subject)

    narrowed = client.get(reverse("articles:search"), {"q": "扶贫", name: shown.pk})
    assert narrowed.status_code == 200
    assert [hit.article for hit in narrowed.context["results"].items] == [linked]
    for unknown in (hidden.pk, 10**9):
        response = client.get(reverse("articles:search"), {"q": "扶贫", name: unknown})
        assert response.status_code == 400 and response.context["results"] is None
        assert "扶贫草稿" not in response.content.decode()


def test_search_page_offers_the_papers_an_article_can_be_printed_in(client):
    """The paper filter narrows to the paper an article was printed in: it offers papers with a
    published issue, not one known only as a reprint's source (or from a draft issue), and
    such a paper in the address answers 400 like an unknown one."""
    own = PublicationFactory()
    source = PublicationFactory(name="外地日报", slug="elsewhere-daily", is_own=False)
    unannounced = PublicationFactory(name="筹备中的晚报", slug="evening-to-be")
    ArticleFactory(headline="扶贫文章转载", source_publication=source, origin=Origin.REPRINT)
    IssueFactory(publication=unannounced, status=Status.DRAFT, published_at=None)

    page = client.get(reverse("articles:search"))
    offered = set(page.context["form"].fields["publication"].queryset)
    assert offered == {own}
    html = page.content.decode()
    assert own.name in html and source.name not in html and unannounced.name not in html

    narrowed = client.get(reverse("articles:search"), {"q": "扶贫", "publication": own.pk})
    assert narrowed.status_code == 200 and narrowed.context["results"].count == 1
    for other in (source, unannounced):
        refused = client.get(reverse("articles:search"), {"q": "扶贫", "publication": other.pk})
        assert refused.status_code == 400 and refused.context["results"] is None


def test_search_page_paginates(client):
    for n in range(25):
        ArticleFactory(headline=f"扶贫{n}")
    first = client.get(reverse("articles:search"), {"q": "扶贫", "order": "date"})
    second = client.get(reverse("articles:search"), {"q": "扶贫", "order": "date", "page": 2})
    assert first.context["next_page"] == 2 and len(first.context["results"].items) == 20
    assert len(second.context["results"].items) == 5 and second.context["next_page"] is None


def test_admin_search_uses_the_engine(client, editor):
    draft = ArticleFactory(headline="五和居草稿", status=Status.DRAFT, published_at=None)
    ArticleFactory(headline="无关")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "五和居"})
    assert list(response.context["cl"].result_list) == [draft]
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "、"})
    assert response.status_code == 200 and not response.context["cl"].result_list


def test_seed_pages_are_found(seed_texts):
    """The real OCR text: named words are found, and sampled substrings agree with LIKE."""
    for name, text in seed_texts.items():
        ArticleFactory(headline=name, body=text)
    for word in ["标注员", "消费扶贫", "李巧兰", "五和居"]:
        assert search_articles(word).count >= 1, word
    sample = sorted(
        {
            run[i : i + 3]
            for run in re.findall(r"[\u4e00-\u9fff]+", "".join(seed_texts.values()))
            for i in range(0, len(run) - 2, 7)
        }
    )
    for text in sample[::5][:60]:
        assert ids(search_articles(text, limit=10)) <= like_ids(text), text
        assert search_articles(text).count == len(like_ids(text)), text


def _printed_in(year: int, headline: str, day: int = 1):
    return ArticleFactory(
        headline=headline, page=PageFactory(issue=IssueFactory(date=datetime.date(year, 6, day)))
    )


def test_the_search_page_charts_the_term_year_by_year_gaps_included(
    client, django_assert_max_num_queries
):
    for year, count in [(2016, 1), (2019, 4)]:
        for n in range(count):
            _printed_in(year, f"光伏扶贫{year}{n}", day=n + 1)
    _printed_in(2018, "无关稿件")
    with django_assert_max_num_queries(12):  # the chart reads the facets: no query of its own
        html = client.get(reverse("articles:search"), {"q": "光伏扶贫"}).content.decode()
    bars = re.findall(r'data-year="(\d+)" data-count="(\d+)"', html)
    assert bars == [("2016", "1"), ("2017", "0"), ("2018", "0"), ("2019", "4")]
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" class="term-chart__bar"', html)]
    assert heights[0] * 4 == pytest.approx(heights[3]) and heights[1] == heights[2] == 0
    assert "2019年：4 篇" in html  # each bar names its year and count for screen readers


def test_a_term_found_in_one_year_draws_no_chart(client):
    _printed_in(2019, "光伏扶贫")
    html = client.get(reverse("articles:search"), {"q": "光伏扶贫"}).content.decode()
    assert "共 1 篇稿件" in html and "term-chart" not in html
