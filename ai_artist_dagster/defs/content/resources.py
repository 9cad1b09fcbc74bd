"""Content resources: the music provider and the teaser format (with stock footage). Configured from the environment in defs/resources.py."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

import dagster as dg
from pydantic import Field

from ai_artist_dagster.lib import paths

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.providers.footage import FootageProvider
    from ai_artist_dagster.providers.instruments import Instruments
    from ai_artist_dagster.providers.music import MusicProvider
    from ai_artist_dagster.providers.voice import VoiceProvider


MusicProviderName = Literal["offline", "suno"]
VoiceName = Literal["festival", "none"]  # festival: Festival + WORLD singing (Debian festival, festvox-us-slt-hts)
InstrumentsName = Literal[
    "fluidsynth", "synth"
]  # fluidsynth: General MIDI SoundFont (Debian fluidsynth, fluid-soundfont-gm)

FootageName = Literal["none", "pexels"]  # none: generated visuals

MUSIC_PROVIDERS: tuple[str, ...] = get_args(MusicProviderName)

FOOTAGE_PROVIDERS: tuple[str, ...] = get_args(FootageName)


class MusicResource(dg.ConfigurableResource):
    """The music provider: ``offline`` (the embedded composer) or ``suno`` (a Suno-compatible HTTP
    API at ``suno_base_url``, polled until the song is ready, with the composer as fallback and a
    circuit breaker shared across runs). The key is read from ``SUNO_API_KEY`` when the provider is
    built; it never appears in config or the UI. ``voice``: who sings the composer's songs —
    ``festival`` (Festival speaks, WORLD sings; instrumental with a warning when its packages are
    missing) or ``none``. ``instruments``: who plays the band — ``fluidsynth`` (a General MIDI
    SoundFont, ``soundfont``; the numpy synths with a warning when missing) or ``synth``. See
    docs/media.md."""

    provider: MusicProviderName = "offline"
    voice: VoiceName = "festival"
    instruments: InstrumentsName = "fluidsynth"
    soundfont: str = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
    target_lufs: float = -14.0
    min_duration_s: float = 64.0
    suno_base_url: str = "http://127.0.0.1:3000"
    suno_poll_interval_s: float = Field(5.0, gt=0, allow_inf_nan=False)
    suno_job_timeout_s: float = Field(600.0, ge=1, allow_inf_nan=False)
    suno_credits_per_song: float = Field(10.0, ge=0, allow_inf_nan=False)
    suno_usd_per_credit: float = Field(0.005, ge=0, allow_inf_nan=False)
    suno_model: str = ""
    breaker_failures: int = 3  # failed songs within an hour keep the remote provider out…
    breaker_cooldown_s: float = 60.0  # …for a minute, doubling while trial songs fail, up to half an hour
    state_path: str | None = None

    def get(self) -> "MusicProvider":
        from ai_artist_dagster.providers.music import OfflineComposer, SunoProvider, SunoSettings, WithFallback
        from ai_artist_dagster.providers.sqlite_state import BreakerPolicy, SqliteState

        composer = OfflineComposer(self.singer(), self.band())
        if self.provider == "offline":
            return composer
        if self.provider != "suno":
            raise dg.Failure(
                f"unknown music provider {self.provider!r}; available: {list(MUSIC_PROVIDERS)} (AI_ARTIST_MUSIC_PROVIDER)"
            )
        key = os.environ.get("SUNO_API_KEY") or None
        suno = SunoProvider(
            SunoSettings(
                base_url=self.suno_base_url,
                api_key=key,
                poll_interval_s=self.suno_poll_interval_s,
                job_timeout_s=self.suno_job_timeout_s,
                credits_per_song=self.suno_credits_per_song,
                usd_per_credit=self.suno_usd_per_credit,
                model=self.suno_model,
            )
        )
        state = SqliteState(Path(self.state_path) if self.state_path else paths.data_dir() / "music" / "state.sqlite")
        breaker = BreakerPolicy(
            failures=self.breaker_failures, window_s=3600, cooldown_s=self.breaker_cooldown_s, max_cooldown_s=1800
        )
        return WithFallback(suno, composer, state, breaker)

    def singer(self) -> "VoiceProvider":
        """The composer's voice; without its packages an instrumental, with the reason in the piece."""
        from ai_artist_dagster.providers.voice import voice_for

        return voice_for(self.voice)

    def band(self) -> "Instruments":
        """The composer's instruments; without FluidSynth the numpy synths, with the reason in the piece."""
        from ai_artist_dagster.providers.instruments import instruments_for

        return instruments_for(self.instruments, self.soundfont)


class VideoResource(dg.ConfigurableResource):
    """Teaser format: 1080x1920 by default (what TikTok, Reels and Shorts recommend; 720x1280 renders
    ~1.6× faster), length, frame rate and x264
    preset/CRF (``veryfast`` halves the file at half the speed); ``footage``:
    ``none`` (generated visuals) or ``pexels`` (stock clips by the artist's keywords, key from
    ``PEXELS_API_KEY``; generated visuals whenever Pexels cannot deliver). See docs/media.md."""

    # H.264 in yuv420p needs even frame sizes
    width: int = Field(1080, ge=144, le=4320, multiple_of=2)
    height: int = Field(1920, ge=144, le=7680, multiple_of=2)
    fps: int = 30
    teaser_seconds: float = Field(15.0, ge=3, le=180, allow_inf_nan=False)
    preset: str = "superfast"
    crf: int = Field(23, ge=0, le=51)
    footage: FootageName = "none"
    footage_clips: int = Field(3, ge=1, le=20)
    pexels_base_url: str = "https://api.pexels.com"

    def footage_provider(self) -> "FootageProvider | None":
        """The configured footage provider, or None (generated visuals). A missing key raises
        FootageError (the teaser falls back to generated visuals); an unknown name fails the run."""
        if self.footage == "none":
            return None
        if self.footage != "pexels":
            raise dg.Failure(
                f"unknown footage provider {self.footage!r}; available: {list(FOOTAGE_PROVIDERS)} (AI_ARTIST_FOOTAGE)"
            )
        from pydantic import SecretStr

        from ai_artist_dagster.providers.footage import FootageError, PexelsFootage

        key = os.environ.get("PEXELS_API_KEY")
        if not key:
            raise FootageError(
                "auth", "AI_ARTIST_FOOTAGE=pexels needs PEXELS_API_KEY (free at https://www.pexels.com/api/)"
            )

        return PexelsFootage(SecretStr(key), base_url=self.pexels_base_url, min_width=self.width)
