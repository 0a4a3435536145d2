"""The admin's 导入版面 forms: the upload (or pasted text), and the proposal made editable — one
form for the issue and page, a formset with one form per item — turned back into a proposal."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.models import Genre, Origin

from .lines import Box
from .parsing.proposal import (
    ARTICLE_ROLES,
    AUTHOR,
    PAGE_ROLES,
    ArticleProposal,
    DatelineProposal,
    IssueProposal,
    PageProposal,
    PageProposalInfo,
    SourceProposal,
)

NAME_SEPARATORS = re.compile(r"[\s、，,]+")
TEXT_MAX_BYTES = 2 * 2**20  # what the text reader takes


def _names(text: str) -> list[str]:
    return [name for name in NAME_SEPARATORS.split(text or "") if name]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("版面文件"),
        required=False,
        help_text=_("文本（UTF-8）、PDF、扫描图（JPEG、PNG、TIFF、WebP）或 ALTO XML，按内容识别"),
    )
    text = forms.CharField(
        label=_("或粘贴版面文字"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    issue_date = forms.DateField(
        label=_("出版日期"), required=False, help_text=_("不填则按报头识别")
    )
    page_number = forms.IntegerField(
        label=_("版次"), required=False, min_value=1, max_value=200, help_text=_("不填则按版面识别")
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool((data.get("text") or "").strip()):
            raise ValidationError(_("请上传一个文件，或粘贴版面文字（二者选一）。"))
        if data.get("text") and len(data["text"].encode()) > TEXT_MAX_BYTES:
            raise ValidationError(_("粘贴的文字超过 2 MB：一个版面的文字通常只有 5–20 KB。"))
        return data


class PageForm(forms.Form):
    publication = forms.CharField(label=_("报刊"), max_length=100, required=False)
    date = forms.DateField(label=_("出版日期"))
    number = forms.IntegerField(label=_("期号"), min_value=1, required=False)
    page_count = forms.IntegerField(label=_("版数"), min_value=1, max_value=200, required=False)
    page_number = forms.IntegerField(label=_("版次"), min_value=1, max_value=200)
    name = forms.CharField(label=_("版名"), max_length=50, required=False)
    department = forms.CharField(label=_("主办部门"), max_length=50, required=False)
    email = forms.EmailField(label=_("部门邮箱"), required=False)
    layout = forms.CharField(label=_("组版"), required=False, help_text=_("多人用空格或顿号分开"))
    editors = forms.CharField(label=_("责编"), required=False)
    proofreaders = forms.CharField(label=_("校对"), required=False)
    replace = forms.BooleanField(
        label=_("替换已导入的版面"),
        required=False,
        help_text=_("这一版已导入过时，删除原有的草稿稿件后重新导入；不勾选则拒绝导入"),
    )


class ArticleForm(forms.Form):
    kicker = forms.CharField(label=_("引题"), max_length=200, required=False)
    headline = forms.CharField(label=_("主题"), max_length=200)
    subheadline = forms.CharField(label=_("副题"), max_length=200, required=False)
    genre = forms.ChoiceField(label=_("体裁"), choices=Genre.choices)
    origin = forms.ChoiceField(label=_("来源"), choices=Origin.choices)
    agency = forms.CharField(label=_("通讯社"), max_length=50, required=False)
    source_publication = forms.CharField(label=_("原载报刊"), max_length=100, required=False)
    source_date = forms.DateField(label=_("原载日期"), required=False)
    source_page = forms.IntegerField(label=_("原载版次"), min_value=1, required=False)
    dateline = forms.CharField(label=_("电头"), max_length=50, required=False)
    dateline_place = forms.CharField(label=_("电头地点"), max_length=50, required=False)
    dateline_date = forms.DateField(label=_("事件日期"), required=False)
    reporters = forms.CharField(label=_("记者"), required=False)
    correspondents = forms.CharField(label=_("通讯员"), required=False)
    photographers = forms.CharField(label=_("摄影"), required=False)
    authors = forms.CharField(label=_("作者"), required=False)
    signatory = forms.CharField(label=_("落款单位"), max_length=150, required=False)
    signed_on = forms.CharField(
        label=_("落款日期"), max_length=10, required=False, help_text=_("如 2020-09 或 2020-09-15")
    )
    body = forms.CharField(
        label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    region = forms.CharField(required=False, widget=forms.HiddenInput)
    interleaved = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_signed_on(self):
        text = self.cleaned_data["signed_on"].strip()
        if text and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            raise ValidationError(_("落款日期的格式应为 2020、2020-09 或 2020-09-15。"))
        if len(text) == 10:
            try:
                datetime.date.fromisoformat(text)
            except ValueError:
                raise ValidationError(_("落款日期不存在。")) from None
        return text

    def clean_region(self):
        text = self.cleaned_data["region"].strip()
        if not text:
            return None
        try:
            numbers = [float(part) for part in text.split(",")]
        except ValueError:
            raise ValidationError(_("区域应为四个数：x,y,宽,高。")) from None
        if len(numbers) != 4:
            raise ValidationError(_("区域应为四个数：x,y,宽,高。"))
        return Box(*numbers)

    def clean(self):
        data = super().clean()
        if data.get("origin") == Origin.REPRINT and not data.get("source_publication"):
            self.add_error("source_publication", _("转载稿件必须注明原载报刊。"))
        if data.get("origin") == Origin.WIRE and not data.get("agency"):
            self.add_error("agency", _("电讯稿件必须注明通讯社。"))
        return data


ArticleFormSet = forms.formset_factory(ArticleForm, extra=0, can_delete=True)


def initial_from(proposal: PageProposal) -> tuple[dict, list[dict]]:
    """The forms' initial values for a proposal: the page form's, and one dict per item."""
    credits = proposal.page.credits
    page = {
        "publication": proposal.issue.publication,
        "date": proposal.issue.date,
        "number": proposal.issue.number,
        "page_count": proposal.issue.page_count,
        "page_number": proposal.page.number,
        "name": proposal.page.name,
        "department": proposal.page.department,
        "email": proposal.page.email,
        "layout": " ".join(credits.get(PAGE_ROLES[0], [])),
        "editors": " ".join(credits.get(PAGE_ROLES[1], [])),
        "proofreaders": " ".join(credits.get(PAGE_ROLES[2], [])),
    }
    articles = []
    for item in proposal.articles:
        reporter, correspondent, photographer = ARTICLE_ROLES
        articles.append(
            {
                "kicker": item.kicker,
                "headline": item.headline,
                "subheadline": item.subheadline,
                "genre": item.genre,
                "origin": item.origin,
                "agency": item.agency,
                "source_publication": item.source.publication,
                "source_date": item.source.date,
                "source_page": item.source.page,
                "dateline": item.dateline.label,
                "dateline_place": item.dateline.place,
                "dateline_date": item.dateline.date,
                "reporters": " ".join(item.credits.get(reporter, [])),
                "correspondents": " ".join(item.credits.get(correspondent, [])),
                "photographers": " ".join(item.credits.get(photographer, [])),
                "authors": " ".join(item.credits.get(AUTHOR, [])),
                "signatory": item.signatory,
                "signed_on": item.signed_on,
                "body": item.body,
                "region": ",".join(f"{n:.4f}" for n in item.region.as_list())
                if item.region
                else "",
                "interleaved": item.interleaved,
            }
        )
    return page, articles


def proposal_from(page_form: PageForm, formset) -> PageProposal:
    """The proposal as the editor left it (both forms valid); deleted items left out."""
    page = page_form.cleaned_data
    proposal = PageProposal(
        issue=IssueProposal(
            publication=page["publication"] or None,
            date=page["date"],
            number=page["number"],
            page_count=page["page_count"],
        ),
        page=PageProposalInfo(
            number=page["page_number"],
            name=page["name"],
            department=page["department"],
            email=page["email"],
            credits={
                role: _names(page[key])
                for role, key in zip(PAGE_ROLES, ("layout", "editors", "proofreaders"), strict=True)
            },
        ),
    )
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        reporter, correspondent, photographer = ARTICLE_ROLES
        proposal.articles.append(
            ArticleProposal(
                kicker=data["kicker"],
                headline=data["headline"],
                subheadline=data["subheadline"],
                genre=data["genre"],
                origin=data["origin"],
                agency=data["agency"] or None,
                source=SourceProposal(
                    publication=data["source_publication"] or None,
                    date=data["source_date"],
                    page=data["source_page"],
                ),
                dateline=DatelineProposal(
                    label=data["dateline"] or None,
                    place=data["dateline_place"] or None,
                    date=data["dateline_date"],
                ),
                credits={
                    reporter: _names(data["reporters"]),
                    correspondent: _names(data["correspondents"]),
                    photographer: _names(data["photographers"]),
                    AUTHOR: _names(data["authors"]),
                },
                signatory=data["signatory"] or None,
                signed_on=data["signed_on"] or None,
                body=data["body"],
                region=data["region"],
                interleaved=data["interleaved"],
            )
        )
    return proposal
