"""sitemap.xml: every published issue, page and article (split into numbered sitemap pages).

The index names each part with its latest change (get_latest_lastmod). Django's default works
it out by calling lastmod() on every item in Python: 1,000,000 articles loaded for one
sitemap.xml (18 s). Here each asks the database for its newest row, walking an index.
The parts are ranges of ids (IdRangePaginator), so that neither the index nor a late part
counts or skips every row before it.
"""

from math import ceil

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.functional import cached_property

from publishing.visibility import published_q

from .models import Article, Issue, Page


def _newest(queryset, field: str):
    """The latest value of `field` in `queryset`, or None: ordered and limited as Django's
    GenericSitemap does, so that PostgreSQL walks the field's index down and stops."""
    return queryset.order_by(f"-{field}").values_list(field, flat=True).first()


class IdRangePaginator(Paginator):
    """Sitemap parts by ranges of ids rather than by position: part k holds the items whose ids
    are in ((k - 1) × per_page, k × per_page]. The number of parts comes from the highest id
    (Django's paginator counts every item: 0.4 s at 1,000,000 articles) and a part is a range
    of the primary key (OFFSET read 995,000 rows for the last part: 1.5 s). Where ids are
    missing (deleted or unpublished items), a part holds fewer items."""

    @cached_property
    def num_pages(self):
        highest = self.object_list.order_by("-pk").values_list("pk", flat=True).first()
        return max(1, ceil((highest or 0) / self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        first = (number - 1) * self.per_page
        items = self.object_list.filter(pk__gt=first, pk__lte=first + self.per_page)
        return self._get_page(items, number, self)


class ArchiveSitemap(Sitemap):
    """Parts of up to 5,000 items (search engines take 50,000), by ranges of ids."""

    changefreq = "yearly"
    limit = 5000

    @property
    def paginator(self):
        return IdRangePaginator(self._items(), self.limit)


class IssueSitemap(ArchiveSitemap):
    def items(self):
        return Issue.objects.published().of_own_paper().order_by("date")

    def lastmod(self, issue):
        return issue.updated_at

    def get_latest_lastmod(self):
        return _newest(Issue.objects.published().of_own_paper(), "updated_at")


class PageSitemap(ArchiveSitemap):
    def pages(self):
        return Page.objects.published().filter(issue__publication__is_own=True)

    def items(self):
        # A page changes when its issue or an item readers see on it does. A subquery per page
        # rather than GROUP BY: the count of the pages (the index's number of parts) then leaves
        # it out, where it grouped every article of the archive (0.7 s at 1,000,000 articles).
        # The item's own status only: its issue is the page's, which pages() has published.
        latest_item = Article.objects.filter(published_q(), page=OuterRef("pk"))
        latest_item = latest_item.order_by("-updated_at")
        return (
            self.pages()
            .select_related("issue")
            .annotate(
                changed_at=Greatest(
                    "issue__updated_at",
                    Coalesce(Subquery(latest_item.values("updated_at")[:1]), "issue__updated_at"),
                )
            )
            .order_by("issue__date", "number")
        )

    def lastmod(self, page):
        return page.changed_at

    def get_latest_lastmod(self):
        """The latest changed_at of all pages: their issues' latest change or the latest change
        of an item readers see on them, whichever is later."""
        changes = [
            _newest(self.pages(), "issue__updated_at"),
            _newest(Article.objects.published().filter(page__in=self.pages()), "updated_at"),
        ]
        return max((change for change in changes if change is not None), default=None)


class ArticleSitemap(ArchiveSitemap):
    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        return _newest(Article.objects.published(), "updated_at")


SITEMAPS = {"issues": IssueSitemap, "pages": PageSitemap, "articles": ArticleSitemap}
