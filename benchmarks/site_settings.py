"""Settings for benchmarks/site_throughput.py: production settings plus a trivial baseline view.

Everything comes from newsroom.settings (run with DEBUG=0); only the URLconf (to add the
baseline view), the cache (Redis, shared by the gunicorn workers as in production) and the page
cache switches (PUBLIC_PAGE_CACHE_SECONDS=0 measures pages rendered anew, with
PUBLIC_DATA_CACHE_SECONDS=0 too every request reads the database) differ.
"""

import os

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.site_urls"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"),
    },
    "template_fragments": CACHES["template_fragments"],  # noqa: F405
}
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "3600"))
PUBLIC_DATA_CACHE_SECONDS = int(os.environ.get("PUBLIC_DATA_CACHE_SECONDS", "3600"))
