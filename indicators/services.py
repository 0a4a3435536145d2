"""Writes to the indicators: recording figures, importing a CSV file whole, accepting proposals."""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Article
from publishing import rule

from . import extraction, periods
from .models import Indicator, Observation, ObservationStatus, Period, PeriodKind, Region
from .units import UnitError, normalise

CSV_COLUMNS = [
    "indicator",
    "region",
    "period_kind",
    "period_start",
    "period_end",
    "value",
    "unit",
    "yoy_change",
    "is_estimate",
    "article",
    "vintage",
    "note",
]
REQUIRED_COLUMNS = ["indicator", "region", "period_kind", "period_start", "period_end"]
TRUE_WORDS = {"1", "true", "yes", "y", "是", "预计"}
FALSE_WORDS = {"", "0", "false", "no", "n", "否"}


def get_period(*, kind: str, start: datetime.date, end: datetime.date) -> Period:
    """The one row for this period, created on first use (the same period is the same row)."""
    if not periods.is_valid(kind, start, end):
        raise ValidationError(
            _("起止日期与时期类型不符：%(kind)s %(start)s—%(end)s")
            % {"kind": kind, "start": start, "end": end}
        )
    period, _created = Period.objects.get_or_create(kind=kind, start=start, end=end)
    return period


def record_observation(
    *,
    indicator: Indicator,
    region: Region,
    period: Period,
    value: Decimal | None,
    unit: str = "",
    yoy_change: Decimal | None = None,
    is_estimate: bool = False,
    article: Article | None = None,
    vintage: datetime.date | None = None,
    note: str = "",
    status: str = ObservationStatus.ACCEPTED,
    source_span: str = "",
    period_to_confirm: bool = False,
    user=None,
) -> Observation:
    """Save one figure: the printed value converted to the indicator's unit, validated first.

    The vintage defaults to the date of the article's issue, so a later article reporting a revised
    figure adds a vintage instead of overwriting the earlier one. With a `user`, the publishing
    rule applies (an accepted figure needs the accept permission); without one the caller is
    trusted (a command run by the operator, the demo loader).
    """
    unit = unit or indicator.unit
    observation = Observation(
        indicator=indicator,
        region=region,
        period=period,
        printed_value=value,
        printed_unit=unit if value is not None else "",
        value=None if value is None else normalise(value, unit=unit, to_unit=indicator.unit),
        yoy_change=yoy_change,
        is_estimate=is_estimate,
        article=article,
        page_id=article.page_id if article else None,
        vintage=vintage or (article.issue.date if article else None),
        note=note,
        status=status,
        source_span=source_span,
        period_to_confirm=period_to_confirm,
    )
    if user is not None:
        rule.check_write(user=user, obj=observation)
    observation.full_clean()
    observation.save()
    return observation


def new_figure_status(*, user) -> str:
    """The status of a figure `user` records: accepted when they may accept figures (or when no
    user is given: the operator's command), else proposed, waiting for an editor."""
    if user is None or rule.may_publish(user=user, model=Observation):
        return ObservationStatus.ACCEPTED
    return ObservationStatus.PROPOSED


