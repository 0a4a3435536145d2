"""RSS and Atom feeds: the latest articles, and the latest per section and per tag."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Article, Section, Tag

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
        return self.articles(obj).with_listing_data().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return " ".join(filter(None, [item.subheadline, *item.paragraphs[:1]]))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return " ".join(credit.person.name for credit in item.article_credits.all()) or None

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
