"""`ern_valid`: every packaged release is a valid DDEX ERN 4.3 message with well-formed codes.

A standalone check (not a check spec on `releases`): it reads the packaged folder back from the
warehouse row, so it can be run on its own against any release."""

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import media, records
from ai_artist_dagster.lib.partitions import split_artist_day
from ai_artist_dagster.lib.schemas import ReleaseManifest


@dg.asset_check(
    asset="releases",
    blocking=True,
    description="the ERN message validates against the DDEX ERN 4.3 XSD (AVS 3); ISRCs and UPC are well formed; "
    "every packaged file matches its manifest checksum",
)
def ern_valid(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    from ai_artist_dagster.domain.ddex import is_valid_gtin, is_valid_isrc, validate_ern
    from ai_artist_dagster.domain.release import verify_release

    date, artist_id = split_artist_day(context.op_execution_context)
    pid = records.piece_id(date, artist_id)
    rows = warehouse.get().query("SELECT path, manifest FROM releases WHERE piece_id = ?", [pid])
    if not rows:
        return dg.AssetCheckResult(passed=False, metadata={"error": f"no release row for {pid}"})
    folder = media.configured().local(rows[0]["path"])
    manifest = ReleaseManifest.model_validate_json(rows[0]["manifest"])
    errors = []
    if verify_release(folder) is None:
        errors.append(f"{folder} does not match its manifest (missing or changed files)")
    ern = folder / manifest.ern_file if manifest.ern_file else None
    errors += validate_ern(ern) if ern and ern.exists() else ["the release has no ERN message"]
    bad_codes = [c for c in (manifest.isrc, manifest.video_isrc) if not is_valid_isrc(c)]
    bad_codes += [] if is_valid_gtin(manifest.upc) else [manifest.upc]
    errors += [f"malformed code {c!r}" for c in bad_codes]
    return dg.AssetCheckResult(
        passed=not errors,
        metadata={
            "release_id": manifest.release_id,
            "isrc": manifest.isrc,
            "video_isrc": manifest.video_isrc,
            "upc": manifest.upc,
            "errors": dg.MetadataValue.md("\n".join(f"- {e}" for e in errors[:20]) or "none"),
        },
    )
