"""导入版面 in the admin: upload or paste a page, follow its reading (OCR runs in the background),
review the proposal beside the source text and the page image, confirm to save drafts."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .forms import ArticleFormSet, PageForm, UploadForm, initial_from, proposal_from
from .models import ImportJob
from .parsing import parse_page
from .services import import_page
from .tasks import read_import

# django-tasks' own screen of task results speaks English only; the editors follow their
# imports on ImportJob (state, progress, error), so it stays out of their admin
try:
    from django_tasks_db.models import DBTaskResult

    admin.site.unregister(DBTaskResult)
except (ImportError, admin.sites.NotRegistered):
    pass

# which form field an error of import_page() belongs to
ERROR_FIELDS = {"date": "date", "number": "number", "page": "page_number"}


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "progress_percent", "issue_date", "page", "created_at"]
    list_filter = ["state"]
    list_select_related = ["page__issue"]

    @admin.display(description=_("进度"))
    def progress_percent(self, job):
        return f"{job.progress:.0%}"

    def has_add_permission(self, request):
        return request.user.has_perm("articles.add_article")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.add_article")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:job_id>/status/", view(self.status_view), name="imports_importjob_status"),
            path(
                "<int:job_id>/progress/",
                view(self.progress_view),
                name="imports_importjob_progress",
            ),
            path("<int:job_id>/review/", view(self.review_view), name="imports_importjob_review"),
            *super().get_urls(),
        ]

    def _job(self, request, job_id) -> ImportJob:
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(ImportJob, pk=job_id)

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def add_view(self, request, form_url="", extra_context=None):
        """Upload or paste: the file is kept on the job and read by a background task."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = data["file"] or ContentFile(data["text"].encode(), name="pasted.txt")
            job = ImportJob(
                filename=getattr(upload, "name", "") or "pasted.txt",
                issue_date=data["issue_date"],
                page_number=data["page_number"],
                created_by=request.user,
            )
            job.upload.save(job.filename, upload, save=False)
            job.save()
            result = read_import.enqueue(job.pk)
            ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
            return redirect("admin:imports_importjob_status", job.pk)
        return TemplateResponse(
            request,
            "admin/imports/upload.html",
            self._context(request, form=form, title=_("导入版面")),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:imports_importjob_status", object_id)

    def status_view(self, request, job_id):
        """The job's progress; the page reloads itself until the reading is done."""
        job = self._job(request, job_id)
        if job.state == ImportJob.State.READY:
            return redirect("admin:imports_importjob_review", job.pk)
        return TemplateResponse(
            request,
            "admin/imports/status.html",
            self._context(request, job=job, title=_("导入版面：%(name)s") % {"name": job}),
        )

    def progress_view(self, request, job_id):
        job = self._job(request, job_id)
        return JsonResponse(
            {"state": job.state, "progress": job.progress, "error": job.error or None}
        )

    def review_view(self, request, job_id):
        """The proposal, every field editable, beside the source; confirming saves drafts."""
        job = self._job(request, job_id)
        if job.state != ImportJob.State.READY:
            return redirect("admin:imports_importjob_status", job.pk)
        source = job.page_source()
        proposal = parse_page(source, issue_date=job.issue_date, page_number=job.page_number)
        page_initial, articles_initial = initial_from(proposal)
        if request.method == "POST":
            page_form = PageForm(request.POST)
            formset = ArticleFormSet(request.POST, prefix="articles")
        else:
            page_form = PageForm(initial=page_initial)
            formset = ArticleFormSet(initial=articles_initial, prefix="articles")
        if request.method == "POST" and page_form.is_valid() and formset.is_valid():
            edited = proposal_from(page_form, formset)
            pdf = None
            if source.kind == "pdf":
                with job.upload.open("rb") as handle:
                    pdf = handle.read()
            try:
                result = import_page(
                    edited,
                    source=source,
                    pdf=pdf,
                    replace=page_form.cleaned_data["replace"],
                    user=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        page_form.add_error(ERROR_FIELDS.get(field), errors)
                else:
                    page_form.add_error(None, error)
            except PermissionDenied as error:
                page_form.add_error(None, str(error))
            else:
                job.state, job.page = ImportJob.State.SAVED, result.page
                job.save(update_fields=["state", "page"])
                messages.success(
                    request,
                    _("已保存为草稿：%(page)s，%(count)d 篇稿件，%(figures)d 个待核指标。")
                    % {
                        "page": result.page.picker_label,
                        "count": len(result.articles),
                        "figures": len(result.observations),
                    },
                )
                return redirect("admin:articles_page_change", result.page.pk)
        regions = [
            {"number": number, "box": form["region"].value()}
            for number, form in enumerate(formset.forms, start=1)
            if form["region"].value()
        ]
        return TemplateResponse(
            request,
            "admin/imports/review.html",
            self._context(
                request,
                job=job,
                title=_("审核导入：%(name)s") % {"name": job},
                page_form=page_form,
                formset=formset,
                warnings=proposal.warnings,
                source_text=source.text,
                # originals are served to staff only, by the admin site's own view
                image_url=reverse("admin:original", args=[job.image.name]) if job.image else None,
                regions=[
                    {
                        "number": region["number"],
                        "style": _region_style(region["box"]),
                    }
                    for region in regions
                    if _region_style(region["box"])
                ],
            ),
        )


def _region_style(text: str) -> str:
    try:
        x, y, width, height = (float(part) * 100 for part in text.split(","))
    except ValueError:
        return ""
    return f"left:{x:.2f}%;top:{y:.2f}%;width:{width:.2f}%;height:{height:.2f}%"
