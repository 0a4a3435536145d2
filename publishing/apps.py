from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What every content app shares: status and visibility, the publishing rule, the
    content-version page cache and the API kit. Depends on no other app of the project."""

    default = True
    name = "publishing"
    verbose_name = _("发布")


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the archive's own site (publishing.admin_site.ArchiveAdminSite)."""

    default = False
    default_site = "publishing.admin_site.ArchiveAdminSite"
