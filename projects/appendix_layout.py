"""The appendix's table, column by column, and the three amounts a row of it carries.

The reporting app's builder, which prints the appendix, and the importer, which
reads one back (projects.imports.appendix), both follow this description, so
that a column renamed, added or moved here is printed and read the same way.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

NUMBER, TEXT, AMOUNT = "number", "text", "amount"


@dataclass(frozen=True)
class LayoutColumn:
    role: str
    label: str  # lazy: read it (str()) in the language the appendix is printed or read in
    kind: str  # NUMBER (the project's number or the sector's numeral), TEXT or AMOUNT (million VND)
    multiline: bool = False  # its paragraphs keep their line breaks; the other cells are one line
    optional: bool = False  # a short appendix leaves it out


COLUMNS = (
    LayoutColumn("number", _("No."), NUMBER),
    LayoutColumn("name", _("Project name"), TEXT),
    LayoutColumn("agency", _("Host agency"), TEXT),
    LayoutColumn("location", _("Project location"), TEXT),
    LayoutColumn("period", _("Implementation period"), TEXT),
    LayoutColumn("content", _("Project content"), TEXT, multiline=True, optional=True),
    LayoutColumn("total", _("Total project budget"), AMOUNT),
    LayoutColumn("aid_sought", _("Aid to be mobilised"), AMOUNT),
    LayoutColumn("counterpart", _("Counterpart funds from other sources"), AMOUNT),
    LayoutColumn("notes", _("Notes"), TEXT, multiline=True),
)
BY_ROLE = {column.role: column for column in COLUMNS}
AMOUNT_ROLES = tuple(column.role for column in COLUMNS if column.kind == AMOUNT)
TEXT_ROLES = tuple(column.role for column in COLUMNS if column.kind == TEXT)
MULTILINE_ROLES = frozenset(column.role for column in COLUMNS if column.multiline)


def layout_columns(*, with_content=True):
    """The columns in print order; without the optional content column when ``with_content`` is false."""
    return [column for column in COLUMNS if with_content or not column.optional]


def column_label(role):
    """The column's heading in the active language."""
    return str(BY_ROLE[role].label)


@dataclass
class Amounts:
    """A row's amounts in million VND, in the order of the amount columns; None is unknown, never zero."""

    total: Decimal | None = None
    aid_sought: Decimal | None = None
    counterpart: Decimal | None = None

    def get(self, role):
        return getattr(self, role)

    def add(self, other):
        """Sum that skips unknown amounts, as the appendix does; all unknown stays unknown."""
        for role in AMOUNT_ROLES:
            value = other.get(role)
            if value is not None:
                setattr(self, role, (self.get(role) or Decimal(0)) + value)

    def as_tuple(self):
        return tuple(self.get(role) for role in AMOUNT_ROLES)
