from projects.models.programmes import Programme, ProgrammeBasis, ProgrammeTarget
from projects.models.sectors import Sector, SectorOrientation
from projects.models.proposals import BudgetLine, Project
from projects.models.plan import PlanTask
from projects.models.events import ProjectEvent
from projects.models.imports import ImportRecord
from projects.models.interests import Interest, UsdRate

__all__ = [
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
    "UsdRate",
]
