"""Search without regard to case or diacritics, the same on SQLite and PostgreSQL.

Neither database folds Vietnamese letters the same way (SQLite has no
unaccent; PostgreSQL's needs an extension), so the application writes a
folded copy of the searchable text into Project.search_text (the writing
service, projects/services/writing.py, on every save) and folds the query the
same way.
"""
import functools
import re

from django.db.models import Q

from socaid.text import fold


def words(text: str) -> list[str]:
    """Folded words, punctuation dropped: '(293 trẻ' -> ['293', 'tre']."""
    return re.sub(r"[^0-9a-z]+", " ", fold(text)).split()


def search_text_for(project) -> str:
    agency = project.host_agency
    parts = [
        project.code,
        project.name,
        project.name_en,
        project.content,
        project.content_en,
        project.location_text,
        project.location_text_en,
    ]
    # Leading and trailing spaces let a query word match the start of any word with one LIKE.
    return " " + " ".join([*words(" ".join(part for part in parts if part)), *_agency_words(agency.name, agency.short_name, agency.name_en)]) + " "


@functools.lru_cache(maxsize=1024)  # the same few agencies host thousands of projects of an import
def _agency_words(*names):
    return tuple(words(" ".join(name for name in names if name)))


def matching(query: str) -> Q:
    """Every word of the query must begin a word of the project's text: 'ho dieu' finds 'Hồ điều hòa', not 'khoa'."""
    condition = Q()
    for word in words(query):
        condition &= Q(search_text__contains=" " + word)
    return condition

