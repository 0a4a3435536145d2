from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("报纸内容")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

        from publishing import rule, tombstones
        from publishing.caching import LISTS, content_changed, register_dependencies

        from . import iiif, models, page_cache, renditions
        from .search import signals  # noqa: F401  (connects the index to saves)

        # The publishing rule (publishing/rule.py): issues and articles are public by their own
        # status; everything else here is public with what it belongs to.
        rule.register_status(
            "articles.issue", public_status="published", permission="articles.publish_issue"
        )
        rule.register_status(
            "articles.article", public_status="published", permission="articles.publish_article"
        )
        rule.register_container("articles.page", "issue")
        rule.register_container("articles.pagecredit", "page")
        rule.register_container("articles.photo", "article", "page")
        rule.register_container("articles.photocredit", "photo")
        rule.register_container("articles.articlecredit", "article")
        rule.register_container("articles.articleregion", "article")
        rule.register_container("articles.correction", "article")
        # a person's name is printed in every byline naming them
        rule.register_named("articles.person", "articles.publish_article", "articles.publish_issue")

        # Anything a public page shows: a save or delete of any of these makes the cached pages
        # showing it stale: an article's edit those that show it (articles/page_cache.py),
        # anything else every page (publishing/caching.py, docs/caching.md).
        register_dependencies(models.Article, page_cache.saved_article_tags)
        pre_save.connect(
            page_cache.remember_placement, sender=models.Article, dispatch_uid="article-placement"
        )
        register_dependencies(models.SearchDocument, page_cache.nothing_shown)
        # what an editor adds to an article is printed where the article is (templates/articles)
        on_its_page = page_cache.shown_with_its_article("article")
        register_dependencies(models.Correction, on_its_page)
        # bylines and page maps: on its page, its printed page and lists, not the issue page
        with_its_text = page_cache.shown_with_its_article("article", "printed", LISTS)
        register_dependencies(models.ArticleCredit, with_its_text)
        register_dependencies(models.ArticleRegion, with_its_text)
        register_dependencies(models.Photo, page_cache.saved_photo_tags)
        pre_save.connect(
            page_cache.remember_photo_place, sender=models.Photo, dispatch_uid="photo-place"
        )
        # a person is public while credited on a public photo, and person pages are lists
        register_dependencies(models.PhotoCredit, page_cache.with_its_photo(lists=True))
        # made again only when the original changes (a caption edit writes none)
        register_dependencies(models.Rendition, page_cache.rendition_tags)
        register_dependencies(models.Issue, page_cache.saved_issue_tags)
        pre_save.connect(page_cache.remember_issue, sender=models.Issue, dispatch_uid="issue-shown")
        # a printed page, its credits: what shows them (page_detail.html, _page_nav.html …)
        register_dependencies(models.Page, page_cache.saved_page_tags)
        pre_save.connect(page_cache.remember_page, sender=models.Page, dispatch_uid="page-shown")
        register_dependencies(models.PageCredit, page_cache.saved_page_credit_tags)
        pre_save.connect(
            page_cache.remember_page_credit, sender=models.PageCredit, dispatch_uid="page-credit"
        )
        for model in (models.Person, models.Tag, models.Place, models.Publication):
            register_dependencies(model, page_cache.unseen_until_linked)
        register_dependencies(models.Article.tags.through, page_cache.linked_tags("tag"))
        register_dependencies(models.Article.places.through, page_cache.linked_tags("place"))
        for name in models.__all__:
            model = getattr(models, name)
            if isinstance(model, type) and hasattr(model, "_meta"):
                uid = f"articles-content-version-{name}"
                post_save.connect(content_changed, sender=model, dispatch_uid=uid)
                post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        # Renditions follow their original (articles/renditions.py).
        for model in (models.Photo, models.Page):
            post_save.connect(
                renditions.refresh_renditions, sender=model, dispatch_uid=f"renditions-{model}"
            )
        # after the renditions: a page's IIIF tiles are made once per scan (articles/iiif.py)
        post_save.connect(iiif.refresh_tiles, sender=models.Page, dispatch_uid="page-tiles")
        post_delete.connect(
            renditions.delete_rendition_file, sender=models.Rendition, dispatch_uid="rendition-file"
        )
        # What stops being public leaves a tombstone (publishing/tombstones.py), with what was
        # public only through it.
        Issue, Page, Article, Photo = models.Issue, models.Page, models.Article, models.Photo
        tombstones.watch(
            Issue,
            "issue",
            [(Page, "issue"), (Article, "issue"), (Photo, "page__issue")],
        )
        tombstones.watch(Page, "page", [(Photo, "page")])
        tombstones.watch(Article, "article", [(Photo, "article")])
        tombstones.watch(Photo, "photo")
        for through in (models.Article.tags.through, models.Article.places.through):
            m2m_changed.connect(
                content_changed, sender=through, dispatch_uid=f"articles-m2m-{through}"
            )
