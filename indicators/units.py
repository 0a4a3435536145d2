"""Units as printed and their conversion to an indicator's unit (exact, with Decimal)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

# How each unit reads in the active language (the stored unit stays as printed: 亿元).
UNIT_LABELS = {
    "元": gettext_lazy("元"),
    "万元": gettext_lazy("万元"),
    "亿元": gettext_lazy("亿元"),
    "万亿元": gettext_lazy("万亿元"),
    "人": gettext_lazy("人"),
    "万人": gettext_lazy("万人"),
    "亩": gettext_lazy("亩"),
    "万亩": gettext_lazy("万亩"),
    "平方公里": gettext_lazy("平方公里"),
    "万平方公里": gettext_lazy("万平方公里"),
    "吨": gettext_lazy("吨"),
    "万吨": gettext_lazy("万吨"),
    "亿吨": gettext_lazy("亿吨"),
    "%": "%",
}


def unit_label(unit: str) -> str:
    """The unit as a reader of the active language writes it (亿元 → 100 million yuan)."""
    return str(UNIT_LABELS.get(unit, unit))


class UnitError(ValueError):
    """A printed unit unknown or not convertible to the indicator's unit."""


def normalise(value: Decimal, *, unit: str, to_unit: str) -> Decimal:
    """`value` printed in `unit`, expressed in `to_unit` (1.2 万元 → 12000 元)."""
    try:
        dimension, factor = UNITS[unit]
        target_dimension, target_factor = UNITS[to_unit]
    except KeyError as missing:
        raise UnitError(_("未知单位：%(unit)s") % {"unit": missing.args[0]}) from None
    if dimension != target_dimension:
        raise UnitError(
            _("单位“%(unit)s”不能换算为“%(to_unit)s”") % {"unit": unit, "to_unit": to_unit}
        )
    return value * factor / target_factor
