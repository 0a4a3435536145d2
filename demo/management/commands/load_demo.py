"""python manage.py load_demo — load the sample archive and make demo log-ins."""

import os
import secrets
import time

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from demo.articles import load_demo_archive
from demo.indicators import load_demo_figures
from publishing.query_planner import refresh_statistics

DEMO_USERS = [
    # username, group, superuser
    ("admin", None, True),
    ("editor", "编辑", False),
    ("reporter", "记者", False),
]


class Command(BaseCommand):
    help = "加载示例报纸档案（可重复运行），并创建示例登录账号。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-synthetic", action="store_true", help="只加载第10076期，不生成其他示例期次"
        )
        parser.add_argument(
            "--body-median",
            type=int,
            help="生成稿件正文长度的中位数（字符数，默认约1200）",
        )
        parser.add_argument("--no-users", action="store_true", help="不创建或重置示例账号")
        parser.add_argument(
            "--port",
            # the README's run command serves on ${PORT:-8000}: print that address
            default=os.environ.get("PORT") or "8000",
            help="网站所用的端口，只用于打印后台地址（默认取环境变量 PORT，没有则 8000）",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = load_demo_archive(
            synthetic=not options["no_synthetic"], body_median=options["body_median"]
        )
        counts["figures"] = load_demo_figures()
        refresh_statistics()  # a bulk load: the planner's statistics are those of an empty archive
        self.stdout.write(
            "示例档案已就绪："
            + "，".join(f"{name} {count}" for name, count in counts.items())
            + f"（用时 {time.perf_counter() - started:.1f} 秒）"
        )
        if options["no_users"]:
            return
        # Fresh random passwords on every run: nothing guessable ever sits in the repository.
        admin_url = f"http://127.0.0.1:{options['port']}/admin/"
        self.stdout.write(f"后台 {admin_url} 的示例账号（密码每次运行重新生成）：")
        for username, group, superuser in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = True
            user.is_superuser = superuser
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            self.stdout.write(f"  {username:<9} {password}  {group or '超级管理员'}")
        self.stdout.write(
            "要固定的密码：python manage.py changepassword admin 设一个，"
            "以后加载示例时加 --no-users（否则密码会重新生成）。"
        )
