"""Regions as a paper names them: full names, short names (孝义, 山西), and words that point to
one (全市, 该县, 我省, 全国). A region after 比/高于/占/在 … is compared with or a place where
something happened, not the region a figure is about.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalogue import NATION, PROVINCE_SHORT_NAMES, SHORT_NAMES

# What a pointing word stands for: the last region of that level named in the paragraph, or
# the paper's own city or province.
# An unnamed county or district goes by one name, whichever word points to it (我区 = 全区).
UNNAMED = {"county": "全县", "district": "全区"}
REFERENCES = {
    "全市": "city",
    "该市": "city",
    "全县": "county",
    "该县": "county",
    "本县": "county",
    "我县": "county",
    "全区": "district",
    "该区": "district",
    "本区": "district",
    "我区": "district",
    "全省": "province",
    "该省": "province",
    "本省": "province",
    "我市": "home_city",
    "本市": "home_city",
    "我省": "home_province",
}
NATION_WORDS = ("全国", "我国", "中国")
# A region name followed by these is an institution or a word (吕梁市委, 山西日报, 吕梁精神).
NOT_A_PLACE_AFTER = (
    r"(?!统计|政府|人民政府|委|局|厅|海关|日报|人大|政协|党|银行|公司|集团|大学|学院|医院|中学"
    r"|小学|代表|籍|精神|山|护工|场|电视|供电|分行|商会|企业家)"
)
# A one-character county (临县, 兴县) followed by these is part of another word (县城, 县域).
NOT_A_COUNTY_AFTER = r"(?!城|域|级|委|直|乡|里)"
NOT_A_SUBJECT_BEFORE = re.compile(
    r"(?:在|到|赴|从|于|向|对|与|同|比|较|占|居|据|超|距|和|高出|低出|超出|领先|落后)\s*$"
)
# …but a pointing word after 在 is still what the text speaks of (在全区努力下, 在全市范围内).
COMPARED_BEFORE = re.compile(r"(?:于|与|同|比|较|占|居|超|和|高出|低出|超出|领先|落后)\s*$")
NOT_A_SUBJECT_AFTER = re.compile(r"\s*(?:相比|持平|平均水平|的比重|第[一二三四五六七八九十\d])")
# A name the catalogue does not know, printed right before an indicator (榆林市地区生产总值).
UNKNOWN = re.compile(r"[\u4e00-\u9fff]{1,7}?(?:自治区|自治州|市|县|区|省|州|盟|旗)")
NOT_NAMES = re.compile(
    r"全|我|本|该|各|其|两|三|四|五|六|七|八|九|十|城市|县市|地市|市区|城区|市辖区|开发区|园区"
    r"|示范区|新区|景区|辖区|山区|社区|地区|库区|矿区|片区|老区|省市|市县|区县|县区|全省|外省"
)
LEADING_WORDS = re.compile(r"^(?:其中|同期|据统计|另外|此外|而|则|全年|分别|今年以来|同时)+")
# A place the catalogue does not know, named in the title of its own report (2022年云和县国民经济
# 和社会发展统计公报): what 全县 means in the report.
TITLED = re.compile(
    r"[\u4e00-\u9fff]{2,8}?(?:县|市|区|旗)(?=\d{4}年|国民经济|统计公报|经济运行|政府工作报告)"
)


@dataclass(frozen=True)
class RegionMention:
    start: int
    end: int
    name: str  # the region's name; for a pointing word, the word (全市)
    reference: str = ""  # city, county, district, province, home_city, home_province
    subject: bool = True  # False for a region compared with (比全省高) or a place (在孝义市)
    known: bool = True  # False for a name the catalogue does not know


class Gazetteer:
    """The region names known to the extraction, compiled once."""

    def __init__(self, names: Iterable[str]):
        self.names = set(names) | {NATION}
        self.aliases = {name: name for name in self.names}
        for short, name in {**SHORT_NAMES, **PROVINCE_SHORT_NAMES}.items():
            if name in self.names:
                self.aliases.setdefault(short, name)
        for word in NATION_WORDS:
            self.aliases[word] = NATION
        alternatives = []
        for alias in sorted({*self.aliases, *REFERENCES}, key=len, reverse=True):
            guard = NOT_A_PLACE_AFTER
            if alias.endswith("县") and len(alias) == 2:
                guard += NOT_A_COUNTY_AFTER
            if alias not in self.names and alias not in REFERENCES:
                guard += r"(?![市县区省])"  # 吕梁 of 吕梁市委, 孝义 of 孝义市场
            alternatives.append(re.escape(alias) + guard)
        self.regex = re.compile("|".join(alternatives))

    def find(self, text: str) -> list[RegionMention]:
        """Every region named in `text`."""
        found = []
        for match in self.regex.finditer(text):
            word = match.group()
            before = COMPARED_BEFORE if word in REFERENCES else NOT_A_SUBJECT_BEFORE
            subject = not (
                before.search(text, max(0, match.start() - 3), match.start())
                or NOT_A_SUBJECT_AFTER.match(text, match.end())
            )
            if word in REFERENCES:
                found.append(
                    RegionMention(match.start(), match.end(), word, REFERENCES[word], subject)
                )
            else:
                found.append(
                    RegionMention(match.start(), match.end(), self.aliases[word], "", subject)
                )
        for match in TITLED.finditer(text):
            name = re.sub(r"^.*(?:年|度)", "", match.group())
            start = match.end() - len(name)
            if len(name) >= 2 and not NOT_NAMES.match(name) and name not in self.aliases:
                if not any(m.start <= start < m.end for m in found):
                    found.append(RegionMention(start, match.end(), name, known=False))
        return sorted(found, key=lambda mention: mention.start)

    def unknown_before(self, text: str) -> str | None:
        """The name of a region the catalogue does not know that `text` ends with, if any."""
        text = LEADING_WORDS.sub("", text.strip().removesuffix("的").strip())
        match = UNKNOWN.fullmatch(text)
        if match is None or NOT_NAMES.match(text) or text in self.aliases:
            return None
        return text
