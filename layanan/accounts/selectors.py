"""Reads about users, units and roles. Permission checks elsewhere build on these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from layanan.accounts.models import AssistedCitizen, CitizenProfile, Membership, OrgUnit, User
from layanan.accounts.phone import try_normalise_phone
from layanan.core.crypto import blind_index

Role = Membership.Role

# Roles that may read across every unit.
GLOBAL_READ_ROLES = frozenset({Role.ADMIN_SISTEM, Role.AUDITOR})


def unit_descendant_ids(unit_ids: Iterable[int]) -> set[int]:
    """The given units and every unit beneath them in the tree."""
    result: set[int] = set(unit_ids)
    frontier = set(result)
    while frontier:
        children = set(OrgUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
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


# --- users and citizens --------------------------------------------------------------------


def user_get_by_phone(*, phone: str) -> User | None:
    """The account whose login phone is ``phone`` (any Indonesian spelling), via blind index."""
    normalised = try_normalise_phone(phone)
    if not normalised:
        return None
    return User.objects.filter(phone_index=blind_index(normalised, purpose="phone")).first()


def profile_get(*, viewer: Any, user: User | None = None) -> CitizenProfile | None:
    """The citizen profile of ``user`` (default: the viewer), if the viewer may see it."""
    from layanan.accounts import permissions

    target = user or viewer
    if not getattr(viewer, "is_authenticated", False) or target is None:
        return None
    profile = (
        CitizenProfile.objects.filter(user_id=target.pk)
        .select_related("kecamatan", "desa", "nik_verified_unit")
        .first()
    )
    if profile is None or not permissions.can(viewer, "view", profile):
        return None
    return profile


def citizen_find_by_nik(*, viewer: Any, nik: str) -> CitizenProfile | None:
    """Exact NIK lookup for counter staff (operator/verifikator), through the blind index."""
    from layanan.accounts import permissions

    if not permissions.can(viewer, "citizen.lookup") or not nik:
        return None
    return (
        CitizenProfile.objects.filter(nik_index=blind_index(nik, purpose="nik"))
        .select_related("user")
        .first()
    )


def citizen_profile_for_staff(*, viewer: Any, pk: int) -> CitizenProfile | None:
    from layanan.accounts import permissions

    if not permissions.can(viewer, "citizen.lookup"):
        return None
    return CitizenProfile.objects.filter(pk=pk).select_related("user").first()


def assisted_list(*, viewer: Any) -> QuerySet[AssistedCitizen]:
    """Assisted-digital records the viewer may see: their units' (auditors: all)."""
    from layanan.accounts import permissions

    qs = AssistedCitizen.objects.select_related("unit", "created_by").order_by("-created_at")
    ids = permissions.unit_ids_for(viewer, "assisted.view")
    if ids is None:
        return qs
    return qs.filter(unit_id__in=ids)


def assisted_get(*, viewer: Any, pk: int) -> AssistedCitizen | None:
    """One record if the viewer may see it (staff of its unit, auditors, or its claimant)."""
    from layanan.accounts import permissions

    record = AssistedCitizen.objects.select_related("unit", "created_by").filter(pk=pk).first()
    if record is None:
        return None
    if permissions.can(viewer, "assisted.view", record) or permissions.can(viewer, "view", record):
        return record
    return None


def assisted_ids_claimed_by(user: Any) -> list[int]:
    """Ids of assisted records the citizen has claimed: other contexts use this to show the
    citizen what a counter filed for them (``Q(assisted_citizen_id__in=...)``)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(AssistedCitizen.objects.filter(claimed_by=user).values_list("id", flat=True))


def staff_memberships(*, viewer: Any) -> list[Membership]:
    if not getattr(viewer, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user_id=viewer.pk).select_related("unit").order_by("unit__name")
    )


def operator_units(*, viewer: Any) -> list[OrgUnit]:
    """Units where the viewer may create assisted records."""
    from layanan.accounts import permissions

    ids = permissions.unit_ids_for(viewer, "assisted.create")
    qs = OrgUnit.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(id__in=ids)
    return list(qs.order_by("name"))
