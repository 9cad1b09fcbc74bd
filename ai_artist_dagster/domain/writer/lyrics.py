"""Offline lyrics: a planned song (scene, turn, hook, development, new perspective) in grammatical
lines around rhyming, typed end words, near a target meter."""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from dataclasses import dataclass, field

from ai_artist_dagster.domain.pronounce import rhyme_key
from ai_artist_dagster.domain.writer.frames import BEAT_OF_SECTION, FRAMES, VERBS, past, third_person
from ai_artist_dagster.domain.writer.lexicon import (
    FEELINGS,
    HOMELY,
    KIND_OF,
    LANDSCAPE_ADJECTIVES,
    MOOD_WORDS,
    OPENERS,
    PARTICLES,
    PLACES,
    SETTINGS,
    SETTINGS_OF_MOOD,
    SKY,
    THING_ADJECTIVES,
    THING_VERBS,
    TIMES,
    Kind,
)
from ai_artist_dagster.domain.writer.syllables import line_syllables, meter_for_tempo
from ai_artist_dagster.domain.writer.tense import clashes
from ai_artist_dagster.domain.writer.words import HOOKS, STOPWORDS, feedback_words
from ai_artist_dagster.lib.schemas import Lyrics, LyricsBrief, LyricSection

STRUCTURE = [
    ("verse", "Verse 1", "ABAB"),
    ("chorus", "Chorus", "AABB"),
    ("verse", "Verse 2", "ABAB"),
    ("chorus", "Chorus", "AABB"),
    ("bridge", "Bridge", "ABCB"),
    ("chorus", "Chorus", "AABB"),
]
STRUCTURE_B = [
    ("verse", "Verse 1", "AABB"),
    ("pre_chorus", "Pre-Chorus", "AA"),
    ("chorus", "Chorus", "ABAB"),
    ("verse", "Verse 2", "AABB"),
    ("pre_chorus", "Pre-Chorus", "AA"),
    ("chorus", "Chorus", "ABAB"),
    ("bridge", "Bridge", "ABCB"),
    ("chorus", "Chorus", "ABAB"),
]


TENSES_OF = {  # particles that need a tense (tense.py: "I danced tonight" breaks the rule)
    "before": ("past",), "anymore": ("past", "present"), "soon": ("future",), "tonight": ("present", "future"),
}  # fmt: skip
Tense = str  # "past" (verse 1: the scene), "present" (verse 2, pre-chorus, chorus), "future" (bridge)
_PLACED = re.compile(r" (on|in|at|by|under|through|off|to|into|from|with|past|around|over|down|till)\b")
REFERENCES = [
    'And "{}" was playing on the radio',
    'They\'ll play "{}" at the party',
    'Still humming "{}" on the way',
    'Somebody sang "{}" all night',
    'You\'ll hear "{}" and think of me',
]
VERSE_2_TIMES = ["These days", "Now", "Lately", "This year", "Since then", "Every morning"]


def _families() -> dict[str, list[str]]:
    """Line-end words grouped by true rhyme (CMUdict: the sounds from the last stressed vowel on)."""
    by_key: dict[str, list[str]] = {}
    for word in KIND_OF:
        key = rhyme_key(word)
        if key:
            by_key.setdefault(key, []).append(word)
    return {key: words for key, words in sorted(by_key.items()) if len(words) >= 2}


FAMILIES = _families()
FAMILY_OF = {word: key for key, words in FAMILIES.items() for word in words}


def vocabulary() -> set[str]:
    """Every word the offline writer can sing of its own (a chart title's word outside the quoted
    reference would have to come from here to be sung)."""
    from ai_artist_dagster.domain.writer.lexicon import lexicon_words
    from ai_artist_dagster.domain.writer.words import MOODS

    texts = [f for beat in FRAMES.values() for frames in beat.values() for f in frames]
    texts += [v for verbs in VERBS.values() for v in verbs] + [past(v) for verbs in VERBS.values() for v in verbs]
    texts += REFERENCES + VERSE_2_TIMES + [t for mood in MOODS.values() for pool in mood.values() for t in pool]
    texts += [
        "this is",
        "these are",
        "I was",
        "we were",
        "will",
        "I'll",
        "we'll",
        "you'll",
    ]
    texts = [re.sub(r"<[^>]*>|\{[^}]*\}", " ", t) for t in texts]  # not the frames' slots
    return lexicon_words() | {w.lower() for t in texts for w in re.findall(r"[A-Za-z']+", t)}


