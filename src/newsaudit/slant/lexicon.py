"""Hand-written cue words for the propaganda techniques (general knowledge, not mined from the PTC).

They are features for the model, never flags on their own: "regime" is loaded in
an op-ed and neutral in a political-science abstract, and only the trained
weights know how much each cue counts in context.
"""

from __future__ import annotations

from functools import cache, lru_cache

CUES: dict[str, str] = {
    "loaded": "highly utterly totally outrageous outrageously disgraceful shameful shameless horrific horrible evil "
    "brutal brutally devastating massive catastrophic disastrous disaster vicious heinous despicable sinister "
    "illegal illegally criminal barbaric savage ruthless monstrous appalling atrocious scandalous corrupt "
    "blatant blatantly insane crazy absurd ridiculous pathetic disgusting vile sick hysterical bizarre",
    "label": "terrorist terrorists regime regimes thug thugs puppet puppets globalist globalists radical radicals "
    "extremist extremists leftist leftists libtard libtards traitor traitors treason crook crooks liar liars "
    "snowflake snowflakes fascist fascists communist communists marxist marxists socialist elite elites "
    "establishment propaganda propagandist fake hoax mob jihadist jihadists islamist islamists zionist "
    "zionists warmonger warmongers neocon neocons deplorables lunatic lunatics idiot idiots moron morons "
    "criminals murderer murderers tyrant dictator",
    "doubt": "allegedly alleged supposedly purported purportedly claimed claims questionable dubious suspicious "
    "whether really actually unproven unverified mysterious mysteriously",
    "fear": "threat threats threaten threatens danger dangerous destroy destroys destruction collapse invasion "
    "invaders catastrophe grave deadly crisis chaos terror fear afraid risk risks doom nightmare "
    "annihilation extinction warn warning warned consequences",
    "flag": "america american americans patriot patriots patriotic nation nation's homeland freedom freedoms "
    "liberty sovereignty fatherland motherland flag heritage",
    "authority": "expert experts scientist scientists professor doctor doctors study studies research official "
    "officials according",
    "absolute": "either only must never always every all none nothing everything everyone everybody nobody "
    "completely entirely absolutely undeniable undeniably clearly obviously",
    "crowd": "everyone everybody millions majority people public consensus",
    "hitler": "hitler nazi nazis nazism stalin fascism gestapo holocaust",
    "whatabout": "hypocrisy hypocrite hypocrites hypocritical double standard meanwhile",
    "extreme": "worst best biggest greatest largest unprecedented huge enormous tremendous incredible "
    "record historic ever",
    "minimise": "just merely mere simply only minor tiny trivial",
    "cliche": "period simple obvious enough",
}


@cache
def _index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for cue, words in CUES.items():
        for word in words.split():
            index.setdefault(word, []).append(cue)
    return {word: tuple(cues) for word, cues in index.items()}


@lru_cache(maxsize=1 << 16)
def cue_features(word: str) -> tuple[str, ...]:
    """``cue=...`` features of one lower-cased word."""
    return tuple(f"cue={cue}" for cue in _index().get(word, ()))
