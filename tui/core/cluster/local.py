"""Local reports: the town's paper and the regional radio tell a story through the town and
its people, in words the wire does not use ("Torbalı counts its losses as the water goes
down" beside "Flash floods kill four in western Turkey"), so their cosine with the story
(0.07-0.15) stays under the join threshold, where another event's reports sit too.

What places such a report is where it is: when no story admits it, it joins the closest story
(``ClusterConfig.local_threshold``, within ``local_seconds``) whose names place it in the
province the report's key names do, or whose key names lie in a province the report names
further down (a column that names no place up front; ``names.same_province``), unless the two
name different kinds of happening in their headlines and first sentences (``words.HAZARDS``: a
warehouse fire and, the next day, a bus crash in the same town) or their key names clash.
Measured on every labelled set in ``benchmarks/README.md`` ("Seventh day of issue 10").

Two reports of one event may share neither words nor a province the gazetteer knows (the
wire's "quake shakes northern Chile", the agency's district report) yet quote the same
figures: the magnitude, the minute it struck, the aftershock. A report still alone after
placing and merging joins the one story begun within ``named_seconds`` of it, one of whose
reports quotes at least ``ClusterConfig.figures_shared`` of its rare figures
(``ClusterConfig.rare_figure_docs``), unless another kind of happening, a development or a
clash of key names keeps it out. Two events rarely share two such figures: on the later
blind sets, 157 pairs of one event's reports within three days shared two or more, and 20
pairs of different events (most of them a development recapping the event).

A feature on the people in the shelter, published the day after, may share no word with the
news at all (cosine 0.00-0.05: camp beds, a kettle, a borrowed coat), yet name the village
they fled or the rescuer it quotes. When no story admits it even as a local report, such a
rare name (``ClusterConfig.rare_name_docs``) that exactly one story of several reports writes,
begun at most ``named_seconds`` before it, places it there, unless its headline and first
sentence name another kind of happening, its key names clash or it announces a development of
its own. Two stories writing its rare names leave it alone.

A feature that names neither the village nor the rescuer still shows what happened: a street
scrubbing the mud out of its kitchens, the commuters on the deck of a boat whose engines
stopped (``words.SCENES``). Still alone after the named pass, it joins the one story of a
happening begun at most ``named_seconds`` before it whose reports show the same scene
(``ClusterConfig.scene_threshold``), in a country its names place it in; one naming no place
the gazetteer knows joins only a story naming its scene's kind up front, and only when no
other fits. A place it names up front that the story never wrote, another kind of happening
up front, a development of its own or a clash of key names keep it out; so does a busy week:
where more than a few stories show that scene, only a name both write places it.

A report that names the happening up front may still be left alone by all of these: the
third victim of a tower block's gas explosion, told through the block's name ("Les Cèdres")
where the first reports named its district, names up front what the story never wrote, so
the named pass leaves it. Still alone after the scene pass, it joins the one story of its
kind of happening (``words.HAZARDS``), begun at most ``happening_seconds`` before it (three
days: a fire that burns two is out, and counted, 60 hours after its first report), that writes
one of its rare names, at a cosine of ``ClusterConfig.happening_threshold`` or more, where
nothing keeps it out (as for figures and scenes: another kind of happening up front, a
development the story never announced, a clash of key names).

A column names its argument, not the news's place or people, and comes days later: still
alone after every pass, a report from an outlet writing columns and features joins the story
of several reports begun within ``feature_story_seconds`` before it closest to it in words
(its own country's stories first), when its words lean to that story only
(``ClusterConfig.feature_threshold``, ``feature_margin``) and nothing keeps it out. Then
any report still alone a day on, a development of its own that no other report told too,
joins the story its words lean to at ``ClusterConfig.followup_threshold`` or more: the
follow-up is shown with the story it follows.

A mixin of StoryClusterer."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from tui.core.cluster.model import ClusterConfig, Constraints, DocId
from tui.core.cluster.names import (
    PlaceContext,
    countries_clash,
    key_countries,
    lie_in,
    places_new,
    same_province,
)
from tui.core.cluster.state import ClusterState, DocState, features_abroad
from tui.core.cluster.words import ACQUISITION, TOWN_NEWS

if TYPE_CHECKING:
    from tui.core.cluster.vocabulary import Vocabulary


def story_hazards(cluster: ClusterState) -> set[str]:
    """The kinds of happening at least half of the cluster's members naming one name in their
    headline or first sentence (a bus crash where one report says the bus caught fire is no
    fire)."""
    counts: dict[str, int] = {}
    told = 0
    for member in cluster.members:
        if member.hazards:
            told += 1
            for kind in member.hazards:
                counts[kind] = counts.get(kind, 0) + 1
    return {kind for kind, count in counts.items() if 2 * count >= told}


# Kinds of development a column or feature names as what it argues or describes, not as news
# of its own: "We license waste yards on paper and police them by luck", a column on
# Tullamore's recycling-yard fire (hundred-and-twenty-eighth set); fishermen with "nothing to
# sell" after Lake Orestiada's fish kill (ninety-fifth). They do not keep it out of the story
# its words lean to (``_feature_story``); its arrests, inquiries, strikes and job cuts still
# do (a column on the prosecutors' lawsuit is the lawsuit's).
ARGUED = frozenset({"deal", ACQUISITION, "sanction"})


# What a quake, a landslide, a storm, a flood, a fire, a blast or a crash does to a building
# or a hillside: one outlet's "landslide" is another's "hillside collapses on the village".
_COLLAPSING = frozenset({"quake", "slide", "storm", "flood", "fire", "blast", "crash"})
# How a bus or a boat is told by those who write neither "crash" nor "capsized": one outlet's
# "coach crash" is another's "coach overturns", one's capsize another's "boat overturns".
_OVERTURNING = frozenset({"crash", "sink", "storm", "flood"})
# What cuts a town's power, heat or water: the storm's report and the one on the homes
# still "without power" after it.
_CUTTING = frozenset({"storm", "flood", "quake", "fire", "blast"})
# What lets chemicals or sewage into a river: one outlet's spill, leak or overflow is
# another's pollution (not a collapse: the landslide beside the fish kill in one country).
_FOULING = frozenset({"blast", "flood", "fire"})
# What a storm brings: one outlet's cloudburst that floods the old town is another's "after
# the storm, the town counts the cost" (seventieth set).
_STORMING = frozenset({"flood"})
# What crushes or electrocutes a worker: anything that falls, breaks, burns or crashes.
_INJURING = frozenset({"collapse", "crash", "overturn", "slide", "quake", "storm", "blast",
                       "fire", "sink", "flood"})
# The kinds told as one with any of others, either side.
_ONE_WITH = {"collapse": _COLLAPSING, "overturn": _OVERTURNING, "outage": _CUTTING,
             "pollution": _FOULING, "storm": _STORMING, "accident": _INJURING}


def kinds_differ(mine: Collection[str], theirs: Collection[str]) -> bool:
    """Both sides name kinds of happening, and none the same (a collapse is one with any of
    the happenings that bring things down, an overturning one with a crash, a sinking or the
    storm or flood that turned the boat over, a storm with the flood it brings)."""
    if not mine or not theirs or not set(mine).isdisjoint(theirs):
        return False
    for kind, kin in _ONE_WITH.items():
        if ((kind in mine and not kin.isdisjoint(theirs))
                or (kind in theirs and not kin.isdisjoint(mine))):
            return False
    return True


def hazards_differ(doc: DocState, cluster: ClusterState) -> bool:
    """The doc's headline and first sentence name kinds of happening, the story's others."""
    return bool(doc.hazards) and kinds_differ(doc.hazards, story_hazards(cluster))


def happenings_differ(a: ClusterState, b: ClusterState) -> bool:
    """Both stories name kinds of happening up front, and not one the same."""
    return kinds_differ(story_hazards(a), story_hazards(b))


def news_beside_happening(news: Collection[str], hazards: Collection[str], lone: ClusterState
                          ) -> bool:
    """A report (or a story of one) that names no kind of happening up front and announces a
    development the lone report never spoke of, where that report names a happening: a
    utility's contract award beside the report of its blackout. Sharing nothing but names
    with it, the award is another story; a feature on the blackout announces nothing, and
    joins it on the names they share, as features do (``_best_cluster``)."""
    return (bool(news) and not hazards and not lone.news.keys() >= news
            and bool(story_hazards(lone)))


def other_news(doc: DocState, cluster: ClusterState) -> bool:
    """The doc announces kinds of development, the story others and not one of the doc's: a
    railway's fare rise beside a chemical maker's profit warning in the same province
    (eighty-second set), two firms' own news sharing "company", "percent" and "yen"."""
    return bool(doc.news) and bool(cluster.news) and doc.news.isdisjoint(cluster.news)