def _words(text: str, limit: int) -> list[str]:
    """Plain lowercase words of 4-10 letters (data only: nothing in the text is executed or obeyed)."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]{4,10}", text)]
    return list(dict.fromkeys(w for w in words if w not in STOPWORDS))[:limit]


def _opening(line: str) -> str:
    """A line's first two words, as a listener hears them (no punctuation)."""
    return " ".join(re.findall(r"[a-z']+", line.lower())[:2])


def _mid(clause: str) -> str:
    """A clause as it reads after an opener: "And the radio", "And I"."""
    return clause if re.match(r"I\b", clause) else clause[0].lower() + clause[1:]


def article(word: str) -> str:
    """'a' or 'an' as the word sounds: an open door, a euphoric feel, a unique one, an hour."""
    w = word.lower()
    if w.startswith(("eu", "uni", "use", "usu", "one", "ur")):
        return "a"
    return "an" if w[0] in "aeiou" or w.startswith(("hour", "honest")) else "a"


def _reference(brief: LyricsBrief) -> str | None:
    """A chart title the song may quote, deliberately, once: short, plain words, nothing instruction-like."""
    for title, _ in brief.trend.top_songs[:10]:
        plain = re.fullmatch(r"[A-Za-z' ]{3,30}", title)
        words = title.lower().split()
        if plain and 1 <= len(words) <= 4 and not set(words) & STOPWORDS - {"love", "like", "just", "your", "you"}:
            return title.strip()
    return None


