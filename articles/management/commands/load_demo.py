"""python manage.py load_demo — load the sample archive and make demo log-ins."""

import secrets

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from articles.demo import load_demo_archive
from indicators.demo import load_demo_figures

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
        parser.add_argument("--no-users", action="store_true", help="不创建或重置示例账号")

    def handle(self, *args, **options):
        counts = load_demo_archive(synthetic=not options["no_synthetic"])
        counts["figures"] = load_demo_figures()
        self.stdout.write(
            "示例档案已就绪：" + "，".join(f"{name} {count}" for name, count in counts.items())
        )
        if options["no_users"]:
            return
        # Fresh random passwords on every run: nothing guessable ever sits in the repository.
        self.stdout.write("后台 http://127.0.0.1:8000/admin/ 的示例账号（密码每次运行重新生成）：")
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
