"""Pieces of text with positions become printed lines in reading order: never joined across a
column gutter, columns read one after the other, each to its foot."""

from imports.readers.layout import Piece, join_lines, page_lines, reading_order

H = 10.0  # line height of the test pieces; a Chinese character is as wide


def chars(text: str, left: float, top: float, size: float = H) -> list[Piece]:
    """`text` set solid from `left`, one piece a character (as a PDF's text layer gives it)."""
    return [
        Piece(char, left + i * size, top, left + (i + 1) * size, top + size)
        for i, char in enumerate(text)
    ]


def line(text: str, left: float, top: float, size: float = H) -> Piece:
    """`text` as one piece (as an OCR engine gives a line)."""
    return Piece(text, left, top, left + len(text) * size, top + size)


def texts(pieces: list[Piece]) -> list[str]:
    return [piece.text for piece in pieces]


def test_characters_join_into_lines_but_never_across_a_gutter_on_the_same_baseline():
    gutter = 0.6 * H  # narrower than a character: still a gutter
    left_column = chars("城区新开菜市场", 0, 0) + chars("居民步行可到达", 0, 15)
    right_column = chars("乡村书屋夜读", 70 + gutter, 0) + chars("村民借书看报", 70 + gutter, 15)
    lines = join_lines(right_column + left_column)
    assert sorted(texts(lines)) == sorted(
        ["城区新开菜市场", "居民步行可到达", "乡村书屋夜读", "村民借书看报"]
    )


def test_a_wide_space_inside_a_line_is_kept_as_one_space():
    pieces = chars("本报讯", 0, 0) + chars("记者", 33, 0) + chars("赵晓东", 56, 0)
    assert texts(join_lines(pieces)) == ["本报讯 记者 赵晓东"]


def test_a_line_of_another_size_beside_text_is_not_joined_to_it():
    headline = chars("城区新开", 0, 0, size=20)
    beside = chars("第1版", 82, 5)
    assert sorted(texts(join_lines(headline + beside))) == ["城区新开", "第1版"]


def test_columns_under_a_spanning_headline_are_read_one_after_the_other():
    headline = line("城区新开十二处便民菜市场", 0, 0, size=20)
    column_1 = [line(f"左栏第{n}行文字文字", 0, 30 + 14 * n) for n in range(5)]
    column_2 = [line(f"右栏第{n}行文字文字", 110, 30 + 14 * n) for n in range(5)]
    ordered = reading_order(column_2 + column_1[::-1] + [headline])
    assert texts(ordered) == texts([headline, *column_1, *column_2])


def test_an_item_that_starts_in_mid_column_is_read_before_the_next_column():
    """The second item's headline sits under the first item in column 1 and its text runs on
    into column 2: column 1 is read to its foot first (a cut at the widest gap would read the
    top of column 2, the second item's end, right after the first item)."""
    first = [line(f"第一篇第{n}行文字", 0, 14 * n) for n in range(6)]
    headline = line("第二篇标题", 0, 14 * 6 + 12, size=16)
    second = [line(f"第二篇第{n}行文字", 0, 14 * 6 + 34 + 14 * n) for n in range(3)]
    continued = [line(f"第二篇续{n}行文字", 100, 14 * n) for n in range(5)]
    ordered = reading_order(continued + second + [headline] + first)
    assert texts(ordered) == texts([*first, headline, *second, *continued])


def test_masthead_rows_are_read_left_to_right_before_the_headline():
    paper = line("吕梁日报", 0, 0, size=30)
    dates = [line("2021年3月8日", 200, 2), line("农历辛丑年正月廿五", 200, 12)]
    page_row = [line("第1版要闻", 0, 40), line("要闻部主办", 210, 40)]
    headline = line("城区新开十二处便民菜市场", 0, 60, size=15)
    ordered = reading_order([headline, *page_row[::-1], *dates[::-1], paper])
    assert texts(ordered) == texts([paper, *dates, *page_row, headline])


def test_page_lines_gives_boxes_in_fractions_of_the_page_and_keeps_confidence():
    pieces = [
        Piece("本报讯", 50, 100, 80, 110, confidence=0.9),
        Piece("记者", 82, 100, 102, 110, 0.7),
    ]
    [only] = page_lines(pieces, 200, 400)
    assert only.text == "本报讯记者"
    assert only.box.as_list() == [0.25, 0.25, 0.26, 0.025]
    assert abs(only.confidence - 0.8) < 1e-9


def test_a_page_of_a_thousand_short_rows_is_read_row_by_row():
    """A listings page (names and prices in rows) is no column text: every line comes back,
    row by row, left to right, however many rows there are."""
    rows = [(line(f"代码{n:04d}", 0, 20 * n), line(f"{n}.00元", 150, 20 * n)) for n in range(1000)]
    ordered = reading_order([piece for row in reversed(rows) for piece in row])
    assert texts(ordered) == texts([piece for row in rows for piece in row])
