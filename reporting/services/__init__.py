"""Writes of the yearly reporting round: one function per step, each checking the role and keeping the timeline."""
from reporting.services.contents import report_attach, report_detach
from reporting.services.reports import (
    report_accept,
    report_lock_for_save,
    report_reopen,
    report_return,
    report_save,
    report_start,
    report_submit,
    submission_lacks,
)
from reporting.services.rounds import (
    obliged_units,
    round_add_units,
    round_open,
    round_remove_unit,
)

__all__ = [
    "obliged_units",
    "report_accept",
    "report_attach",
    "report_detach",
    "report_lock_for_save",
    "report_reopen",
    "report_return",
    "report_save",
    "report_start",
    "report_submit",
    "round_add_units",
    "round_open",
    "round_remove_unit",
    "submission_lacks",
]
