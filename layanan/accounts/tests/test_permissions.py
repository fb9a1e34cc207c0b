import pytest

from layanan.accounts import permissions
from layanan.accounts.models import AssistedCitizen, Membership, OrgUnit

from .conftest import staff

pytestmark = pytest.mark.django_db


class Obj:
    def __init__(self, unit=None, owner=None):
        self.unit_id = unit.pk if unit else None
        self.user_id = owner.pk if owner else None


def test_unit_roles_reach_sub_units(units, operator_x):
    desa = OrgUnit.objects.create(slug="desa-a", name="Desa A", kind="desa", parent=units["x"])
    assert permissions.can(operator_x, "process", Obj(desa))
    assert permissions.can(operator_x, "view", Obj(units["x"]))
    assert not permissions.can(operator_x, "view", Obj(units["y"]))
    assert not permissions.can(operator_x, "approve", Obj(units["x"]))


def test_auditor_reads_everything_and_writes_nothing(units, auditor):
    for unit in units.values():
        assert permissions.can(auditor, "view", Obj(unit))
        assert not permissions.can(auditor, "process", Obj(unit))
        assert not permissions.can(auditor, "change", Obj(unit))
    assert permissions.can(auditor, "audit.browse")
    assert not permissions.can(auditor, "assisted.create")
    assert permissions.unit_ids_for(auditor, "view") is None
    assert permissions.unit_ids_for(auditor, "process") == set()


def test_owner_actions_for_citizens(citizen_a, citizen_b, units):
    mine = Obj(units["x"], owner=citizen_a)
    assert permissions.can(citizen_a, "view", mine)
    assert permissions.can(citizen_a, "change", mine)
    assert not permissions.can(citizen_a, "process", mine)
    assert not permissions.can(citizen_b, "view", mine)


def test_unknown_actions_and_anonymous_are_denied(operator_x):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can(operator_x, "no.such.action")
    assert not permissions.can(AnonymousUser(), "view")


def test_admin_sistem_may_do_anything(units, admin_sistem):
    assert permissions.can(admin_sistem, "approve", Obj(units["y"]))
    assert permissions.can(admin_sistem, "mfa.reset")


def test_register_action_for_other_contexts(units, verifikator_y):
    permissions.register_action("test.sign", {Membership.Role.VERIFIKATOR})
    assert permissions.can(verifikator_y, "test.sign", Obj(units["y"]))
    assert not permissions.can(verifikator_y, "test.sign", Obj(units["x"]))


def test_claimed_assisted_record_is_visible_to_its_citizen(regions, units, operator_x, citizen_a):
    from layanan.accounts import selectors, services

    created = services.assisted_create(
        actor=operator_x, unit=units["x"], full_name="X", consent=True
    )
    assert selectors.assisted_get(viewer=citizen_a, pk=created.record.pk) is None
    AssistedCitizen.objects.filter(pk=created.record.pk).update(claimed_by=citizen_a)
    assert selectors.assisted_get(viewer=citizen_a, pk=created.record.pk) is not None
    assert selectors.assisted_ids_claimed_by(citizen_a) == [created.record.pk]
    other_staff = staff("op2@example.com", Membership.Role.OPERATOR, units["y"])
    assert selectors.assisted_get(viewer=other_staff, pk=created.record.pk) is None
