"""Word banks of the offline writer by mood (profiles, themes, palettes, names), the chorus hooks and
the words never taken from chart titles or feedback. Line-end words and verbs are in lexicon.py."""

from __future__ import annotations

import re

MOODS: dict[str, dict[str, list[str]]] = {
    "euphoric": {
        "adj": ["neon", "golden", "electric", "endless", "burning", "shining", "wild"],
        "noun": ["skyline", "summer", "rhythm", "heartbeat", "city", "crowd", "spotlight"],
        "themes": [
            "a night that never ends",
            "running toward the light",
            "celebrating being young",
            "dancing through the noise",
        ],
        "personality": ["magnetic", "restless", "generous", "fearless"],
    },
    "warm": {
        "adj": ["gentle", "golden", "easy", "tender", "open", "sunlit", "soft"],
        "noun": ["sunlight", "morning", "river", "garden", "porch", "kitchen", "harbor"],
        "themes": ["coming home", "slow love", "small everyday joys", "friends who stay"],
        "personality": ["warm", "patient", "curious", "kind"],
    },
    "intense": {
        "adj": ["restless", "broken", "wild", "heavy", "electric", "reckless", "raw"],
        "noun": ["thunder", "engine", "storm", "siren", "concrete", "pulse", "static"],
        "themes": ["breaking free", "fighting back", "pressure and release", "the city at full speed"],
        "personality": ["driven", "blunt", "intense", "loyal"],
    },
    "melancholic": {
        "adj": ["faded", "quiet", "hollow", "silver", "distant", "empty", "paper"],
        "noun": ["window", "letter", "ghost", "echo", "winter", "photograph", "hallway"],
        "themes": ["missing someone", "late-night memories", "leaving a hometown", "healing slowly"],
        "personality": ["introspective", "wry", "gentle", "honest"],
    },
}

# Hook endings for the chorus's first line; the chorus rhymes on the hook's last word (pronounce.py).
HOOKS = [
    "hold on tight", "stay tonight", "never let go", "take it slow", "don't fade away", "feel the sound",
    "light the fire", "don't let it rain", "don't say goodbye", "one more day", "say my name", "find me in the dark",
    "take me higher", "under the moon", "out of the blue", "don't let me fall", "stay in the glow", "just like a dream",
    "we're on fire", "burn it down", "never alone", "over the sea", "dance till the morning", "you've got my heart",
]  # fmt: skip
STOPWORDS = {
    "the",
    "and",
    "you",
    "your",
    "with",
    "from",
    "that",
    "this",
    "what",
    "when",
    "feat",
    "remix",
    "version",
    "edit",
    "love",
    "like",
    "just",
    "into",
    "about",
    "there",
    "their",
    "they",
    "have",
    "been",
    "will",
    "would",
    "ignore",
    "previous",
    "instructions",
    "system",
    "prompt",
    "assistant",
    "user",
    # reviewers' meta-words: "more ocean imagery" steers towards the ocean, not towards "more"
    "more",
    "less",
    "imagery",
    "images",
    "words",
    "lines",
    "song",
    "songs",
    "better",
    "please",
    "make",
    "need",
    "needs",
    "should",
    "lyrics",
    "chorus",
    "verse",
    "bridge",
    "much",
    "very",
}

NAME_FIRST = ["No", "Ka", "Li", "Sa", "Ve", "Mi", "Ori", "Ze", "Lu", "Ta", "Ry", "Ae", "Ju", "Ma", "Ne"]
NAME_MID = ["va", "ri", "lo", "na", "en", "ya", "ro", "li", "sa", "ne", "mi", "ka"]
NAME_LAST = [
    "Vale",
    "Lune",
    "Hart",
    "Rey",
    "Sol",
    "Voss",
    "Kade",
    "Wren",
    "Nox",
    "Ives",
    "Lark",
    "Quill",
    "Mare",
    "Sage",
]

# A reviewer's note as data: the words it asks for, and the ones it asks to lose ("more neon, less rain").
NEGATIONS = {"less", "no", "not", "without", "fewer", "never", "drop", "lose", "avoid", "stop"}
INSTRUCTIONS = {"more", "imagery", "images", "words", "lines", "song", "lyrics", "please", "make", "feel", "like"}


def feedback_words(feedback: str, limit: int = 6) -> tuple[list[str], list[str]]:
    """(asked, refused): plain words of 4-10 letters; in each clause (split at , ; . ! ? and/but),
    those after a negation are refused. Nothing in the text is executed or obeyed beyond this."""
    asked: list[str] = []
    refused: list[str] = []
    for clause in re.split(r"[,;.!?]|\band\b|\bbut\b", feedback.lower()):
        negated = False
        for word in re.findall(r"[a-z]+", clause):
            if word in NEGATIONS:
                negated = True
            elif 4 <= len(word) <= 10 and word not in STOPWORDS and word not in INSTRUCTIONS:
                (refused if negated else asked).append(word)
    return list(dict.fromkeys(asked))[:limit], list(dict.fromkeys(refused))[:limit]
