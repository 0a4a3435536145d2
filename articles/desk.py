"""The page desk (版面工作台): a printed page as the unit of work.

One screen holds the page (name, department, scan, PDF, its 组版/责编/校对) and its items in
printed order, each with headlines, byline, genre, source, topics, places, its regions on the
scan and its photos with captions and photographers. `PageDesk` validates all of it together
and saves it in one transaction, or saves nothing and puts each error next to its field.

People, topics and places are typed as the paper prints them (articles/bylines.py) and looked
up here, one query per kind for the whole desk; a name nobody has yet is created with the save,
a name several people share is an error asking which one is meant.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from publishing.editing import VersionedForm
from publishing.rule import PublishingRuleForm, ensure_unlocked
from publishing.uploads import KeepingFileInput, KeepsUploadsForm

from . import bylines
from .models import (
    Article,
    ArticleCredit,
    ArticleRegion,
    Page,
    PageCredit,
    Person,
    Photo,
    PhotoCredit,
    Place,
    Publication,
    Section,
    Tag,
)
from .services import lock_in_order


def _role_words(language: str) -> dict[str, str]:
    with translation.override(language):
        return {str(label): value for value, label in ArticleCredit.Role.choices}


# The role words of a byline as printed (记者 李雅萍 通讯员 王立伟), and as an editor working in
# English may type them (reporter Li Yaping); bylines are written back as printed.
PRINTED_ROLE_WORDS = _role_words("zh-hans")
ROLE_WORDS = {**_role_words("en"), **PRINTED_ROLE_WORDS}
PAGE_ROLES = {
    "layout": PageCredit.Role.LAYOUT,
    "editors": PageCredit.Role.EDITOR,
    "proofreaders": PageCredit.Role.PROOFREADER,
}
PEOPLE_FIELDS = ("-byline", "-photographers", *(f"-{name}" for name in PAGE_ROLES))
CHANGE_REASON_CHARS = 100  # django-simple-history's column


def desk_page(queryset):
    """The page with what the desk shows of it: issue, credits, scan renditions."""
    credits = PageCredit.objects.select_related("person__affiliation").order_by("position", "pk")
    return queryset.select_related("issue__publication").prefetch_related(
        Prefetch("page_credits", queryset=credits), "renditions"
    )


def desk_items(page):
    """The page's items in printed order with everything the desk shows, in a fixed number of
    queries however many items the page holds."""
    credits = ArticleCredit.objects.select_related("person__affiliation").order_by("position", "pk")
    return (
        Article.objects.filter(page=page)
        .prefetch_related(
            Prefetch("article_credits", queryset=credits),
            "tags",
            Prefetch("places", queryset=Place.objects.select_related("parent")),
            Prefetch("regions", queryset=ArticleRegion.objects.order_by("pk")),
            Prefetch("photos", queryset=Photo.objects.as_printed()),
        )
        .order_by("position", "pk")
    )


class Directory:
    """The people, topics and places a desk names, looked up together; new ones made unsaved
    (and shared, so one new name typed twice is one new person) for the desk to save."""

    def __init__(self, publication):
        self.publication = publication
        self._people, self._tags, self._places, self._papers = {}, {}, {}, None
        self.new_people, self.new_tags, self.new_places = {}, {}, {}

    def preload(self, data) -> None:
        """Look up every name typed anywhere in the desk's submitted `data`: one query a kind."""
        people, tags, places = set(), set(), set()
        for key, value in data.items():
            if key.endswith(PEOPLE_FIELDS):
                people.update(name.name for name in bylines.parse_byline(value, ROLE_WORDS, ""))
            elif key.endswith("-tag_names"):
                tags.update(bylines.tokens(value))
            elif key.endswith("-place_names"):
                places.update(bylines.split_path(token)[1] for token in bylines.tokens(value))
        self._load(people, tags, places)

    def _load(self, people=(), tags=(), places=()):
        people = set(people) - self._people.keys()
        if people:
            for name in people:
                self._people[name] = []
            for person in Person.objects.filter(name__in=people).select_related("affiliation"):
                self._people[person.name].append(person)
        tags = set(tags) - self._tags.keys()
        if tags:
            self._tags.update(dict.fromkeys(tags))
            self._tags.update({tag.name: tag for tag in Tag.objects.filter(name__in=tags)})
        places = set(places) - self._places.keys()
        if places:
            for name in places:
                self._places[name] = []
            for place in Place.objects.filter(name__in=places).select_related("parent"):
                self._places[place.name].append(place)

    def paper(self, name: str):
        if self._papers is None:
            self._papers = {paper.name: paper for paper in Publication.objects.all()}
        return self._papers.get(name)

    def person(self, typed: bylines.Name) -> Person:
        """The person `typed` names; raises ValidationError when that is not clear."""
        if len(typed.name) > Person._meta.get_field("name").max_length:
            raise ValidationError(_("“%(name)s”太长，不像一个人名。") % {"name": typed.name})
        self._load(people=[typed.name])
        candidates = self._people[typed.name]
        paper = None
        if typed.affiliation:
            paper = self.paper(typed.affiliation)
            if paper is None:
                raise ValidationError(
                    _("没有名为“%(paper)s”的报刊；请先在报刊中添加。")
                    % {"paper": typed.affiliation}
                )
            candidates = [person for person in candidates if person.affiliation_id == paper.pk]
        exact = [person for person in candidates if person.disambiguation == typed.note]
        if exact:
            return exact[0]
        if not typed.note and len(candidates) == 1:
            return candidates[0]
        if not typed.note and candidates:
            raise ValidationError(
                _("有 %(count)d 位“%(name)s”：%(who)s。请写明是哪一位，如 %(example)s。")
                % {
                    "count": len(candidates),
                    "name": typed.name,
                    "who": "、".join(person.picker_label for person in candidates),
                    "example": candidates[0],
                }
            )
        key = (typed.name, typed.note, paper.pk if paper else None)
        if key not in self.new_people:
            self.new_people[key] = Person(
                name=typed.name, disambiguation=typed.note, affiliation=paper
            )
        return self.new_people[key]

    def tag(self, name: str) -> Tag:
        self._load(tags=[name])
        if self._tags[name] is None:
            self._tags[name] = self.new_tags[name] = Tag(name=name)
        return self._tags[name]

    def place(self, token: str) -> Place:
        parent_name, name = bylines.split_path(token)
        self._load(places=[name])
        candidates = self._places[name]
        if parent_name:
            candidates = [p for p in candidates if p.parent and p.parent.name == parent_name]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise ValidationError(
                _("有 %(count)d 个“%(name)s”：%(which)s。请连上级地区一起写，如 %(example)s。")
                % {
                    "count": len(candidates),
                    "name": name,
                    "which": "、".join(place.full_name for place in candidates),
                    "example": f"{candidates[0].parent.name}›{name}"
                    if candidates[0].parent
                    else name,
                }
            )
        if token not in self.new_places:
            self.new_places[token] = Place(name=name)
        return self.new_places[token]

    def created(self) -> list[str]:
        """What the save made new, for the editor: 新建人物：王五；新建话题：大数据."""
        parts = []
        for label, rows in (
            (_("新建人物"), self.new_people.values()),
            (_("新建话题"), self.new_tags.values()),
            (_("新建地点"), self.new_places.values()),
        ):
            names = [str(row) for row in rows if row.pk is not None]
            if names:
                parts.append(f"{label}：{'、'.join(names)}")
        return parts


