#!/usr/bin/env python
"""Django's command-line utility for socaid."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socaid.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # A configuration mistake should read as one sentence, not a traceback.
    try:
        settings.INSTALLED_APPS
    except ImproperlyConfigured as exc:
        sys.exit(f"socaid: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
