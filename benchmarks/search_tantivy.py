"""Search on Tantivy at archive scale: the articles of benchmarks/search.py, indexed by the
prototype (articles/search/tantivy_index.py) straight from generated rows, no database.

    .venv/bin/python benchmarks/search_tantivy.py --articles 1000000 --length real
    .venv/bin/python benchmarks/search_tantivy.py --articles 1000000 --length real --skip-build

The same generator, seeds, tokens (indexing.build_row()) and query kinds as benchmarks/search.py,
so that `search.py --articles N` and this script with the same N and --length index the same
articles. Prints the index's size (all of it: postings, positions, fast fields, term
dictionaries) per article and per byte of the articles' text, then p50/p95 of
TantivyIndex.search() per query kind, all dates and the last three years, by relevance and by
date: the exact count, the facets by year and section over every match and the page's 20 ids.
Not timed: loading the 20 articles and their snippets from the database (search.py's figures
include those). The index goes to benchmarks/data/ (git-ignored) unless --path says otherwise.

--ngrams chooses the n-gram fields (both, four-grams alone, none: their cost in size); the size
is taken after Tantivy's merges have settled (wait_merging_threads(), then the merged-away
segments' files deleted), by file kind (.term dictionaries, .idx postings, .pos positions).
--heap (MB per indexing thread) above the prototype's 64 writes fewer, larger segments, so a bulk
load of 1,000,000 spends far less time merging. --common-share S keeps in the n-gram fields only
the windows whose every bigram is in S of the distinct texts (counted in a first pass); such an
index is then also timed on the slowest term it leaves to a phrase, for three and four characters.
"""

import argparse
import datetime
import functools
import json
import multiprocessing
import os
import pickle
import statistics
import struct
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import search as bench  # noqa: E402  (sets up the environment for Django)


def generate_chunk(args):
    """Worker: articles [start, start + count) as token texts, their text bytes and CPU time."""
    start, count, words, names, length = args
    from articles.search import indexing
    from articles.search.tantivy_index import token_texts

    cpu_started = time.process_time()
    generator = bench.Generator(start, words, names, length)
    rows, text_bytes = [], 0
    for article_id in range(start, start + count):
        headline, body, section = generator.article()
        issue_id = (article_id - 1) // bench.ARTICLES_PER_PAGE // bench.PAGES_PER_ISSUE + 1
        date = bench.FIRST_DAY + datetime.timedelta(days=issue_id - 1)
        row = indexing.build_row(article_id, ["", headline, ""], ["", body, ""])
        rows.append((article_id, date, section, *token_texts(row)))
        text_bytes += len(headline.encode()) + len(body.encode())
    return rows, text_bytes, time.process_time() - cpu_started


def generated(jobs, options):
    """The generated chunks, from benchmarks/data/ when an earlier run kept them (generating
    is most of a build's time on a busy machine)."""
    articles = sum(count for _, count, *_ in jobs)
    cache = ROOT / "benchmarks" / "data" / f"tantivy-rows-{options.length}-{articles}.pickle"
    if cache.exists():
        with cache.open("rb") as file:
            yield from pickle.load(file)
        return
    chunks = []
    context = multiprocessing.get_context("fork")
    with context.Pool(options.workers) as pool:
        for chunk in pool.imap_unordered(generate_chunk, jobs):
            chunks.append(chunk)
            yield chunk
    cache.parent.mkdir(exist_ok=True)
    with cache.open("wb") as file:
        pickle.dump(chunks, file)


NGRAM_FIELDS = {  # --ngrams: which n-gram fields the index has
    "both": {"trigrams": 3, "fourgrams": 4},
    "fourgrams": {"fourgrams": 4},
    "none": {},
}


