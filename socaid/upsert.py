"""Create-or-update by a stable key, saving only what differs.

Loaders call this so that loading the same data twice writes nothing: no
row and no history record.
"""
from collections import Counter


class UpsertCounts:
    def __init__(self):
        self.by_model = {}

    def add(self, model, outcome):
        self.by_model.setdefault(str(model._meta.verbose_name_plural), Counter())[outcome] += 1

    def total(self, outcome):
        return sum(counter[outcome] for counter in self.by_model.values())


class Upserter:
    """Loads records by stable key. With ``update`` off, existing records are left as users edited them."""

    def __init__(self, *, update=False, reason=""):
        self.update = update
        self.reason = reason
        self.counts = UpsertCounts()

    def __call__(self, model, lookup, values, m2m=None):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean(validate_unique=False)
            self._save(obj)
            self._set_m2m(obj, m2m)
            self.counts.add(model, "created")
            return obj
        if not self.update:
            self.counts.add(model, "unchanged")
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean(validate_unique=False)
            self._save(obj, update_fields=changed)
        m2m_changed = self._set_m2m(obj, m2m)
        self.counts.add(model, "updated" if changed or m2m_changed else "unchanged")
        return obj

    def _save(self, obj, **kwargs):
        obj._change_reason = self.reason
        obj.save(**kwargs)

    @staticmethod
    def _set_m2m(obj, m2m):
        changed = False
        for name, objects in (m2m or {}).items():
            manager = getattr(obj, name)
            if set(manager.all()) != set(objects):
                manager.set(objects)
                changed = True
        return changed
