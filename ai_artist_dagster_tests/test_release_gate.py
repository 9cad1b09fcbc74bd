"""The pre-delivery gate's rules on facts, and its fingerprint on real audio."""

import numpy as np
import pytest

from ai_artist_dagster.defs.releases.resources import GateResource
from ai_artist_dagster.domain.fingerprint import fingerprint_samples, similarity
from ai_artist_dagster.domain.release_gate import (
    CatalogueEntry,
    GateFacts,
    evaluate,
    parental_warning,
    passes,
    style_problems,
)

SR = 22_050


def _song(seed: int, seconds: float = 90.0) -> np.ndarray:
    """A chord sequence with a melody: random triads and notes, a new chord every second."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(SR * 1.0)) / SR
    out = []
    for _ in range(int(seconds)):
        root = rng.integers(0, 12)
        chord = [root, root + 4 if rng.random() < 0.5 else root + 3, root + 7, rng.integers(12, 24)]
        out.append(sum(np.sin(2 * np.pi * 220 * 2 ** (n / 12) * t) for n in chord) / 4)
    return np.concatenate(out).astype(np.float32)


def _facts(**overrides) -> GateFacts:
    base = dict(
        release_id="AIA-1",
        artist_id="nova-vale",
        artist_name="Nova Vale",
        profile_name="Nova Vale",
        ern_artist="Nova Vale",
        title="Paper Lanterns",
        duration_s=150.0,
        fingerprint=fingerprint_samples(_song(1), SR),
        lyric_lines=["we hold the light", "under paper lanterns"],
        explicit_flag="NotExplicit",
        ai_disclosure="AI-generated: music, lyrics and artwork",
        ern_has_disclosure=True,
        artist_releases_in_window=0,
        label_releases_today=0,
        charting_names=["Justin Bieber", "Dua Lipa"],
    )
    return GateFacts(**{**base, **overrides})


RULES = GateResource().rules()


def test_a_clean_release_passes_every_rule():
    other = CatalogueEntry(
        release_id="AIA-0", artist_id="x", title="Other", fingerprint=fingerprint_samples(_song(2), SR)
    )
    findings = evaluate(_facts(), [other], RULES)
    assert [f.rule for f in findings] == [
        "min_duration",
        "near_duplicate",
        "cadence",
        "metadata_style",
        "ai_disclosure",
        "explicit_flag",
    ]
    assert passes(findings), [f for f in findings if not f.passed]


@pytest.mark.slow
def test_copies_of_a_song_match_and_distinct_songs_do_not():
    song = _song(1)
    original = fingerprint_samples(song, SR)
    copies = {
        "trimmed and quieter": song[int(5.3 * SR) :] * 0.4,
        "padded": np.concatenate([np.zeros(2 * SR, np.float32), song]),
        "noisy": song + np.random.default_rng(0).normal(0, 0.02, len(song)).astype(np.float32),
        "stereo at 44.1 kHz": np.repeat(np.repeat(song, 2)[:, None], 2, axis=1),
    }
    for name, copy in copies.items():
        rate = 2 * SR if name.startswith("stereo") else SR
        assert similarity(original, fingerprint_samples(copy, rate)) > 0.9, name
    distinct = [similarity(original, fingerprint_samples(_song(seed), SR)) for seed in range(2, 7)]
    assert max(distinct) < RULES.duplicate_similarity, distinct


@pytest.mark.slow
def test_the_gate_refuses_what_stores_flag_and_says_why():
    dup = CatalogueEntry(
        release_id="AIA-0", artist_id="nova-vale", title="Other Lanterns", fingerprint=_facts().fingerprint
    )
    cases = {
        "min_duration": _facts(duration_s=31.0),
        "cadence": _facts(artist_releases_in_window=3),
        "metadata_style": _facts(title="PAPER LANTERNS (feat. Dua Lipa) 🔥"),
        "ai_disclosure": _facts(ai_disclosure="Released by AI Artist Records"[:11], ern_has_disclosure=False),
        "explicit_flag": _facts(lyric_lines=["this shit is on fire"]),
    }
    for rule, facts in cases.items():
        findings = evaluate(facts, [], RULES)
        refused = [f for f in findings if not f.passed]
        assert [f.rule for f in refused] == [rule], (rule, refused)
        assert not passes(findings)
    [finding] = [f for f in evaluate(_facts(), [dup], RULES) if not f.passed]
    assert finding.rule == "near_duplicate" and "AIA-0" in finding.detail and "1.00" in finding.detail
    # another artist's live release of the same title (the audio differs): refused as store metadata
    namesake = CatalogueEntry(
        release_id="AIA-7", artist_id="kami-lune", title="paper lanterns", fingerprint=fingerprint_samples(_song(2), SR)
    )
    [finding] = [f for f in evaluate(_facts(), [namesake], RULES) if not f.passed]
    assert finding.rule == "metadata_style" and "is already AIA-7's (kami-lune)" in finding.detail
    style = style_problems("title", "PAPER LANTERNS (feat. Dua Lipa) 🔥")
    assert len(style) == 3 and any("feat" in p for p in style) and any("emoji" in p for p in style)
    assert any("search bait" in f.detail for f in evaluate(_facts(title="Justin Bieber Nights"), [], RULES))


def test_an_operator_allowance_lets_the_refused_rule_through_and_is_recorded():
    findings = evaluate(_facts(artist_releases_in_window=5), [], RULES, allowed={"cadence": "ops@label"})
    assert passes(findings)
    [cadence] = [f for f in findings if f.rule == "cadence"]
    assert not cadence.passed and cadence.allowed_by == "ops@label"
    assert not passes(evaluate(_facts(duration_s=10.0), [], RULES, allowed={"cadence": "ops@label"}))


@pytest.mark.parametrize(
    ("lines", "flag"),
    [(["a quiet night", "we shift the light"], "NotExplicit"), (["Fuck the night"], "Explicit")],
)
def test_the_explicit_flag_comes_from_whole_words_of_the_lyrics(lines, flag):
    assert parental_warning(lines) == flag


def test_a_name_the_stores_would_refuse_is_refused_when_the_artist_is_made(tmp_path):
    """A control character made a piece unreleasable and a 400-character name failed its profile every run."""
    from ai_artist_dagster.defs.artists.create import UnpublishableName, add_artist_from_prompt
    from ai_artist_dagster.lib.schemas.rules import RosterRules
    from ai_artist_dagster.lib.warehouse import Warehouse

    for name, says in (("Nova\x07Vale", "control characters"), ("N" * 400, "400 characters"),
                       ('<script>"x"', "store feeds refuse"), ("DJ  Space", "double spaces")):  # fmt: skip
        assert any(says in p for p in style_problems("artist name", name)), name
        with pytest.raises(UnpublishableName, match="cannot be published"):
            add_artist_from_prompt(Warehouse(tmp_path / "w.duckdb"), None, RosterRules(), "a warm folk singer", name)
    assert style_problems("artist name", "Ben&Ben") == []  # a real charting act: & is fine


def test_a_description_a_terminal_could_not_decode_is_a_clear_error(isolated_env):
    """Non-UTF-8 bytes on the command line arrive as surrogates: `artists create` ended in a traceback."""
    from typer.testing import CliRunner

    from ai_artist_dagster.cli.main import app

    for args in (
        ["--prompt", "a dark \udcff electronic producer"],
        ["--prompt", "a warm folk singer", "--name", "N\udcfeva"],
    ):
        result = CliRunner().invoke(app, ["artists", "create", *args], env={"COLUMNS": "200"})
        assert result.exit_code == 2 and "not UTF-8 text" in result.output, result.output
