"""Who may do what, role by role, in the admin and in the API: two tables, one row per model and
action, one column per role. Each cell says what happens and what readers see afterwards.

The admin's table covers its new screens too: the page desk (articles added, changed and
deleted on their page's screen), the issue's publish step, the preview and the originals.

The content is set up so that every write that succeeds could make something public: "create"
asks for it (status published, or into a published issue or article), "move into published"
takes a draft into a published issue, page or article. A reporter's work must then stay hidden
or be refused; an editor's becomes public.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Article, Issue, Page, Person, Photo, Status
from indicators.models import Observation, ObservationStatus
from tests.api.conftest import token_client
from tests.api.test_writes import draft_issue
from tests.articles.test_admin import article_form, issue_form, page_form
from tests.articles.test_desk import desk_data
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IndicatorFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PeriodFactory,
    PersonFactory,
    PhotoFactory,
    PublicationFactory,
    RegionFactory,
    png_bytes,
)
from tests.production.test_admin_safety import split_datetime

pytestmark = pytest.mark.django_db

# What happens. Whenever a cell is not HIDDEN, PUBLIC or DELETED, nothing was saved.
LOGIN = "login"  # admin: sent to the log-in page
UNAUTHORIZED = "401"  # API: no token (the answer carries a WWW-Authenticate challenge)
DENIED = "403"  # no permission: the model's, or the publishing rule's
NOT_FOUND = "404"  # API: the readers' endpoints show published content only, whoever asks
NOT_ALLOWED = "405"  # API: no such operation (figures are read-only, nothing is deleted)
REFUSED = "refused"  # admin: the form comes back saying which issue or article is published
NOT_DONE = "not done"  # admin: the action is not offered to this role
SHOWN = "shown"  # admin: the page opens
HIDDEN = "hidden"  # done, and readers do not see it (a draft, a proposal)
PUBLIC = "public"  # done, and readers see it
DELETED = "deleted"

# fmt: off
ADMIN = {
    # (model, action):                      anonymous  reporter   editor
    ("issue", "see a draft"):               (LOGIN,    SHOWN,     SHOWN),
    ("issue", "create"):                    (LOGIN,    HIDDEN,    HIDDEN),
    ("issue", "change a draft"):            (LOGIN,    HIDDEN,    HIDDEN),
    ("issue", "change published"):          (LOGIN,    DENIED,    PUBLIC),
    ("issue", "publish"):                   (LOGIN,    DENIED,    PUBLIC),
    ("issue", "delete published"):          (LOGIN,    DENIED,    DELETED),
    ("page", "see a draft"):                (LOGIN,    SHOWN,     SHOWN),
    ("page", "create"):                     (LOGIN,    REFUSED,   PUBLIC),
    ("page", "change a draft"):             (LOGIN,    HIDDEN,    HIDDEN),
    ("page", "move into published"):        (LOGIN,    REFUSED,   PUBLIC),
    ("page", "change published"):           (LOGIN,    DENIED,    PUBLIC),
    ("page", "delete published"):           (LOGIN,    DENIED,    DELETED),
    ("article", "see a draft"):             (LOGIN,    SHOWN,     SHOWN),
    ("article", "create"):                  (LOGIN,    HIDDEN,    PUBLIC),
    ("article", "change a draft"):          (LOGIN,    HIDDEN,    HIDDEN),
    ("article", "move into published"):     (LOGIN,    HIDDEN,    HIDDEN),
    ("article", "change published"):        (LOGIN,    DENIED,    PUBLIC),
    ("article", "publish"):                 (LOGIN,    NOT_DONE,  PUBLIC),
    ("article", "delete published"):        (LOGIN,    DENIED,    DELETED),
    ("photo", "see a draft"):               (LOGIN,    SHOWN,     SHOWN),
    ("photo", "create"):                    (LOGIN,    REFUSED,   PUBLIC),
    ("photo", "change a draft"):            (LOGIN,    HIDDEN,    HIDDEN),
    ("photo", "move into published"):       (LOGIN,    REFUSED,   PUBLIC),
    ("photo", "change published"):          (LOGIN,    DENIED,    PUBLIC),
    ("photo", "delete published"):          (LOGIN,    DENIED,    DELETED),
    ("observation", "see a draft"):         (LOGIN,    SHOWN,     SHOWN),
    ("observation", "create"):              (LOGIN,    HIDDEN,    PUBLIC),
    ("observation", "change a draft"):      (LOGIN,    HIDDEN,    HIDDEN),
    ("observation", "move into published"): (LOGIN,    HIDDEN,    HIDDEN),
    ("observation", "change published"):    (LOGIN,    DENIED,    PUBLIC),
    ("observation", "publish"):             (LOGIN,    NOT_DONE,  PUBLIC),
    ("observation", "delete published"):    (LOGIN,    DENIED,    DELETED),
    ("person", "create"):                   (LOGIN,    HIDDEN,    HIDDEN),
    ("person", "change a draft"):           (LOGIN,    HIDDEN,    HIDDEN),
    ("person", "change published"):         (LOGIN,    DENIED,    PUBLIC),
    ("person", "delete published"):         (LOGIN,    DENIED,    NOT_DONE),
    ("desk", "see a draft"):                (LOGIN,    SHOWN,     SHOWN),
    ("desk", "create"):                     (LOGIN,    DENIED,    HIDDEN),
    ("desk", "change a draft"):             (LOGIN,    HIDDEN,    HIDDEN),
    ("desk", "change published"):           (LOGIN,    DENIED,    PUBLIC),
    ("desk", "delete published"):           (LOGIN,    DENIED,    DELETED),
    ("preview", "see a draft"):             (LOGIN,    SHOWN,     SHOWN),
    ("original", "see a draft"):            (LOGIN,    SHOWN,     SHOWN),
}

# The reporter and editor columns are service tokens of accounts in those groups; "nobody" is a
# valid token of an account without permissions. A logged-in member of either group, in a
# browser session, reads like anyone and may write nothing (SESSION): the API writes only for
# tokens, editors use the admin.
API = {
    # (model, action):                      anonymous     reporter     editor       nobody
    ("issue", "see a draft"):               (NOT_FOUND,    NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
    ("issue", "create"):                    (UNAUTHORIZED, HIDDEN,     HIDDEN,      DENIED),
    ("issue", "change a draft"):            (UNAUTHORIZED, HIDDEN,     HIDDEN,      DENIED),
    ("issue", "change published"):          (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("issue", "publish"):                   (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("issue", "delete published"):          (UNAUTHORIZED, DENIED,     NOT_ALLOWED, DENIED),
    ("page", "see a draft"):                (NOT_FOUND,    NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
    ("page", "create"):                     (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("page", "change a draft"):             (UNAUTHORIZED, HIDDEN,     HIDDEN,      DENIED),
    ("page", "move into published"):        (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("page", "change published"):           (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("page", "delete published"):           (UNAUTHORIZED, DENIED,     NOT_ALLOWED, DENIED),
    ("article", "see a draft"):             (NOT_FOUND,    NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
    ("article", "create"):                  (UNAUTHORIZED, HIDDEN,     HIDDEN,      DENIED),
    ("article", "change a draft"):          (UNAUTHORIZED, HIDDEN,     HIDDEN,      DENIED),
    ("article", "move into published"):     (UNAUTHORIZED, HIDDEN,     HIDDEN,      DENIED),
    ("article", "change published"):        (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("article", "publish"):                 (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("article", "delete published"):        (UNAUTHORIZED, DENIED,     NOT_ALLOWED, DENIED),
    ("photo", "see a draft"):               (NOT_FOUND,    NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
    ("photo", "create"):                    (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("photo", "change a draft"):            (UNAUTHORIZED, HIDDEN,     HIDDEN,      DENIED),
    ("photo", "move into published"):       (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("photo", "change published"):          (UNAUTHORIZED, DENIED,     PUBLIC,      DENIED),
    ("photo", "delete published"):          (UNAUTHORIZED, DENIED,     NOT_ALLOWED, DENIED),
    ("observation", "see a draft"):         (NOT_FOUND,    NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
    ("observation", "create"):              (UNAUTHORIZED, NOT_ALLOWED, NOT_ALLOWED, DENIED),
    ("observation", "change a draft"):      (UNAUTHORIZED, NOT_ALLOWED, NOT_ALLOWED, DENIED),
    ("observation", "change published"):    (UNAUTHORIZED, NOT_ALLOWED, NOT_ALLOWED, DENIED),
    ("observation", "delete published"):    (UNAUTHORIZED, DENIED,     NOT_ALLOWED, DENIED),
}
# fmt: on

ADMIN_ROLES = ["anonymous", "reporter", "editor"]
# (client, the API table's column it follows)
API_CLIENTS = {
    "anonymous": "anonymous",
    "reporter": "session",
    "editor": "session",
    "reporter token": "reporter",
    "editor token": "editor",
    "nobody token": "nobody",
}
API_COLUMNS = ["anonymous", "reporter", "editor", "nobody"]


def session_cell(action):
    """What a logged-in browser session gets from the API, whatever its group."""
    return NOT_FOUND if action == "see a draft" else DENIED


MARK = "权限矩阵改过"
AN_HOUR_AGO = timezone.now() - datetime.timedelta(hours=1)


def a_page(*, public):
    return PageFactory(issue=IssueFactory() if public else draft_issue())


def a_draft_article(page=None):
    return ArticleFactory(page=page or a_page(public=False), status=Status.DRAFT, published_at=None)


def no_inline(*prefixes):
    return {
        f"{prefix}-{name}": "0" for prefix in prefixes for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    }


# --- One kit per model: its objects, its forms, its API payloads -------------------------------
# `values` are model-level field values (objects, not ids); the kit turns them into an admin form
# or an API payload. "container" is where create and move put things: the issue of a page, the
# page of an article or photo, the article of a figure.


class Kit:
    fields: list[str] = []  # what the admin form and the API payload are made from
    container_field = ""  # the field "move into published" changes
    publish_url = ""  # an admin view that publishes, instead of a changelist action

    def values(self, obj):
        return {name: getattr(obj, name) for name in self.fields}

    def into(self, v, container):
        return {**v, self.container_field: container}


def with_version(data, v):
    """An edit names the version it is based on (else 428)."""
    return {**data, "version": v["version"]} if "version" in v else data


class IssueKit(Kit):
    model, admin, endpoint = Issue, "articles_issue", "issues"
    fields = ["publication", "date", "number", "page_count", "status", "published_at", "version"]
    mark = ("page_count", 9)
    publish_url = "admin:articles_issue_publish"

    def make(self, *, public):
        return IssueFactory() if public else draft_issue()

    def make_publishable(self):
        issue = draft_issue()
        a_draft_article(page=PageFactory(issue=issue, number=1))
        return issue

    def container(self, *, public):
        return None

    def new(self, container):
        return {
            "publication": PublicationFactory(),
            "date": datetime.date(2031, 1, 1),
            "number": 99001,
            "page_count": 9,
            "status": Status.PUBLISHED,
            "published_at": AN_HOUR_AGO,
        }

    def admin_form(self, v):
        return issue_form(
            v["publication"],
            date=v["date"].isoformat(),
            number=v["number"],
            page_count=v["page_count"],
            status=v["status"],
            **split_datetime(v["published_at"]),
        )

    def api_data(self, v):
        data = {k: v[k] for k in ("date", "number", "page_count", "status")}
        return with_version({**data, "publication": v["publication"].slug}, v)


class PageKit(Kit):
    model, admin, endpoint = Page, "articles_page", "pages"
    fields = ["issue", "number", "name", "version"]
    container_field = "issue"
    mark = ("name", MARK)

    def make(self, *, public):
        return a_page(public=public)

    def container(self, *, public):
        return IssueFactory() if public else draft_issue()

    def new(self, issue):
        return {"issue": issue, "number": 7, "name": MARK}

    def admin_form(self, v):
        return page_form(v["issue"], number=v["number"], name=v["name"])

    def api_data(self, v):
        return with_version({"issue": v["issue"].pk, "number": v["number"], "name": v["name"]}, v)


class ArticleKit(Kit):
    model, admin, endpoint = Article, "articles_article", "articles"
    fields = ["page", "headline", "status", "published_at", "version"]
    container_field = "page"
    mark = ("headline", MARK)
    publish_action = "publish"

    def make(self, *, public):
        return ArticleFactory() if public else a_draft_article()

    def make_publishable(self):
        return a_draft_article(page=a_page(public=True))

    def container(self, *, public):
        return a_page(public=public)

    def new(self, page):
        return {
            "page": page,
            "headline": MARK,
            "status": Status.PUBLISHED,
            "published_at": AN_HOUR_AGO,
        }

    def admin_form(self, v):
        return article_form(
            v["page"],
            headline=v["headline"],
            status=v["status"],
            **split_datetime(v["published_at"]),
        )

    def api_data(self, v):
        page = v["page"]
        data = {
            "issue": page.issue_id,
            "page": page.pk,
            "headline": v["headline"],
            "status": v["status"],
        }
        return with_version(data, v)


class PhotoKit(Kit):
    model, admin, endpoint = Photo, "articles_photo", "photos"
    fields = ["page", "caption", "version"]
    container_field = "page"
    mark = ("caption", MARK)

    def make(self, *, public):
        return PhotoFactory(article=None, page=a_page(public=public))

    def container(self, *, public):
        return a_page(public=public)

    def new(self, page):
        image = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
        return {"page": page, "caption": MARK, "image": image}

    def admin_form(self, v):
        form = {"page": v["page"].pk, "caption": v["caption"], "position": 0}
        return {
            **form,
            **({"image": v["image"]} if "image" in v else {}),
            **no_inline("photo_credits"),
        }

    def api_data(self, v):
        data = with_version({"page": v["page"].pk, "caption": v["caption"]}, v)
        return {**data, "image": v["image"]} if "image" in v else data


class ObservationKit(Kit):
    model, admin, endpoint = Observation, "indicators_observation", "observations"
    fields = ["indicator", "region", "period", "printed_value", "article", "status", "note"]
    container_field = "article"
    mark = ("note", MARK)
    publish_action = "accept"

    def make(self, *, public):
        if public:
            return ObservationFactory()
        return ObservationFactory(status=ObservationStatus.PROPOSED, article=a_draft_article())

    def make_publishable(self):
        return ObservationFactory(status=ObservationStatus.PROPOSED)

    def container(self, *, public):
        return ArticleFactory() if public else a_draft_article()

    def new(self, article):
        return {
            "indicator": IndicatorFactory(),
            "region": RegionFactory(),
            "period": PeriodFactory(),
            "printed_value": 10,
            "article": article,
            "status": ObservationStatus.ACCEPTED,
            "note": MARK,
        }

    def admin_form(self, v):
        ids = {name: v[name].pk for name in ("indicator", "region", "period", "article")}
        return {
            **ids,
            "printed_value": v["printed_value"],
            "status": v["status"],
            "note": v["note"],
        }

    def api_data(self, v):
        return {"note": v["note"]}


class PersonKit(Kit):
    """A person: no status, but their name is printed in every byline naming them. "Published"
    is someone credited on a published article (a rename rewrites its byline; deleting them is
    refused while they are credited), "a draft" someone credited on a draft only."""

    model, admin = Person, "articles_person"
    fields = ["name", "disambiguation", "version"]
    mark = ("name", MARK)

    def make(self, *, public):
        person = PersonFactory()
        article = ArticleFactory() if public else a_draft_article()
        ArticleCreditFactory(person=person, article=article)
        return person

    def container(self, *, public):
        return None

    def new(self, container):
        return {"name": MARK, "disambiguation": ""}

    def admin_form(self, v):
        return {"name": v["name"], "disambiguation": v["disambiguation"], "affiliation": ""}


class DeskKit(Kit):
    """Articles added, changed and deleted on their page's desk, in one save of the desk."""

    model, admin = Article, "articles_page"
    mark = ("headline", MARK)

    def make(self, *, public):
        return ArticleFactory() if public else a_draft_article()

    def container(self, *, public):
        return a_page(public=public)

    def new(self, page):
        return {"page": page}

    def request(self, client, action, obj, values):
        page = obj.page if obj is not None else values["page"]
        url = reverse("admin:articles_page_desk", args=[page.pk])
        if action == "see a draft":
            return client.get(url)
        data = desk_data(page)
        items = list(page.articles.order_by("position", "pk"))
        if action == "create":
            data[f"items-{len(items)}-headline"] = MARK
        elif action == "delete published":
            data[f"items-{items.index(obj)}-DELETE"] = "on"
        else:
            data[f"items-{items.index(obj)}-headline"] = MARK
        return client.post(url, data)


