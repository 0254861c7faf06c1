"""Access is decided in acthub.core.access: role constants and helpers, and nowhere else (finding 13)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.http import Http404

from acthub.accounts.choices import Role
from acthub.core import access
from acthub.core.testing.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
ROLE_NAMES = {access.PARTNER, access.COUNTRY_OFFICER, access.REGIONAL_MEL, access.ADMIN}
# Call sites of the indicators engine, being refactored in its own branch (listed in the merge note);
# a file leaves this list once it calls the helpers. No file may join it.
NOT_YET_CONVERTED: set[str] = set()


def _role_literals(tree: ast.AST) -> list[int]:
    """Lines where a role name is compared: `role == "admin"`, `role in ("admin", ...)`."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and "role" in ast.unparse(node).replace(ast.unparse(node.comparators[-1]), ""):
            for side in [node.left, *node.comparators]:
                values = side.elts if isinstance(side, ast.Tuple | ast.List | ast.Set) else [side]
                if any(isinstance(v, ast.Constant) and v.value in ROLE_NAMES for v in values):
                    lines.append(node.lineno)
        value = getattr(node, "value", None) if isinstance(node, ast.Assign | ast.AnnAssign) else None
        elements = value.elts if isinstance(value, ast.Tuple | ast.List | ast.Set) else []
        if elements and all(isinstance(v, ast.Constant) and v.value in ROLE_NAMES for v in elements):
            lines.append(node.lineno)
    return lines


def test_no_module_decides_by_role_names_typed_again():
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative == "core/access.py":
            continue
        if relative in NOT_YET_CONVERTED:
            continue
        lines = _role_literals(ast.parse(path.read_text()))
        if lines:
            found[relative] = lines
    assert found == {}, f"compare against acthub.core.access's constants or helpers instead: {found}"


def test_the_choices_spell_roles_with_the_constants():
    assert {Role.PARTNER, Role.COUNTRY_OFFICER, Role.REGIONAL_MEL, Role.ADMIN} == ROLE_NAMES


@pytest.mark.django_db
def test_helpers_follow_the_roles(country_a: Any, country_b: Any, users: dict[str, Any]):
    officer, mel, admin, partner = users["officer_a"], users["mel"], users["admin"], users["partner"]
    scoped_mel = UserFactory(role=Role.REGIONAL_MEL, countries=[country_b])
    assert access.writable_country_ids(None) is None and access.writable_country_ids(admin) is None
    assert access.writable_country_ids(officer) == {country_a.pk} and access.writable_country_ids(partner) == set()
    assert access.sees_internal(officer, ["LA"]) and not access.sees_internal(officer, ["LA", "KH"])
    assert not access.sees_internal(officer, [access.REGION_PLACE]) and access.sees_internal(mel, ["REGION"])
    assert not access.sees_internal(partner, ["LA"]) and not access.sees_internal(scoped_mel, ["LA"])
    assert access.sees_every_country(mel) and not access.sees_every_country(scoped_mel)
    assert access.place_or_404(officer, "LA") == country_a and access.place_or_404(officer, "REGION") is None
    for place in ("KH", "ZZ", "not a code"):
        with pytest.raises(Http404, match="No such place"):
            access.place_or_404(officer, place)
    assert list(access.countries_to_assign(officer)) == [country_a]
    assert set(access.countries_to_assign(mel)) == {country_a, country_b}
