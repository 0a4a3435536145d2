"""python manage.py import_page FILE|FOLDER [--date YYYY-MM-DD] [--page N] [--json] [--commit]

Reads a page's text, PDF, scan or ALTO file (told by content), proposes its structure and, with
--commit, saves it as drafts. A folder is a whole issue: every file in it, in name order, read
first and then saved together in one transaction (one bad page saves nothing).
"""

import datetime
import json
import re
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from imports.pipeline import ProposedPage, propose_page
from imports.services import import_page


def _natural(path: Path):
    """第2版 before 第10版: digits compared as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def _messages(error: ValidationError) -> str:
    return "；".join(error.messages)


class Command(BaseCommand):
    help = (
        "导入一个版面（文本、PDF、扫描图或 ALTO XML，按内容识别）或一个文件夹里的整期版面。"
        "不加 --commit 只显示识别结果，不保存任何内容。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="版面文件，或一期各版文件所在的文件夹")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="出版日期 YYYY-MM-DD（优先于报头上识别出的日期）",
        )
        parser.add_argument(
            "--page", type=int, default=None, help="版次（优先于版面上识别出的版次）"
        )
        parser.add_argument(
            "--json", action="store_true", help="输出识别结果的 JSON 文档（文件夹时为数组）"
        )
        parser.add_argument("--commit", action="store_true", help="保存为草稿")
        parser.add_argument(
            "--replace", action="store_true", help="已导入过的版面：删除原有草稿稿件后重新导入"
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        if path.is_dir():
            files = sorted((f for f in path.iterdir() if f.is_file()), key=_natural)
            files = [f for f in files if not f.name.startswith(".")]
            if not files:
                raise CommandError(f"文件夹里没有文件：{path}")
            if options["page"] is not None:
                raise CommandError("--page 只用于单个文件：文件夹里各版的版次从版面上读出。")
        elif path.is_file():
            files = [path]
        else:
            raise CommandError(f"找不到文件：{path}")
        proposed = self._read_all(files, options)
        if options["json"]:
            documents = [item.proposal.as_json() for _file, item in proposed]
            document = documents[0] if path.is_file() else documents
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            for file, item in proposed:
                self._summary(file, item)
        if options["commit"]:
            self._commit(proposed, options)
        elif not options["json"]:
            self.stdout.write("未保存：加 --commit 才会保存为草稿。")

    def _read_all(self, files: list[Path], options) -> list[tuple[Path, ProposedPage]]:
        """Read and parse every file before anything is saved: a bad file stops the run."""
        proposed = []
        # the bar goes to stderr, so --json output stays one clean document
        with tqdm(total=len(files), unit="版", file=sys.stderr, disable=len(files) < 2) as bar:
            for file in files:
                bar.set_description(file.name)
                try:
                    data = file.read_bytes()
                    item = propose_page(
                        data,
                        filename=file.name,
                        issue_date=options["date"],
                        page_number=options["page"],
                    )
                except OSError as error:
                    raise CommandError(f"{file.name}：无法读取文件：{error}") from None
                except ValidationError as error:
                    raise CommandError(
                        f"{file.name}：{_messages(error)}（未保存任何内容）"
                    ) from None
                proposed.append((file, item))
                bar.update(1)
        return proposed

    def _summary(self, file: Path, item: ProposedPage) -> None:
        issue, page = item.proposal.issue, item.proposal.page
        self.stdout.write(
            f"{file.name}（{item.source.kind}）：{issue.publication or '?'} "
            f"{issue.date or '日期未知'} 第{issue.number or '?'}期 第{page.number or '?'}版 "
            f"{page.name or ''}，{len(item.proposal.articles)} 篇"
        )
        for number, article in enumerate(item.proposal.articles, start=1):
            self.stdout.write(f"  {number}. {article.headline or '（无标题）'}")
        for warning in item.proposal.warnings:
            self.stdout.write(self.style.WARNING(f"  ! {warning}"))

    def _commit(self, proposed: list[tuple[Path, ProposedPage]], options) -> None:
        saved = []
        with transaction.atomic():
            for file, item in tqdm(proposed, unit="版", file=sys.stderr, disable=len(proposed) < 2):
                try:
                    saved.append(
                        import_page(
                            item.proposal,
                            source=item.source,
                            pdf=item.pdf,
                            issue_date=options["date"],
                            page_number=options["page"],
                            replace=options["replace"],
                        )
                    )
                except ValidationError as error:
                    raise CommandError(
                        f"{file.name}：{_messages(error)}（未保存任何内容）"
                    ) from None
        # with --json, stdout holds the JSON document alone
        out = self.stderr if options["json"] else self.stdout
        for result in saved:
            out.write(
                f"已保存为草稿：{result.issue} 第{result.page.number}版，"
                f"{len(result.articles)} 篇稿件，{len(result.observations)} 个待核指标"
                + ("（替换了原有导入）" if result.replaced else "")
            )
