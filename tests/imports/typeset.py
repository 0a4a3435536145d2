"""Newspaper pages written for the import tests (our own words, invented news), laid out once and
rendered from that layout as a PDF with a text layer, as scans (PNG, JPEG, TIFF) and as ALTO
XML, so every reader is checked against the text drawn and the place it was drawn at.

Lengths are in millimetres from the page's top left, font sizes in points; a line is placed by
its left end and its baseline, as a typesetter places it.
"""

import io
import logging
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import quoteattr

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/opentype/noto")  # Debian fonts-noto-cjk
FONTS = {False: FONT_DIR / "NotoSerifCJK-Regular.ttc", True: FONT_DIR / "NotoSansCJK-Bold.ttc"}
SIMPLIFIED = 2  # the face of each collection that draws Simplified Chinese forms
MM_PER_PT = 25.4 / 72
NO_LINE_START = "，。、；：！？）》」”"  # never at the start of a line (Chinese line breaking)

FRONT_MASTHEAD = [
    ("吕梁日报", 10, 22, 30, True),
    ("2021年3月8日 星期一", 96, 13, 9, False),
    ("农历辛丑年正月廿五", 96, 18.5, 9, False),
    ("第10200期 今日8版", 96, 24, 9, False),
    ("中共吕梁市委机关报", 10, 30, 9, False),
    ("第1版 要闻", 10, 40, 9, True),
    ("要闻部主办", 110, 40, 9, False),
]

MARKET = (
    "城区新开十二处便民菜市场",
    "居民步行十分钟可买到新鲜蔬菜",
    [
        "本报讯(记者 赵晓东 通讯员 刘芳)3月7日，记者从市商务局获悉，今年以来城区新建的十二处"
        "便民菜市场已全部开门营业，附近居民步行十分钟就能买到新鲜蔬菜和粮油副食。",
        "这些市场大多由闲置厂房和临街门面改造而成，摊位租金比周边商铺低三成左右。首批入驻的二百"
        "一十户商贩中，有六十多户来自城郊的蔬菜种植合作社，产品当天采摘当天上架。",
        "记者在河东社区市场看到，上午九点刚过，豆角、西红柿、小米、红枣等本地产品已经摆满柜台。"
        "退休教师王秀兰说，过去买菜要坐两站公交车，现在下楼走几步就到，价格也比超市便宜一些。",
    ],
)
LIBRARY = (
    "乡村书屋开启夜读模式",
    None,
    [
        "本报讯(通讯员 孙佳)入春以来，方山县二十六个村的农家书屋把开放时间延长到晚上九点，"
        "村民忙完农活也能借书、看报、上网查资料。",
        "县文化馆为书屋配送了种植养殖、电商营销等实用图书三千余册，并组织志愿者每周开展一次"
        "读书分享活动。",
    ],
)
# More items for a full broadsheet-like page (the benchmark's), in the same spirit.
MORE = [
    (
        "老旧小区加装电梯进入施工高峰",
        None,
        [
            "本报讯(记者 周宁)连日来，离石区滨河街道的三个老旧小区同时开工加装电梯，"
            "预计五月底前全部投入使用。今年全区计划加装电梯四十部，已有二十九部完成业主协商。",
            "区住建局相关负责人表示，加装电梯按照政府补一点、业主出一点的办法筹集资金，"
            "每部电梯最高可获补助十五万元。施工期间，社区安排专人协调噪声和出行问题，"
            "尽量减少对居民生活的影响。",
        ],
    ),
    (
        "春季植树造林全面展开",
        "全市今年计划完成营造林六十万亩",
        [
            "本报讯(记者 韩冬 通讯员 白雪)眼下正是植树的好时节，全市各县区组织干部群众"
            "上山造林，荒山荒坡上处处可见挖坑栽苗的忙碌身影。",
            "今年的造林任务重点放在沿黄流域和城市周边，选用油松、侧柏、山杏等耐旱乡土树种，"
            "并推行专业队造林、包栽包活的办法，确保栽一棵活一棵。林业部门还将组织技术人员"
            "分片包干，把苗木管护责任落实到人。",
        ],
    ),
    (
        "职业院校开设直播电商专业",
        None,
        [
            "本报讯(记者 田野)新学期伊始，市职业技术学院首届直播电商专业的八十名学生走进"
            "实训基地，在老师指导下为本地小杂粮、核桃等农产品策划直播脚本。",
            "学院与十余家企业签订了合作协议，学生在校期间可参与真实的带货项目，"
            "毕业后优先推荐到合作企业就业。",
        ],
    ),
    (
        "文明交通劝导志愿服务常态化",
        None,
        [
            "本报讯(通讯员 郭敏)每天早晚高峰，城区主要路口都能看到身穿红马甲的志愿者，"
            "他们手持小红旗，提醒行人和非机动车遵守信号灯、走斑马线。",
            "目前全市已有交通劝导志愿者两千三百余名，累计劝导不文明交通行为一万余人次。"
            "交警部门表示，将继续完善志愿服务积分激励办法，让更多市民参与进来。",
        ],
    ),
]


