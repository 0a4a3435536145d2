"""The API's request body parser: JSON within bounds (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES).

Its own module, importing nothing of the API kit: REST framework imports the parsers while its
views module loads, which the kit's other modules import.
"""

import io

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

# No write of the API nests deeper than a few levels; the limit only has to stop abuse early.
MAX_JSON_DEPTH = 32


def _json_depth(data) -> int:
    """How deeply lists and objects nest in `data` (walked without recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


class BoundedJSONParser(JSONParser):
    """JSON request bodies within bounds: at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes (which Django
    enforces for forms but REST framework does not, reading the stream itself) and
    MAX_JSON_DEPTH levels, instead of a worker reading without end or Python's recursion limit
    turning a nested body into a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise exceptions.ParseError(
                _("请求体过大：JSON 最多 %(limit)d 字节。") % {"limit": limit}
            )
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError:
            data = None
        if data is None or _json_depth(data) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("JSON 嵌套过深：最多 %(depth)d 层。") % {"depth": MAX_JSON_DEPTH}
            )
        return data