@dataclass
class _Writer:
    """One song's choices — its setting, pronouns, mood words — so that the song holds one scene and
    one voice, and no line opens like another or reuses a place, thing or doing."""

    rng: random.Random
    meter: int
    adjectives: list[str]
    times: list[str]
    calls: list[str]
    person: tuple[str, str, str]  # subject, object, possessive: ("I", "me", "my") or ("we", "us", "our")
    setting: dict[str, list[str]]
    openings: set[str] = field(default_factory=set)
    ends: set[str] = field(default_factory=set)  # end words already sung in the song
    taken: set[str] = field(default_factory=set)  # the setting's places, things and doings already used
    heard: set[tuple[str, str]] = field(default_factory=set)  # word pairs the catalogue and this song have sung
    wanted: set[str] = field(default_factory=set)  # line ends a reviewer asked for
    callbacks: int = 0  # lines the current section may still spend on verse 1's places and things
    scene: int = 0  # lines the current section should still spend setting the scene (verse 1)
    called: set[str] = field(default_factory=set)  # places and things already called back
    firsts: dict[str, int] = field(default_factory=dict)  # how many lines open on each word
    scene_ends: list[str] = field(default_factory=list)  # verse 1's line ends, for the bridge to come back to
    foreign: set[str] = field(default_factory=set)  # other settings' line ends: snow has no place at the beach

    def take(self, pool: str) -> str:
        """One of the setting's places / things / doings: in a section that calls back (verse 2, the
        bridge), one the song already sang; else a fresh one while any is left."""
        options = self.setting[pool]
        if self.callbacks:
            sung = [o for o in options if o in self.taken and o not in self.called]
            if sung and self.rng.random() < 0.7:
                return self.rng.choice(sung)
        fresh = [o for o in options if o not in self.taken] or options
        return self.rng.choice(fresh)

    def end_phrase(self, end: str, kind: Kind, tense: Tense, yours: bool = True) -> str:
        """What stands before the end word: "under the streetlight", "down your street", "a paper kite",
        "your laughter", or the particle alone."""
        rng = self.rng
        if kind in ("place", "sky"):
            prep = rng.choice((PLACES | SKY)[end])
            det = rng.choice(["the", "the", "the", "that", "this" if tense != "past" else "that"])
            if end.endswith("s"):  # skies
                det = "the"
            if end in HOMELY:
                det = rng.choice([det, "your", self.person[2]])
            adj = rng.choice(self.adjectives + LANDSCAPE_ADJECTIVES)
            return rng.choice([f"{prep} {det} {end}", f"{prep} {det} {adj} {end}"])
        if kind == "thing":
            adj = rng.choice(THING_ADJECTIVES + self.adjectives)
            return rng.choice([f"the {end}", f"your {end}", f"{self.person[2]} {end}", f"{article(adj)} {adj} {end}",
                               f"your {adj} {end}", f"that {adj} {end}"])  # fmt: skip
        if kind == "feeling":  # the other's when the singer feels it, the singer's when you do: "you saw my face"
            return ("your" if yours else self.person[2]) + f" {end}"
        return end

    def verb_for(self, token: str, end: str | None = None, kind: Kind | None = None) -> str | None:
        """A verb for a frame's ``<token>``: one of its class (VERBS) or the verb itself; when it takes
        the end word, one that can (None when none can)."""
        options = VERBS.get(token, [token])
        if kind == "feeling" and end:
            options = [v for v in options if v in FEELINGS[end]]
        elif kind == "thing" and end:
            options = [v for v in options if v not in THING_VERBS or end in THING_VERBS[v]]
        return self.rng.choice(options) if options else None

    def fill(self, frame: str, end: str, kind: Kind, tense: Tense) -> tuple[str, set[str]] | None:
        """A frame made a sentence in ``tense`` ending on ``end``, with the setting phrases it used
        (None when no verb of the frame can take the end word)."""
        rng, uses = self.rng, set()
        i, me, my = self.person
        will = tense == "future"
        tokens = list(re.finditer(r"<(\w+?)([03]?)>", frame))
        before_end = [t for t in tokens if t.start() < frame.find("{E}")]
        governing = before_end[-1] if before_end and before_end[-1].group(1) not in ("act", "pv", "be") else None
        thing = self.take("things") if "{thing}" in frame else ""
        many = _plural(thing)  # "your headphones were", "the lease was"
        chosen: dict[int, str] = {}
        for t in tokens:
            name = t.group(1)
            if name == "act":
                placed = frame[t.end() :].startswith((" {E}", " alone {E}", " again {E}"))
                act = self.take("acts")
                if placed and _PLACED.search(act):  # "slept on the sand" takes no second place after it
                    plain = [a for a in self.setting["acts"] if not _PLACED.search(a) and a not in self.taken]
                    if not plain:
                        return None
                    act = self.rng.choice(plain)
                uses.add(act)
                base, did = act.split("/")
                chosen[t.start()] = did if tense == "past" else base
                continue
            if name == "pv":
                base, did = rng.choice(PARTICLES[end])
                chosen[t.start()] = did if tense == "past" else base
                continue
            if name == "be":
                chosen[t.start()] = {"past": "were" if many else "was", "present": "are" if many else "is",
                                     "future": "will be"}[tense]  # fmt: skip
                continue
            verb = self.verb_for(name, end, kind) if t is governing else self.verb_for(name)
            if verb is None:
                return None
            form = t.group(2)
            chosen[t.start()] = (
                verb if form == "0" or (tense != "past" and not form)
                else past(verb) if tense == "past"
                else f"will {verb}" if will else verb if many else third_person(verb)
            )  # fmt: skip
        text = ""
        last = 0
        for t in tokens:
            text += frame[last : t.start()] + chosen[t.start()]
            last = t.end()
        text += frame[last:]
        if "{place}" in text:
            place = self.take("places")
            uses.add(place)
            text = text.replace("{place}", place)
        if thing:
            uses.add(thing)
            text = text.replace("{thing}", thing)
        subject = {"I": "I'll", "we": "we'll"}[i] if will else i
        text = (text.replace("{S}", subject).replace("{Y}", "you'll" if will else "you").replace("{O}", me)
                .replace("{my}", my).replace("{call}", rng.choice(self.calls))
                .replace("{E}", self.end_phrase(end, kind, tense, yours="{Y}" not in frame)))  # fmt: skip
        return text[0].upper() + text[1:], uses

    def candidates(self, end: str, kind: Kind, tense: Tense, role: str) -> list[tuple[str, set[str]]]:
        """The beat's frames for this end word made sentences, each also with an opener or a time before it."""
        found = []
        for frame in FRAMES[BEAT_OF_SECTION.get(role, "scene")][kind]:
            made = self.fill(frame, end, kind, tense)
            if made:
                found.append(made)
        opener = self.rng.choice(OPENERS[tense])
        time = self.rng.choice(self.times if tense == "past" else VERSE_2_TIMES if role == "Verse 2" else TIMES[tense])
        return [
            (form, uses)
            for c, uses in found
            for form in ((c,) if c.startswith(("And ", "But ")) else (c, f"{opener} {_mid(c)}", f"{time}, {_mid(c)}"))
        ]

    def line(self, end: str, kind: Kind, tense: Tense, role: str) -> str:
        """The candidate that keeps the tense rule (tense.py), whose two-word opening no other line of the
        song has, that uses no setting phrase twice, within a syllable of the meter, with the fewest
        word pairs the artist has sung."""
        best, best_key, best_uses = "", (True, True, True, True, True, True, 99, 99), set()
        for _ in range(12):
            for text, uses in self.candidates(end, kind, tense, role):
                off = abs(line_syllables(text) - self.meter)
                heard = sum(pair in self.heard for pair in _pairs(text))
                again = bool(uses & self.taken)  # a place or thing sung before: a callback where wanted
                first = _opening(text).split(" ")[0]
                worn = self.firsts.get(first, 0) >= 2 and first not in ("i", "you", "we", "i'll", "you'll", "we'll")
                key = (clashes(text), _opening(text) in self.openings or worn, again and not self.callbacks, off > 1,
                       bool(self.callbacks) and not again, bool(self.scene) and not uses, heard, off)  # fmt: skip
                if key < best_key:
                    best, best_key, best_uses = text, key, uses
        if best_uses & self.taken:
            self.callbacks = max(0, self.callbacks - 1)
            self.called |= best_uses & self.taken
        if best_uses:
            self.scene = max(0, self.scene - 1)
        self.openings.add(_opening(best))
        first = _opening(best).split(" ")[0]
        self.firsts[first] = self.firsts.get(first, 0) + 1
        self.taken |= best_uses
        self.heard |= _pairs(best)
        return best


