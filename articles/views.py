"""Public pages: thin views over the published() querysets, cached for anonymous readers."""

import datetime
import inspect

from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from publishing.caching import not_for_the_page_cache, public_page, shows
from publishing.visibility import is_visible

from . import citations, iiif, sharing
from .calendars import archive_months
from .forms import IssueNumberForm, JumpToDateForm, SearchForm
from .models import (
    Article,
    Page,
    Person,
    Place,
    Publication,
    Section,
    Tag,
)
from .search import QueryError, search_articles
from .search.highlight import hits_on_page
from .selectors import (
    article_page,
    issue_for_manifest,
    issue_on,
    issue_pages,
    issue_pages_with_headlines,
    on_this_day,
    page_items,
    reader_issues,
    reader_photos,
    subject_year_counts,
)

ARTICLES_PER_PAGE = 20
SEARCH_PAGE_SIZE = 20
QR_MAX_AGE = 30 * 24 * 3600  # a QR code depends on its address alone


def _neighbour_pages(pages, page):
    numbers = [p.number for p in pages]
    index = numbers.index(page.number)
    previous = pages[index - 1] if index > 0 else None
    following = pages[index + 1] if index + 1 < len(pages) else None
    return previous, following


# Pages -----------------------------------------------------------------------------------------


@require_safe
@public_page
def home(request):
    """The latest issue: masthead as printed, the front page's items, the other pages."""
    issue = reader_issues(request.user).published().order_by("-date").first()
    context = {"issue": issue, "pages": [], "front_items": [], "front_page": None}
    if issue:
        pages = list(issue_pages_with_headlines(request.user, issue))
        # what PAGE_SHOWN["page"] names of them: 版面导航's names, the front page's scan
        shows(*(f"page:{page.pk}" for page in pages))
        front_page = pages[0] if pages else None
        context.update(
            pages=pages,
            front_page=front_page,
            front_items=list(page_items(request.user, front_page)) if front_page else [],
            on_this_day=on_this_day(request.user, issue),
        )
    return render(request, "articles/home.html", context)


@require_safe
@public_page
def archive(request, year=None):
    """往期回顾: the year's calendar, per-year counts, jump-to-date and issue-number forms."""
    issues = reader_issues(request.user)
    year_counts = issues.year_counts()
    if year is None:
        if not year_counts:
            return render(request, "articles/archive.html", {"year_counts": [], "months": []})
        year = year_counts[0]["year"]
    if not any(entry["year"] == year for entry in year_counts):
        raise Http404("这一年没有报纸")
    context = {
        "year": year,
        "year_counts": year_counts,
        "months": archive_months(year, issues.numbers_by_date(year)),
        "date_form": JumpToDateForm(),
        "number_form": IssueNumberForm(),
    }
    return render(request, "articles/archive.html", context)


@require_safe
def jump_to_date(request):
    """GET ?date=2020-09-15: that day's issue, or a 404 naming the issues before and after."""
    form = JumpToDateForm(request.GET)
    if not form.is_valid():
        context = {"date_form": form, "number_form": IssueNumberForm()}
        return render(request, "articles/archive_form.html", context, status=400)
    date = form.cleaned_data["date"]
    issue = reader_issues(request.user).filter(date=date).first()
    if issue:
        return redirect(issue)
    context = {"missing_date": date, "date_form": form, "number_form": IssueNumberForm()}
    previous, following = reader_issues(request.user).neighbours(date)
    context.update(previous_issue=previous, next_issue=following)
    return render(request, "articles/archive_form.html", context, status=404)


@require_safe
def issue_by_number_form(request):
    """GET ?number=10076: redirect to that issue's address."""
    form = IssueNumberForm(request.GET)
    if not form.is_valid():
        context = {"date_form": JumpToDateForm(), "number_form": form}
        return render(request, "articles/archive_form.html", context, status=400)
    return redirect("articles:issue_number", number=form.cleaned_data["number"])


@require_safe
def issue_by_number(request, number):
    """/issues/10076/ → /2020/9/15/ (a permanent address for a printed issue number)."""
    return redirect(get_object_or_404(reader_issues(request.user), number=number))


@require_safe
@public_page(lists=False)
def issue_detail(request, year, month, day):
    """版面导航: every page with its name, credits, department and headlines."""
    issue = issue_on(request.user, year, month, day)
    previous, following = reader_issues(request.user).neighbours(issue.date)
    earlier = on_this_day(request.user, issue)
    shows(*(f"issue:{shown.pk}" for shown in [issue, *earlier]))
    shows(f"on-this-day:{issue.date:%m-%d}")  # an earlier issue of its day published later
    context = {
        "issue": issue,
        "pages": list(
            issue_pages_with_headlines(request.user, issue)
        ),  # the first one is read twice
        "share_url": request.build_absolute_uri(issue.get_absolute_url()),
        "qr_url": reverse("articles:issue_qr", args=[year, month, day]),
        "on_this_day": earlier,
        "previous_issue": previous,
        "next_issue": following,
        "preview": not issue.is_published,
    }
    return render(request, "articles/issue_detail.html", context)