def untold_toll(doc: DocState) -> bool:
    """A report with text revising a toll (``DocState.update``) of a happening it does not
    name ("the personnel-bus accident"): it joins no story naming none either
    (``_best_cluster``, the merge pass), unless worded close."""
    return doc.texted and doc.update and not doc.hazards


def same_hazard(doc: DocState, cluster: ClusterState) -> bool:
    """The doc's headline or first sentence names a kind of happening the story's do: a
    village's own report of the quake, sharing only the village's name with the wire's, is
    no other happening in that village."""
    return bool(doc.hazards) and not doc.hazards.isdisjoint(story_hazards(cluster))


def happening_agrees(doc: DocState, cluster: ClusterState) -> bool:
    """What a local report that close in words needs (``LocalReports._local_report``): the
    story's reports name no kind of happening up front, or the doc names one they name (not
    only one told as one with it, as a storm with a roof's collapse); a doc naming none joins
    no story of one."""
    told = story_hazards(cluster)
    return not told or not doc.hazards.isdisjoint(told)


def closest_first(scored: list[tuple[float, ClusterState]]
                  ) -> list[tuple[float, ClusterState]]:
    """(cosine, story) pairs closest first, ties to the older story id: the order the last
    looks choose from (``LocalReports._leaning``)."""
    return sorted(scored, key=lambda pair: (-pair[0], pair[1].id))


