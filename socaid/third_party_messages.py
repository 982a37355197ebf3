"""Messages of django-simple-history, which ships no Vietnamese catalogue, and of Django's admin where its own
Vietnamese falls short.

Listed here so that makemessages puts them in our catalogue; nothing imports this module.
"""
from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("Change history: %s"),
    gettext_noop("You may edit it again below"),
    gettext_noop("Revert %s"),
    gettext_noop("View %s"),
    gettext_noop("View history: %s"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("History"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Choose a date from the list below to revert to a previous version of this object."),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Object"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("None"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("Close"),
    ngettext_lazy("entry", "entries", 1),
    # Django's admin asks for this one as a plural, which its Vietnamese catalogue has only as two singulars.
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", 1),
]
