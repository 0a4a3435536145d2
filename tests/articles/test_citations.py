"""Citation exports: a researcher saves an article as a newspaper article, read by real readers."""

import json
import re
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

from articles.models import ArticleCredit
from tests.factories import ArticleCreditFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _get(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return response.content.decode()


def test_ris_export_reads_as_a_newspaper_article(client, archive):
    text = _get(
        client, f"/articles/{archive.lead.pk}/cite.ris", "application/x-research-info-systems"
    )
    (entry,) = rispy.loads(text)
    assert entry["type_of_reference"] == "NEWS"
    assert entry["title"] == "市委常委会召开会议: 李正印主持"
    assert entry["authors"] == ["李雅萍"]
    assert entry["secondary_title"] == "吕梁日报"
    assert entry["date"] == "2020/09/15" and entry["year"] == "2020"
    assert entry["start_page"] == "1"
    assert entry["urls"] == [f"http://testserver/articles/{archive.lead.pk}/"]


def test_bibtex_export_parses_and_keeps_each_chinese_name_whole(client, archive):
    ArticleCreditFactory(
        article=archive.lead,
        person=PersonFactory(name="欧阳 娜娜"),
        role=ArticleCredit.Role.CORRESPONDENT,
        position=5,
    )
    archive.lead.headline = "50% & {more} 市委常委会召开会议"
    archive.lead.save()
    text = _get(client, f"/articles/{archive.lead.pk}/cite.bib", "application/x-bibtex")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "article"
    paper = archive.issue.publication.slug
    assert entry.key == f"{paper}-2020-09-15-{archive.lead.pk}"  # stable: the same every export
    assert entry["entrysubtype"] == "newspaper" and entry["journal"] == "吕梁日报"
    assert entry["author"] == "{李雅萍} and {欧阳 娜娜}"  # braced: never split at the space
    assert entry["title"] == r"50\% \& \{more\} 市委常委会召开会议"
    assert entry["date"] == "2020-09-15" and entry["pages"] == "1"


def test_csl_json_export_renders_with_citeproc(client, archive):
    text = _get(
        client,
        f"/articles/{archive.lead.pk}/cite.csl.json",
        "application/vnd.citationstyles.csl+json",
    )
    (item,) = json.loads(text)
    assert item["type"] == "article-newspaper" and item["container-title"] == "吕梁日报"
    assert item["issued"] == {"date-parts": [[2020, 9, 15]]}
    source = CiteProcJSON(json.loads(text))
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    (rendered,) = [str(entry) for entry in bibliography.bibliography()]
    for part in ("李雅萍", "2020", "市委常委会召开会议: 李正印主持", "吕梁日报", "15 September"):
        assert part in rendered, rendered


def test_exports_of_unpublished_articles_are_not_found(client, archive):
    for article in (archive.draft, archive.scheduled, archive.in_draft_issue):
        for suffix in ("ris", "bib", "csl.json"):
            assert client.get(f"/articles/{article.pk}/cite.{suffix}").status_code == 404


class _MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta.append((attrs.get("name") or attrs.get("property"), attrs["content"]))
        elif tag == "a" or tag == "link":
            self.links.append(attrs.get("href"))


def _page_meta(client, url):
    parser = _MetaTags()
    parser.feed(client.get(url).content.decode())
    return parser


def test_article_page_carries_the_tags_zotero_reads_and_links_to_each_export(client, archive):
    parser = _page_meta(client, archive.lead.get_absolute_url())
    meta = dict(parser.meta)
    assert meta["citation_title"] == "市委常委会召开会议"
    assert ("citation_author", "李雅萍") in parser.meta
    assert meta["citation_publication_date"] == "2020/09/15"
    assert meta["citation_journal_title"] == "吕梁日报"
    assert meta["citation_firstpage"] == "1"
    assert meta["DC.type"] == "News Item"  # Zotero: a newspaper article, not a journal article
    for suffix in ("ris", "bib", "csl.json"):
        assert f"/articles/{archive.lead.pk}/cite.{suffix}" in parser.links
    page = client.get(archive.lead.get_absolute_url()).content.decode()
    # the GB/T 7714 line stays as it was
    assert "李雅萍. 市委常委会召开会议: 李正印主持[N]. " in page and "2020-09-15(1)." in page


def test_article_and_issue_pages_share_a_link_and_a_qr_code_made_here(client, archive):
    for url in (archive.lead.get_absolute_url(), "/2020/9/15/"):
        page = client.get(url).content.decode()
        share = page[page.index('<section class="share"') :]
        assert f'data-copy="http://testserver{url}"' in share
        svg = re.search(r"<svg [^>]*>.*?</svg>", share, re.S).group(0)
        assert 'role="img"' in svg and "<title>本页二维码</title>" in svg and "<path" in svg
        assert "<script>" not in share  # the copy button's script is a file: CSP allows no inline


def test_a_qr_code_is_encoded_once_per_address(client, archive, monkeypatch, settings):
    from articles.templatetags import archive as tags

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # render the page each time

    made = []
    make = tags.segno.make
    monkeypatch.setattr(
        tags.segno, "make", lambda *args, **kw: made.append(args) or make(*args, **kw)
    )
    tags._qr_svg.cache_clear()
    url = archive.lead.get_absolute_url()
    for _ in range(2):  # rendered twice, the code made once
        assert b'<svg role="img"' in client.get(url).content
    assert made == [(f"http://testserver{url}",)]
