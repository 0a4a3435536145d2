"""sitemap.xml: every published issue, page and article (split into numbered sitemap pages)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest

from .models import Article, Issue, Page


class IssueSitemap(Sitemap):
    changefreq = "yearly"
    limit = 5000

    def items(self):
        return Issue.objects.published().of_own_paper().order_by("date")

    def lastmod(self, issue):
        return issue.updated_at


class PageSitemap(Sitemap):
    changefreq = "yearly"
    limit = 5000

    def items(self):
        return (
            Page.objects.published()
            .filter(issue__publication__is_own=True)
            .select_related("issue")
            .annotate(
                # A page changes when its issue or anything printed on it does.
                changed_at=Greatest(
                    "issue__updated_at", Coalesce(Max("articles__updated_at"), "issue__updated_at")
                )
            )
            .order_by("issue__date", "number")
        )

    def lastmod(self, page):
        return page.changed_at


class ArticleSitemap(Sitemap):
    changefreq = "yearly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"issues": IssueSitemap, "pages": PageSitemap, "articles": ArticleSitemap}
