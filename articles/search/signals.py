"""Keep the search index current on every save made through the ORM.

Bulk writes (bulk_create, queryset.update) send no signals: importers call index_articles().
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Article, ArticleCredit, Issue, Person, Photo, PhotoCredit
from .indexing import index_articles, remove_articles, update_issue_fields


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_articles([instance.pk])


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    remove_articles([instance.pk])


@receiver(post_save, sender=Issue)
def issue_saved(sender, instance, raw=False, **kwargs):
    """Publishing, withdrawing or re-dating an issue changes its articles' visibility and date."""
    if not raw:
        update_issue_fields(instance.articles.values_list("pk", flat=True))


@receiver([post_save, post_delete], sender=ArticleCredit)
def article_credit_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index_articles([instance.article_id])


@receiver([post_save, post_delete], sender=Photo)
def photo_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.article_id:
        index_articles([instance.article_id])


@receiver([post_save, post_delete], sender=PhotoCredit)
def photo_credit_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        article_id = Photo.objects.filter(pk=instance.photo_id).values_list("article_id")
        index_articles([pk for (pk,) in article_id if pk])


@receiver(post_save, sender=Person)
def person_saved(sender, instance, created=False, raw=False, **kwargs):
    """A renamed person is found under the new name in every article crediting them."""
    if raw or created:
        return
    credited = set(
        ArticleCredit.objects.filter(person=instance).values_list("article_id", flat=True)
    )
    credited |= set(
        PhotoCredit.objects.filter(person=instance, photo__article__isnull=False).values_list(
            "photo__article_id", flat=True
        )
    )
    index_articles(credited)
