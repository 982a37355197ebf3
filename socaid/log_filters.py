"""Filters for the console log."""
import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 403 or 404 is the portal working as meant: one line saying so, not a traceback that looks like a crash."""

    def filter(self, record):
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
