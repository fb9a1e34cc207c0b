import pytest

from layanan.audit.testing import logged_events
from layanan.privacy.tasks import nightly_retention_purge


@pytest.mark.django_db
def test_nightly_purge_runs_and_leaves_an_audit_event():
    nightly_retention_purge.call_local()
    assert logged_events().filter(action="privacy.retention_purge").exists()
