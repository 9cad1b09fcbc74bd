"""The whole graph for one date and one artist, into a tmp dir, as `ai-artist run` does it;
then the shell review approves the pending piece and the release appears exactly once."""

import json
import logging
import re
from pathlib import Path

import pytest
import soundfile as sf
from mutagen.id3 import ID3
from typer.testing import CliRunner

from ai_artist_dagster.defs.io import PIECE_IO_MANAGER, PieceIOManager
from ai_artist_dagster.domain.audio_analysis import tempo_matches
from ai_artist_dagster.domain.release import verify_release
from ai_artist_dagster.domain.video import probe_media
from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.warehouse import Warehouse

pytestmark = pytest.mark.slow  # full runs, subprocesses or servers: `make test` runs them, `make test-fast` not

DATE = "2020-03-06"


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    root = tmp_path_factory.mktemp("cycle")
    mp = pytest.MonkeyPatch()
    mp.setenv("AI_ARTIST_DATA_DIR", str(root / "data"))
    mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    mp.setenv("AI_ARTIST_AUTOPILOT_DEFAULT", "false")  # leave the piece for the reviewer
    mp.setenv("AI_ARTIST_TEASER_SECONDS", "8")
    mp.delenv("AI_ARTIST_WAREHOUSE_PATH", raising=False)
    from ai_artist_dagster.cli.cycle import run_cycle

    result = run_cycle(DATE)
    yield result, Warehouse(paths.warehouse_path()), root
    mp.undo()


def test_cycle_succeeds_and_writes_only_under_the_data_dir(cycle):
    result, wh, root = cycle
    assert not result.failed, result.failed
    assert len(result.scheduled) == 1 and result.created == result.scheduled
    assert wh.path == root / "data" / "warehouse.duckdb"
    assert (root / "dagster_home" / "dagster.yaml").exists()


def test_the_cycle_sensor_says_who_is_next_when_nothing_is_due(cycle):
    """On a day nobody is due the daemon's sensor says who is next and when, as `ai-artist run` does."""
    import dagster as dg

    from ai_artist_dagster.defs.artists.resources import CalendarResource
    from ai_artist_dagster.defs.cycle.sensors import cycle_sensor
    from ai_artist_dagster.defs.resources import WarehouseResource

    result, _, _ = cycle
    [artist] = result.scheduled
    with dg.DagsterInstance.get() as instance:
        context = dg.build_sensor_context(
            instance=instance, resources={"warehouse": WarehouseResource(), "calendar": CalendarResource()}
        )
        result = cycle_sensor(context)  # the piece waits for its reviewer: nothing is due
    assert result.skip_reason and not result.run_requests and not result.dynamic_partitions_requests
    message = result.skip_reason.skip_message
    assert re.search(rf"nothing is due: next {artist} on \d{{4}}-\d\d-\d\d \(release \d{{4}}-", message)


def test_trends_and_profile_rows(cycle):
    _, wh, _ = cycle
    assert wh.query("SELECT count(DISTINCT chart_date) AS n FROM chart_entries")[0]["n"] == 8  # the day + 7 of history
    assert wh.query("SELECT count(*) AS n FROM trait_momentum WHERE chart_date = ?", [DATE])[0]["n"] > 20
    report = json.loads(wh.query("SELECT report FROM trend_reports WHERE chart_date = ?", [DATE])[0]["report"])
    assert set(report["leading"]) == {"genre", "mood", "tempo", "key"}
    assert report["rising"] and all(t["momentum"] > 0 for kind in report["rising"].values() for t in kind)
    falling = wh.query("SELECT count(*) AS n FROM trait_momentum WHERE chart_date = ? AND momentum < 0", [DATE])
    assert falling[0]["n"] > 0  # there were falling traits to leave out
    profile = json.loads(wh.query("SELECT profile FROM profile_versions")[0]["profile"])
    genres = report["rising"].get("genre") or report["leading"]["genre"]
    assert profile["genre"] in [t["trait_value"] for t in genres]


def test_track_is_real_audio_at_the_profile_tempo_and_loudness(cycle):
    _result, wh, _ = cycle
    row = wh.query("SELECT * FROM tracks")[0]
    info = sf.info(row["wav_path"])
    assert info.samplerate == 44_100 and info.channels == 2 and info.duration >= 60
    assert tempo_matches(row["measured_tempo_bpm"], row["tempo_bpm"])
    assert abs(row["integrated_lufs"] + 14) <= 1
    tags = ID3(row["mp3_path"])
    assert tags["TPE1"].text[0] and tags.getall("APIC") and tags["TXXX:AI_GENERATED"].text[0] == "true"
    assert sf.info(row["mp3_path"]).duration >= 60


def test_the_artist_sings_its_lyrics_on_pitch_with_stems_and_synced_words(cycle):
    from ai_artist_dagster.domain.audio_analysis import read_audio
    from ai_artist_dagster.domain.vocals.measure import pitch_report
    from ai_artist_dagster.domain.vocals.melody import VocalScore
    from ai_artist_dagster.lib.schemas import Lyrics, TrackInfo

    _result, wh, _ = cycle
    info = TrackInfo.model_validate_json(wh.query("SELECT info FROM tracks")[0]["info"])
    song = Lyrics.model_validate_json(wh.query("SELECT lyrics FROM lyrics")[0]["lyrics"])
    assert info.vocals == "festival-world" and set(info.stems) == {"vocal", "instrumental", "drums", "bass", "music"}
    assert info.instruments == "fluidsynth" and 0 <= float(info.params["vocal_wer"]) <= 2
    midi = Path(info.midi_path or "").read_bytes()  # the band's arrangement: format 1, a track per part
    assert midi[:4] == b"MThd" and midi[8:10] == b"\x00\x01" and int.from_bytes(midi[10:12], "big") >= 4
    score = VocalScore.model_validate_json(Path(info.score_path).read_text())
    stem, sr = read_audio(Path(info.stems["vocal"]))
    assert pitch_report(stem, sr, score).passed
    first_line = next(s for s in song.sections if s.lines).lines[0]
    lrc = Path(info.lrc_path).read_text().splitlines()
    sung = next(line for line in lrc if line.startswith("[0"))
    assert re.findall(r"> ([A-Za-z']+)", sung) == re.findall(r"[A-Za-z][A-Za-z']*", first_line)


def test_video_has_the_right_streams(cycle):
    _, wh, _ = cycle
    row = wh.query("SELECT * FROM videos")[0]
    probe = probe_media(Path(row["path"]))
    assert (probe.video_codec, probe.width, probe.height, probe.audio_codec) == ("h264", 1080, 1920, "aac")
    assert abs(probe.duration_s - 8) < 0.5
    assert Path(row["thumbnail_path"]).stat().st_size > 1000


