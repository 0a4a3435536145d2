"""Labelled sentences and paragraphs for the figure extraction, written in our own words.

Each case is (text, issue date "YYYY-MM-DD", labels). A label is one figure, written as
"indicator region period value change [flags]", separated by single spaces:

- indicator: a catalogue code (gdp, industry_value_added, …);
- region: the region's name in the catalogue (吕梁市, 山西省, 全国, …) or the name printed;
- period: 2019, 2019H1, 2019Q3, 2019M8, 2019YTD8 (January to August), 2016-2020 (a five-year
  plan); a trailing "?" marks a period the extraction could only guess (to be confirmed);
- value: number and unit as printed (1512.1亿元, 七千六百五十元, 32.8%), or "-";
- change: year-on-year change, "+5.7%" / "-3.3%" / "0%", a change in percentage points of a rate
  "+0.9pt", or "-";
- flags: "预计" (an estimate), "约" (an approximate value or change: 约, 近, 超过, 突破,
  左右, 以上 …).

`dev` is the set the extraction was tuned on; `heldout` was written first and only measured.
"""
