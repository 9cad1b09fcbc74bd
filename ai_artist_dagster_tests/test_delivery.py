"""Delivery in DDEX batch choreography: to the local outbox, and by SFTP to a local server,
including an upload interrupted mid-file and retried."""

import logging
from pathlib import Path

import paramiko
import pytest

from ai_artist_dagster.providers.delivery import DeliveryError, OutboxTarget, SftpSettings, SftpTarget
from ai_artist_dagster.providers.delivery.base import marker_xml
from ai_artist_dagster_tests.sftp_server import SftpState, sftp_server

BATCH = "20200306120000123"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    folder = tmp_path / "AIA-1"
    (folder / "resources").mkdir(parents=True)
    (folder / "resources" / "audio_master.wav").write_bytes(b"RIFF" + bytes(range(256)) * 2000)
    (folder / "resources" / "cover.jpg").write_bytes(b"\xff\xd8" + b"\x01" * 5000)
    (folder / "0200000000019.xml").write_text("<ern/>")
    (folder / "manifest.json").write_text("{}")
    return folder


def tree(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*")) if p.is_file()}


def expected(package: Path) -> dict[str, int]:
    """The package under batch/UPC/, plus the batch's completion marker."""
    files = {f"{BATCH}/0200000000019/{k}": v for k, v in tree(package).items()}
    return files | {f"{BATCH}/BatchComplete_{BATCH}.xml": len(marker_xml(BATCH, ["0200000000019"]))}


def test_outbox_batch_layout_and_idempotence(package, tmp_path):
    outbox = OutboxTarget(tmp_path / "outbox")
    first = outbox.deliver(BATCH, "0200000000019", package)
    second = outbox.deliver(BATCH, "0200000000019", package)
    assert tree(tmp_path / "outbox") == expected(package)
    assert not first.already_delivered and second.already_delivered and first.files == 4
    master = tmp_path / "outbox" / BATCH / "0200000000019" / "resources" / "audio_master.wav"
    assert master.stat().st_ino == (package / "resources" / "audio_master.wav").stat().st_ino  # no third copy


def test_sftp_delivery_with_password(package, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    state = SftpState(root=tmp_path / "remote")
    (state.root / "inbox").mkdir(parents=True)
    with sftp_server(state) as port:
        settings = SftpSettings(
            host="127.0.0.1", port=port, user=state.user, password=state.password, remote_dir="inbox"
        )
        receipt = SftpTarget(settings).deliver(BATCH, "0200000000019", package)
        again = SftpTarget(settings).deliver(BATCH, "0200000000019", package)
    assert tree(state.root / "inbox") == expected(package)
    assert receipt.attempts == 1 and again.already_delivered and state.password not in receipt.target
    assert state.password not in caplog.text


def test_sftp_upload_interrupted_mid_file_is_resumed(package, tmp_path):
    state = SftpState(root=tmp_path / "remote", drop_after_bytes=200_000)  # inside the WAV
    state.root.mkdir()
    with sftp_server(state) as port:
        settings = SftpSettings(host="127.0.0.1", port=port, user=state.user, password=state.password, timeout_s=5)
        receipt = SftpTarget(settings, sleep=lambda _s: None).deliver(BATCH, "0200000000019", package)
    assert receipt.attempts == 2 and state.connections == 2
    assert tree(state.root) == expected(package)  # complete, no .part leftovers, marker once
    wav = state.root / BATCH / "0200000000019" / "resources" / "audio_master.wav"
    assert wav.read_bytes() == (package / "resources" / "audio_master.wav").read_bytes()


def test_sftp_key_auth_and_refused_credentials(package, tmp_path):
    key = paramiko.RSAKey.generate(1024)
    key_path = tmp_path / "id_rsa"
    key.write_private_key_file(str(key_path))
    state = SftpState(root=tmp_path / "remote", public_key=key)
    state.root.mkdir()
    with sftp_server(state) as port:
        ok = SftpSettings(host="127.0.0.1", port=port, user=state.user, key_path=str(key_path))
        assert SftpTarget(ok).deliver(BATCH, "0200000000019", package).files == 4
        bad = SftpSettings(host="127.0.0.1", port=port, user=state.user, password="wrong-password")
        with pytest.raises(DeliveryError) as err:
            SftpTarget(bad, sleep=lambda _s: None).deliver("20200306120000999", "x", package)
    assert "authentication failed" in str(err.value) and "wrong-password" not in str(err.value)
    assert not err.value.retryable and state.connections == 2  # not retried


def test_unreachable_server_is_retried_then_reported(package):
    settings = SftpSettings(host="127.0.0.1", port=9, user="u", password="p", max_attempts=3, timeout_s=1)
    sleeps = []
    with pytest.raises(DeliveryError, match="after 3 attempt"):
        SftpTarget(settings, sleep=sleeps.append).deliver(BATCH, "r", package)
    assert sleeps == [1.0, 2.0]


def test_a_release_message_id_is_reserved_before_delivery_and_never_reused(tmp_path):
    """Two concurrent reschedules sent two batches with one MessageId; a delivery whose record failed let
    the next reschedule reuse its id. The id is now recorded as `sending` first; a failed send spends it."""
    import datetime as dt

    import pytest

    from ai_artist_dagster.defs.releases.messages import ReleaseMessageError, _reserve
    from ai_artist_dagster.lib.warehouse import Warehouse, now

    wh = Warehouse(tmp_path / "w.duckdb")
    row = {"kind": "update", "release_date": dt.date(2020, 4, 3), "end_date": None, "reason": "r",
           "requested_by": "op", "target": "outbox", "batch_id": "b", "status": "sending", "created_at": now()}  # fmt: skip
    first = _reserve(wh, "AIA-1", "AIA-1-0200-U", {"release_id": "AIA-1", **row})
    assert first == "AIA-1-0200-U1"
    with pytest.raises(ReleaseMessageError, match="is being delivered"):  # one message of a release at a time
        _reserve(wh, "AIA-1", "AIA-1-0200-U", {"release_id": "AIA-1", **row})
    with wh.write() as con:
        con.execute("UPDATE release_messages SET status = 'failed' WHERE message_id = ?", [first])
    assert _reserve(wh, "AIA-1", "AIA-1-0200-U", {"release_id": "AIA-1", **row}) == "AIA-1-0200-U2"  # never U1 again
    stale = {"release_id": "AIA-2", **row, "created_at": now() - dt.timedelta(hours=2)}  # a send killed mid-way
    _reserve(wh, "AIA-2", "AIA-2-0200-T", stale)
    assert _reserve(wh, "AIA-2", "AIA-2-0200-T", {"release_id": "AIA-2", **row}) == "AIA-2-0200-T2"