def test_reflection_and_pending_review(cycle):
    _, wh, _ = cycle
    reflection = wh.query("SELECT * FROM reflections")[0]
    measures = json.loads(reflection["measurements"])
    assert measures["vocals"] == "festival-world" and measures["clipped_share"] == 0 and measures["captions_sung"] > 0.8
    parts = {p["name"]: p for p in json.loads(reflection["parts"])}
    assert (
        parts["tempo"]["score"] > 0.8 and parts["vocal pitch"]["score"] > 0.8
    )  # the cycle's song is on time and in tune
    # the score is the rubric's: the craft parts earn it, the requirements' shortfalls cost at the same rate
    from ai_artist_dagster.domain.critic.rubric import REQUIREMENTS

    craft = [p for name, p in parts.items() if name not in REQUIREMENTS]
    earned = sum(p["weight"] * p["score"] for p in craft)
    missed = sum(p["weight"] * (1 - p["score"]) for name, p in parts.items() if name in REQUIREMENTS)
    expected = max(0.0, 10 * (earned - missed) / sum(p["weight"] for p in craft))
    assert reflection["score"] == pytest.approx(expected, abs=0.01)
    assert 0 <= reflection["text_score"] <= 1 and 0 <= reflection["objective_score"] <= 1
    assert wh.query("SELECT decision FROM piece_status")[0]["decision"] == "pending"
    assert wh.query("SELECT count(*) AS n FROM releases")[0]["n"] == 0
    calls = wh.query("SELECT task, provider, outcome, run_id, prompt_id FROM llm_calls ORDER BY called_at")
    assert [c["task"] for c in calls] == ["artist_profile", "lyrics", "critique"]
    assert all(c["provider"] == "offline" and c["outcome"] == "ok" and c["run_id"] for c in calls)
    assert wh.query("SELECT prompt_id FROM lyrics")[0]["prompt_id"] in ("lyrics.A.v4", "lyrics.B.v4")


def test_cost_report_summarises_the_ledger(cycle):
    _, wh, _ = cycle
    rows = wh.query("SELECT * FROM cost_report")
    assert len(rows) == 1 and rows[0]["provider"] == "offline" and rows[0]["calls"] == 3
    assert str(rows[0]["cycle_date"]) == DATE  # joins the chart dates; `day` is when the calls were made
    assert rows[0]["cost_usd"] == 0 and rows[0]["tokens_in"] > 500


def test_pending_piece_goes_to_telegram_once(cycle, monkeypatch):
    """review_requests sends the pending piece to the review chat (through the real PTB client to
    a fake Bot API): the MP3, then the teaser with the critique and three signed buttons."""
    import dagster as dg

    from ai_artist_dagster.components.approval.telegram import TelegramResource
    from ai_artist_dagster.definitions import defs
    from ai_artist_dagster.defs.resources import WarehouseResource
    from ai_artist_dagster.domain.review.signing import verify
    from ai_artist_dagster.lib.partitions import artist_day_key
    from ai_artist_dagster_tests.telegram_fake import FakeBot, fake_telegram

    _, wh, _ = cycle
    review_requests = defs().get_assets_def("review_requests")  # built by the review gate component
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "999:cycle-bot-token-SECRET")
    monkeypatch.setenv("AI_ARTIST_REVIEW_SECRET", "cycle-review-secret-0123456789")
    artist = wh.query("SELECT artist_id FROM artists")[0]["artist_id"]
    title = wh.query("SELECT title FROM lyrics")[0]["title"]
    bot = FakeBot(token="999:cycle-bot-token-SECRET")
    with fake_telegram(bot) as url, dg.DagsterInstance.get() as instance:
        resources = {
            "telegram": TelegramResource(chat_id="-100777", api_base_url=url),
            "warehouse": WarehouseResource(),
        }
        for _ in range(2):  # the second materialization must not send again
            result = dg.materialize(
                [review_requests], partition_key=artist_day_key(DATE, artist), resources=resources, instance=instance
            )
            assert result.success
    assert [m["method"] for m in bot.sent] == ["sendAudio", "sendVideo"]
    assert bot.uploads["audio"] > 100_000 and bot.uploads["video"] > 100_000
    video = bot.sent[1]
    assert title in video["caption"] and "Critic:" in video["caption"]
    buttons = video["reply_markup"]["inline_keyboard"][0]
    secret = b"cycle-review-secret-0123456789"
    assert [verify(secret, b["callback_data"]).decision for b in buttons] == ["approved", "rejected", "regenerate"]
    assert len(wh.query("SELECT * FROM review_messages")) == 2
    assert result.asset_materializations_for_node("review_requests")[0].metadata["telegram"].value == "already sent"


def test_shell_regenerate_makes_the_piece_again_with_the_feedback(cycle):
    from ai_artist_dagster.cli.main import app

    _, wh, _ = cycle
    before = wh.query("SELECT lyrics, created_at FROM lyrics")[0]
    piece = wh.query("SELECT piece_id FROM piece_status")[0]["piece_id"]
    shown = CliRunner().invoke(app, ["review", "show", piece])
    assert shown.exit_code == 0 and "critic" in shown.output
    result = CliRunner().invoke(app, ["review", "regenerate", piece, "--feedback", "more neon, less rain"])
    assert result.exit_code == 0 and "regenerated; pending review again" in result.output, result.output
    after = wh.query("SELECT lyrics, created_at FROM lyrics")[0]
    assert after["created_at"] > before["created_at"] and after["lyrics"] != before["lyrics"]
    history = [r["decision"] for r in wh.query("SELECT decision FROM review_decisions ORDER BY decided_at")]
    assert history == ["pending", "regenerate", "pending"]
    feedback = wh.query("SELECT feedback FROM review_decisions WHERE decision = 'regenerate'")[0]["feedback"]
    assert feedback == "more neon, less rain"
    # the reviewer sees what the feedback changed, beside the new version
    shown = CliRunner().invoke(app, ["review", "show", piece], env={"COLUMNS": "200"})
    assert "regenerated after “more neon, less rain”:" in shown.output and "the song now sings neon" in shown.output


