"""Writes to the indicators: recording figures, importing a CSV file whole, accepting proposals."""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from publishing import rule
from publishing.caching import bump_content_version

from . import extraction, periods
from .catalogue import REGIONS
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
    _check_period(kind, start, end)
    period, _created = Period.objects.get_or_create(kind=kind, start=start, end=end)
    return period


PERIOD_KINDS = frozenset(PeriodKind.values)


def _check_period(kind: str, start: datetime.date, end: datetime.date) -> None:
    if kind not in PERIOD_KINDS:
        raise ValidationError(
            _("未知时期类型：“%(kind)s”，可用 %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(PeriodKind.values)}
        )
    if not periods.is_valid(kind, start, end):
        raise ValidationError(
            _("起止日期与时期类型不符：%(kind)s %(start)s—%(end)s")
            % {"kind": kind, "start": start, "end": end}
        )


def catalogue_regions() -> dict[str, tuple[str, str | None]]:
    """Every region the extraction knows, by name: (administrative division code, parent name)."""
    return {name: (code, parent) for name, code, parent in REGIONS}


def load_catalogue_regions() -> int:
    """Create the catalogue's regions that are missing (and their parents); returns how many.

    Idempotent, and leaves regions an editor already has alone: a region is found by its name,
    then by its division code, before one is created.
    """
    known = set(Region.objects.values_list("name", flat=True))
    missing = [name for name, _code, _parent in REGIONS if name not in known]
    for name in missing:
        find_or_create_region(name)
    return len(missing)


def find_or_create_region(name: str) -> Region | None:
    """The region called `name`; one the catalogue knows is created on first use, with its
    division code and parent (created likewise). None for a name neither knows."""
    region = Region.objects.filter(name=name).first()
    if region is not None:
        return region
    known = catalogue_regions()
    if name not in known:
        return None
    code, parent_name = known[name]
    if code:
        region = Region.objects.filter(division_code=code).first()
        if region is not None:
            return region
    parent = find_or_create_region(parent_name) if parent_name else None
    return Region.objects.create(name=name, division_code=code, parent=parent)


def _related(observation: Observation, name: str):
    """The related object `name` of `observation`, or None when it is not set."""
    try:
        return getattr(observation, name)
    except ObjectDoesNotExist:
        return None


def normalise_observation(observation: Observation) -> None:
    """Complete a figure from what was printed, in place; the one place that does this.

    The value is the printed value converted to the indicator's unit (the printed unit defaults
    to the indicator's), the page is the article's page and the vintage defaults to the date of
    the article's issue. Raises ValidationError keyed by field (a unit that does not convert, no
    vintage without an article). The admin form, `record_observation` and the bulk import all
    call this before the model's own validation (`full_clean`).
    """
    errors = {}
    indicator = _related(observation, "indicator")
    if observation.printed_value is None:
        observation.value = None
        observation.printed_unit = ""
    elif indicator is not None:
        unit = observation.printed_unit or indicator.unit
        try:
            observation.value = normalise(
                observation.printed_value, unit=unit, to_unit=indicator.unit
            )
        except UnitError as error:
            errors["printed_unit"] = str(error)
        else:
            observation.printed_unit = unit
    article = _related(observation, "article")
    if article is not None:
        observation.page_id = article.page_id
        observation.vintage = observation.vintage or article.issue.date
    if observation.vintage is None:
        errors["vintage"] = _("没有来源稿件时必须填写发布日期。")
    if errors:
        raise ValidationError(errors)


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
    trusted (a command run by the operator, the demo loader). Raises ValidationError.
    """
    observation = Observation(
        indicator=indicator,
        region=region,
        period=period,
        printed_value=value,
        printed_unit=unit,
        yoy_change=yoy_change,
        is_estimate=is_estimate,
        article=article,
        vintage=vintage,
        note=note,
        status=status,
        source_span=source_span,
        period_to_confirm=period_to_confirm,
    )
    normalise_observation(observation)
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


@dataclass
class FigureRow:
    """One figure of a bulk import: `record_observation` arguments, with the period as
    (kind, start, end) and the line of the file it came from."""

    line: int
    indicator: Indicator
    region: Region
    period: tuple[str, datetime.date, datetime.date]
    value: Decimal | None
    unit: str = ""
    yoy_change: Decimal | None = None
    is_estimate: bool = False
    article: Article | None = None
    vintage: datetime.date | None = None
    note: str = ""


# Checked once for the whole file (foreign keys come from lookups, uniqueness in one query).
_BULK_CLEAN_EXCLUDE = ["indicator", "region", "period", "article", "page"]


def record_observations(
    rows: list[FigureRow], *, user=None, rejected: list[tuple[int, str]] = ()
) -> list[Observation]:
    """Save many figures at once, all or none: the bulk form of `record_observation`.

    Every row is normalised and validated first (`normalise_observation`, the model's checks, the
    publishing rule for `user`, duplicates inside the rows and against stored figures), and
    FigureRowsError lists every bad row by line. Only then are the missing periods and the
    figures written, with their history rows, in one transaction; the content version is bumped
    once, after commit. Rows are accepted when `user` may accept figures (or is None), else
    proposed. `rejected` are lines the caller could not read into rows: they are reported with
    the others, and nothing is saved.
    """
    status = new_figure_status(user=user)
    errors: list[tuple[int, str]] = list(rejected)
    observations: list[tuple[FigureRow, Observation]] = []
    checked_periods = set()  # a file has many rows and few periods
    for row in rows:
        try:
            if row.period not in checked_periods:
                _check_period(*row.period)
                checked_periods.add(row.period)
            observation = Observation(
                indicator=row.indicator,
                region=row.region,
                printed_value=row.value,
                printed_unit=row.unit,
                yoy_change=row.yoy_change,
                is_estimate=row.is_estimate,
                article=row.article,
                vintage=row.vintage,
                note=row.note,
                status=status,
            )
            normalise_observation(observation)
            observation.full_clean(
                exclude=_BULK_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors.append((row.line, "；".join(error.messages)))
        else:
            observations.append((row, observation))
    errors += _duplicates(observations, status=status)
    if user is not None:
        errors += _refusals(observations, user=user)
    if not rows and not errors:
        errors.append((1, _("没有数据行")))
    if errors:
        raise FigureRowsError(sorted(errors, key=lambda error: error[0]))
    try:
        with transaction.atomic():
            periods_by_key = _periods({row.period for row in rows})
            for row, observation in observations:
                observation.period = periods_by_key[row.period]
                observation.copy_period_dates()
            saved = Observation.objects.bulk_create(
                [observation for _row, observation in observations], batch_size=BULK_BATCH_SIZE
            )
            _create_history(saved, user=user)
            transaction.on_commit(bump_content_version)
    except IntegrityError:
        # the same figure saved by someone else since the check above
        raise FigureRowsError(
            [(1, _("其他人刚刚保存了相同的数据，没有导入任何一行，请重试。"))]
        ) from None
    return saved


def _create_history(observations: list[Observation], *, user) -> None:
    """The history rows a save would have written ("+", now, `user`), copied inside the database
    from the rows just inserted: an INSERT … SELECT per batch, not a Python object per row (which
    took a third of a bulk import's time)."""
    history = Observation.history.model
    connection = connections[router.db_for_write(Observation)]
    quote = connection.ops.quote_name
    kept = {field.column for field in history._meta.concrete_fields}  # less excluded_fields
    columns = ", ".join(
        quote(field.column) for field in Observation._meta.concrete_fields if field.column in kept
    )
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = getattr(user, "pk", None)
    ids = [observation.pk for observation in observations]
    with connection.cursor() as cursor:
        for first in range(0, len(ids), HISTORY_BATCH_SIZE):
            batch = ids[first : first + HISTORY_BATCH_SIZE]
            placeholders = ", ".join(["%s"] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date,"
                " history_change_reason, history_type, history_user_id)"
                f" SELECT {columns}, %s, NULL, '+', %s FROM {quote(Observation._meta.db_table)}"
                f" WHERE {quote(Observation._meta.pk.column)} IN ({placeholders})",
                [when, user_id, *batch],
            )


BULK_BATCH_SIZE = 1000
HISTORY_BATCH_SIZE = 900  # ids per statement: under SQLite's 999 parameters


def _duplicates(observations, *, status: str) -> list[tuple[int, str]]:
    """Rows repeating an earlier row, or a stored figure, of the same indicator, region, period
    and vintage: only one accepted figure may say so (the model's unique constraint)."""
    if status != ObservationStatus.ACCEPTED:
        return []
    errors, first_line = [], {}
    for row, observation in observations:
        key = (observation.indicator_id, observation.region_id, row.period, observation.vintage)
        if key in first_line:
            errors.append(
                (
                    row.line,
                    _("与第 %(line)s 行重复（同一指标、地区、时期和发布日期）")
                    % {"line": first_line[key]},
                )
            )
        else:
            first_line[key] = row.line
    stored = set(
        Observation.objects.filter(
            status=ObservationStatus.ACCEPTED,
            indicator__in={key[0] for key in first_line},
            vintage__in={key[3] for key in first_line},
        ).values_list(
            "indicator_id", "region_id", "period__kind", "period__start", "period__end", "vintage"
        )
    )
    for (indicator, region, period, vintage), line in first_line.items():
        if (indicator, region, *period, vintage) in stored:
            errors.append((line, _("同一指标、地区、时期在这一发布日期已有数据。")))
    return errors


def _refusals(observations, *, user) -> list[tuple[int, str]]:
    """The publishing rule for each row. It depends on the user, the status (the same for every
    row) and the article, so it is asked once per article."""
    refusal_by_article, errors = {}, []
    for row, observation in observations:
        if observation.article_id not in refusal_by_article:
            try:
                rule.check_write(user=user, obj=observation)
            except PermissionDenied as refusal:
                refusal_by_article[observation.article_id] = str(
                    getattr(refusal, "message", refusal)
                )
            else:
                refusal_by_article[observation.article_id] = None
        if refusal_by_article[observation.article_id]:
            errors.append((row.line, refusal_by_article[observation.article_id]))
    return errors


def _periods(keys) -> dict[tuple, Period]:
    """The Period rows for (kind, start, end) keys, the missing ones created in one query."""

    def stored():
        return {
            (period.kind, period.start, period.end): period
            for period in Period.objects.filter(
                kind__in={key[0] for key in keys},
                start__in={key[1] for key in keys},
                end__in={key[2] for key in keys},
            )
        }

    found = stored()
    missing = [Period(kind=kind, start=start, end=end) for kind, start, end in keys - found.keys()]
    if missing:
        Period.objects.bulk_create(missing, ignore_conflicts=True)
        found = stored()
    return {key: found[key] for key in keys}


class FigureRowsError(Exception):
    """The rows (a file) were rejected; `errors` lists (line number, reason) for every bad row."""

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


def _parse_row(raw: dict, *, line: int, indicators, regions, articles) -> FigureRow:
    """One CSV row read into a FigureRow (text to dates, numbers and rows), or ValueError with
    the reason. What the values must satisfy is checked by `record_observations`."""
    for column in REQUIRED_COLUMNS:
        if not (raw.get(column) or "").strip():
            raise ValueError(_("缺少 %(column)s") % {"column": column})
    indicator = indicators.get(raw["indicator"].strip())
    if indicator is None:
        raise ValueError(_("未知指标代码：“%(code)s”") % {"code": raw["indicator"]})
    region = regions.get(raw["region"].strip())
    if region is None:
        raise ValueError(_("未知地区：“%(region)s”") % {"region": raw["region"]})
    estimate_text = (raw.get("is_estimate") or "").strip().lower()
    if estimate_text not in TRUE_WORDS | FALSE_WORDS:
        raise ValueError(_("is_estimate 应为 是/否：“%(text)s”") % {"text": estimate_text})
    article = None
    article_text = (raw.get("article") or "").strip()
    if article_text:
        article = articles.get(int(article_text)) if article_text.isdigit() else None
        if article is None:
            raise ValueError(_("未知稿件编号：“%(id)s”") % {"id": article_text})
    vintage_text = (raw.get("vintage") or "").strip()
    return FigureRow(
        line=line,
        indicator=indicator,
        region=region,
        period=(
            raw["period_kind"].strip(),
            _date(raw["period_start"], "period_start"),
            _date(raw["period_end"], "period_end"),
        ),
        value=_decimal(raw.get("value") or "", "value"),
        unit=(raw.get("unit") or "").strip(),
        yoy_change=_decimal(raw.get("yoy_change") or "", "yoy_change"),
        is_estimate=estimate_text in TRUE_WORDS,
        article=article,
        vintage=_date(vintage_text, "vintage") if vintage_text else None,
        note=(raw.get("note") or "").strip()[:300],
    )


def _regions_for(names: set[str]) -> dict[str, Region]:
    """Regions by name and by division code; names the catalogue knows are created if missing."""
    regions = {}
    for region in Region.objects.all():
        regions[region.name] = region
        if region.division_code:
            regions[region.division_code] = region
    for name in names - regions.keys():
        region = find_or_create_region(name)
        if region is not None:
            regions[name] = region
    return regions


def _read_rows(text: str) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise FigureRowsError([(1, _("表头缺少列：%(columns)s") % {"columns": "、".join(missing)})])
    rows = []
    for raw in reader:
        if None in raw:
            raise FigureRowsError([(reader.line_num, _("这一行的列数多于表头"))])
        if any((value or "").strip() for value in raw.values()):
            rows.append(_Row(reader.line_num, raw))
    return rows


def import_observations_csv(*, data: bytes | str, user=None) -> list[Observation]:
    """Import a CSV file of figures whole: every row valid and saved, or nothing saved.

    Columns as in `CSV_COLUMNS` (the API's CSV output has the same ones). Regions are given by
    name or administrative division code (one the catalogue knows is created on first use),
    articles by id. Raises FigureRowsError listing every bad
    row by line number; in that case no row of the file has been saved. The rows are accepted
    when `user` may accept figures (or is None: the operator's command), else proposed.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FigureRowsError([(1, _("文件不是 UTF-8 编码"))]) from None
    try:
        rows = _read_rows(data)
    except csv.Error as error:
        raise FigureRowsError([(1, _("CSV 格式错误：%(error)s") % {"error": error})]) from None
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    wanted_articles = {
        int(row.fields["article"]) for row in rows if (row.fields.get("article") or "").isdigit()
    }
    articles = Article.objects.select_related("issue").in_bulk(wanted_articles)
    if not rows:
        raise FigureRowsError([(1, _("文件中没有数据行"))])
    rejected, figures = [], []
    with transaction.atomic():
        # regions the catalogue knows are created here, and rolled back with a rejected file
        regions = _regions_for({(row.fields.get("region") or "").strip() for row in rows})
        for row in rows:
            try:
                figures.append(
                    _parse_row(
                        row.fields,
                        line=row.line,
                        indicators=indicators,
                        regions=regions,
                        articles=articles,
                    )
                )
            except ValueError as error:
                rejected.append((row.line, str(error)))
        return record_observations(figures, user=user, rejected=rejected)


def propose_observations(*, article: Article, ocr: bool = False) -> list[Observation]:
    """Extract the figures of an article's text and save them as proposals for an editor.

    Proposals are invisible to readers until accepted; a figure already recorded for this article
    (same indicator, region and period) is not proposed again. A period the extraction could only
    guess stays marked to be confirmed, which an editor clears before accepting. A region the
    catalogue knows (a province, a Shanxi county) is created on first use, not dropped.
    `ocr=True` reads a text whose columns OCR interleaved (the importer says when).
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
            if key in existing or figure.indicator not in indicators:
                continue
            if figure.region not in regions:
                # a province or county of the catalogue that no figure has needed yet
                regions[figure.region] = find_or_create_region(figure.region)
            if regions[figure.region] is None:
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
