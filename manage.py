#!/usr/bin/env python
"""Django's command-line utility for socaid."""
import os
import sys

# Commands that only read the code (migrations, translations) and never sign or serve anything: they run
# without a SECRET_KEY, so that a clean checkout can check its migrations as it is.
CODE_ONLY_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "makemessages", "compilemessages"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socaid.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ["SOCAID_CODE_ONLY_COMMAND"] = "1"
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
