"""DDEX ERN 4.3 release messages and the identifiers they carry."""

from ai_artist_dagster.domain.ddex.ern import ErnFile, ErnParty, ErnRelease, build_ern, revise_ern, validate_ern
from ai_artist_dagster.domain.ddex.identifiers import ean13, is_valid_gtin, is_valid_isrc, isrc

__all__ = [
    "ErnFile",
    "ErnParty",
    "ErnRelease",
    "build_ern",
    "ean13",
    "is_valid_gtin",
    "is_valid_isrc",
    "isrc",
    "revise_ern",
    "validate_ern",
]
