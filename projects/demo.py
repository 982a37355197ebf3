"""Demo accounts and demo NGOs, on top of the seed programme (fixtures/demo.json)."""
import datetime
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_noop

from partners.models import NGO, ActivityField, AdministrativeUnit, Membership, NGOContact, NGORegistration, Organisation
from partners.roles import ensure_role_groups
from socaid.upsert import Upserter

DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


@transaction.atomic
def load_demo(path=DEMO_FIXTURE):
    """Create what is missing; an account that exists keeps its password and settings."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    put = Upserter(update=False, reason=gettext_noop("Demo data"))
    groups = ensure_role_groups()
    User = get_user_model()
    created_users = []
    for row in data["accounts"]:
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = User(
                username=row["username"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=row["email"],
                # The admin knows no row-level rules: only coordinators and the administrator use it.
                is_staff=row.get("superuser", False) or any(m["role"] == "coordinator" for m in row["memberships"]),
                is_superuser=row.get("superuser", False),
            )
            user.set_password(data["password"])
            user.save()
            created_users.append(user.username)
            for m in row["memberships"]:
                Membership.objects.create(
                    user=user, organisation=Organisation.objects.get(code=m["organisation"]), role=m["role"]
                )
                user.groups.add(groups[m["role"]])

    fields = {f.code: f for f in ActivityField.objects.all()}
    units = {u.code: u for u in AdministrativeUnit.objects.all()}
    for row in data["ngos"]:
        ngo = put(
            NGO,
            {"code": row["code"]},
            {k: row[k] for k in ("name_original", "name", "name_en", "acronym", "kind", "country", "website", "relationship", "notes")},
            m2m={"fields": [fields[c] for c in row["fields"]], "areas": [units[c] for c in row["areas"]]},
        )
        reg = row["registration"]
        put(
            NGORegistration,
            {"kind": reg["kind"], "number": reg["number"]},
            {
                "ngo": ngo,
                "issuer": reg["issuer"],
                "issued_on": datetime.date.fromisoformat(reg["issued_on"]),
                "expires_on": datetime.date.fromisoformat(reg["expires_on"]),
            },
            m2m={"provinces": [units[c] for c in reg["provinces"]], "fields": [fields[c] for c in reg["fields"]]},
        )
        contact = row["contact"]
        put(NGOContact, {"ngo": ngo, "name": contact["name"]}, {"position": contact["position"], "email": contact["email"], "is_primary": True})
    return created_users, put