class CsvImportError(Exception):
    """The file was rejected; `errors` lists (line number, reason) for every bad row."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__(
            "; ".join(
                _("第 %(line)s 行：%(reason)s") % {"line": line, "reason": reason}
                for line, reason in errors
            )
        )


@dataclass
class _Row:
    line: int
    fields: dict


def _date(text: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            _("%(column)s 不是 YYYY-MM-DD 格式的日期：“%(text)s”")
            % {"column": column, "text": text}
        ) from None


def _decimal(text: str, column: str) -> Decimal | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            _("%(column)s 不是数字：“%(text)s”") % {"column": column, "text": text}
        ) from None
    if not number.is_finite():
        raise ValueError(_("%(column)s 不是数字：“%(text)s”") % {"column": column, "text": text})
    return number


def _parse_row(raw: dict, *, indicators, regions, article_ids) -> dict:
    """One CSV row turned into record_observation() arguments, or ValueError with the reason."""
    for column in REQUIRED_COLUMNS:
        if not (raw.get(column) or "").strip():
            raise ValueError(_("缺少 %(column)s") % {"column": column})
    indicator = indicators.get(raw["indicator"].strip())
    if indicator is None:
        raise ValueError(_("未知指标代码：“%(code)s”") % {"code": raw["indicator"]})
    region = regions.get(raw["region"].strip())
    if region is None:
        raise ValueError(_("未知地区：“%(region)s”") % {"region": raw["region"]})
    kind = raw["period_kind"].strip()
    if kind not in PeriodKind.values:
        raise ValueError(
            _("未知时期类型：“%(kind)s”，可用 %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(PeriodKind.values)}
        )
    start = _date(raw["period_start"], "period_start")
    end = _date(raw["period_end"], "period_end")
    if not periods.is_valid(kind, start, end):
        raise ValueError(
            _("起止日期与时期类型不符：%(kind)s %(start)s—%(end)s")
            % {"kind": kind, "start": start, "end": end}
        )
    value = _decimal(raw.get("value") or "", "value")
    yoy_change = _decimal(raw.get("yoy_change") or "", "yoy_change")
    if value is None and yoy_change is None:
        raise ValueError(_("value 和 yoy_change 至少填写一项"))
    unit = (raw.get("unit") or "").strip() or indicator.unit
    if value is not None:
        try:
            normalise(value, unit=unit, to_unit=indicator.unit)
        except UnitError as error:
            raise ValueError(str(error)) from None
    estimate_text = (raw.get("is_estimate") or "").strip().lower()
    if estimate_text not in TRUE_WORDS | FALSE_WORDS:
        raise ValueError(_("is_estimate 应为 是/否：“%(text)s”") % {"text": estimate_text})
    article_text = (raw.get("article") or "").strip()
    article_id = None
    if article_text:
        if not article_text.isdigit() or int(article_text) not in article_ids:
            raise ValueError(_("未知稿件编号：“%(id)s”") % {"id": article_text})
        article_id = int(article_text)
    vintage_text = (raw.get("vintage") or "").strip()
    vintage = _date(vintage_text, "vintage") if vintage_text else None
    if vintage is None and article_id is None:
        raise ValueError(_("没有来源稿件时必须填写 vintage（发布日期）"))
    return {
        "indicator": indicator,
        "region": region,
        "period": (kind, start, end),
        "value": value,
        "unit": unit,
        "yoy_change": yoy_change,
        "is_estimate": estimate_text in TRUE_WORDS,
        "article": article_id,
        "vintage": vintage,
        "note": (raw.get("note") or "").strip()[:300],
    }


def _read_rows(text: str) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise CsvImportError([(1, _("表头缺少列：%(columns)s") % {"columns": "、".join(missing)})])
    rows = []
    for raw in reader:
        if None in raw:
            raise CsvImportError([(reader.line_num, _("这一行的列数多于表头"))])
        if any((value or "").strip() for value in raw.values()):
            rows.append(_Row(reader.line_num, raw))
    return rows


def import_observations_csv(*, data: bytes | str, user=None) -> list[Observation]:
    """Import a CSV file of figures whole: every row valid and saved, or nothing saved.

    Columns as in `CSV_COLUMNS` (the API's CSV output has the same ones). Regions are given by
    name or administrative division code, articles by id. Raises CsvImportError listing every bad
    row by line number; in that case no row of the file has been saved. The rows are accepted
    when `user` may accept figures (or is None: the operator's command), else proposed.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CsvImportError([(1, _("文件不是 UTF-8 编码"))]) from None
    try:
        rows = _read_rows(data)
    except csv.Error as error:
        raise CsvImportError([(1, _("CSV 格式错误：%(error)s") % {"error": error})]) from None
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    regions = {}
    for region in Region.objects.all():
        regions[region.name] = region
        if region.division_code:
            regions[region.division_code] = region
    wanted_articles = {
        int(row.fields["article"]) for row in rows if (row.fields.get("article") or "").isdigit()
    }
    articles = Article.objects.select_related("issue").in_bulk(wanted_articles)
    errors, parsed = [], []
    for row in rows:
        try:
            parsed.append(
                (
                    row.line,
                    _parse_row(
                        row.fields, indicators=indicators, regions=regions, article_ids=articles
                    ),
                )
            )
        except ValueError as error:
            errors.append((row.line, str(error)))
    if not rows and not errors:
        errors.append((1, _("文件中没有数据行")))
    if errors:
        raise CsvImportError(errors)
    saved = []
    status = new_figure_status(user=user)
    with transaction.atomic():
        for line, fields in parsed:
            kind, start, end = fields.pop("period")
            fields["article"] = articles.get(fields["article"]) if fields["article"] else None
            try:
                saved.append(
                    record_observation(
                        period=get_period(kind=kind, start=start, end=end),
                        status=status,
                        user=user,
                        **fields,
                    )
                )
            except ValidationError as error:
                errors.append((line, "；".join(error.messages)))
        if errors:
            raise CsvImportError(errors)
    return saved


def propose_observations(*, article: Article, ocr: bool = False) -> list[Observation]:
    """Extract the figures of an article's text and save them as proposals for an editor.

    Proposals are invisible to readers until accepted; a figure already recorded for this article
    (same indicator, region and period) is not proposed again. A period the extraction could only
    guess stays marked to be confirmed, which an editor clears before accepting. `ocr=True` reads
    a text whose columns OCR interleaved (the importer says when).
    """
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    regions = {region.name: region for region in Region.objects.all()}
    catalogue = extraction.catalogue_from(indicators.values()) or None
    figures = extraction.extract_figures(
        article.body,
        date=article.issue.date,
        catalogue=catalogue,
        regions=list(regions) or None,
        ocr=ocr,
    )
    existing = set(
        article.observations.values_list(
            "indicator__code", "region__name", "period__kind", "period__start", "period__end"
        )
    )
    proposed = []
    with transaction.atomic():
        for figure in figures:
            key = (
                figure.indicator,
                figure.region,
                figure.period.kind,
                figure.period.start,
                figure.period.end,
            )
            if (
                key in existing
                or figure.indicator not in indicators
                or figure.region not in regions
            ):
                continue
            existing.add(key)
            proposed.append(
                record_observation(
                    indicator=indicators[figure.indicator],
                    region=regions[figure.region],
                    period=get_period(
                        kind=figure.period.kind, start=figure.period.start, end=figure.period.end
                    ),
                    value=figure.value,
                    unit=figure.unit,
                    yoy_change=figure.yoy_change,
                    is_estimate=figure.is_estimate,
                    article=article,
                    status=ObservationStatus.PROPOSED,
                    source_span=f"{figure.span[0]}-{figure.span[1]}",
                    period_to_confirm=figure.period_to_confirm,
                )
            )
    return proposed


def accept_observations(*, observations, user) -> int:
    """Mark proposed figures as checked (public with their article); returns how many.

    Needs the accept permission (编辑): otherwise raises PublishedContentError and accepts none.
    """
    accepted = 0
    with transaction.atomic():
        for observation in observations:
            if observation.status == ObservationStatus.ACCEPTED:
                continue
            observation.status = ObservationStatus.ACCEPTED
            rule.check_write(user=user, obj=observation)
            observation.full_clean()
            observation.save(update_fields=["status"])
            accepted += 1
    return accepted
