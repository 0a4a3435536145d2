"""python manage.py import_observations FILE — import a CSV of figures, all rows or none."""

from django.core.management.base import BaseCommand, CommandError

from indicators import services


class Command(BaseCommand):
    help = "导入指标数据 CSV 文件（整体校验：有任何错误行则不保存）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 文件路径，列见 indicators.services.CSV_COLUMNS")

    def handle(self, *args, **options):
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"无法读取文件：{error}") from None
        try:
            saved = services.import_observations_csv(data=data)
        except services.FigureRowsError as error:
            for line, reason in error.errors:
                self.stderr.write(f"第{line}行：{reason}")
            raise CommandError("文件未导入，没有保存任何数据。") from None
        self.stdout.write(f"已导入 {len(saved)} 条指标数据。")
