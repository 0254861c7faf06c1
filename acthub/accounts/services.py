"""Account operations shared by the command line and (later) the staff pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acthub.accounts.choices import Role
from acthub.accounts.models import User
from acthub.audit.context import acting
from acthub.core.models import Country


@transaction.atomic
def create_user(
    username: str,
    *,
    role: str,
    password: str,
    country_codes: Iterable[str] = (),
    acting_user: Any = None,
    via: str = "adduser",
) -> User:
    """Create a user with a role and country scope; raises ValidationError naming the bad field."""
    if role not in Role.values:
        raise ValidationError(
            {
                "role": _("Unknown role %(role)s; use one of %(roles)s.")
                % {"role": role, "roles": ", ".join(Role.values)}
            }
        )
    codes = [c.strip().upper() for c in country_codes if c.strip()]
    countries = list(Country.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {c.code for c in countries})
    if unknown:
        raise ValidationError({"countries": _("Unknown country code(s): %(codes)s.") % {"codes": ", ".join(unknown)}})
    if role == Role.COUNTRY_OFFICER and not countries:
        raise ValidationError({"countries": _("A country officer needs at least one country.")})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("A user named %(name)s already exists.") % {"name": username}})
    user = User(username=username, role=role)
    validate_password(password, user)
    user.set_password(password)
    with acting(acting_user, via=via):
        user.full_clean(exclude=["password"])
        user.save()
        user.countries.set(countries)
    return user
