"""The Wagtail peer of benchmarks/long_tail.py: a Wagtail 7 site serving the same articles.

Builds, once, in benchmarks/data/wagtail/ (git-ignored, never committed): a virtualenv with
Wagtail 7 and gunicorn from PyPI, a project made by `wagtail start` (its production settings:
DEBUG off, SQLite, Wagtail's default middleware), and an app `news` with a plain article page
model (kicker, title, subheadline, date, byline, body) and a template of comparable content
(the body as paragraphs, under the project's base template). Then loads the articles the long
tail measures, exported from our demo archive (same headlines and 1,500-character bodies), as
pages under the home page, and serves them with gunicorn (2 sync workers).

Used by `long_tail.py --wagtail` (which hands it the archive's environment, so this module
needs nothing from it); on its own it only builds the empty peer:

    .venv/bin/python benchmarks/wagtail_peer.py
"""

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.production_env import production_environment  # noqa: E402
from benchmarks.site_throughput import Server  # noqa: E402

PEER = ROOT / "benchmarks" / "data" / "wagtail"
SITE = PEER / "peer"
BIN = PEER / ".venv" / "bin"
REQUIREMENT = "wagtail>=7,<8"

MODELS = """
from django.db import models
from wagtail.models import Page


class ArticlePage(Page):
    kicker = models.CharField(max_length=200, blank=True)
    subheadline = models.CharField(max_length=200, blank=True)
    date = models.DateField()
    byline = models.CharField(max_length=200, blank=True)
    body = models.TextField()

    content_panels = Page.content_panels + ["kicker", "subheadline", "date", "byline", "body"]
"""

TEMPLATE = """{% extends "base.html" %}
{% block body_class %}template-articlepage{% endblock %}
{% block content %}
<article>
  {% if page.kicker %}<p class="kicker">{{ page.kicker }}</p>{% endif %}
  <h1>{{ page.title }}</h1>
  {% if page.subheadline %}<p class="subheadline">{{ page.subheadline }}</p>{% endif %}
  <p class="meta"><time datetime="{{ page.date|date:'Y-m-d' }}">{{ page.date }}</time>
    {{ page.byline }}</p>
  {{ page.body|linebreaks }}
  <p><a href="{{ page.get_parent.url }}">返回首页</a></p>
</article>
{% endblock %}
"""

LOAD = """
import json
import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from home.models import HomePage
from news.models import ArticlePage


class Command(BaseCommand):
    def handle(self, *args, **options):
        home = HomePage.objects.get()
        with transaction.atomic():
            for item in json.load(sys.stdin):
                home.add_child(instance=ArticlePage(slug=f"a{item.pop('pk')}", **item))
"""

# Our articles as the peer's pages: the same text, the byline as the page prints it.
EXPORT = """
import json, sys
from articles.models import Article
pks = [int(pk) for pk in sys.stdin.read().split()]
rows = []
for article in Article.objects.filter(pk__in=pks).prefetch_related("article_credits__person"):
    byline = " ".join(credit.person.name for credit in article.article_credits.all())
    rows.append({"pk": article.pk, "title": article.headline, "kicker": article.kicker,
                 "subheadline": article.subheadline, "date": article.issue_date.isoformat(),
                 "byline": byline, "body": article.body})
print(json.dumps(rows, ensure_ascii=False))
"""


def peer_environment() -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    env.pop("PYTHONPATH", None)
    env.update(production_environment("127.0.0.1"))
    env["DJANGO_SETTINGS_MODULE"] = "peer.settings.production"
    return env


def manage(*args, stdin: str | None = None) -> str:
    return subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=SITE,
        env=peer_environment(),
        input=stdin,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def build():
    """The virtualenv, the project and the news app, once."""
    if not (BIN / "gunicorn").exists():
        venv.create(PEER / ".venv", with_pip=True)
        pip = [str(BIN / "pip"), "install", "-q", REQUIREMENT, "gunicorn"]
        subprocess.run(pip, check=True)
    if (SITE / "manage.py").exists():
        return
    SITE.mkdir(parents=True)
    subprocess.run([str(BIN / "wagtail"), "start", "peer", str(SITE)], check=True)
    app = SITE / "news"
    (app / "templates" / "news").mkdir(parents=True)
    (app / "management" / "commands").mkdir(parents=True)
    for package in (app, app / "management", app / "management" / "commands"):
        (package / "__init__.py").write_text("")
    (app / "models.py").write_text(MODELS)
    (app / "templates" / "news" / "article_page.html").write_text(TEMPLATE)
    (app / "management" / "commands" / "load_peer_articles.py").write_text(LOAD)
    with open(SITE / "peer" / "settings" / "base.py", "a") as settings:
        settings.write('\nINSTALLED_APPS += ["news"]\n')
    # production.py reads local.py: the host, a secret and the production switches of ours
    (SITE / "peer" / "settings" / "local.py").write_text(
        "import os\n"
        'SECRET_KEY = os.environ["SECRET_KEY"]\n'
        'ALLOWED_HOSTS = ["127.0.0.1", "localhost"]\n'
        "DEBUG = False\n"
    )
    manage("makemigrations", "news", "-v0")
    manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")


def prepare(article_paths: list[str], archive_env: dict) -> list[str]:
    """Build the peer and load the articles of `article_paths` (/articles/<pk>/) into it, once,
    exported from the archive that `archive_env` points at; return the peer's addresses of the
    same articles."""
    build()
    pks = [path.strip("/").split("/")[-1] for path in article_paths]
    count = "from news.models import ArticlePage as A; print(A.objects.count())"
    if int(manage("shell", "-c", count).split()[-1]) < len(pks):
        manage("shell", "-c", "from news.models import ArticlePage as A; A.objects.all().delete()")
        exported = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", EXPORT],
            cwd=ROOT,
            env=archive_env,
            input=" ".join(pks),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
        manage("load_peer_articles", stdin=exported)
    return [f"/a{pk}/" for pk in pks]


class PeerServer(Server):
    """gunicorn (2 sync workers) serving the peer with its production settings."""

    def __init__(self):
        super().__init__(
            peer_environment(), "peer.wsgi", probe="/", gunicorn=str(BIN / "gunicorn"), cwd=SITE
        )


if __name__ == "__main__":
    build()
    print(f"Wagtail peer built in {SITE}")
