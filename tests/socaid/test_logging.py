"""The console log: each line once, and a refused request as one line, not a traceback."""
import io
import logging
import logging.config
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.log import DEFAULT_LOGGING, configure_logging


@pytest.fixture
def console(settings):
    """The portal's logging as runserver sets it up with DEBUG on; every console handler writes to one buffer."""
    settings.DEBUG = True
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)
    out = io.StringIO()
    loggers = [logging.getLogger(name) for name in ("django.request", "django", "")]
    for handler in {h for logger in loggers for h in logger.handlers}:
        if type(handler) is logging.StreamHandler:  # not pytest's capture handlers, which derive from it
            handler.setStream(out)
    yield out.getvalue
    logging.config.dictConfig(DEFAULT_LOGGING)
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)


def raised(exception):
    try:
        raise exception
    except type(exception):
        return sys.exc_info()


def test_a_django_message_prints_once(console):
    logging.getLogger("django.request").error("Internal Server Error: /bank/", extra={"status_code": 500, "request": RequestFactory().get("/bank/")}, exc_info=raised(ValueError("boom")))
    err = console()
    assert err.count("Internal Server Error: /bank/") == 1
    assert err.count("Traceback") == 1  # a server error keeps its traceback


def test_a_refused_request_is_one_line(console):
    logging.getLogger("django.request").warning(
        "Forbidden (Permission denied): %s", "/reports/rounds/1/unit/2/", extra={"status_code": 403, "request": RequestFactory().get("/reports/rounds/1/unit/2/")}, exc_info=raised(PermissionDenied())
    )
    err = console()
    assert err.strip().splitlines() == ["Forbidden (Permission denied): /reports/rounds/1/unit/2/"]
