"""The assessment workflow, its permissions, and the heat map's figures from the engine on a hand-made set."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acthub.accounts.choices import Role
from acthub.actip import services as s
from acthub.actip.choices import AssessmentStatus
from acthub.actip.models import Article, Assessment, AssessmentItem
from acthub.actip.reference import load_reference
from acthub.audit.models import ObjectChange
from acthub.core.testing import factories as f
from acthub.indicators.engine import query
from acthub.indicators.registry import sync_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(country_a: Any, country_b: Any) -> None:
    for code, name in (("BN", "Brunei"), ("ID", "Indonesia"), ("MY", "Malaysia"), ("MM", "Myanmar")):
        f.CountryFactory(code=code, name=name)
    for code, name in (("PH", "Philippines"), ("SG", "Singapore"), ("TH", "Thailand"), ("VN", "Viet Nam")):
        f.CountryFactory(code=code, name=name)
    load_reference()


@pytest.fixture
def officer_b(country_b: Any) -> Any:
    return f.UserFactory(role=Role.COUNTRY_OFFICER, countries=[country_b])


def publish(assessment: Assessment, mel: Any) -> Assessment:
    s.submit(assessment, acting_user=assessment.drafted_by)
    s.accept(assessment, acting_user=mel)
    return s.publish(assessment, acting_user=mel)


def test_reference_loads_with_unconfirmed_titles(reference: None) -> None:
    assert Article.objects.count() == 31
    confirmed = list(Article.objects.filter(is_confirmed=True).values_list("number", "title"))
    assert confirmed == [
        (14, "Protection of Victims of Trafficking in Persons"),
        (16, "Law Enforcement and Prosecution"),
    ]
    assert Article.objects.get(number=5).label == "Criminalisation (title unconfirmed)"
    assert load_reference() == {"articles": 0, "ratifications": 0}  # a second load writes nothing


def test_full_workflow_is_audited(reference: None, country_a: Any, users: dict[str, Any]) -> None:
    officer, mel = users["officer_a"], users["mel"]
    draft = s.start_assessment(country_a, "2022", acting_user=officer)
    assert draft.items.count() == 31
    item = draft.items.get(article__number=14)
    s.update_item(item, acting_user=officer, status="partial", evidence="Guidelines adopted.", laws="Law on X")
    s.submit(draft, acting_user=officer)
    with pytest.raises(ValidationError):  # submitted: the officer can no longer edit
        s.update_item(item, acting_user=officer, status="full")
    s.send_back(draft, acting_user=mel, reason="Cite the guideline's decree.")
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.RETURNED and draft.comments.get().text == "Cite the guideline's decree."
    s.update_item(item, acting_user=officer, status="substantial", evidence="Decree 12/2022.")
    s.submit(draft, acting_user=officer)
    s.accept(draft, acting_user=mel)
    published = s.publish(draft, acting_user=mel)
    assert published.status == AssessmentStatus.PUBLISHED and published.published_at is not None
    statuses = [
        c.after.get("status") for c in ObjectChange.objects.filter(object_repr=str(draft)).order_by("pk") if c.after
    ]
    assert statuses == ["draft", "submitted", "returned", "submitted", "accepted", "published"]
    assert {c.user_id for c in ObjectChange.objects.filter(object_repr=str(draft))} == {officer.pk, mel.pk}


def test_another_countrys_draft_does_not_exist_and_cannot_be_touched(
    reference: None, country_a: Any, country_b: Any, users: dict[str, Any], officer_b: Any
) -> None:
    draft = s.start_assessment(country_b, "2022", acting_user=officer_b)
    officer_a = users["officer_a"]
    assert not s.visible_assessments(officer_a).filter(pk=draft.pk).exists()
    assert not AssessmentItem.objects.restrict(officer_a, "view").filter(assessment=draft).exists()
    assert not s.visible_assessments(users["partner"]).filter(pk=draft.pk).exists()
    item = draft.items.first()
    assert item is not None
    with pytest.raises(PermissionDenied):
        s.update_item(item, acting_user=officer_a, status="full")
    with pytest.raises(PermissionDenied):
        s.submit(draft, acting_user=officer_a)
    with pytest.raises(PermissionDenied):
        s.start_assessment(country_b, "2023", acting_user=officer_a)
    with pytest.raises(PermissionDenied):  # regional MEL reviews but does not draft
        s.update_item(item, acting_user=users["mel"], status="full")
    s.submit(draft, acting_user=officer_b)
    with pytest.raises(PermissionDenied):  # an officer does not review, not even their own country's
        s.accept(draft, acting_user=officer_b)
    with pytest.raises(ValidationError):  # an assessment is accepted before it is published
        s.publish(draft, acting_user=users["mel"])


def test_one_assessment_per_country_and_period(reference: None, country_a: Any, users: dict[str, Any]) -> None:
    s.start_assessment(country_a, "2022", acting_user=users["officer_a"])
    with pytest.raises(ValidationError, match="already has an assessment"):
        s.start_assessment(country_a, "2022", acting_user=users["officer_a"])


def test_heat_map_figures_from_the_engine_on_a_hand_made_set(
    reference: None, country_a: Any, country_b: Any, users: dict[str, Any], officer_b: Any
) -> None:
    sync_registry()
    mel = users["mel"]
    la = s.start_assessment(country_a, "2022", acting_user=users["officer_a"])
    kh = s.start_assessment(country_b, "2022", acting_user=officer_b)
    hand_made = {la: {5: "full", 14: "full", 16: "partial"}, kh: {5: "full", 14: "substantial", 1: "not_applicable"}}
    for assessment, statuses in hand_made.items():
        for number, status in statuses.items():
            item = assessment.items.get(article__number=number)
            s.update_item(item, acting_user=assessment.drafted_by, status=status)
        publish(assessment, mel)
    kh_draft = s.start_assessment(country_b, "2023", acting_user=officer_b)  # a draft is not counted
    s.update_item(kh_draft.items.get(article__number=5), acting_user=officer_b, status="partial")
    program = f.ProgramFactory(slug="actip-world")
    full = query(program, "ACTIP_ARTICLES_FULL", periods=["2022"], by=["place"])
    assert {c.place: c.value for c in full.cells} == {"REGION": 3, "LA": 2, "KH": 1}
    not_started = query(program, "ACTIP_ARTICLES_NOT_STARTED", periods=["2022"], by=["place"])
    assert {c.place: c.value for c in not_started.cells} == {"REGION": 31 * 2 - 6, "LA": 28, "KH": 28}
    partial = query(program, "ACTIP_ARTICLES_PARTIAL", periods=["2023"], by=["place"])
    assert all(c.value in (None, 0) for c in partial.cells)
    rows = dict(s.heat_map("2022", [country_a, country_b]))
    article_14 = Article.objects.get(number=14)
    assert [c.status for c in rows[article_14]] == ["full", "substantial"]


def test_change_between_two_periods(reference: None, country_a: Any, users: dict[str, Any]) -> None:
    officer, mel = users["officer_a"], users["mel"]
    first = s.start_assessment(country_a, "2021", acting_user=officer)
    s.update_item(first.items.get(article__number=14), acting_user=officer, status="partial")
    s.update_item(first.items.get(article__number=16), acting_user=officer, status="full")
    publish(first, mel)
    second = s.start_assessment(country_a, "2022", acting_user=officer)
    s.update_item(second.items.get(article__number=14), acting_user=officer, status="full")
    s.update_item(second.items.get(article__number=16), acting_user=officer, status="substantial")
    s.update_item(second.items.get(article__number=1), acting_user=officer, status="not_applicable")
    publish(second, mel)
    found = [(c.article.number, c.before, c.after, c.direction) for c in s.changes("2021", "2022")]
    assert found == [
        (1, "not_started", "not_applicable", "changed"),
        (14, "partial", "full", "improved"),
        (16, "full", "substantial", "regressed"),
    ]


def test_resource_links_must_be_web_addresses(reference: None, country_a: Any, users: dict[str, Any]) -> None:
    draft = s.start_assessment(country_a, "2022", acting_user=users["officer_a"])
    item = draft.items.first()
    assert item is not None
    with pytest.raises(ValidationError, match="is not a web address"):
        s.update_item(item, acting_user=users["officer_a"], status="full", resource_links="javascript:alert(1)")