def _saved(obj):
    if obj.pk is None:
        obj.full_clean()
        obj.save()
    return obj


def _people_or_error(directory, names) -> list:
    people, errors = [], []
    for typed in names:
        try:
            people.append((typed, directory.person(typed)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return people


class DeskForm(KeepsUploadsForm, VersionedForm, PublishingRuleForm):
    """A model form on the desk: versioned, keeping uploads, checked against the publishing rule
    for `user`, looking names up in the desk's `directory`."""

    check_unchanged = False  # a row of the desk is saved only when changed
    suggest: dict[str, str] = {}  # typed name fields: what static/articles/desk.js suggests

    def __init__(self, *args, directory=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory, self.user = directory, user
        for field in self.fields.values():
            if isinstance(field, forms.FileField):
                field.widget = KeepingFileInput()
        for name, kind in self.suggest.items():
            self.fields[name].widget.attrs["data-suggest"] = kind

    @cached_property
    def changed_data(self):
        # the desk numbers new rows itself: a new row with only its number is still empty
        new = self.instance.pk is None
        return [name for name in super().changed_data if not (new and name == "position")]


class PageDeskForm(DeskForm):
    layout = forms.CharField(label=gettext_lazy("组版"), required=False)
    editors = forms.CharField(label=gettext_lazy("责编"), required=False)
    proofreaders = forms.CharField(label=gettext_lazy("校对"), required=False)
    check_unchanged = True  # the desk as a whole: any save of it since is a conflict
    suggest = dict.fromkeys(PAGE_ROLES, "person")

    class Meta:
        model = Page
        fields = ["name", "department", "department_email", "image", "pdf"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        credits = self.instance.page_credits.all() if self.instance.pk else []
        for name, role in PAGE_ROLES.items():
            self.initial[name] = bylines.format_names(c.person for c in credits if c.role == role)
            self.fields[name].help_text = _("姓名用空格分隔；同名的人写成 马龙（本报记者）")
        self.credits = None

    def clean(self):
        cleaned = super().clean()
        self.credits = []
        for name, role in PAGE_ROLES.items():
            try:
                people = _people_or_error(
                    self.directory, bylines.split_names(cleaned.get(name, ""))
                )
            except ValidationError as error:
                self.add_error(name, error)
                continue
            self.credits += [(role, person) for _typed, person in people]
        return cleaned

    def save_related(self, page):
        """The page's credits as typed, keeping the rows that did not change."""
        _sync_credits(
            existing=list(page.page_credits.all()),
            wanted=[(person, role) for role, person in self.credits],
            make=lambda person, role, position: PageCredit(
                page=page, person=person, role=role, position=position
            ),
        )


def _sync_credits(*, existing, wanted, make):
    """Make the stored credit rows `existing` say `wanted` [(person, role)] in that order:
    unchanged rows stay (their history too), others are moved, deleted or created."""
    by_key = {(credit.person_id, getattr(credit, "role", "")): credit for credit in existing}
    keep = set()
    for position, (person, role) in enumerate(wanted):
        _saved(person)
        credit = by_key.get((person.pk, role or ""))
        if credit is None:
            credit = make(person, role, position)
            credit.full_clean()
            credit.save()
        elif credit.position != position:
            credit.position = position
            credit.save()
        keep.add(credit.pk)
    for credit in existing:
        if credit.pk not in keep:
            credit.delete()


class DeskItemForm(DeskForm):
    byline = forms.CharField(
        label=gettext_lazy("署名"),
        required=False,
        help_text=gettext_lazy("如：记者 李雅萍 通讯员 王立伟；转载写 人民日报记者 胡健"),
    )
    tag_names = forms.CharField(
        label=gettext_lazy("话题"),
        required=False,
        help_text=gettext_lazy("用空格或顿号分隔；没有的话题随保存新建"),
    )
    place_names = forms.CharField(
        label=gettext_lazy("地点"),
        required=False,
        help_text=gettext_lazy("同名地点连上级写：临县›城关镇"),
    )
    regions = forms.CharField(
        label=gettext_lazy("版面区域"),
        required=False,
        help_text=gettext_lazy(
            "在版面图上按住鼠标拖出；也可填写 x y 宽 高（版面图的比例，0–1），多个用分号隔开"
        ),
    )

    suggest = {"byline": "person", "tag_names": "tag", "place_names": "place"}

    class Meta:
        model = Article
        fields = [
            "position",
            "kicker",
            "headline",
            "subheadline",
            "byline",
            "dateline",
            "body",
            "genre",
            "section",
            "origin",
            "agency",
            "source_publication",
            "source_date",
            "source_page",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.instance
        if article.pk:
            issue_paper = self.directory.publication.pk if self.directory else None
            self.initial["byline"] = bylines.format_byline(
                [
                    (credit.role, _paper_prefix(credit.person, issue_paper), str(credit.person))
                    for credit in article.article_credits.all()
                ],
                {value: word for word, value in PRINTED_ROLE_WORDS.items()},
            )
            self.initial["tag_names"] = bylines.format_names(article.tags.all())
            self.initial["place_names"] = bylines.format_names(
                _place_token(place) for place in article.places.all()
            )
            self.initial["regions"] = bylines.format_regions(article.regions.all())
        self.related = None

    def clean(self):
        cleaned = super().clean()
        directory, related = self.directory, {}
        for field, parse in (
            ("byline", self._clean_byline),
            ("tag_names", lambda text: [directory.tag(t) for t in bylines.tokens(text)]),
            ("place_names", lambda text: [directory.place(t) for t in bylines.tokens(text)]),
            ("regions", _clean_regions),
        ):
            try:
                related[field] = parse(cleaned.get(field, ""))
            except ValidationError as error:
                self.add_error(field, error)
        self.related = related
        return cleaned

    def _clean_byline(self, text):
        names = bylines.parse_byline(text, ROLE_WORDS, ArticleCredit.Role.REPORTER)
        credits = [
            (person, typed.role) for typed, person in _people_or_error(self.directory, names)
        ]
        seen = set()
        for person, role in credits:
            key = (id(person), role)
            if key in seen:
                raise ValidationError(_("“%(name)s”在署名中出现了两次。") % {"name": person})
            seen.add(key)
        return credits

    def save_related(self, article):
        """Byline, topics, places and regions as typed; only what changed is written."""
        related = self.related
        _sync_credits(
            existing=list(article.article_credits.all()) if self.instance.pk else [],
            wanted=related["byline"],
            make=lambda person, role, position: ArticleCredit(
                article=article, person=person, role=role, position=position
            ),
        )
        for field, rows in (("tags", related["tag_names"]), ("places", related["place_names"])):
            rows = [_saved(row) for row in rows]
            manager = getattr(article, field)
            if {row.pk for row in rows} != {row.pk for row in manager.all()}:
                manager.set(rows)
        wanted = related["regions"]
        stored = list(article.regions.all())
        if wanted != [_box(r.x, r.y, r.width, r.height) for r in stored]:
            for region in stored:
                region.delete()
            for x, y, width, height in wanted:
                ArticleRegion.objects.create(article=article, x=x, y=y, width=width, height=height)


def _paper_prefix(person, issue_paper) -> str:
    """人民日报 for a reporter of another paper (printed 人民日报记者), "" for our own staff."""
    if person.affiliation_id is None or person.affiliation_id == issue_paper:
        return ""
    return person.affiliation.name


def _place_token(place) -> str:
    return f"{place.parent.name}›{place.name}" if place.parent_id else place.name


def _clean_regions(text):
    try:
        boxes = bylines.parse_regions(text)
    except ValueError as error:
        raise ValidationError(
            _("“%(part)s”不是四个数（x y 宽 高）。") % {"part": error.args[0]}
        ) from None
    for x, y, width, height in boxes:
        if min(x, y) < 0 or width <= 0 or height <= 0 or x + width > 1.001 or y + height > 1.001:
            raise ValidationError(_("区域必须在版面图之内：x、y ≥ 0，x+宽度 ≤ 1，y+高度 ≤ 1。"))
    return [_box(*box) for box in boxes]


def _box(x, y, width, height) -> tuple[float, float, float, float]:
    """A region to four decimals, kept a hair inside the page: a box drawn to the very edge
    must still pass the database's check (x ≤ 1 − width) in floating point."""
    x, y = round(x, 4), round(y, 4)
    width = min(round(width, 4), round(1 - x - 0.0001, 4))
    height = min(round(height, 4), round(1 - y - 0.0001, 4))
    return x, y, width, height


class DeskPhotoForm(DeskForm):
    photographers = forms.CharField(
        label=gettext_lazy("摄影"),
        required=False,
        help_text=gettext_lazy("如：肖继旺 薛晋军"),
    )

    suggest = {"photographers": "person"}

    class Meta:
        model = Photo
        fields = ["image", "caption", "photographers", "position"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["photographers"] = bylines.format_names(
                credit.person for credit in self.instance.photo_credits.all()
            )
        self.people = None

    def clean_photographers(self):
        text = self.cleaned_data.get("photographers", "")
        self.people = [
            person for _typed, person in _people_or_error(self.directory, bylines.split_names(text))
        ]
        return text

    def save_related(self, photo):
        _sync_credits(
            existing=list(photo.photo_credits.all()) if self.instance.pk else [],
            wanted=[(person, "") for person in self.people or []],
            make=lambda person, _role, position: PhotoCredit(
                photo=photo, person=person, position=position
            ),
        )


class UntouchedRowsFormSet(BaseInlineFormSet):
    """Stored rows left as they were are not validated again: they are not saved either, and
    checking each (its id, the model's constraints) cost queries in proportion to the page."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if i < self.initial_form_count():
            form.empty_permitted = True  # validated only when changed (Form.full_clean)
        return form


class DeskPhotoFormSet(UntouchedRowsFormSet):
    """An item's photos, read from what desk_items() prefetched (no query per item). The
    template for a new photo is numbered __photo__, so that it can sit inside the template of a
    new item (numbered __prefix__) and each be filled in on its own."""

    def __init__(self, *args, photos=None, **kwargs):
        self._photos = photos
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        if self._photos is not None:
            return self._photos
        return super().get_queryset()

    def clean(self):
        super().clean()
        _check_deletions(self)

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__photo__"),
            empty_permitted=True,
            use_required_attribute=False,
            **self.get_form_kwargs(None),
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form


class DeskItemFormSet(UntouchedRowsFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # one list of sections and papers for every item (a select per item would query each)
        self._choices = {
            "section": _choices(Section.objects.all()),
            "source_publication": _choices(Publication.objects.all()),
        }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, choices in self._choices.items():
            form.fields[name].choices = choices

    def clean(self):
        super().clean()
        _check_deletions(self)


def _check_deletions(formset):
    """Deleting a row on the desk needs the delete permission and unlocked content, as in the
    admin's own delete view; the refusal is shown on the row."""
    user = formset.form_kwargs["user"]
    opts = formset.model._meta
    refused = False
    for form in formset.deleted_forms:
        if form.instance.pk is None:
            continue
        try:
            if not user.has_perm(f"{opts.app_label}.delete_{opts.model_name}"):
                raise PermissionDenied(
                    _("你没有删除%(kind)s的权限。") % {"kind": opts.verbose_name}
                )
            ensure_unlocked(user=user, obj=form.instance)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            refused = True
    if refused:
        raise ValidationError(_("有些内容不能删除，见下。"))


def _choices(queryset):
    return [("", "---------"), *((obj.pk, str(obj)) for obj in queryset)]


ItemFormSet = inlineformset_factory(
    Page,
    Article,
    form=DeskItemForm,
    formset=DeskItemFormSet,
    fk_name="page",
    extra=1,
    can_delete=True,
)
PhotoFormSet = inlineformset_factory(
    Article,
    Photo,
    form=DeskPhotoForm,
    formset=DeskPhotoFormSet,
    fk_name="article",
    extra=1,
    can_delete=True,
)


class PageDesk:
    """Everything on one page's desk, validated together and saved in one transaction."""

    def __init__(self, *, page, user, data=None, files=None):
        self.page, self.user = page, user
        self.directory = Directory(page.issue.publication)
        if data is not None:
            self.directory.preload(data)
        shared = {"directory": self.directory, "user": user}
        self.page_form = PageDeskForm(data, files, instance=page, prefix="page", **shared)
        self.items = ItemFormSet(
            data,
            files,
            instance=page,
            queryset=desk_items(page),
            prefix="items",
            form_kwargs=shared,
        )
        for form in self.items.forms:
            form.instance.issue = page.issue
            form.photos = self._photos(form, data, files)
        self.empty_item = self.items.empty_form
        self.empty_item.photos = self._photos(self.empty_item, None, None)

    def _photos(self, item_form, data, files):
        article = item_form.instance
        photos = PhotoFormSet(
            data,
            files,
            instance=article,
            photos=list(article.photos.all()) if article.pk else [],
            prefix=f"{item_form.prefix}-photos",
            form_kwargs={"directory": self.directory, "user": self.user},
        )
        for form in photos.forms:
            form.instance.page = self.page
        return photos

    def is_valid(self) -> bool:
        """Every form and formset validated (not stopping at the first), so all errors show.

        In a transaction, the rows the desk may write are locked first, in the one order every
        publishing write takes them (services.lock_in_order); the version checks that follow
        would otherwise lock them in the desk's printed order."""
        lock_in_order(
            pages=[self.page.pk],
            articles=[form.instance.pk for form in self.items.forms],
            photos=[photo.instance.pk for form in self.items.forms for photo in form.photos.forms],
        )
        results = [self.page_form.is_valid()]
        for form in self.items.forms:
            if form.photos.has_changed():
                form.empty_permitted = False  # a photo needs its item
        results.append(self.items.is_valid())
        for form in self.items.forms:
            if not self.items._should_delete_form(form):  # a deleted item's photos go with it
                results.append(form.photos.is_valid())
        return all(results)

    @transaction.atomic
    def save(self) -> str:
        """Save the desk; returns what was done, as the page's history and the editor read it."""
        done = {"added": [], "changed": [], "deleted": [], "photos": 0}
        page = self.page_form.save(commit=False)
        deleted = set(self.items.deleted_forms)
        work = []
        for form in self.items.forms:
            if form in deleted:
                if form.instance.pk is not None:
                    done["deleted"].append(form.instance.headline)
                continue
            if form.has_changed() or form.photos.has_changed():
                work.append(form)
                done["added" if form.instance.pk is None else "changed"].append(
                    form.cleaned_data.get("headline", "")
                )
                done["photos"] += sum(1 for photo in form.photos.forms if photo.has_changed())
        page._change_reason = _summary(done)[:CHANGE_REASON_CHARS]
        page.save()
        self.page_form.save_related(page)
        for form in deleted:
            if form.instance.pk is not None:
                form.instance.delete()
        for form in work:
            article = form.save(commit=False)
            article.page, article.issue = page, page.issue
            article.save()
            form.save_related(article)
            self._save_photos(form.photos, article)
        return _summary(done)

    def _save_photos(self, photos, article) -> None:
        deleted = set(photos.deleted_forms)
        for form in photos.forms:
            if form in deleted:
                if form.instance.pk is not None:
                    form.instance.delete()
                continue
            if not form.has_changed():
                continue
            photo = form.save(commit=False)
            photo.article, photo.page = article, self.page
            photo.save()
            form.save_related(photo)

    def errors_count(self) -> int:
        """How many forms came back with an error, for the message above the desk."""
        forms_ = [self.page_form, *self.items.forms]
        forms_ += [photo for form in self.items.forms for photo in form.photos.forms]
        return sum(1 for form in forms_ if form.errors) + bool(self.items.non_form_errors())


def _summary(done) -> str:
    parts = []
    for key, label in (
        ("added", pgettext("desk summary", "新增")),
        ("changed", pgettext("desk summary", "修改")),
        ("deleted", pgettext("desk summary", "删除")),
    ):
        if done[key]:
            parts.append(label + "".join(f"《{headline}》" for headline in done[key]))
    if done["photos"]:
        parts.append(_("图片 %(n)d 张") % {"n": done["photos"]})
    return _("版面工作台：") + ("；".join(parts) or _("版面信息"))
