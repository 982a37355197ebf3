"""Who may see and do what with a project of the bank: the one place every view and service asks.

The user's roles come from partners.roles; the statuses the rules speak of from projects.lifecycle.
"""
from django.core.exceptions import PermissionDenied

from partners.roles import Role, Roles, rules_of
from projects.lifecycle import CLOSED, OFFICER_ACTIONS, OFFICER_EDITABLE, PUBLIC, TRANSITIONS, Status
from projects.likely_funders import seeks_funds

# The pipeline's records (projects/services/pipeline.py) belong to projects offered to NGOs and after: no NGO pledges
# on a draft. A completed project takes no new pledge or agreement, but money paid out before its end may be
# recorded late, as its counterpart funds may.
PIPELINE_OPEN = PUBLIC - {Status.COMPLETED}
PIPELINE_MONEY = PUBLIC
# The Finance department plans the province's counterpart funds in the budget estimate (task 5 of the plan). The
# registry has no field for what a department does, so its reviewers are known by the department's name.
FINANCE_DEPARTMENT = "Sở Tài chính"


class Access(Roles):
    @property
    def can_view_bank(self):
        return self.has_role

    @property
    def can_create(self):
        return self.is_coordinator or bool(self.officer_organisations)

    def owns(self, project):
        return self.is_officer_of(project.host_agency_id)

    def can_edit(self, project):
        if project.status in CLOSED:
            return False
        return self.is_coordinator or (self.owns(project) and project.status in OFFICER_EDITABLE)

    def can_do(self, action, project):
        starts, _ = TRANSITIONS[action]
        if project.status not in starts:
            return False
        if self.is_coordinator:
            return True
        return self.owns(project) and project.status in OFFICER_ACTIONS.get(action, ())

    def allowed_actions(self, project):
        return [action for action in TRANSITIONS if self.can_do(action, project)]

    def can_give_opinion(self, project):
        return (self.is_reviewer or self.is_coordinator) and project.status not in CLOSED | {Status.DRAFT}

    def can_see_likely_funders(self, project):
        """Whom to approach for a proposal is the coordinator's work, weighed with the appraising departments. An
        officer does not read it: it draws on the registry's certificates and on other NGOs' interest."""
        return (self.is_coordinator or self.is_reviewer) and seeks_funds(project)

    def can_record_pipeline(self, project):
        """Pledges and agreements: the coordinator, who negotiates with the NGOs."""
        return self.is_coordinator and project.status in PIPELINE_OPEN

    def can_record_money(self, project):
        """Approvals and disbursements under an agreement: the coordinator."""
        return self.is_coordinator and project.status in PIPELINE_MONEY

    def can_record_counterpart(self, project):
        """Counterpart funds planned and spent: the coordinator, and the Finance department's reviewers."""
        return (self.is_coordinator or self.is_finance_reviewer) and project.status in PIPELINE_MONEY

    @property
    def is_finance_reviewer(self):
        return any(m.role == Role.REVIEWER and m.organisation.name.startswith(FINANCE_DEPARTMENT) for m in self.memberships)

    # The implementation plan's yearly progress (projects/plan_progress.py, projects/services/task_progress.py).
    @property
    def reads_whole_plan(self):
        """The coordinator, who reviews every task, and the leadership, who follow them."""
        return self.is_coordinator or self.is_leadership

    def can_record_progress(self, task, leads):
        """The unit that leads the task (or carries it on after a reform), and the coordinator on its behalf."""
        return self.is_coordinator or leads.is_member_of_lead(self.memberships, task)

    def can_read_progress(self, progress, task, leads):
        """The text: the lead unit and the coordinator always; the leadership once submitted (a draft is the unit's
        own until then)."""
        if self.can_record_progress(task, leads):
            return True
        return self.is_leadership and progress is not None and progress.state != progress.State.DRAFT

    def host_agency_choices(self, queryset):
        """Organisations the user may file projects for."""
        if self.is_coordinator:
            return queryset
        return queryset.filter(pk__in=[org.pk for org in self.officer_organisations])

    def require_bank(self):
        if not self.can_view_bank:
            raise PermissionDenied

    def require_create(self):
        if not self.can_create:
            raise PermissionDenied

    def require_edit(self, project):
        if not self.can_edit(project):
            raise PermissionDenied

    def require_action(self, action, project):
        if not self.can_do(action, project):
            raise PermissionDenied

    def require_opinion(self, project):
        if not self.can_give_opinion(project):
            raise PermissionDenied


def access_for(user) -> Access:
    return rules_of(user, Access)
