"""The expression-of-interest form an NGO fills in on a project's public page, and how it keeps robots out without
a third party: a field people never see (the honeypot), a signed time the form was shown (a robot sends at once),
and, in the service, a number of forms per address and hour."""
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from projects.models import Interest
from socaid.text import fold

SALT = "socaid.public.interest.started"
# A form left open longer than a day is shown again with a fresh time: the signature also ages.
TOKEN_MAX_AGE = 24 * 60 * 60
HONEYPOT = "website"
STARTED = "started"
MESSAGE_MAX = 5000  # characters: a letter, not a document


def fill_token(project_code, now=None):
    """The signed moment the form of ``project_code`` was shown, for its hidden field: one page load gives no
    robot a token for every project."""
    return signing.dumps([project_code, now if now is not None else time.time()], salt=SALT)


def token_time(token, project_code):
    """When the form of ``project_code`` carrying ``token`` was shown; None when the token was altered, made for
    another project or elsewhere, or is too old."""
    try:
        code, started = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):  # SignatureExpired is a BadSignature
        return None
    if code != project_code or not isinstance(started, int | float) or isinstance(started, bool):
        return None
    return started


def registry_names(ngos):
    """Every name the registry knows each NGO by, folded, to the NGO: in Vietnamese, in English, in its own
    language, as our lists print it. A name two NGOs share finds neither."""
    found = {}
    for ngo in ngos:
        labels = {ngo.name_original, ngo.name, ngo.name_en}
        for language in ("vi", "en"):
            with translation.override(language):
                labels.add(str(ngo))
        for label in filter(None, labels):
            key = fold(label)
            found[key] = ngo if found.get(key, ngo) == ngo else None
    return found


class InterestForm(forms.ModelForm):
    """What the NGO types. The registry's NGOs are offered by name as it types (a datalist, which needs no script);
    a typed name the registry knows links the interest to that NGO, another name is kept as typed."""

    support = forms.MultipleChoiceField(
        label=_("What kind of support your organisation considers"),
        choices=Interest.Support.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of support.")},
    )
    # Hidden from people and screen readers; a robot filling every field fills it.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    REQUIRED = {
        "organisation_name": _("Give the name of your organisation."),
        "country": _("Choose the country of your organisation."),
        "contact_name": _("Give the name of the person we should contact."),
        "email": _("Give an e-mail address we can answer to."),
    }

    class Meta:
        model = Interest
        fields = ["organisation_name", "country", "contact_name", "email", "support", "message"]
        labels = {"organisation_name": _("Organisation"), "country": _("Country"), "contact_name": _("Contact person"), "email": _("E-mail"), "message": _("Message")}
        help_texts = {
            "organisation_name": _("Choose it from the registry's names as you type, or write it in full."),
            "message": _("What you would like to know or propose (optional)."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": MESSAGE_MAX})}

    def __init__(self, *args, project_code, ngos, **kwargs):
        super().__init__(*args, **kwargs)
        self.project_code = project_code
        self.ngos = list(ngos)
        for name, message in self.REQUIRED.items():
            self.fields[name].error_messages["required"] = message
        self.fields["email"].error_messages["invalid"] = _("This e-mail address does not look right: please check it.")
        self.fields["organisation_name"].widget.attrs.update({"list": "registry-ngos", "autocomplete": "organization"})
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["message"].validators.append(MaxLengthValidator(MESSAGE_MAX))

    def registry_labels(self):
        """The names the datalist offers, in the reader's language, sorted."""
        return sorted({str(ngo) for ngo in self.ngos}, key=fold)

    def clean(self):
        data = super().clean()
        if self.data.get(HONEYPOT):
            raise forms.ValidationError(
                _("The form was not sent: the field marked “leave this field empty” was filled in. Please leave it empty and send again."),
                code="honeypot",
            )
        started = token_time(self.data.get(STARTED), self.project_code)
        if started is None or time.time() - started < settings.INTEREST_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly or has expired. Please wait a moment and send it again: what you typed is kept."),
                code="timing",
            )
        name = data.get("organisation_name")
        if name:
            data["organisation_name"] = " ".join(name.split())
            data["ngo"] = registry_names(self.ngos).get(fold(name))
        return data

    def token(self):
        """The time the form goes back out with: the one it came with while that is genuine, so that a reader
        correcting a field is not made to wait again; a fresh one otherwise."""
        kept = self.data.get(STARTED) if self.is_bound else None
        return kept if token_time(kept, self.project_code) is not None else fill_token(self.project_code)

    def service_data(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("organisation_name", "country", "contact_name", "email", "support", "message")} | {"ngo": data["ngo"]}
