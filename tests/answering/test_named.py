"""A question that names a § about something else is answered from the § that holds what is asked."""

from __future__ import annotations

import math
from collections.abc import Callable

from bot.answering.compose import _named_items
from bot.answering.sentences import units_of
from bot.answering.service import AnsweringService
from bot.domain import Chunk, Passage, SearchHit
from bot.generation.prompt import passages_for
from bot.retrieval.ranker import Models
from bot.retrieval.references import SectionRef
from bot.texts import answers as texts
from tests.answering.conftest import BEFORE_2026
from tests.answering.test_decide import _model
from tests.retrieval import corpus

RETTING = f"{corpus.KOML}|§30-4|p1"


def _with_model(make_service: Callable[..., AnsweringService]) -> AnsweringService:
    """The test corpus's service with an answer model that answers when the best unit covers the question."""
    service = make_service()
    state = service._state()
    model = _model(top_coverage=12.0, intercept=-6.0)
    state.composer.answerability = model
    state.retriever.models = Models(answerability=model)  # the retriever computes the signals for it
    return service


def test_a_named_section_about_something_else_is_followed_by_where_the_answer_stands(
        make_service: Callable[..., AnsweringService]) -> None:
    service = _with_model(make_service)
    answer = service.answer("krisesenterlova § 4 sier noe om dette tror jeg: kan statsforvalteren gi pålegg til "
                            "kommunen om å rette forhold?")
    assert not answer.abstained
    assert answer.citations[0].chunk_id == RETTING  # what answers leads
    assert any(c.chunk_id.startswith(f"{corpus.KSL}|§4|") for c in answer.citations)  # the named § is still there
    first_line = answer.text.splitlines()[0]
    # the § as the user named it ("krisesenterlova § 4"), not the ledd the answer happened to quote
    assert first_line == texts.NAMED_ELSEWHERE.format(other=answer.citations[0].label, named="krisesenterlova § 4")


def test_the_merged_answer_hands_on_the_named_sections_hits_too(
        make_service: Callable[..., AnsweringService]) -> None:
    """A generator rewriting the answer reads its hits: the named § must be among them even when the
    ranking without the reference did not hold it."""
    service = _with_model(make_service)
    question = "krisesenterlova § 4 sier noe om dette tror jeg: kan statsforvalteren gi pålegg til kommunen om å rette forhold?"
    retrieval = service.retrieve(question)
    assert retrieval.unreferenced is not None
    named = f"{corpus.KSL}|§4|"
    retrieval.unreferenced.hits = [h for h in retrieval.unreferenced.hits if not h.chunk.chunk_id.startswith(named)]
    answer = service.compose(question, retrieval)
    assert answer.hits[0].chunk.chunk_id == RETTING
    assert len({h.chunk.chunk_id for h in answer.hits}) == len(answer.hits)
    # among the few a generator reads, and the note that opens the text is kept for a rewrite
    assert any(p.chunk.chunk_id.startswith(named) for p in passages_for(answer.hits))
    assert answer.lead_notes and answer.text.startswith(answer.lead_notes[0])


def test_a_question_for_the_named_section_itself_is_answered_from_it_alone(
        make_service: Callable[..., AnsweringService]) -> None:
    service = _with_model(make_service)
    for question in ("hva sier kommuneloven § 30-4?",  # nothing asked beyond the §
                     "kommuneloven § 30-4: kan statsforvalteren gi pålegg til kommunen om å rette forhold?"):
        answer = service.answer(question)
        assert not answer.abstained and answer.citations[0].chunk_id == RETTING
        assert texts.NAMED_ELSEWHERE.split("{", 1)[0] not in answer.text


def test_a_section_named_with_its_ledd_is_taken_as_read(make_service: Callable[..., AnsweringService]) -> None:
    service = _with_model(make_service)
    answer = service.answer("krisesenterlova § 4 første ledd sier noe om dette tror jeg: kan statsforvalteren gi "
                            "pålegg til kommunen om å rette forhold?")
    assert answer.citations and answer.citations[0].chunk_id.startswith(f"{corpus.KSL}|§4|")
    assert texts.NAMED_ELSEWHERE.split("{", 1)[0] not in answer.text


