"""Propose economic figures from running text: pure functions, no database.

`extract_figures(text, date=...)` reads statements such as
"今年上半年，全市地区生产总值为676.05亿元，同比下降3.3%" and returns one Figure per figure: the
indicator code, region, period, value and unit as printed, the year-on-year change, the estimate
flag (预计) and the character span. An editor checks the proposals in the admin.

The pieces: text (character forms, sentences), numbers (numerals, values, changes), periods,
regions and terms (indicator names) find mentions; statements pairs them into figures; ocr reads
pages whose columns the OCR interleaved.
"""

import datetime
from functools import lru_cache

from ..catalogue import HOME_PROVINCE, HOME_REGION, INDICATORS, REGIONS, IndicatorSpec
from . import statements
from .figure import Figure
from .numbers import parse_chinese_integer, parse_number
from .ocr import extract as extract_interleaved
from .regions import Gazetteer
from .terms import Terms
from .text import normalise, paragraphs

__all__ = [
    "Figure",
    "catalogue_from",
    "extract_figures",
    "parse_chinese_integer",
    "parse_number",
]


@lru_cache(maxsize=16)
def _reader(catalogue, region_names, home_region, home_province) -> statements.Reader:
    return statements.Reader(
        terms=Terms(list(catalogue)),
        gazetteer=Gazetteer(region_names),
        specs={spec.code: spec for spec in catalogue},
        home_region=home_region,
        home_province=home_province,
    )


def extract_figures(
    text: str,
    *,
    date: datetime.date | None = None,
    catalogue: list[IndicatorSpec] | None = None,
    regions: list[str] | None = None,
    home_region: str = HOME_REGION,
    home_province: str = HOME_PROVINCE,
    ocr: bool = False,
) -> list[Figure]:
    """The figures stated in `text`, an article of the issue of `date`, in text order.

    Without a date, periods are read against today and those that depend on the date are marked
    to be confirmed. `regions` adds region names to the catalogue's; `ocr=True` reads the text of
    a scanned page whose columns are interleaved (see extraction/ocr.py).
    """
    names = {name for name, _code, _parent in REGIONS} | set(regions or ())
    reader = _reader(
        tuple(catalogue or INDICATORS), tuple(sorted(names)), home_region, home_province
    )
    date_given = date is not None
    date = date or datetime.date.today()
    normal = normalise(text)
    if ocr:
        return extract_interleaved(normal, date=date, reader=reader)
    figures = []
    article = statements.Article()
    for offset, paragraph in paragraphs(normal):
        figures += statements.paragraph_figures(
            paragraph,
            offset=offset,
            date=date,
            date_given=date_given,
            reader=reader,
            article=article,
        )
    return figures


def catalogue_from(indicators) -> list[IndicatorSpec]:
    """IndicatorSpecs for indicator rows (anything with code, name, unit and alias_list); an
    indicator the built-in catalogue knows keeps its names, guards and frequency too."""
    built_in = {spec.code: spec for spec in INDICATORS}
    specs = []
    for indicator in indicators:
        known = built_in.get(indicator.code)
        aliases = [alias for alias in indicator.alias_list if alias != indicator.name]
        if known is not None:
            aliases += [alias for alias in known.names if alias not in aliases]
        specs.append(
            IndicatorSpec(
                code=indicator.code,
                name=indicator.name,
                name_en="",
                unit=indicator.unit,
                category="",
                measure="",
                aliases=tuple(alias for alias in aliases if alias != indicator.name),
                loose_aliases=known.loose_aliases if known else (),
                frequency=known.frequency if known else "month",
                ambiguous_aliases=known.ambiguous_aliases if known else (),
            )
        )
    return specs
