"""The offline composer: a full, structured, mastered song rendered with numpy.

Pure domain code (no Dagster). ``compose`` plans the arrangement from the song's sections, writes
drums, bass, chords and a lead melody in the profile's key and tempo, mixes to stereo 44.1 kHz
and masters to the target loudness.
"""

from ai_artist_dagster.domain.composer.arrangement import SongPlan, plan_song
from ai_artist_dagster.domain.composer.mastering import master
from ai_artist_dagster.domain.composer.render import RenderedSong, render_song

__all__ = ["RenderedSong", "SongPlan", "master", "plan_song", "render_song"]
