"""The one error shape of the API: {"status", "code", "message", "fields"?} on every endpoint."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API (documented on every operation)."""

    status = serializers.IntegerField(help_text="HTTP status code")
    code = serializers.CharField(help_text="machine-readable code, e.g. invalid, not_found")
    message = serializers.CharField(help_text="what went wrong, for people")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="for 400: each offending parameter or field with its messages",
    )


def _flatten(detail):
    if isinstance(detail, dict):
        return {
            key: [str(m) for m in (v if isinstance(v, list) else [v])] for key, v in detail.items()
        }
    return None


def api_exception_handler(exc, context):
    """Render every API error as {"status", "code", "message", "fields"?}, keeping headers
    such as Retry-After (429) and WWW-Authenticate (401)."""
    # Django's own 404 and 403 get the codes of their REST framework twins ("not_found" …).
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = getattr(exc, "detail", None)
    fields = _flatten(detail) if isinstance(exc, exceptions.ValidationError) else None
    if fields is None and isinstance(detail, list):
        fields = {"non_field_errors": [str(m) for m in detail]}
    if fields:
        first_key = next(iter(fields))
        message = f"{first_key}: {fields[first_key][0]}"
    else:
        message = str(detail) if detail is not None else str(exc)
    codes = exc.get_codes() if hasattr(exc, "get_codes") else None
    code = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
    body = {"status": response.status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    response.data = body
    return response
