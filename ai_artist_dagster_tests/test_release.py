import datetime as dt
from pathlib import Path

from ai_artist_dagster.domain.release import package_release, release_id_for, verify_release
from ai_artist_dagster.lib.schemas import ReleaseManifest


def _manifest(pid: str) -> ReleaseManifest:
    return ReleaseManifest(
        release_id=release_id_for(pid),
        piece_id=pid,
        artist_id="a",
        artist_name="A",
        title="T",
        release_date=dt.date(2020, 3, 6),
        genre="pop",
        files=[],
    )


def test_release_is_idempotent_and_checksummed(tmp_path: Path):
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF" + b"\x00" * 100)
    root = tmp_path / "releases"
    first, folder, created = package_release(
        root, _manifest("2020-03-06__a"), {"audio_master": audio}, {"ai_generated": True}
    )
    again, folder2, created2 = package_release(
        root, _manifest("2020-03-06__a"), {"audio_master": audio}, {"ai_generated": True}
    )
    assert created and not created2 and folder == folder2 and first == again
    assert [p.name for p in root.iterdir()] == [first.release_id]  # no staging leftovers, one release
    assert {f.role for f in first.files} == {"audio_master", "metadata"}
    assert verify_release(folder) == first


def test_tampered_release_is_detected_and_rebuilt(tmp_path: Path):
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"data")
    root = tmp_path / "releases"
    _, folder, _ = package_release(root, _manifest("p"), {"audio_master": audio}, {})
    (folder / "resources" / "audio_master.wav").write_bytes(b"truncated")
    assert verify_release(folder) is None
    _, _, created = package_release(root, _manifest("p"), {"audio_master": audio}, {})
    assert created and verify_release(folder) is not None


def test_release_ids_are_stable_and_distinct():
    assert release_id_for("2020-03-06__a") == release_id_for("2020-03-06__a")
    assert release_id_for("2020-03-06__a") != release_id_for("2020-03-07__a")


def test_a_release_holds_no_second_copy_and_keeps_its_bytes_when_the_piece_is_remade(tmp_path: Path):
    from ai_artist_dagster.lib.files import atomic_write_bytes

    audio = atomic_write_bytes(tmp_path / "piece" / "track.wav", b"RIFF" + b"\x01" * 1000)
    _, folder, _ = package_release(tmp_path / "releases", _manifest("p"), {"audio_master": audio}, {})
    master = folder / "resources" / "audio_master.wav"
    assert master.stat().st_ino == audio.stat().st_ino  # one file on disk, two names
    atomic_write_bytes(audio, b"RIFF" + b"\x02" * 1000)  # the piece is regenerated (written as every file is)
    assert verify_release(folder) is not None and master.read_bytes()[4:5] == b"\x01"


def test_where_the_filesystem_cannot_link_the_release_copies(tmp_path: Path, monkeypatch):
    import errno
    import os

    def cross_device(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF" + b"\x00" * 100)
    _, folder, _ = package_release(tmp_path / "releases", _manifest("p"), {"audio_master": audio}, {})
    master = folder / "resources" / "audio_master.wav"
    assert master.stat().st_ino != audio.stat().st_ino and master.read_bytes() == audio.read_bytes()
    assert verify_release(folder) is not None


def test_a_full_disk_leaves_no_temp_file_or_staging_folder(tmp_path: Path, monkeypatch):
    import errno

    import pytest

    from ai_artist_dagster.lib import files

    def full_disk(self, data):
        with open(self, "wb") as handle:
            handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "piece" / "lyrics.json"
    files.atomic_write_bytes(target, b"{}")
    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(OSError, match="No space"):
        files.atomic_write_bytes(target, b'{"title": "x"}' * 100)
    assert [p.name for p in target.parent.iterdir()] == ["lyrics.json"] and target.read_bytes() == b"{}"
    audio = tmp_path / "a.wav"
    with open(audio, "wb") as handle:
        handle.write(b"RIFF" + b"\x00" * 100)
    with pytest.raises(OSError, match="No space"):  # the ERN document cannot be written
        package_release(tmp_path / "releases", _manifest("p"), {"audio_master": audio}, {}, {"ern.xml": b"<ern/>"})
    assert list((tmp_path / "releases").iterdir()) == []
