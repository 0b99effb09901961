"""Settings for the read benchmark's bare side only (``bench/reads.py``): the service's settings with a URL conf that
routes nothing but ``bench/bare_urls.py``. Never used by the service; nothing in production imports it."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
