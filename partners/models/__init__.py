from partners.models.units import AdministrativeUnit, UnitSuccession
from partners.models.organisations import ActivityField, Membership, Organisation, OrganisationSuccession
from partners.models.ngos import NGO, NGOContact, NGORegistration, NGOSecurityOpinion

__all__ = [
    "ActivityField",
    "AdministrativeUnit",
    "Membership",
    "NGO",
    "NGOContact",
    "NGORegistration",
    "NGOSecurityOpinion",
    "Organisation",
    "OrganisationSuccession",
    "UnitSuccession",
]
