"""Finding a sector, an agency or a unit from what a spreadsheet writes: by code, or by name without regard to
case and diacritics; when nothing matches, the closest names are offered."""
import difflib

from projects.search import fold


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
                    self.index.setdefault(_key(value), row)
                    self.names.setdefault(_key(value), str(value))

    def find(self, text):
        return self.index.get(_key(text)) if text and text.strip() else None

    def suggestions(self, text, count=3):
        """The names closest to ``text``, as written in the database."""
        close = difflib.get_close_matches(_key(text), list(self.index), n=count * 2, cutoff=0.5)
        seen, found = set(), []
        for key in close:
            name = self.names[key]
            if name not in seen:
                seen.add(name)
                found.append(name)
        return found[:count]


def _key(text):
    return " ".join(fold(str(text)).split())
