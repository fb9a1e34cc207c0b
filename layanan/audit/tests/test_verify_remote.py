"""The standalone verifier against a live server, end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from layanan.audit import signing, verify_remote
from layanan.audit.models import SignedTreeHead
from layanan.audit.services import tree_head_publish
from layanan.audit.tests.conftest import make_events

pytestmark = pytest.mark.django_db(transaction=True)


def test_verify_remote_end_to_end(live_server, tmp_path, capsys) -> None:
    events = make_events(25)
    tree_head_publish()
    state = tmp_path / "sth.json"
    assert verify_remote.main([live_server.url, "--state", str(state)]) == 0
    saved = json.loads(state.read_text())
    assert saved["tree_size"] == 25

    events += make_events(30)
    tree_head_publish()
    import base64

    pinned = base64.b64encode(signing.public_key_raw()).decode()
    argv = [live_server.url, "--state", str(state), "--public-key", pinned]
    argv += ["--event", str(events[3].pk), "--event", str(events[40].pk)]
    assert verify_remote.main(argv) == 0
    out = capsys.readouterr().out
    assert "consistent with the earlier tree head of size 25" in out
    assert f"event {events[40].pk} is in the log at position 40" in out
    assert json.loads(state.read_text())["tree_size"] == 55

    # A rewritten history: the server now signs a different root for a bigger tree.
    previous = tmp_path / "old.json"
    old = json.loads(state.read_text())
    old["root_hash"] = "00" * 32
    previous.write_text(json.dumps(old))
    assert verify_remote.main([live_server.url, "--previous", str(previous)]) == 1
    assert "bad signature" in capsys.readouterr().err

    # A forged latest tree head is refused.
    latest = SignedTreeHead.objects.order_by("-id").first()
    SignedTreeHead.objects.filter(pk=latest.pk).update(tree_size=56)
    assert verify_remote.main([live_server.url]) == 1
    # A wrong pinned key is refused.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    SignedTreeHead.objects.filter(pk=latest.pk).update(tree_size=55)
    assert (
        verify_remote.main([live_server.url, "--public-key", base64.b64encode(other).decode()]) == 1
    )


def test_verify_remote_network_error(capsys) -> None:
    assert verify_remote.main(["http://127.0.0.1:9"]) == 2


def test_verify_remote_does_not_import_django() -> None:
    code = "import sys, layanan.audit.verify_remote; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
