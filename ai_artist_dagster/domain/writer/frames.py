"""Line frames: what each part of a song says, as sentences with slots (written for this project).

A song moves through five beats — the scene (verse 1, past), the turn (pre-chorus), the hook
(chorus), the aftermath (verse 2, present) and the look ahead (bridge, future) — and each beat has
frames per kind of line-end word. Slots:

- ``{S}`` the narrator as subject (I / we, "I'll" in the future), ``{Y}`` you as subject,
  ``{O}`` the narrator as object (me / us);
- ``{place}``, ``{thing}``: one of the song's setting's places (with its preposition) or things;
  ``<act>`` one of its doings; ``{call}`` the mood's call ("take me");
- ``<VERB>`` one verb of a class (VERBS) in the beat's tense after a subject ("met" / "meet"),
  ``<VERB3>`` after a third person ("keeps"), ``<VERB0>`` bare ("can't <FORGET0>"); a lower-case
  ``<verb>`` is that verb itself; ``<be3>`` was / is / will be;
- ``{E}`` the line end: a place or the sky with its preposition ("under the streetlight"), a thing
  with its determiner ("a paper kite"), a feeling with a possessive ("your laughter"), or a particle
  clause ("drove away"). The verb nearest before ``{E}`` must take the end word
  (lexicon.FEELINGS, THING_VERBS): a class offers only its members that do.
"""

from __future__ import annotations

from ai_artist_dagster.domain.writer.lexicon import Kind

Beat = str  # "scene", "turn", "hook", "after", "ahead"

# Verb classes: what a frame's verb may be (base forms; the past comes from past()).
VERBS: dict[str, list[str]] = {
    "MEET": ["meet", "find", "see", "run into", "notice", "wait for", "look for", "follow", "watch"],
    "TOUCH": ["kiss", "hold", "find", "chase", "follow", "hug", "leave", "lose", "catch"],
    "WALK": ["walk", "drive", "take", "bring", "follow", "chase"],
    "IDLE": ["laugh", "dance", "sing", "talk", "shiver", "wander", "sway", "stay up", "hide", "linger", "wait",
             "smoke", "sit", "lie awake"],
    "MOVE": ["drive", "walk", "run", "ride", "wander", "drift", "race", "stroll", "hurry", "go", "cycle"],
    "STAND": ["stand", "wait", "sit", "sleep", "linger", "stay", "hide", "stay up", "kneel", "breathe"],
    "LOOK": ["look at", "smile at", "wave at", "sing to", "lean on", "call out to", "reach for"],
    "GIVE": ["give", "bring", "hand", "lend", "send", "show", "buy", "throw"],
    "HOLD": ["keep", "hold", "find", "lose", "steal", "borrow", "carry", "hide", "save", "wear", "fix", "break",
             "drop", "fold", "open"],
    "FEEL": ["hear", "miss", "remember", "learn", "carry", "keep", "find", "forget", "want", "sing", "write about",
             "live for", "make", "feel", "share", "wait for", "see", "tell", "lose", "break", "answer", "need",
             "whisper", "chase", "trust", "guard", "save"],
    "FORGET": ["forget", "replace", "erase", "outrun", "undo", "shake off", "sleep through"],
    "THINK": ["think of", "dream of", "pray for", "ask for", "write to", "sing for", "wait for"],
}  # fmt: skip