def _plural(phrase: str) -> bool:
    """Is a noun phrase plural: "your headphones", "two paper tickets" (not "a box of your books")."""
    if not phrase or phrase.startswith(("a ", "an ")):
        return False  # "a thermos"
    head = phrase.split(" of ")[0].split()[-1]
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def _setting_words(setting: dict[str, list[str]]) -> set[str]:
    return {w.lower() for phrases in setting.values() for phrase in phrases for w in re.findall(r"[A-Za-z]+", phrase)}


def _pairs(line: str) -> set[tuple[str, str]]:
    """A line's word pairs (bigrams), as a listener hears them."""
    words = re.findall(r"[a-z']+", line.lower())
    return set(itertools.pairwise(words))


def _section(
    w: _Writer, kind: str, label: str, scheme: str, tense: Tense, first: tuple[str, str | None] | None = None
) -> LyricSection:
    """A section following ``scheme``; ``first`` = (fixed first line, its rhyme family or None)."""
    letters = sorted(set(scheme))
    pinned = {scheme[0]: first[1]} if first and first[1] else {}
    recall = set(w.scene_ends) if label == "Bridge" else set()
    home = set(w.setting["ends"])
    needed = {letter: scheme.count(letter) * (2 if kind == "verse" else 1) for letter in letters}

    def fresh(family: str) -> int:
        return sum(word not in w.ends and tense in TENSES_OF.get(word, (tense,)) for word in FAMILIES[family])

    free = [f for f in FAMILIES if f not in pinned.values()]
    families: list[str] = []
    for letter in letters:
        if letter in pinned:
            continue
        fits = [f for f in free if f not in families and fresh(f) >= needed[letter]] or [
            f for f in free if f not in families
        ]
        asked = [f for f in fits if w.wanted & set(FAMILIES[f]) - w.ends]  # a word a reviewer asked for: always
        near = asked or [f for f in fits if home & set(FAMILIES[f])]  # else mostly a word of the song's setting
        if recall and not families:  # the bridge ends one line on an image of verse 1
            near = sorted({FAMILY_OF[word] for word in recall} - set(pinned.values()))
        families.append(w.rng.choice(near if near and (recall or asked or w.rng.random() < 0.7) else fits))
    by_letter = {letter: pinned.get(letter) or families.pop(0) for letter in letters}
    used: set[str] = set()

    w.callbacks = {"Verse 2": 3, "Bridge": 1}.get(label, 0)  # the story comes back to verse 1's scene
    w.scene = 4 if label == "Verse 1" else 0  # verse 1 sets it: its places, things and doings

    def line_for(letter: str) -> str:
        family = [word for word in FAMILIES[by_letter[letter]] if tense in TENSES_OF.get(word, (tense,))]
        again = [e for e in family if e in recall and e not in used]
        recall.difference_update(family)  # one recalled end per section
        fresh = [e for e in family if e not in used | w.ends] or [e for e in family if e not in used] or family
        own = [e for e in fresh if e not in w.foreign] or fresh
        word = w.rng.choice(again or [e for e in fresh if e in w.wanted] or [e for e in fresh if e in home] or own)
        used.add(word)
        w.ends.add(word)
        return w.line(word, KIND_OF[word], tense, label)

    lines = [first[0] if first and i == 0 else line_for(letter) for i, letter in enumerate(scheme)]
    if kind == "verse":  # verses are twice as long: repeat the scheme with new lines
        lines += [line_for(letter) for letter in scheme]
    if label == "Verse 1":
        w.scene_ends = [line.split()[-1].lower() for line in lines if line.split()[-1].lower() in KIND_OF]
    return LyricSection(kind=kind, label=label, lines=lines)


