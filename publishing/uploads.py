"""Uploads that survive a failed save.

When a form comes back with an error anywhere on the page (a photo's caption, another inline, a
stale version), the file the editor chose is not dropped: it is kept in a staging folder under
originals/ (never served to the public, like every original) and the form carries a signed token
naming it. Saving again without choosing a file uses the kept one, so nobody uploads twice.

Only files that passed their own field's checks are kept (KeepsUploadsForm hands them to the
widget: Django draws a bound file field from its initial value, never from the upload); a file
refused as "not an image" is not worth keeping.
"""

import posixpath
import time
import uuid

from django import forms
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils.text import get_valid_filename

STAGING_DIR = "originals/staging"
TOKEN_SALT = "publishing.uploads.kept"
KEPT_SECONDS = 24 * 3600  # a form left open over night is saved the next morning
TOKEN_SUFFIX = "__kept"


class KeptUpload(UploadedFile):
    """A staged file, offered to the form field again as if it had just been uploaded."""

    def __init__(self, *, stored_name: str, filename: str, token: str):
        super().__init__(
            file=default_storage.open(stored_name, "rb"),
            name=filename,
            size=default_storage.size(stored_name),
        )
        self.stored_name, self.token = stored_name, token


def stage(upload: UploadedFile) -> tuple[str, str]:
    """Keep `upload` in the staging folder; return (the signed token naming it, its name in
    storage)."""
    purge_expired()
    filename = get_valid_filename(posixpath.basename(upload.name or "upload")) or "upload"
    folder = f"{STAGING_DIR}/{int(time.time())}-{uuid.uuid4().hex}"
    upload.seek(0)
    stored = default_storage.save(f"{folder}/{filename}", upload)
    upload.seek(0)
    return signing.dumps({"name": stored, "filename": upload.name}, salt=TOKEN_SALT), stored


def kept_upload(token: str) -> KeptUpload | None:
    """The file a token names, or None for a forged, expired or already purged token."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=KEPT_SECONDS)
        stored, filename = data["name"], data["filename"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not stored.startswith(STAGING_DIR + "/") or ".." in stored.split("/"):
        return None
    if not default_storage.exists(stored):
        return None
    return KeptUpload(stored_name=stored, filename=filename, token=token)


def purge_expired() -> None:
    """Delete staged files older than KEPT_SECONDS (their folder names start with the time)."""
    try:
        folders, _files = default_storage.listdir(STAGING_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return
    oldest = time.time() - KEPT_SECONDS
    for folder in folders:
        staged_at = folder.split("-", 1)[0]
        if staged_at.isdigit() and int(staged_at) < oldest:
            for name in default_storage.listdir(f"{STAGING_DIR}/{folder}")[1]:
                default_storage.delete(f"{STAGING_DIR}/{folder}/{name}")


def original_url(name: str) -> str:
    """Where staff open an original from the admin (publishing.admin_site's staff-only view)."""
    try:
        return reverse("admin:original", kwargs={"name": name})
    except NoReverseMatch:
        return ""


class KeepingFileInput(forms.ClearableFileInput):
    """A file input that offers a kept upload again, and links a stored original to the staff
    view instead of its (private, unserved) media address."""

    template_name = "publishing/widgets/kept_file_input.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self._kept = {}
        self.upload = None  # set by KeepsUploadsForm when the upload passed its checks

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied._kept, copied.upload = {}, None
        return copied

    def _from_token(self, token):
        if token and token not in self._kept:
            self._kept[token] = kept_upload(token)
        return self._kept.get(token)

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if value is None:  # nothing chosen this time, nothing cleared: the kept file, if any
            return self._from_token(data.get(name + TOKEN_SUFFIX)) or None
        return value

    def value_omitted_from_data(self, data, files, name):
        omitted = super().value_omitted_from_data(data, files, name)
        return omitted and not data.get(name + TOKEN_SUFFIX)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        kept = self.upload
        if kept is not None and not getattr(kept, "token", None):
            kept.token, kept.stored_name = stage(kept)  # once, however often it is drawn
        widget = context["widget"]
        if kept is not None:
            widget["kept"] = {
                "name": name + TOKEN_SUFFIX,
                "token": kept.token,
                "file": kept.name,
                "url": original_url(kept.stored_name),
            }
            widget["attrs"].pop("required", None)  # the kept file is the answer
        if widget["is_initial"]:
            widget["original_url"] = original_url(value.name)
        return context


class KeepsUploadsForm:
    """Form mixin: hands the uploads that passed their field's checks to their KeepingFileInput,
    which keeps them should the page come back with an error (here or anywhere else on it)."""

    def full_clean(self):
        super().full_clean()
        cleaned = getattr(self, "cleaned_data", {})
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if (
                isinstance(field.widget, KeepingFileInput)
                and name not in self._errors
                and isinstance(value, UploadedFile)
            ):
                field.widget.upload = value
