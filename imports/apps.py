from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Import from print: a page's text, PDF, scan or ALTO file turned into a proposed page
    that an editor checks and confirms."""

    name = "imports"
    verbose_name = _("版面导入")
