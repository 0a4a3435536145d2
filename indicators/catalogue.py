"""The indicators and regions the paper reports most, shared by the demo and the extraction."""

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    name_en: str
    unit: str
    category: str
    measure: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


INDICATORS = [
    IndicatorSpec(
        "gdp",
        "地区生产总值",
        "Gross regional product",
        "亿元",
        "national_accounts",
        "flow",
        ("全市生产总值", "全省生产总值", "生产总值", "GDP"),
    ),
    IndicatorSpec(
        "industry_value_added",
        "规模以上工业增加值",
        "Value added of industry above designated size",
        "亿元",
        "industry",
        "flow",
        ("规上工业增加值",),
    ),
    IndicatorSpec(
        "fixed_asset_investment",
        "固定资产投资",
        "Fixed-asset investment",
        "亿元",
        "investment",
        "flow",
        ("固定资产投资额",),
    ),
    IndicatorSpec(
        "budget_revenue",
        "一般公共预算收入",
        "General public budget revenue",
        "亿元",
        "fiscal",
        "flow",
        ("公共财政预算收入",),
    ),
    IndicatorSpec(
        "retail_sales",
        "社会消费品零售总额",
        "Retail sales of consumer goods",
        "亿元",
        "consumption",
        "flow",
        ("社消零总额",),
    ),
    IndicatorSpec(
        "foreign_trade",
        "进出口总额",
        "Imports and exports",
        "亿元",
        "trade",
        "flow",
        ("外贸进出口总额", "外贸进出口"),
    ),
    IndicatorSpec(
        "urban_income",
        "城镇居民人均可支配收入",
        "Per-capita disposable income, urban residents",
        "元",
        "income",
        "flow",
        (),
    ),
    IndicatorSpec(
        "rural_income",
        "农村居民人均可支配收入",
        "Per-capita disposable income, rural residents",
        "元",
        "income",
        "flow",
        (),
    ),
    IndicatorSpec(
        "population",
        "总人口",
        "Total population",
        "万人",
        "population",
        "level",
        ("户籍人口",),
    ),
    IndicatorSpec(
        "forest_cover",
        "森林覆盖率",
        "Forest cover",
        "%",
        "environment",
        "level",
        (),
    ),
]

# name, administrative division code, parent name
REGIONS = [
    ("山西省", "140000", None),
    ("吕梁市", "141100", "山西省"),
    ("离石区", "141102", "吕梁市"),
    ("文水县", "141121", "吕梁市"),
    ("交城县", "141122", "吕梁市"),
    ("兴县", "141123", "吕梁市"),
    ("临县", "141124", "吕梁市"),
    ("柳林县", "141125", "吕梁市"),
    ("石楼县", "141126", "吕梁市"),
    ("岚县", "141127", "吕梁市"),
    ("方山县", "141128", "吕梁市"),
    ("中阳县", "141129", "吕梁市"),
    ("交口县", "141130", "吕梁市"),
    ("孝义市", "141181", "吕梁市"),
    ("汾阳市", "141182", "吕梁市"),
]

HOME_REGION = "吕梁市"
