"""Model permissions for the Django admin: admin sistem may manage every model there.

Object-level rules for the product live in :mod:`layanan.accounts.permissions`; this backend
only answers ``user.has_perm`` (used by the admin), and only for admin sistem.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from layanan.accounts import permissions
from layanan.accounts.models import Membership


class RolePermissionBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return permissions.has_role(user_obj, Membership.Role.ADMIN_SISTEM)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return permissions.has_role(user_obj, Membership.Role.ADMIN_SISTEM)
