import io

import pytest
from django.core.management import CommandError, call_command

from acthub.accounts.models import ApiToken, User
from acthub.accounts.tokens import digest, enrolment_code_matches
from acthub.audit.models import ObjectChange

PASSWORD = "a-long-synthetic-passphrase\n"


def run(*args, password=PASSWORD):
    out = io.StringIO()
    call_command("adduser", *args, stdin=io.StringIO(password), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_country_officer_with_token(country_a, country_b):
    out = run("synthetic-officer", "--role", "country_officer", "--countries", "LA,kh", "--token")
    user = User.objects.get(username="synthetic-officer")
    assert user.role == "country_officer" and user.is_staff and not user.is_superuser
    assert sorted(user.countries.values_list("code", flat=True)) == ["KH", "LA"]
    assert user.check_password(PASSWORD.strip())
    key = out.split("API token (adduser, expires ")[1].split(": ")[1].strip()
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == digest(key) and key not in token.key_hash  # stored hashed only
    assert (token.expires - token.created).days in (89, 90)
    code = out.split("valid 7 days): ")[1].splitlines()[0]
    assert enrolment_code_matches(user, code) and not enrolment_code_matches(user, "0" * 24)
    assert ObjectChange.objects.filter(object_repr="synthetic-officer", via="adduser").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "country_officer", "--countries", "ZZ"], PASSWORD, "Unknown country code(s): ZZ"),
        (["--role", "country_officer"], PASSWORD, "needs at least one country"),
        (["--role", "partner"], "short\n", "at least 12 characters"),
        (["--role", "partner"], "password1234\n", "too common"),
        (["--role", "partner"], "", "No password on standard input"),
    ],
)
def test_rejects_bad_input(country_a, args, password, message):
    with pytest.raises(CommandError) as exc:
        run("synthetic-x", *args, password=password)
    assert message in str(exc.value)
    assert not User.objects.filter(username="synthetic-x").exists()


@pytest.mark.django_db
def test_rejects_existing_username():
    run("synthetic-y", "--role", "regional_mel")
    with pytest.raises(CommandError, match="already exists"):
        run("synthetic-y", "--role", "admin")
    assert User.objects.get(username="synthetic-y").role == "regional_mel"
