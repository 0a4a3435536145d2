"""Month grids for the back-issue calendar (往期回顾), built from {date: issue number}."""

import calendar
import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date | None  # None pads the first week before the 1st
    number: int | None  # the issue number printed that day, None when no paper came out


@dataclass(frozen=True)
class CalendarMonth:
    month: int
    days: list[CalendarDay]
    issue_count: int


def year_calendar(year: int, numbers_by_date: dict[datetime.date, int]) -> list[CalendarMonth]:
    """Twelve months, weeks starting on Monday as Chinese calendars print them."""
    months = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        padding = [CalendarDay(None, None)] * first.weekday()
        days = [
            CalendarDay(
                datetime.date(year, month, day),
                numbers_by_date.get(datetime.date(year, month, day)),
            )
            for day in range(1, calendar.monthrange(year, month)[1] + 1)
        ]
        count = sum(1 for day in days if day.number is not None)
        months.append(CalendarMonth(month, padding + days, count))
    return months


def archive_months(year: int, numbers_by_date: dict[datetime.date, int]) -> list[CalendarMonth]:
    """The year's months for 往期回顾, newest first, from the latest month with an issue: a
    reader opens the calendar on the latest papers, not on months with none yet (the template
    shows an empty month as one line)."""
    months = year_calendar(year, numbers_by_date)
    latest = max((day.month for day in numbers_by_date), default=12)
    return [month for month in reversed(months) if month.month <= latest]