def test_shell_approval_releases_once(cycle, ern_schema):
    from ai_artist_dagster.cli.main import app
    from ai_artist_dagster.domain.ddex import is_valid_gtin, is_valid_isrc

    _, wh, root = cycle
    runner = CliRunner()
    listed = runner.invoke(app, ["review", "list"])
    assert listed.exit_code == 0 and "1 piece(s) pending" in listed.output
    approved = runner.invoke(app, ["review", "approve", "--all"])
    assert approved.exit_code == 0, approved.output
    assert "packaged" in approved.output
    again = runner.invoke(app, ["review", "approve", "--all"])
    assert "nothing pending" in again.output
    # Re-materializing the release changes nothing and adds no release.
    import dagster as dg

    from ai_artist_dagster.definitions import defs
    from ai_artist_dagster.lib.partitions import artist_day_key

    artist = wh.query("SELECT artist_id FROM artists")[0]["artist_id"]
    with dg.DagsterInstance.get() as instance:
        rerun = (
            defs()
            .resolve_job_def("release_job")
            .execute_in_process(instance=instance, partition_key=artist_day_key(DATE, artist))
        )
    assert rerun.success
    checks = {e.check_name: e.passed for e in rerun.get_asset_check_evaluations()}
    assert checks["ern_valid"] is True and checks["release_gate"] is True
    [verdict] = wh.query("SELECT * FROM release_gate")
    # The teaser is queued for the three platforms in the social outbox, with the exact API requests.
    posts = {r["platform"]: r for r in wh.query("SELECT * FROM social_posts")}
    assert set(posts) == {"youtube", "tiktok", "instagram"} and {r["status"] for r in posts.values()} == {"queued"}
    assert posts["youtube"]["quota_units"] == 150 and all(r["attempts"] == 1 for r in posts.values())
    from PIL import Image

    with Image.open(Path(posts["youtube"]["location"]) / "youtube_thumbnail.jpg") as wide:
        assert wide.size == (1280, 720)  # YouTube's custom thumbnail, beside the request that sets it
    # TikTok's cover frame and Instagram's thumb offset are the teaser's thumbnail moment (mid-line)
    [thumb_s] = [r["thumbnail_s"] for r in wh.query("SELECT thumbnail_s FROM videos")]
    tiktok = json.loads((Path(posts["tiktok"]["location"]) / "post.json").read_text())["requests"][0]["body"]
    assert tiktok["post_info"]["video_cover_timestamp_ms"] == int(thumb_s * 1000) and thumb_s > 2
    for platform, row in posts.items():
        post = json.loads((Path(row["location"]) / "post.json").read_text())
        assert post["platform"] == platform and post["requests"][0]["method"] == "POST"
        assert (Path(row["location"]) / "teaser.mp4").stat().st_size > 10_000
        assert "AI-generated" in row["caption"]
    assert Path(posts["tiktok"]["location"]).parent.parent == root / "data" / "social_outbox"
    assert verdict["passed"] and verdict["refused"] == [] and len(json.loads(verdict["findings"])) == 6
    # Delivered once to the outbox in DDEX batch layout; the re-run found the batch complete.
    [delivered] = wh.query("SELECT * FROM deliveries")
    assert delivered["status"] == "delivered" and delivered["target"].startswith("outbox:")
    assert delivered["delivered_at"] <= delivered["updated_at"]  # when it first arrived, kept by the re-run
    [batch] = list((root / "data" / "outbox").iterdir())
    assert batch.name == delivered["batch_id"] and (batch / f"BatchComplete_{batch.name}.xml").exists()
    assert rerun.asset_materializations_for_node("deliveries")[0].metadata["already_delivered"].value is True
    rows = wh.query("SELECT * FROM releases")
    assert len(rows) == 1
    folder = Path(rows[0]["path"])
    manifest = verify_release(folder)
    assert manifest is not None and {f.role for f in manifest.files} >= {
        "audio_master",
        "audio_mp3",
        "cover",
        "teaser",
        "metadata",
        "lyrics",  # word-timed (enhanced LRC)
        "stem_vocal",
        "stem_instrumental",
    }
    assert json.loads((folder / "metadata.json").read_text())["ai_generated"] is True
    assert len(list(folder.parent.iterdir())) == 1
    # The DDEX message: valid ERN 4.3, codes with valid check digits, hashes of the packaged files.
    assert is_valid_isrc(manifest.isrc) and is_valid_isrc(manifest.video_isrc) and is_valid_gtin(manifest.upc)
    assert manifest.isrc != manifest.video_isrc and rows[0]["upc"] == manifest.upc
    ern = folder / manifest.ern_file
    ern_schema.validate(str(ern))
    delivered_ern = batch / manifest.upc / manifest.ern_file
    assert delivered_ern.read_bytes() == ern.read_bytes()
    message = ern_schema.to_dict(str(ern))
    recording = message["ResourceList"]["SoundRecording"][0]
    assert recording["SoundRecordingEdition"][0]["ResourceId"][0]["ISRC"] == manifest.isrc
    audio_file = recording["SoundRecordingEdition"][0]["TechnicalDetails"][0]["DeliveryFile"][0]["File"]
    packaged = {f.path: f.sha256 for f in manifest.files}
    assert packaged[audio_file["URI"]] == audio_file["HashSum"]["HashSumValue"]
    assert message["ReleaseList"]["Release"]["MarketingComment"][0].startswith("AI-generated:")
    [lyrics] = message["ResourceList"]["Text"]  # the sung words travel with the recording
    assert lyrics["Type"] == "LyricText" and lyrics["TechnicalDetails"][0]["TextCodecType"] == "EnhancedLRC"
    assert recording["IsInstrumental"] is False and recording["LanguageOfPerformance"] == ["en"]


def _plant(wh, root: Path, source_pid: str, artist: str, audio, sr: int) -> str:
    """A second release in the catalogue: the source piece's rows and package under another artist and
    title, with ``audio`` as its master (what an uploader re-submitting a song would send; a title of
    its own, so each planted release is refused for its audio alone — the gate refuses a live title
    again as store metadata, tested in test_release_gate)."""
    import shutil

    from ai_artist_dagster.domain.release import release_id_for

    pid = f"{DATE}__{artist}"
    rid = release_id_for(pid)
    [source] = wh.query("SELECT release_id, path, artist_id FROM releases WHERE piece_id = ?", [source_pid])
    folder = root / "data" / "releases" / rid
    shutil.copytree(source["path"], folder)
    sf.write(str(folder / "resources" / "audio_master.wav"), audio, sr)
    metadata = json.loads((folder / "metadata.json").read_text())
    title = f"{metadata['title']} Reprise {artist.split('-')[-1].title()}"
    (folder / "metadata.json").write_text(json.dumps({**metadata, "title": title}))
    with wh.write() as con:
        con.execute(
            "INSERT INTO profile_versions SELECT * REPLACE (? AS artist_id) FROM profile_versions WHERE artist_id = ?",
            [artist, source["artist_id"]],
        )
        con.execute(
            "INSERT INTO lyrics SELECT * REPLACE (? AS piece_id, ? AS artist_id) FROM lyrics WHERE piece_id = ?",
            [pid, artist, source_pid],
        )
        con.execute(
            "INSERT INTO releases SELECT * REPLACE (? AS release_id, ? AS piece_id, ? AS artist_id, ? AS path, "
            "? AS title, NULL AS isrc, NULL AS video_isrc, NULL AS upc) FROM releases WHERE piece_id = ?",
            [rid, pid, artist, str(folder), title, source_pid],
        )
    return artist