FRAMES: dict[Beat, dict[Kind, list[str]]] = {
    "scene": {
        "place": ["{S} <MEET> you {E}", "{S} <act> {E}", "{Y} <MEET> {O} {E}", "{S} <WALK> you home {E}",
                  "{Y} <TOUCH> {O} {E}", "{S} <IDLE> with you {E}", "{Y} <call> my name {E}", "{S} <MOVE> {E}",
                  "{thing} <be3> {E}", "{Y} <IDLE> {E}", "{Y} <LOOK> {O} {E}", "{S} <lose> you once {E}"],
        "sky": ["{S} <act> {E}", "{Y} <TOUCH> {O} {E}", "{S} <IDLE> {E}", "{Y} <IDLE> {E}", "{S} <STAND> {E}",
                "{thing} <be3> shining {E}", "{Y} <LOOK> {O} {E}", "{S} <MOVE> home {E}", "{S} <MEET> you {E}"],
        "thing": ["{Y} <GIVE> {O} {E}", "{S} <HOLD> {E}", "{place}, {S} <HOLD> {E}", "{Y} <HOLD> {E}",
                  "{S} <act> and <HOLD> {E}", "{place}, {Y} <GIVE> {O} {E}", "All {S} <have> was {E}"],
        "feeling": ["{S} <FEEL> {E}", "{place}, {Y} <FEEL> {E}", "{Y} <FEEL> {E}", "{place}, {S} <FEEL> {E}",
                    "{Y} <GIVE> {O} {E}", "{S} <act> and <FEEL> {E}"],
        "particle": ["{S} <pv> {E}", "{S} <act> and <pv> {E}", "{place}, {Y} <pv> {E}", "{Y} <pv> {E}",
                     "{place}, {S} <pv> {E}"],
    },
    "turn": {
        "place": ["{S} <keep> driving {E}", "{S} <THINK> you {E}", "{S} <see> your face {E}", "Nobody <IDLE3> {E}",
                  "{thing} <be3> still {E}", "{S} <MOVE> alone {E}", "{S} <STAND> without you {E}"],
        "sky": ["{S} still <hear> you {E}", "{S} <STAND> alone {E}", "{thing} <be3> fading {E}",
                "{S} <THINK> you {E}", "Nobody <IDLE3> {E}", "{S} <IDLE> alone {E}"],
        "thing": ["{S} still <HOLD> {E}", "{S} can't <throw0> away {E}", "{S} <hold> on to {E}",
                  "All {S} <have> is {E}", "{Y} still <HOLD> {E}"],
        "feeling": ["{S} can't <FORGET0> {E}", "{S} still <FEEL> {E}", "No one else <FEEL3> {E}",
                    "{Y} still <FEEL> {E}", "{S} <FEEL> {E}"],
        "particle": ["{S} <pv> {E}", "{Y} <pv> {E}", "But {S} <pv> {E}", "And still {S} <pv> {E}"],
    },
    "hook": {
        "place": ["Come <MEET0> me {E}", "<MEET0> me {E}", "{call} {E}", "Let's <act> {E}", "{S} <belong> {E}",
                  "Let's <IDLE0> {E}", "Come <MOVE0> with me {E}"],
        "sky": ["{call} {E}", "Let's <act> {E}", "{S} <come> alive {E}", "<IDLE0> with me {E}", "<MEET0> me {E}",
                "Let's <IDLE0> {E}"],
        "thing": ["<GIVE0> me {E}", "{S} <want> {E}", "All {S} <need> is {E}", "Don't let go of {E}",
                  "<HOLD0> {E}"],
        "feeling": ["All {S} <want> is {E}", "<GIVE0> me {E}", "{S} <FEEL> {E}", "{S} can't <FORGET0> {E}",
                    "Let me <FEEL0> {E}"],
        "particle": ["{S} <pv> {E}", "Let's <pv> {E}", "{Y} and {O} <pv> {E}"],
    },
    "after": {
        "place": ["{thing} <be3> still {E}", "{S} <MOVE> past you {E}", "{S} <act> alone {E}", "Nobody <IDLE3> {E}",
                  "{S} <MOVE> home alone {E}", "{Y} <live> somewhere {E}", "{S} <STAND> {E}", "{S} <MEET> a stranger {E}"],
        "sky": ["{S} <act> alone {E}", "{thing} <be3> lying {E}", "{S} <STAND> alone {E}", "{S} <THINK> you {E}",
                "{Y} <LOOK> {O} {E}", "{S} <IDLE> {E}"],
        "thing": ["{S} still <HOLD> {E}", "{Y} <GIVE> {O} {E}", "{S} never <return> {E}", "{place}, {S} <HOLD> {E}",
                  "{Y} <HOLD> {E}"],
        "feeling": ["{S} still <FEEL> {E}", "{place}, {S} <FEEL> {E}", "{Y} <FEEL> {E}", "Nobody <FEEL3> {E}",
                    "{S} <act> and <FEEL> {E}"],
        "particle": ["{S} <pv> {E}", "{S} <act> and <pv> {E}", "{place}, {S} <pv> {E}", "{Y} <pv> {E}"],
    },
    "ahead": {
        "place": ["{S} <MEET> you {E}", "{Y} <MEET> {O} {E}", "{S} <build> a home {E}", "{S} <STAND> {E}",
                  "{S} <WALK> you home {E}", "{S} <act> again {E}"],
        "sky": ["{S} <MEET> you {E}", "{Y} <hear> this song {E}", "{S} <IDLE> again {E}", "{S} <STAND> with you {E}",
                "{Y} <LOOK> {O} {E}"],
        "thing": ["{S} <GIVE> you {E}", "{Y} <HOLD> {E}", "{S} <HOLD> {E}", "{Y} <GIVE> {O} {E}"],
        "feeling": ["{S} <FEEL> {E}", "{Y} <FEEL> {E}", "{S} <act> and <FEEL> {E}"],
        "particle": ["{S} <pv> {E}", "{Y} <pv> {E}", "{S} <act> and <pv> {E}"],
    },
}  # fmt: skip
BEAT_OF_SECTION = {"Verse 1": "scene", "Pre-Chorus": "turn", "Chorus": "hook", "Verse 2": "after", "Bridge": "ahead"}

