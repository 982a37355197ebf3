from partners.models.units import AdministrativeUnit, UnitSuccession
from partners.models.organisations import ActivityField, Membership, Organisation, OrganisationSuccession
from partners.models.ngos import NGO, NGOContact, NGORegistration

__all__ = [
    "ActivityField",
    "AdministrativeUnit",
    "Membership",
    "NGO",
    "NGOContact",
    "NGORegistration",
    "Organisation",
    "OrganisationSuccession",
    "UnitSuccession",
]
