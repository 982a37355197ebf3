from reporting.models.rounds import AnnualReport, ReminderSent, ReportEvent, ReportingRound

__all__ = ["AnnualReport", "ReminderSent", "ReportEvent", "ReportingRound"]
