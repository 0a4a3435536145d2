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


class SectionFeed(LatestArticlesFeed):
    """The newest published articles of one section (栏目)."""

    def get_object(self, request, slug):
        return get_object_or_404(Section.objects.published(), slug=slug)

    def title(self, obj):
        return _("栏目：%(name)s") % {"name": obj.name}

    def description(self, obj):
        return _("“%(name)s”栏目的最新稿件") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj=None):
        return Article.objects.published().filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class TagFeed(LatestArticlesFeed):
    """The newest published articles on one topic (主题)."""

    def get_object(self, request, pk):
        return get_object_or_404(Tag.objects.published(), pk=pk)

    def title(self, obj):
        return _("主题：%(name)s") % {"name": obj.name}

    def description(self, obj):
        return _("关于“%(name)s”的最新稿件") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj=None):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
