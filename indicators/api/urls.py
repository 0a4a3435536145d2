"""API routes of the indicators app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
# /api/v1/indicators/ and /api/v1/indicators/gdp/
router.register("indicators", views.IndicatorViewSet, basename="indicator")
# /api/v1/regions/ and /api/v1/regions/2/
router.register("regions", views.RegionViewSet, basename="region")
# /api/v1/observations/?indicator=gdp&region=吕梁市&vintage=all&format=csv
router.register("observations", views.ObservationViewSet, basename="observation")

urlpatterns = router.urls
