"""The masthead's lunar date, frozen for migration 0021 (the live copy: articles.models.issues).

The leading underscore keeps Django's migration loader from taking this module for a migration.
"""

from lunar_python import Solar


def lunar_date(day) -> str:
    """庚子年七月廿八 for 2020-09-15 (leap months read 闰四月)."""
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    return f"{lunar.getYearInGanZhi()}年{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"