def test_the_unreferenced_ranking_is_what_ranking_without_the_reference_gives(
        make_service: Callable[..., AnsweringService]) -> None:
    """Kept from the one ranking (no second pass): the same units, order and signals as ranking the
    question with `use_references=False`."""
    retriever = _with_model(make_service)._state().retriever
    question = "krisesenterlova § 4 sier noe om dette tror jeg: kan statsforvalteren gi pålegg til kommunen?"
    kept = retriever.retrieve(question, k=8).unreferenced
    again = retriever.retrieve(question, k=8, use_references=False)
    assert kept is not None and kept.hits and again.unreferenced is None
    assert [h.chunk.chunk_id for h in kept.hits] == [h.chunk.chunk_id for h in again.hits]
    assert kept.scores == again.scores and kept.features.keys() == again.features.keys()
    for cid, signals in kept.features.items():  # NaN (a signal that could not be computed) equals NaN here
        assert signals.keys() == again.features[cid].keys()
        assert all(math.isclose(v, again.features[cid][k]) or (math.isnan(v) and math.isnan(again.features[cid][k]))
                   for k, v in signals.items())
    assert retriever.retrieve("kan statsforvalteren gi pålegg til kommunen?", k=8).unreferenced is None


def _ledd_by_ledd(section: Chunk) -> list[Chunk]:
    """A § as the index holds a long one: one chunk per ledd (p1, p2, …)."""
    return [section.model_copy(update={"chunk_id": f"{section.doc_id}|{section.section_key}|p{n}", "passages": [p],
                                       "text": f"{section.section} {section.section_title}\n{p.text}"})
            for n, p in enumerate(section.passages, start=1)]


def test_a_named_section_indexed_ledd_by_ledd_is_quoted_from_the_ledd_that_answers(
        make_service: Callable[..., AnsweringService]) -> None:
    """"Kommuneloven § 30-7: må tilsynsmyndigheten ha dialog før pålegg?" is answered by the §'s last
    ledd. The named §'s chunks beyond the first three were never candidates for the quote, and the
    answer quoted the opening ledd on planning instead."""
    dialog = corpus.law(corpus.KOML, "§30-7", "Samordning av statlig tilsyn", [
        "Statsforvalteren skal drøfte med kommunene prioritering og gjennomføring av planlagte tilsyn.",
        "Statlige tilsynsmyndigheter skal i sin planlegging ta hensyn til det samlete statlige tilsynet.",
        "Tilsynsmyndighetene skal vurdere å utsette tilsyn hvis kommunen nylig har gjennomført en kontroll.",
        "Før det eventuelt vedtas pålegg om retting, skal tilsynsmyndigheten ha dialog med kommunen om slike pålegg. "
        "Kommunen plikter å delta i dialogen."], short="kommuneloven", language="nb")
    service = make_service(chunks=[*corpus.chunks(), *_ledd_by_ledd(dialog)])
    answer = service.answer("Kommuneloven § 30-7: må tilsynsmyndigheten ha dialog med oss før den gir pålegg?")
    assert not answer.abstained
    assert f"{corpus.KOML}|§30-7|p4" in [c.chunk_id for c in answer.citations]
    assert "plikter å delta i dialogen" in answer.text


def test_a_named_list_item_is_quoted_not_the_items_that_share_more_words(
        make_service: Callable[..., AnsweringService]) -> None:
    """"§ 25-1 tredje ledd bokstav d – hva må vi gjøre?" names the item: in a ledd too long to quote
    whole it is the item quoted, not the opening items that share "gjøre"-like words with the question."""
    items = [f"{word} internkontrollen og gjøre det som trengs for {word.lower()}, slik at kommunedirektøren og "
             f"virksomheten kan gjøre jobben sin godt, også når det er travelt i mange år framover, og slik at alle "
             f"tilsatte i kommunen vet hva de skal gjøre når noe går galt i tjenestene" for word in
             ("Beskrive", "Rutinere", "Avdekke")] + ["dokumentere internkontrollen i den formen og det omfanget som "
                                                    "er nødvendig", "evaluere og ved behov forbedre prosedyrer"]
    control = corpus.law(corpus.KOML, "§25-1", "Internkontroll i kommunen og fylkeskommunen", [
        "Kommuner skal ha internkontroll med administrasjonens virksomhet.",
        "Internkontrollen skal være systematisk.",
        ("Ved internkontroll etter denne paragrafen skal kommunedirektøren", items)], short="kommuneloven",
        language="nb")
    chunks = [c for c in corpus.chunks() if c.chunk_id != control.chunk_id]
    service = make_service(chunks=[*chunks, control])
    answer = service.answer("kommuneloven § 25-1 tredje ledd bokstav d – hva må vi gjøre etter den?")
    assert not answer.abstained
    assert "dokumentere internkontrollen i den formen" in answer.text
    assert "Beskrive internkontrollen" not in answer.text