# The bridge's turn: what happened, said once as an event of the song's own place (never the theme's
# label). Each theme has its events; "{place}" is a place verse 1 sang, "{thing}" a thing it held.
TURNS: dict[str, list[str]] = {
    "a night that never ends": ["Then the lights came up {place}", "Then the music stopped {place}"],
    "running toward the light": ["Then you ran ahead {place}", "Then the sun broke through {place}"],
    "celebrating being young": ["Then somebody called it a night {place}", "Then you dared me {place}"],
    "dancing through the noise": ["Then the speakers blew {place}", "Then you pulled me close {place}"],
    "coming home": ["Then you left the porch light on", "Then I saw your car {place}"],
    "slow love": ["Then you kept {thing} for me", "Then you stayed a little longer {place}"],
    "small everyday joys": ["Then you laughed {place}", "Then you saved {thing} for me"],
    "friends who stay": ["Then you showed up {place}", "Then you drove all night to find me"],
    "breaking free": ["Then I cut the cord {place}", "Then I threw away {thing}"],
    "fighting back": ["Then I stood my ground {place}", "Then I gave back {thing}"],
    "pressure and release": ["Then the fever broke {place}", "Then I let it all out {place}"],
    "the city at full speed": ["Then the power went out {place}", "Then the last train left {place}"],
    "missing someone": ["Then you moved away", "Then you left {thing} {place}"],
    "late-night memories": ["Then I found {thing} again", "Then the phone rang {place}"],
    "leaving a hometown": ["Then the bus pulled out at dawn", "Then I left {thing} {place}"],
    "healing slowly": ["Then one morning it felt lighter", "Then I gave away {thing}"],
}
GENERIC_TURNS = ["Then everything changed {place}", "Then you said goodbye {place}", "Then you came back {place}"]


def _turn_line(w: _Writer, theme: str) -> str:
    """The bridge's first line: the song's turn, an event of its theme in a place (or with a thing)
    verse 1 sang, the one closest to the meter."""
    places = [p for p in w.setting["places"] if p in w.taken] or w.setting["places"]
    things = [t for t in w.setting["things"] if t in w.taken] or w.setting["things"]
    options = [
        frame.replace("{place}", place).replace("{thing}", thing)
        for frame in TURNS.get(theme, GENERIC_TURNS)
        for place in places
        for thing in things
    ]
    options = list(dict.fromkeys(options))
    w.rng.shuffle(options)
    line = min(options, key=lambda t: abs(line_syllables(t) - w.meter))
    if w.person[0] == "we":
        line = re.sub(r"\b(I|me|my)\b", lambda m: {"I": "we", "me": "us", "my": "our"}[m.group(1)], line)
    return line


