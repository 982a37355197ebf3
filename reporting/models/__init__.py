from reporting.models.contents import ReportAttachment, ReportLine, ReportNGO
from reporting.models.rounds import (
    AnnualReport,
    ReminderSent,
    ReportEvent,
    ReportingRound,
)

__all__ = ["AnnualReport", "ReminderSent", "ReportAttachment", "ReportEvent", "ReportLine", "ReportNGO", "ReportingRound"]
