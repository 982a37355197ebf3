"""A sheet's cells as the appendix reader sees them: merged ranges spread over their cells, each cell knowing whose it is."""
from projects.imports.values import clean_text, is_empty


class Grid:
    """The sheet's values with every merged range's value given to each of its cells.

    ``cell(row, column)`` is ``(value, first_row, first_column)`` of the range it
    belongs to, so that a caller can tell a value merged down from the row above
    (an agency shared by two projects) from the row's own.
    """

    def __init__(self, ws):
        self.rows = [list(values) for values in ws.iter_rows(values_only=True)]
        self.height = len(self.rows)
        # The last column holding anything: a sheet formatted to its far right edge holds no more data for it.
        self.width = max((index + 1 for values in self.rows for index, value in enumerate(values) if value is not None), default=0)
        self.rows = [values[: self.width] for values in self.rows]
        self.origin = {}
        for merged in ws.merged_cells.ranges:
            top, left = merged.min_row, merged.min_col
            value = self.rows[top - 1][left - 1] if top <= self.height and left <= len(self.rows[top - 1]) else None
            for row in range(top, min(merged.max_row, self.height) + 1):
                for column in range(left, min(merged.max_col, self.width) + 1):
                    if (row, column) == (top, left):
                        continue
                    self.origin[row, column] = (value, top, left)

    def cell(self, row, column):
        if (row, column) in self.origin:
            return self.origin[row, column]
        values = self.rows[row - 1] if 1 <= row <= self.height else []
        return (values[column - 1] if column <= len(values) else None), row, column

    def value(self, row, column):
        return self.cell(row, column)[0]

    def own(self, row, column):
        """The value unless it is merged down from a row above."""
        value, top, _left = self.cell(row, column)
        return value if top == row else None

    def top_left(self, row, column):
        """The value only in the range's first cell: an amount belongs to one row and one column."""
        value, top, left = self.cell(row, column)
        return value if (top, left) == (row, column) else None

    def texts(self, row):
        """The row's distinct texts, left to right (a title merged across the table counts once)."""
        seen = []
        for column in range(1, self.width + 1):
            text = clean_text(self.own(row, column))
            if text and text not in seen:
                seen.append(text)
        return seen

    def is_empty_row(self, row):
        return all(is_empty(self.own(row, column)) for column in range(1, self.width + 1))
