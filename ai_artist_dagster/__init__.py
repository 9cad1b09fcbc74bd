"""ai-artist-dagster: virtual music artists made, run and evolved with Dagster."""

from ai_artist_dagster.lib.allocator import reuse_large_buffers

# Every process that runs this project's steps imports the package first: the CLI and its workers,
# Dagster's run processes, the bench. The setting only changes how freed memory is reused.
reuse_large_buffers()