@dataclass(frozen=True)
class Drawn:
    """One printed line: its text, left end and baseline (mm), size (pt) and weight."""

    text: str
    x: float
    baseline: float
    size: float
    bold: bool = False

    @property
    def em(self) -> float:
        return self.size * MM_PER_PT

    @property
    def width(self) -> float:
        return measure(self.text, self.size, self.bold)

    @property
    def printed(self) -> str:
        """The text without the white space that indents it."""
        return self.text.strip("\u3000 ")

    @property
    def ink_x(self) -> float:
        """Where the first character is printed (mm): after the indent."""
        indent = self.text[: len(self.text) - len(self.text.lstrip("\u3000 "))]
        return self.x + measure(indent, self.size, self.bold)


@dataclass
class SamplePage:
    """A laid-out page: its size in mm and its lines in reading order."""

    width: float
    height: float
    drawn: list[Drawn] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.drawn)

    def find(self, start: str) -> Drawn:
        return next(line for line in self.drawn if line.text.startswith(start))

    def pixels(self, dpi: int) -> tuple[int, int]:
        return round(self.width / 25.4 * dpi), round(self.height / 25.4 * dpi)


@cache
def _font(bold: bool, pixels: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS[bold]), pixels, index=SIMPLIFIED)


def measure(text: str, size: float, bold: bool = False) -> float:
    """The advance width in mm of `text` set in `size` points."""
    return _font(bold, 200).getlength(text) / 200 * size * MM_PER_PT


def wrap(text: str, width: float, size: float, bold: bool = False, indent: int = 0) -> list[str]:
    """`text` broken into lines no wider than `width` mm, the first indented by `indent`
    ideographic spaces. Punctuation that may not start a line takes the character before it
    down with it (as typesetters do), so no line runs into the gutter."""
    lines, line = [], "\u3000" * indent
    for char in text:
        if measure(line + char, size, bold) > width and line.strip():
            carried = ""
            if char in NO_LINE_START:
                line, carried = line[:-1], line[-1]
            lines.append(line)
            line = carried
        line += char
    if line.strip():
        lines.append(line)
    return lines


def _flow(page: SamplePage, items, *, top: float, columns: int, margin: float, body: float):
    """Set `items` (headline, subheadline, paragraphs) one after another down `columns`
    columns below `top`; an item's headline stays in its column."""
    gutter = 5.0
    column_width = (page.width - 2 * margin - (columns - 1) * gutter) / columns
    leading = 1.55 * body * MM_PER_PT
    column, y = 0, top
    for headline, subheadline, paragraphs in items:
        block = []
        if headline:
            y += 3  # space above a headline
            block += [(text, 15, True) for text in wrap(headline, column_width, 15, True)]
        if subheadline:
            block += [(text, 10, False) for text in wrap(subheadline, column_width, 10)]
        for paragraph in paragraphs:
            block += [(text, body, False) for text in wrap(paragraph, column_width, body, indent=2)]
        for text, size, bold in block:
            step = leading if size == body else 1.5 * size * MM_PER_PT
            if y + step > page.height - margin:
                column += 1
                y = top + step
                if column == columns:
                    return
            else:
                y += step
            x = margin + column * (column_width + gutter)
            page.drawn.append(Drawn(text, x, round(y, 2), size, bold))


