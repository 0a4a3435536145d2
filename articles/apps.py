from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("报纸内容")

    def ready(self):
        from .search import signals  # noqa: F401  (connects the index to saves)