def test_the_gate_refuses_a_planted_copy_and_a_too_short_track(cycle):
    """After the approval test released the piece: a trimmed, quieter copy of its master and a
    30-second track are refused, each for its own reason; an operator's allowance lets one through."""
    import logging

    from ai_artist_dagster.defs.releases.resources import GateResource

    _, wh, root = cycle
    [original] = wh.query("SELECT r.piece_id, r.path FROM releases r JOIN release_gate g USING (release_id)")
    audio, sr = sf.read(str(Path(original["path"]) / "resources" / "audio_master.wav"), dtype="float32")
    log = logging.getLogger("gate")
    rules = GateResource().rules()
    try:
        _refuses_planted_releases(wh, root, original, audio, sr, rules, log)
    finally:  # leave the catalogue as the other tests expect it
        import shutil

        for row in wh.query("SELECT path FROM releases WHERE artist_id IN ('planted-copy', 'planted-short')"):
            shutil.rmtree(row["path"], ignore_errors=True)
        with wh.write() as con:
            for table in ("releases", "lyrics", "profile_versions", "release_gate", "release_fingerprints"):
                con.execute(f"DELETE FROM {table} WHERE artist_id IN ('planted-copy', 'planted-short')")
            con.execute("DELETE FROM gate_allowances")


def _refuses_planted_releases(wh, root: Path, original: dict, audio, sr: int, rules, log) -> None:
    import numpy as np

    from ai_artist_dagster.defs.releases.gate import check_release

    copy = _plant(wh, root, original["piece_id"], "planted-copy", audio[int(4.5 * sr) :] * 0.6, sr)
    refused = check_release(wh, DATE, copy, rules, log)
    assert not refused.passed and refused.metadata["refused"].value == "near_duplicate"
    seconds = np.arange(30 * sr) / sr
    tone = (0.2 * np.sin(2 * np.pi * 330 * seconds) * np.sin(2 * np.pi * 0.5 * seconds)).astype(np.float32)
    short = _plant(wh, root, original["piece_id"], "planted-short", np.stack([tone, tone], axis=1), sr)
    too_short = check_release(wh, DATE, short, rules, log)
    assert not too_short.passed and too_short.metadata["refused"].value == "min_duration"
    rows = {r["artist_id"]: r for r in wh.query("SELECT * FROM release_gate")}
    assert rows["planted-copy"]["refused"] == ["near_duplicate"] and not rows["planted-copy"]["passed"]
    [dup] = [f for f in json.loads(rows["planted-copy"]["findings"]) if f["rule"] == "near_duplicate"]
    [source_release] = wh.query("SELECT release_id FROM releases WHERE piece_id = ?", [original["piece_id"]])
    assert source_release["release_id"] in dup["detail"]  # names the release it copies
    # A refused release is no catalogue entry: the original, checked again, still passes — with the
    # fingerprint it was first given (a re-check does not fingerprint the master again).
    artist = original["piece_id"].split("__")[1]
    first = wh.query("SELECT computed_at FROM release_fingerprints WHERE artist_id = ?", [artist])
    assert check_release(wh, DATE, artist, rules, log).passed
    assert wh.query("SELECT computed_at FROM release_fingerprints WHERE artist_id = ?", [artist]) == first
    # An operator who allows the rule lets the copy through, recorded in the verdict.
    rid = wh.query("SELECT release_id FROM releases WHERE artist_id = 'planted-copy'")[0]["release_id"]
    with wh.write() as con:
        con.execute(
            "INSERT INTO gate_allowances VALUES (?, 'near_duplicate', 'test', 'a licensed re-release', now())", [rid]
        )
    assert check_release(wh, DATE, copy, rules, log).passed
    # The allowed copy came after the original: the original is never held for it.
    assert check_release(wh, DATE, artist, rules, log).passed


def test_the_release_is_scheduled_by_the_calendar(cycle):
    """The piece of 2020-03-06 (a Friday) goes out on the Friday its calendar booked, weeks later: the
    ERN's deals start then, the teaser clip may show a week before, the delivery came the lead time
    ahead, the teaser posts are set for the teaser date; the calendar asset and `ai-artist calendar`
    show the booked slot and the planned ones after it."""
    import datetime as dt

    from lxml import etree

    from ai_artist_dagster.cli.main import app

    result, wh, root = cycle
    [release] = wh.query("SELECT * FROM releases WHERE piece_id = ?", [f"{DATE}__{result.scheduled[0]}"])
    artist = release["artist_id"]
    [booking] = wh.query("SELECT * FROM roster_schedule WHERE date = ? AND artist_id = ?", [DATE, artist])
    assert booking["reason"].startswith("calendar: debut release")
    assert release["release_date"] == booking["release_on"] == dt.date(2020, 3, 27)  # Friday, review + 14 days lead
    assert release["teaser_date"] == dt.date(2020, 3, 20) and release["deliver_by"] == dt.date(2020, 3, 13)
    ern = etree.parse(str(Path(release["path"]) / json.loads(release["manifest"])["ern_file"]))
    assert {e.text for e in ern.iter("StartDate")} == {"2020-03-27"}
    assert ern.findtext("DealList/ReleaseVisibility/ClipPreviewStartDateTime") == "2020-03-20T00:00:00+00:00"
    assert ern.findtext("MessageHeader/MessageCreatedDateTime").startswith(DATE)
    posts = wh.query("SELECT DISTINCT scheduled_at FROM social_posts WHERE piece_id = ?", [release["piece_id"]])
    assert [r["scheduled_at"] for r in posts] == [dt.datetime(2020, 3, 20, 17)]
    lyrics = wh.query("SELECT theme FROM lyrics WHERE piece_id = ?", [release["piece_id"]])[0]
    profile = json.loads(wh.query("SELECT profile FROM profile_versions WHERE artist_id = ?", [artist])[0]["profile"])
    assert lyrics["theme"] == profile["themes"][0]  # release 1 of the arc: the first theme
    slots = wh.query("SELECT * FROM content_calendar WHERE artist_id = ? ORDER BY number", [artist])
    assert slots[0]["piece_id"] == release["piece_id"] and slots[0]["release_on"] == dt.date(2020, 3, 27)
    assert len(slots) >= 3 and all(s["release_on"].weekday() == 4 for s in slots)
    assert [s["phase"] for s in slots[:3]] == ["introduce", "deepen", "turn"]
    assert (root / "data" / "artists" / artist / "calendar.png").stat().st_size > 5_000
    shown = CliRunner().invoke(app, ["calendar", artist])
    assert shown.exit_code == 0, shown.output
    assert "Fri Mar 27 2020" in shown.output and "introduce: " + profile["themes"][0] in shown.output
    assert "planned" in shown.output


