"""The article page rendered by Django's template engine and by Jinja2, from the same context.

    DATABASE_URL=sqlite:///benchmarks/data/site/site.sqlite3 \
        .venv/bin/python benchmarks/render_engines.py [--articles 100] [--repeat 5] [--rounds 4]

A measurement for issue 20's long tail ("cheaper rendering"), not a second template language for
the site: benchmarks/jinja2/ holds a port of templates/articles/article_detail.html and what it
includes, kept here only to time it. Runs the production settings (benchmarks/site_settings.py,
page cache off, data cache on) against the demo archive. For each of --articles published
articles (every one with photos, a place on its page, corrections or figures, the rest at random)
it asks the site for the page once and keeps the context the view rendered; both
engines then render those contexts in turns (--rounds, --repeat renders each), and the script
prints the CPU per render of each engine, their ratio, and the whole request (data cached) for
scale. It first checks that the two engines write the same page for every article (whitespace
aside) and stops with the difference if they do not.
"""

import argparse
import difflib
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.production_env import page_cache_off_in_process  # noqa: E402

os.environ.update(
    page_cache_off_in_process(str(ROOT / "benchmarks" / "data" / "profile" / "static"))
)

TEMPLATE = "articles/article_detail.html"


def environment(**options):
    """The Jinja2 environment of the port: Django's URLs, static files, translations and the
    filters and tags the article page uses, as plain functions."""
    import jinja2
    from django.conf import settings
    from django.template import defaultfilters
    from django.templatetags.static import static
    from django.urls import reverse
    from django.utils import translation

    from articles.templatetags import archive

    def translate(message, **variables):
        text = translation.gettext(message)
        return text % variables if variables else text

    def translate_in(context, message, **variables):
        text = translation.pgettext(context, message)
        return text % variables if variables else text

    env = jinja2.Environment(**options)
    env.globals.update(
        url=lambda name, *args: reverse(name, args=args),
        static=static,
        _=translate,
        pgettext=translate_in,
        get_language=translation.get_language,
        languages=lambda: [translation.get_language_info(code) for code, _ in settings.LANGUAGES],
        og_image=jinja2.pass_context(
            lambda context, *candidates: archive.share_image(context["request"], *candidates)
        ),
        article_jsonld=jinja2.pass_context(archive.article_jsonld),
    )
    env.filters.update(
        date=defaultfilters.date,
        first=defaultfilters.first,
        truncatechars=defaultfilters.truncatechars,
        capfirst=defaultfilters.capfirst,
        gbt7714=archive.gbt7714,
        highwire_tags=archive.highwire_tags,
    )
    return env


def normalised(html: str) -> list[str]:
    """The page's lines with runs of whitespace made one space, blank lines dropped."""
    lines = (re.sub(r"\s+", " ", line).strip() for line in re.split(r"\n|(?=<)", html))
    return [line for line in lines if line]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100, help="distinct articles")
    parser.add_argument("--repeat", type=int, default=5, help="renders of each article a turn")
    parser.add_argument("--rounds", type=int, default=4, help="turns of each engine")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Q
    from django.template import engines
    from django.template.backends.jinja2 import Jinja2
    from django.test import Client

    from articles import views
    from articles.models import Article

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest {% static %} reads
    django_engine = engines["django"]
    jinja_engine = Jinja2(
        {
            "NAME": "jinja2",
            "DIRS": [ROOT / "benchmarks" / "jinja2"],
            "APP_DIRS": False,
            "OPTIONS": {
                "environment": "benchmarks.render_engines.environment",
                "context_processors": django_engine.engine.context_processors,
            },
        }
    )
    # The contexts the view renders, as a reader's request gives them (data cache warm).
    rendered = []
    original_render = views.render

    def keeping_render(request, template_name, context):
        rendered.append((request, context))
        return original_render(request, template_name, context)

    views.render = keeping_render
    client = Client()
    # Every article with the page's rarer parts (the demo archive has few), the rest drawn at random
    published = Article.objects.published()
    rare = published.filter(
        Q(photos__isnull=False)
        | Q(regions__isnull=False)
        | Q(corrections__isnull=False)
        | Q(observations__isnull=False)
    )
    chosen = sorted(set(rare.values_list("pk", flat=True)))[: args.articles]
    others = sorted(set(published.values_list("pk", flat=True)) - set(chosen))
    chosen += random.Random(20).sample(others, args.articles - len(chosen))
    paths = [f"/articles/{pk}/" for pk in chosen]
    for path in paths:
        assert client.get(path).status_code == 200, path
    views.render = original_render
    request_cpu = []
    for _ in range(args.rounds):
        started = time.process_time()
        for path in paths:
            client.get(path)
        request_cpu.append((time.process_time() - started) * 1000 / len(paths))

    engines_by_name = {
        "Django": django_engine.get_template(TEMPLATE),
        "Jinja2": jinja_engine.get_template(TEMPLATE),
    }
    for request, context in rendered:
        pages = {name: t.render(context, request) for name, t in engines_by_name.items()}
        if normalised(pages["Django"]) != normalised(pages["Jinja2"]):
            diff = difflib.unified_diff(
                normalised(pages["Django"]), normalised(pages["Jinja2"]), lineterm="", n=1
            )
            print(f"{request.path}: the two engines differ\n" + "\n".join(diff))
            return 1
    print(f"{len(rendered)} articles: both engines write the same page (whitespace aside)")
    shown = {
        "photos": "photos",
        "a place on the page": "regions",
        "figures": "sections",
        "corrections": "corrections",
        "related articles": "related",
    }
    print(
        "of which with "
        + ", ".join(
            f"{label} {sum(bool(context.get(key)) for _, context in rendered)}"
            for label, key in shown.items()
        )
    )

    cpu = {name: [] for name in engines_by_name}
    for _ in range(args.rounds):
        for name, template in engines_by_name.items():
            started = time.process_time()
            for request, context in rendered:
                for _ in range(args.repeat):
                    template.render(context, request)
            cpu[name].append((time.process_time() - started) * 1000 / (len(rendered) * args.repeat))
    print(f"CPU ms per render, {args.rounds} turns of {len(rendered)} × {args.repeat} renders")
    for name, values in cpu.items():
        print(f"{name:8} median {statistics.median(values):5.2f}  best {min(values):5.2f}")
    ratio = statistics.median(cpu["Jinja2"]) / statistics.median(cpu["Django"])
    print(f"Jinja2 ÷ Django: {ratio:.2f}")
    print(
        "the whole request, data cached, Django's engine: "
        f"median {statistics.median(request_cpu):5.2f}  best {min(request_cpu):5.2f} ms CPU"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
