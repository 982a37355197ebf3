"""A service's refusal shown on the form that called it: the one way every page puts a ValidationError raised by a
services.py function beside the fields the user typed."""
from django.core.exceptions import ValidationError


def add_service_errors(form, error):
    """Each message by its field where the form has that field, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def run_service(form, write):
    """``write(form.cleaned_data)``, its refusal shown on the form: what the service returned, or None."""
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
