"""The country scope of every role, through the one restricted queryset."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from acthub.core.access import can
from acthub.core.services import save_record
from acthub.core.testing.factories import (
    DataValueFactory,
    IndicatorFactory,
    OrganisationFactory,
    ProjectFactory,
    StoryFactory,
)
from acthub.directory.models import Organisation
from acthub.indicators.models import DataValue
from acthub.program.models import Project, Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(country_a, country_b):
    sensitive = IndicatorFactory(code="SYN_VICTIMS", is_sensitive=True)
    return {
        "story_a": StoryFactory(country=country_a, is_published=False),
        "story_b": StoryFactory(country=country_b, is_published=False),
        "story_pub_b": StoryFactory(country=country_b),
        "org_a": OrganisationFactory(country=country_a, is_public=False),
        "org_b": OrganisationFactory(country=country_b, is_public=False),
        "org_pub_b": OrganisationFactory(country=country_b),
        "dv_a": DataValueFactory(indicator=sensitive, country=country_a),
        "dv_b": DataValueFactory(indicator=sensitive, country=country_b, program__slug="p2"),
    }


def visible(model, user):
    return set(model.objects.restrict(user, "view"))


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_public_and_partner_see_only_public(records, users, who):
    user = AnonymousUser() if who == "anonymous" else users["partner"]
    assert visible(Story, user) == {records["story_pub_b"]}
    assert visible(Organisation, user) == {records["org_pub_b"]}
    assert visible(DataValue, user) == set()


def test_partner_sees_own_organisation(records, users):
    partner = users["partner"]
    partner.organisation = records["org_b"]
    partner.save()
    assert records["org_b"] in visible(Organisation, partner)


def test_country_officer_sees_own_country_only(records, users):
    officer = users["officer_a"]
    assert visible(Story, officer) == {records["story_a"], records["story_pub_b"]}
    assert visible(Organisation, officer) == {records["org_a"], records["org_pub_b"]}
    assert visible(DataValue, officer) == {records["dv_a"]}
    assert can(officer, "change", records["story_a"])
    assert not can(officer, "change", records["story_pub_b"])


@pytest.mark.parametrize("who", ["mel", "admin"])
def test_regional_roles_see_everything(records, users, who):
    assert len(visible(Story, users[who])) == 3
    assert len(visible(DataValue, users[who])) == 2
    assert can(users[who], "change", records["story_b"])


def test_project_scope_through_many_countries(country_a, country_b, users):
    both = ProjectFactory(countries=[country_a, country_b])
    only_b = ProjectFactory(countries=[country_b])
    officer = users["officer_a"]
    assert set(Project.objects.restrict(officer, "change")) == {both}
    assert set(Project.objects.restrict(officer, "view")) == {both, only_b}  # projects are public


def test_officer_cannot_write_outside_scope(records, users, country_b):
    officer = users["officer_a"]
    story = records["story_b"]
    story.title = "changed"
    with pytest.raises(PermissionDenied):
        save_record(story, acting_user=officer)
    new = StoryFactory.build(country=country_b, program=story.program, is_published=False)
    with pytest.raises(PermissionDenied, match="outside your scope"):
        save_record(new, acting_user=officer)
    assert Story.objects.get(pk=story.pk).title != "changed"


def test_officer_cannot_change_reference_data(users, country_a):
    country_a.name = "Renamed"
    with pytest.raises(PermissionDenied):
        save_record(country_a, acting_user=users["officer_a"])


def test_partner_and_public_cannot_write(records, users):
    for user in (users["partner"], AnonymousUser()):
        with pytest.raises(PermissionDenied):
            save_record(records["story_pub_b"], acting_user=user)


def test_inactive_user_is_public(records, users):
    mel = users["mel"]
    mel.is_active = False
    mel.save()
    assert visible(Story, mel) == {records["story_pub_b"]}
