"""The POST a browser sends from a unit's annual report page, built from the page's own forms."""
from django import forms
from django.utils import translation


def started(client, url):
    """What an officer does on the unit's report page the first time: start the report, then find it open."""
    assert client.post(url + "start/").status_code == 302
    return client.get(url)


def report_post(page, **changes):
    """Every field of the page as its form shows it, with ``changes`` (by HTML name) applied."""
    context = page.context
    data = {"version": context["version"]}
    with translation.override("vi"):  # the pages speak Vietnamese unless told otherwise
        for form in (context["form"], *context["lines"].forms, *context["ngos"].forms):
            for field in form:
                _put(data, field)
    for formset in (context["lines"], context["ngos"]):
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def _put(data, field):
    value = field.value()
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        data[field.html_name] = "on" if value else None
    elif value in (None, ""):
        data[field.html_name] = ""
    elif isinstance(widget, forms.Select):
        data[field.html_name] = str(value)
    else:
        data[field.html_name] = widget.format_value(value)
