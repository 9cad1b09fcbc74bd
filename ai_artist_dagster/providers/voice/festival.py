"""Festival (Debian `festival` + `festvox-us-slt-hts`): lyric lines spoken by an HTS voice, with
each word's syllables, their stress and every phone's time — what singing needs to put each
syllable on its note without a forced aligner.

One `festival` process speaks a whole song (about 0.05 s per line). Lines reach Festival only
as Scheme string literals with quotes and backslashes escaped, so no lyric can run Scheme code.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ai_artist_dagster.domain.vocals.syllables import Line, Phone, Syllable, Word, as_lyric_words

DEFAULT_VOICE = "cmu_us_slt_arctic_hts"
VOICES_DIR = Path("/usr/share/festival/voices")
TIMEOUT_S = 120


class FestivalUnavailable(RuntimeError):
    """Festival or its voice is not installed; the message says what to install."""


def available(voice: str = DEFAULT_VOICE) -> str | None:
    """None when Festival can speak with ``voice``; otherwise what is missing and how to install it."""
    if shutil.which("festival") is None:
        return "festival is not installed (apt-get install festival festvox-us-slt-hts)"
    if not any(VOICES_DIR.glob(f"*/{voice}")):
        return f"the Festival voice {voice} is not installed (apt-get install festvox-us-slt-hts)"
    return None


# Festival reads and writes bytes, not UTF-8: a curly apostrophe reached it as three bytes and came
# back in a word's name undecodable. It is sent plain ASCII; the words keep the lyric's own spelling
# (syllables.as_lyric_words).
_ASCII = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _literal(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII)).encode("ascii", "ignore").decode()
    clean = "".join(c for c in folded if c.isprintable())
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


SCRIPT = """
(voice_{voice})
(define (dump utt)
  (mapcar
    (lambda (w)
      (format t "W %s\\n" (item.name w))
      (mapcar
        (lambda (syl)
          (format t "S %s\\n" (item.feat syl "stress"))
          (mapcar (lambda (seg) (format t "P %s %f %f\\n" (item.name seg) (item.feat seg "segment_start") (item.feat seg "end")))
                  (item.daughters syl)))
        (item.daughters (item.relation w 'SylStructure))))
    (utt.relation.items utt 'Word)))
"""
LINE = """(set! utt (utt.synth (Utterance Text {text})))
(utt.save.wave utt {wav} 'riff)
(format t "L {index}\\n")
(dump utt)
"""


def speak(lines: Sequence[str], voice: str = DEFAULT_VOICE) -> list[tuple[Line, np.ndarray, int]]:
    """Each line spoken: (its words, syllables and phone times; the audio; its sample rate)."""
    import soundfile as sf

    missing = available(voice)
    if missing:
        raise FestivalUnavailable(missing)
    with tempfile.TemporaryDirectory(prefix="festival-") as tmp:
        folder = Path(tmp)
        script = SCRIPT.format(voice=voice) + "".join(
            LINE.format(text=_literal(text), wav=_literal(str(folder / f"{i}.wav")), index=i)
            for i, text in enumerate(lines)
        )
        (folder / "song.scm").write_text(script)
        try:
            done = subprocess.run(
                ["festival", "-b", str(folder / "song.scm")],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:  # the composer sings nothing then, rather than failing the piece
            raise FestivalUnavailable(f"festival did not finish {len(lines)} lines in {TIMEOUT_S} s") from None
        if done.returncode != 0:
            raise FestivalUnavailable(f"festival failed ({done.returncode}): {done.stderr.strip()[-300:]}")
        parsed = _parse(done.stdout, lines)
        out = []
        for i, line in enumerate(parsed):
            audio, sr = sf.read(folder / f"{i}.wav", dtype="float32")
            out.append((line.model_copy(update={"audio_s": len(audio) / sr}), audio, sr))
        return out


_LINE_RE = re.compile(r"^(?P<tag>[LWSP]) (?P<rest>.*)$")


def _parse(stdout: str, texts: Sequence[str]) -> list[Line]:
    lines: list[Line] = []
    for raw in stdout.splitlines():
        match = _LINE_RE.match(raw.strip())
        if not match:
            continue
        tag, rest = match["tag"], match["rest"]
        if tag == "L":
            lines.append(Line(text=texts[int(rest)], words=[]))
        elif tag == "W":
            lines[-1].words.append(Word(text=rest, syllables=[]))
        elif tag == "S":
            lines[-1].words[-1].syllables.append(Syllable(stressed=rest.strip() == "1"))
        else:
            name, start, end = rest.split()
            syl = lines[-1].words[-1].syllables[-1]
            syl.phones.append(Phone(name=name, start_s=float(start), end_s=float(end)))
            syl.text = " ".join(p.name for p in syl.phones)
    # Punctuation-only "words" have no syllables to sing.
    return [as_lyric_words(ln.model_copy(update={"words": [w for w in ln.words if w.syllables]})) for ln in lines]
