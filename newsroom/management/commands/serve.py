"""python manage.py serve [ADDRPORT]: the development server and the background worker together.

The README's run command is one command; the importer's OCR runs as background jobs
(django-tasks, database backend), which `db_worker` runs. This starts the worker beside
`runserver` and stops it when the server stops (Ctrl-C included).
"""

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动开发服务器，并在后台运行任务队列（db_worker）；服务器停止时一并停止。"

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        worker = None
        # runserver's autoreloader runs this command again in a child (RUN_MAIN set): one
        # worker, started by the parent only
        if not os.environ.get("RUN_MAIN"):
            worker = subprocess.Popen([sys.executable, sys.argv[0], "db_worker"])
        try:
            call_command("runserver", options["addrport"])
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
