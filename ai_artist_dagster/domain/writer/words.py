"""Word banks of the offline writer, organised by mood and rhyme family."""

from __future__ import annotations

# Rhyme families: (word, ends-a-noun-phrase?)
RHYMES: dict[str, list[tuple[str, bool]]] = {
    # (word, is_noun): nouns end "... the <adj> <noun>" lines; the others follow a verb ("we run away").
    "ight": [("night", True), ("light", True), ("bright", False), ("tonight", False), ("flight", True), ("kite", True)],
    "ay": [("away", False), ("day", True), ("way", True), ("highway", True), ("today", False), ("ray", True)],
    "ire": [("fire", True), ("higher", False), ("wire", True), ("choir", True), ("empire", True)],
    "ound": [("sound", True), ("ground", True), ("around", False), ("underground", False), ("playground", True)],
    "art": [("heart", True), ("apart", False), ("start", True), ("chart", True), ("art", True)],
    "ow": [("glow", True), ("slow", False), ("below", False), ("afterglow", True), ("radio", True), ("snow", True)],
    "ine": [("shine", True), ("line", True), ("sign", True), ("borderline", True), ("wine", True)],
    "ain": [("rain", True), ("again", False), ("chain", True), ("lane", True), ("train", True), ("hurricane", True)],
    "ue": [("blue", True), ("through", False), ("avenue", True), ("view", True), ("dew", True)],
    "eam": [("dream", True), ("stream", True), ("gleam", True), ("daydream", True), ("moonbeam", True)],
    "one": [("alone", False), ("stone", True), ("phone", True), ("zone", True), ("microphone", True)],
}

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

# Hook endings for the chorus's first line, with the rhyme family the chorus then follows.
HOOKS = [
    ("hold on tight", "ight"),
    ("stay tonight", "ight"),
    ("never let go", "ow"),
    ("take it slow", "ow"),
    ("don't fade away", "ay"),
    ("feel the sound", "ound"),
    ("light the fire", "ire"),
    ("don't let it rain", "ain"),
]
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

SUBJECTS = ["we", "you and I", "our hearts", "the lights", "the dreamers", "these streets", "we both"]
VERBS = ["run", "dance", "fall", "burn", "drift", "rise", "wait", "move", "shine", "break"]
PAST = ["ran", "danced", "fell", "burned", "drifted", "rose", "waited", "moved", "turned", "broke"]
GERUNDS = ["running", "dancing", "falling", "burning", "drifting", "chasing", "holding", "singing"]
PREPS = ["under", "over", "into", "across", "beyond", "inside", "along"]

PALETTE_HUES: dict[str, list[str]] = {
    "euphoric": ["#ff2e63", "#08d9d6", "#252a34", "#ffd460", "#f9ed69"],
    "warm": ["#f4a261", "#e76f51", "#2a9d8f", "#264653", "#e9c46a"],
    "intense": ["#0b0c10", "#c3073f", "#950740", "#1f2833", "#66fcf1"],
    "melancholic": ["#22223b", "#4a4e69", "#9a8c98", "#c9ada7", "#5c7aa8"],
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