def test_operator_commands_read_the_warehouse(cycle):
    from ai_artist_dagster.cli.main import app

    _, wh, _ = cycle
    runner = CliRunner()
    artist = wh.query("SELECT artist_id FROM artists")[0]["artist_id"]

    def ok(*args: str) -> str:
        result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return result.output

    status = ok("status")
    assert artist in status and "approved" in status and "delivered" in status and "pending reviews: 0" in status
    assert "passed" in status and "tiktok queued" in status and "releases refused by the gate: 0" in status
    piece = wh.query("SELECT piece_id FROM releases")[0]["piece_id"]
    missing = runner.invoke(app, ["review", "allow", "2020-01-01__nobody", "--rule", "cadence", "--reason", "x"])
    assert missing.exit_code != 0 and "has no release" in missing.output
    unknown_rule = runner.invoke(app, ["review", "allow", piece, "--rule", "vibes", "--reason", "x"])
    assert unknown_rule.exit_code != 0 and "unknown rule" in unknown_rule.output
    allowed = ok("review", "allow", piece, "--rule", "cadence", "--reason", "launch week", "--by", "ops")
    assert "cadence allowed by ops" in allowed and "gate checked again and delivered" in allowed
    assert wh.query("SELECT allowed_by, reason FROM gate_allowances") == [
        {"allowed_by": "ops", "reason": "launch week"}
    ]
    listed = ok("artists", "list")
    assert artist in listed and "active from the next cycle" in listed  # approved today, promoted by tomorrow's roster
    shown = ok("artists", "show", artist)
    assert "profile versions" in shown and "Niche served" in shown
    assert re.search(r"key [A-G]#? (major|minor)", shown)  # a key name, not its pitch-class number
    assert "rising on 2020-03-06" in ok("trends") and "chart leaders" in ok("trends", "--date", DATE)
    assert "offline" in ok("costs") and "total: $" in ok("costs") and DATE in ok("costs")
    assert "1 row(s)" in ok("query", "SELECT count(*) AS n FROM releases")
    refused = runner.invoke(app, ["query", "DELETE FROM artists"])
    assert refused.exit_code != 0 and "read-only" in refused.output
    assert wh.query("SELECT count(*) AS n FROM artists")[0]["n"] == 1
    ok("autopilot", artist, "on")
    assert wh.query("SELECT autopilot FROM artists")[0]["autopilot"] is True
    ok("autopilot", artist, "off")
    assert wh.query("SELECT autopilot FROM artists")[0]["autopilot"] is False
    unknown = runner.invoke(app, ["autopilot", "nobody", "on"])
    assert unknown.exit_code != 0 and "no artist 'nobody'" in unknown.output
    from ai_artist_dagster.cli.cycle import CycleResult
    from ai_artist_dagster.cli.summary import cycle_files

    delivered = next(line for line in cycle_files(CycleResult(date=DATE)) if "delivered" in line)
    assert "/outbox/" in delivered  # `ai-artist run` ends by saying where each release was delivered


def test_bad_date_is_a_clear_cli_error():
    from ai_artist_dagster.cli.main import app

    out = CliRunner().invoke(app, ["run", "--date", "06/03/2020"])
    assert out.exit_code != 0 and "YYYY-MM-DD" in out.output


def test_tracks_through_a_suno_compatible_api_are_ledgered(cycle, monkeypatch, tmp_path):
    """The piece's track re-made by the Suno provider against a local fake: the tracks row names
    the provider, `music_calls` holds the credits, and the key appears nowhere."""
    import dagster as dg

    from ai_artist_dagster.defs.content.lyrics import lyrics
    from ai_artist_dagster.defs.content.resources import MusicResource
    from ai_artist_dagster.defs.content.tracks import tracks
    from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource
    from ai_artist_dagster.lib.partitions import artist_day_key
    from ai_artist_dagster_tests.media_fakes import SUNO_ROUTES, FakeState, fake_song_mp3, serve

    _, wh, _ = cycle
    monkeypatch.setenv("SUNO_API_KEY", "suno-cycle-SECRET")
    artist = wh.query("SELECT artist_id FROM artists")[0]["artist_id"]
    state = FakeState(audio=fake_song_mp3(tmp_path, 100))
    from ai_artist_dagster.domain import audio_analysis  # the provider and the asset import it when they run

    analyses = []

    def counted(*args, **kwargs):
        analyses.append(1)
        return real_analysis(*args, **kwargs)

    real_analysis = audio_analysis.analyze_samples
    monkeypatch.setattr(audio_analysis, "analyze_samples", counted)
    with serve(SUNO_ROUTES, state) as url, dg.DagsterInstance.get() as instance:
        resources = {
            "music": MusicResource(provider="suno", suno_base_url=url, suno_poll_interval_s=0.01),
            PIECE_IO_MANAGER: PieceIOManager(),  # the upstream lyrics arrive as a typed input
            "storage": StorageResource(),
            "warehouse": WarehouseResource(),
        }
        result = dg.materialize(
            [lyrics.to_source_asset(), tracks],  # the piece's lyrics are loaded as the track's input
            partition_key=artist_day_key(DATE, artist),
            resources=resources,
            instance=instance,
        )
    assert result.success
    row = wh.query("SELECT provider, params, integrated_lufs, tempo_bpm, info FROM tracks")[0]
    assert row["provider"] == "suno" and json.loads(row["params"])["job_id"] == "clip-1"
    info = json.loads(row["info"])  # what the piece asked for and what the API says it played are kept apart
    assert info["requested_tempo_bpm"] == json.loads(row["params"])["requested_tempo_bpm"] == row["tempo_bpm"]
    assert abs(info["tempo_bpm"] - 100) < 3  # the fake API's song is at 100 bpm
    assert len(analyses) == 1  # the provider's analysis of the song is reused, not made twice
    assert abs(row["integrated_lufs"] + 14) <= 1
    calls = wh.query("SELECT provider, outcome, credits, cost_usd FROM music_calls ORDER BY called_at")
    assert calls[-1] == {"provider": "suno", "outcome": "ok", "credits": 10.0, "cost_usd": 0.05}
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert checks["tempo_matches_profile"].severity == dg.AssetCheckSeverity.WARN  # a hint to a remote API
    metadata = result.asset_materializations_for_node("tracks")[0].metadata
    assert "suno" in metadata["provider_attempts"].value
    everything = json.dumps([wh.query(f"SELECT * FROM {t}") for t in ("tracks", "music_calls")], default=str)
    assert "suno-cycle-SECRET" not in everything + str(metadata)


