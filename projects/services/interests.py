"""An NGO's expression of interest in a public project, as the public form sends it."""
import datetime

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
    cannot be recovered from the database without the secret key."""
    return salted_hmac("socaid.interest.sender", address or "", algorithm="sha256").hexdigest()


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
    transaction.on_commit(lambda: interest_acknowledge(interest.pk))
    transaction.on_commit(lambda: interest_notify_coordinators(interest.pk))
    return interest
