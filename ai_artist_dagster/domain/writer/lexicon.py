"""The offline writer's lexicon (written for this project): line-end words by rhyme family and by
what they are — a place you move through, a thing you hold, light and weather, something you feel —
and the verbs, modifiers and openers that make grammatical lines around them, per mood.

Every line end is a noun that takes "the" or a particle that ends a clause ("away", "again"), so a
template never puts a word where its grammar does not fit.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["place", "thing", "sky", "feeling", "particle"]

# rhyme family -> [(word, kind)]
ENDS: dict[str, list[tuple[str, Kind]]] = {
    "ight": [("night", "sky"), ("light", "sky"), ("tonight", "particle"), ("kite", "thing"), ("streetlight", "sky")],
    "ay": [("highway", "place"), ("away", "particle"), ("doorway", "place"), ("day", "feeling"), ("railway", "place")],
    "ire": [("fire", "thing"), ("higher", "particle"), ("desire", "feeling"), ("campfire", "thing")],
    "ound": [("ground", "place"), ("sound", "feeling"), ("around", "particle"), ("underground", "particle")],
    "art": [("heart", "feeling"), ("apart", "particle"), ("start", "feeling"), ("part", "feeling")],
    "ow": [
        ("snow", "sky"),
        ("glow", "sky"),
        ("radio", "thing"),
        ("window", "thing"),
        ("slow", "particle"),
        ("afterglow", "sky"),
    ],
    "ine": [("sign", "thing"), ("line", "place"), ("shine", "sky"), ("borderline", "place"), ("wine", "thing")],
    "ain": [
        ("rain", "sky"),
        ("train", "thing"),
        ("lane", "place"),
        ("again", "particle"),
        ("chain", "thing"),
        ("hurricane", "sky"),
    ],
    "ue": [("avenue", "place"), ("view", "thing"), ("blue", "sky"), ("through", "particle"), ("dew", "sky")],
    "eam": [("dream", "feeling"), ("stream", "place"), ("moonbeam", "sky"), ("daydream", "feeling")],
    "one": [("phone", "thing"), ("stone", "thing"), ("alone", "particle"), ("zone", "place"), ("microphone", "thing")],
    "ore": [("door", "thing"), ("floor", "place"), ("shore", "place"), ("before", "particle"), ("anymore", "particle")],
    "ace": [("face", "feeling"), ("space", "place"), ("lace", "thing"), ("staircase", "place"), ("embrace", "feeling")],
    "all": [("wall", "thing"), ("hall", "place"), ("call", "feeling"), ("waterfall", "place"), ("mall", "place")],
    "ame": [("flame", "thing"), ("name", "feeling"), ("frame", "thing"), ("game", "feeling"), ("same", "particle")],
    "ar": [("car", "thing"), ("star", "sky"), ("guitar", "thing"), ("bar", "place"), ("far", "particle")],
    "ide": [("tide", "sky"), ("riverside", "place"), ("inside", "particle"), ("countryside", "place")],
    "ear": [("year", "feeling"), ("pier", "place"), ("here", "particle"), ("souvenir", "thing")],
    "ing": [("ring", "thing"), ("spring", "sky"), ("string", "thing"), ("swing", "thing"), ("wing", "thing")],
    "ove": [("love", "feeling"), ("glove", "thing"), ("above", "particle"), ("dove", "sky")],
    "oon": [("moon", "sky"), ("balloon", "thing"), ("afternoon", "feeling"), ("soon", "particle"), ("lagoon", "place")],
    "ock": [("clock", "thing"), ("dock", "place"), ("rock", "thing"), ("block", "place"), ("lock", "thing")],
    "ark": [("park", "place"), ("dark", "sky"), ("spark", "thing"), ("mark", "feeling"), ("ark", "thing")],
    "eet": [("street", "place"), ("heat", "sky"), ("seat", "thing"), ("beat", "feeling"), ("sheet", "thing")],
    "ell": [("bell", "thing"), ("hotel", "place"), ("shell", "thing"), ("spell", "feeling"), ("carousel", "thing")],
    "est": [("chest", "thing"), ("west", "place"), ("rest", "feeling"), ("nest", "thing"), ("crest", "place")],
}

RHYME_FAMILY: dict[str, str] = {word: family for family, words in ENDS.items() for word, _ in words}

# Where a line sits and what happens there, per kind of end word ({p} = a preposition for it).
PREPOSITIONS: dict[Kind, list[str]] = {
    "place": ["along", "across", "down", "beyond", "around"],
    "thing": ["beside", "behind", "next to", "near"],
    "sky": ["in", "under", "through", "beneath"],
    "feeling": [],
    "particle": [],
}

# Where a particular noun is, when its kind's prepositions would not fit it ("under the star", not "in").
NOUN_PREPOSITIONS: dict[str, list[str]] = {
    "star": ["under", "beneath"], "streetlight": ["under", "beneath"], "moonbeam": ["under", "in"],
    "night": ["in", "through"], "moon": ["under", "beneath"], "dark": ["in", "through"], "heat": ["in", "through"],
    "spring": ["in", "through"], "dove": ["under", "beneath"], "dock": ["down", "along"], "block": ["around", "down"],
    "park": ["through", "across"], "street": ["down", "along", "across"], "hotel": ["past", "to", "around"],
    "west": ["to", "toward"], "crest": ["over", "along"], "lagoon": ["across", "around"], "light": ["in", "under"], "blue": ["in", "into"], "dew": ["in"],
    "glow": ["in"], "afterglow": ["in"], "tide": ["in", "against"], "hurricane": ["in", "through"],
    "rain": ["in", "through"], "snow": ["in", "through"], "ground": ["across"], "floor": ["across"],
    "doorway": ["in"], "bar": ["to", "past"], "mall": ["through", "around"], "hall": ["down", "through"],
    "staircase": ["up", "down"], "space": ["through", "into"], "zone": ["into", "through"],
    "waterfall": ["to", "past"], "pier": ["down", "to"], "stream": ["along", "beside"],
}  # fmt: skip
# Things only some verbs fit ("kept the fire", not "borrowed" it).
NOUN_VERBS: dict[str, list[str]] = {
    "fire": ["keep", "watch", "hold"], "campfire": ["keep", "watch", "leave"], "flame": ["keep", "watch", "hold"],
    "car": ["drive", "fix", "leave", "lose"], "train": ["catch", "miss", "watch"], "guitar": ["hold", "keep", "play"],
    "face": ["remember", "miss", "follow"], "kite": ["hold", "lose", "find", "fly"], "wine": ["keep", "open", "leave"],
}  # fmt: skip
VERB_PAST = {"drive": "drove", "catch": "caught", "miss": "missed", "play": "played", "fly": "flew"}

# Verbs as (base, past, -ing). Motion verbs take a place; holding verbs a thing; feeling verbs a feeling.
MOTION = [("run", "ran", "running"), ("walk", "walked", "walking"), ("drive", "drove", "driving"),
          ("dance", "danced", "dancing"), ("wander", "wandered", "wandering"), ("drift", "drifted", "drifting"),
          ("race", "raced", "racing"), ("climb", "climbed", "climbing"), ("stroll", "strolled", "strolling"),
          ("hurry", "hurried", "hurrying"), ("sail", "sailed", "sailing"), ("ride", "rode", "riding"),
          ("roam", "roamed", "roaming"), ("spin", "spun", "spinning")]  # fmt: skip
STAND = [("wait", "waited", "waiting"), ("stand", "stood", "standing"), ("sing", "sang", "singing"),
         ("sleep", "slept", "sleeping"), ("laugh", "laughed", "laughing"), ("kiss", "kissed", "kissing"),
         ("cry", "cried", "crying"), ("pray", "prayed", "praying"), ("shiver", "shivered", "shivering"),
         ("whisper", "whispered", "whispering"), ("sway", "swayed", "swaying"), ("hide", "hid", "hiding")]  # fmt: skip
HOLD = [("hold", "held", "holding"), ("find", "found", "finding"), ("keep", "kept", "keeping"),
        ("watch", "watched", "watching"), ("leave", "left", "leaving"), ("fix", "fixed", "fixing"),
        ("steal", "stole", "stealing"), ("paint", "painted", "painting"), ("lose", "lost", "losing"),
        ("wrap", "wrapped", "wrapping"), ("borrow", "borrowed", "borrowing"), ("open", "opened", "opening")]  # fmt: skip
FEEL = [("chase", "chased", "chasing"), ("follow", "followed", "following"), ("feel", "felt", "feeling"),
        ("remember", "remembered", "remembering"), ("carry", "carried", "carrying"), ("trust", "trusted", "trusting"),
        ("forget", "forgot", "forgetting"), ("miss", "missed", "missing"), ("save", "saved", "saving"),
        ("answer", "answered", "answering"), ("guard", "guarded", "guarding")]  # fmt: skip

# Per mood: modifiers for end nouns, times of day, and the feeling a chorus reaches for.
MOOD_WORDS: dict[str, dict[str, list[str]]] = {
    "euphoric": {
        "adj": [
            "neon",
            "golden",
            "electric",
            "shining",
            "open",
            "crowded",
            "bright",
            "glittering",
            "humming",
            "summer",
            "silver",
            "endless",
        ],
        "time": [
            "At midnight",
            "All summer",
            "Every Friday",
            "Till sunrise",
            "After the show",
            "On the last train",
            "In the front row",
            "When the lights came on",
            "Past two",
            "On the way home",
        ],
        "call": ["lift me", "spin me", "pull me", "take me", "carry me"],
    },
    "warm": {
        "adj": [
            "gentle",
            "golden",
            "easy",
            "quiet",
            "sunlit",
            "familiar",
            "little",
            "morning",
            "honeyed",
            "lazy",
            "green",
            "peaceful",
        ],
        "time": [
            "On Sunday",
            "In the morning",
            "Every evening",
            "Late in June",
            "After dinner",
            "Before the coffee",
            "On the porch",
            "When you came back",
            "All weekend",
            "By the window",
        ],
        "call": ["hold me", "walk me", "bring me", "keep me", "stay with me"],
    },
    "intense": {
        "adj": [
            "broken",
            "burning",
            "heavy",
            "reckless",
            "concrete",
            "restless",
            "iron",
            "roaring",
            "shattered",
            "midnight",
            "smoking",
            "jagged",
        ],
        "time": [
            "At 3 a.m.",
            "Every winter",
            "Under pressure",
            "Out of nowhere",
            "With the sirens on",
            "After the fight",
            "In the rearview",
            "When the power went out",
            "On the overpass",
            "Past the gate",
        ],
        "call": ["pull me", "drag me", "wake me", "break me", "shake me"],
    },
    "melancholic": {
        "adj": [
            "faded",
            "quiet",
            "empty",
            "silver",
            "distant",
            "paper",
            "frozen",
            "grey",
            "lonely",
            "winter",
            "sleeping",
            "hollow",
        ],
        "time": [
            "Last December",
            "Every Sunday",
            "Long ago",
            "In the hallway",
            "When it was over",
            "After you left",
            "In the last photograph",
            "On the night bus",
            "Before the snow",
            "In the empty kitchen",
        ],
        "call": ["find me", "call me", "hold me", "remind me", "wake me"],
    },
}

# A clause ending in a particle: (verb base, past) per particle — "we drove away", "I stayed inside".
PARTICLES: dict[str, list[tuple[str, str]]] = {
    "tonight": [("stay", "stayed"), ("sing", "sang"), ("dance", "danced")],
    "away": [("drive", "drove"), ("run", "ran"), ("walk", "walked"), ("fade", "faded")],
    "higher": [("climb", "climbed"), ("fly", "flew"), ("reach", "reached")],
    "around": [("turn", "turned"), ("come", "came"), ("look", "looked")],
    "underground": [("go", "went"), ("run", "ran")],
    "apart": [("fall", "fell"), ("drift", "drifted"), ("come", "came")],
    "slow": [("take it", "took it"), ("go", "went")],
    "again": [("meet", "met"), ("try", "tried"), ("fall", "fell"), ("start", "started")],
    "through": [("make it", "made it"), ("come", "came"), ("break", "broke")],
    "alone": [("walk", "walked"), ("dance", "danced"), ("drive", "drove")],
    "before": [("meet", "met"), ("fall", "fell")],
    "anymore": [("don't wait", "didn't wait"), ("don't hide", "didn't hide"), ("don't run", "didn't run")],
    "inside": [("stay", "stayed"), ("hide", "hid"), ("wait", "waited")],
    "here": [("stay", "stayed"), ("wait", "waited"), ("stand", "stood")],
    "far": [("drive", "drove"), ("go", "went"), ("run", "ran")],
    "same": [("stay the", "stayed the"), ("feel the", "felt the")],
    "soon": [("come back", "came back"), ("leave", "left"), ("wake up", "woke up")],
    "above": [("look", "looked"), ("fly", "flew"), ("rise", "rose")],
}

# Modifiers that fit what the end word is (a place or the sky takes the mood's own, see MOOD_WORDS).
THING_ADJECTIVES = [  # none is also a holding verb's past ("borrowed the borrowed wing")
    "old",
    "broken",
    "little",
    "last",
    "same",
    "secret",
    "spare",
    "cracked",
    "tiny",
    "worn",
    "only",
]

# When, for the present and the future (a past scene takes its mood's own times, MOOD_WORDS).
TIMES: dict[str, list[str]] = {
    "present": ["Tonight", "Right now", "This time", "Every night", "For now"],
    "future": ["Someday", "One day", "Next summer", "When it's over", "In a year"],
}
# Words that may open a line, by tense (a past scene cannot happen "tonight").
OPENERS: dict[str, list[str]] = {
    "past": ["And", "But", "So", "Then", "Still", "Somehow", "Back then", "Once"],
    "present": ["And", "But", "So", "Now", "Still", "Tonight", "Maybe", "Right now"],
    "future": ["And", "But", "So", "Then", "Maybe", "Someday", "One day", "Soon"],
}
