"""Audio files: WAV master, MP3 encode (ffmpeg from imageio-ffmpeg) and ID3 tags (mutagen)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import soundfile as sf
from mutagen.id3 import APIC, COMM, ID3, TBPM, TCON, TDRC, TIT2, TKEY, TPE1, TXXX

from ai_artist_dagster.lib.files import replacing


def write_wav(path: Path, audio: np.ndarray, sample_rate: int) -> Path:
    with replacing(path) as tmp:
        sf.write(str(tmp), audio, sample_rate, subtype="PCM_16", format="WAV")
    return path


def decode_audio(path: Path, sample_rate: int = 44_100) -> np.ndarray:
    """Any audio file ffmpeg reads (MP3, M4A, WAV, ...) as (samples, 2) float32 at ``sample_rate``."""
    result = subprocess.run(
        [
            *(imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-i", str(path), "-vn"),
            *("-f", "f32le", "-ac", "2", "-ar", str(sample_rate), "pipe:1"),
        ],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0 or not result.stdout:
        reason = result.stderr.decode(errors="replace").strip()[-300:] or "no audio stream"
        raise RuntimeError(f"ffmpeg could not decode {path.name}: {reason}")
    return np.frombuffer(result.stdout, dtype=np.float32).reshape(-1, 2).copy()


def encode_mp3(wav: Path, mp3: Path, bitrate: str = "192k") -> Path:
    with replacing(mp3) as tmp:
        _ffmpeg_mp3(wav, tmp, bitrate)
    return mp3


def _ffmpeg_mp3(wav: Path, tmp: Path, bitrate: str) -> None:
    result = subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-y",
            "-loglevel",
            "error",
            "-i",
            str(wav),
            "-codec:a",
            "libmp3lame",
            "-b:a",
            bitrate,
            str(tmp),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg could not encode {wav.name} to MP3: {result.stderr.strip()[-400:]}")


def _thumbnail(image_path: Path, px: int) -> bytes:
    import io

    from PIL import Image

    with Image.open(image_path) as image:
        if max(image.size) <= px:
            return image_path.read_bytes()
        small = image.convert("RGB").resize((px, px * image.height // image.width), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def tag_mp3(
    mp3: Path, *, title: str, artist: str, genre: str, year: int, bpm: int, key: str, cover: Path | None
) -> None:
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TPE1(encoding=3, text=artist))
    tags.add(TCON(encoding=3, text=genre))
    tags.add(TDRC(encoding=3, text=str(year)))
    tags.add(TBPM(encoding=3, text=str(bpm)))
    tags.add(TKEY(encoding=3, text=key))
    tags.add(TXXX(encoding=3, desc="AI_GENERATED", text="true"))
    tags.add(COMM(encoding=3, lang="eng", desc="", text="Composed and performed by an AI system (ai-artist-dagster)."))
    if cover is not None:  # players want embedded art small: the 3000 px cover travels beside the MP3
        tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover", data=_thumbnail(cover, 1000)))
    with replacing(mp3) as tmp:  # never in place: a released copy may be a hard link to this file
        shutil.copyfile(mp3, tmp)
        tags.save(str(tmp))
