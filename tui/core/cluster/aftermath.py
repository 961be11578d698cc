"""The days after: a feature on the people a happening put out of their homes, placed by
where its outlet reports from and when it was written, since it may share no word with the
news.

The feature on the families sleeping on gym mats the night after a gas explosion, written by
an online outlet of that city, may name neither the explosion nor the street nor anyone the
news quoted: no word of it is in the news reports, and every pass before this one, which
compares words, names, figures or scenes, leaves it alone. What an analyst reading it knows is
that it comes from an outlet of that country, a day after a happening there, and tells the
aftermath of one (``words.AFTERMATH``: where people slept, what they were given, whom they
buried). When exactly one story of a destructive happening in that country began a few hours
to a few days before it, and no other story of a happening there began around then, the
feature belongs to that story.

The outlet's country is the analyst's own tag (``country = "KZ"`` in feeds.toml, carried as
``Doc.country``); without one, the pass leaves the report alone. It is where the outlet is
based, which is not always what it reports on: a report that says up front it is about another
country (names it, or two places of it) is left alone too. A lead naming any kind of
happening in its opening is a report of a happening, not a feature on its aftermath, and is
never moved here; so is one naming a disease up front (``words.DISEASES``: Legionella in a
sports hall's showers, the hall closed, is an outbreak's news, not the days after a fire).
Its evidence reads "aftermath: 1 day after the explosion, outlet in KZ".

A mixin of StoryClusterer."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.core.cluster.local import story_hazards
from tui.core.cluster.model import DAY, ClusterConfig, Constraints
from tui.core.cluster.names import PlaceContext, key_countries
from tui.core.cluster.state import ClusterState, DocState
from tui.core.cluster.words import DESTRUCTIVE, DISEASES

if TYPE_CHECKING:
    from tui.core.cluster.vocabulary import Vocabulary

# Any story of a happening in the country begun this long before the report, or up to
# ``_AFTER`` after it, makes the choice unsure: the report may be about that one.
_AROUND = 4 * DAY
_AFTER = DAY / 2
# Nouns for the evidence, per kind of happening (``words._HAZARDS``).
_NOUNS = {"flood": "flood", "quake": "earthquake", "slide": "landslide", "storm": "storm",
          "fire": "fire", "blast": "explosion", "crash": "crash", "sink": "sinking",
          "collapse": "collapse", "overturn": "overturning"}


class Aftermath:
    config: ClusterConfig
    _vocab: Vocabulary
    _clusters: dict[int, ClusterState]

    def _aftermath_pass(self, states: Sequence[DocState], constraints: Constraints
                        ) -> list[DocState]:
        """Each of ``states`` still alone in its cluster, not pinned there, with its outlet's
        country known and a lead showing the days after a happening it never names, joins
        the one story ``_aftermath_story`` finds, if any. The moved ones."""
        cfg = self.config
        lone = [state for state in sorted(states, key=lambda doc: doc.order)
                if state.country and state.aftermath >= cfg.aftermath_words
                and not state.news and DISEASES.isdisjoint(state.keys)
                and self._alone(state, constraints)]
        moved: list[DocState] = []
        if not lone:
            return moved
        # Stories by their first report, to find those begun around a report's time.
        begun = sorted((story.first, cid) for cid, story in self._clusters.items()
                       if story.first is not None)
        places: dict[int, set[str]] = {}
        for state in lone:
            found = self._aftermath_story(state, begun, places, constraints)
            if found is not None:
                evidence, story = found
                self._move(state, story, (evidence,))
                places.pop(story.id, None)  # its key names now count the report's too
                moved.append(state)
        return moved

    def _aftermath_story(self, state: DocState, begun: list[tuple[float, int]],
                         places: dict[int, set[str]], constraints: Constraints
                         ) -> tuple[str, ClusterState] | None:
        """The one story of several reports naming a destructive happening up front, begun
        ``aftermath_after_seconds`` to ``aftermath_seconds`` before the report, in its outlet's
        country (``PlaceContext`` of the story's key names), when no other story of a happening
        in that country began within ``_AROUND`` before it or ``_AFTER`` after it (a story
        most of whose reports announce a development of their own, the arrest or the lawsuit
        that recaps the fire, is no story of a happening: ``_development``), where the report
        names no country but that one up front, and was not removed by hand. Returns the
        evidence and the story, or None. (A headline naming another kind of happening does
        not keep it out: a storm's feature is on its flood as often as not, and refusing cost
        the tenth set a right one.)"""
        assert state.time is not None and state.country is not None
        cfg = self.config
        country = state.country
        if self._elsewhere(state, country):
            return None
        chosen: ClusterState | None = None
        start = bisect_left(begun, (state.time - _AROUND, -1))
        end = bisect_right(begun, (state.time + _AFTER, math.inf))
        for _, cid in begun[start:end]:
            story = self._clusters.get(cid)
            if (story is None or cid == state.cluster
                    or story_hazards(story).isdisjoint(DESTRUCTIVE)):
                continue  # a blackout, a protest or a fish kill leaves no one homeless
            if cid not in places:
                places[cid] = PlaceContext(self._vocab, story.keys).countries
            if country not in places[cid]:
                continue
            if _development(story):
                continue  # the lawsuit the day after recaps the blast: no other happening
            if chosen is not None:
                return None  # two happenings in the country: which one, the words cannot say
            chosen = story
        if chosen is None or len(chosen.members) < 2:
            return None
        since = state.time - chosen.first  # type: ignore[operator]
        kinds = story_hazards(chosen) & DESTRUCTIVE
        if not kinds or not cfg.aftermath_after_seconds <= since <= cfg.aftermath_seconds:
            return None
        if constraints.forbidden and self._forbidden(state.id, chosen.id, constraints):
            return None
        days = round(since / DAY)
        when = "the same day" if days == 0 else f"{days} day{'s' if days > 1 else ''} after"
        noun = " / ".join(sorted(_NOUNS[kind] for kind in kinds))
        return f"aftermath: {when} the {noun}, outlet in {country}", chosen

    def _elsewhere(self, state: DocState, country: str) -> bool:
        """The report says up front that it is about another country than its outlet's: it
        names another country, or two of its key names are places of one other country and
        none of its own (a feature from an outlet based in one country on families in two
        villages of another). One town's name says less: the people a feature names may
        bear the name of a town somewhere (Mendez, Chavez)."""
        vocab = self._vocab
        named = key_countries(vocab, state.keys)
        if named:
            return country not in named
        towns: dict[str, int] = {}
        for term in state.keys:
            places = {place.country for place in vocab.places(term)}
            if len(places) == 1:
                (where,) = places
                towns[where] = towns.get(where, 0) + 1
        return country not in towns and any(count >= 2 for count in towns.values())


def _development(story: ClusterState) -> bool:
    """Most of the story's reports with text announce a development of their own (an arrest,
    a lawsuit: ``words.DEVELOPMENTS``), recapping the happening they follow: no story of a
    happening a feature could be about."""
    return max(story.texted_news.values(), default=0) * 2 > story.texted