def test_a_named_item_keeps_the_other_named_section_and_a_named_section_alone_is_read_from_the_top(
        make_service: Callable[..., AnsweringService]) -> None:
    """Pinning the item of one named § drops nothing of another § named beside it; and "hva sier § X?"
    without a topic is read from the top of the §, as before every chunk of it became a candidate."""
    dialog = corpus.law(corpus.KOML, "§30-7", "Samordning av statlig tilsyn", [
        "Statsforvalteren skal drøfte med kommunene prioritering og gjennomføring av planlagte tilsyn.",
        "Statlige tilsynsmyndigheter skal i sin planlegging ta hensyn til det samlete statlige tilsynet.",
        "Tilsynsmyndighetene skal vurdere å utsette tilsyn hvis kommunen nylig har gjennomført en kontroll.",
        "Før det eventuelt vedtas pålegg om retting, skal tilsynsmyndigheten ha dialog med kommunen om slike pålegg."],
        short="kommuneloven", language="nb")
    service = make_service(chunks=[*corpus.chunks(), *_ledd_by_ledd(dialog)])
    answer = service.answer("hva sier kommuneloven § 30-7?")
    assert [c.chunk_id for c in answer.citations][:1] == [f"{corpus.KOML}|§30-7|p1"]
    assert all(not c.chunk_id.endswith("|p4") for c in answer.citations)
    listed = corpus.law(corpus.KOML, "§30-8", "Samordning", [
        ("Statsforvalteren skal", ["samordne tilsynet med kommunene", "drøfte tilsynet med kommunene"])],
        short="kommuneloven", language="nb")
    cooperation = next(c for c in corpus.chunks() if c.chunk_id.startswith(f"{corpus.KSL}|§4|"))
    units = [*units_of(SearchHit(chunk=cooperation, score=1.0), 0), *units_of(SearchHit(chunk=listed, score=1.0), 1)]
    refs = [SectionRef("§4", corpus.KSL), SectionRef("§30-8", corpus.KOML, bokstav="b")]
    kept = _named_items(units, refs)
    assert [u for u in kept if u.chunk is cooperation] == [u for u in units if u.chunk is cooperation]
    assert [u.items for u in kept if u.chunk is listed] == [("a", "b")]  # the whole ledd holding b
    assert _named_items(units, [SectionRef("§30-8", corpus.KOML, bokstav="f")]) == units  # no unit holds f


def _renumbered_section_three(make_service: Callable[..., AnsweringService], **kwargs: object) -> AnsweringService:
    """krisesenterlova § 3 as the index holds it in 2026: the consolidated ledd one chunk each (første, the
    children's andre, the interpreter's tredje) and the amending act's new første and andre ledd, whose note
    moves the old andre and tredje to tredje and fjerde."""
    pending = dict(pending_change=corpus.PENDING, pending_change_act=corpus.ACT, pending_change_in_force="2026-01-01")
    section = corpus.law(corpus.KSL, "§3", "Individuell tilrettelegging av tilbod", [
        "Kommunen skal sørgje for at tilbodet så langt råd er blir lagt til rette for brukarane.",
        "Kommunen skal sørgje for å ta vare på barn på ein god måte som er tilpassa deira særskilte behov.",
        "Kommunen skal sørgje for at brukarar av bu- og dagtilbodet får tilgang til kvalifisert tolk."],
        short="krisesenterlova", **pending)
    act = corpus.amendment("§3", [(1, "Kommunen skal sørgje for at tilbodet så langt råd er blir lagt til rette. Er "
                                      "tilrettelegging ikkje mogleg, skal kommunen sørgje for likeverdige alternativ."),
                                  (2, "Dei særskilde rettane til samiske brukarar skal varetakast i krisesentertilbodet.")],
                           "§ 3 første og andre ledd skal lyde:\nNoverande § 3 andre og tredje ledd blir tredje og "
                           "nytt fjerde ledd.")
    others = [c for c in corpus.chunks() if c.section_key != "§3"]
    return make_service(chunks=[*others, *_ledd_by_ledd(section), act], **kwargs)


def test_a_ledd_named_by_its_number_before_the_renumbering_is_answered_under_its_number_today(
        make_service: Callable[..., AnsweringService]) -> None:
    """"Krisesenterlova § 3 tredje ledd (tolk)": the interpreter's ledd was the third until 2026 and is the
    fourth today; read by today's numbers alone, the answer quoted the children's ledd as the one asked for.
    The ledd that held the number leads when it holds what is asked, cited by its number today, with the act's
    renumbering sentence."""
    service = _renumbered_section_three(make_service)
    answer = service.answer("Krisesenterlova § 3 tredje ledd (tolk) – hva krever den av kommunen?")
    assert not answer.abstained
    assert answer.citations[0].chunk_id == f"{corpus.KSL}|§3|p3"
    assert answer.citations[0].label == "krisesenterlova § 3 fjerde ledd"
    assert "kvalifisert tolk" in answer.text
    assert "Noverande § 3 andre og tredje ledd blir tredje og nytt fjerde ledd." in answer.text


