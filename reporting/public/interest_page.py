"""The expression-of-interest form of a public project, and the page that says it was received.

The form is the one public page that is not cached: it carries a CSRF token (and so sets the CSRF cookie), and what
it shows back after a refusal is the reader's own typing.
"""
from django.core.exceptions import ValidationError
from django.http import Http404
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control

from partners.models import NGO
from projects.models import Project
from projects.services.interests import TooManyInterests, interest_receive, interest_sender_key
from reporting.public.interest_form import InterestForm
from reporting.public.pages import public_page
from socaid.bilingual import printed_text
from socaid.client_address import client_address


def listed_ngos():
    """The registry's NGOs a stranger may see named: the province's traditional partners and the NGOs funding a
    public project. A prospective partner, added when it wrote to the province, stays the coordinator's to know."""
    funding = Project.objects.public().filter(ngo=OuterRef("pk"))
    return NGO.objects.filter(Q(relationship=NGO.Relationship.TRADITIONAL) | Exists(funding)).only("name_original", "name", "name_en", "acronym")


@public_page(methods=("GET", "HEAD", "POST"))
def interest(request, code):
    # A completed project needs no more support: its page says what it achieved, and offers no form.
    project = get_object_or_404(Project.objects.public().exclude(status=Project.Status.COMPLETED), code=code)
    language = request.public_language
    ngos = listed_ngos()
    status = 200
    if request.method == "POST":
        form = InterestForm(request.POST, project_code=project.code, ngos=ngos)
        status = 400
        if form.is_valid():
            try:
                interest_receive(
                    project=project, **form.service_data(), language=language, sender_key=interest_sender_key(client_address(request))
                )
            except Project.DoesNotExist:  # withdrawn while the form was open
                raise Http404 from None
            except TooManyInterests as error:
                form.add_error(None, error)
                status = 429
            except ValidationError as error:  # a repetition, or what changed since the form checked it
                form.add_error(None, error)
            else:
                return redirect("public:interest_sent", lang=language, code=project.code)
    else:
        form = InterestForm(project_code=project.code, ngos=ngos)
    response = render(
        request,
        "public/interest.html",
        {"project": project, "project_name": printed_text(project, "name", language), "form": form, "started": form.token()},
        status=status,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@public_page
def interest_sent(request, code):
    project = get_object_or_404(Project.objects.public(), code=code)
    return render(request, "public/interest_sent.html", {"project": project, "project_name": printed_text(project, "name", request.public_language)})
