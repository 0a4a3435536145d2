"""The 数字报 pages: thumbnails in 版面导航, the front page's map, an article's place on its page,
the page's text and search hits marked on the scan."""

import pytest
from django.core.files.base import ContentFile

from articles.models import ArticleRegion, Status
from articles.search.highlight import hits_on_page
from tests.factories import ArticleFactory, IssueFactory, PageFactory, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def front_page():
    page = PageFactory(number=1, image=ContentFile(png_bytes(600, 840), name="scan.png"))
    lead = ArticleFactory(
        page=page,
        issue=page.issue,
        kicker="山西吕梁",
        headline="市委常委会召开会议",
        body="本报讯 会议研究消费扶贫工作。\n\n会议要求各地抓好落实。",
        position=1,
    )
    second = ArticleFactory(
        page=page, issue=page.issue, headline="昔日贫困户，玩转高科技", body="大数据。", position=2
    )
    draft = ArticleFactory(
        page=page,
        issue=page.issue,
        headline="草稿稿件",
        body="消费扶贫草稿",
        status=Status.DRAFT,
        published_at=None,
    )
    ArticleRegion.objects.create(article=lead, x=0.05, y=0.05, width=0.9, height=0.3)
    ArticleRegion.objects.create(article=second, x=0.5, y=0.6, width=0.45, height=0.35)
    ArticleRegion.objects.create(article=draft, x=0.05, y=0.6, width=0.4, height=0.3)
    return page, lead, second


def test_the_issue_page_shows_a_thumbnail_of_every_page(client, front_page):
    page, _, _ = front_page
    other = PageFactory(
        issue=page.issue, number=2, image=ContentFile(png_bytes(600, 840), name="two.png")
    )
    html = client.get(page.issue.get_absolute_url()).content.decode()
    for each in (page, other):
        assert f'<img src="{each.thumbnail.file.url}" width="320" height="448"' in html


def test_the_issue_page_queries_do_not_grow_with_pages(
    client, front_page, django_assert_max_num_queries
):
    page, _, _ = front_page
    url = page.issue.get_absolute_url()
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for number in range(2, 7):  # each save starts a new content version: not from the cache
        PageFactory(
            issue=page.issue, number=number, image=ContentFile(png_bytes(100, 140), name="p.png")
        )
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_the_home_page_shows_the_front_page_with_its_items_as_links(client, front_page):
    _, lead, second = front_page
    html = client.get("/").content.decode()
    assert 'class="page-map"' in html
    for item in (lead, second):
        assert f'<a class="page-region" href="{item.get_absolute_url()}"' in html
    assert "left:50.000%;top:60.000%;width:45.000%;height:35.000%" in html
    assert "草稿稿件" not in html


def test_the_article_page_marks_its_place_on_its_page(client, front_page):
    page, _, second = front_page
    html = client.get(second.get_absolute_url()).content.decode()
    assert f'<img src="{page.thumbnail.file.url}"' in html
    assert (
        '<span class="article-place__mark" style="left:50.000%;top:60.000%;width:45.000%;'
        'height:35.000%"></span>' in html
    )
    assert "本文在第1版的位置" in html


def test_an_article_without_a_region_shows_no_place(client, front_page):
    page, _, _ = front_page
    unplaced = ArticleFactory(page=page, issue=page.issue, headline="没有区域")
    assert "article-place" not in client.get(unplaced.get_absolute_url()).content.decode()


def test_the_page_text_is_the_items_in_printed_order_without_drafts(client, front_page):
    page, lead, second = front_page
    response = client.get(page.get_absolute_url() + "text/")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        html.index("市委常委会召开会议")
        < html.index("会议要求各地抓好落实")
        < html.index("昔日贫困户，玩转高科技")
    )
    assert "草稿稿件" not in html


def test_the_page_text_is_the_imported_text_where_the_page_has_one(client, front_page):
    page, _, _ = front_page
    page.source_text = "吕梁日报\n第1版 要闻\n市委常委会召开会议 <script>"
    page.save()
    html = client.get(page.get_absolute_url() + "text/").content.decode()
    assert "第1版 要闻\n市委常委会召开会议 &lt;script&gt;" in html
    assert "会议要求各地抓好落实" not in html  # the items' text is not repeated


def test_a_hidden_page_has_no_text_for_readers(client, admin_client):
    page = PageFactory(issue=IssueFactory(status=Status.DRAFT, published_at=None), number=1)
    assert client.get(page.get_absolute_url() + "text/").status_code == 404
    assert client.get(f"/preview{page.get_absolute_url()}text/").status_code == 302
    assert admin_client.get(page.get_absolute_url() + "text/").status_code == 200


def test_search_hits_are_the_matching_lines_where_the_import_kept_boxes(front_page):
    page, lead, second = front_page
    page.source_text = "市委常委会召开会议\n会议研究消费扶贫工作\n消费扶贫 没有位置"
    page.source_boxes = [[0.1, 0.1, 0.3, 0.02], [0.1, 0.2, 0.5, 0.02], None]
    items = [lead, second]
    assert hits_on_page(page, items, "消费扶贫") == [
        {
            "style": "left:10.000%;top:20.000%;width:50.000%;height:2.000%",
            "box": "0.10000 0.20000 0.50000 0.02000",
        }
    ]


def test_search_hits_are_the_matching_items_regions_without_line_boxes(front_page):
    page, lead, second = front_page
    hits = hits_on_page(page, [lead, second], "高科技")
    assert [hit["box"] for hit in hits] == ["0.50000 0.60000 0.45000 0.35000"]
    assert hits_on_page(page, [lead, second], "") == []
    assert hits_on_page(page, [lead, second], "！！") == []  # no searchable word: no error


def test_the_page_view_marks_the_query_it_was_opened_with(client, front_page):
    page, _, _ = front_page
    html = client.get(page.get_absolute_url() + "?q=消费扶贫").content.decode()
    assert html.count('class="page-hit"') == 1  # the lead; the draft is not a reader's hit
    assert "“消费扶贫”在本版有 1 处" in html


def test_search_results_link_to_the_page_with_the_query(client, front_page):
    page, _, _ = front_page
    html = client.get("/search/?q=消费扶贫").content.decode()
    assert f'href="{page.get_absolute_url()}?q=%E6%B6%88%E8%B4%B9%E6%89%B6%E8%B4%AB"' in html
