from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What every content app shares: status and visibility, the publishing rule, the
    content-version page cache and the API kit. Depends on no other app of the project."""

    name = "publishing"
    verbose_name = _("发布")