class PreviewKit(Kit):
    """An unpublished article at its preview address."""

    model, mark = Article, ("headline", MARK)

    def make(self, *, public):
        return a_draft_article()

    def request(self, client, action, obj, values):
        return client.get(reverse("articles:preview", args=[obj.get_absolute_url().lstrip("/")]))


class OriginalKit(Kit):
    """An uploaded original (with its GPS data), through the admin's staff-only view."""

    model, mark = Photo, ("caption", MARK)

    def make(self, *, public):
        return PhotoFactory(article=a_draft_article())

    def request(self, client, action, obj, values):
        return client.get(reverse("admin:original", args=[obj.image.name]))


KITS = {
    "issue": IssueKit(),
    "page": PageKit(),
    "article": ArticleKit(),
    "photo": PhotoKit(),
    "observation": ObservationKit(),
    "person": PersonKit(),
    "desk": DeskKit(),
    "preview": PreviewKit(),
    "original": OriginalKit(),
}


# --- Running one cell --------------------------------------------------------------------------


def marked(kit, obj):
    """The object again (None once deleted), and whether it carries the test's change."""
    fresh = kit.model._base_manager.filter(pk=obj.pk).first()
    field, value = kit.mark
    return fresh, fresh is not None and getattr(fresh, field) == value


def is_public(kit, obj) -> bool:
    return obj is not None and kit.model.objects.published().filter(pk=obj.pk).exists()


