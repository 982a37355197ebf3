from projects.models.programmes import Programme, ProgrammeBasis, ProgrammeTarget
from projects.models.sectors import Sector, SectorOrientation
from projects.models.proposals import BudgetLine, Project
from projects.models.plan import PlanTask
from projects.models.task_progress import TaskProgress
from projects.models.events import ProjectEvent
from projects.models.imports import ImportRecord
from projects.models.interests import Interest, UsdRate
from projects.models.pipeline import Agreement, CounterpartFunds, Disbursement, Pledge
from projects.models.engagements import Engagement, FollowUp

__all__ = [
    "Agreement",
    "CounterpartFunds",
    "Disbursement",
    "Engagement",
    "FollowUp",
    "Pledge",
    "BudgetLine",
    "ImportRecord",
    "Interest",
    "PlanTask",
    "Programme",
    "ProgrammeBasis",
    "ProgrammeTarget",
    "ProjectEvent",
    "Project",
    "Sector",
    "SectorOrientation",
    "TaskProgress",
    "UsdRate",
]
