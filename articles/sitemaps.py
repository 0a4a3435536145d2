"""sitemap.xml: every published issue, page and article (split into numbered sitemap pages)."""

from django.contrib.sitemaps import Sitemap

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
            .order_by("issue__date", "number")
        )


class ArticleSitemap(Sitemap):
    changefreq = "yearly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"issues": IssueSitemap, "pages": PageSitemap, "articles": ArticleSitemap}
