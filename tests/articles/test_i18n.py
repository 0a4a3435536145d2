"""Chinese by default, English through Django's i18n and a language switch.

The English catalogue must be complete: every message has a translation, none is fuzzy, the
compiled .mo says the same as the .po, and pages rendered in English show no Chinese outside the
archive's own content (the tests below load an archive whose content is written in English).
"""

import ast
import datetime
import gettext
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from articles.models import ArticleCredit, PageCredit, Status
from indicators import periods
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IndicatorFactory,
    IssueFactory,
    ObservationFactory,
    PageCreditFactory,
    PageFactory,
    PeriodFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    PublicationFactory,
    RegionFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def test_chinese_is_the_default(client, archive):
    page = client.get("/2020/9/15/").content.decode()
    assert 'lang="zh-Hans"' in page and "版面导航" in page


def test_language_switch_works_on_a_cached_page_without_a_csrf_token(archive):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get("/2020/9/15/").content.decode()
    assert 'action="/i18n/setlang/"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/2020/9/15/"})
    assert response.status_code == 302 and response["Location"] == "/2020/9/15/"
    english = client.get("/2020/9/15/").content.decode()
    assert 'lang="en"' in english and "Page navigation" in english


# --- the catalogue ---------------------------------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list: one string, or
    one per plural form), flags, and whether the entry is obsolete (#~)."""
    entries, entry, field = [], None, None

    def start():
        return {"msgctxt": None, "msgid_plural": None, "msgstr": [], "flags": set()}

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else start()
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += ast.literal_eval(line)
            else:
                entry[field[0]] += ast.literal_eval(line)
        else:
            keyword, value = line.split(" ", 1)
            text = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                entry["msgstr"].append(text)
                field = ("msgstr", len(entry["msgstr"]) - 1)
            else:
                entry[keyword] = text
                field = (keyword, None)
    return entries


@pytest.fixture(scope="module")
def po_entries():
    return [entry for entry in read_po(PO_FILE) if entry["msgid"]]


def label(entry) -> str:
    context = f"[{entry['msgctxt']}] " if entry["msgctxt"] else ""
    return context + entry["msgid"]


def test_every_english_message_is_translated_and_none_is_fuzzy(po_entries):
    assert len(po_entries) > 400
    untranslated = [label(e) for e in po_entries if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [label(e) for e in po_entries if "fuzzy" in e["flags"]]
    obsolete = [label(e) for e in po_entries if e.get("obsolete")]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy (gettext ignores these): {fuzzy}"
    assert not obsolete, f"obsolete entries left in the file: {obsolete}"


def test_plural_entries_have_both_english_forms(po_entries):
    plurals = [e for e in po_entries if e["msgid_plural"] is not None]
    assert plurals
    for entry in plurals:
        one, many = entry["msgstr"]
        assert one != many, label(entry)


def test_placeholders_are_kept(po_entries):
    """%(name)s, %d and {name} of the Chinese message, each in its English one."""
    placeholder = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sd]|%%|\{\w+\}")
    for entry in po_entries:
        wanted = sorted(set(placeholder.findall(entry["msgid"])))
        for translated in entry["msgstr"]:
            assert sorted(set(placeholder.findall(translated))) == wanted, label(entry)


def test_the_committed_mo_file_is_compiled_from_the_po_file(po_entries):
    with MO_FILE.open("rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog
    for entry in po_entries:
        key = (
            entry["msgid"]
            if entry["msgctxt"] is None
            else f"{entry['msgctxt']}\x04{entry['msgid']}"
        )
        if entry["msgid_plural"] is None:
            assert catalog.get(key) == entry["msgstr"][0], label(entry)
        else:
            for n, translated in enumerate(entry["msgstr"]):
                assert catalog.get((key, n)) == translated, label(entry)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_every_message_marked_in_the_code_is_in_the_po_file(
    tmp_path, settings, po_entries, monkeypatch
):
    """makemessages run on a copy of the project finds no message missing from the .po file."""
    project = Path(settings.BASE_DIR)
    for name in ("publishing", "articles", "indicators", "imports", "newsroom", "templates"):
        shutil.copytree(
            project / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], verbosity=0)
    marked = {
        (e["msgctxt"], e["msgid"])
        for e in read_po(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
        if e["msgid"]
    }
    known = {(e["msgctxt"], e["msgid"]) for e in po_entries}
    assert marked - known == set(), "run makemessages -l en and translate the new messages"
    assert known - marked == set(), "messages no longer in the code: run makemessages -l en"


# --- pages in English ------------------------------------------------------------------------


@pytest.fixture
def english_archive(db):
    """An issue whose content is written in English, so any Chinese on a page is the chrome's."""
    paper = PublicationFactory(
        name="Lüliang Daily",
        slug="lvliang-daily",
        sponsor_statement="Organ of the CPC Lüliang Municipal Committee",
        publisher="Lüliang Daily Press",
    )
    IssueFactory(publication=paper, date=datetime.date(2020, 9, 14), number=10075)
    issue = IssueFactory(
        publication=paper, date=datetime.date(2020, 9, 15), number=10076, page_count=4
    )
    front = PageFactory(issue=issue, number=1, name="News", department="News desk")
    PageFactory(issue=issue, number=2, name="Local", department="City desk")
    for position, (name, role) in enumerate(
        [
            ("Li Gang", PageCredit.Role.LAYOUT),
            ("Ma Long", PageCredit.Role.EDITOR),
            ("Bai Yingkai", PageCredit.Role.PROOFREADER),
        ]
    ):
        PageCreditFactory(page=front, person=PersonFactory(name=name), role=role, position=position)
    article = ArticleFactory(
        page=front,
        position=1,
        kicker="Week in review",
        headline="City committee meets",
        subheadline="Chaired by the party secretary",
        dateline="Staff report",
        section=SectionFactory(name="Politics", slug="politics"),
        body="The committee met on Monday.\n\nIt discussed the reform plans.",
    )
    article.tags.add(TagFactory(name="Poverty relief"))
    article.places.add(PlaceFactory(name="Lin County"))
    ArticleCreditFactory(
        article=article, person=PersonFactory(name="Li Yaping"), role=ArticleCredit.Role.REPORTER
    )
    photo = PhotoFactory(article=article, caption="The meeting", alt_text="The meeting hall")
    photo.photo_credits.create(person=PersonFactory(name="Xiao Jiwang"), position=0)
    article.corrections.create(date=datetime.date(2020, 9, 16), text="A figure was wrong.")
    ArticleFactory(page=front, position=2, headline="Farmers learn data labelling", body="Text.")
    ArticleFactory(
        page=front,
        position=3,
        headline="Draft",
        body="Text.",
        status=Status.DRAFT,
        published_at=None,
    )
    gdp = IndicatorFactory(
        code="gdp", name="地区生产总值", name_en="Gross regional product", unit="亿元"
    )
    region = RegionFactory(name="Lüliang", division_code="141100")
    for span, value in [
        (periods.year(2019), "1512.1"),
        (periods.half(2020, 1), "676.05"),
        (periods.year_to_date(2020, 8), "1000"),
    ]:
        ObservationFactory(
            indicator=gdp,
            region=region,
            period=PeriodFactory(kind=span.kind, start=span.start, end=span.end),
            value=Decimal(value),
            article=article,
            is_estimate=span.kind == periods.YTD,
        )
    return article


def chinese_in(html: str, content: tuple[str, ...] = ()) -> list[str]:
    """Chinese text on a page, apart from scripts (JSON-LD describes the Chinese original),
    elements marked as Chinese (the language switch's 简体中文) and the given `content`."""
    for text in content:
        html = html.replace(text, "")
    html = re.sub(r'\svalue="[^"]*"', "", html)  # what editors typed into a form is content
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    html = re.sub(r'<(\w+)[^>]*\blang="zh-hans"[^>]*>.*?</\1>', "", html, flags=re.S | re.I)
    html = re.sub(r"<html[^>]*>", "", html)
    return [html[max(0, m.start() - 60) : m.end() + 60] for m in HAN.finditer(html)]


@pytest.fixture
def english_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/2020/9/15/",
        "/2020/9/15/1/",
        "ARTICLE",
        "/archive/",
        "/archive/2020/",
        "/indicators/",
        "/indicators/gdp/",
        "/sections/politics/",
        "/publications/lvliang-daily/",
        "/archive/date/?date=2020-09-16",
        "/search/?q=committee",
        "/no-such-page/",
    ],
)
def test_pages_in_english_show_no_chinese(english_client, english_archive, url):
    if url == "ARTICLE":
        url = english_archive.get_absolute_url()
    response = english_client.get(url)
    assert response.status_code in (200, 404)
    html = response.content.decode()
    assert '<html lang="en">' in html
    # the search box's examples are Chinese on purpose: the archive is searched in Chinese
    assert chinese_in(html, content=("消费扶贫", "五和居")) == []