def front_page() -> SamplePage:
    """A small front page (148 × 180 mm): masthead, a headline over two columns with its
    subheadline and a lead with the reporters, a second item further down the second column."""
    page = SamplePage(148, 180)
    page.drawn = [Drawn(*spec) for spec in FRONT_MASTHEAD]
    page.rules = [(10, 33, 138, 33), (10, 42.5, 138, 42.5)]
    page.drawn.append(Drawn(MARKET[0], 10, 55, 20, True))
    page.drawn.append(Drawn(MARKET[1], 10, 63, 11))
    _flow(page, [(None, None, MARKET[2]), LIBRARY], top=66, columns=2, margin=10, body=9)
    return page


def notice_page() -> SamplePage:
    """A small single-column notice (120 × 70 mm): quick to read by OCR."""
    page = SamplePage(120, 70)
    page.drawn = [Drawn("倡议书", 50, 14, 16, True), Drawn("广大市民朋友：", 10, 24, 10)]
    text = (
        "春季天干物燥，是火灾易发季节。为守护共同的家园，我们倡议：外出时关闭电源和燃气阀门，"
        "不在楼道内停放电动自行车，不私拉乱接电线。"
    )
    for number, line in enumerate(wrap(text, 100, 10, indent=2)):
        page.drawn.append(Drawn(line, 10, 31 + 6 * number, 10))
    page.drawn.append(Drawn("吕梁市消防安全委员会办公室", 52, 58, 10))
    page.drawn.append(Drawn("2021年3月5日", 75, 64, 10))
    return page


def broadsheet_page() -> SamplePage:
    """An A3 page (297 × 420 mm) in five columns of 9-point text under the masthead, filled
    with the items above in turn: some 5,000 characters."""
    page = SamplePage(297, 420)
    page.drawn = [Drawn(*spec) for spec in FRONT_MASTHEAD]
    page.rules = [(10, 33, 287, 33), (10, 42.5, 287, 42.5)]
    items = [MARKET, LIBRARY, *MORE] * 3
    _flow(page, items, top=46, columns=5, margin=10, body=9)
    return page


