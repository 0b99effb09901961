#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Run from a checkout with neither SECRET_KEY nor DJANGO_DEBUG set (a developer's shell), manage.py works on the
    # development service that `make run` serves (DEBUG on, SQLite under var/ unless DATABASE_URL says otherwise).
    # A deployment sets SECRET_KEY, so this never applies there; DJANGO_DEBUG=0 asks for production settings.
    if "DJANGO_DEBUG" not in os.environ and not os.environ.get("SECRET_KEY"):
        os.environ["DJANGO_DEBUG"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
