"""python manage.py extract_figures FILE [--date YYYY-MM-DD] [--ocr]: one JSON line per figure."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from indicators.extraction import extract_figures


class Command(BaseCommand):
    help = "从文本文件中提取经济指标数字，每个数字输出一行 JSON。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 文本文件")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="稿件日期 YYYY-MM-DD，用于解析“今年”“上半年”（不给时按今天，这类时期标为待确认）",
        )
        parser.add_argument(
            "--ocr", action="store_true", help="分栏扫描版面的 OCR 文本（各栏文字交错）"
        )

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取文件：{error}") from None
        for figure in extract_figures(text, date=options["date"], ocr=options["ocr"]):
            self.stdout.write(json.dumps(figure.as_json(), ensure_ascii=False))