@require_safe
def issue_qr(request, year, month, day):
    """/2020/9/15/qr.svg: the QR code of the issue's address, for readers who may see it."""
    issue = issue_on(request.user, year, month, day)
    return _qr_image(request, issue.get_absolute_url(), public=issue.is_published)


@require_safe
def page_detail(request, year, month, day, number):
    """One printed page: its items in order with photos; 上一版 / 下一版. Opened from a search
    result (?q=…), it marks the query's hits on the scan: such a page is made for its query and,
    like the search page, never kept in the page cache."""
    if request.GET.get("q", "").strip():
        response = _page_detail(request, year, month, day, number)
        patch_cache_control(response, private=True, no_cache=True)
        return response
    return _cached_page_detail(request, year, month, day, number)


def _page_detail(request, year, month, day, number):
    issue = issue_on(request.user, year, month, day)
    pages = list(issue_pages(issue))
    page = next((p for p in pages if p.number == number), None)
    if page is None:
        raise Http404("这一期没有这一版")
    shows(f"printed:{page.pk}")  # its items and photos; of the other pages, what a Page shows
    previous, following = _neighbour_pages(pages, page)
    loose_photos = reader_photos(request.user).filter(page=page, article__isnull=True)
    items = list(page_items(request.user, page))
    query = request.GET.get("q", "")[:200]
    context = {
        "issue": issue,
        "page": page,
        "pages": pages,
        "items": items,
        "query": query,
        "hits": hits_on_page(page, items, query),
        "tiles": iiif.service_url(page) if page.image else None,
        "loose_photos": loose_photos,
        "previous_page": previous,
        "next_page": following,
        "preview": not issue.is_published,
    }
    return render(request, "articles/page_detail.html", context)


_cached_page_detail = public_page(_page_detail, lists=False)


@require_safe
@public_page(lists=False)
def page_text(request, year, month, day, number):
    """The page's text: as the import read it where there is one, else its items in order."""
    issue = issue_on(request.user, year, month, day)
    page = get_object_or_404(issue.pages, number=number)
    shows(f"printed:{page.pk}")
    items = [] if page.source_text else page_items(request.user, page)
    context = {"issue": issue, "page": page, "items": items, "preview": not issue.is_published}
    return render(request, "articles/page_text.html", context)


@require_safe
def issue_manifest(request, year, month, day):
    """The issue as a IIIF Presentation 3 manifest (published pages and items only)."""
    try:
        date = datetime.date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404("没有这一天") from None
    data = issue_for_manifest(date=date)
    if data is None:
        raise Http404("没有这一期")
    manifest = iiif.issue_manifest(**data, absolute=request.build_absolute_uri)
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = f'application/ld+json;profile="{iiif.PRESENTATION_CONTEXT}"'
    response["Access-Control-Allow-Origin"] = "*"  # IIIF viewers on other sites read it
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def iiif_tile(request, pk, tag, path):
    """A page scan's IIIF info.json or one of its tiles, for a page the reader may see."""
    pages = Page.objects.for_reader(request.user).select_related("issue")
    page = get_object_or_404(
        pages.only("pk", "image", "issue__status", "issue__published_at"), pk=pk
    )
    if not page.image or iiif.scan_tag(page) != tag:
        raise Http404("没有这张版面图")
    if not path:  # the service's own address leads to its description (Image API 3, 2.2)
        return redirect(f"{request.path}/{iiif.INFO}", permanent=False)
    if path == iiif.INFO:
        info = iiif.tile_info(page)
        if info is None:
            raise Http404("版面图的切片尚未生成")
        service_id = request.build_absolute_uri(iiif.service_url(page))
        response = JsonResponse(iiif.info_json(info, service_id))
        response["Content-Type"] = f'application/ld+json;profile="{iiif.IMAGE_CONTEXT}"'
    else:
        try:
            file = default_storage.open(f"{iiif.tile_folder(page)}/{path}", "rb")
        except (FileNotFoundError, OSError):
            raise Http404("没有这块切片") from None
        response = FileResponse(file, content_type="image/jpeg")
    response["Access-Control-Allow-Origin"] = "*"
    if page.issue.is_published:
        # a tile's address names its scan: it never changes
        patch_cache_control(response, public=True, max_age=30 * 24 * 3600, immutable=True)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


@require_safe
@public_page(lists=False)
def article_detail(request, pk):
    """One item as printed, with its context: page, neighbours, related articles, citation."""
    data = article_page(pk=pk, user=request.user)
    if data is None:
        raise Http404("没有这篇稿件")
    article = data["article"]
    share_url = request.build_absolute_uri(article.get_absolute_url())
    context = {
        **data,
        "issue": article.issue,
        "page": article.page,
        "share_url": share_url,
        "qr_url": reverse("articles:article_qr", args=[pk]),
        "reference": citations.reference(article, share_url),
        "preview": not is_visible(article, article.issue),
    }
    return render(request, "articles/article_detail.html", context)