class LocalReports:
    config: ClusterConfig
    _vocab: Vocabulary
    _clusters: dict[int, ClusterState]
    _postings: dict[str, list[int]]
    _docs: dict[DocId, DocState]

    def _local_report(self, state: DocState, near: Iterable[tuple[float, int]]
                      ) -> tuple[ClusterState, float] | None:
        """The story a local report belongs to, among ``near``: (cosine, cluster id) of the
        candidates at ``local_threshold`` or more within ``local_seconds``, that no new
        development nor shared names alone keep it from. A story whose reports name a kind
        of happening up front takes only a local report naming the same kind: the village's
        own report of the quake names it, a firm's power deal in the province of its works'
        fume leak (fifty-eighth set) names none, and a hailstorm tearing the roofs off
        Ncotshane's homes is no part of a colliery's roof fall near Vryheid two days before
        (hundred-and-thirty-first set), though a storm may bring a roof down: so close a
        word (0.09) says nothing of which."""
        for score, cid in sorted(near, key=lambda sc: (-sc[0], sc[1])):
            cluster = self._clusters[cid]
            if (same_province(self._vocab, state.keys, state.names, cluster.names,
                              self._dominant(cluster))
                    and happening_agrees(state, cluster)
                    and not other_news(state, cluster)
                    and not self._doc_conflict(state, cluster)):
                return cluster, score
        return None

    def _rare_names(self, state: DocState) -> list[str]:
        """The doc's names that few documents write and none in lower case."""
        vocab = self._vocab
        most = self.config.rare_name_docs
        df, plain, low = vocab.df.get, vocab.plain_df.get, vocab.low_df.get
        return sorted(term for term in state.names
                      if df(term, 0) <= most and not plain(term) and not low(term))

    def _alone(self, state: DocState, constraints: Constraints) -> bool:
        """A report with text and a time, alone in its cluster and not pinned there: what
        the lone-report passes (figures, rare names, scenes) may move."""
        own = self._clusters.get(state.cluster)
        return (state.texted and state.time is not None and own is not None
                and len(own.members) == 1 and not own.pinned
                and state.id not in constraints.pinned)

    def _move(self, state: DocState, story: ClusterState, evidence: tuple[str, ...]) -> None:
        """A lone report into ``story``, with what placed it there as its evidence."""
        self._remove(state, self._clusters[state.cluster])
        self._join(state, story)
        state.named = evidence

    def _kept_out(self, state: DocState, story: ClusterState, constraints: Constraints,
                  keyed: bool = False, developments: bool = True) -> bool:
        """What keeps a lone report out of a story its figures or its scene point to:
        another kind of happening up front, a development the story did not announce, one
        the story followed with (``_new_development``), a move undone by hand, a clash of
        key names; ``keyed``: of countries only (``_happening_story``); not ``developments``:
        a development does not keep it out (``_followup_story``). A feature is kept out of a
        story of features of other countries' outlets only (``state.features_abroad``)."""
        return (hazards_differ(state, story)
                or features_abroad((state,), story.members, self._named_countries)
                or (developments and (not state.news <= story.news.keys()
                                      or self._new_development(state, story)))
                or bool(constraints.forbidden and self._forbidden(state.id, story.id,
                                                                   constraints))
                or (countries_clash(self._vocab, state.keys, self._dominant(story)) if keyed
                    else self._doc_conflict(state, story)))

    def _lone_passes(self, states: Sequence[DocState], constraints: Constraints
                     ) -> list[DocState]:
        """The lone reports' passes, in their order: figures, rare names, scenes, kinds of
        happening. The moved ones."""
        moved = self._figures_pass(states, constraints)
        moved += self._named_pass(states, constraints)
        moved += self._scene_pass(states, constraints)
        moved += self._happening_pass(states, constraints)
        return moved

    def _feature_pass(self, states: Sequence[DocState], constraints: Constraints
                      ) -> list[DocState]:
        """The last look: each of ``states`` still alone in its cluster, not pinned there,
        from an outlet writing columns and features (``DocState.feature``), joins the story
        ``_feature_story`` finds, if any. The moved ones."""
        if self.config.feature_threshold > 1.0:
            return []
        moved = self._last_look([state for state in states if state.feature], constraints,
                                self._feature_story, "a column or feature")
        return moved + self._feature_pairs(states, constraints)

    def _feature_pairs(self, states: Sequence[DocState], constraints: Constraints
                       ) -> list[DocState]:
        """A column and a feature that found each other before they found their story: two
        or three of ``states`` from outlets writing columns and features, their story's only
        reports, none pinned, join together the story the first of them to find one finds
        (``_feature_story``), where nothing keeps the others out (``_kept_out``). "At the
        Nazran bazaar, fasting sellers wait" and "A city that rebuilds its bazaar without
        asking the bazaar" shared "bazaar" and were a story of their own, two days after the
        market traders' (hundred-and-twenty-sixth set); the feature names Nazran, the
        traders' story's key name, and alone would have joined it. In ten of the 135 sets,
        such a pair was always of one event, and its story elsewhere. The moved ones."""
        given = {state.id for state in states}
        pinned = constraints.pinned
        moved: list[DocState] = []
        seen: set[int] = set()
        for state in sorted(states, key=lambda doc: doc.order):
            cid = state.cluster
            if cid in seen:
                continue
            seen.add(cid)
            own = self._clusters.get(cid)
            if own is None or not 2 <= len(own.members) <= 3 or own.pinned:
                continue
            members = sorted(own.members, key=lambda doc: doc.order)
            if not all(member.id in given and member.feature and member.texted
                       and member.time is not None and member.id not in pinned
                       for member in members):
                continue
            for member in members:
                found = self._feature_story(member, constraints)
                if found is None:
                    continue
                story, score = found
                if any(self._kept_out(other, story, constraints)
                       for other in members if other is not member):
                    break
                for other in members:
                    self._move(other, story, (
                        f"closest story of a column or feature: {score:.2f}" if other is member
                        else f"with the column or feature it came with: {score:.2f}",))
                    moved.append(other)
                break
        return moved

    def _followup_pass(self, states: Sequence[DocState], constraints: Constraints
                       ) -> list[DocState]:
        """The very last look: each of ``states`` still alone in its cluster, not pinned there,
        joins the story ``_followup_story`` finds, if any. A report telling a development of
        its own (a court's ruling, an inquiry, a pay deal) starts a story of its own, and does
        when other reports tell it too; one left alone is most often the follow-up of the
        story it is closest to in words, and is shown with it. The moved ones."""
        if self.config.followup_threshold > 1.0:
            return []
        return self._last_look(states, constraints, self._followup_story, "a follow-up")

    def _last_look(self, states: Sequence[DocState], constraints: Constraints,
                   find: Callable[[DocState, Constraints], tuple[ClusterState, float] | None],
                   what: str) -> list[DocState]:
        """Each of ``states`` still alone, in arrival order, into the story ``find`` finds,
        its evidence "closest story of ``what``: 0.24". The moved ones."""
        moved = []
        for state in sorted(states, key=lambda doc: doc.order):
            if not self._alone(state, constraints):
                continue
            found = find(state, constraints)
            if found is not None:
                story, score = found
                self._move(state, story, (f"closest story of {what}: {score:.2f}",))
                moved.append(state)
        return moved

    def _followup_story(self, state: DocState, constraints: Constraints
                        ) -> tuple[ClusterState, float] | None:
        """The story, begun within ``feature_story_seconds`` before the report (or half the
        grace after), closest to it in words: at ``followup_threshold`` or more,
        ``feature_margin`` times the next closest story of that time, naming no other kind of
        happening up front, sharing no clash of key names, and no move undone by hand. A
        development the story never told does not keep the report out. A story of one report
        counts: two follow-ups each alone (the rail investigators' finding of a derailment's
        cause, and the prosecutors' case a day later; seventy-sixth set) are one."""
        found = self._leaning(self._stories_before(state, 1), self.config.followup_threshold)
        if found is None:
            return None
        if self._kept_out(state, found[0], constraints, developments=False):
            return None
        return found

    def _feature_story(self, state: DocState, constraints: Constraints
                       ) -> tuple[ClusterState, float] | None:
        """The story of several reports, begun within ``feature_story_seconds`` before the
        report (or half the grace after), closest to it in words: at ``feature_threshold`` or
        more, ``feature_margin`` times the next closest story of that time (of its country's
        stories, when one is close enough), and nothing keeping it out (``_kept_out``). A column
        names the argument it makes, not the place or the people of the news, and comes days
        later: neither the rare-names pass nor the placement's grace finds its story; its
        words do, when they lean to one story only (eighty-fifth set: "A city hanging from a
        single pipe", three days after Alto Hospicio's pipe burst, 0.24 to that story and 0.08
        at most to any other)."""
        threshold = self.config.feature_threshold
        scored = self._stories_before(state, 2)
        # A column argues about its own country's news: where a story its country's outlets
        # reported is close enough, the others are not in the running (ninety-fourth set: an
        # Alberta column on a birthing unit's pause, 0.31 to its story and 0.33 to Western
        # Australia's pause the same week).
        home = [(score, story) for score, story in scored
                if state.country and story.reported_from(state.country)]
        if any(score >= threshold for score, _ in home):
            scored = home
        found = self._leaning(scored, threshold)
        if found is None:
            found = self._named_feature_story(state)
        if found is None or self._kept_out(state, found[0], constraints,
                                           developments=not state.news <= ARGUED):
            return None
        return found

    def _named_feature_story(self, state: DocState) -> tuple[ClusterState, float] | None:
        """Of the stories (of one report too) begun within ``feature_story_seconds`` before
        the feature (or half the grace after), and of several reports within
        ``feature_named_seconds``, whose key names it writes (``_dominant``), the
        one its words lean to at ``feature_named_threshold`` or more, ``feature_margin`` times
        the next. A feature follows people up front and names the place after: a nurse's night
        shifts "in the hospital in Bar", 0.054 to the Bar hospital's story and 0.072 to an
        unrelated story of the region (hundred-and-fourteenth set). Looked up by the
        stories' terms (``_postings``), not by its heaviest words, which are the feature's
        own (hip, shifts)."""
        begun = self._last_look_window(state)
        begun_before = self._last_look_window(state, self.config.feature_named_seconds)
        seen = {state.cluster}
        scored = []
        for term in state.names:
            for cid in self._postings.get(term, ()):
                if cid in seen:
                    continue
                seen.add(cid)
                story = self._clusters.get(cid)
                # A report the analyst set apart by hand (its own story, pinned) is no story
                # for a feature to join: a rebuild keeps a correction as it was left.
                if (story is None
                        or not (begun(story) or (len(story.members) > 1
                                                 and begun_before(story)))
                        or (len(story.members) == 1 and story.pinned)
                        or state.names.isdisjoint(self._dominant(story))):
                    continue
                scored.append((story.cosine(state.vec), story))
        return self._leaning(closest_first(scored), self.config.feature_named_threshold)

    def _stories_before(self, state: DocState, least: int
                        ) -> list[tuple[float, ClusterState]]:
        """The stories of ``least`` reports or more begun within ``feature_story_seconds``
        before the report (or half the grace after), with their cosine to it, closest first
        (ties: the older story id): what the last looks (``_feature_story``,
        ``_followup_story``) choose from."""
        begun = self._last_look_window(state)
        scored = []
        for cid in self._candidates(state.vec, state.time, exclude=state.cluster):
            story = self._clusters.get(cid)
            if story is not None and len(story.members) >= least and begun(story):
                scored.append((story.cosine(state.vec), story))
        return closest_first(scored)

    def _last_look_window(self, state: DocState, reach: float | None = None
                          ) -> Callable[[ClusterState], bool]:
        """Whether a story began within ``reach`` (``feature_story_seconds`` unless given)
        before the report, or half the grace after: the stories the last looks read."""
        assert state.time is not None
        earliest = state.time - (self.config.feature_story_seconds if reach is None else reach)
        latest = state.time + self.config.time_grace_seconds / 2
        return lambda story: story.first is not None and earliest <= story.first <= latest

    def _leaning(self, scored: list[tuple[float, ClusterState]], threshold: float
                 ) -> tuple[ClusterState, float] | None:
        """The first of ``scored`` (closest first) when its words lean to it: at ``threshold``
        or more, and ``feature_margin`` times the next."""
        if not scored:
            return None
        score, story = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if score < threshold or score < self.config.feature_margin * runner_up:
            return None
        return story, score

    def _happening_pass(self, states: Sequence[DocState], constraints: Constraints,
                        *, single: bool = False) -> list[DocState]:
        """After the scene pass: each of ``states`` still alone in its cluster, not pinned
        there, naming a kind of happening up front, joins the story ``_happening_story``
        finds, if any. The moved ones.

        ``single``: stories of one report count too (the last look, after the weighed pass,
        which the first look would pre-empt: two lone reports joined early change what it
        weighs). The local agency's minibus crash near Portimão and, hours later, the wire's
        in the Algarve, each naming the crash and sharing no more words than that, were each
        alone (sixty-second set)."""
        cfg = self.config
        lone = [state for state in sorted(states, key=lambda doc: doc.order)
                if self._alone(state, constraints) and state.hazards]
        if not lone:
            return []
        earliest = min(state.time for state in lone if state.time is not None)
        earliest -= cfg.happening_seconds
        least = 1 if single else 2
        stories = [cluster for cluster in self._clusters.values()
                   if len(cluster.members) >= least and cluster.first is not None
                   and cluster.first >= earliest]
        moved = []
        for state in lone:
            if len(self._clusters[state.cluster].members) > 1:
                continue  # another lone report joined it meanwhile
            found = self._happening_story(state, stories, constraints)
            if found is not None:
                story, evidence = found
                self._move(state, story, evidence)
                moved.append(state)
        return moved

    def _happening_story(self, state: DocState, stories: Sequence[ClusterState],
                         constraints: Constraints
                         ) -> tuple[ClusterState, tuple[str, ...]] | None:
        """The one story among ``stories`` (begun since the earliest lone report's window;
        of one report or several, the doc's own aside), begun within ``happening_seconds``
        before the doc (or half the grace after), whose reports name its kind of happening up
        front and write one of its rare names (for a report naming only countries, whose key
        towns lie in one of them: ``_abroad``), at ``happening_threshold`` or more, that
        nothing keeps it from (``_kept_out``), and those names, its evidence as for the named
        pass; None if there is none, or several. Where a rare name both write is a key
        name of either, only a clash of countries keeps them apart: the Lyngen slide's
        reports all head with the valley, the local paper's with the street the slide tore
        through ("Slide tears through Fjellveien ... in Furuflaten"), its key names the
        story never wrote, yet Furuflaten, its village, the story writes."""
        cfg = self.config
        assert state.time is not None
        earliest = state.time - cfg.happening_seconds
        latest = state.time + cfg.time_grace_seconds / 2
        rare: list[str] | None = None
        found: ClusterState | None = None
        evidence: list[str] = []
        for story in stories:
            assert story.first is not None
            if not earliest <= story.first <= latest or not same_hazard(state, story):
                continue
            if story.id == state.cluster or not story.members:
                continue  # its own, or one a report left for another story just now
            if rare is None:
                rare = self._rare_names(state)
                abroad = self._abroad(state)
            shared = [term for term in rare if term in story.names]
            if shared and (state.hazards & story_hazards(story)) <= TOWN_NEWS:
                # A town's festival, protest or theft is one of many of its kind: another
                # joins it on a place both name, not on a capitalised word (ninety-seventh
                # set: a Botswana museum's oral histories beside a Tanzanian town's heritage
                # week, both writing "Memorial").
                shared = [term for term in shared if self._vocab.places(term)]
            if not shared and abroad:
                # A wire abroad names the country, the story's reports its towns: the
                # country they lie in is what both write (ninety-fourth set: "Tanzania: at
                # least seven killed as informal gold mine collapses", beside the regional
                # wire's "gold pit caves in outside Geita town" six hours before).
                home = lie_in(self._vocab, self._dominant(story))
                shared = [term for term, code in abroad if code in home]
            if not shared or story.cosine(state.vec) < cfg.happening_threshold:
                continue
            # A rare name both write that is a key name of either side (the village the
            # report heads with, the town the story's reports do) is where both happened:
            # no clash of key names keeps them apart, only one of countries.
            dominant = self._dominant(story)
            keyed = any(term in state.keys or term in dominant for term in shared)
            if self._kept_out(state, story, constraints, keyed):
                continue
            if found is not None:
                return None  # two stories of its kind: it stays alone
            found, evidence = story, shared
        return None if found is None else (found, tuple(evidence))

    def _abroad(self, state: DocState) -> list[tuple[str, str]]:
        """(term, country code) of each country among the report's key names, when it names
        countries and no town or province (a wire writing for readers abroad); else none."""
        vocab = self._vocab
        if lie_in(vocab, state.keys):
            return []
        return [(term, code) for term in state.keys
                for code in key_countries(vocab, (term,))]

    def _figures_pass(self, states: Sequence[DocState], constraints: Constraints
                      ) -> list[DocState]:
        """After placement and merging: each of ``states`` still alone in its cluster, not
        pinned there, joins the one story begun within ``named_seconds`` of it, one of
        whose reports quotes at least ``figures_shared`` of its rare figures (quoted by at
        most ``rare_figure_docs`` documents), more of them than any other story's, where
        nothing keeps it out (as for a rare name: another kind of happening up front, a
        development of its own or one the story followed with, a clash of key names, a
        move undone by hand). The moved ones."""
        cfg = self.config
        most = cfg.rare_figure_docs
        if not most:
            return []
        quoted = self._vocab.figure_df.get
        lone: list[tuple[DocState, frozenset[str]]] = []
        for state in sorted(states, key=lambda doc: doc.order):
            if self._alone(state, constraints):
                rare = frozenset(f for f in state.figures if quoted(f, 0) <= most)
                if len(rare) >= cfg.figures_shared:
                    lone.append((state, rare))
        if not lone:
            return []
        wanted = frozenset().union(*(rare for _, rare in lone))
        quoting: dict[str, list[DocState]] = {}
        for other in self._docs.values():
            for figure in other.figures & wanted:
                quoting.setdefault(figure, []).append(other)
        moved = []
        for state, rare in lone:
            if len(self._clusters[state.cluster].members) > 1:
                continue  # another lone report joined it meanwhile
            found = self._figured_story(state, rare, quoting, constraints)
            if found is not None:
                shared, cluster = found
                self._move(state, cluster, (f"figures: {', '.join(shared)}",))
                moved.append(state)
        return moved

    def _figured_story(self, state: DocState, rare: frozenset[str],
                       quoting: dict[str, list[DocState]], constraints: Constraints
                       ) -> tuple[list[str], ClusterState] | None:
        """The story ``_figures_pass`` places the doc in, with the figures shared, or None
        (none, or two stories sharing as many)."""
        assert state.time is not None
        cfg = self.config
        earliest = state.time - cfg.named_seconds
        latest = state.time + cfg.named_seconds
        shared: dict[int, set[str]] = {}
        for figure in rare:
            for other in quoting.get(figure, ()):
                if other is not state and other.cluster != state.cluster:
                    shared.setdefault(other.cluster, set()).add(figure)
        fits: list[tuple[int, int, ClusterState]] = []
        for cid, figures in shared.items():
            if len(figures) < cfg.figures_shared:
                continue
            cluster = self._clusters.get(cid)
            if (cluster is None or cluster.first is None
                    or not earliest <= cluster.first <= latest):
                continue
            if self._kept_out(state, cluster, constraints):
                continue
            fits.append((len(figures), cid, cluster))
        if not fits:
            return None
        fits.sort(key=lambda fit: (-fit[0], fit[1]))
        if len(fits) > 1 and fits[1][0] == fits[0][0]:
            return None
        _, cid, cluster = fits[0]
        return sorted(shared[cid]), cluster

    def _named_pass(self, states: Sequence[DocState], constraints: Constraints
                    ) -> list[DocState]:
        """After placement and merging: each of ``states`` still alone in its cluster, and
        not pinned there, joins the story ``_named_report`` finds, if any. The moved ones."""
        lone: list[tuple[DocState, list[str]]] = []
        for state in sorted(states, key=lambda doc: doc.order):
            if self._alone(state, constraints):
                rare = self._rare_names(state)
                if rare:
                    lone.append((state, rare))
        if not lone:
            return []
        # Which stories of several reports write each of those names, among those begun late
        # enough for one of the lone reports: one look at each story's names, not one per
        # report (a story's names are not in the postings, which hold its weightiest terms).
        wanted = {name for _, rare in lone for name in rare}
        earliest = min(state.time - self._named_back(state) for state, _ in lone
                       if state.time is not None)
        writing: dict[str, list[int]] = {}
        for cid, cluster in self._clusters.items():
            if (cluster.first is None or cluster.first < earliest
                    or (len(cluster.members) < 2 and not self._news_alone(cluster))):
                continue
            for name in cluster.names:
                if name in wanted:
                    writing.setdefault(name, []).append(cid)
        moved = []
        for state, rare in lone:
            if not self._alone(state, constraints):
                continue  # a lone report moved in with it
            found = self._named_report(state, rare, writing, constraints)
            if found is not None:
                self._move(state, found, tuple(term for term in rare if term in found.names))
                moved.append(state)
        return moved

    def _news_alone(self, cluster: ClusterState) -> bool:
        """``cluster`` is one report of news (no column or feature), not pinned there: a
        story another lone report of news may join by the rare names both write
        (``named_pairs``)."""
        return (self.config.named_pairs and len(cluster.members) == 1 and not cluster.pinned
                and not cluster.members[0].feature)

    def _named_report(self, state: DocState, rare: list[str], writing: dict[str, list[int]],
                      constraints: Constraints) -> ClusterState | None:
        """The one story of several reports (or, for news, of one report of news:
        ``named_pairs``) that writes one of the doc's ``rare`` names
        (``writing``: name -> ids of the stories writing it), begun within ``named_seconds``
        before it, that nothing keeps it from; of several, the one its words lean to
        (``named_lean_threshold``, ``feature_margin``); None if there is none, or several
        its words do not choose between."""
        assert state.time is not None
        earliest = state.time - self._named_back(state)
        latest = state.time + self.config.time_grace_seconds / 2
        # A feature's second look, where the first found no story (``_may_place``).
        # A country's name (England) is a rare name in a week of one region's news, but says
        # less than a town's: the story writing the town (Mere) is the one, whatever other
        # story writes the country (eighty-fourth set). Only where no town's name places the
        # report do the countries'.
        towns = [term for term in rare if not self._country(term)]
        for feature in (False, True) if state.feature else (False,):
            for names in (towns, rare) if len(towns) < len(rare) else (rare,):
                fits: list[ClusterState] = []
                seen: set[int] = set()
                for term in names:
                    for cid in writing.get(term, ()):
                        if cid in seen:
                            continue
                        seen.add(cid)
                        cluster = self._clusters.get(cid)
                        if (cluster is not None and cid != state.cluster
                                and (len(cluster.members) > 1 or (
                                    not state.feature and self._news_alone(cluster)))
                                and cluster.first is not None
                                and earliest <= cluster.first <= latest
                                and self._may_place(state, rare, cluster, constraints,
                                                    feature)):
                            fits.append(cluster)
                if len(fits) == 1:
                    return fits[0]
                if fits:
                    # Two stories write its rare names: the one its words lean to, if they
                    # do (a column on the lagoon whose algae tainted the tap water, not the
                    # same city's burst water main; sixteenth set), else none.
                    scored = closest_first([(story.cosine(state.vec), story)
                                            for story in fits])
                    found = self._leaning(scored, self.config.named_lean_threshold)
                    return found[0] if found is not None else None
        return None

    def _named_back(self, state: DocState) -> float:
        """How long before a lone report the story its rare names point to may have begun:
        ``feature_seconds`` for a report of an outlet writing columns and features (the
        column comes days after the news), else ``named_seconds``."""
        cfg = self.config
        return max(cfg.named_seconds, cfg.feature_seconds) if state.feature else cfg.named_seconds

    def _may_place(self, state: DocState, rare: list[str], cluster: ClusterState,
                   constraints: Constraints, feature: bool = False) -> bool:
        """Nothing keeps the lone report out of the story its rare names point to:
        - every name its headline and first sentence give, the story writes (the next day's
          bus crash on the Bagalur road names the road the warehouse fire's reports never
          did; a feature names the family it follows, which the news may not: the cost);
        - a rare name it gives up front counts only when it also names the story's kind of
          happening there (``words.HAZARDS``): a report about the town itself is about
          anything that happens there (parents blocking the school's gates the day after the
          warehouse fire; the Yerevan metro's fare rise beside the Van quake whose one report
          says the rescuers left Yerevan), the feature names the village further down;
        - it announces no kind of development the story never spoke of
          (``words.DEVELOPMENTS``), nor another kind of happening (``words.HAZARDS``);
        - it was not removed from the story by hand.
        A report of an outlet writing columns and features (``DocState.feature``) may name up
        front what the story never wrote: the person the feature follows, the column's
        argument; the news of another event comes from other outlets.

        ``feature``: the second look for such a report, where the first placed it nowhere
        (``_named_report``). A rare name it gives up front counts (the feature is about the
        town the news happened in: "the people of Ludvika count" the hours of its blackout),
        unless it is a country's (a column's "somewhere in France" is about no town),
        and where a rare name the story writes is a place, only the key names the gazetteer
        places can clash (the family it follows, named up front, is no actor of another
        story). Still the one story writing its rare names, of no other kind of happening
        nor development."""
        keys = state.keys
        if not state.feature and self._names_new(keys, cluster.names):
            return False
        told = same_hazard(state, cluster)
        if not any(term not in keys or told or (feature and not self._country(term))
                   for term in rare if term in cluster.names):
            return False
        if not state.news <= cluster.news.keys():
            return False
        if state.hazards and not told:
            return False
        if constraints.forbidden and self._forbidden(state.id, cluster.id, constraints):
            return False
        if features_abroad((state,), cluster.members, self._named_countries):
            return False
        placed = feature and any(self._vocab.places(term) for term in rare
                                 if term in cluster.names)
        return not self._doc_conflict(state, cluster, placed)

    def _country(self, term: str) -> bool:
        """The name is a country's, or its people's (France, French): no town a feature is
        about."""
        vocab = self._vocab
        return (any(place.kind == "country" for place in vocab.places(term))
                or vocab.nation(term) is not None)

    def _scene_pass(self, states: Sequence[DocState], constraints: Constraints
                    ) -> list[DocState]:
        """After the named pass: each of ``states`` still alone in its cluster, not pinned
        there, whose lead shows a happening's scene (``words.SCENES``), joins the story
        ``_scene_story`` finds, if any. The moved ones."""
        cfg = self.config
        lone = []
        for state in sorted(states, key=lambda doc: doc.order):
            if (self._alone(state, constraints)
                    and max(state.scenes.values(), default=0) >= cfg.scene_words):
                lone.append(state)
        if not lone:
            return []
        earliest = min(state.time for state in lone if state.time is not None)
        earliest -= cfg.named_seconds
        stories = {cid: cluster for cid, cluster in self._clusters.items()
                   if len(cluster.members) > 1 and cluster.first is not None
                   and cluster.first >= earliest}
        seen: dict[int, _Scene | None] = {}
        moved = []
        for state in lone:
            found = self._scene_story(state, stories, seen, constraints)
            if found is not None:
                scene, cluster = found
                self._move(state, cluster, (scene,))
                seen.pop(cluster.id, None)  # its scene now counts the doc too
                moved.append(state)
        return moved

    def _scene_story(self, state: DocState, stories: dict[int, ClusterState],
                     seen: dict[int, _Scene | None], constraints: Constraints
                     ) -> tuple[str, ClusterState] | None:
        """The one story of a happening, begun within ``named_seconds`` before the doc, whose
        reports' leads show the doc's scene (cosine of the counts per kind at least
        ``scene_threshold``, ``scene_margin`` ahead of any other), where nothing keeps the
        doc out:
        - what it names lies in a country the story's key names place it in; a doc that names
          no place the gazetteer knows may join only the one story it could fit, and only
          one naming up front the kind of happening its scene shows most (a classroom
          feature on the Lobito floods is no feature on a landslide in the Alps), or one
          writing a rare name it writes (``_rare_names``: the broadcaster's report from
          Lenjeri, a village the gazetteer does not know, shows the mudflow's mud and water as
          a flood's, while the story names a landslide), and whose outlet's country is where
          the story is or where one of its outlets is;
        - none of its key names is a place the story neither writes nor covers (the Quito
          metro's power fault is no part of a derailment's story);
        - it names no other kind of happening up front, announces no development the story
          did not, is no report the story's development followed (``_new_development``: the
          toll update a prosecutors' probe came the next day), was not removed from the story
          by hand, and its key names do not clash;
        - where more than ``scene_rivals`` stories of the window show the scene, wherever
          they are, it writes a name the story writes: in a busy week's dozen floods the mud
          in a kitchen says no more which flood than where.
        Returns the evidence (the scene it showed) and the story, or None."""
        assert state.time is not None
        cfg = self.config
        vocab = self._vocab
        earliest = state.time - cfg.named_seconds
        latest = state.time + cfg.time_grace_seconds / 2
        mine = state.scenes
        norm = math.sqrt(sum(count * count for count in mine.values()))
        most = max(mine.values())
        top = {kind for kind, count in mine.items() if count == most}
        where = PlaceContext(vocab, state.names).countries
        mine_at = lie_in(vocab, state.keys) | key_countries(vocab, state.keys)
        rare = set(self._rare_names(state))
        fits: list[tuple[float, int, ClusterState]] = []
        rivals = 0
        for cid, cluster in stories.items():
            if (cid == state.cluster or cluster.first is None
                    or not earliest <= cluster.first <= latest):
                continue
            if cid not in seen:
                seen[cid] = _Scene.of(cluster, vocab)
            scene = seen[cid]
            if scene is None:
                continue  # no happening named up front, or no scene shown
            score = sum(count * scene.counts.get(kind, 0) for kind, count in mine.items())
            score /= norm * scene.norm
            if score < cfg.scene_threshold:
                continue
            rivals += 1  # a story showing the scene, wherever it is
            if where.isdisjoint(scene.countries) and where:
                continue
            if not where and top.isdisjoint(scene.hazards) and rare.isdisjoint(cluster.names):
                continue
            if not where and state.country and scene.countries and (
                    state.country not in scene.countries | vocab.demonyms(cluster.keys)
                    and not cluster.reported_from(state.country)):
                # The outlet's country says where an unplaced report is: a Sumatran radio's
                # mud is not a Libyan town's (``names.tagged_elsewhere``). What the gazetteer
                # misplaces, a demonym or the story's own outlets clear: "Greek" places
                # western Crete, which it knows only as two American towns, and the Pilbara
                # papers place South Hedland.
                continue
            if mine_at and mine_at.isdisjoint(scene.countries):
                continue
            if self._places_new(state, cluster) or self._kept_out(state, cluster, constraints):
                continue
            fits.append((score, cid, cluster))
        if not fits:
            return None
        fits.sort(key=lambda fit: (-fit[0], fit[1]))
        if len(fits) > 1 and (not where or fits[1][0] > fits[0][0] - cfg.scene_margin):
            return None
        cluster = fits[0][2]
        if rivals > cfg.scene_rivals and not any(name in cluster.names for name in state.names):
            return None  # many stories show that scene: without a name, no telling which
        shown = seen[cluster.id]
        assert shown is not None
        kinds = sorted(top & shown.counts.keys()) or sorted(top)
        return f"scene: {', '.join(kinds)}", cluster

    def _places_new(self, state: DocState, cluster: ClusterState) -> bool:
        """A key name of the doc is a place the gazetteer knows that the story never writes
        nor speaks of at another scale."""
        return places_new(self._vocab, state.keys, cluster)


class _Scene:
    """What a story shows, for the scene pass: its reports' scene words per kind of
    happening, their norm, the kinds its reports name up front, and the countries its key
    names place it in."""

    __slots__ = ("counts", "norm", "hazards", "countries")

    def __init__(self, counts: dict[str, int], hazards: set[str], countries: set[str]
                 ) -> None:
        self.counts = counts
        self.norm = math.sqrt(sum(count * count for count in counts.values()))
        self.hazards = hazards
        self.countries = countries

    @classmethod
    def of(cls, cluster: ClusterState, vocab: Vocabulary) -> _Scene | None:
        hazards = story_hazards(cluster)
        if not hazards:
            return None
        counts: dict[str, int] = {}
        for member in cluster.members:
            for kind, count in member.scenes.items():
                counts[kind] = counts.get(kind, 0) + count
        if not counts:
            return None
        return cls(counts, hazards, PlaceContext(vocab, cluster.keys).countries)
