"""``python -m bench``: run every benchmark module and print its figures.

Runs against its own PostgreSQL database (``BENCH_DATABASE_URL``, by default
``overture_bench`` on 127.0.0.1), created and migrated here, never the
application's.
"""

import os
import sys
from importlib import import_module
from urllib.parse import urlparse

MODULES = ["bench.sweep", "bench.slots"]

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/overture_bench"


def prepare_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("make bench needs PostgreSQL: set BENCH_DATABASE_URL.", file=sys.stderr)
        return 2
    prepare_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    for name in MODULES:
        for figure, value in import_module(name).run().items():
            print(f"{figure}: {value}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