@require_safe
def article_qr(request, pk):
    """/articles/42/qr.svg: the QR code of the article's address, for readers who may see it."""
    articles = Article.objects.for_reader(request.user).select_related("issue")
    article = get_object_or_404(
        articles.only("pk", "status", "published_at", "issue__status", "issue__published_at"),
        pk=pk,
    )
    return _qr_image(request, article.get_absolute_url(), public=is_visible(article, article.issue))


def _qr_image(request, path: str, *, public: bool):
    """The share box's QR code of `path` as an image of its own, so that pages do not encode
    it: kept by browsers and proxies while public, revalidated by its ETag."""
    svg = sharing.qr_svg(request.build_absolute_uri(path))
    response = HttpResponse(svg, content_type="image/svg+xml")
    if public:
        patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    else:  # a preview's: staff only, never in a shared cache
        patch_cache_control(response, private=True, no_cache=True)
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


@require_safe
@public_page(lists=False)
def article_citation(request, pk, format):
    """/articles/42/cite.ris (.bib, .csl.json): the article as a reference to save. Shown, not
    forced to download (the page cache keeps no Content-Disposition): the links carry
    `download`, and Zotero's connector imports an RIS answer by its content type."""
    data = article_page(pk=pk, user=request.user)
    if data is None:
        raise Http404("没有这篇稿件")
    render_reference, content_type, _extension = citations.FORMATS[format]
    url = request.build_absolute_uri(data["article"].get_absolute_url())
    return HttpResponse(render_reference(citations.reference(data["article"], url)), content_type)


def _article_list(request, subject, kind, articles):
    """A subject's articles through the years, newest first, paginated, with a count per year."""
    articles = articles.for_reader(request.user)
    year_counts = subject_year_counts(articles, subject=f"{kind}:{subject.pk}", user=request.user)
    # The list shows no body: without it the subject's articles are sorted as short rows (a
    # reporter's 434 articles of printed length: 2.26 → 1.68 ms in SQLite, benchmarks/README.md).
    listed = articles.with_listing_data().defer("body").newest_first()
    paginator = Paginator(listed, ARTICLES_PER_PAGE)
    # The year counts add up to the list's length: no second pass over a large subject's
    # articles to count them (600 ms for a topic of 200,000 articles on PostgreSQL).
    paginator.count = sum(entry["count"] for entry in year_counts)
    page_obj = paginator.get_page(request.GET.get("page"))
    asked_for = request.GET.get("page", "1")
    context = {
        "subject": subject,
        "kind": kind,
        "page_obj": page_obj,
        "articles": page_obj.object_list,
        "year_counts": year_counts,
    }
    response = render(request, "articles/article_list.html", context)
    if asked_for != str(page_obj.number):  # page 999 of 3 shows page 3: not under 999
        not_for_the_page_cache(response)
    return response


@require_safe
@public_page(query=("page",))
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.for_reader(request.user), pk=pk)
    return _article_list(request, person, "person", Article.objects.credited_to(person))


@require_safe
@public_page(query=("page",))
def tag_detail(request, pk):
    tag = get_object_or_404(Tag.objects.for_reader(request.user), pk=pk)
    return _article_list(request, tag, "tag", Article.objects.filter(tags=tag))


@require_safe
@public_page(query=("page",))
def place_detail(request, pk):
    place = get_object_or_404(Place.objects.published(), pk=pk)
    return _article_list(request, place, "place", Article.objects.filter(places=place))


@require_safe
@public_page(query=("page",))
def section_detail(request, slug):
    section = get_object_or_404(Section.objects.published(), slug=slug)
    return _article_list(request, section, "section", Article.objects.filter(section=section))


@require_safe
@public_page(query=("page",))
def publication_detail(request, slug):
    publication = get_object_or_404(Publication.objects.published(), slug=slug)
    articles = Article.objects.filter(issue__publication=publication)
    return _article_list(request, publication, "publication", articles)


@require_safe
def robots_txt(request):
    """Crawlers may read everything public; the admin is off limits; the sitemap is named."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap": sitemap}, content_type="text/plain")


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


PREVIEWABLE = {"articles:issue", "articles:page", "articles:article"}


@require_safe
def preview(request, path):
    """/preview/2020/9/15/1/ — an issue, page or article exactly as readers will see it, drafts
    included, for staff only: never cached (not even by the public page cache: the view runs
    without it) and never indexed."""
    if not request.user.is_staff:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    try:
        match = resolve("/" + path)
    except Resolver404:
        raise Http404("不能预览这个地址") from None
    if match.view_name not in PREVIEWABLE:
        raise Http404("不能预览这个地址")
    request.is_preview = True  # base.html: <meta name="robots" content="noindex">
    response = inspect.unwrap(match.func)(request, *match.args, **match.kwargs)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