def build(options, words, names, path: Path) -> None:
    from articles.search.tantivy_index import WRITER_HEAP, TantivyIndex, common_bigrams

    if path.exists():
        for child in path.iterdir():
            child.unlink()
    distinct = min(options.distinct or options.articles, options.articles)
    chunk = 10_000  # as search.py's loader: the same seeds, so the same articles
    jobs = [
        (start, min(chunk, distinct - start + 1), words, names, options.length)
        for start in range(1, distinct + 1, chunk)
    ]
    common = None
    chunks = generated(jobs, options)
    if options.common_share:  # a first pass over the distinct texts: their common bigrams
        chunks = list(chunks)
        common = common_bigrams(
            (headline + body for rows, _, _ in chunks for _, _, _, headline, body, _ in rows),
            options.common_share,
        )
        print(
            f"common bigrams (in {options.common_share:.0%} of the texts or more): {len(common):,}"
        )
    index = TantivyIndex(path, ngrams=NGRAM_FIELDS[options.ngrams], common=common)
    heap = options.heap * 1_000_000 if options.heap else WRITER_HEAP
    writer = index.writer(threads=options.threads, heap=heap)
    published = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    started, done, text_bytes, cpu = time.perf_counter(), 0, 0, 0.0
    kept = []  # the distinct articles' texts, to index again under later ids (--distinct)

    def add(article_id, section, headline, body, row_words, ngrams=None):
        issue_id = (article_id - 1) // bench.ARTICLES_PER_PAGE // bench.PAGES_PER_ISSUE + 1
        writer.add_document(
            index.document_of_texts(
                article_id,
                headline,
                body,
                row_words,
                date=bench.FIRST_DAY + datetime.timedelta(days=issue_id - 1),
                section=section,
                visible_from=published,
                ngrams=ngrams,
            )
        )

    for rows, chunk_bytes, chunk_cpu in chunks:
        for article_id, _, section, headline, body, row_words in rows:
            ngrams = index.ngram_texts(headline, body)
            add(article_id, section, headline, body, row_words, ngrams)
            if distinct < options.articles:  # with their n-grams, computed once
                kept.append((article_id, section, headline, body, row_words, ngrams))
        done += len(rows)
        text_bytes += chunk_bytes
        cpu += chunk_cpu
        rate = done / (time.perf_counter() - started)
        print(f"\rindexed {done:,} articles ({rate:,.0f}/s)", end="", flush=True)
    kept.sort(key=lambda row: row[0])
    copies = 1
    while done < options.articles:
        for article_id, section, headline, body, row_words, ngrams in kept:
            if done >= options.articles:
                break
            add(copies * distinct + article_id, section, headline, body, row_words, ngrams)
            done += 1
        copies += 1
        print(
            f"\rindexed {done:,} articles ({copies - 1} copies, "
            f"{time.perf_counter() - started:.0f} s)",
            end="",
            flush=True,
        )
    writer.commit()
    committed = time.perf_counter()
    # the merges the commit started, and those their results start in turn, to the end; then
    # a new writer deletes the files of the segments merged away
    writer.wait_merging_threads()
    index.writer().garbage_collect_files()
    print(
        f"\ncommitted at {committed - started:.0f} s; merges settled "
        f"{time.perf_counter() - committed:.0f} s later"
    )
    # the copies' text in proportion (exact when --articles is a multiple of --distinct)
    text_bytes = text_bytes * options.articles // distinct
    (path / "text_bytes").write_text(str(text_bytes))
    print(
        f"\nbuild: {time.perf_counter() - started:.0f} s wall clock; {cpu:.0f} s CPU generating "
        f"and tokenising in the workers"
    )


def report_size(path: Path, articles: int, segments: int) -> None:
    files = [child for child in path.iterdir() if child.name != "text_bytes"]
    size = sum(child.stat().st_size for child in files)
    text_bytes = int((path / "text_bytes").read_text())
    print(
        f"index {path}: {size:,} bytes, {size / articles:,.0f} an article, "
        f"{size / text_bytes:.2f} × the text ({text_bytes:,} bytes, "
        f"{text_bytes / articles:,.0f} an article); {segments} segments, {len(files)} files"
    )
    by_kind = {}  # Tantivy's files by extension: idx postings, pos positions, term dictionaries...
    for child in files:
        kind = child.suffix or child.name
        by_kind[kind] = by_kind.get(kind, 0) + child.stat().st_size
    for kind, kind_size in sorted(by_kind.items(), key=lambda item: -item[1]):
        print(f"  {kind:12} {kind_size:>15,} bytes  {kind_size / text_bytes:5.2f} × the text")
    names = [field["name"] for field in json.loads((path / "meta.json").read_text())["schema"]]
    print("by field: term dictionary + postings + positions (all segments), × the text")
    for field, kinds in sorted(field_sizes(path).items(), key=lambda item: -sum(item[1].values())):
        figures = "  ".join(f"{kind} {kinds.get(kind, 0):>14,}" for kind in FILE_KINDS)
        print(f"  {names[field]:12} {figures}  {sum(kinds.values()) / text_bytes:5.2f} ×")


