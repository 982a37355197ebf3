"""E-mail about an expression of interest, sent once it is saved: the NGO's acknowledgement, in the language it
wrote in, and the coordinators' notice, in the portal's language."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from partners.models import Membership
from projects.models import Interest
from socaid.bilingual import in_language, printed_text
from socaid.links import absolute_url


def _interest(interest_id):
    return Interest.objects.select_related("project__programme__coordinator", "project__host_agency", "ngo").get(pk=interest_id)


def _support(interest):
    return ", ".join(str(Interest.Support(kind).label) for kind in interest.support)


def public_project_url(project, language):
    return absolute_url("public:project", lang=language, code=project.code)


def staff_interest_url(interest):
    """The coordinator's page of the interest, where it is marked and linked to the registry."""
    return absolute_url("projects:interest", pk=interest.pk)


def one_line(text):
    """A subject stays on one line whatever a name holds (a line break there would be a header of its own)."""
    return " ".join(str(text).split())


def interest_acknowledge(interest_id):
    interest = _interest(interest_id)
    project, language = interest.project, interest.language
    department = project.programme.coordinator
    with translation.override(language):
        name = printed_text(project, "name", language)
        subject = one_line(_("Your expression of interest: %(project)s") % {"project": name[:80]})
        # Nothing the sender typed goes into this message: anyone may type any address into the form, and the
        # province's mail must not carry their words to it.
        body = "\n\n".join(
            part
            for part in [
                _("Thank you for your organisation's interest in the project “%(project)s”. %(department)s, which coordinates foreign NGO aid in the province, has received it and will contact you.")
                % {"project": name, "department": in_language(department, "name", language)},
                _("Support you consider: %(support)s") % {"support": _support(interest)},
                _("The project: %(url)s") % {"url": public_project_url(project, language)},
                _("This message was sent automatically; please do not answer it. To write to the province, use the contact on the project's page."),
            ]
            if part
        )
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [interest.email])


def coordinator_addresses():
    users = get_user_model().objects.filter(memberships__role=Membership.Role.COORDINATOR, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def interest_notify_coordinators(interest_id):
    interest = _interest(interest_id)
    to = coordinator_addresses()
    if not to:
        return 0
    project = interest.project
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(_("[socaid] Expression of interest: %(project)s") % {"project": project.name[:80]})
        registry = _("in the registry as %(ngo)s") % {"ngo": interest.ngo} if interest.ngo else _("not in the registry")
        body = "\n".join(
            line
            for line in [
                _("Project: %(name)s") % {"name": project.name},
                _("Organisation: %(name)s (%(registry)s)") % {"name": interest.organisation_name, "registry": registry},
                _("Country: %(country)s") % {"country": interest.country.name},
                _("Contact person: %(name)s, %(email)s") % {"name": interest.contact_name, "email": interest.email},
                _("Support considered: %(support)s") % {"support": _support(interest)},
                _("Form filled in: %(language)s") % {"language": interest.get_language_display()},
                _("Message: %(message)s") % {"message": interest.message} if interest.message else "",
                _("Open: %(path)s") % {"path": staff_interest_url(interest)},
            ]
            if line
        )
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to])