def _setting(
    rng: random.Random, mood: str, images: list[str], day_words: set[str], sung_words: set[str]
) -> dict[str, list[str]]:
    """The song's one place: the setting that holds most of the profile's own images (so an artist's
    songs look like it), suits the mood, and shares fewest props with the day's other artists' songs
    (``day_words``) and, less, with the artist's own latest songs (``sung_words``: its catalogue
    travels); a seeded draw among the best eight."""

    def score(name: str) -> float:
        words = _setting_words(SETTINGS[name])
        props = {w for pool in ("places", "things") for p in SETTINGS[name][pool] for w in p.lower().split()}
        own = 2 * len(set(images) & words) + (1.5 if name in SETTINGS_OF_MOOD[mood][:5] else 0)
        shared = len(props & day_words - STOPWORDS) / max(1, len(props))  # share of its props another sang today
        again = len(props & sung_words - STOPWORDS) / max(1, len(props))
        return own - 6 * shared - 6 * again

    ranked = sorted(SETTINGS, key=lambda n: (-score(n), n))
    return SETTINGS[rng.choice(ranked[:8])]


# The chorus's first line names the song; its shape varies, so a catalogue's choruses do not all
# open "Title, imperative". Each form: (text, its last word — the chorus rhymes with it).
def _hook(rng: random.Random, title: str, person: tuple[str, str, str], heard: list[str]) -> tuple[str, str]:
    phrase = rng.choice(HOOKS)
    noun = title.split()[-1]
    forms = [
        (f"{title}, {phrase}", phrase.split()[-1]),
        (f"{phrase[0].upper()}{phrase[1:]}, {title}", noun),
        (f"Oh, {title}, {phrase}", phrase.split()[-1]),
        (f"{person[2].capitalize()} {title}, {phrase}", phrase.split()[-1]),
        (f"{phrase[0].upper()}{phrase[1:]} in the {title}", noun),
    ]
    openings = Counter(_opening(line) for line in heard)
    rng.shuffle(forms)
    text, end = min(forms, key=lambda f: openings[_opening(f[0])])  # the shape the artist has sung least
    return text, end.lower()


def _title(rng: random.Random, nouns: list[str], adjectives: list[str], taken: list[str]) -> tuple[str, str]:
    """(noun, "Adjective Noun"): a title no other song of the label has, made of words its other
    titles use least (two artists' "Grey Letter" and "Grey Morning" read as one catalogue's habit)."""
    used = Counter(w for t in taken for w in t.lower().split())
    taken_lower = {t.lower() for t in taken}
    options = [(a, n) for n in nouns for a in adjectives if f"{a} {n}" not in taken_lower]
    rng.shuffle(options)
    adjective, noun = (
        min(options, key=lambda o: used[o[0]] + used[o[1]]) if options else (rng.choice(adjectives), nouns[0])
    )
    return noun, f"{adjective.title()} {noun.title()}"