def prepare(kit, action):
    """(the object acted on or None, the values to send or None) for `action`."""
    field, value = kit.mark
    if action == "see a draft":
        return kit.make(public=False), None
    if action == "create":
        return None, kit.new(kit.container(public=True))
    if action in ("change a draft", "change published"):
        obj = kit.make(public=action == "change published")
        return obj, {**kit.values(obj), field: value}
    if action == "move into published":
        obj = kit.make(public=False)
        return obj, {**kit.into(kit.values(obj), kit.container(public=True)), field: value}
    if action == "publish":
        return kit.make_publishable(), None
    if action == "delete published":
        return kit.make(public=True), None
    raise ValueError(action)


def result(kit, action, obj, response):
    """What the cell says happened, from the response and the database."""
    if action == "create":
        field, value = kit.mark
        obj = kit.model.objects.filter(**{field: value}).first()
        done = obj is not None
    elif action == "delete published":
        obj, _ = marked(kit, obj)
        done = obj is None
    elif action == "publish":
        done = is_public(kit, obj)
    elif action == "see a draft":
        done = response.status_code == 200
    else:
        obj, done = marked(kit, obj)
    code = response.status_code
    if code == 302 and "/login/" in response["Location"]:
        assert not done
        return LOGIN
    if code in (401, 403, 404, 405):
        assert not done, f"{code} but the change was made"
        return {401: UNAUTHORIZED, 403: DENIED, 404: NOT_FOUND, 405: NOT_ALLOWED}[code]
    if action == "see a draft":
        return SHOWN if done else f"{code}?"
    if action == "delete published":
        return DELETED if done else NOT_DONE
    if done:
        return PUBLIC if is_public(kit, obj) else HIDDEN
    form = response.context and response.context.get("adminform")
    if form is not None and form.form.errors:
        errors = str(form.form.errors)
        return REFUSED if "已发布" in errors else f"form errors: {errors}"
    return NOT_DONE