FILE_KINDS = (".term", ".idx", ".pos")


def field_sizes(path: Path) -> dict[int, dict[str, int]]:
    """Bytes of each field (schema order) in each segment's term dictionary, postings and
    positions: Tantivy writes these files field after field, with a table of where each field
    starts before the file's own footer (its JSON, the JSON's length, a magic number)."""
    sizes = {}
    for kind in FILE_KINDS:
        for file in path.glob(f"*{kind}"):
            data = file.read_bytes()
            end = len(data) - 8 - struct.unpack("<I", data[-8:-4])[0]  # before the footer
            start = end - 4 - struct.unpack("<I", data[end - 4 : end])[0]  # the fields' table
            count, position = _vint(data, start)
            starts = []
            for _ in range(count):
                delta, position = _vint(data, position)
                field = struct.unpack("<I", data[position : position + 4])[0]
                _, position = _vint(data, position + 4)  # the field's part number
                starts.append((field, (starts[-1][1] if starts else 0) + delta))
            for number, (field, begin) in enumerate(starts):
                stop = starts[number + 1][1] if number + 1 < len(starts) else start
                by_kind = sizes.setdefault(field, {})
                by_kind[kind] = by_kind.get(kind, 0) + stop - begin
    return sizes


def _vint(data: bytes, position: int) -> tuple[int, int]:
    """Tantivy's variable-length integer: seven bits a byte, the last byte's high bit set."""
    value, shift = 0, 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            return value, position
        shift += 7


def measure(options, words, names, path: Path) -> None:
    from articles.search.tantivy_index import TantivyIndex

    index = TantivyIndex(path, ngrams=NGRAM_FIELDS[options.ngrams])
    if options.query_ngrams:  # search as an index without the other n-gram fields would
        index.ngrams = NGRAM_FIELDS[options.query_ngrams]
    index.index.reload()
    searcher = index.index.searcher()
    articles = searcher.num_docs
    report_size(path, articles, searcher.num_segments)
    last_issue = (articles - 1) // bench.ARTICLES_PER_PAGE // bench.PAGES_PER_ISSUE + 1
    last_day = bench.FIRST_DAY + datetime.timedelta(days=last_issue - 1)
    three_years = {"date_from": last_day - datetime.timedelta(days=3 * 365), "date_to": last_day}
    now = datetime.datetime.now(datetime.UTC)
    kinds = {
        **bench.query_kinds(words, names),
        # the most frequent word of three characters: one trigram, or a phrase of two bigrams
        "common 3-char": next(word for word in words if len(word) == 3),
    }
    if index.common is not None:  # the slowest terms that common n-grams only leave to phrases
        for size in (3, 4):
            kinds[f"pruned {size}-char"] = slowest_pruned(index, searcher, words, size)
    cases = [
        (kind, text, filters, label, order)
        for kind, text in kinds.items()
        for filters, label in [({}, "all dates"), (three_years, "last 3 years")]
        for order in ("relevance", "date")
    ]
    engines = {"tantivy": tantivy_search(index, now)}
    if options.postgres:
        engines = {"postgres": postgres_search(), **engines}
    if options.postgres or options.page:
        engines["tantivy+page"] = page_search(index, now)
    timings = {(name, number): [] for name in engines for number in range(len(cases))}
    found = {}
    started = time.perf_counter()
    for search in engines.values():  # one round untimed: opening the index's files
        for _, text, filters, _, order in cases:
            search(text, filters, order)
    print(f"first round (untimed): {(time.perf_counter() - started) * 1000:.0f} ms")
    for _ in range(options.repeat):  # rounds over all cases, as search.py does
        for number, (_, text, filters, _, order) in enumerate(cases):
            for name, search in engines.items():  # alternately
                started = time.perf_counter()
                found[name, number] = search(text, filters, order)
                timings[name, number].append((time.perf_counter() - started) * 1000)
    print(f"{articles:,} articles up to {last_day}; p50 / p95 in ms; counts: " + ", ".join(engines))
    for number, (kind, text, _, label, order) in enumerate(cases):
        figures, counts = [], []
        for name in engines:
            times = timings[name, number]
            p50, p95 = statistics.median(times), bench._percentile(times, 0.95)
            figures.append(f"{name} {p50:6.1f} / {p95:6.1f}")
            counts.append(found[name, number])
        print(
            f"{kind:17} {text:14} {label:12} {order:9} "
            f"{' = '.join(f'{count:,}' for count in counts):>18}  " + "  ".join(figures)
        )


