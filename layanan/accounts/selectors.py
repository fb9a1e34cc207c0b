"""Reads about users, units and roles. Permission checks elsewhere build on these."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from layanan.accounts.models import Membership, OrgUnit, User

Role = Membership.Role

# Roles that may read across every unit.
GLOBAL_READ_ROLES = frozenset({Role.ADMIN_SISTEM, Role.AUDITOR})


def unit_descendant_ids(unit_ids: Iterable[int]) -> set[int]:
    """The given units and every unit beneath them in the tree."""
    result: set[int] = set(unit_ids)
    frontier = set(result)
    while frontier:
        children = set(
            OrgUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        frontier = children - result
        result |= children
    return result


def user_roles(user: User | None) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def user_has_global_role(user: User | None, roles: Iterable[str] = GLOBAL_READ_ROLES) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, role__in=list(roles)).exists()


def user_unit_ids(user: User | None, roles: Iterable[str] | None = None) -> set[int]:
    """Units (and their sub-units) where ``user`` holds one of ``roles`` (any role if None)."""
    if user is None or not user.is_authenticated:
        return set()
    qs = Membership.objects.filter(user=user)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return unit_descendant_ids(qs.values_list("unit_id", flat=True))


def user_has_role_in_unit(user: User | None, unit: OrgUnit, roles: Iterable[str]) -> bool:
    return unit.pk in user_unit_ids(user, roles)


def unit_list(*, active_only: bool = True) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name")


def unit_get(*, slug: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(slug=slug, is_active=True).first()