def test_english_pages_read_as_english(english_client, english_archive):
    home = english_client.get("/").content.decode()
    for text in [
        "Sept. 15, 2020",
        "Tuesday",
        "Lunar date 7/28",
        "No. 10076",
        "4 pages today",
        "Page 1",
        "CN serial number",
        "Postal distribution code",
    ]:
        assert text in home, text
    issue = english_client.get("/2020/9/15/").content.decode()
    for text in ["Produced by News desk", "Layout", "Editor in charge", "Proofreading"]:
        assert text in issue, text
    article = english_client.get(english_archive.get_absolute_url()).content.decode()
    for text in [
        "Reporter",
        "(photo)",
        "Corrections",
        "Sept. 16, 2020</time>: A figure was wrong.",
        "Figures in this article",
        "Gross regional product",
        "H1 2020",
        "676.05 100 million yuan",
        "Jan–Aug 2020",
        "(estimate)",
    ]:
        assert text in article, text
    indicators = english_client.get("/indicators/").content.decode()
    assert "National accounts" in indicators and "(100 million yuan)" in indicators
    calendar = english_client.get("/archive/2020/").content.decode()
    assert "September 2020" in calendar and "<li>Mon</li>" in calendar


def test_the_masthead_still_reads_as_printed_in_chinese(client, english_archive):
    home = client.get("/").content.decode()
    for text in ["2020年9月15日", "星期二", "农历庚子年七月廿八", "第10076期", "今日4版", "第1版"]:
        assert text in home, text


