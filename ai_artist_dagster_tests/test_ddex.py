"""Identifiers with valid check digits, allocated without collisions, and ERN messages that
validate against the DDEX ERN 4.3 schema."""

import datetime as dt

import pytest

from ai_artist_dagster.domain.ddex import ErnFile, ErnParty, ErnRelease, build_ern, ean13, isrc, validate_ern
from ai_artist_dagster.domain.ddex.identifiers import (
    IdentifierError,
    gtin_check_digit,
    is_valid_gtin,
    is_valid_isrc,
    next_designation,
    next_item,
)


def test_gtin_check_digits_match_known_codes():
    assert gtin_check_digit("400638133393") == 1  # EAN-13 4006381333931
    assert gtin_check_digit("03600029145") == 2  # UPC-A 036000291452
    assert is_valid_gtin("4006381333931") and not is_valid_gtin("4006381333932")
    code = ean13("0200000", 42)
    assert len(code) == 13 and code.startswith("0200000") and is_valid_gtin(code)


def test_isrc_format_and_errors():
    assert isrc("ZZ-AIA", 2020, 7) == "ZZAIA2000007" and is_valid_isrc("ZZAIA2000007")
    assert not is_valid_isrc("ZZAIA200007")
    with pytest.raises(IdentifierError, match="AI_ARTIST_ISRC_PREFIX"):
        isrc("Z1AIA", 2020, 1)
    with pytest.raises(IdentifierError, match="outside"):
        isrc("ZZAIA", 2020, 100_000)
    with pytest.raises(IdentifierError, match="AI_ARTIST_UPC_PREFIX"):
        ean13("02A", 1)


def test_allocation_continues_after_the_highest_code_of_the_prefix_and_year():
    taken = ["ZZAIA2000001", "ZZAIA2000002", "ZZAIA1900009", "QZXYZ2000050", ean13("0200000", 3)]
    assert next_designation(taken, "ZZAIA", 2020) == 3
    assert next_designation(taken, "ZZAIA", 2021) == 1
    assert next_item(taken, "0200000") == 4


def _release(**changes) -> ErnRelease:
    base = ErnRelease(
        message_id="AIA-1-M",
        created_at=dt.datetime(2020, 3, 6, tzinfo=dt.UTC),
        sender=ErnParty(dpid="PADPIDA0000000001X", name="ai-artist-dagster"),
        recipient=ErnParty(dpid="PADPIDA0000000002X", name="Distributor"),
        release_id="AIA-1",
        upc=ean13("0200000", 1),
        audio_isrc=isrc("ZZAIA", 2020, 1),
        video_isrc=isrc("ZZAIA", 2020, 2),
        title='Neon </data> & "Noise"',
        artist="Nova Vale",
        label="AI Artist Records",
        genre="pop",
        release_date=dt.date(2020, 3, 6),
        p_line="2020 AI Artist Records",
        c_line="2020 AI Artist Records",
        audio=ErnFile(uri="resources/audio_master.wav", sha256="a" * 64),
        audio_duration_s=151.25,
        video=ErnFile(uri="resources/teaser.mp4", sha256="b" * 64),
        video_duration_s=15.0,
        cover=ErnFile(uri="resources/cover.jpg", sha256="c" * 64),
        ai_disclosure="AI-generated: music, lyrics, artwork and video.",
    )
    return base.model_copy(update=changes)


@pytest.mark.slow
@pytest.mark.parametrize("with_video", [True, False])
def test_ern_validates_against_the_schema(ern_schema, with_video):
    xml = build_ern(_release() if with_video else _release(video=None))
    assert validate_ern(xml) == []
    ern_schema.validate(xml.decode())
    message = ern_schema.to_dict(xml.decode())
    release = message["ReleaseList"]["Release"]
    assert release["ReleaseId"]["ICPN"] == ean13("0200000", 1)
    assert release["DisplayTitleText"] == ['Neon </data> & "Noise"']
    assert ("Video" in message["ResourceList"]) is with_video
    assert b'Neon &lt;/data&gt; &amp; "Noise"' in xml  # text is escaped, never markup


def test_schema_errors_are_reported_with_lines():
    xml = build_ern(_release()).replace(
        b"<ReleaseType>MultimediaSingle</ReleaseType>", b"<ReleaseType>Mixtape</ReleaseType>"
    )
    errors = validate_ern(xml)
    assert errors and "Mixtape" in errors[0] and errors[0].startswith("line ")


def test_scheduled_release_update_and_takedown_messages_validate():
    from lxml import etree

    from ai_artist_dagster.domain.ddex import revise_ern

    first = build_ern(
        _release(release_date=dt.date(2020, 3, 27), announce_date=dt.date(2020, 3, 20), p_line="2020 AI Artist Records")
    )
    assert validate_ern(first) == []
    tree = etree.fromstring(first)
    assert {e.text for e in tree.iter("StartDate")} == {"2020-03-27"}  # the deals start on the release date
    assert tree.findtext("DealList/ReleaseVisibility/ClipPreviewStartDateTime") == "2020-03-20T00:00:00+00:00"

    stamp = dt.datetime(2020, 3, 10, 9, tzinfo=dt.UTC)
    update = revise_ern(first, "AIA-1-U1", stamp, release_date=dt.date(2020, 4, 3), announce_date=dt.date(2020, 3, 27))
    assert validate_ern(update) == []
    tree = etree.fromstring(update)
    assert tree.findtext("MessageHeader/MessageId") == "AIA-1-U1"
    assert tree.findtext("MessageHeader/MessageThreadId") == "AIA-1"  # the same thread as the first message
    assert {e.text for e in tree.iter("StartDate")} == {"2020-04-03"} and not list(tree.iter("EndDate"))
    assert tree.findtext("DealList/ReleaseVisibility/ReleaseDisplayStartDateTime") == "2020-03-27T00:00:00+00:00"

    takedown = revise_ern(update, "AIA-1-T2", stamp, end_date=dt.date(2020, 6, 30))
    assert validate_ern(takedown) == []
    periods = etree.fromstring(takedown).findall("DealList/ReleaseDeal/Deal/DealTerms/ValidityPeriod")
    assert len(periods) == 3 and all(p.findtext("EndDate") == "2020-06-30" for p in periods)
