"""CSV output for ?format=csv."""

import csv
import io
from decimal import Decimal, InvalidOperation

from rest_framework.renderers import BaseRenderer


class CsvRenderer(BaseRenderer):
    """Rows of flat dicts as CSV with a header; an error body becomes a single `detail` column."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):  # an error such as a 400 on a bad parameter
            data = [{key: value for key, value in data.items()}]
        rows = list(data or [])
        if rows:
            columns = list(rows[0])
        else:
            # no rows: still a header, so the file is valid CSV that says what it would hold
            columns = list(renderer_context["view"].get_serializer().fields)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns)
        writer.writeheader()
        writer.writerows(
            {key: spreadsheet_safe(value) for key, value in row.items()} for row in rows
        )
        return buffer.getvalue().encode(self.charset)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula (=HYPERLINK(…), @SUM …) gets a leading
    apostrophe, so it opens as text; numbers such as -3.3 stay numbers."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        Decimal(value)
        return value
    except InvalidOperation:
        return "'" + value