# --- The admin -------------------------------------------------------------------------------


def admin_client(request, role):
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize(
    "model, action, role, expected",
    [
        (model, action, role, cell)
        for (model, action), cells in ADMIN.items()
        for role, cell in zip(ADMIN_ROLES, cells, strict=True)
    ],
)
def test_admin(request, model, action, role, expected):
    kit = KITS[model]
    client = admin_client(request, role)
    obj, values = prepare(kit, action)
    if hasattr(kit, "request"):
        response = kit.request(client, action, obj, values)
    elif action == "see a draft":
        response = client.get(reverse(f"admin:{kit.admin}_change", args=[obj.pk]))
    elif action == "create":
        response = client.post(reverse(f"admin:{kit.admin}_add"), kit.admin_form(values))
    elif action == "publish" and kit.publish_url:
        drafts = obj.articles.filter(status=Status.DRAFT).values_list("pk", flat=True)
        response = client.post(reverse(kit.publish_url, args=[obj.pk]), {"article": list(drafts)})
    elif action == "publish":
        response = client.post(
            reverse(f"admin:{kit.admin}_changelist"),
            {"action": kit.publish_action, "_selected_action": [obj.pk]},
        )
    elif action == "delete published":
        response = client.post(reverse(f"admin:{kit.admin}_delete", args=[obj.pk]), {"post": "yes"})
    else:
        url = reverse(f"admin:{kit.admin}_change", args=[obj.pk])
        response = client.post(url, kit.admin_form(values))
    assert result(kit, action, obj, response) == expected


