"""Invariants of the stakeholder directory."""

import pytest
from django.core.exceptions import ValidationError

from acthub.core.testing.factories import OrganisationFactory, OrganisationRoleFactory

pytestmark = pytest.mark.django_db


def test_names_unique_per_country_and_among_regional(country_a, country_b):
    OrganisationFactory(name="Synthetic Court", country=country_a)
    OrganisationFactory(name="Synthetic Court", country=country_b)  # the same name elsewhere is fine
    with pytest.raises(ValidationError):
        OrganisationFactory(name="Synthetic Court", country=country_a)
    OrganisationFactory(name="Synthetic Regional Body", country=None)
    with pytest.raises(ValidationError):
        OrganisationFactory(name="Synthetic Regional Body", country=None)


def test_unknown_type_is_refused():
    with pytest.raises(ValidationError) as exc:
        OrganisationFactory(type="club")
    assert "type" in exc.value.message_dict


def test_not_its_own_parent(country_a):
    org = OrganisationFactory(country=country_a)
    org.parent = org
    with pytest.raises(ValidationError) as exc:
        org.save()
    assert "part of itself" in " ".join(exc.value.message_dict["parent"])


def test_role_unique_per_program_country_and_region(country_a):
    role = OrganisationRoleFactory(role="focal_point")
    with pytest.raises(ValidationError):
        OrganisationRoleFactory(program=role.program, organisation=role.organisation, role="focal_point")
    regional = OrganisationRoleFactory(role="key_partner", country=None)
    with pytest.raises(ValidationError):
        OrganisationRoleFactory(
            program=regional.program, organisation=regional.organisation, role="key_partner", country=None
        )
