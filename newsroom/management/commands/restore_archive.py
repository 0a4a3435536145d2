"""python manage.py restore_archive DIR — restore a backup into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, restore_archive


class Command(BaseCommand):
    help = "把 backup_archive 的备份恢复到一个空数据库及其媒体存储中。"

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            manifest = restore_archive(source=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已恢复数据库和 {len(manifest['files'])} 个媒体文件。")
