"""Public pages of the indicators. Each route names an example address."""

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    # /indicators/
    path("", views.indicator_index, name="index"),
    # /indicators/gdp/
    path("<slug:code>/", views.indicator_detail, name="indicator"),
]
