"""The indicators and regions the paper reports, shared by the demo and the extraction.

Regions: the provinces of China and every prefecture city and county-level division of Shanxi,
with their administrative division codes (our own compilation of the published GB/T 2260 codes,
as of 2020), plus 全国 for the country.
"""

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
    # Names that count only right before a figure (规上工业同比增长…, 农村居民5094元): elsewhere
    # they name something else (规上工业企业, 城镇居民消费).
    loose_aliases: tuple[str, ...] = ()
    # How often the figure is published: "month", "quarter" or "year"; guesses the period of a
    # figure printed without one.
    frequency: str = "month"
    # A name that may also mean a neighbouring indicator; figures found by it carry a warning.
    ambiguous_aliases: tuple[str, ...] = ()

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
        ("国内生产总值", "生产总值", "GDP"),
        loose_aliases=("经济总量", "经济增速"),
        frequency="quarter",
    ),
    IndicatorSpec(
        "industry_value_added",
        "规模以上工业增加值",
        "Value added of industry above designated size",
        "亿元",
        "industry",
        "flow",
        ("规上工业增加值", "规模工业增加值"),
        loose_aliases=("规模以上工业", "规上工业", "规模工业"),
    ),
    IndicatorSpec(
        "fixed_asset_investment",
        "固定资产投资",
        "Fixed-asset investment",
        "亿元",
        "investment",
        "flow",
        ("固定资产投资额",),
        loose_aliases=("固投",),
    ),
    IndicatorSpec(
        "budget_revenue",
        "一般公共预算收入",
        "General public budget revenue",
        "亿元",
        "fiscal",
        "flow",
        ("公共财政预算收入", "一般预算收入", "公共预算收入", "财政收入"),
        # 财政收入 may also mean 财政总收入 (which adds the taxes passed on to the centre).
        ambiguous_aliases=("财政收入",),
    ),
    IndicatorSpec(
        "retail_sales",
        "社会消费品零售总额",
        "Retail sales of consumer goods",
        "亿元",
        "consumption",
        "flow",
        ("社会消费品零售额", "社消零总额", "社零总额", "社零额"),
        loose_aliases=("社零",),
    ),
    IndicatorSpec(
        "foreign_trade",
        "进出口总额",
        "Imports and exports",
        "亿元",
        "trade",
        "flow",
        (
            "外贸进出口总额",
            "外贸进出口总值",
            "货物进出口总额",
            "对外贸易进出口总额",
            "进出口总值",
            "外贸进出口",
            "进出口",
        ),
    ),
    IndicatorSpec(
        "urban_income",
        "城镇居民人均可支配收入",
        "Per-capita disposable income, urban residents",
        "元",
        "income",
        "flow",
        (
            "城镇常住居民人均可支配收入",
            "城市居民人均可支配收入",
            "城镇居民人均收入",
            "城镇居民收入",
        ),
        loose_aliases=("城镇居民人均", "城镇居民"),
        frequency="quarter",
    ),
    IndicatorSpec(
        "rural_income",
        "农村居民人均可支配收入",
        "Per-capita disposable income, rural residents",
        "元",
        "income",
        "flow",
        (
            "农村常住居民人均可支配收入",
            "农民人均可支配收入",
            "农村居民人均收入",
            "农民人均纯收入",
            "农村居民收入",
        ),
        loose_aliases=("农村居民人均", "农村居民", "农民人均"),
        frequency="quarter",
    ),
    IndicatorSpec(
        "population",
        "总人口",
        "Total population",
        "万人",
        "population",
        "level",
        ("户籍人口", "常住人口"),
        frequency="year",
    ),
    IndicatorSpec(
        "forest_cover",
        "森林覆盖率",
        "Forest cover",
        "%",
        "environment",
        "level",
        (),
        frequency="year",
    ),
]

# Names that mean two indicators at once, for 分别 lists (城乡居民人均可支配收入分别为…和…).
INDICATOR_PAIRS = {
    ("urban_income", "rural_income"): (
        r"城镇(?:居民)?(?:和|与|、|及)农村居民(?:人均)?(?:可支配)?收入",
        r"城乡(?:常住)?居民(?:人均)?(?:可支配)?收入",
    ),
}

HOME_REGION = "吕梁市"
HOME_PROVINCE = "山西省"
NATION = "全国"

