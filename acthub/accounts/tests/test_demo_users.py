import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from acthub.accounts.models import User


@pytest.mark.django_db
@override_settings(ACTHUB_DEMO_USERS_ALLOWED=True)
def test_one_user_per_role_printed(country_a):
    out = io.StringIO()
    call_command("demo_users", stdout=out)
    call_command("demo_users", stdout=io.StringIO())  # a second run changes nothing
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(
        ["partner", "country_officer", "regional_mel", "admin"]
    )
    officer = User.objects.get(username="demo-officer-la")
    assert list(officer.countries.values_list("code", flat=True)) == ["LA"]
    assert officer.check_password("Synthetic-Officer-2026")
    assert "demo-officer-la" in out.getvalue() and "Synthetic-Officer-2026" in out.getvalue()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_refuses_outside_the_local_settings_even_with_debug(country_a):
    with pytest.raises(CommandError, match="refusing"):
        call_command("demo_users", stdout=io.StringIO())
    assert not User.objects.exists()
