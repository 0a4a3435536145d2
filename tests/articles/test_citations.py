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
        # the code is an image of its own (the page does not encode it), named for screen readers
        img = re.search(r'<img class="qr-code" [^>]*>', share).group(0)
        assert f'src="{url}qr.svg"' in img and 'alt="本页二维码"' in img
        assert "<svg" not in share
        assert "<script>" not in share  # the copy button's script is a file: CSP allows no inline


@pytest.mark.parametrize("url", ["/articles/{pk}/qr.svg", "/2020/9/15/qr.svg"])
def test_a_qr_code_is_an_svg_image_kept_by_browsers_and_revalidated(client, archive, url):
    url = url.format(pk=archive.lead.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox=')
    assert b"<path" in response.content
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and f"max-age={30 * 24 * 3600}" in cache_control
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    "url", ["draft", "scheduled", "in_draft_issue", "/2020/9/16/qr.svg", "/articles/999999/qr.svg"]
)
def test_no_qr_code_for_what_readers_may_not_see(client, archive, editor, url):
    if not url.startswith("/"):
        url = f"{getattr(archive, url).get_absolute_url()}qr.svg"
    assert client.get(url).status_code == 404
    if "999999" in url:
        return
    client.force_login(editor)  # staff preview it: their copy is kept by no shared cache
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_qr_code_is_encoded_once_per_address(client, archive, monkeypatch):
    from articles import sharing

    made = []
    make = sharing.segno.make
    monkeypatch.setattr(
        sharing.segno, "make", lambda *args, **kw: made.append(args) or make(*args, **kw)
    )
    sharing.qr_svg.cache_clear()
    url = archive.lead.get_absolute_url()
    for _ in range(2):  # served twice, the code made once
        assert client.get(f"{url}qr.svg").status_code == 200
    assert made == [(f"http://testserver{url}",)]