def write_lyrics(brief: LyricsBrief) -> Lyrics:
    """A song with a plan: verse 1 sets a scene (past tense), the pre-chorus turns (variant B), the
    chorus states the hook with the title (present, a call to the listener), verse 2 develops, the
    bridge turns — an event of the theme in verse 1's place — and looks ahead (future). Line ends rhyme by family; lines are grammatical
    templates around a typed end word, fitted to the meter, each opening differently."""
    rng = random.Random(brief.seed)
    profile = brief.profile
    mood = profile.mood if profile.mood in MOOD_WORDS else "euphoric"
    words = MOOD_WORDS[mood]
    meter = meter_for_tempo(profile.tempo_bpm)
    drawn = rng.choice(profile.themes)
    theme = brief.theme if brief.theme in profile.themes else drawn  # the content calendar's, when it names one
    adjectives = list(words["adj"])
    asked, refused = feedback_words(brief.feedback or "")  # a reviewer's words: data steering setting and line ends
    drawn_person = ("we", "us", "our") if rng.random() < 0.2 else ("I", "me", "my")  # mostly one voice talking to you
    told = profile.lyric_style.lower()  # the storytelling the profile promises is the one sung
    person = ("we", "us", "our") if "plural" in told else drawn_person  # first-person: mostly "I", sometimes "we"
    images = re.search(r"\(([^)]*)\)", profile.lyric_style)  # the profile's own images name its songs
    nouns = _words(images.group(1), 3) if images else []
    day_words = {w for line in brief.day_lines for w in re.findall(r"[a-z]+", line.lower())}
    sung_words = {w for line in brief.previous_lines[:40] for w in re.findall(r"[a-z]+", line.lower())}
    setting = _setting(rng, mood, nouns, day_words, sung_words)
    if asked or refused:  # "more ocean imagery, less rain": the setting with most words asked for, fewest refused

        def fit(st: dict[str, list[str]]) -> tuple[int, int, bool]:
            words_of = _setting_words(st)
            return len(set(asked) & words_of), -len(set(refused) & words_of), st is setting

        setting = max(SETTINGS.values(), key=fit)
        ends = [w for w in asked if w in KIND_OF] + [e for e in setting["ends"] if e not in refused]
        setting = {**setting, "ends": ends}
        adjectives = [w for w in asked if w not in KIND_OF] + [a for a in adjectives if a not in refused]
    w = _Writer(rng, meter, adjectives, list(words["time"]), list(words["call"]), person, setting)
    w.heard = {pair for line in brief.previous_lines for pair in _pairs(line)}
    w.foreign = {e for st in SETTINGS.values() for e in st["ends"]} - _setting_words(setting) - set(asked)
    nouns = (
        [n for n in nouns if n in FAMILY_OF and n not in w.foreign]
        or [n for n in setting["ends"] if n in FAMILY_OF]
        or nouns
    )
    # a reviewer's words name the regenerated song: "more neon" -> "Neon …", "more ocean imagery" -> "… Ocean"
    nouns = [n for n in asked if n in FAMILY_OF] or nouns
    noun, title = _title(rng, nouns, [a for a in asked if a not in KIND_OF] or words["adj"], brief.taken_titles)
    w.wanted = {word for word in asked if word in KIND_OF} | ({noun} & set(FAMILY_OF))  # verse 1 sings the title
    hook, hook_end = _hook(rng, title, person, brief.previous_lines)
    hook_family = rhyme_key(hook_end)
    w.ends.add(hook_end)  # the chorus rhymes with the hook's last word, not repeats it
    structure = STRUCTURE if brief.prompt_variant == "A" else STRUCTURE_B
    reference = _reference(brief)
    tenses = {"Verse 1": "past", "Verse 2": "present", "Pre-Chorus": "present", "Chorus": "present", "Bridge": "future"}
    sections = []
    done: dict[str, LyricSection] = {}
    for kind, label, scheme in structure:
        if kind in ("chorus", "pre_chorus") and kind in done:
            sections.append(done[kind])  # choruses (and pre-choruses) repeat, as in most songs
            continue
        first = (hook, hook_family) if kind == "chorus" else (_turn_line(w, theme), None) if kind == "bridge" else None
        section = _section(w, kind, label, scheme, tenses[label], first)
        quote = reference and rng.random() < 0.4  # a nod to the chart in some songs, not a habit
        if kind == "bridge" and quote and len(section.lines) >= 3 and scheme[2] not in scheme[:2] + scheme[3:]:
            section.lines[2] = rng.choice(REFERENCES).format(reference)  # a deliberate nod to the chart
        done[kind] = section
        sections.append(section)
    scheme_summary = "/".join(dict.fromkeys(s for _, _, s in structure))
    return Lyrics(
        title=title,
        theme=theme,
        rhyme_scheme=scheme_summary,
        meter_syllables=meter,
        prompt_variant=brief.prompt_variant,
        sections=sections,
    )
