"""Object-by-object permissions: ``can(user, action, obj)``.

One small table says which roles may do which action *in the unit that owns the object*
(``obj.unit`` / ``obj.unit_id`` / ``obj.permission_unit_id``), including its sub-units. Citizens
may do the owner actions on objects they own (``obj.permission_owner_id`` / ``obj.user_id`` /
``obj.applicant_id``). Auditors read everything and never write; admin sistem may do anything.
Unknown actions are denied. Other contexts register their own actions with
:func:`register_action` at import time and call :func:`can` / :func:`require` from their
services and selectors (never only from templates). See docs/adr/0041.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from layanan.accounts.models import Membership
from layanan.accounts.selectors import unit_descendant_ids

Role = Membership.Role
STAFF_ROLES = frozenset(Role.values)
WORKING_ROLES = frozenset({Role.OPERATOR, Role.VERIFIKATOR, Role.KEPALA, Role.ADMIN_UNIT})


@dataclass(frozen=True)
class ActionRule:
    roles: frozenset[str]
    read: bool = False
    owner: bool = False  # the citizen who owns the object may do it


_RULES: dict[str, ActionRule] = {}


def register_action(
    name: str, roles: Iterable[str], *, read: bool = False, owner: bool = False
) -> None:
    """Declare (or redeclare) which unit roles may do ``name``."""
    _RULES[name] = ActionRule(roles=frozenset(str(r) for r in roles), read=read, owner=owner)


def action_rule(name: str) -> ActionRule | None:
    return _RULES.get(name)


# Generic actions every context can use.
register_action("view", STAFF_ROLES, read=True, owner=True)
register_action("export", STAFF_ROLES, read=True, owner=True)
register_action("change", WORKING_ROLES, owner=True)
register_action("process", WORKING_ROLES)
register_action("verify", {Role.VERIFIKATOR, Role.KEPALA})
register_action("approve", {Role.KEPALA})
register_action("configure", {Role.ADMIN_UNIT})
# Accounts' own actions.
register_action("staff.workspace", STAFF_ROLES, read=True)
register_action("audit.browse", {Role.AUDITOR, Role.ADMIN_SISTEM}, read=True)
register_action("admin.access", {Role.ADMIN_SISTEM})
register_action("assisted.create", {Role.OPERATOR})
register_action("assisted.view", WORKING_ROLES, read=True)
register_action("nik.verify", {Role.OPERATOR, Role.VERIFIKATOR})
# A counter tool: search citizens by full NIK. Not a "global read" (auditors use the audit log).
register_action("citizen.lookup", {Role.OPERATOR, Role.VERIFIKATOR})
register_action("mfa.reset", {Role.ADMIN_SISTEM})


def _role_units(user: Any) -> dict[str, set[int]]:
    """``{role: unit ids incl. sub-units}`` for ``user``, cached on the user object."""
    cached = getattr(user, "_layanan_role_units", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    direct: dict[str, set[int]] = {}
    for role, unit_id in Membership.objects.filter(user_id=user.pk).values_list("role", "unit_id"):
        direct.setdefault(role, set()).add(unit_id)
    result = {role: unit_descendant_ids(ids) for role, ids in direct.items()}
    user._layanan_role_units = result
    return result


def forget(user: Any) -> None:
    """Drop the cached roles of ``user`` (after its memberships change)."""
    if hasattr(user, "_layanan_role_units"):
        del user._layanan_role_units


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_staff_user(user: Any) -> bool:
    """Anyone with a role, or Django's ``is_staff``/``is_superuser`` flag."""
    if not _active(user):
        return False
    return bool(user.is_staff or user.is_superuser or _role_units(user))


def has_role(user: Any, *roles: str) -> bool:
    if not _active(user):
        return False
    units = _role_units(user)
    return any(role in units for role in roles)


def object_unit_id(obj: Any) -> int | None:
    for attr in ("permission_unit_id", "unit_id"):
        value = getattr(obj, attr, None)
        if value is not None:
            return int(value)
    if obj is not None and obj.__class__.__name__ == "OrgUnit":
        return int(obj.pk)
    return None


def object_owner_id(obj: Any) -> int | None:
    for attr in ("permission_owner_id", "user_id", "applicant_id"):
        value = getattr(obj, attr, None)
        if value is not None:
            return int(value)
    return None


def unit_ids_for(user: Any, action: str) -> set[int] | None:
    """Units where ``user`` may do ``action``; ``None`` means every unit.

    For selectors: ``qs if ids is None else qs.filter(unit_id__in=ids)``.
    """
    rule = _RULES.get(action)
    if rule is None or not _active(user):
        return set()
    if user.is_superuser:
        return None
    units = _role_units(user)
    if Role.ADMIN_SISTEM in units or (rule.read and Role.AUDITOR in units):
        return None
    ids: set[int] = set()
    for role in rule.roles:
        if role == Role.AUDITOR and not rule.read:
            continue
        ids |= units.get(role, set())
    return ids


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` do ``action`` on ``obj`` (or globally when ``obj`` is None)?"""
    rule = _RULES.get(action)
    if rule is None or not _active(user):
        return False
    if rule.owner and obj is not None and object_owner_id(obj) == user.pk:
        return True
    ids = unit_ids_for(user, action)
    if ids is None:
        return True
    if obj is None:
        return bool(ids) or any(
            role in _role_units(user) for role in rule.roles if rule.read or role != Role.AUDITOR
        )
    unit_id = object_unit_id(obj)
    return unit_id is not None and unit_id in ids


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise :class:`PermissionDenied` unless :func:`can` allows it."""
    if not can(user, action, obj):
        raise PermissionDenied(action)
