"""RSS and Atom feeds: the latest articles, and the latest per section and per tag.

Items come in the order readers could first read them (the later of the article's and its
issue's publish times, newest first), which is also each item's date: a back issue put online
today is news to a feed reader today. An item with a photo carries it as an enclosure (RSS
allows one) and names the photographer.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from .models import Article, Issue, Photo, Section, Tag

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    """The newest published articles of the archive (RSS 2.0)."""

    title = _("吕梁日报数字报 · 最新稿件")
    description = _("报纸档案中最新发布的稿件")

    def link(self):
        return reverse("articles:home")

    def articles(self, obj=None):
        return Article.objects.published()

    def items(self, obj=None):
        articles = self.articles(obj)
        return (
            articles.filter(self._candidates(articles))
            .with_listing_data()
            .prefetch_related(Prefetch("photos", queryset=Photo.objects.published().as_printed()))
            .annotate(online_at=Greatest("published_at", "issue__published_at"))
            .order_by("-online_at", "-issue_date", "page_number", "position", "pk")[:FEED_LENGTH]
        )

    @staticmethod
    def _candidates(articles) -> Q:
        """The newest FEED_LENGTH by their own publish time, and the articles of the newest
        FEED_LENGTH issues by theirs: the feed's items are among them.

        An item left out of both has FEED_LENGTH items before it by its own time and at least
        one in each of FEED_LENGTH issues before it by its issue's. Each list is read down an
        index and handed over as ids, so that the feed sorts a few hundred rows instead of
        working out the later time of every article (1.0–1.6 s at 1,000,000 articles).
        """
        own_times = articles.order_by(
            "-published_at", "-issue_date", "page_number", "position", "pk"
        )
        issues = Issue.objects.filter(Exists(articles.filter(issue=OuterRef("pk"))))
        issue_times = issues.order_by("-published_at", "-date", "-pk")
        return Q(pk__in=list(own_times.values_list("pk", flat=True)[:FEED_LENGTH])) | Q(
            issue__in=list(issue_times.values_list("pk", flat=True)[:FEED_LENGTH])
        )

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Enclosure URLs are storage URLs ("/media/…" on disk); feed readers need them whole.
        for item in feed.items:
            for enclosure in item["enclosures"]:
                enclosure.url = request.build_absolute_uri(enclosure.url)
        return feed

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        parts = [item.subheadline, *item.paragraphs[:1]]
        photo = _first_photo(item)
        if photo is not None:
            photographers = " ".join(c.person.name for c in photo.photo_credits.all())
            credit = (
                photographers
                and f"{photographers} {pgettext('photo credit, after the names', '摄')}"
            )
            caption = " ".join(filter(None, [photo.caption, credit]))
            parts.append(gettext("（图：%(caption)s）") % {"caption": caption})
        return " ".join(filter(None, parts))

    def item_enclosures(self, item):
        photo = _first_photo(item)
        rendition = photo.rendition("large") if photo is not None else None
        if rendition is None:
            return []
        try:
            length = rendition.file.size
        except OSError:  # a missing file: the enclosure is still worth naming
            length = 0
        return [Enclosure(rendition.file.url, str(length), "image/jpeg")]

    def item_pubdate(self, item):
        return item.online_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = [credit.person.name for credit in item.article_credits.all()]
        names += [c.person.name for photo in item.photos.all() for c in photo.photo_credits.all()]
        return " ".join(dict.fromkeys(names)) or None

    def item_categories(self, item):
        return [item.section.name] if item.section else []


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SubjectFeed(LatestArticlesFeed):
    """The newest published articles about one subject; subclasses name the subject."""

    model = None
    lookup = ""  # the URL keyword and the model field it matches, e.g. "slug"
    article_filter = ""  # the Article field that points at the subject, e.g. "section"
    title_format = description_format = ""

    def get_object(self, request, **kwargs):
        return get_object_or_404(
            self.model.objects.published(), **{self.lookup: kwargs[self.lookup]}
        )

    def title(self, obj):
        return self.title_format % {"name": obj.name}

    def description(self, obj):
        return self.description_format % {"name": obj.name}

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj=None):
        return Article.objects.published().filter(**{self.article_filter: obj})


class SectionFeed(SubjectFeed):
    """The newest published articles of one section (栏目)."""

    model, lookup, article_filter = Section, "slug", "section"
    title_format = _("栏目：%(name)s")
    description_format = _("“%(name)s”栏目的最新稿件")


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed


class TagFeed(SubjectFeed):
    """The newest published articles on one topic (话题)."""

    model, lookup, article_filter = Tag, "pk", "tags"
    title_format = _("话题：%(name)s")
    description_format = _("关于“%(name)s”的最新稿件")


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed


def _first_photo(article):
    """The article's first printed photo with renditions (prefetched), or None."""
    return next((photo for photo in article.photos.all() if photo.picture), None)
