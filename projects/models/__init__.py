from projects.models.programmes import Programme, ProgrammeBasis, ProgrammeTarget
from projects.models.sectors import Sector, SectorOrientation
from projects.models.proposals import BudgetLine, Project
from projects.models.plan import PlanTask
from projects.models.events import ProjectEvent
from projects.models.imports import ImportRecord

__all__ = [
    "BudgetLine",
    "ImportRecord",
    "PlanTask",
    "Programme",
    "ProgrammeBasis",
    "ProgrammeTarget",
    "ProjectEvent",
    "Project",
    "Sector",
    "SectorOrientation",
]
