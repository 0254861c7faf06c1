"""Who may see and change what: the rules of design.md section 1, applied to any scoped model.

Roles: anonymous (the public), partner, country officer, regional MEL, admin. A record outside a user's
view does not exist for them (404); a record they may see but not change gives 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, Model, OuterRef, Q

from acthub.core.querysets import CHANGE, NOTHING, VIEW

# The roles of design.md section 1 (acthub.accounts.choices.Role holds their labels); code compares
# against these names, never against strings typed again.
PUBLIC = "public"
PARTNER = "partner"
COUNTRY_OFFICER = "country_officer"
REGIONAL_MEL = "regional_mel"
ADMIN = "admin"
STAFF = (COUNTRY_OFFICER, REGIONAL_MEL, ADMIN)
SIGNED_IN = (PARTNER, *STAFF)
REGIONAL = (REGIONAL_MEL, ADMIN)
# The pseudo-place of figures and rows about the whole region (no one country).
REGION_PLACE = "REGION"

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from acthub.accounts.models import User


def role_of(user: User | AnonymousUser | None) -> str:
    """The role name of a user; anonymous and inactive users are the public."""
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    return str(getattr(user, "role", PUBLIC))


def user_country_ids(user: User | AnonymousUser | None) -> list[int] | None:
    """The country ids a user is scoped to; None means every country."""
    role = role_of(user)
    if role not in STAFF:
        return []
    # Cached on the user object, which lives for one request: one query however many querysets.
    ids: list[int] | None = getattr(user, "_acthub_country_ids", None)
    if ids is None:
        ids = list(user.countries.values_list("pk", flat=True))  # type: ignore[union-attr]
        user._acthub_country_ids = ids  # type: ignore[union-attr]
    if role in REGIONAL:
        return ids or None
    return ids


def _scope_q(model: type[Model], country_ids: list[int]) -> Q:
    path = getattr(model, "scope_field", None)
    if path is None:
        return NOTHING
    if getattr(model, "scope_is_many", False):
        # A correlated EXISTS, not `pk IN (every record of these countries)`: SQLite built that whole list
        # for each query (40 ms at 100,000 resources) even when the query asked about ten records.
        return Q(Exists(model._default_manager.filter(pk=OuterRef("pk"), **{f"{path}__in": country_ids})))
    return Q(**{f"{path}__in": country_ids})


def access_q(model: type[Model], user: User | AnonymousUser | None, action: str) -> Q | None:
    """The filter a user's `action` on `model` implies; None means no restriction at all."""
    role = role_of(user)
    public_q: Q = model.public_q() if hasattr(model, "public_q") else Q()
    reference = getattr(model, "is_reference_data", False)
    if action == VIEW:
        if not public_q:  # an empty Q: every record is public (OR-ing an empty Q would drop that)
            return None
        if role in REGIONAL:
            ids = user_country_ids(user)
            return None if ids is None else public_q | _scope_q(model, ids)
        if role == COUNTRY_OFFICER:
            return public_q | _scope_q(model, user_country_ids(user) or [])
        if role == PARTNER:
            org_q: Q = model.partner_q(user) if hasattr(model, "partner_q") else NOTHING
            return public_q | org_q
        return public_q
    if action == CHANGE:
        if role == ADMIN:
            return None
        if role == REGIONAL_MEL:
            if model._meta.label == "accounts.User":
                return NOTHING
            ids = user_country_ids(user)
            return None if ids is None else _scope_q(model, ids)
        if role == COUNTRY_OFFICER and not reference:
            return _scope_q(model, user_country_ids(user) or [])
        return NOTHING
    raise ValueError(f"unknown action {action!r}")


def can(user: User | AnonymousUser | None, action: str, obj: Model) -> bool:
    """Whether `user` may perform `action` on this one record."""
    q = access_q(type(obj), user, action)
    if q is None:
        return True
    return type(obj)._default_manager.filter(q, pk=obj.pk).exists()


def can_add(user: User | AnonymousUser | None, model: type[Model]) -> bool:
    """Whether `user` may create records of `model` at all (the record's own scope is checked on save)."""
    role = role_of(user)
    if role == ADMIN:
        return True
    if role == REGIONAL_MEL:
        return model._meta.label != "accounts.User"
    if role == COUNTRY_OFFICER:
        return getattr(model, "scope_field", None) is not None and not getattr(model, "is_reference_data", False)
    return False


def in_scope_for_change(user: Any, obj: Model) -> bool:
    """Whether a new or edited record falls inside the user's country scope (checked before saving)."""
    role = role_of(user)
    if role == ADMIN:
        return True
    ids = user_country_ids(user)
    if role == REGIONAL_MEL:
        return ids is None or _record_countries(obj) <= set(ids)
    if role == COUNTRY_OFFICER:
        countries = _record_countries(obj)
        return bool(countries) and countries <= set(ids or [])
    return False


