"""DDEX ERN 4.3 NewReleaseMessage for one AI-generated single: the sound recording, the teaser
video and the cover image as resources, one MultimediaSingle release, worldwide streaming and
download deals. Validated against the official schema (data/ddex/ern43) with lxml.

ERN 4.3 has no element for AI generation, so the disclosure is carried three ways a recipient
can read: the release's MarketingComment, an "AI-generated" keyword, and the generating system
as a contributor with a user-defined role.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from lxml import etree
from pydantic import BaseModel

from ai_artist_dagster.lib import paths

ERN_NS = "http://ddex.net/xml/ern/43"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = paths.PROJECT_ROOT / "data" / "ddex" / "ern43" / "release-notification.xsd"
WORLD = {"ApplicableTerritoryCode": "Worldwide"}


class ErnParty(BaseModel):
    dpid: str  # DDEX Party Identifier (PADPIDA…)
    name: str


class ErnFile(BaseModel):
    uri: str  # relative to the message, e.g. resources/A1_track.wav
    sha256: str


class ErnRelease(BaseModel):
    message_id: str
    created_at: dt.datetime
    sender: ErnParty
    recipient: ErnParty
    release_id: str
    upc: str
    audio_isrc: str
    video_isrc: str
    title: str
    artist: str
    label: str
    genre: str
    release_date: dt.date  # the deals start: the release goes on sale and streams
    announce_date: dt.date | None = None  # earlier: cover, track list and the teaser clip may be shown
    end_date: dt.date | None = None  # a takedown: the deals end on this day
    p_line: str
    c_line: str
    audio: ErnFile
    audio_duration_s: float
    audio_channels: int = 2
    audio_sample_rate_khz: float = 44.1
    audio_bits: int = 16
    video: ErnFile | None = None
    video_duration_s: float = 0.0
    video_width: int = 1080
    video_height: int = 1920
    video_fps: float = 30.0
    cover: ErnFile
    cover_size: tuple[int, int] = (1000, 1000)
    ai_disclosure: str
    parental_warning: str = "NotExplicit"  # from the lyrics (domain/release_gate.parental_warning)
    generator: str = "ai-artist-dagster"
    sung: bool = False  # a (synthetic) voice sings: not instrumental; no human vocal performance
    language: str = "en"
    lyrics: ErnFile | None = None  # word-timed lyrics (enhanced LRC), a Text resource


def iso_duration(seconds: float) -> str:
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"PT{int(minutes)}M{rest:.3f}S"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def _party(parent: etree._Element, tag: str, party: ErnParty) -> None:
    node = _el(parent, tag)
    _el(node, "PartyId", party.dpid)
    _el(_el(node, "PartyName"), "FullName", party.name)


def _file(parent: etree._Element, file: ErnFile) -> None:
    node = _el(parent, "File")
    _el(node, "URI", file.uri)
    digest = _el(node, "HashSum")
    _el(digest, "Algorithm", "SHA-256")
    _el(digest, "HashSumValue", file.sha256)


def _titles_and_artist(parent: etree._Element, r: ErnRelease) -> None:
    _el(parent, "DisplayTitleText", r.title)
    _el(_el(parent, "DisplayTitle", **WORLD), "TitleText", r.title)
    _el(parent, "DisplayArtistName", r.artist, **WORLD)
    artist = _el(parent, "DisplayArtist", SequenceNumber="1")
    _el(artist, "ArtistPartyReference", "PArtist")
    _el(artist, "DisplayArtistRole", "MainArtist")


def _line(parent: etree._Element, tag: str, year: int, text: str) -> None:
    node = _el(parent, tag)
    _el(node, "Year", str(year))
    _el(node, f"{tag}Text", text)


def _generator_contributor(parent: etree._Element, r: ErnRelease) -> None:
    contributor = _el(parent, "Contributor")
    _el(contributor, "ContributorPartyReference", "PGenerator")
    _el(contributor, "Role", "UserDefined", Namespace=r.sender.dpid, UserDefinedValue="AIGenerationSystem")


def _resource(
    resources: etree._Element, r: ErnRelease, tag: str, ref: str, kind: str, isrc: str, duration_s: float
) -> etree._Element:
    """A sound recording or video: its edition (ISRC, P line, technical details) and, around it,
    titles, artist, the AI contributor, duration. Returns the empty DeliveryFile for the caller
    to fill with the codec details and the file."""
    resource = _el(resources, tag)
    _el(resource, "ResourceReference", ref)
    _el(resource, "Type", kind)
    edition = _el(resource, f"{tag}Edition")
    _el(_el(edition, "ResourceId"), "ISRC", isrc)
    _line(edition, "PLine", r.release_date.year, r.p_line)
    tech = _el(edition, "TechnicalDetails")
    _el(tech, "TechnicalResourceDetailsReference", f"T{ref[1:]}")
    delivery = _el(tech, "DeliveryFile")
    _titles_and_artist(resource, r)
    _generator_contributor(resource, r)
    _el(resource, "Duration", iso_duration(duration_s))
    _el(resource, "ParentalWarningType", r.parental_warning)
    return delivery


def _performance(recording: etree._Element, r: ErnRelease) -> None:
    """What is heard: a synthetic voice is no human vocal performance, but the track is not instrumental."""
    _el(recording, "HasVocalPerformance", "false")
    _el(recording, "IsInstrumental", "false" if r.sung else "true")
    if r.sung:
        _el(recording, "LanguageOfPerformance", r.language)


def _sound_recording(resources: etree._Element, r: ErnRelease) -> None:
    delivery = _resource(
        resources, r, "SoundRecording", "A1", "MusicalWorkSoundRecording", r.audio_isrc, r.audio_duration_s
    )
    _el(delivery, "Type", "AudioFile")
    _el(delivery, "AudioCodecType", "PCM")
    _el(delivery, "NumberOfChannels", str(r.audio_channels))
    _el(delivery, "SamplingRate", f"{r.audio_sample_rate_khz:g}", UnitOfMeasure="kHz")
    _el(delivery, "BitsPerSample", str(r.audio_bits))
    _file(delivery, r.audio)
    _performance(delivery.getparent().getparent().getparent(), r)  # DeliveryFile ← details ← edition ← recording


def _video(resources: etree._Element, r: ErnRelease) -> None:
    assert r.video is not None
    delivery = _resource(resources, r, "Video", "A2", "ShortFormMusicalWorkVideo", r.video_isrc, r.video_duration_s)
    _el(delivery, "Type", "AudioVisualFile")
    _el(delivery, "VideoCodecType", "AVC")
    _el(delivery, "FrameRate", f"{r.video_fps:g}")
    _el(delivery, "ImageHeight", str(r.video_height))
    _el(delivery, "ImageWidth", str(r.video_width))
    _el(delivery, "AudioCodecType", "AAC")
    _el(delivery, "NumberOfAudioChannels", "2")
    _el(delivery, "AudioSamplingRate", f"{r.audio_sample_rate_khz:g}", UnitOfMeasure="kHz")
    _file(delivery, r.video)


def _image(resources: etree._Element, r: ErnRelease) -> None:
    image = _el(resources, "Image")
    _el(image, "ResourceReference", "A3")
    _el(image, "Type", "FrontCoverImage")
    _el(_el(image, "ResourceId"), "ProprietaryId", f"{r.release_id}-COVER", Namespace=r.sender.dpid)
    tech = _el(image, "TechnicalDetails")
    _el(tech, "TechnicalResourceDetailsReference", "T3")
    _el(tech, "ImageCodecType", "JPEG")
    _el(tech, "ImageHeight", str(r.cover_size[1]))
    _el(tech, "ImageWidth", str(r.cover_size[0]))
    _file(tech, r.cover)


def _lyrics(resources: etree._Element, r: ErnRelease) -> None:
    assert r.lyrics is not None
    text = _el(resources, "Text")
    _el(text, "ResourceReference", "A4")
    _el(text, "Type", "LyricText")
    _el(_el(text, "ResourceId"), "ProprietaryId", f"{r.release_id}-LYRICS", Namespace=r.sender.dpid)
    _titles_and_artist(text, r)
    _generator_contributor(text, r)
    tech = _el(text, "TechnicalDetails")
    _el(tech, "TechnicalResourceDetailsReference", "T4")
    _el(tech, "TextCodecType", "EnhancedLRC")
    _file(tech, r.lyrics)
    _el(text, "LanguageOfText", r.language)


def _release(releases: etree._Element, r: ErnRelease) -> None:
    release = _el(releases, "Release")
    _el(release, "ReleaseReference", "R0")
    _el(release, "ReleaseType", "MultimediaSingle")
    ids = _el(release, "ReleaseId")
    _el(ids, "ICPN", r.upc)
    _el(ids, "ProprietaryId", r.release_id, Namespace=r.sender.dpid)
    _titles_and_artist(release, r)
    _el(release, "ReleaseLabelReference", "PLabel", **WORLD)
    _line(release, "PLine", r.release_date.year, r.p_line)
    _line(release, "CLine", r.release_date.year, r.c_line)
    _el(_el(release, "Genre", **WORLD), "GenreText", r.genre)
    _el(release, "ReleaseVisibilityReference", "V0")
    _el(release, "ParentalWarningType", r.parental_warning)
    group = _el(release, "ResourceGroup")
    _el(group, "SequenceNumber", "1")
    for n, ref in enumerate(["A1", "A2"] if r.video else ["A1"], start=1):
        item = _el(group, "ResourceGroupContentItem")
        _el(item, "SequenceNumber", str(n))
        _el(item, "ReleaseResourceReference", ref)
        if ref == "A1":  # the cover art and the lyrics go with the recording
            _el(item, "LinkedReleaseResourceReference", "A3", LinkDescription="CoverArt")
            if r.lyrics:
                _el(item, "LinkedReleaseResourceReference", "A4", LinkDescription="UserDefined")
    _el(release, "Keywords", f"{r.artist} {r.title} {r.genre} AI-generated")
    _el(release, "MarketingComment", r.ai_disclosure)


def _deals(deals: etree._Element, r: ErnRelease) -> None:
    release_deal = _el(deals, "ReleaseDeal")
    _el(release_deal, "DealReleaseReference", "R0")
    terms = [
        ("SubscriptionModel", ["OnDemandStream", "NonInteractiveStream"]),
        ("AdvertisementSupportedModel", ["OnDemandStream", "NonInteractiveStream"]),
        ("PayAsYouGoModel", ["PermanentDownload"]),
    ]
    for model, uses in terms:
        deal_terms = _el(_el(release_deal, "Deal"), "DealTerms")
        _el(deal_terms, "TerritoryCode", "Worldwide")
        period = _el(deal_terms, "ValidityPeriod")
        _el(period, "StartDate", r.release_date.isoformat())
        if r.end_date:
            _el(period, "EndDate", r.end_date.isoformat())
        _el(deal_terms, "CommercialModelType", model)
        for use in uses:
            _el(deal_terms, "UseType", use)
    visibility = _el(deals, "ReleaseVisibility")
    _el(visibility, "VisibilityReference", "V0")
    start = f"{(r.announce_date or r.release_date).isoformat()}T00:00:00+00:00"
    _el(visibility, "ReleaseDisplayStartDateTime", start)
    _el(visibility, "CoverArtPreviewStartDateTime", start)
    _el(visibility, "ClipPreviewStartDateTime", start)


def build_ern(r: ErnRelease) -> bytes:
    """The NewReleaseMessage as UTF-8 XML bytes."""
    root = etree.Element(
        f"{{{ERN_NS}}}NewReleaseMessage",
        {
            f"{{{XSI_NS}}}schemaLocation": f"{ERN_NS} {ERN_NS}/release-notification.xsd",
            "ReleaseProfileVersionId": "MixedMedia",
            "LanguageAndScriptCode": "en",
            "AvsVersionId": "3",
        },
        nsmap={"ern": ERN_NS, "xsi": XSI_NS},
    )
    header = _el(root, "MessageHeader")
    _el(header, "MessageThreadId", r.release_id)
    _el(header, "MessageId", r.message_id)
    _party(header, "MessageSender", r.sender)
    _party(header, "MessageRecipient", r.recipient)
    _el(header, "MessageCreatedDateTime", r.created_at.astimezone(dt.UTC).isoformat(timespec="seconds"))
    _el(header, "MessageControlType", "LiveMessage")
    parties = _el(root, "PartyList")
    for ref, name in (("PArtist", r.artist), ("PLabel", r.label), ("PGenerator", r.generator)):
        party = _el(parties, "Party")
        _el(party, "PartyReference", ref)
        _el(_el(party, "PartyName"), "FullName", name)
    resources = _el(root, "ResourceList")
    _sound_recording(resources, r)
    if r.video:
        _video(resources, r)
    _image(resources, r)
    if r.lyrics:
        _lyrics(resources, r)
    _release(_el(root, "ReleaseList"), r)
    _deals(_el(root, "DealList"), r)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def validate_ern(xml: bytes | Path) -> list[str]:
    """Schema errors (line: message), empty when the message is valid ERN 4.3."""
    document = etree.parse(str(xml)) if isinstance(xml, Path) else etree.fromstring(xml).getroottree()
    schema = _schema()
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def revise_ern(
    xml: bytes,
    message_id: str,
    created_at: dt.datetime,
    release_date: dt.date | None = None,
    announce_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> bytes:
    """A later NewReleaseMessage about a release already delivered, in the same message thread:
    an update (``release_date``/``announce_date``: the deals start on another day) or a takedown
    (``end_date``: every deal's validity period ends that day; ERN 4 has no takedown flag, the
    deal is terminated as DDEX's Deal definition describes). A new MessageId and creation time;
    everything else as first delivered."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))  # re-indented on output

    def each(path: str) -> list[etree._Element]:
        return root.xpath(path)

    each("MessageHeader/MessageId")[0].text = message_id
    each("MessageHeader/MessageCreatedDateTime")[0].text = created_at.astimezone(dt.UTC).isoformat(timespec="seconds")
    for period in each("DealList/ReleaseDeal/Deal/DealTerms/ValidityPeriod"):
        if release_date:
            period.find("StartDate").text = release_date.isoformat()
        if end_date:
            for old in period.findall("EndDate"):
                period.remove(old)
            etree.SubElement(period, "EndDate").text = end_date.isoformat()
    if announce_date or release_date:
        start = f"{(announce_date or release_date).isoformat()}T00:00:00+00:00"  # type: ignore[union-attr]
        for tag in ("ReleaseDisplayStartDateTime", "CoverArtPreviewStartDateTime", "ClipPreviewStartDateTime"):
            for element in each(f"DealList/ReleaseVisibility/{tag}"):
                element.text = start
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