@pytest.mark.parametrize("role", ["reporter token", "editor token"])
def test_a_service_token_opens_nothing_in_the_admin(role):
    group = {"reporter token": "记者", "editor token": "编辑"}[role]
    client = token_client(f"{group}-service", group)
    token = client._credentials["HTTP_AUTHORIZATION"]
    response = Client().get(reverse("admin:articles_article_changelist"), HTTP_AUTHORIZATION=token)
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- The API ---------------------------------------------------------------------------------


def api_client(request, role):
    if role.endswith("token"):
        name = role.removesuffix(" token")
        return token_client(f"{name}-service", {"reporter": "记者", "editor": "编辑"}.get(name))
    client = APIClient()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize(
    "model, action, role, expected",
    [
        (
            model,
            action,
            role,
            session_cell(action) if column == "session" else cells[API_COLUMNS.index(column)],
        )
        for (model, action), cells in API.items()
        for role, column in API_CLIENTS.items()
    ],
)
def test_api(request, model, action, role, expected):
    kit = KITS[model]
    client = api_client(request, role)
    obj, values = prepare(kit, action)
    base = f"/api/v1/{kit.endpoint}/"
    if action == "see a draft":
        response = client.get(f"{base}{obj.pk}/")
    elif action == "create":
        data = kit.api_data(values)
        response = client.post(base, data, format="multipart" if "image" in data else "json")
    elif action == "publish":
        response = client.post(f"{base}{obj.pk}/publish/")
    elif action == "delete published":
        response = client.delete(f"{base}{obj.pk}/")
    else:
        response = client.patch(f"{base}{obj.pk}/", kit.api_data(values), format="json")
    assert result(kit, action, obj, response) == expected
