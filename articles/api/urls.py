"""Routes of the articles API, mounted under /api/v1/ by newsroom/urls.py."""

from rest_framework.routers import SimpleRouter

from publishing.tombstones import TombstoneViewSet

from . import views

router = SimpleRouter()
# /api/v1/publications/1/
router.register("publications", views.PublicationViewSet, basename="publication")
# /api/v1/issues/?publication=lvliang-daily&date=2020-09-15 · /api/v1/issues/dates/?year=2020
router.register("issues", views.IssueViewSet, basename="issue")
# /api/v1/pages/12/
router.register("pages", views.PageViewSet, basename="page")
# /api/v1/articles/?tag=3&date_from=2020-01-01 · /api/v1/articles/?q=消费扶贫
router.register("articles", views.ArticleViewSet, basename="article")
# /api/v1/photos/5/
router.register("photos", views.PhotoViewSet, basename="photo")
# /api/v1/people/7/
router.register("people", views.PersonViewSet, basename="person")
# /api/v1/tags/3/
router.register("tags", views.TagViewSet, basename="tag")
# /api/v1/places/2/
router.register("places", views.PlaceViewSet, basename="place")

# /api/v1/tombstones/?updated_since=2026-12-01T00:00:00%2B08:00 — what stopped being public
router.register("tombstones", TombstoneViewSet, basename="tombstone")

urlpatterns = router.urls
