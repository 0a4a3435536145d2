"""python manage.py backup_archive DIR — dump the database and all media files into DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, backup_archive


class Command(BaseCommand):
    help = "备份整个档案（数据库与全部媒体文件）到指定目录。"

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            manifest = backup_archive(target=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已备份数据库和 {len(manifest['files'])} 个媒体文件到 {directory}")
