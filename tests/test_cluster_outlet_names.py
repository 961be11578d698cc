"""An outlet's own name in its copy (datelines, bylines, "told X", initials) is not what its
stories are about; another outlet's name (a reprint credit) is still evidence."""

from __future__ import annotations

from tui.core.cluster import ClusterConfig, Doc, cluster_docs
from tui.core.cluster.vocabulary import Vocabulary
from tui.core.cluster.words import OwnName
from tui.core.text import PART as TOKEN

T0 = 1_795_000_000.0
HOUR = 3600.0


def test_own_name_runs_and_initials_are_dropped_other_words_kept() -> None:
    own = OwnName("The Caspian Wire")
    tokens = TOKEN.findall(
        "BAKU (Caspian Wire) - Ferry fares rose, an official told Caspian Wire (CW). "
        "The Caspian sea wire service ...")
    kept = own.strip(tokens)
    assert "Wire" not in kept and "CW" not in kept
    # the words on their own, not as the name, stay: the sea is news
    assert kept.count("Caspian") == 1 and "wire" in kept
    assert own.initials == "CW"
    assert own.within("told CASPIAN Wire") and own.within("(CW)")
    assert not own.within("Ferry fares rise in Baku")


def test_one_word_outlet_has_no_initials() -> None:
    own = OwnName("Parapet")
    assert own.initials == ""
    assert own.strip(["PARAPET", "Parapet", "bridge", "P"]) == ["bridge", "P"]


def _terms(doc: Doc) -> set[str]:
    """The doc's terms, given back as the words that made them."""
    vocab = Vocabulary(ClusterConfig())
    weights, _, _ = vocab.analyse(doc)
    words = {"Kura", "Ledger", "Meridian", "Post", "MP", "KL"}
    return {w.lower() for w in words if vocab.term(w) in weights}


def test_own_name_is_no_term_but_a_reprint_credit_is() -> None:
    body = ("GANJA (Kura Ledger) - The city's tram depot will close for a month, the operator "
            "told Kura Ledger, in a report first carried by Meridian Post (MP).")
    own = _terms(Doc(1, "Tram depot to close for a month", body, outlet="Kura Ledger"))
    assert not {"kura", "ledger"} & own
    assert {"meridian", "post"} <= own
    reprint = _terms(Doc(2, "Tram depot to close for a month", body, outlet="Meridian Post"))
    assert {"kura", "ledger"} <= reprint
    assert "meridian" not in reprint and "mp" not in reprint


def _story(doc_id: int, title: str, lead: str, hours: float) -> Doc:
    text = (f"LANKARAN (Kura Ledger) - {lead} the official told Kura Ledger (KL). "
            f"Reporting by Kura Ledger staff; editing by the Kura Ledger desk.")
    return Doc(doc_id, title, text, outlet="Kura Ledger", published=T0 + hours * HOUR)


def test_one_outlets_unrelated_stories_stay_apart_despite_its_datelines() -> None:
    docs = [
        _story(1, "Tea harvest starts early", "Pickers began the tea harvest in hill "
               "gardens two weeks ahead of the usual date after a mild spring,", 0),
        _story(2, "Port cranes replaced", "Four gantry cranes at the harbour will be "
               "replaced with electric models by the autumn,", 1),
        _story(3, "Swimming pool reopens", "The municipal swimming pool reopened after "
               "repairs to its roof and filtration plant,", 2),
    ]
    assert len({p.cluster_id for p in cluster_docs(docs)}) == 3


def test_a_place_an_outlet_is_named_after_is_still_where_its_story_happened() -> None:
    """Radio Horizon Sfax's report of a fire in Sfax port names Sfax: that is where the fire
    was, not only the station's name. Read as the station's name, the report named no place,
    and the same night's port fire in Broome, Western Australia, took it in."""
    def doc(doc_id: int, title: str, text: str, outlet: str, hours: float) -> Doc:
        return Doc(doc_id, title, text, outlet=outlet, published=T0 + hours * HOUR)

    docs = [
        doc(1, "Fuel tank fire at Broome port forces evacuation of the wharf",
            "BROOME - A fuel tank caught fire at the port of Broome late on Monday night, "
            "and crews worked until dawn to stop the blaze spreading along the wharf. The "
            "port said two tanks of diesel were lost and shipping was halted.",
            "Kimberley Wire", 0),
        doc(2, "Broome port blaze: residents near the wharf told to keep windows shut",
            "Residents of Broome near the port were told to keep windows shut on Tuesday "
            "after the overnight fuel tank fire at the wharf sent smoke over the town. Fire "
            "crews said foam had been used to smother the burning tanks.",
            "Pindan Herald", 3),
        doc(3, "Night-long blaze guts olive oil store in Sfax port",
            "\"The flames were higher than the cranes,\" a docker finishing his night shift "
            "said. A fire that broke out late on Monday in a storage hangar in the commercial "
            "port of Sfax was brought under control at dawn; fire crews used foam to keep it "
            "from the fuel tanks nearby.",
            "Radio Horizon Sfax", 2),
        doc(4, "Fire destroys olive oil warehouse at Sfax port",
            "SFAX, Tunisia - A fire destroyed an olive oil warehouse in the port of Sfax "
            "overnight, civil protection said on Tuesday. Crews fought the blaze for six "
            "hours with foam and kept it from a fuel depot nearby.",
            "Maghreb Wire", 4),
    ]
    story = {p.doc_id: p.cluster_id for p in cluster_docs(docs)}
    assert story[1] == story[2] and story[3] == story[4]
    assert story[1] != story[3]


def test_a_wires_short_tag_in_its_dateline_is_no_term() -> None:
    """A wire tags its datelines with a short form of its name ("HANOI, Nov 4 (Meridian) -")
    that its full name ("Meridian Press Agency") does not spell as a run: every report of
    that wire writes it, so two of its reports of different events shared it as a name (in
    the week's benchmark, the wires of sixty sets, many of them "Meridian"). The tag is left
    out of what a report is about; the dateline still reads as one, and a name in brackets
    in the text stays."""
    from tui.core.cluster.vocabulary import untagged

    assert untagged("HANOI, Nov 4 (Meridian) - At least four") == "HANOI, Nov 4 () - At least four"
    assert untagged("LA PAZ, Bolivia (Meridian Press) \u2014 A mudflow") == (
        "LA PAZ, Bolivia () \u2014 A mudflow")
    assert untagged("By Ana Lopes\nLISBON (AAN) - Rain") == "By Ana Lopes\nLISBON () - Rain"
    assert untagged("GENEVA - The agency (WHO) - said") == "GENEVA - The agency (WHO) - said"
    assert untagged("The water board (CAASIM) - approved") == "The water board (CAASIM) - approved"
    vocab = Vocabulary(ClusterConfig())
    weights, _, cues = vocab.analyse(Doc(
        2, "Flash floods kill four in Sumatra",
        "JAKARTA, Nov 5 (Meridian) - Flash floods killed four people in West Sumatra, the "
        "disaster agency said.", outlet="Meridian Press Agency"))
    assert vocab.term("Meridian") not in weights
    assert vocab.term("Sumatra") in weights and vocab.term("Jakarta") not in cues.heads
