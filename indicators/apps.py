from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("经济指标")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.caching import content_changed

        from . import models

        # An article page shows its accepted figures with their indicator, region and period
        # names, so a change to any of these must reach cached article pages (and their data)
        # like an edit of the article itself.
        for model in (models.Observation, models.Indicator, models.Region, models.Period):
            uid = f"indicators-content-version-{model.__name__}"
            post_save.connect(content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