def slowest_pruned(index, searcher, words, size: int) -> str:
    """The `size`-character window of a vocabulary word that has no posting list of its own
    (a bigram in it is not common) and whose phrase is led by the longest posting list: its
    rarest bigram is the most frequent of all such windows'."""
    from articles.search.postgres import windows

    frequency = functools.cache(lambda bigram: searcher.doc_freq("text", bigram))
    pruned = sorted(window for window in set(windows(words, size)) if not index.is_indexed(window))
    return max(pruned, key=lambda window: min(map(frequency, windows([window], 2))))


def tantivy_search(index, now):
    from articles.search import parse_query

    def search(text, filters, order):
        return index.search(parse_query(text), order=order, visible_at=now, **filters).count

    return search


def page_search(index, now):
    """Tantivy, then the page's articles and snippets loaded from PostgreSQL as the engine does
    (engine._hits()): what a search page would wait for."""
    from articles.models import Article
    from articles.search import engine, parse_query

    articles = Article.objects.published().with_listing_data().with_printed_photos()

    def search(text, filters, order):
        query = parse_query(text)
        found = index.search(query, order=order, visible_at=now, **filters)
        engine._hits(articles, found.ids, {}, query)
        return found.count

    return search


def postgres_search():
    """search_articles() on the database search.py loaded (BENCH_SEARCH_DB)."""
    from articles.search import SearchFilters, search_articles

    def search(text, filters, order):
        return search_articles(text, filters=SearchFilters(**filters), order=order).count

    return search


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--length", choices=bench.LENGTHS, default="real")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=1, help="Tantivy's indexing threads")
    parser.add_argument(
        "--heap",
        type=int,
        help="the writer's memory per indexing thread, MB (the prototype's WRITER_HEAP unless "
        "given; more: fewer segments to merge)",
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--distinct",
        type=int,
        help="generate this many articles and index their texts again under later ids and "
        "dates up to --articles (generating is most of the time; the index is then a little "
        "smaller than one of as many distinct texts: fewer rare terms)",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="time search_articles() on search.py's database (BENCH_SEARCH_DB, the same "
        "--articles and --length) alternately, and Tantivy with the page's articles loaded",
    )
    parser.add_argument(
        "--page",
        action="store_true",
        help="also time Tantivy with the page's articles loaded from the database "
        "(BENCH_SEARCH_DB: any archive with articles of those ids, e.g. api_pagination.py's)",
    )
    parser.add_argument(
        "--ngrams",
        choices=NGRAM_FIELDS,
        default="both",
        help="the n-gram fields: trigrams and four-grams (the prototype's default), four-grams "
        "alone (a three-character term is then a phrase of two bigrams), or none",
    )
    parser.add_argument(
        "--query-ngrams",
        choices=NGRAM_FIELDS,
        help="search with only these of the index's n-gram fields (--ngrams fourgrams's "
        "queries, timed on an index built with both)",
    )
    parser.add_argument(
        "--common-share",
        type=float,
        help="keep only the n-grams whose every bigram is in this share of the distinct texts "
        "or more (tantivy_index.COMMON_SHARE is 0.05); the others are searched as phrases",
    )
    parser.add_argument("--path", type=Path, help="the index directory")
    parser.add_argument("--skip-build", action="store_true", help="measure the built index")
    options = parser.parse_args()
    path = options.path or ROOT / "benchmarks" / "data" / (
        f"tantivy-{options.length}-{options.articles}-{options.ngrams}"
        + (f"-common{options.common_share}" if options.common_share else "")
    )

    import django

    django.setup()
    words, names = bench.vocabulary()
    if not options.skip_build:
        build(options, words, names, path)
    measure(options, words, names, path)


if __name__ == "__main__":
    main()