def test_teaser_over_pexels_footage_credits_its_authors(cycle, monkeypatch, tmp_path):
    import dagster as dg

    from ai_artist_dagster.defs.content.lyrics import lyrics
    from ai_artist_dagster.defs.content.resources import VideoResource
    from ai_artist_dagster.defs.content.tracks import tracks
    from ai_artist_dagster.defs.content.videos import videos
    from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource
    from ai_artist_dagster.lib.partitions import artist_day_key
    from ai_artist_dagster_tests.media_fakes import PEXELS_ROUTES, FakeState, fake_clip_mp4, serve

    _, wh, _ = cycle
    artist = wh.query("SELECT artist_id FROM artists")[0]["artist_id"]
    state = FakeState(audio=fake_clip_mp4(tmp_path))

    def render(**env) -> dg.ExecuteInProcessResult:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        resources = {
            "video": VideoResource(footage="pexels", pexels_base_url=url, teaser_seconds=4, footage_clips=2),
            PIECE_IO_MANAGER: PieceIOManager(),
            "storage": StorageResource(),
            "warehouse": WarehouseResource(),
        }
        with dg.DagsterInstance.get() as instance:
            return dg.materialize(
                [lyrics.to_source_asset(), tracks.to_source_asset(), videos],  # lyrics and track are loaded inputs
                partition_key=artist_day_key(DATE, artist),
                resources=resources,
                instance=instance,
            )

    with serve(PEXELS_ROUTES, state) as url:
        without_key = render()
        assert without_key.success  # no PEXELS_API_KEY: a warning, generated visuals
        assert without_key.asset_materializations_for_node("videos")[0].metadata["visuals"].value == "generated"
        result = render(PEXELS_API_KEY="pexels-cycle-SECRET")
    assert result.success
    metadata = result.asset_materializations_for_node("videos")[0].metadata
    assert metadata["visuals"].value == "footage" and "Videographer" in metadata["footage_credits"].value
    footage = json.loads(wh.query("SELECT footage FROM videos")[0]["footage"])
    assert len(footage) == 2 and footage[0]["page_url"].startswith("https://www.pexels.com/video/")
    assert "pexels-cycle-SECRET" not in json.dumps(wh.query("SELECT * FROM videos"), default=str) + str(metadata)


def test_rematerializing_with_an_llm_provider_costs_nothing_the_second_time(cycle, monkeypatch):
    """It replaces the piece's lyrics with ones written through the OpenAI client."""
    import dagster as dg
    import respx

    from ai_artist_dagster.defs.analytics.resources import EvolutionResource
    from ai_artist_dagster.defs.content.lyrics import lyrics
    from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource, WriterResource
    from ai_artist_dagster.domain.writer import write_lyrics
    from ai_artist_dagster.lib.partitions import artist_day_key
    from ai_artist_dagster.lib.schemas import LyricsBrief
    from ai_artist_dagster_tests.llm_fakes import OPENAI_URL, openai_body

    _, wh, _ = cycle
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-cycle-SECRET")
    monkeypatch.setenv("OPENAI_BASE_URL", OPENAI_URL)
    artist = wh.query("SELECT artist_id FROM artists")[0]["artist_id"]

    def answer(request):
        body = json.loads(request.content)
        data = json.loads(body["messages"][1]["content"].split("<data>")[1].split("</data>")[0])
        assert data["artist"]["name"] and data["trend"]["top_songs"]  # grounded in the warehouse's data
        from ai_artist_dagster.lib import records

        brief = LyricsBrief(
            profile=records.latest_profile(wh, artist), trend=records.trend_report(wh, DATE), date=DATE, seed=99
        )
        song = write_lyrics(brief).model_copy(update={"title": "Through The Fake API"})
        import httpx

        return httpx.Response(200, json=openai_body(song.model_dump_json()))

    resources = {
        "writer": WriterResource(providers="openai,offline"),
        PIECE_IO_MANAGER: PieceIOManager(),
        "storage": StorageResource(),
        "warehouse": WarehouseResource(),
        "evolution": EvolutionResource(),
    }
    with respx.mock() as mock, dg.DagsterInstance.get() as instance:
        route = mock.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=answer)
        for _ in range(2):
            result = dg.materialize(
                [lyrics], partition_key=artist_day_key(DATE, artist), resources=resources, instance=instance
            )
            assert result.success
        assert route.call_count == 1
    assert wh.query("SELECT title, provider FROM lyrics")[0] == {"title": "Through The Fake API", "provider": "openai"}
    calls = wh.query(
        "SELECT provider, outcome, cache_hit, cost_usd FROM llm_calls WHERE task = 'lyrics' ORDER BY called_at"
    )
    assert [(c["provider"], c["outcome"]) for c in calls[-2:]] == [("openai", "ok"), ("openai", "cache")]
    assert calls[-1]["cost_usd"] == 0 and calls[-2]["cost_usd"] > 0
    assert "sk-test-cycle-SECRET" not in json.dumps(wh.query("SELECT * FROM llm_calls"), default=str)


