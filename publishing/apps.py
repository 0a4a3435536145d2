from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class PublishingConfig(AppConfig):
    """What every content app shares: status and visibility, the publishing rule, the
    content-version page cache and the API kit. Depends on no other app of the project."""

    default = True
    name = "publishing"
    verbose_name = _("发布")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .query_planner import refresh_statistics_after_migrate

        post_migrate.connect(refresh_statistics_after_migrate, sender=self)


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the archive's own site (publishing.admin_site.ArchiveAdminSite)."""

    default = False
    default_site = "publishing.admin_site.ArchiveAdminSite"


class LoginSecurityConfig(axes_apps.AppConfig):
    """django-axes (log-in lockouts) in the admin's language: a section called 登录安全, and
    its records named in words the catalogue translates (axes writes their str() in English).
    Its field labels and messages are translated in locale/zh_Hans (README "Languages")."""

    default = False
    verbose_name = pgettext_lazy("django-axes", "登录安全")

    def ready(self):
        super().ready()
        from axes.admin import AccessAttemptAdmin
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = lambda row: (
            gettext("%(user)s 的登录失败（%(ip)s）")
            % {
                "user": row.username,
                "ip": row.ip_address,
            }
        )
        AccessFailureLog.__str__ = lambda row: (
            gettext("%(user)s 于 %(time)s 登录失败")
            % {
                "user": row.username,
                "time": f"{row.attempt_time:%Y-%m-%d %H:%M}",
            }
        )
        AccessLog.__str__ = lambda row: (
            gettext("%(user)s 于 %(time)s 登录")
            % {
                "user": row.username,
                "time": f"{row.attempt_time:%Y-%m-%d %H:%M}",
            }
        )
        AccessAttemptAdmin.status.short_description = _("状态")
        AccessAttemptAdmin.expiration.short_description = _("过期时间")


class TaskQueueConfig(TasksAppConfig):
    """django-tasks' database backend (the queue of background jobs) under a Chinese name: its
    own is a plain English string, which the admin shows on every permission of its model."""

    default = False
    verbose_name = _("后台任务")
