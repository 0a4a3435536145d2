"""The OpenAPI schema's shared parts: error responses and parameters every endpoint has."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .errors import ErrorSerializer


class ArchiveAutoSchema(AutoSchema):
    """Documents the shared error responses on every operation, and describes the parameters
    that every endpoint has in the same way (path ids, the format switch)."""

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        what = model._meta.model_name if model is not None else "object"
        for parameter in parameters:
            if not parameter.get("description"):
                parameter["description"] = (
                    f"stable code of the {what} (e.g. gdp)"
                    if parameter["name"] == "code"
                    else f"stable id of the {what}"
                )
        return parameters

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            formats = " or ".join(parameter["schema"].get("enum", []))
            parameter.setdefault("description", f"response format: {formats}")
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "400": "bad parameter or field (names it)",
            "404": "no such object",
            "429": "too many requests (see Retry-After)",
        }
        if self.method not in ("GET", "HEAD"):
            errors.update({"401": "no or invalid token", "403": "not allowed"})
            if self.method in ("PUT", "PATCH"):
                errors["412"] = "If-Match does not match the current version"
                errors["428"] = "versioned resource: If-Match or version missing"
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code
                )
        return responses
