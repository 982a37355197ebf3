"""A select and inputs drawn in Python: the same HTML as Django's select.html with our select_option.html, without a template
rendered per option. The bank's filters offer some 400 options (the units above all); through the templates they
cost a list page about 20 ms. A menu kept from page to page (partners.reference) comes as RenderedChoices, escaped
once: a page then only marks the chosen option."""
from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst


def option_parts(choices):
    """(value or None, head, tail) for each piece of a select's body: an option is head + tail, with " selected"
    between them when chosen; an optgroup's markup has no value."""
    for option_value, label in choices:
        if isinstance(label, (list, tuple)):
            yield None, f'\n  <optgroup label="{escape(option_value)}">', ""
            yield from option_parts(label)
            yield None, "\n  </optgroup>", ""
        else:
            text = "" if option_value is None else str(option_value)
            # As select_option.html: every choice starts with a capital letter.
            yield text, f'\n  <option value="{escape(text)}"', f">{escape(capfirst(label))}</option>"


class RenderedChoices(BaseChoiceIterator):
    """Choices with their options written once, in the language active when made; Django keeps a choice iterator
    as it is (normalize_choices), so they reach QuickSelect unchanged."""

    def __init__(self, choices):
        self.choices = list(choices)
        self.parts = list(option_parts(self.choices))

    def __iter__(self):
        return iter(self.choices)


class LazyChoices(BaseChoiceIterator):
    """RenderedChoices made by ``make()`` when first read: a form that is applied to a list but never drawn (a
    report's filters, an export) reads no menu."""

    def __init__(self, make):
        self.make, self.made = make, None

    def rendered(self):
        if self.made is None:
            self.made = self.make()
        return self.made

    def __iter__(self):
        return iter(self.rendered())

    @property
    def parts(self):
        return self.rendered().parts


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        parts = self.choices.parts if isinstance(self.choices, (RenderedChoices, LazyChoices)) else option_parts(self.choices)
        html = [f'<select name="{escape(name)}"{html_attrs(self.build_attrs(self.attrs, attrs))}>']
        taken = False  # one option selected, the first that matches, as Django's optgroups() does
        for option_value, head, tail in parts:
            if not taken and option_value is not None and option_value in chosen:
                taken = True
                html.append(f"{head} selected{tail}")
            else:
                html.append(head + tail)
        html.append("\n</select>")
        return mark_safe("".join(html))


class QuickInput:
    """An <input> drawn in Python, as django/forms/widgets/input.html draws it: a template per field cost the
    bank's filters about a millisecond each."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        return mark_safe(f'<input type="{escape(widget["type"])}" name="{escape(name)}"{shown}{html_attrs(widget["attrs"])}>')


class QuickCheckbox(QuickInput, forms.CheckboxInput):
    pass


class QuickNumber(QuickInput, forms.NumberInput):
    pass


def html_attrs(attrs):
    """As django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name alone."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items() if value is not False
    )
