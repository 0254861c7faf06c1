"""Code lists of the indicator registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    AMOUNT = "amount", _("Amount")
    DAYS = "days", _("Days")


class Method(models.TextChoices):
    REPORTED = "reported", _("Reported aggregate")
    COMPUTED = "computed", _("Computed from records")


class Sex(models.TextChoices):
    """design.md section 3; the empty value is the total over all sexes."""

    TOTAL = "", _("All")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    ANOTHER = "another", _("Another")
    NOT_RECORDED = "not_recorded", _("Not recorded")


DISAGGREGATIONS = {"sex": Sex}
REGION = "REGION"
