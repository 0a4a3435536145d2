"""manage.py import_page: a proposal shown (or its JSON document) without saving, drafts saved with
--commit, a folder imported as one issue, and bad files refused with nothing saved."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Article, Issue, Page
from imports.pipeline import propose_page
from tests.factories import PublicationFactory

SEED_FRONT = "000_59828c7503c07820.txt"
SEED_FEATURE = "002_072cb43c782e16e1.txt"

SECOND_PAGE = """吕梁日报 2020年9月15日 星期二
第02版:综合新闻

城区新开十二处便民菜市场

本报讯(记者 赵晓东)9月14日，记者从市商务局获悉，城区新建的十二处便民菜市场已全部开门营业。

综合新闻部主办 本版组版: 张华 责编:李明 校对:王芳
"""


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_page", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def front_file(seed_texts, tmp_path, db):
    PublicationFactory()
    path = tmp_path / SEED_FRONT
    path.write_text(seed_texts[SEED_FRONT], encoding="utf-8")
    return path


def test_json_prints_exactly_the_issues_document_and_saves_nothing(front_file):
    out, _err = run(str(front_file), "--json")
    expected = propose_page(front_file.read_bytes(), filename=front_file.name).proposal.as_json()
    assert json.loads(out) == json.loads(json.dumps(expected, ensure_ascii=False))
    document = json.loads(out)
    assert set(document) == {"issue", "page", "articles", "warnings"}
    assert document["issue"]["number"] == 10076
    assert document["articles"][3]["source"]["publication"] == "人民日报"
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_without_commit_it_shows_the_proposal_and_saves_nothing(front_file):
    out, _err = run(str(front_file))
    assert "市委常委会召开会议" in out and "未保存" in out
    assert not Issue.objects.exists()


def test_commit_saves_drafts(front_file):
    out, _err = run(str(front_file), "--commit")
    assert "已保存为草稿" in out
    assert Article.objects.filter(status="draft").count() == 6
    with pytest.raises(CommandError, match="已经导入过"):
        run(str(front_file), "--commit")
    run(str(front_file), "--commit", "--replace")
    assert Article.objects.count() == 6


def test_date_and_page_given_win(front_file):
    out, _err = run(str(front_file), "--json", "--date", "2020-09-16", "--page", "3")
    document = json.loads(out)
    assert document["issue"]["date"] == "2020-09-16" and document["page"]["number"] == 3


def test_seed_feature_page_is_flagged_interleaved(seed_texts, tmp_path, db):
    path = tmp_path / SEED_FEATURE
    path.write_text(seed_texts[SEED_FEATURE], encoding="utf-8")
    document = json.loads(run(str(path), "--json", "--date", "2020-09-15")[0])
    assert any("交错" in warning for warning in document["warnings"])
    assert document["articles"] and all(a["interleaved"] for a in document["articles"])


def test_a_folder_imports_a_whole_issue_in_one_run(front_file, tmp_path):
    (tmp_path / "第2版.txt").write_text(SECOND_PAGE, encoding="utf-8")
    out, err = run(str(tmp_path), "--commit")
    assert Issue.objects.count() == 1
    assert list(Page.objects.order_by("number").values_list("number", "name")) == [
        (1, ""),
        (2, "综合新闻"),
    ]
    assert Article.objects.count() == 7
    documents = json.loads(run(str(tmp_path), "--json")[0])
    assert [d["page"]["number"] for d in documents] == [1, 2]


def test_one_bad_page_in_a_folder_saves_nothing(front_file, tmp_path):
    (tmp_path / "第2版.txt").write_bytes(SECOND_PAGE.encode("gbk"))
    with pytest.raises(CommandError, match="第2版.txt.*UTF-8"):
        run(str(tmp_path), "--commit")
    assert not Issue.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("page.txt", SECOND_PAGE.encode("gbk"), "UTF-8"),
        ("page.txt", b"", "空"),
        ("page.pdf", SECOND_PAGE.encode(), "PDF"),
    ],
)
def test_bad_input_is_refused_clearly_and_saves_nothing(tmp_path, db, name, data, says):
    PublicationFactory()
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match=says):
        run(str(path), "--commit")
    assert not Issue.objects.exists() and not Page.objects.exists()


def test_an_image_too_large_is_refused_before_ocr(tmp_path, db, settings, monkeypatch):
    # the upload check sets Pillow's global limit from the setting: put it back afterwards
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)
    settings.IMAGE_MAX_PIXELS = 1_000_000
    path = tmp_path / "scan.png"
    Image.new("L", (1200, 1000), 255).save(path)
    with pytest.raises(CommandError, match="未保存任何内容"):
        run(str(path), "--commit")
    assert not Issue.objects.exists()


def test_a_missing_file_is_an_error(tmp_path, db):
    with pytest.raises(CommandError, match="找不到文件"):
        run(str(tmp_path / "nothing.txt"))
