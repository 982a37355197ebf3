"""A proposal's life: the steps that move it, and the sets of statuses the rules of every app are written with.

Who may take a step is projects/access.py's question; taking it is projects/services/workflow.py's.
"""
from projects.models import Project

Status = Project.Status

# The host agency's working copies: its officers may still edit them, and only they and the coordinator see them.
OFFICER_EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
# No one edits these any more: the record is closed.
CLOSED = frozenset({Status.COMPLETED, Status.WITHDRAWN})
# Submitted and not yet funded: what the next programme takes over (a draft nobody submitted stays with its agency).
TAKEN_OVER = frozenset({Status.PROPOSED, Status.ACCEPTED, Status.PUBLISHED, Status.NEGOTIATION})
# An NGO has put money on it: committed, then approved, implemented, completed.
FUNDED = frozenset({Status.COMMITTED, Status.APPROVED, Status.IMPLEMENTING, Status.COMPLETED})
# Accepted into the bank and not withdrawn (so neither a draft nor a proposal still being appraised): what a
# published document may list, and so what the appendix prints unless its reader chooses other statuses.
PUBLISHABLE = frozenset(set(Status) - {Status.DRAFT, Status.PROPOSED, Status.RETURNED, Status.WITHDRAWN})
# What the public side shows (ProjectQuerySet.public, the one door of every public page, file and API): offered to
# NGOs and everything after it, so readers see what aid achieved as well as what is sought; never a draft, a
# proposal under appraisal, a returned or withdrawn one, nor a project accepted but not yet offered.
PUBLIC = frozenset({Status.PUBLISHED, Status.NEGOTIATION}) | FUNDED
# The projects a unit reports on in its annual report: the same ones.
REPORTED = PUBLISHABLE
# Offered to NGOs and not yet taken up by one: what a workshop for NGOs presents (the English appendix's default).
OFFERED_TO_NGOS = frozenset({Status.PUBLISHED})

# What a project in the bank can be during a year it is reported on: what a unit reports as its status in the year.
IN_A_YEAR = REPORTED | {Status.WITHDRAWN}

# action -> (statuses it starts from, status it leads to)
TRANSITIONS = {
    "submit": (OFFICER_EDITABLE, Status.PROPOSED),
    "return": (frozenset({Status.PROPOSED}), Status.RETURNED),
    "accept": (frozenset({Status.PROPOSED}), Status.ACCEPTED),
    "publish": (frozenset({Status.ACCEPTED}), Status.PUBLISHED),
    "negotiate": (frozenset({Status.PUBLISHED}), Status.NEGOTIATION),
    "commit": (frozenset({Status.PUBLISHED, Status.NEGOTIATION}), Status.COMMITTED),
    "approve": (frozenset({Status.COMMITTED}), Status.APPROVED),
    "implement": (frozenset({Status.APPROVED}), Status.IMPLEMENTING),
    "complete": (frozenset({Status.IMPLEMENTING}), Status.COMPLETED),
    "withdraw": (frozenset(set(Status) - CLOSED), Status.WITHDRAWN),
}
# Officers submit their own proposals and may withdraw them until the coordinator accepts one.
OFFICER_ACTIONS = {"submit": OFFICER_EDITABLE, "withdraw": OFFICER_EDITABLE | {Status.PROPOSED}}
