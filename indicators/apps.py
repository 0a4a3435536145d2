from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("经济指标")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from articles.models import Article, Issue
        from articles.page_cache import unseen_until_linked
        from articles.selectors import register_article_page_section
        from publishing import rule, tombstones
        from publishing.caching import content_changed, register_dependencies

        from . import models, page_cache, selectors

        register_article_page_section(
            template="indicators/_article_figures.html",
            read=selectors.article_figures,
            rows=selectors.figures_of_outer_article,
        )

        # A figure is public once accepted (publishing/rule.py), by those who may accept it.
        rule.register_status(
            "indicators.observation",
            public_status="accepted",
            permission="indicators.accept_observation",
        )

        # An article page shows its accepted figures with their indicator, region and period
        # names, so a change to any of these must reach cached article pages (and their data)
        # like an edit of the article itself: a figure, its article's page (indicators/
        # page_cache.py); a name, every page.
        register_dependencies(models.Observation, page_cache.observation_tags)
        for model in (models.Indicator, models.Region, models.Period):  # new ones: no figure yet
            register_dependencies(model, unseen_until_linked)
        pre_save.connect(
            page_cache.remember_shown, sender=models.Observation, dispatch_uid="figure-shown"
        )
        for model in (models.Observation, models.Indicator, models.Region, models.Period):
            uid = f"indicators-content-version-{model.__name__}"
            post_save.connect(content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        # A figure readers could see leaves a tombstone when it is withdrawn, and when its
        # article or issue is (publishing/tombstones.py).
        tombstones.watch(models.Observation, "figure")
        tombstones.add_dependents(Article, [(models.Observation, "article")])
        tombstones.add_dependents(Issue, [(models.Observation, "article__issue")])
