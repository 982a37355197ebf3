"""A select drawn in Python: the same HTML as Django's select.html with our select_option.html, without a template
rendered per option. The bank's filters offer some 400 options (the units above all); through the templates
they cost a list page about 20 ms, written here well under one."""
from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        parts = [f'<select name="{escape(name)}"{html_attrs(self.build_attrs(self.attrs, attrs))}>']
        taken = False  # one option selected, the first that matches, as Django's optgroups() does

        def option(option_value, label):
            nonlocal taken
            text = "" if option_value is None else str(option_value)
            selected = not taken and text in chosen
            taken |= selected
            # As select_option.html: every choice starts with a capital letter.
            return f'\n  <option value="{escape(text)}"{" selected" if selected else ""}>{escape(capfirst(label))}</option>'

        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'\n  <optgroup label="{escape(option_value)}">')
                parts.extend(option(value_, label_) for value_, label_ in label)
                parts.append("\n  </optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def html_attrs(attrs):
    """As django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name alone."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items() if value is not False
    )
