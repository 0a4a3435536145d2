"""CSV import of figures: rows per second, the per-row path against the bulk path, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_x \\
        .venv/bin/python benchmarks/csv_import.py [--rows 5000 50000] [--old-max 5000]

Migrates the database it is given, then for each size writes a CSV file of that many figures
(one indicator, 117 regions, monthly periods, each row a distinct figure) and imports it twice:

- old: what the admin's import did before issue 16 — every row through `record_observation`
  (get_period, full_clean, save, its history row and content-version bump), in one transaction;
- new: `import_observations_csv`, the bulk path (every row validated first, then bulk_create
  with history in one transaction and one content-version bump after commit).

The figures are deleted after each run, so the database is left as it was. The old path is
timed only up to --old-max rows (it is linear in the rows: 50,000 rows take minutes).
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.production_env import production_environment  # noqa: E402

INDICATOR = "bench_csv_gdp"


def csv_text(rows: int, regions: list[str]) -> str:
    from indicators.services import CSV_COLUMNS

    lines = [",".join(CSV_COLUMNS)]
    months = -(-rows // len(regions))
    for index in range(rows):
        region = regions[index // months]
        year, month = divmod(index % months, 12)
        start = datetime.date(1950 + year, month + 1, 1)
        end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        end -= datetime.timedelta(days=1)
        value = f"{100 + index % 997}.{index % 10}"
        lines.append(
            f"{INDICATOR},{region},month,{start},{end},{value},亿元,{index % 13 - 6},否,,"
            f"2024-03-01,"
        )
    return "\n".join(lines) + "\n"


def old_path(data: str) -> int:
    """The per-row import as it was: parse, then get_period + record_observation per row."""
    from django.db import transaction

    from indicators import services
    from indicators.models import Indicator

    rows = services._read_rows(data)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    regions = services._regions_for({row.fields["region"] for row in rows})
    saved = 0
    with transaction.atomic():
        for row in rows:
            figure = services._parse_row(
                row.fields, line=row.line, indicators=indicators, regions=regions, articles={}
            )
            kind, start, end = figure.period
            services.record_observation(
                indicator=figure.indicator,
                region=figure.region,
                period=services.get_period(kind=kind, start=start, end=end),
                value=figure.value,
                unit=figure.unit,
                yoy_change=figure.yoy_change,
                is_estimate=figure.is_estimate,
                vintage=figure.vintage,
                note=figure.note,
            )
            saved += 1
    return saved


def new_path(data: str) -> int:
    from indicators import services

    return len(services.import_observations_csv(data=data.encode()))


def clean_up():
    from indicators.models import Observation, Period

    # without the per-row delete signals (a content-version bump each): cleaning is not timed
    # but would take longer than the imports
    figures = Observation.objects.filter(indicator__code=INDICATOR)
    figures._raw_delete(figures.db)
    history = Observation.history.filter(indicator__code=INDICATOR)
    history._raw_delete(history.db)
    unused = Period.objects.filter(observations__isnull=True, start__year__lt=2000)
    unused._raw_delete(unused.db)


def timed(function, data: str, rows: int) -> float:
    clean_up()
    started = time.perf_counter()
    saved = function(data)
    seconds = time.perf_counter() - started
    assert saved == rows, (saved, rows)
    clean_up()
    return rows / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--old-max", type=int, default=5000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to a database this benchmark may migrate and write to")
    os.environ.update(DJANGO_SETTINGS_MODULE="newsroom.settings", **production_environment("x"))
    import django

    django.setup()
    from django.core.management import call_command

    from indicators.models import Indicator, Region
    from indicators.services import load_catalogue_regions

    call_command("migrate", verbosity=0)
    load_catalogue_regions()
    Indicator.objects.update_or_create(
        code=INDICATOR, defaults={"name": "基准测试生产总值", "unit": "亿元"}
    )
    regions = list(
        Region.objects.filter(division_code__startswith="14")
        .exclude(division_code__endswith="00")
        .values_list("name", flat=True)
    )
    print(
        f"database: {django.db.connection.vendor}; regions in the files: {len(regions)}; "
        f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"{'rows':>7} {'old rows/s':>11} {'new rows/s':>11} {'ratio':>7}")
    for rows in args.rows:
        data = csv_text(rows, regions)
        new = timed(new_path, data, rows)
        old = timed(old_path, data, rows) if rows <= args.old_max else None
        ratio = f"{new / old:6.1f}×" if old else "     —"
        shown_old = f"{old:11,.0f}" if old else f"{'(skipped)':>11}"
        print(f"{rows:>7,} {shown_old} {new:11,.0f} {ratio}", flush=True)


if __name__ == "__main__":
    main()
