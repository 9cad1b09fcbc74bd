"""Small PNG plots for asset metadata (waveforms, spectrograms, bar charts) as markdown images."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads with the first plot, not with the code location
    import numpy as np

SPECTROGRAM_COLUMNS = 800  # frames drawn across a track's spectrogram


def _figure(width: float = 7.0, height: float = 2.2):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt, plt.figure(figsize=(width, height), dpi=80)


def _png(plt, fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def markdown_image(png: bytes, alt: str) -> str:
    return f"![{alt}](data:image/png;base64,{base64.b64encode(png).decode()})"


def waveform_and_spectrogram_png(audio: np.ndarray, sample_rate: int, title: str) -> bytes:
    import numpy as np

    from ai_artist_dagster.lib.audio import to_mono

    plt, fig = _figure(7.0, 3.6)
    mono = to_mono(audio)
    step = max(1, len(mono) // 4000)
    env = np.abs(mono[: len(mono) // step * step]).reshape(-1, step).max(axis=1)
    t = np.arange(len(env)) * step / sample_rate
    ax = fig.add_subplot(2, 1, 1)
    ax.fill_between(t, -env, env, color="#e94560", linewidth=0)
    ax.set_xlim(0, t[-1] if len(t) else 1)
    ax.set_title(title, fontsize=9)
    ax.set_yticks([])
    ax2 = fig.add_subplot(2, 1, 2)
    power, top_hz = _spectrogram_db(mono, sample_rate)
    seconds = len(mono) / sample_rate
    ax2.imshow(power, origin="lower", aspect="auto", cmap="magma", extent=(0, seconds, 0, top_hz))
    ax2.set_ylim(0, 8000)
    ax2.set_xlabel("seconds", fontsize=8)
    ax2.set_ylabel("Hz", fontsize=8)
    return _png(plt, fig)


def _spectrogram_db(mono: np.ndarray, sample_rate: int, columns: int = SPECTROGRAM_COLUMNS, top_hz: float = 8000.0):
    """Power (dB) of 1024-point Hann frames up to ``top_hz``, in at most ``columns`` columns over the
    whole track, each the mean of 4 frames spread over its span: the figure is ~500 px wide, so a
    frame every 512 samples (9,000 columns for 3 minutes) would only cost time to draw."""
    import numpy as np

    n_fft, per_column = 1024, 4
    y = np.asarray(mono, dtype=np.float32)
    if len(y) < n_fft:
        y = np.pad(y, (0, n_fft - len(y)))
    half_overlapping = 1 + (len(y) - n_fft) // (n_fft // 2)  # more frames than these would repeat samples
    starts = np.linspace(0, len(y) - n_fft, max(1, min(columns, half_overlapping // per_column)) * per_column)
    frames = y[starts.astype(int)[:, None] + np.arange(n_fft)] * np.hanning(n_fft).astype(np.float32)
    bins = int(np.ceil(top_hz * n_fft / sample_rate)) + 1
    power = (np.abs(np.fft.rfft(frames, axis=1)[:, :bins]) ** 2).reshape(-1, per_column, bins).mean(axis=1)
    return 10 * np.log10(power.T + 1e-10), (bins - 1) * sample_rate / n_fft


def bar_chart_png(labels: list[str], values: list[float], title: str) -> bytes:
    plt, fig = _figure(6.0, 2.6)
    ax = fig.add_subplot(1, 1, 1)
    colours = ["#2a9d8f" if v >= 0 else "#e76f51" for v in values]
    ax.barh(labels[::-1], values[::-1], color=colours[::-1])
    ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    return _png(plt, fig)


def thumbnail_markdown(path: Path, alt: str, max_width: int = 180) -> str:
    from PIL import Image

    with Image.open(path) as image:
        image.thumbnail((max_width, max_width * 2))
        buf = io.BytesIO()
        image.save(buf, format="PNG")
    return markdown_image(buf.getvalue(), alt)


def stacked_bars_png(labels: list[str], series: dict[str, list[float]], title: str) -> bytes:
    """Stacked bars, one stack per label, one colour per series (e.g. spend per day by provider)."""
    import numpy as np

    plt, fig = _figure(7.0, 2.6)
    ax = fig.add_subplot(1, 1, 1)
    bottom = np.zeros(len(labels))
    for name, values in sorted(series.items()):
        ax.bar(labels, values, bottom=bottom, label=name)
        bottom += np.asarray(values, dtype=float)
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    ax.legend(fontsize=7)
    return _png(plt, fig)


def lines_png(x: list[str], series: dict[str, list[float | None]], title: str, ylabel: str = "") -> bytes:
    """One line per series over shared x labels (gaps where a value is None), e.g. approval rate by day."""
    import numpy as np

    plt, fig = _figure(7.0, 2.6)
    ax = fig.add_subplot(1, 1, 1)
    for name, values in sorted(series.items()):
        ax.plot(x, [np.nan if v is None else v for v in values], marker=".", label=name)
    ax.set_title(title, fontsize=9)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    if len(x) > 12:
        ax.set_xticks(x[:: max(1, len(x) // 12)])
    ax.legend(fontsize=7)
    return _png(plt, fig)


def intervals_png(labels: list[str], means: list[float], lows: list[float], highs: list[float], title: str) -> bytes:
    """A point and its interval per label (e.g. arm posterior means with credible intervals)."""
    import numpy as np

    plt, fig = _figure(6.0, 0.6 + 0.28 * len(labels))
    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(len(labels))[::-1]
    m = np.asarray(means)
    ax.errorbar(m, y, xerr=[m - np.asarray(lows), np.asarray(highs) - m], fmt="o", color="#264653", ecolor="#2a9d8f")
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1)
    ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    return _png(plt, fig)


def _note_bars(ax, notes: list[tuple[float, float, int]], colour: str) -> None:
    """Notes (onset s, duration s, MIDI) as bars 0.8 semitones high, drawn as one collection (an
    artist per note took seconds for a song's band)."""
    from matplotlib.collections import PolyCollection

    boxes = [[(o, m - 0.4), (o + d, m - 0.4), (o + d, m + 0.4), (o, m + 0.4)] for o, d, m in notes]
    ax.add_collection(PolyCollection(boxes, facecolors=colour, edgecolors="none"))
    ax.autoscale_view()


def piano_roll_png(
    notes: list[tuple[float, float, int]],
    title: str,
    measured: list[tuple[float, float]] | None = None,
) -> bytes:
    """Notes (onset s, duration s, MIDI) as bars; ``measured`` (time s, MIDI) as dots over them."""
    plt, fig = _figure(9.0, 2.6)
    ax = fig.add_subplot(1, 1, 1)
    _note_bars(ax, notes, "#3b6fb6")
    if measured:
        ax.plot([t for t, _ in measured], [m for _, m in measured], ".", ms=1.5, color="#e4572e", alpha=0.6)
    ax.set_xlabel("s")
    ax.set_ylabel("MIDI")
    ax.set_title(title, fontsize=9)
    return _png(plt, fig)


ROLE_COLOURS = {"drums": "#7a7a7a", "bass": "#2a9d8f", "keys": "#3b6fb6", "pad": "#b8c4e0", "lead": "#e4572e"}


def arrangement_png(
    parts: dict[str, list[tuple[float, float, int]]], sections: list[tuple[str, float]], title: str
) -> bytes:
    """The band's notes (onset s, duration s, MIDI) coloured by part — drums as ticks along the
    bottom — with the sections marked: what plays where."""
    plt, fig = _figure(9.0, 3.2)
    ax = fig.add_subplot(1, 1, 1)
    pitched = [m for role, notes in parts.items() if role != "drums" for _, _, m in notes]
    floor = (min(pitched) if pitched else 36) - 6
    for role, notes in parts.items():
        colour = ROLE_COLOURS.get(role, "#444444")
        if role == "drums":
            ax.vlines([o for o, _, _ in notes], floor, floor + 3, colors=colour, linewidth=0.4)
            continue
        _note_bars(ax, notes, colour)
    for label, start in sections:
        ax.axvline(start, color="#222222", linewidth=0.6, alpha=0.5)
        ax.text(start + 0.3, ax.get_ylim()[1] - 2, label, fontsize=6, va="top")
    ax.set_xlabel("s")
    ax.set_ylabel("MIDI")
    ax.set_title(title, fontsize=9)
    from matplotlib.patches import Patch

    handles = [Patch(color=ROLE_COLOURS.get(role, "#444444"), label=role) for role in parts]
    ax.legend(handles=handles, fontsize=6, loc="lower right", ncol=len(handles))
    return _png(plt, fig)


TIMELINE_LANES = ("make", "deliver by", "teaser", "release", "post")


def timeline_png(events: list[tuple[str, str, str]], title: str) -> bytes:
    """Dated events on lanes (date ISO string, lane from TIMELINE_LANES, label): a content calendar."""
    import datetime as dt

    import matplotlib.dates as mdates

    plt, fig = _figure(9.0, 2.6)
    ax = fig.add_subplot(1, 1, 1)
    colours = {"make": "#6c757d", "deliver by": "#264653", "teaser": "#e9c46a", "release": "#e76f51", "post": "#2a9d8f"}
    for row, lane in enumerate(TIMELINE_LANES):
        dates = [dt.date.fromisoformat(d) for d, kind, _ in events if kind == lane]
        y = len(TIMELINE_LANES) - 1 - row
        ax.scatter(dates, [y] * len(dates), s=60 if lane == "release" else 22, color=colours[lane], zorder=3)
        if lane == "release":
            for d, label in ((e[0], e[2]) for e in events if e[1] == lane):
                ax.annotate(label, (dt.date.fromisoformat(d), y), xytext=(0, 7), textcoords="offset points",
                            ha="center", fontsize=7)  # fmt: skip
    ax.set_yticks(range(len(TIMELINE_LANES)), list(reversed(TIMELINE_LANES)))
    ax.set_ylim(-0.6, len(TIMELINE_LANES) - 0.1)
    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.FR, interval=2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    return _png(plt, fig)
