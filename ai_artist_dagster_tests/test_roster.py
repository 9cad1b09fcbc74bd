import datetime as dt
import itertools

from ai_artist_dagster.domain.roster import RosterRules, plan_roster
from ai_artist_dagster.lib.schemas import ArtistNiche, ArtistRecord

NICHE = ArtistNiche(genre="pop", mood="warm", tempo_bpm=100, key=0, mode="major")
DAY = dt.date(2020, 3, 6)


def _artist(aid: str, **kw) -> ArtistRecord:
    return ArtistRecord(
        artist_id=aid,
        name=aid.title(),
        status=kw.pop("status", "active"),
        autopilot=False,
        niche=kw.pop("niche", NICHE),
        created_on=dt.date(2020, 1, 1),
        **kw,
    )


def test_empty_roster_creates_artists_for_rising_niches(trend):
    decision = plan_roster([], trend, DAY, RosterRules(artists_per_day=2), seed=1)
    assert len(decision.created) == 2
    assert decision.created[0].niche.genre == "hip hop"  # the top rising genre
    assert decision.created[0].niche.key == 11 and decision.created[0].niche.mode == "minor"  # B minor rising
    assert 92 <= decision.created[0].niche.tempo_bpm <= 108
    assert [a for a, _ in decision.scheduled] == [a.artist_id for a in decision.created]
    assert all(a.last_run_on == DAY for a in decision.created)


def test_least_recently_run_first_and_retirement(trend):
    artists = [
        _artist("a", last_run_on=dt.date(2020, 3, 5)),
        _artist("b", last_run_on=dt.date(2020, 3, 1)),
        _artist("c", consecutive_rejections=3),
        _artist("d", status="candidate", approvals=1, last_run_on=dt.date(2020, 3, 2)),
    ]
    decision = plan_roster(artists, trend, DAY, RosterRules(artists_per_day=2, new_artist_probability=0), seed=1)
    assert decision.retired == ["c"]
    assert decision.promoted == ["d"]
    assert [a for a, _ in decision.scheduled] == ["b", "d"]
    assert not decision.created


def test_new_artist_created_with_probability_only_for_unserved_niches(trend):
    served = [_artist("x", niche=NICHE.model_copy(update={"genre": g})) for g in ("hip hop", "pop")]
    assert not plan_roster(served, trend, DAY, RosterRules(new_artist_probability=1.0), seed=1).created
    open_niche = [_artist("x")]
    assert plan_roster(open_niche, trend, DAY, RosterRules(new_artist_probability=1.0), seed=1).created
    assert not plan_roster(open_niche, trend, DAY, RosterRules(new_artist_probability=0.0), seed=1).created


def test_artists_of_one_day_differ_in_key_mode_and_tempo_band(trend):
    from ai_artist_dagster.domain.music_theory import tempo_band_of
    from ai_artist_dagster.domain.writer import write_profile
    from ai_artist_dagster.lib.schemas import GenreNiche, ProfileBrief

    # one genre dominates the day with one key and one tempo band: a template would clone it
    def niche(genre: str) -> GenreNiche:  # each genre charts its own performers (one shared feature)
        names = [f"{genre.title()} Star {i}" for i in range(5)] + ["Featured Guest"]
        return GenreNiche(
            songs=9, keys=["F minor"], tempo_bands=["fast (130+ bpm)"], moods=["intense"], performers=names
        )

    day = trend.model_copy(update={"genres": {g: niche(g) for g in ("hip hop", "pop", "rock", "r&b")}})
    decision = plan_roster([], day, DAY, RosterRules(artists_per_day=4), seed=3)
    sounds = [(a.niche.key, a.niche.mode, tempo_band_of(a.niche.tempo_bpm)) for a in decision.created]
    assert len(decision.created) == 4 and len(set(sounds)) == 4
    assert sounds[0] == (5, "minor", "fast (130+ bpm)")  # the first gets its niche's own key and band
    profiles = [
        write_profile(ProfileBrief(artist_id=a.artist_id, name=a.name, niche=a.niche, trend=day, seed=i))
        for i, a in enumerate(decision.created)
    ]
    for p, q in itertools.combinations(profiles, 2):
        assert len(set(p.influences) & set(q.influences)) <= 1, (p.influences, q.influences)
        assert p.backstory != q.backstory
    assert all(set(p.influences) <= set(day.genres[p.genre].performers) for p in profiles)  # its own niche's


