"""Public pages: thin views over the published() querysets."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .forms import SearchForm
from .models import Article, Issue, Person, Place, Publication, Section, Tag
from .search import QueryError, search_articles

SEARCH_PAGE_SIZE = 20


def _issue_for_date(request, year: int, month: int, day: int) -> Issue:
    try:
        date = datetime.date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404("没有这一天") from None
    issues = Issue.objects.for_reader(request.user).filter(publication__is_own=True)
    return get_object_or_404(issues.select_related("publication"), date=date)


def home(request):
    issue = (
        Issue.objects.published()
        .filter(publication__is_own=True)
        .select_related("publication")
        .order_by("-date")
        .first()
    )
    context = {"issue": issue, "pages": issue.pages.all() if issue else []}
    return render(request, "articles/home.html", context)


def issue_detail(request, year, month, day):
    issue = _issue_for_date(request, year, month, day)
    return render(
        request, "articles/issue_detail.html", {"issue": issue, "pages": issue.pages.all()}
    )


def page_detail(request, year, month, day, number):
    issue = _issue_for_date(request, year, month, day)
    page = get_object_or_404(issue.pages, number=number)
    articles = Article.objects.for_reader(request.user).filter(page=page).order_by("position")
    context = {"issue": issue, "page": page, "articles": articles}
    return render(request, "articles/page_detail.html", context)


def article_detail(request, pk):
    articles = Article.objects.for_reader(request.user).with_listing_data()
    article = get_object_or_404(articles, pk=pk)
    return render(request, "articles/article_detail.html", {"article": article})


def _article_list(request, subject, articles):
    articles = articles.published().with_listing_data()[:50]
    return render(request, "articles/article_list.html", {"subject": subject, "articles": articles})


def person_detail(request, pk):
    person = get_object_or_404(Person, pk=pk)
    return _article_list(request, person, Article.objects.filter(credits=person).distinct())


def tag_detail(request, pk):
    tag = get_object_or_404(Tag, pk=pk)
    return _article_list(request, tag, Article.objects.filter(tags=tag))


def place_detail(request, pk):
    place = get_object_or_404(Place, pk=pk)
    return _article_list(request, place, Article.objects.filter(places=place))


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    return _article_list(request, section, Article.objects.filter(section=section))


def publication_detail(request, slug):
    publication = get_object_or_404(Publication, slug=slug)
    return _article_list(
        request, publication, Article.objects.filter(issue__publication=publication)
    )


def _query_without(params, *names) -> str:
    """The current query string minus some parameters, for pagination and facet links."""
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def search(request):
    """/search/?q=消费扶贫 — full-text search with filters, facets and highlighted snippets."""
    form = SearchForm(request.GET or None)
    results, error, status = None, "", 200
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        page = form.cleaned_data["page"] or 1
        try:
            results = search_articles(
                form.cleaned_data["q"],
                filters=form.filters(),
                order=form.cleaned_data["order"] or "relevance",
                user=request.user,
                limit=SEARCH_PAGE_SIZE,
                offset=(page - 1) * SEARCH_PAGE_SIZE,
            )
        except QueryError as query_error:
            error, status = str(query_error), 400
    elif form.is_bound and not form.is_valid():
        error, status = _("检索条件有误，请检查下面标出的项目。"), 400
    elif form.is_bound:
        error = _("请输入要搜索的词语。")
    context = {"form": form, "results": results, "error": error, "page_size": SEARCH_PAGE_SIZE}
    if results is not None:
        page = form.cleaned_data["page"] or 1
        shown = min(results.count, results.ranked_limit or results.count, 500 * SEARCH_PAGE_SIZE)
        context |= {
            "page_number": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page * SEARCH_PAGE_SIZE < shown else None,
            "base_query": _query_without(request.GET, "page"),
            "facet_query": _query_without(request.GET, "page", "section", "date_from", "date_to"),
        }
    return render(request, "articles/search.html", context, status=status)
