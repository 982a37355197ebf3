"""One field's change as a history, a restore or an import preview shows it (templates/includes/_changes.html):
the field's label and the value before and after, each already written for the reader."""
from dataclasses import dataclass


@dataclass
class Change:
    label: str
    old: str
    new: str
