"""Footage providers for teaser backgrounds (Pexels); without one, the renderer generates visuals."""

from ai_artist_dagster.providers.footage.base import FootageClip, FootageError, FootageProvider
from ai_artist_dagster.providers.footage.pexels import PexelsFootage

__all__ = ["FootageClip", "FootageError", "FootageProvider", "PexelsFootage"]