def test_period_labels_follow_the_language():
    with translation.override("en"):
        assert periods.quarter(2020, 3).label == "Q3 2020"
        assert periods.month(2020, 9).label == "Sep 2020"
        assert periods.year(2019).label == "2019"
    with translation.override("zh-hans"):
        assert periods.quarter(2020, 3).label == "2020年第三季度"
        assert periods.month(2020, 9).label == "2020年9月"


# --- the admin in English --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/articles/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "ARTICLE",
        "/admin/articles/issue/",
        "/admin/articles/page/",
        "/admin/articles/photo/",
        "/admin/articles/publication/",
        "/admin/articles/person/",
        "/admin/indicators/indicator/",
        "/admin/indicators/observation/",
        "/admin/indicators/observation/import/",
        "/admin/indicators/period/",
        "/admin/indicators/region/",
    ],
)
def test_admin_in_english_shows_no_chinese(client, editor, english_archive, url):
    """Accept-Language picks English; model names, fields, filters, choices and actions follow."""
    if url == "ARTICLE":
        url = f"/admin/articles/article/{english_archive.pk}/change/"
    client.force_login(editor)
    response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 200
    # the indicator's Chinese name is content the editors keep (its English name is beside it)
    assert chinese_in(response.content.decode(), content=("地区生产总值",)) == []


def test_admin_names_models_in_english(client, editor, english_archive):
    client.force_login(editor)
    index = client.get("/admin/", headers={"accept-language": "en"}).content.decode()
    for name in ["Newspaper content", "Articles", "Issues", "Pages", "Economic indicators"]:
        assert name in index, name
    changelist = client.get(
        "/admin/articles/article/", headers={"accept-language": "en"}
    ).content.decode()
    for text in ["Select article to change", "Publish selected items", "Headline", "Genre"]:
        assert text in changelist, text
    figures = client.get(
        "/admin/indicators/observation/", headers={"accept-language": "en"}
    ).content.decode()
    assert "100 million yuan" in figures and "Accept selected figures" in figures