def character_accuracy(expected: str, got: str) -> float:
    """1 − edit distance / length, on both texts without white space (the measure of OCR
    accuracy in the issue)."""
    expected, got = "".join(expected.split()), "".join(got.split())
    return 1 - edit_distance(expected, got) / len(expected)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, bit-parallel (Myers 1999, as Hyyrö formulates it): one pass over
    `b` with `a` held as bit masks, fast enough for whole pages in Python."""
    if not a or not b:
        return len(a) + len(b)
    masks: dict[str, int] = {}
    for index, char in enumerate(a):
        masks[char] = masks.get(char, 0) | 1 << index
    full, top = (1 << len(a)) - 1, 1 << (len(a) - 1)
    plus, minus, distance = full, 0, len(a)
    for char in b:
        match = masks.get(char, 0)
        vertical = match | minus
        horizontal = (((match & plus) + plus) ^ plus) | match
        h_plus = minus | (~(horizontal | plus) & full)
        h_minus = plus & horizontal
        if h_plus & top:
            distance += 1
        elif h_minus & top:
            distance -= 1
        h_plus = ((h_plus << 1) | 1) & full
        h_minus = (h_minus << 1) & full
        plus = h_minus | (~(vertical | h_plus) & full)
        minus = h_plus & vertical
    return distance


# --- renderings -------------------------------------------------------------------------------


def pdf_bytes(*pages: SamplePage, scanned: bool = False, user_password: str | None = None) -> bytes:
    """The pages as a PDF with a real text layer (fpdf2 embeds a subset of the CJK font), or,
    `scanned`, as 300-dpi images without any text; encrypted when given a `user_password`."""
    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every subset step
    pdf = FPDF(unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", str(FONTS[False]), collection_font_number=SIMPLIFIED)
    pdf.add_font("cjk", "B", str(FONTS[True]), collection_font_number=SIMPLIFIED)
    for page in pages:
        pdf.add_page(format=(page.width, page.height))
        if scanned:
            pdf.image(image(page), x=0, y=0, w=page.width, h=page.height)
            continue
        pdf.set_line_width(0.3)
        for rule in page.rules:
            pdf.line(*rule)
        for line in page.drawn:
            pdf.set_font("cjk", "B" if line.bold else "", line.size)
            pdf.text(line.x, line.baseline, line.text)
    if user_password:
        pdf.set_encryption(owner_password="owner-" + user_password, user_password=user_password)
    return bytes(pdf.output())


def image(page: SamplePage, dpi: int = 300) -> Image.Image:
    """The page as a clean greyscale scan at `dpi`."""
    scale = dpi / 25.4
    picture = Image.new("L", page.pixels(dpi), 255)
    draw = ImageDraw.Draw(picture)
    for x0, y0, x1, y1 in page.rules:
        draw.line([(x0 * scale, y0 * scale), (x1 * scale, y1 * scale)], fill=0, width=3)
    for line in page.drawn:
        font = _font(line.bold, round(line.size / 72 * dpi))
        position = (line.x * scale, line.baseline * scale)
        draw.text(position, line.text, font=font, fill=0, anchor="ls")
    return picture


def image_bytes(page: SamplePage, fmt: str = "PNG", dpi: int = 300) -> bytes:
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 90}, "TIFF": {"compression": "tiff_lzw"}}.get(fmt, {})
    image(page, dpi).save(buffer, fmt, dpi=(dpi, dpi), **options)
    return buffer.getvalue()


ALTO_NAMESPACES = {
    2: "http://www.loc.gov/standards/alto/ns-v2#",
    3: "http://www.loc.gov/standards/alto/ns-v3#",
    4: "http://www.loc.gov/standards/alto/ns-v4#",
}
ALTO_UNITS = {"pixel": 300 / 25.4, "mm10": 10.0, "inch1200": 1200 / 25.4}  # per mm


def alto_xml(page: SamplePage, *, version: int = 4, unit: str = "pixel") -> bytes:
    """The page as an ALTO file: one TextBlock per column run, a TextLine per printed line with
    its words as String elements, positions in `unit` (pixels at 300 dpi, 1/10 mm or 1/1200 in)."""
    per_mm = ALTO_UNITS[unit]

    def n(mm: float) -> str:
        return str(round(mm * per_mm))

    lines = []
    for number, line in enumerate(page.drawn):
        top = line.baseline - 0.88 * line.em
        words, x = [], line.ink_x
        for index, word in enumerate(line.printed.split(" ")):
            if index:
                space = measure(" ", line.size, line.bold)
                words.append(f'<SP HPOS="{n(x)}" VPOS="{n(top)}" WIDTH="{n(space)}"/>')
                x += space
            width = measure(word, line.size, line.bold)
            words.append(
                f'<String ID="s{number}_{index}" CONTENT={quoteattr(word)} HPOS="{n(x)}" '
                f'VPOS="{n(top)}" WIDTH="{n(width)}" HEIGHT="{n(line.em)}" WC="0.97"/>'
            )
            x += width
        lines.append(
            f'<TextLine ID="l{number}" HPOS="{n(line.ink_x)}" VPOS="{n(top)}" '
            f'WIDTH="{n(line.x + line.width - line.ink_x)}" '
            f'HEIGHT="{n(line.em)}">{"".join(words)}</TextLine>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<alto xmlns="{ALTO_NAMESPACES[version]}">'
        f"<Description><MeasurementUnit>{unit}</MeasurementUnit></Description>"
        f'<Layout><Page ID="p1" WIDTH="{n(page.width)}" HEIGHT="{n(page.height)}">'
        f'<PrintSpace><TextBlock ID="b1">{"".join(lines)}</TextBlock></PrintSpace>'
        "</Page></Layout></alto>"
    ).encode()
