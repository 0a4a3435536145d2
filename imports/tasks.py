"""Background work of the importer: reading a page (OCR of a scan takes seconds to minutes)
runs as a django-tasks task, on the database backend (SQLite or PostgreSQL, no extra server:
`manage.py db_worker` runs it), so the editor's request returns at once and a status page
follows the progress."""

import time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django_tasks import task

from .models import ImportJob
from .readers import read_page

PROGRESS_EVERY = 0.5  # seconds between progress writes: one UPDATE, not one per OCR batch


@task()
def read_import(job_id: int) -> str:
    """Read the job's file into lines (and a page image); the job's state says how it ended."""
    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.READING, progress=0.0)
    last = [0.0]

    def progress(share: float) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            ImportJob.objects.filter(pk=job_id).update(progress=min(share, 0.99))

    with job.upload.open("rb") as handle:
        data = handle.read()
    try:
        source = read_page(data, filename=job.filename, progress=progress)
    except ValidationError as error:
        job.state, job.error, job.progress = ImportJob.State.FAILED, "；".join(error.messages), 1.0
        job.save(update_fields=["state", "error", "progress"])
        return job.state
    job.store_source(source)
    if source.image:
        extension = "png" if source.image.startswith(b"\x89PNG") else "jpg"
        job.image.save(f"page-{job.pk}.{extension}", ContentFile(source.image), save=False)
    job.state, job.progress = ImportJob.State.READY, 1.0
    job.save()
    return job.state