def test_a_ledd_named_by_its_number_alone_is_todays_ledd_of_that_number(
        make_service: Callable[..., AnsweringService]) -> None:
    """Nothing asked beyond the number, or what is asked held by today's ledd: today's numbering stands."""
    service = _renumbered_section_three(make_service)
    for question in ("Krisesenterlova § 3 tredje ledd – hva krever den av kommunen?",
                     "Krisesenterlova § 3 tredje ledd – hva må kommunen gjøre for barn?"):
        answer = service.answer(question)
        assert not answer.abstained
        assert answer.citations[0].chunk_id == f"{corpus.KSL}|§3|p2", question
        assert answer.citations[0].label == "krisesenterlova § 3 tredje ledd"
        assert "kvalifisert tolk" not in answer.text


def test_a_former_number_the_new_wording_took_over_still_finds_the_ledd_that_moved(
        make_service: Callable[..., AnsweringService]) -> None:
    """"§ 2 tredje ledd" is the amending act's new wording today, and the consolidated tredje ledd moved to the
    fourth. A routine that cites the old number for what the old ledd says gets that ledd too, by its number
    today: the new tredje ledd alone read as if the rule stood there."""
    pending = dict(pending_change=corpus.PENDING, pending_change_act=corpus.ACT, pending_change_in_force="2026-01-01")
    section = next(c for c in corpus.chunks() if c.chunk_id == f"{corpus.KSL}|§2|p1")
    act = next(c for c in corpus.chunks() if c.chunk_id == f"{corpus.ACT}|§2|p1")
    act = act.model_copy(update={
        "passages": [*act.passages, Passage(text="Noverande § 2 tredje til sjette ledd blir fjerde til nytt sjuande ledd.")],
        "text": act.text + "\nNoverande § 2 tredje til sjette ledd blir fjerde til nytt sjuande ledd."})
    others = [c for c in corpus.chunks() if c.section_key != "§2"]
    service = make_service(chunks=[*others, *_ledd_by_ledd(section.model_copy(update=pending)), act])
    answer = service.answer("I rutinen vår står det at butilbodet til kvinner og menn skal vere fysisk skilde etter "
                            "krisesenterlova § 2 tredje ledd. Er det fortsatt riktig ledd?")
    assert not answer.abstained
    # what is asked ("fortsatt riktig ledd?") names no content: today's ledd of the number leads, the moved one follows
    assert answer.citations[0].amended
    moved = [c for c in answer.citations if "fysisk skilde" in c.quote]
    assert [c.label for c in moved] == ["krisesenterlova § 2 fjerde ledd"]
    assert "Noverande § 2 tredje til sjette ledd blir fjerde til nytt sjuande ledd." in answer.text


def test_asked_what_the_numbered_ledd_says_now_today_s_ledd_leads_and_the_moved_one_follows(
        make_service: Callable[..., AnsweringService]) -> None:
    """"Hva står i § 3 tredje ledd nå? I en gammel utskrift handler det om tolk.": what is asked is today's
    tredje ledd; the old printout's ledd, today's fjerde, follows it, and neither is dropped."""
    service = _renumbered_section_three(make_service)
    answer = service.answer("Hva står det i krisesenterlova § 3 tredje ledd nå? I en gammel utskrift handler det "
                            "om kvalifisert tolk til brukarane.")
    assert not answer.abstained
    assert [c.label for c in answer.citations][:2] == ["krisesenterlova § 3 tredje ledd", "krisesenterlova § 3 fjerde ledd"]
    assert "Noverande § 3 andre og tredje ledd blir tredje og nytt fjerde ledd." in answer.text


def test_a_section_named_without_its_law_is_read_by_its_former_number_too(
        make_service: Callable[..., AnsweringService]) -> None:
    """"§ 3 tredje ledd (tolk)" without the law's name: the § retrieval resolved it to."""
    service = _renumbered_section_three(make_service)
    answer = service.answer("§ 3 tredje ledd (tolk) – hva krever den av kommunen?")
    assert not answer.abstained and answer.citations[0].label == "krisesenterlova § 3 fjerde ledd"


def test_before_the_renumbering_is_in_force_the_ledd_is_quoted_under_the_number_it_has_then(
        make_service: Callable[..., AnsweringService]) -> None:
    """In 2025 "§ 3 tredje ledd" is the interpreter's ledd by the consolidated text itself (retrieval reads a
    named number by the amendment's numbering whatever the date): it leads, under the number it has then."""
    service = _renumbered_section_three(make_service, now=BEFORE_2026)
    answer = service.answer("Krisesenterlova § 3 tredje ledd (tolk) – hva krever den av kommunen?")
    assert answer.citations[0].chunk_id == f"{corpus.KSL}|§3|p3"
    assert answer.citations[0].label == "krisesenterlova § 3 tredje ledd"