# Verbs whose past is not base + "ed".
IRREGULAR_PAST = {
    "meet": "met", "leave": "left", "give": "gave", "keep": "kept", "find": "found", "lose": "lost", "hear": "heard",
    "tell": "told", "say": "said", "sing": "sang", "make": "made", "break": "broke", "feel": "felt", "see": "saw",
    "hold": "held", "drive": "drove", "ride": "rode", "run": "ran", "stand": "stood", "sleep": "slept",
    "fall": "fell", "think": "thought", "bring": "brought", "take": "took", "write": "wrote", "forget": "forgot",
    "know": "knew", "get": "got", "swim": "swam", "send": "sent", "build": "built", "come": "came", "wear": "wore",
    "light": "lit", "read": "read", "split": "split", "steal": "stole", "hide": "hid", "fly": "flew", "rise": "rose",
    "spin": "spun", "have": "had", "catch": "caught", "shine": "shone", "lie": "lay", "sit": "sat", "go": "went",
    "buy": "bought", "throw": "threw", "lend": "lent", "dream": "dreamed", "kneel": "knelt", "outrun": "outran",
    "undo": "undid", "shake": "shook", "stop": "stopped", "plan": "planned", "skip": "skipped", "drop": "dropped",
    "slip": "slipped", "hum": "hummed", "hug": "hugged",
}  # fmt: skip


def _consonant_y(word: str) -> bool:
    return word.endswith("y") and word[-2] not in "aeiou"


def _past_of(head: str) -> str:
    if head in IRREGULAR_PAST:
        return IRREGULAR_PAST[head]
    return head + "d" if head.endswith("e") else head[:-1] + "ied" if _consonant_y(head) else head + "ed"


def _third_person_of(head: str) -> str:
    if head == "have":
        return "has"
    if head.endswith(("s", "sh", "ch", "x", "o")):
        return head + "es"
    return head[:-1] + "ies" if _consonant_y(head) else head + "s"


def past(verb: str) -> str:
    """The past of a verb phrase's first word: "share a cigarette" -> "shared a cigarette"."""
    head, _, rest = verb.partition(" ")
    return f"{_past_of(head)} {rest}".strip()


def third_person(verb: str) -> str:
    """keeps, watches, carries, goes, has — of a phrase's first word."""
    head, _, rest = verb.partition(" ")
    return f"{_third_person_of(head)} {rest}".strip()
