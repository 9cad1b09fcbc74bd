"""The offline video renderer: audio-reactive generative visuals with captions, encoded by ffmpeg."""

from ai_artist_dagster.domain.video.probe import MediaProbe, probe_media
from ai_artist_dagster.domain.video.render import Caption, VideoSpec, render_video

__all__ = ["Caption", "MediaProbe", "VideoSpec", "probe_media", "render_video"]
