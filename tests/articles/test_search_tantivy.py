"""The Tantivy prototype (articles/search/tantivy_index.py) answers as the site's search does:
the same articles, counts, filters, facets and order, for the kinds of query test_search.py
covers. Compared with search_articles() on the suite's database (SQLite or PostgreSQL)."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Status
from articles.search import parse_query, search_articles
from tests.articles.test_search import TEXTS, _substrings, like_ids
from tests.factories import ArticleFactory, IssueFactory, PageFactory, SectionFactory

tantivy_index = pytest.importorskip("articles.search.tantivy_index")

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(tmp_path):
    """A function: the index of every article in the database, built now (with these n-gram
    fields, all by default; with `common_share`, only the n-grams whose every bigram is in at
    least that share of the articles)."""

    def build(ngrams=tantivy_index.NGRAMS, common_share=None):
        common = (
            None if common_share is None else tantivy_index.database_common_bigrams(common_share)
        )
        built = tantivy_index.TantivyIndex(tmp_path / "tantivy", ngrams=ngrams, common=common)
        built.index_articles(Article.objects.values_list("pk", flat=True))
        return built

    return build


def found(index, text, **options):
    return index.search(parse_query(text), visible_at=timezone.now(), limit=100, **options)


@pytest.fixture
def articles():
    return [ArticleFactory(headline=headline, body=body) for headline, body in TEXTS]


# the n-gram fields the benchmark measures: both, the four-grams alone, none, and both with only
# the n-grams of bigrams in two of the five texts (TEXTS): some terms kept, most not
NGRAM_VARIANTS = pytest.mark.parametrize(
    "ngrams,common_share",
    [
        ({"trigrams": 3, "fourgrams": 4}, None),
        ({"fourgrams": 4}, None),
        ({}, None),
        ({"trigrams": 3, "fourgrams": 4}, 0.4),
    ],
    ids=["both", "four", "none", "both-common"],
)


@NGRAM_VARIANTS
@pytest.mark.parametrize("length", [2, 3, 4, 5])
def test_every_substring_finds_what_like_and_the_site_find(
    articles, index, length, ngrams, common_share
):
    built = index(ngrams, common_share)
    for text in sorted(_substrings(length)):
        result = found(built, text)
        assert set(result.ids) == like_ids(text), text
        assert result.count == len(like_ids(text)) == search_articles(text).count, text


@pytest.mark.parametrize(
    "text",
    ["5G", "5g网络", "2020", "2020年", "gdp", "消费 扶贫", "消费 小米", '"消费扶贫"',
     "“晋情来消费”", "消费扶贫 不存在的词", "吕梁市产业", "臨縣", "帮扶貧困戶"],
)  # fmt: skip
@NGRAM_VARIANTS
def test_words_numbers_phrases_and_other_script_as_the_site(
    articles, index, text, ngrams, common_share
):
    expected = search_articles(text, limit=100)
    result = found(index(ngrams, common_share), text)
    assert set(result.ids) == {hit.article.pk for hit in expected.items}
    assert result.count == expected.count


@NGRAM_VARIANTS
def test_a_phrase_is_not_found_in_pieces_that_overlap_elsewhere(index, ngrams, common_share):
    ArticleFactory(headline="新闻", body="吕梁市召开会议。梁市产品展销，城市产业升级。")
    phrase = ArticleFactory(headline="吕梁市产业兴旺")
    built = index(ngrams, common_share)
    for text in ["吕梁市产业", "梁市产业", "吕梁市产"]:
        assert found(built, text).ids == [phrase.pk], text


def test_headline_then_whole_word_then_newest_rank_first(index):
    headline_hit = ArticleFactory(headline="消费扶贫成效明显", body="详见正文。")
    word = ArticleFactory(headline="新闻二", body="开展消费扶贫活动。")
    substring = ArticleFactory(headline="新闻一", body="帮扶贫困户发展产业。")
    built = index()
    assert found(built, "扶贫").ids == [headline_hit.pk, word.pk, substring.pk]
    assert found(built, "扶贫", order="date").ids == [substring.pk, word.pk, headline_hit.pk]


def test_unpublished_and_future_articles_are_not_found_by_readers(index):
    visible = ArticleFactory(headline="消费扶贫")
    draft = ArticleFactory(headline="消费扶贫草稿", status=Status.DRAFT)
    later = ArticleFactory(headline="消费扶贫预告")
    later.issue.published_at = timezone.now() + datetime.timedelta(days=1)
    later.issue.save()
    unpublished = ArticleFactory(headline="消费扶贫未发", issue=IssueFactory(status=Status.DRAFT))
    built = index()
    assert found(built, "消费扶贫").ids == [visible.pk]
    staff = built.search(parse_query("消费扶贫"), visible_at=None, limit=10)
    assert set(staff.ids) == {visible.pk, draft.pk, later.pk, unpublished.pk}


def test_date_and_section_filters_counts_and_facets(index):
    culture = SectionFactory(name="文化")
    old = IssueFactory(date=datetime.date(2019, 5, 1))
    new = IssueFactory(date=datetime.date(2021, 5, 1))
    expected = {}
    for issue, section, n in [(old, culture, 2), (new, culture, 3), (new, None, 1)]:
        page = PageFactory(issue=issue)
        for _ in range(n):
            ArticleFactory(issue=issue, page=page, section=section, body="乡村振兴。")
        expected[(issue.date.year, section)] = n
    built = index()
    everything = found(built, "乡村振兴")
    assert everything.count == 6
    assert everything.years == {2019: 2, 2021: 4}
    assert everything.sections == {culture.pk: 5}
    in_2021 = found(
        built, "乡村振兴", date_from=datetime.date(2021, 1, 1), date_to=datetime.date(2021, 12, 31)
    )
    assert in_2021.count == 4 and in_2021.years == {2021: 4}
    assert found(built, "乡村振兴", section=culture.pk).count == 5
    site = search_articles("乡村振兴")
    assert dict(site.facets_by_year) == everything.years
    assert {s.pk: n for s, n in site.facets_by_section} == everything.sections


def test_edits_and_deletions_replace_the_indexed_article(tmp_path):
    article = ArticleFactory(headline="旧标题", body="黄河岸边。")
    built = tantivy_index.TantivyIndex(tmp_path / "index")
    built.index_articles([article.pk])
    article.body = "汾河岸边。"
    article.save()
    built.index_articles([article.pk])
    assert found(built, "黄河").count == 0
    assert found(built, "汾河").ids == [article.pk]
    pk = article.pk
    article.delete()
    built.index_articles([pk])  # a deleted article's id: dropped
    assert found(built, "汾河").count == 0


def test_pages_of_results(index):
    made = [ArticleFactory(headline=f"新闻{n}", body="煤炭转型。") for n in range(7)]
    built = index()
    pages = [found_page.ids for found_page in (
        built.search(parse_query("煤炭"), order="date", limit=3, offset=offset)
        for offset in (0, 3, 6)
    )]  # fmt: skip
    assert [pk for page in pages for pk in page] == [
        a.pk for a in sorted(made, key=lambda a: (a.issue.date, a.pk), reverse=True)
    ]


def test_common_ngrams_only_keeps_the_ngrams_of_common_bigrams_and_stays_with_the_index(
    articles, index, tmp_path
):
    """With `common`, an n-gram gets a posting list only when every bigram in it is in that
    share of the articles (消费扶贫: 消费, 费扶 and 扶贫 are each in two of the five texts); the
    rest are searched as phrases. The choice is kept with the index and read back with it."""
    built = index(common_share=0.4)
    assert built.is_indexed("消费扶贫") and built.is_indexed("费扶贫")
    assert not built.is_indexed("吕梁市") and not built.is_indexed("帮扶贫困")
    searcher = built.index.searcher()

    def postings(field, term):
        lookup = tantivy_index.tantivy.Query.term_query(built.schema, field, term)
        return searcher.search(lookup, count=True).count

    assert postings("fourgrams", "消费扶贫") == len(like_ids("消费扶贫")) == 2
    assert postings("trigrams", "吕梁市") == 0  # not indexed, yet found as a phrase:
    assert set(found(built, "吕梁市").ids) == like_ids("吕梁市") != set()
    reopened = tantivy_index.TantivyIndex(tmp_path / "tantivy")
    assert reopened.common == built.common
    assert found(reopened, "帮扶贫困").count == len(like_ids("帮扶贫困")) == 1
