"""What an import found wrong or worth a look, pinned to the sheet, row and column where it stands."""
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet at all (the commands exit with status 2)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Issue:
    severity: str  # ERROR stops the import; WARNING is shown and the import may go on
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    @property
    def is_error(self):
        return self.severity == ERROR

    def place(self):
        """'Sheet “Danh mục”, row 12, column “Tổng vốn”' in the active language, as much as is known."""
        from django.utils.translation import gettext as _

        parts = []
        if self.sheet:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column “%(column)s”") % {"column": self.column})
        return ", ".join(parts)


class Findings:
    """Mixed into what holds ``issues``: the errors, which stop an import, apart from the warnings, which do not."""

    @property
    def errors(self):
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self):
        return [issue for issue in self.issues if not issue.is_error]