def _record_countries(obj: Model) -> set[int]:
    path = getattr(obj, "scope_field", None)
    if path is None:
        return set()
    if path == "pk":
        return {obj.pk}
    if getattr(obj, "scope_is_many", False):
        if obj.pk is None:
            return set()
        return set(obj._meta.model._default_manager.filter(pk=obj.pk).values_list(f"{path}__pk", flat=True)) - {None}
    target: Any = obj
    for part in path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return set()
    return {target.pk}


def in_record_scope(model: type[Model], user: User | AnonymousUser | None) -> Q:
    """Records of `model` inside the user's countries, for record-level listings (the records behind a figure).

    Stricter than `restrict(user, "view")`: a record the public may see is still left out when it lies
    outside the user's countries, since a listing of records is a staff tool of those countries.
    Q() (everything) for users scoped to every country.
    """
    ids = user_country_ids(user)
    if ids is None:
        return Q()
    return _scope_q(model, ids)


def described_records_q(user: User | AnonymousUser | None, *, type_field: str, id_field: str) -> Q | None:
    """Rows that describe records (a change log: content type + object id) a user may read.

    A role that sees every country reads every row (None). Anyone else reads the rows of records in
    their own countries that still exist (`access_q(..., CHANGE)`, the records they answer for):
    never another country's, and never a deleted record's, whose country can no longer be known.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    role = role_of(user)
    if role == ADMIN or (role == REGIONAL_MEL and user_country_ids(user) is None):
        return None
    if role not in (REGIONAL_MEL, COUNTRY_OFFICER):
        return NOTHING
    q = NOTHING
    for model in apps.get_models():
        if getattr(model, "scope_field", None) is None or not hasattr(model._default_manager, "restrict"):
            continue
        scope = access_q(model, user, CHANGE)
        if scope is None:
            continue
        ids = model._default_manager.filter(scope).annotate(_id=Cast("pk", CharField())).values("_id")
        ct = ContentType.objects.get_for_model(model)
        q |= Q(**{type_field: ct.pk, f"{id_field}__in": ids})
    return q


# Helpers the interfaces call instead of deciding access themselves ------------------------------------


def has_role(user: User | AnonymousUser | None, roles: Iterable[str]) -> bool:
    """Whether the user's role is one of `roles` (anonymous and inactive users are PUBLIC)."""
    return role_of(user) in tuple(roles)


def is_staff(user: User | AnonymousUser | None) -> bool:
    """Whether the user has a staff role (country officer, regional MEL, admin)."""
    return role_of(user) in STAFF


def sees_every_country(user: User | AnonymousUser | None) -> bool:
    """Whether the user is a staff member of every country (a regional role without a country list)."""
    return role_of(user) in REGIONAL and user_country_ids(user) is None


def writable_country_ids(user: User | AnonymousUser | None) -> set[int] | None:
    """The countries whose records the user may create in bulk (imports); None means every country
    and the region. The system (a command run without a user, `user=None`) may write everywhere."""
    if user is None:
        return None
    role = role_of(user)
    if role == ADMIN:
        return None
    if role in (REGIONAL_MEL, COUNTRY_OFFICER):
        ids = user_country_ids(user)
        return None if ids is None else set(ids)
    return set()


def sees_internal(user: User | AnonymousUser | None, places: Iterable[str]) -> bool:
    """Whether the user may see the non-public (internal) side of every place asked: a staff role
    whose countries include each place; the region only for a role of every country."""
    if not is_staff(user):
        return False
    ids = user_country_ids(user)
    if ids is None:
        return True
    from acthub.core.models import Country

    codes = set(Country.objects.filter(pk__in=ids).values_list("code", flat=True))
    return all(p != REGION_PLACE and p in codes for p in places)


def place_or_404(user: User | AnonymousUser | None, place: str) -> Any:
    """The Country a place code names within the user's scope (None for the region); Http404 when the
    code names no country, or one outside the user's countries, with one answer for both."""
    from django.http import Http404

    from acthub.core.models import Country

    if place == REGION_PLACE:
        return None
    country = Country.objects.filter(code=place).first() if place.isalpha() and len(place) <= 3 else None
    ids = user_country_ids(user) if is_staff(user) else []
    if country is None or (ids is not None and country.pk not in ids):
        raise Http404("No such place.")
    return country


def countries_to_assign(user: User | AnonymousUser | None) -> Any:
    """The countries a user may attach a record to: a country officer only their own."""
    from acthub.core.models import Country

    if role_of(user) == COUNTRY_OFFICER:
        return Country.objects.filter(pk__in=user_country_ids(user) or [])
    return Country.objects.all()


def visible_or_own(queryset: Any, user: User | AnonymousUser | None, *, owner_field: str = "created_by") -> Any:
    """Records the access rules show the user, and those they created themselves (their own jobs)."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    visible = queryset.model._default_manager.restrict(user, VIEW).values("pk")
    return queryset.filter(Q(pk__in=visible) | Q(**{owner_field: user}))