def test_posts_through_the_platform_apis(cycle, monkeypatch):
    """With AI_ARTIST_SOCIAL_TARGET=api the release's posts go through local fakes of the three APIs:
    YouTube (OAuth refresh, resumable upload, made public since its time has passed) and TikTok are
    published with the platforms' ids; Instagram refuses a teaser that is not at a public URL — the
    run fails saying so, the other two posts are kept, and a re-run sends nothing twice."""
    import dagster as dg

    from ai_artist_dagster.definitions import defs
    from ai_artist_dagster.lib.partitions import artist_day_key
    from ai_artist_dagster_tests.social_fakes import PlatformServer

    result, wh, _ = cycle
    [release] = wh.query("SELECT * FROM releases WHERE piece_id = ?", [f"{DATE}__{result.scheduled[0]}"])
    with PlatformServer() as fakes:
        fakes.refresh_token, fakes.tiktok_token, fakes.instagram_token = SECRETS[5:8]
        env = {
            "AI_ARTIST_SOCIAL_TARGET": "api",
            "YOUTUBE_CLIENT_ID": "cycle-client.apps.googleusercontent.com",
            "YOUTUBE_CLIENT_SECRET": SECRETS[8],
            "YOUTUBE_REFRESH_TOKEN": SECRETS[5],
            "YOUTUBE_API_URL": fakes.url + "/",
            "GOOGLE_OAUTH_TOKEN_URL": fakes.url + "/token",
            "TIKTOK_ACCESS_TOKEN": SECRETS[6],
            "TIKTOK_API_URL": fakes.url,
            "INSTAGRAM_USER_ID": "17841400000000000",
            "INSTAGRAM_ACCESS_TOKEN": SECRETS[7],
            "INSTAGRAM_GRAPH_URL": fakes.url,
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)

        def run():
            job = defs().resolve_job_def("social_job")
            key = artist_day_key(DATE, release["artist_id"])
            return job.execute_in_process(instance=dg.DagsterInstance.get(), partition_key=key, raise_on_error=False)

        first = run()
        assert not first.success
        failure = str(first.get_step_failure_events()[0].event_specific_data.error)
        assert "public HTTPS URL" in failure and "instagram" in failure
        posts = {
            r["platform"]: r
            for r in wh.query("SELECT * FROM social_posts WHERE release_id = ?", [release["release_id"]])
        }
        assert posts["youtube"]["status"] == "published" and posts["youtube"]["target"] == "youtube:api"
        assert posts["youtube"]["location"] == f"https://www.youtube.com/shorts/{posts['youtube']['platform_post_id']}"
        assert posts["tiktok"]["status"] == "published" and posts["tiktok"]["platform_post_id"] == "7000000000000000001"
        assert posts["instagram"]["status"] == "failed" and "public HTTPS URL" in posts["instagram"]["error"]
        [upload] = [body for key, body in fakes.uploads.items() if key.startswith("vid")]
        teaser = next(
            Path(release["path"]) / f["path"] for f in json.loads(release["manifest"])["files"] if f["role"] == "teaser"
        )
        assert upload == teaser.read_bytes() and fakes.youtube_used == 150  # the upload and its thumbnail
        assert list(fakes.thumbnails) == [posts["youtube"]["platform_post_id"]]
        sent = fakes.paths()
        assert "POST /token" in sent and "POST /v2/post/publish/video/init/" in sent
        assert any(p.startswith("PUT /tiktok-upload/") for p in sent)
        # the metadata the platforms received: the AI flags and the caption
        youtube = fakes.videos["s1"]
        assert youtube["status"]["containsSyntheticMedia"] is True and youtube["status"]["privacyStatus"] == "public"
        assert "publishAt" not in youtube["status"]  # 2020-03-20 has passed: public now
        calls = len(fakes.received)
        monkeypatch.setenv("AI_ARTIST_SOCIAL_PLATFORMS", "youtube,tiktok")
        again = run()
        assert again.success and len(fakes.received) == calls  # nothing sent twice
        kept = wh.query(
            "SELECT platform, attempts FROM social_posts WHERE release_id = ? ORDER BY 1", [release["release_id"]]
        )
        # one attempt each after the outbox's (the approval test queued them there first), none on the re-run
        assert {r["platform"]: r["attempts"] for r in kept} == {"instagram": 2, "tiktok": 2, "youtube": 2}