def test_an_artist_from_a_description_keeps_what_it_names_and_is_run_next(trend):
    from ai_artist_dagster.domain.music_theory import tempo_band_of
    from ai_artist_dagster.domain.roster import asked_in, prompted_artist, sound_of
    from ai_artist_dagster.domain.writer import write_profile
    from ai_artist_dagster.lib.schemas import ProfileBrief

    text = "a mysterious electronic music producer with dark, atmospheric soundscapes and minimal public presence"
    assert asked_in(text).genre == "electronic" and asked_in(text).mood == "melancholic"
    assert asked_in("a fast, aggressive rap crew").tempo_band == "fast (130+ bpm)"
    live = [_artist("a", last_run_on=dt.date(2020, 3, 5), niche=NICHE.model_copy(update={"genre": "electronic"}))]
    record = prompted_artist(text, live, trend, DAY, RosterRules(), name="Umbra Vale")
    assert (record.status, record.niche.genre, record.niche.mood, record.prompt) == ("candidate", "electronic",
                                                                                   "melancholic", text)  # fmt: skip
    # on autopilot exactly when the roster's own new artists are (the README's promise)
    assert record.autopilot is True
    assert prompted_artist(text, live, trend, DAY, RosterRules(default_autopilot=False)).autopilot is False
    assert sound_of(record.niche) != sound_of(live[0].niche) and tempo_band_of(record.niche.tempo_bpm)
    profile = write_profile(
        ProfileBrief(
            artist_id=record.artist_id, name=record.name, niche=record.niche, trend=trend, seed=1, description=text
        )
    )
    assert "mysterious electronic music producer" in profile.backstory and "mysterious" in profile.personality
    decision = plan_roster([*live, record], trend, DAY + dt.timedelta(days=1), RosterRules(artists_per_day=1), seed=2)
    assert [a for a, _ in decision.scheduled] == [record.artist_id]  # never run: first in the next cycle


def test_a_days_artists_differ_on_every_field_a_listener_meets(trend):
    """2018-11-20: two opm, melancholic, G major artists with one voice, one lyric style, near-identical
    palettes, the same themes and character, sharing a surname, each bio citing the chart data set."""
    from ai_artist_dagster.domain.colors import hex_to_rgb
    from ai_artist_dagster.domain.writer import write_lyrics, write_profile
    from ai_artist_dagster.lib.schemas import GenreNiche, LyricsBrief, ProfileBrief

    opm = GenreNiche(songs=40, keys=["G major"], tempo_bands=["slow (<90 bpm)"], moods=["melancholic"],
                     performers=["Moira Dela Torre", "Ben&Ben", "December Avenue", "Zack Tabudlo", "Juan Karlos"])  # fmt: skip
    day = trend.model_copy(update={"genres": {"opm": opm}})
    decision = plan_roster([], day, DAY, RosterRules(artists_per_day=3), seed=7)
    niches = [a.niche for a in decision.created]
    assert len(niches) == 3
    assert len({(n.genre, n.mood) for n in niches}) == 3 and len({(n.key, n.mode) for n in niches}) == 3
    assert len({n.mood for n in niches}) == 3 and {n.voice_register for n in niches} == {"low", "high"}
    surnames = [a.name.split()[-1] for a in decision.created]
    firsts = [a.name.split()[0] for a in decision.created]
    assert len(set(surnames)) == 3 and len(set(firsts)) == 3, [a.name for a in decision.created]
    profiles = []
    for i, a in enumerate(decision.created):  # each written knowing the ones before (as the profile asset does)
        brief = ProfileBrief(artist_id=a.artist_id, name=a.name, niche=a.niche, trend=day, seed=i, others=profiles)
        profiles.append(write_profile(brief))
    # teasers: four of six used one layout and three shared a palette family; each artist now has its own
    assert len({p.visual_template for p in profiles}) == 3
    for p, q in itertools.combinations(profiles, 2):
        assert p.voice_style != q.voice_style and p.vocal != q.vocal
        assert p.lyric_style != q.lyric_style and set(p.themes) != set(q.themes)
        assert set(p.personality) != set(q.personality) and not set(p.subgenres) & set(q.subgenres)
        distance = min(
            sum(abs(x - y) for x, y in zip(hex_to_rgb(a), hex_to_rgb(b), strict=True))
            for a in p.visual_palette[:1]
            for b in q.visual_palette[:1]
        )
        assert distance > 60, (p.visual_palette, q.visual_palette)  # signature colours apart
    for p in profiles:
        assert "chart of" not in p.backstory and "spotify" not in p.backstory.lower()
        assert not any(w in p.voice_style for w in ("harmon", "shout", "stacked", "double"))  # only what is sung
        song = write_lyrics(LyricsBrief(profile=p, trend=day, date=DAY, seed=3))
        words = {w for line in song.sung_lines() for w in line.lower().replace(",", "").split()}
        if "plural" in p.lyric_style:
            assert "i" not in words and "we" in words  # the storytelling promised is the one sung
