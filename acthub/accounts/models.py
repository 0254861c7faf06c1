"""The user: one role, a set of countries (none = all for regional roles), an optional organisation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.accounts.choices import STAFF_ROLES, Role
from acthub.core.querysets import RestrictedQuerySet


class UserQuerySet(RestrictedQuerySet):
    pass


class UserManager(DjangoUserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def restrict(self, user: Any, action: str = "view") -> UserQuerySet:
        return self.get_queryset().restrict(user, action)


class User(AbstractUser):
    """A person who signs in. Staff roles reach the admin; the role decides everything else."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    countries = models.ManyToManyField(
        "core.Country",
        verbose_name=_("countries"),
        related_name="users",
        blank=True,
        help_text=_("A country officer sees only these countries; for regional roles, none means all."),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        related_name="users",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = UserManager()  # type: ignore[misc]

    scope_field = "countries"
    scope_is_many = True
    is_reference_data = True

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])

    def clean(self) -> None:
        super().clean()
        if self.role not in Role.values:
            raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": self.role}})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The admin site is for staff roles; superuser follows the admin role so both agree.
        self.is_staff = self.role in STAFF_ROLES
        self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """An API credential of one user, with a name and an expiry. Only its SHA-256 is stored.

    The key is shown once, when it is issued (`acthub.accounts.tokens`); a list shows the name, the
    first characters of the key, and the dates. Its owner revokes it on `/accounts/tokens/`.
    """

    user = models.ForeignKey(User, verbose_name=_("user"), related_name="api_tokens", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, to tell tokens apart."))
    key_hash = models.CharField(_("key (SHA-256)"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("first characters"), max_length=12, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class EnrolmentCode(models.Model):
    """A one-time code, given out of band, without which a first authenticator cannot be enrolled.

    A password alone must not let whoever holds it enrol their own authenticator: `adduser` prints
    this code, or an administrator issues one (user admin). Only its SHA-256 is stored.
    """

    user = models.OneToOneField(User, verbose_name=_("user"), related_name="enrolment_code", on_delete=models.CASCADE)
    code_hash = models.CharField(_("code (SHA-256)"), max_length=64, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("two-factor enrolment code")
        verbose_name_plural = _("two-factor enrolment codes")

    def __str__(self) -> str:
        return str(self.user)