def test_an_operator_reschedules_and_takes_down_a_release(cycle):
    """`ai-artist releases reschedule` and `takedown` send ERN messages in the release's thread,
    validated and delivered as batches of their own; the warehouse and the calendar follow."""
    import datetime as dt

    from lxml import etree

    from ai_artist_dagster.cli.main import app
    from ai_artist_dagster.domain.ddex import validate_ern

    result, wh, root = cycle
    [release] = wh.query("SELECT * FROM releases WHERE piece_id = ?", [f"{DATE}__{result.scheduled[0]}"])
    runner = CliRunner()
    early = runner.invoke(app, ["releases", "reschedule", release["piece_id"], "--to", "2020-03-10", "--reason", "x"])
    assert early.exit_code != 0 and "lead time" in early.output
    for when in ("9999-12-31", "1900-01-01"):  # dates no store takes (and the deals would end before they start)
        far = runner.invoke(app, ["releases", "takedown", release["piece_id"], "--on", when, "--reason", "x"])
        assert far.exit_code != 0 and "is outside" in " ".join(far.output.split())
    moved = runner.invoke(
        app, ["releases", "reschedule", release["piece_id"], "--to", "2020-04-03", "--reason", "label slot"]
    )
    assert moved.exit_code == 0, moved.output
    down = runner.invoke(
        app, ["releases", "takedown", release["release_id"], "--on", "2020-06-30", "--reason", "rights"]
    )
    assert down.exit_code == 0, down.output
    messages = wh.query("SELECT * FROM release_messages ORDER BY created_at")
    assert [m["kind"] for m in messages] == ["update", "takedown"]
    assert messages[1]["end_date"] == dt.date(2020, 6, 30) and messages[0]["release_date"] == dt.date(2020, 4, 3)
    [row] = wh.query("SELECT release_date, teaser_date FROM releases WHERE release_id = ?", [release["release_id"]])
    assert (row["release_date"], row["teaser_date"]) == (dt.date(2020, 4, 3), dt.date(2020, 3, 27))
    for message in messages:
        [xml] = (root / "data" / "outbox" / message["batch_id"]).glob("*/*.xml")
        assert validate_ern(xml) == []
        tree = etree.parse(str(xml))
        assert tree.findtext("MessageHeader/MessageId") == message["message_id"]
        assert tree.findtext("MessageHeader/MessageThreadId") == release["release_id"]
        assert (root / "data" / "outbox" / message["batch_id"] / f"BatchComplete_{message['batch_id']}.xml").exists()
    assert {e.text for e in tree.iter("EndDate")} == {"2020-06-30"}
    listed = runner.invoke(app, ["releases", "list"])
    assert "taken down" in listed.output and "2020-04-03" in listed.output
    # found by the attacker: a reschedule after the takedown resent open-ended deals (the release came
    # back while `releases list` said taken down); far or malformed dates and repeated takedowns were taken
    again = runner.invoke(app, ["releases", "reschedule", release["piece_id"], "--to", "2020-05-01", "--reason", "x"])
    assert again.exit_code != 0 and "was taken down" in " ".join(again.output.split())
    twice = runner.invoke(app, ["releases", "takedown", release["release_id"], "--reason", "again"])
    assert twice.exit_code != 0 and "was taken down" in " ".join(twice.output.split())
    bad = runner.invoke(app, ["releases", "reschedule", release["piece_id"], "--to", "next friday", "--reason", "x"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output and "Traceback" not in bad.output
    assert [m["kind"] for m in wh.query("SELECT kind FROM release_messages")] == ["update", "takedown"]
    assert {m["status"] for m in wh.query("SELECT status FROM release_messages")} == {"delivered"}


SECRETS = [
    "cycle-bot-token-SECRET",
    "cycle-review-secret-0123456789",
    "suno-cycle-SECRET",
    "pexels-cycle-SECRET",
    "sk-test-cycle-SECRET",
    "yt-refresh-cycle-SECRET",
    "tiktok-cycle-SECRET",
    "ig-cycle-SECRET",
    "yt-client-cycle-SECRET",
]


def test_no_secret_in_any_file_event_or_warehouse_row(cycle):
    """Runs after every test above has used its provider key: no key is found in any file under
    the data dir or DAGSTER_HOME (run and event storage, logs), in any run's event log (messages,
    metadata) or in any warehouse column."""
    import dagster as dg

    _, wh, root = cycle
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{s} in {path}" for s in SECRETS if s.encode() in data]
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs()
        events = "\n".join(repr(e) for run in runs for e in instance.all_logs(run.run_id))
    found += [f"{s} in the event log" for s in SECRETS if s in events]
    tables = [r["table_name"] for r in wh.query("SELECT table_name FROM information_schema.tables")]
    rows = json.dumps({t: wh.query(f'SELECT * FROM "{t}"') for t in tables}, default=str)
    found += [f"{s} in the warehouse" for s in SECRETS if s in rows]
    assert len(runs) >= 8 and len(tables) >= 30 and "Through The Fake API" in rows  # the scan saw it all
    assert not found


def test_a_piece_written_by_a_fallback_says_so_in_metadata_log_and_status(cycle, monkeypatch):
    import dagster as dg
    import respx

    from ai_artist_dagster.cli.main import app
    from ai_artist_dagster.defs.analytics.resources import EvolutionResource
    from ai_artist_dagster.defs.content.lyrics import lyrics
    from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource, WriterResource
    from ai_artist_dagster.lib.partitions import artist_day_key
    from ai_artist_dagster_tests.llm_fakes import OPENAI_URL

    _, wh, _ = cycle
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-cycle-SECRET")
    monkeypatch.setenv("OPENAI_BASE_URL", OPENAI_URL)
    artist = wh.query("SELECT artist_id FROM artists")[0]["artist_id"]
    resources = {
        "writer": WriterResource(providers="openai,offline", max_attempts=2, cache=False),
        PIECE_IO_MANAGER: PieceIOManager(),
        "storage": StorageResource(),
        "warehouse": WarehouseResource(),
        "evolution": EvolutionResource(),
    }
    with respx.mock() as mock, dg.DagsterInstance.get() as instance:
        mock.post(f"{OPENAI_URL}/chat/completions").respond(503, json={"error": {"message": "overloaded"}})
        result = dg.materialize(
            [lyrics], partition_key=artist_day_key(DATE, artist), resources=resources, instance=instance
        )
        logs = instance.all_logs(result.run_id)
    assert result.success
    metadata = result.asset_materializations_for_node("lyrics")[0].metadata
    assert metadata["writer"].value == "offline" and metadata["writer_fallback"].value.startswith(
        "written by offline after openai: error"
    )
    warnings = [e for e in logs if e.level == logging.WARNING and "written by offline" in e.user_message]
    assert warnings  # the run's log says so too
    status = CliRunner().invoke(app, ["status", "--date", DATE], env={"COLUMNS": "200"})
    assert "writer fallbacks: 1" in status.output and "openai" in status.output


def test_running_a_completed_date_again_remakes_no_piece(cycle):
    from ai_artist_dagster.cli.cycle import run_cycle

    _, wh, _ = cycle
    [piece] = wh.query("SELECT piece_id, artist_id FROM lyrics")
    files = sorted((p, p.stat().st_mtime_ns) for p in Path(wh.path.parent, "pieces").rglob("*") if p.is_file())
    calls = wh.query("SELECT count(*) AS n FROM llm_calls")[0]["n"]
    again = run_cycle(DATE)
    assert not again.failed and again.kept == [piece["artist_id"]]
    assert sorted((p, p.stat().st_mtime_ns) for p in Path(wh.path.parent, "pieces").rglob("*") if p.is_file()) == files
    assert wh.query("SELECT count(*) AS n FROM llm_calls")[0]["n"] == calls  # no writer was asked again


def test_an_operator_describes_an_artist_and_the_next_cycle_makes_its_song(cycle):
    """Last in this module: it runs the next day's cycle."""
    from ai_artist_dagster.cli.cycle import run_cycle
    from ai_artist_dagster.cli.main import app

    _, wh, _ = cycle
    description = (
        "a mysterious electronic music producer with dark, atmospheric soundscapes and minimal public presence"
    )
    made = CliRunner().invoke(app, ["artists", "create", "--prompt", description, "--name", "Umbra Vale"])
    assert made.exit_code == 0 and "joins the roster as a candidate: electronic, melancholic" in made.output, (
        made.output
    )
    # the roster's default (AI_ARTIST_AUTOPILOT_DEFAULT=false here), said where the operator looks
    assert "Its pieces wait for a reviewer (`ai-artist review list`)" in " ".join(made.output.split())
    row = wh.query("SELECT status, prompt, autopilot FROM artists WHERE artist_id = 'umbra-vale'")[0]
    assert row == {"status": "candidate", "prompt": description, "autopilot": False}
    import dagster as dg

    # the CLI registers the artist's partition as the UI's job does: a daemon's planner can run it at once
    assert "umbra-vale" in dg.DagsterInstance.get().get_dynamic_partitions("artists")
    # the same from the Dagster UI: create_artist_job with the description as run config
    from ai_artist_dagster.definitions import defs

    config = {"prompt": "a warm acoustic country storyteller who sings slow ballads", "name": "Vesper Noor"}
    job = defs().resolve_job_def("create_artist_job")
    ran = job.execute_in_process(
        run_config={"ops": {"create_artist_from_prompt": {"config": config}}}, instance=dg.DagsterInstance.get()
    )
    assert ran.success
    niche = json.loads(wh.query("SELECT niche FROM artists WHERE artist_id = 'vesper-noor'")[0]["niche"])
    assert (niche["genre"], niche["mood"]) == ("country", "warm") and 72 <= niche["tempo_bpm"] <= 88  # slow
    assert "vesper-noor" in dg.DagsterInstance.get().get_dynamic_partitions("artists")
    result = run_cycle("2020-03-07")
    assert result.scheduled == ["umbra-vale"] and not result.failed, (result.scheduled, result.failed)
    profile = json.loads(wh.query("SELECT profile FROM profile_versions WHERE artist_id = 'umbra-vale'")[0]["profile"])
    assert profile["genre"] == "electronic" and "mysterious electronic music producer" in profile["backstory"]
    assert wh.query("SELECT count(*) AS n FROM tracks WHERE artist_id = 'umbra-vale'")[0]["n"] == 1
