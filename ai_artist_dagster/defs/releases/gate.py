"""`release_gate`: the pre-delivery gate, a blocking check on every release (docs/releases.md).

It reads the packaged release back (metadata, ERN, audio master), fingerprints the audio (once per
master: a re-check reads `release_fingerprints`), compares it with the label's catalogue — every
release fingerprinted before it that the gate did not refuse, so of two near-identical releases
checked at the same moment the one fingerprinted first goes out and the other is held, and an
original is never held for a later copy — counts the artist's and the label's recent releases, and
records its verdict in `release_gate`. A refusal holds `deliveries`: the release waits
until an operator fixes the piece or allows the refused rules (`ai-artist review allow`)."""

import json
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from ai_artist_dagster.defs.releases.resources import GateResource
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import markdown, media, records
from ai_artist_dagster.lib.partitions import split_artist_day
from ai_artist_dagster.lib.schemas import ReleaseManifest
from ai_artist_dagster.lib.warehouse import Warehouse, now, replace_rows

if TYPE_CHECKING:
    from ai_artist_dagster.domain.release_gate import GateRules


def _ern_facts(path: Path) -> tuple[str, str, str]:
    """(display artist name, parental warning, marketing comment) of the release in an ERN message."""
    from lxml import etree

    release = etree.parse(str(path)).getroot().find("ReleaseList/Release")
    if release is None:
        return "", "", ""
    artist = release.findtext("DisplayArtistName") or ""
    return artist, release.findtext("ParentalWarningType") or "", release.findtext("MarketingComment") or ""


@dg.asset_check(
    asset="releases",
    blocking=True,
    description="pre-delivery gate: minimum duration, near-duplicate audio against the label's catalogue, cadence "
    "per artist and label, store metadata style, AI disclosure, explicit flag from the lyrics",
)
def release_gate(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, gate: GateResource
) -> dg.AssetCheckResult:
    date, artist_id = split_artist_day(context.op_execution_context)
    return check_release(warehouse.get(), date, artist_id, gate.rules(), context.log)


def check_release(wh: Warehouse, date: str, artist_id: str, rules: "GateRules", log) -> dg.AssetCheckResult:
    """The gate's verdict on the release of one piece, recorded in `release_gate`."""
    import soundfile as sf

    from ai_artist_dagster.domain.fingerprint import fingerprint_file
    from ai_artist_dagster.domain.release_gate import CatalogueEntry, GateFacts, evaluate, passes

    pid = records.piece_id(date, artist_id)
    rows = wh.query("SELECT release_id, path, manifest FROM releases WHERE piece_id = ?", [pid])
    if not rows:
        return dg.AssetCheckResult(passed=False, metadata={"error": f"no release row for {pid}"})
    rid = rows[0]["release_id"]
    folder = media.configured().local(rows[0]["path"])
    manifest = ReleaseManifest.model_validate_json(rows[0]["manifest"])
    metadata = json.loads((folder / "metadata.json").read_text())
    ern_artist, warning, comment = _ern_facts(folder / manifest.ern_file) if manifest.ern_file else ("", "", "")
    master = next(f for f in manifest.files if f.role == "audio_master")
    audio = folder / master.path
    known = wh.query(
        "SELECT fingerprint, computed_at FROM release_fingerprints WHERE release_id = ? AND audio_sha256 = ?",
        [rid, master.sha256],
    )
    if known:
        fingerprint, fingerprinted_at = known[0]["fingerprint"], known[0]["computed_at"]
    else:
        fingerprint, fingerprinted_at = fingerprint_file(audio), now()
        with wh.write() as con:  # before comparing: a release checked at the same moment sees this one
            replace_rows(
                con,
                "release_fingerprints",
                {"release_id": rid},
                [
                    {
                        "release_id": rid,
                        "piece_id": pid,
                        "artist_id": artist_id,
                        "fingerprint": fingerprint,
                        "computed_at": fingerprinted_at,
                        "audio_sha256": master.sha256,
                    }
                ],
            )
    counts = wh.query(
        """SELECT
             count(*) FILTER (WHERE r.artist_id = ? AND r.date BETWEEN CAST(? AS DATE) - ? + 1 AND CAST(? AS DATE))
               AS artist_recent,
             count(*) FILTER (WHERE r.date = CAST(? AS DATE)) AS label_today
           FROM releases r JOIN release_gate g USING (release_id)
           WHERE g.passed AND r.release_id <> ?""",
        [artist_id, date, rules.artist_window_days, date, date, rid],
    )[0]
    catalogue = [
        CatalogueEntry(release_id=r["release_id"], artist_id=r["artist_id"], title=r["title"], fingerprint=r["fp"])
        for r in wh.query(
            """SELECT r.release_id, r.artist_id, r.title, f.fingerprint AS fp
               FROM release_fingerprints f JOIN releases r USING (release_id)
               LEFT JOIN release_gate g USING (release_id)
               WHERE r.release_id <> ? AND coalesce(g.passed, true)
                 AND (f.computed_at < ? OR (f.computed_at = ? AND r.release_id < ?))""",
            [rid, fingerprinted_at, fingerprinted_at, rid],
        )
    ]
    allowed = {
        r["rule"]: r["allowed_by"]
        for r in wh.query("SELECT rule, allowed_by FROM gate_allowances WHERE release_id = ?", [rid])
    }
    trend = records.trend_report(wh, date)
    song = metadata.get("lyrics") or {}
    facts = GateFacts(
        release_id=rid,
        artist_id=artist_id,
        artist_name=metadata["artist"],
        profile_name=records.piece_profile(wh, pid).name,
        ern_artist=ern_artist,
        title=metadata["title"],
        duration_s=sf.info(str(audio)).duration,  # the file's, not what the metadata claims
        fingerprint=fingerprint,
        lyric_lines=[line for section in song.get("sections", []) for line in section["lines"]],
        explicit_flag=warning,
        ai_disclosure=metadata.get("ai_disclosure", ""),
        ern_has_disclosure=bool(comment) and comment == metadata.get("ai_disclosure"),
        artist_releases_in_window=counts["artist_recent"],
        label_releases_today=counts["label_today"],
        charting_names=sorted({performer for _, performer in trend.top_songs}),
    )
    findings = evaluate(facts, catalogue, rules, allowed)
    passed = passes(findings)
    refused = [f.rule for f in findings if not f.passed and not f.allowed_by]
    with wh.write() as con:
        stamp = now()
        replace_rows(
            con,
            "release_gate",
            {"release_id": rid},
            [
                {
                    "release_id": rid,
                    "piece_id": pid,
                    "artist_id": artist_id,
                    "date": date,
                    "passed": passed,
                    "refused": refused,
                    "findings": [f.model_dump() for f in findings],
                    "checked_at": stamp,
                }
            ],
        )
    if not passed:
        log.warning(
            f"{pid}: release {rid} refused by the gate ({', '.join(refused)}); it waits for an operator: fix the "
            f"piece (`ai-artist review regenerate {pid}`) or `ai-artist review allow {pid} --rule <rule> --reason …`"
        )
    return dg.AssetCheckResult(
        passed=passed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "release_id": rid,
            "refused": ", ".join(refused) or "none",
            "findings": dg.MetadataValue.md(
                markdown.table(
                    ["rule", "verdict", "detail"],
                    [
                        (
                            f.rule,
                            "pass" if f.passed else f"allowed by {f.allowed_by}" if f.allowed_by else "REFUSED",
                            f.detail,
                        )
                        for f in findings
                    ],
                )
            ),
        },
    )
