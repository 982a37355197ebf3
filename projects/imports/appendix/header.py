"""Where an appendix's table starts: its header rows (up to three: a group heading such as "Kinh phí" over the
amounts, an English line under the Vietnamese), which column holds which role, and the header's language."""
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from projects.appendix_layout import AMOUNT_ROLES
from projects.imports.appendix.vocabulary import fold_words, number_header, role_of
from projects.imports.values import clean_text

REQUIRED = ("number", "name", *AMOUNT_ROLES)  # without these a row cannot be told apart or reconciled


@dataclass
class Column:
    role: str
    index: int  # 1-based, as openpyxl counts
    letter: str
    header: str  # the header's text, the levels of a two-level header joined by " / "


@dataclass
class Header:
    rows: tuple  # (first, last)
    columns: dict  # role -> Column
    language: str  # "vi" or "en"

    @property
    def missing(self):
        return [role for role in REQUIRED if role not in self.columns]


def read_header(ws, grid):
    """The sheet's header, or None when no row has both a number column and a project-name column."""
    top = _find_header(grid)
    if top is None:
        return None
    end = _header_end(ws, grid, top)
    columns, language = _columns(grid, top, end)
    return Header(rows=(top, end), columns=columns, language=language)


def _find_header(grid, scan=60):
    """The first row with a number column and a project-name column, or None."""
    for row in range(1, min(grid.height, scan) + 1):
        roles = [role_of(fold_words(grid.value(row, column)))[0] for column in range(1, grid.width + 1)]
        if "number" in roles and "name" in roles:
            return row
    return None


def _header_end(ws, grid, top):
    """The header's last row: the lowest row of a cell merged down from the first, or the rows below that hold
    nothing but header words (the amounts' sub-header under "Kinh phí", an English line under the Vietnamese)."""
    end = top
    for merged in ws.merged_cells.ranges:
        if merged.min_row == top and merged.max_row > top:
            end = max(end, min(merged.max_row, top + 2))
    number_column = next(
        (column for column in range(1, grid.width + 1) if role_of(fold_words(grid.value(top, column)))[0] == "number"), None
    )
    while end < min(top + 2, grid.height):
        below = end + 1
        number = fold_words(grid.own(below, number_column))
        words = [fold_words(grid.own(below, column)) for column in range(1, grid.width + 1)]
        words = [word for word in words if word]
        if not words or (number and not number_header(number)) or any(role_of(word)[0] is None for word in words):
            break
        end = below
    return end


def _columns(grid, top, end):
    """Role -> Column from the header's rows; and the header's language."""
    columns, votes = {}, {"vi": 0, "en": 0}
    for index in range(1, grid.width + 1):
        levels = []
        for row in range(top, end + 1):
            text = clean_text(grid.value(row, index))
            if text and text not in levels:
                levels.append(text)
        if not levels:
            continue
        role, language = role_of(" ".join(fold_words(level) for level in levels))
        if role is None or role in columns:
            continue
        votes[language] += 1
        columns[role] = Column(role=role, index=index, letter=get_column_letter(index), header=" / ".join(levels))
    language = "en" if votes["en"] > votes["vi"] else "vi"
    return columns, language
