from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("报纸内容")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import images, models
        from .caching import content_changed
        from .search import signals  # noqa: F401  (connects the index to saves)

        # Anything a public page shows: a save or delete of any of these starts a new content
        # version (see articles/caching.py for why one version rather than per-page keys).
        for name in models.__all__:
            model = getattr(models, name)
            if isinstance(model, type) and hasattr(model, "_meta"):
                uid = f"articles-content-version-{name}"
                post_save.connect(content_changed, sender=model, dispatch_uid=uid)
                post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        # Renditions follow their original (articles/images.py).
        for model in (models.Photo, models.Page):
            post_save.connect(
                images.refresh_renditions, sender=model, dispatch_uid=f"renditions-{model}"
            )
        post_delete.connect(
            images.delete_rendition_file, sender=models.Rendition, dispatch_uid="rendition-file"
        )
        for through in (models.Article.tags.through, models.Article.places.through):
            m2m_changed.connect(
                content_changed, sender=through, dispatch_uid=f"articles-m2m-{through}"
            )
