"""Public pages of the archive. Each route names an example address."""

from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    # /
    path("", views.home, name="home"),
    # /2020/9/15/
    path("<int:year>/<int:month>/<int:day>/", views.issue_detail, name="issue"),
    # /2020/9/15/1/
    path("<int:year>/<int:month>/<int:day>/<int:number>/", views.page_detail, name="page"),
    # /search/?q=消费扶贫&order=date
    path("search/", views.search, name="search"),
    # /articles/42/
    path("articles/<int:pk>/", views.article_detail, name="article"),
    # /people/7/
    path("people/<int:pk>/", views.person_detail, name="person"),
    # /tags/3/
    path("tags/<int:pk>/", views.tag_detail, name="tag"),
    # /places/5/
    path("places/<int:pk>/", views.place_detail, name="place"),
    # /sections/要闻/
    path("sections/<str:slug>/", views.section_detail, name="section"),
    # /publications/lvliang-daily/
    path("publications/<slug:slug>/", views.publication_detail, name="publication"),
]
