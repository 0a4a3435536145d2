"""Units as printed and their conversion to an indicator's unit (exact, with Decimal)."""

from decimal import Decimal

# Each printed unit as (dimension, factor to the dimension's base unit).
UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal(1)),
    "万元": ("money", Decimal(10) ** 4),
    "亿元": ("money", Decimal(10) ** 8),
    "万亿元": ("money", Decimal(10) ** 12),
    "人": ("people", Decimal(1)),
    "万人": ("people", Decimal(10) ** 4),
    "亩": ("area_mu", Decimal(1)),
    "万亩": ("area_mu", Decimal(10) ** 4),
    "平方公里": ("area_km2", Decimal(1)),
    "万平方公里": ("area_km2", Decimal(10) ** 4),
    "吨": ("mass", Decimal(1)),
    "万吨": ("mass", Decimal(10) ** 4),
    "亿吨": ("mass", Decimal(10) ** 8),
    "%": ("percent", Decimal(1)),
}


class UnitError(ValueError):
    """A printed unit unknown or not convertible to the indicator's unit."""


def normalise(value: Decimal, *, unit: str, to_unit: str) -> Decimal:
    """`value` printed in `unit`, expressed in `to_unit` (1.2 万元 → 12000 元)."""
    try:
        dimension, factor = UNITS[unit]
        target_dimension, target_factor = UNITS[to_unit]
    except KeyError as missing:
        raise UnitError(f"未知单位：{missing.args[0]}") from None
    if dimension != target_dimension:
        raise UnitError(f"单位“{unit}”不能换算为“{to_unit}”")
    return value * factor / target_factor
