"""Column widths of a printed table wide enough for each column's longest word: a word is never broken inside
("Counterpar / t"), so a column narrower than one of its words would push that word over the cell's border.

Widths are estimated from Times New Roman's metrics (Liberation Serif): about half an em for a small letter or a
digit, seven tenths for a capital, a little more in bold; on the generous side, so that the estimate never falls
short of the printed word.
"""

PADDING = 5  # points: a cell's padding on both sides and its border


def word_points(word, size, bold=False):
    """The printed width of ``word`` in points, at ``size`` points."""
    ems = sum(0.72 if letter.isupper() else 0.3 if letter in " .,:;'()-" else 0.5 for letter in word)
    return ems * size * (1.06 if bold else 1.0)


def longest_word_points(texts, size, bold=False):
    """The width of the longest word of ``texts``, where a line may break (at a space or after a hyphen)."""
    words = (word for text in texts for line in str(text).split() for word in line.replace("-", "- ").split())
    return max((word_points(word, size, bold) for word in words), default=0)


def fitting_shares(hints, minimums, available):
    """Each column's share of the table's width (summing to 1): as the width ``hints`` ask, except that no column
    gets less than its ``minimums`` (points) out of the ``available`` points; the others give up what they take."""
    fixed = {}
    while True:
        free = 1 - sum(fixed.values())
        loose = {index: hint for index, hint in enumerate(hints) if index not in fixed}
        total = sum(loose.values()) or 1
        narrow = {index: minimums[index] / available for index, hint in loose.items() if free * hint / total * available < minimums[index]}
        if not narrow:
            return [fixed[index] if index in fixed else free * hints[index] / total for index in range(len(hints))]
        fixed.update(narrow)
