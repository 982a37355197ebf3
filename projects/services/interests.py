"""An NGO's expression of interest in a public project, as the public form sends it."""
import datetime
import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from projects.interest_mail import interest_acknowledge, interest_notify_coordinators
from projects.models import Interest, Project


class TooManyInterests(ValidationError):
    """The sender's address has sent as many forms this hour as the setting allows."""


def interest_sender_key(address):
    """The sender's address as the rate limit counts it: a keyed hash, so that the address itself is not kept and
    cannot be recovered from the database without the secret key. An IPv6 sender is counted by its /64 network,
    which one subscriber usually holds whole (counting single addresses would let it send from millions); a
    request whose address cannot be read counts as one sender of its own kind."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        counted = "unknown"
    else:
        counted = str(ipaddress.ip_network(f"{parsed}/64", strict=False)) if parsed.version == 6 else str(parsed)
    return salted_hmac("socaid.interest.sender", counted, algorithm="sha256").hexdigest()


@transaction.atomic
def interest_receive(*, project, organisation_name, country, contact_name, email, support, message="", ngo=None, language, sender_key):
    """Records what an NGO sent about ``project`` and, once saved, acknowledges it to the NGO in the language of its
    form and tells the coordinators. Raises Project.DoesNotExist when the project is no longer public (it may have
    been withdrawn while the form was open), TooManyInterests past the hourly limit of the sender's address, and
    ValidationError for a value the form should have refused."""
    # The lock makes two forms for one project wait for each other, so that neither slips under the limit beside the
    # other; across projects the limit may be passed by a form or two at once, which is all a deterrent needs.
    project = Project.objects.public().select_for_update().get(pk=project.pk)
    since = timezone.now() - datetime.timedelta(hours=1)
    if Interest.objects.filter(sender_key=sender_key, received_at__gte=since).count() >= settings.INTEREST_PER_ADDRESS_PER_HOUR:
        raise TooManyInterests(
            _("Too many expressions of interest have come from your connection in the last hour. Please try again later, or write to the project's contact."),
            code="rate_limit",
        )
    # One address receives at most one acknowledgement a day for a project: the form cannot be used to send the
    # province's mail to someone again and again.
    if Interest.objects.filter(project=project, email__iexact=email.strip(), received_at__gte=timezone.now() - datetime.timedelta(days=1)).exists():
        raise ValidationError(
            {"email": _("This e-mail address has already expressed interest in this project today; the coordinating department will answer it.")},
            code="repeated",
        )
    try:
        kinds = [Interest.Support(kind).value for kind in dict.fromkeys(support)]
    except ValueError:
        raise ValidationError({"support": _("Choose the kinds of support from the list.")}) from None
    if not kinds:
        raise ValidationError({"support": _("Choose at least one kind of support.")})
    interest = Interest(
        project=project,
        ngo=ngo,
        organisation_name=organisation_name.strip(),
        country=country,
        contact_name=contact_name.strip(),
        email=email.strip(),
        support=kinds,
        message=message.strip(),
        language=language,
        sender_key=sender_key,
    )
    interest.full_clean()
    interest.save()
    # Saved is saved: a mail server that fails must not turn the NGO's form into an error page (it would send again
    # and be refused as a repetition) nor keep the coordinators' notice from going; the failure is logged.
    transaction.on_commit(lambda: interest_acknowledge(interest.pk), robust=True)
    transaction.on_commit(lambda: interest_notify_coordinators(interest.pk), robust=True)
    return interest