# code name, one a line; a county's prefecture city is the one of its first four digits.
_PROVINCES = """
110000 北京市
120000 天津市
130000 河北省
140000 山西省
150000 内蒙古自治区
210000 辽宁省
220000 吉林省
230000 黑龙江省
310000 上海市
320000 江苏省
330000 浙江省
340000 安徽省
350000 福建省
360000 江西省
370000 山东省
410000 河南省
420000 湖北省
430000 湖南省
440000 广东省
450000 广西壮族自治区
460000 海南省
500000 重庆市
510000 四川省
520000 贵州省
530000 云南省
540000 西藏自治区
610000 陕西省
620000 甘肃省
630000 青海省
640000 宁夏回族自治区
650000 新疆维吾尔自治区
710000 台湾省
810000 香港特别行政区
820000 澳门特别行政区
"""
_SHANXI = """
140100 太原市
140105 小店区
140106 迎泽区
140107 杏花岭区
140108 尖草坪区
140109 万柏林区
140110 晋源区
140121 清徐县
140122 阳曲县
140123 娄烦县
140181 古交市
140200 大同市
140212 新荣区
140213 平城区
140214 云冈区
140215 云州区
140221 阳高县
140222 天镇县
140223 广灵县
140224 灵丘县
140225 浑源县
140226 左云县
140300 阳泉市
140302 阳泉市城区
140303 阳泉市矿区
140311 阳泉市郊区
140321 平定县
140322 盂县
140400 长治市
140403 潞州区
140404 上党区
140405 屯留区
140406 潞城区
140423 襄垣县
140425 平顺县
140426 黎城县
140427 壶关县
140428 长子县
140429 武乡县
140430 沁县
140431 沁源县
140500 晋城市
140502 晋城市城区
140521 沁水县
140522 阳城县
140524 陵川县
140525 泽州县
140581 高平市
140600 朔州市
140602 朔城区
140603 平鲁区
140621 山阴县
140622 应县
140623 右玉县
140681 怀仁市
140700 晋中市
140702 榆次区
140703 太谷区
140721 榆社县
140722 左权县
140723 和顺县
140724 昔阳县
140725 寿阳县
140727 祁县
140728 平遥县
140729 灵石县
140781 介休市
140800 运城市
140802 盐湖区
140821 临猗县
140822 万荣县
140823 闻喜县
140824 稷山县
140825 新绛县
140826 绛县
140827 垣曲县
140828 夏县
140829 平陆县
140830 芮城县
140881 永济市
140882 河津市
140900 忻州市
140902 忻府区
140921 定襄县
140922 五台县
140923 代县
140924 繁峙县
140925 宁武县
140926 静乐县
140927 神池县
140928 五寨县
140929 岢岚县
140930 河曲县
140931 保德县
140932 偏关县
140981 原平市
141000 临汾市
141002 尧都区
141021 曲沃县
141022 翼城县
141023 襄汾县
141024 洪洞县
141025 古县
141026 安泽县
141027 浮山县
141028 吉县
141029 乡宁县
141030 大宁县
141031 隰县
141032 永和县
141033 蒲县
141034 汾西县
141081 侯马市
141082 霍州市
141100 吕梁市
141102 离石区
141121 文水县
141122 交城县
141123 兴县
141124 临县
141125 柳林县
141126 石楼县
141127 岚县
141128 方山县
141129 中阳县
141130 交口县
141181 孝义市
141182 汾阳市
"""


def _divisions(table: str) -> list[tuple[str, str, str | None]]:
    rows = [line.split() for line in table.strip().splitlines()]
    names = {code: name for code, name in rows}
    regions = []
    for code, name in rows:
        if code.endswith("0000"):
            parent = None
        elif code.endswith("00"):
            parent = names.get(code[:2] + "0000") or HOME_PROVINCE
        else:
            parent = names[code[:4] + "00"]
        regions.append((name, code, parent))
    return regions


# name, administrative division code, parent name
REGIONS = [(NATION, "", None), *_divisions(_PROVINCES)]
REGIONS += [(name, code, parent or HOME_PROVINCE) for name, code, parent in _divisions(_SHANXI)]

# Short names the paper uses for regions of its own province (孝义, 汾阳, 太原): prefecture
# cities, county-level cities, and the counties and districts of its own city. Shorter forms of
# other counties (平顺, 长子, 和顺 …) are ordinary words too often to be read as places.
SHORT_NAMES = {
    name.removesuffix(name[-1]): name
    for name, code, parent in REGIONS
    if code.startswith("14")
    and len(name) >= 3
    and (code.endswith("00") or name.endswith("市") or parent == HOME_REGION)
    and not code.endswith("0000")
}
_PROVINCE_SUFFIXES = (
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)


def _short_province_name(name: str) -> str:
    suffix = next(suffix for suffix in _PROVINCE_SUFFIXES if name.endswith(suffix))
    return name.removesuffix(suffix)


PROVINCE_SHORT_NAMES = {
    _short_province_name(name): name for name, code, _parent in REGIONS if code.endswith("0000")
}
