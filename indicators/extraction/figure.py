"""A figure proposed from text, as the admin, the page importer and the command receive it."""

from dataclasses import dataclass
from decimal import Decimal

from ..periods import PeriodSpan


@dataclass(frozen=True)
class Figure:
    indicator: str
    region: str
    period: PeriodSpan
    value: Decimal | None
    unit: str
    yoy_change: Decimal | None  # in %; over a five-year plan, the average annual growth
    is_estimate: bool
    span: tuple[int, int]
    change_points: Decimal | None = None  # a rate's change in percentage points (森林覆盖率)
    qualifier: str = ""  # 约, 近, 超过, 突破, 左右, 以上 … as printed: the number is approximate
    period_to_confirm: bool = False  # the period is a guess: an editor confirms it
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict:
        """The figure as the extract_figures command and the page importer print it."""
        return {
            "indicator": self.indicator,
            "region": self.region,
            "period": {
                "kind": self.period.kind,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "value": None if self.value is None else str(self.value),
            "unit": self.unit,
            "yoy_change": None if self.yoy_change is None else str(self.yoy_change),
            "change_points": None if self.change_points is None else str(self.change_points),
            "is_estimate": self.is_estimate,
            "qualifier": self.qualifier,
            "period_to_confirm": self.period_to_confirm,
            "warnings": list(self.warnings),
            "span": list(self.span),
        }
