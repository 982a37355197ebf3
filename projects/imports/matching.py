"""Finding a sector, an agency or a unit from what a spreadsheet writes: by code, or by name without regard to
case and diacritics; when nothing matches, the closest names are offered, and when several do, they are named."""
import difflib
import functools

from socaid.text import fold


class Matcher:
    """Looks rows up by any of several texts (code, name, short name…), folded; built from one query."""

    def __init__(self, rows, *keys):
        self.rows = list(rows)
        self.index = {}
        self.names = {}
        for row in self.rows:
            for key in keys:
                value = getattr(row, key, "") or ""
                if value:
                    self.index.setdefault(match_key(value), {})[row.pk] = row
                    self.names.setdefault(match_key(value), str(value))

    def find(self, text):
        """The one row the text names; None when it names none, or several (see ``ambiguous``)."""
        found = self.index.get(match_key(text), {}) if text and str(text).strip() else {}
        return next(iter(found.values())) if len(found) == 1 else None

    def ambiguous(self, text):
        """The rows the text names when it names more than one."""
        found = self.index.get(match_key(text), {}) if text and str(text).strip() else {}
        return list(found.values()) if len(found) > 1 else []

    def suggestions(self, text, count=3):
        """The names closest to ``text``, as written in the database."""
        close = difflib.get_close_matches(match_key(text), list(self.index), n=count * 2, cutoff=0.5)
        seen, found = set(), []
        for key in close:
            name = self.names[key]
            if name not in seen:
                seen.add(name)
                found.append(name)
        return found[:count]


@functools.lru_cache(maxsize=4096, typed=True)  # a file names the same few sectors and agencies on every row
def match_key(text):
    return " ".join(fold(str(text)).split())


def not_found_message(matcher, text, what):
    """'Unknown host agency: “X”. Did you mean: A; B?' or, for a name several rows share, which ones."""
    from django.utils.translation import gettext as _

    several = matcher.ambiguous(text)
    if several:
        names = "; ".join(f"{row} ({getattr(row, 'code', row.pk)})" for row in several)
        return _("“%(text)s” names several: %(names)s. Write the code instead.") % {"text": text, "names": names}
    message = f"{what}: “{text}”." if text else f"{what}."
    close = matcher.suggestions(text) if text else []
    if close:
        message += " " + _("Did you mean: %(names)s?") % {"names": "; ".join(close)}
    return message
