"""Declining salary, amount and person questions the sources cannot answer, and counting questions
whose counted thing follows a function word ("hvor mange *fra* hver bydel").

Hand-made letter chunks: the rules must hold for what the passages say, not for one corpus.
"""

from __future__ import annotations

import pytest

from bot.answering.abstention import (
    Counted,
    Judgement,
    agent_only_addressed,
    asked_about,
    asked_agent,
    counted_noun,
    holds_kind,
    judge,
    kind_not_held,
    proper_names,
    question_kind,
    quoted_with,
    states_count,
    unnamed_bydeler,
    unnamed_entity,
)
from bot.answering.compose import Composer
from bot.domain import SearchHit, SourceKind
from bot.retrieval.keyword import KeywordIndex
from bot.texts import answers as texts
from tests.retrieval import corpus

MEETING = corpus.letter("Åpningsmøte", [
    "Åpningsmøte ble gjennomført hos Statsforvalteren både i 2022 og 2023, hvor samtlige bydeler møtte "
    "med 1-3 representanter hver."])
NO_NUMBER = corpus.letter("Om møtet", [
    "Bydelene møtte på åpningsmøtet hos Statsforvalteren og fikk informasjon om tilsynet."])
INTERVIEW = corpus.letter("Gjennomføring", [
    "Leder for Oslo Krisesenter ble intervjuet og Statsforvalteren ba bydelene svare på spørsmål."])
ROUTINES = corpus.letter("Dokumenter", [
    "Bydelene sendte inn rutiner og prosedyrer for bydelens voldskoordinator og handlingsplan mot vold."])
STATUS = corpus.letter("Status", [
    "To bydeler har lukket sine lovbrudd, mens en bydel har fått utsatt frist til 15. april.",
    "Statsforvalteren har behandlet lovbruddene etter kommuneloven § 30-4 og kapittel 30."])
SUPERVISION = corpus.letter("Tilsynsansvar", [
    "Statsforvalteren er ansvarlig for tilsynet med at kommunen oppfyller pliktene etter krisesenterlova."])
CHUNKS = [*corpus.chunks(), MEETING, NO_NUMBER, INTERVIEW, ROUTINES, STATUS, SUPERVISION]


def _counts(question: str) -> tuple[str, ...] | None:
    """The nouns a question counts, None when it asks for no count."""
    counted = counted_noun(question)
    return None if counted is None else counted.nouns


def _hits(*chunks) -> list[SearchHit]:  # noqa: ANN002
    return [SearchHit(chunk=c, score=1.0 - i / 10) for i, c in enumerate(chunks)]


def test_counting_rule_skips_function_words_before_the_counted_noun() -> None:
    assert _counts("hvor mange fra hver bydel var med på åpningsmøtet?") == ("bydel",)
    assert _counts("hvor mange av bydelene fikk lovbrudd?") == ("bydelene",)
    assert _counts("hvor mange bydeler hadde tilsyn?") == ("bydeler",)
    assert _counts("hva skjedde på møtet?") is None


def test_a_hyphenated_compound_counts_what_its_last_part_names() -> None:
    """"Hvor mange av Oslo-bydelene …" counts bydeler, not Oslo, so "tre bydeler" answers it; an
    abbreviation's ending ("IP-er") is no word of its own: IP is counted."""
    assert _counts("Hvor mange av Oslo-bydelene endte med lovbrudd?") == ("bydelene",)
    assert _counts("hvor mange ks-plasser må oslo ha?") == ("plasser",)
    assert _counts("hvor mange IP-er kan en person ha?") == ("ip",)
    assert _counts("kor mange IP-ar kan ein brukar ha?") == ("ip",)
    assert _counts("Hvor mange av Oslo–bydelene endte med lovbrudd?") == ("bydelene",)  # a typographic dash
    assert _counts("hvor mange NAV-lag er det i bydelen?") == ("lag",)  # a short last word is still the word


def test_a_duty_or_permission_in_other_words_asks_yes_or_no_about_the_count_it_mentions() -> None:
    """"Har kommunen plikt til å kartlegge hvor mange boliger …" asks whether there is such a duty, as
    "må kommunen kartlegge hvor mange …" does; "er det en grense for hvor lenge …" still asks for a fact
    only a source holding one answers, and "har dere tall på hvor mange …" is a request."""
    assert _counts("Har kommunen plikt til å kartlegge hvor mange boliger vanskeligstilte trenger?") is None
    assert _counts("Må kommunen kartlegge hvor mange boliger vanskeligstilte trenger?") is None
    assert _counts("Er det lov å spørre hvor mange barn hun har?") is None
    assert _counts("er bydelen forpliktet til å vite hvor mange plasser vi har?") is None
    assert _counts("Har dere tall på hvor mange beboere som kom i fjor?") == ("beboere",)
    assert _counts("Er det en grense for hvor mange netter en kan bo der?") == ("netter",)
    assert _counts("Er det krav til hvor mange ansatte som må være på jobb om natta?") == ("ansatte",)
    assert _counts("Har de ansatte rett til å vite hvor mange beboere som bor der?") is None
    assert question_kind("Er det en grense for hvor lenge en beboer kan bo på krisesenteret?") != ""


def test_count_after_a_function_word_is_answered_by_a_passage_with_the_number() -> None:
    keyword = KeywordIndex(CHUNKS)
    question = "hvor mange fra hver bydel var med på åpningsmøtet?"
    assert judge(question, _hits(MEETING), keyword).answerable
    judgement = judge(question, _hits(NO_NUMBER), keyword)
    assert not judgement.answerable and judgement.reason == "count"


def test_a_number_in_the_sentence_that_names_the_counted_thing_states_its_count() -> None:
    # "To bydeler har lukket sine lovbrudd" tells how many of the lovbrudd are closed; a § number, a chapter or a date
    # in a sentence about lovbrudd counts nothing
    assert not counts_missing("hvor mange av lovbruddene er lukket?", STATUS)
    assert counts_missing("hvor mange av lovbruddene er lukket?", corpus.letter("Behandling", [
        "Statsforvalteren har behandlet lovbruddene etter kommuneloven § 30-4 og kapittel 30 innen 15. april."]))
    # nor does the date in a heading on the line above the sentence
    assert counts_missing("kor mange brukarar reserverte seg?", corpus.letter("§ 5 a (ny ordlyd frå 1.1.2026)", [
        "Brukarar av krisesentertilbodet kan reservere seg mot vidarebehandling av opplysningar."]))


def counts_missing(question: str, chunk) -> bool:  # noqa: ANN001
    judgement = judge(question, _hits(chunk), KeywordIndex(CHUNKS))
    return not judgement.answerable and judgement.reason == "count"


def test_salary_question_about_someone_no_passage_mentions_names_the_missing_word() -> None:
    keyword = KeywordIndex(CHUNKS)
    judgement = judge("hva tjener en rådgiver på Oslo krisesenter?", _hits(INTERVIEW, ROUTINES), keyword)
    assert not judgement.answerable
    assert (judgement.reason, judgement.missing) == ("focus", "rådgiver")


def test_salary_question_about_someone_mentioned_is_still_declined_without_an_amount() -> None:
    keyword = KeywordIndex(CHUNKS)
    judgement = judge("hva tjener lederen av Oslo krisesenter?", _hits(INTERVIEW), keyword)
    assert not judgement.answerable and judgement.reason == "amount"  # a sum received (`test_a_sum_received_…`)


def test_amount_question_is_declined_when_no_passage_names_the_receiver() -> None:
    keyword = KeywordIndex(CHUNKS)
    judgement = judge("hvor mye får en fosterforelder i godtgjøring?", _hits(INTERVIEW, ROUTINES), keyword)
    assert not judgement.answerable and judgement.missing == "fosterforelder"


def test_named_person_is_declined_with_the_full_name() -> None:
    keyword = KeywordIndex(CHUNKS)
    assert asked_about("hvem er Kari Nordmann i bydel Frogner?") == "Kari Nordmann"
    judgement = judge("hvem er Kari Nordmann i bydel Frogner?", _hits(ROUTINES, INTERVIEW), keyword)
    assert not judgement.answerable
    assert (judgement.reason, judgement.missing) == ("focus", "Kari Nordmann")


def test_role_in_a_compound_asks_for_a_person_the_passages_do_not_name() -> None:
    """The passage mentions the role (voldskoordinator) but names nobody holding it."""
    keyword = KeywordIndex(CHUNKS)
    judgement = judge("hvem er voldskoordinator i bydel Frogner nå?", _hits(ROUTINES), keyword)
    assert not judgement.answerable and judgement.reason == "person"


def test_who_held_a_role_then_asks_for_a_person_as_who_holds_it_now() -> None:
    """"Hvem var det som ledet Oslo Krisesenter da SF intervjuet lederen?" asks for the leader's name as "hvem er
    lederen" does: the letter says a leader was interviewed and names nobody, and quoting that sentence answered
    nothing. Who took contact (a body) is no question for a person."""
    keyword = KeywordIndex(CHUNKS)
    judgement = judge("Hvem var det som ledet Oslo Krisesenter da SF intervjuet lederen?", _hits(INTERVIEW), keyword)
    assert not judgement.answerable and judgement.reason == "person"
    assert question_kind("Kven var leiar for krisesenteret då de intervjua dei?") == "person"
    assert question_kind("Hvem var det som tok kontakt med SF om Oslo-bydelene?") == ""


def test_a_name_asked_in_the_past_tense_is_a_question_for_a_person() -> None:
    """"Hva het lederen …?" asks for a name as "hva heter …?" does: the letter says a leader was interviewed and
    names nobody, so quoting that sentence answered nothing (fresh229, a reader graded it a false answer)."""
    keyword = KeywordIndex(CHUNKS)
    question = "Hva het lederen på Oslo Krisesenter som ble intervjuet av Statsforvalteren?"
    assert question_kind(question) == "person"
    assert question_kind("Kva heitte leiaren på krisesenteret?") == "person"
    judgement = judge(question, _hits(INTERVIEW), keyword)
    assert not judgement.answerable and judgement.reason == "person"
    assert holds_kind("person", ["Lederen het Kari Nordmann."])


AGREEMENT = corpus.letter("Ny samarbeidsavtale", [
    "Det foreligger nå en ny samarbeidsavtale mellom bydelenes Nav-kontor og krisesenteret. Den tidligere avtalen "
    "var av eldre dato og ble ikke brukt."])


def test_the_day_something_happened_is_asked_as_a_date_that_only_a_date_answers() -> None:
    """"Når ble den nye samarbeidsavtalen signert?": the letter says there is a new agreement and gives no day; quoting
    that answered nothing (graded a false answer four times). A deadline's date is held ("15. april"). When a law
    took effect is no such question: its date stands in the law's notes, which the answer gives beside the quote."""
    keyword = KeywordIndex(CHUNKS)
    for question in ("Når ble den nye samarbeidsavtalen mellom bydelene og Oslo krisesenter signert?",
                     "Hvilken dato ble den nye samarbeidsavtalen signert, og hvem signerte?",
                     "når vart avtalen underteikna?"):
        assert question_kind(question) == "date"
        judgement = judge(question, _hits(AGREEMENT), keyword)
        assert not judgement.answerable and judgement.reason == "date"
    deadline = "Bydelen som fikk utsatt frist – hvilken dato var det igjen?"
    assert question_kind(deadline) == "date" and judge(deadline, _hits(STATUS), keyword).reason != "date"
    assert question_kind("Fra hvilken dato gjelder de nye §§ 5 a og 5 b?") == ""
    assert question_kind("Når trådte boligsosialloven i kraft?") == ""
    assert question_kind("Fra hvilken dato har vi hatt hjemmel i krisesenterlova til å behandle personopplysninger?") == ""
    assert question_kind("Når ble tilsynet gjennomført?") == ""
    # the decline says what was looked at: the knowledge base holds dates, and a law's own date is in its name
    declined = Composer._declined("Når ble avtalen signert?", Judgement(False, 0.0, "date"), [])
    assert declined.abstained and "oppgir ingen dato for dette" in declined.text


def test_who_is_responsible_is_still_answered() -> None:
    """"hvem er ansvarlig" asks for an authority the passage names, not for a person's name."""
    keyword = KeywordIndex(CHUNKS)
    assert judge("hvem er ansvarlig for tilsynet med kommunen?", _hits(SUPERVISION), keyword).answerable


# --- names the inspection report does not give, and questions for a duration -----------------------
FINDINGS = corpus.letter("Hva fant vi", [
    "I 12 av totalt 15 bydeler ble det ikke konkludert med lovbrudd. I tre bydeler fant vi lovbrudd, "
    "fordi bydelene manglet rutiner for samarbeid med krisesenteret."])
EXTENDED = corpus.letter("Status", [
    "Bydel Alna fikk utsatt fristen for planen til 15. april."])
NAMED_CHUNKS = [*CHUNKS, FINDINGS, EXTENDED]


def test_proper_names_are_capitalised_words_inside_a_sentence_not_acronyms() -> None:
    assert proper_names("Var Bydel Grünerløkka en av dem? Fikk SF svar fra NAV?") == ["Bydel", "Grünerløkka"]
    assert proper_names("Hva fant dere?") == []
    # a sentence after an emoji or a line break starts without a full stop before it: its first word is no name
    assert proper_names("Vår er fra 2017 😬 Hva sa SF om det i tilsynet?") == []
    assert proper_names("Hei 🙂 Fant SF lovbrudd i Alna?") == ["Alna"]
    assert proper_names("Takk\nStemmer det at Hans fikk svar?") == ["Hans"]


def test_report_answer_is_declined_when_the_report_does_not_name_the_bydel_asked_about() -> None:
    keyword = KeywordIndex(NAMED_CHUNKS)
    question = "Var Bydel Grünerløkka en av bydelene som fikk lovbrudd?"
    judgement = judge(question, _hits(FINDINGS), keyword)
    assert not judgement.answerable
    assert (judgement.reason, judgement.missing) == ("name", "Grünerløkka")
    # the same question about a bydel the report names is answered from it
    assert judge("Fikk Bydel Alna utsatt fristen for planen?", _hits(EXTENDED), keyword).answerable


def test_a_rule_question_about_a_named_bydel_is_not_declined_for_the_name() -> None:
    """"Må Bydel Frogner ha rutiner?" asks what the rules require; a general statement answers it."""
    keyword = KeywordIndex(NAMED_CHUNKS)
    assert unnamed_entity("Må Bydel Frogner ha rutiner for samarbeid med krisesenteret?", _hits(FINDINGS), keyword) == ""


def test_names_are_not_checked_against_law_texts() -> None:
    """A law applies to every bydel: it answers without naming the one asked about."""
    keyword = KeywordIndex(NAMED_CHUNKS)
    law = next(c for c in CHUNKS if c.kind is not SourceKind.FINDING)
    assert unnamed_entity("Fikk Bydel Grünerløkka tilsyn?", _hits(law), keyword) == ""


def test_a_question_for_a_duration_needs_a_time_expression_in_the_sources() -> None:
    keyword = KeywordIndex(NAMED_CHUNKS)
    assert question_kind("Hvor lenge kan en bruker bo på krisesenteret?") == "duration"
    assert question_kind("Kva er klagefristen på eit pålegg?") == "duration"
    assert question_kind("Hvor mange bydeler fikk lovbrudd?") == ""
    judgement = judge("Hvor lenge kan bydelene vente med rutiner for samarbeid?", _hits(FINDINGS), keyword)
    assert not judgement.answerable and judgement.reason == "duration"
    assert judge("Hvor lang tid fikk Bydel Alna på planen?", _hits(EXTENDED), keyword).answerable


def test_a_time_in_words_answers_a_question_for_a_duration() -> None:
    """"Med ett års varsel" (kommuneloven § 20-8 andre ledd) is a time limit: a reader saw the answer say the
    provision held none, above the quote that gave it (the number words had been a short list of their own)."""
    assert question_kind("kml § 20-8: hvor lang oppsigelsesfrist har vi hvis vi vil ut av samarbeidet?") == "duration"
    for text in ("Den enkelte deltakeren kan med ett års varsel si opp en avtale om vertskommunesamarbeid.",
                 "Kommunen skal svare innan fem dagar.", "Vedtaket gjeld i 3 mnd.", "Planen skal vere klar om ei veke."):
        assert holds_kind("duration", [text]), text
    assert not holds_kind("duration", ["Kommunen skal sørgje for eit heilskapleg tilbod til brukarane."])


def test_how_long_and_how_much_ask_for_a_time_and_a_sum() -> None:
    """"Hvor lang <frist/saksbehandlingstid>" asks for a time, "hvor mye <noun>" for a sum; "kor mykje må
    vi …" asks how far a duty goes, which a law answers without a number."""
    assert question_kind("Hvor lang saksbehandlingstid har NAV på en søknad om bostøtte?") == "duration"
    assert question_kind("Kor lang klagefrist gjeld for vedtaket?") == "duration"
    assert question_kind("Hvor mye husleie kan bydelen kreve?") == "amount"
    assert question_kind("Kor mykje tilskot får kommunen?") == "amount"
    assert question_kind("Hvor mye fakturerer krisesenteret bydelen?") == "price_to_body"  # a sum the bydel pays
    assert question_kind("Kor mykje må vi dokumentere av rutinane?") == ""
    keyword = KeywordIndex(NAMED_CHUNKS)
    judgement = judge("Hvor mye tilskudd får bydelene til samarbeid om reetablering?", _hits(FINDINGS), keyword)
    assert not judgement.answerable and judgement.reason == "amount"


def test_a_yes_no_question_that_mentions_a_kind_of_fact_does_not_ask_for_it() -> None:
    """"Omfatter taushetsplikten adressen?" asks whether the duty covers it; the law answers that."""
    assert question_kind("Omfatter taushetsplikten på krisesenteret også adresse og jobb til beboerne?") == ""
    assert question_kind("Er adressen til krisesenteret hemmelig?") == ""
    assert question_kind("Koster det noe å bo på krisesenteret?") == ""
    assert question_kind("hva er adressen til krisesenteret?") == "address"
    assert question_kind("Kan du gi meg telefonnummeret til krisesenteret?") == "phone"
    assert question_kind("Har dere åpningstidene til bydelskontoret?") == "hours"


def test_which_bydeler_is_declined_when_the_report_names_none() -> None:
    keyword = KeywordIndex(NAMED_CHUNKS)
    judgement = judge("Hvilke tre bydeler var det som fikk lovbrudd?", _hits(FINDINGS), keyword)
    assert not judgement.answerable and judgement.reason == "which_bydel"
    assert judge("Hvilken bydel fikk utsatt fristen for planen?", _hits(EXTENDED), keyword).answerable
    # what a rule requires of "which bydel" is not a question for a name
    assert not unnamed_bydeler("Hvilken bydel skal følge opp beboeren etter krisesenteret?", _hits(FINDINGS))
    # nynorsk "kva bydel(ar)" asks which, as "hvilken" does; "kva bydelane gjorde" asks what they did
    assert judge("Kva bydel var det som fekk lovbrot?", _hits(FINDINGS), keyword).reason == "which_bydel"
    assert judge("Kva bydelar fekk lovbrot i tilsynet?", _hits(FINDINGS), keyword).reason == "which_bydel"
    assert not unnamed_bydeler("Kva bydelane gjorde feil i tilsynet?", _hits(FINDINGS))
    assert not unnamed_bydeler("Hva bydelen må sende inn etter tilsynet?", _hits(FINDINGS))


def test_a_yes_no_clause_mentions_a_fact_without_asking_for_it() -> None:
    """"Må kommunen ha oversikt over hvor mange boliger …?" asks whether the duty exists; "er det en grense
    for hvor lenge …?" asks whether there is such a time, which only a source holding one answers."""
    assert _counts("Må kommunen ha oversikt over hvor mange boliger som trengs?") is None
    assert question_kind("Når vi avslår søknaden, holder det å si det på telefon?") == ""
    assert question_kind("Kan folk bare ringe på døra og få hjelp?") == ""
    assert question_kind("Er det en grense for hvor lenge en beboer kan bo der?") == "duration"
    assert question_kind("Har hun krav på sosialhjelp, og hvor mye?") == "amount"
    assert question_kind("Kan du gi meg telefonnummeret til vakta?") == "phone"
    assert question_kind("Når kommer forskriften om personopplysninger?") == "schedule"
    assert question_kind("Når trer endringene i kraft?") == ""
    assert _counts("Vi lurer på hvor mange bydeler som fikk lovbrudd?") == ("bydeler",)


REPORTING = corpus.law("LOV-2009-06-19-44", "§6", "Opplysningsplikt til barnevernet", [
    "Alle som utfører teneste etter denne lova, skal melde frå til barnevernstenesta utan ugrunna opphald."],
    short="krisesenterlova")
PLANNING = corpus.law("LOV-2022-12-20-121", "§10", "Overgangsregel", [
    "Kommunen skal innarbeide boligsosiale mål senest fire år etter at loven trer i kraft."], short="boligsosialloven",
    language="nb")


def test_a_time_asked_of_a_body_the_source_only_reports_to_is_not_answered() -> None:
    """The time in § 6 is the reporter's ("melde frå til barnevernstenesta utan ugrunna opphald"), not
    the time barnevernet has: quoting it would answer another question."""
    question = "Hvor lang frist har barnevernet på å undersøke en melding fra krisesenteret?"
    assert asked_agent(question) == "barnevernet"
    assert agent_only_addressed(question, _hits(REPORTING)) == "barnevernet"
    # the body bears the duty, or is not named at all: left to the other signals
    assert agent_only_addressed("Hvor lang tid har kommunen på å innarbeide målene?", _hits(PLANNING)) == ""
    assert agent_only_addressed("Hvor lang tid har bydelen på dette?", _hits(PLANNING)) == ""
    assert asked_agent("Hvor lang tid har vi på å melde?") == ""


def test_who_bears_a_duty_is_not_a_question_for_a_person() -> None:
    """"Hvem er (det som) formelt ansvarlig for internkontrollen?" is answered by the law naming the
    office; only a name or a one-person role ("hvem er voldskoordinator …") asks for a person."""
    assert asked_about("Hvem er det som formelt har ansvaret for internkontrollen?") == ""
    assert asked_about("Kven er eigentleg juridisk ansvarleg for rutinane?") == ""
    assert asked_about("hvem er voldskoordinator i bydelen nå?") == "voldskoordinator"
    assert asked_about("Hvem er Kari Nordmann?") == "Kari Nordmann"
    assert asked_about("hva tjener en miljøterapeut?") == "miljøterapeut"


def test_the_asked_for_fact_must_stand_in_what_is_quoted() -> None:
    """A third hit from another law that says "gratis" does not answer a price question about the letter."""
    hits = _hits(ROUTINES, MEETING, corpus.law("LOV-2009-06-19-44", "§2", "Krav", ["Tilbodet skal vere gratis."],
                                               short="krisesenterlova"))
    assert [c.chunk_id for c in quoted_with(hits)] == [ROUTINES.chunk_id, MEETING.chunk_id]
    assert kind_not_held("Hva kostet rutinene?", quoted_with(hits)) == "price"
    assert kind_not_held("Hva kostet rutinene?", [h.chunk for h in hits]) == ""


def test_a_sum_received_is_not_answered_by_an_offer_being_free() -> None:
    """"Gratis" answers what something costs the user, not what a body receives: a grant per place is
    not stated by "eit gratis dagtilbod"."""
    free = [corpus.law("LOV-2009-06-19-44", "§2", "Krav", ["Tilbodet skal omfatte eit gratis dagtilbod."],
                       short="krisesenterlova")]
    assert question_kind("Hvor mye får kommunen i statstilskudd per krisesenterplass?") == "amount"
    assert kind_not_held("Hvor mye får kommunen i statstilskudd per krisesenterplass?", free) == "amount"
    assert question_kind("Hva koster det å bo på krisesenteret?") == "price"
    assert kind_not_held("Hva koster det å bo på krisesenteret?", free) == ""
    assert question_kind("Hvor mye er lønna for en miljøarbeider?") == "amount"


def test_what_the_bydel_pays_is_not_answered_by_the_offer_being_free_for_the_user() -> None:
    """"Gratis" in krisesenterlova § 2 is what the user pays; a question about what a place costs the bydel
    asks for a sum the sources do not give."""
    free = [corpus.law("LOV-2009-06-19-44", "§2", "Krav", ["Tilbodet skal omfatte eit gratis dagtilbod."],
                       short="krisesenterlova")]
    question = "Hva koster en døgnplass på krisesenteret for bydelen?"
    assert question_kind(question) == "price_to_body"
    assert kind_not_held(question, free) == "price_to_body"
    assert question_kind("Hvor mye koster det bydelen per døgn?") == "price_to_body"
    assert question_kind("Hva betaler bydelen for en døgnplass?") == "price_to_body"
    assert question_kind("Kva kostar ein plass for kommunen?") == "price_to_body"
    assert question_kind("Kva timepris skal bydelen betale for tolk?") == "price_to_body"
    # the user pays, or the kommune is only where: "gratis" answers these
    assert question_kind("Hva må beboerne betale til bydelen for oppholdet?") == "price"
    assert kind_not_held("Hva må beboerne betale til bydelen for oppholdet?", free) == ""
    assert question_kind("Hva koster det å bo på krisesenteret i kommunen?") == "price"
    assert kind_not_held("Må beboerne betale for dagtilbudet?", free) == ""  # yes/no: "gratis" answers it


def test_a_compound_names_its_kind_by_its_last_part() -> None:
    """"Timeprisen" is a price like "prisen"; "utleie" is no price, so "leie" counts only whole."""
    assert question_kind("Kva timepris tek tolkane?") == "price"
    assert question_kind("Hva er timeprisen for tolk som krisesenteret bestiller?") == "price"
    assert question_kind("Hvilke plikter har vi ved utleie av bolig?") == ""


def test_a_bare_noun_phrase_asks_for_the_fact_it_names() -> None:
    """"Tlf til krisesenteret i Bergen?" asks for a number without a question word; a clause with a verb
    that opens with the same word asks yes or no."""
    assert question_kind("Tlf til krisesenteret i Bergen?") == "phone"
    assert question_kind("Åpningstider for krisesenteret?") == "hours"
    assert question_kind("Telefonvakt hele døgnet – er det et krav?") == ""


def test_the_deadline_for_a_body_named_after_it_is_that_body_s() -> None:
    question = "Hva er fristen for barnevernet til å gjennomgå en bekymringsmelding fra krisesenteret?"
    assert asked_agent(question) == "barnevernet"
    assert agent_only_addressed(question, _hits(REPORTING)) == "barnevernet"
    assert asked_agent("Hva er fristen for å klage på vedtaket?") == ""
    assert asked_agent("Hvilken frist har barnevernet for å gå gjennom en bekymringsmelding?") == "barnevernet"
    assert asked_agent("Kva for ein frist har vi for å svare?") == ""


def test_we_is_the_body_the_asker_says_they_belong_to() -> None:
    """"Hvor lang frist har vi i barnevernet …" asks for barnevernet's own deadline, which § 6's
    "melde frå til barnevernstenesta utan ugrunna opphald" does not give; a bare "vi" stays unknown."""
    question = "Hvor lang frist har vi i barnevernet på å gjennomgå en bekymringsmelding fra krisesenteret?"
    assert asked_agent(question) == "barnevernet"
    assert agent_only_addressed(question, _hits(REPORTING)) == "barnevernet"
    introduced = "Barnevernsleder her. Når krisesenteret melder fra, hvor lang frist har vi til å gå gjennom meldingen?"
    assert agent_only_addressed(introduced, _hits(REPORTING)) == "barnevernsleder"
    # the body that bears the duty named in the source: left to the other signals
    assert agent_only_addressed("Hvor lang tid har vi i kommunen på å innarbeide målene?", _hits(PLANNING)) == ""
    assert asked_agent("Hei, NAV her: hvor mye kan vi gi?") == ""


def test_a_name_in_a_scene_setting_sentence_is_not_what_the_report_must_name() -> None:
    keyword = KeywordIndex(NAMED_CHUNKS)
    assert unnamed_entity("Vi i ein Vestland-kommune les skrivet. Når vart tilsynet gjennomført?", _hits(FINDINGS),
                          keyword) == ""
    assert unnamed_entity("Fikk Bydel Grünerløkka lovbrudd?", _hits(FINDINGS), keyword) == "Grünerløkka"


def test_a_modal_before_receiving_still_asks_for_a_sum() -> None:
    """"Hvor mye kan en beboer få i sosialhjelp?" asks for a sum; "hvor mye må vi gjøre for å få …" does not."""
    assert question_kind("Hvor mye kan en enslig krisesenterbeboer få i økonomisk sosialhjelp per måned?") == "amount"
    assert question_kind("Hvor mye må vi gjøre for å få godkjent planen?") == ""


def test_a_lowercase_statement_before_the_question_is_scene() -> None:
    """"… samtale med nav neste uke. hvem skal sørge for tolk?" asks who, not about something to come."""
    assert question_kind("beboer skal ha samtale med oss og nav neste uke. hvem skal sørge for tolk og hvem betaler?") == ""
    assert question_kind("Når er neste tilsyn?") == "schedule"


def test_a_name_the_report_gives_elsewhere_is_named_by_it() -> None:
    """"slik Statsforvaltaren ser det" names the report's author: the report names it (in another
    paragraph; here in nynorsk spelling), though the paragraph that answers does not. A name the
    report gives nowhere is still one it does not name."""
    keyword = KeywordIndex([*NAMED_CHUNKS, SUPERVISION])
    question = "Kva er eigentleg minstekravet til rutinane, slik Statsforvaltaren ser det?"
    assert unnamed_entity(question, _hits(ROUTINES), keyword) == ""
    assert unnamed_entity("Kva er eigentleg minstekravet til rutinane, slik Kari Nordmann ser det?",
                          _hits(ROUTINES), keyword) == "Kari"


def test_a_question_word_asking_for_something_else_asks_for_no_kind_of_fact() -> None:
    """"Kva krav stiller lova til telefontenesta?" asks for the rule, not a phone number; "hvem skal
    betale tolk?" for who pays, not a price; "hvor mye av internkontrollen må vi dokumentere?" how far
    a duty goes. Each was declined for want of a number the law never gives."""
    assert question_kind("Kva krav stiller lova til telefontenesta om natta?") == ""
    assert question_kind("bruker snakker nesten ikke norsk. hvem skal skaffe og betale tolk, oss i nav eller dem?") == ""
    assert question_kind("hvor mye av internkontrollen må vi faktisk dokumentere?") == ""
    # the fact's kind asked for by the question word, or by a clause the question word does not head
    assert question_kind("Hvilket telefonnummer har krisesenteret?") == "phone"
    assert question_kind("Hva koster en døgnplass for bydelen?") == "price_to_body"
    assert question_kind("Kven var kontaktperson, og kva er telefonnummeret hennar?") == "phone"
    assert question_kind("Hvem betaler voldsalarmen, og hvor lang ventetid er det?") == "duration"
    assert question_kind("Hvor mye av tilskuddet får bydelen?") == "amount"


def test_a_law_that_opens_for_something_is_no_question_about_opening_hours() -> None:
    """"… forskriften som § 5 a åpner for" (allows): the reply said the § held no opening hours. (What it asks is
    whether that regulation was given.)"""
    assert question_kind("Har departementet gitt forskriften som § 5 a åpner for, og hva står i den om lagringstid?") == "issued"
    assert question_kind("Hva står det om lagringstid i den forskriften som § 5 a åpner for?") == ""
    assert question_kind("Når åpner krisesenteret om morgenen?") == "hours"


def test_only_a_body_the_asker_names_is_the_we_of_a_deadline_question() -> None:
    """"vi i dag", "vi i praksis", "Hei her." name no body: read as one, "melde frå til dagleg leiar"
    would have declined a plain deadline question."""
    for question in ("Hvor lang frist har vi i dag på å melde fra?", "Hvor lang frist har vi i praksis?",
                     "Hei her. Hvor lang frist har vi?", "hvor lang tid har vi i den nye loven?"):
        assert asked_agent(question) == "", question


@pytest.mark.parametrize(("question", "kind"), [
    ("Kva for krav stiller lova til telefontenesta?", ""),
    ("Hva slags krav stilles til telefontjenesten?", ""),
    ("hvor mye av den statlige støtten må vi bruke?", ""),
    ("Hva åpner § 5 a for?", ""),
    # still asked: a reason beside "hvem", a number someone has, opening hours asked by "når"
    ("Hvem betaler, og hvorfor koster det så mye?", "price"),
    ("Hvem har telefonnummeret til vakthavende?", "phone"),
    ("Når åpner for eksempel krisesenteret?", "hours"),
    # "hvor mange X" asks for a number of X (the count rule's), not for the kind a word of the clause names
    ("Kor mange timar i døgnet må telefontenesta til krisesenteret vere open?", ""),
    ("Hvor mange timer i døgnet må krisetelefonen være betjent?", ""),
    ("Hvor mange ansatte har krisesenteret, og hva er telefonnummeret?", "phone"),
])
def test_the_kind_of_fact_a_question_word_asks_for_in_other_forms(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_a_topic_before_a_colon_is_no_part_of_the_asking_clause() -> None:
    """"Boligsosial lov: må kommunen ha oversikt over hvor mange boliger …?" asks yes or no, as it would
    without the topic in front; a count asked after a topic is still a count ("12:00" is no topic)."""
    assert _counts("Boligsosial lov: må kommunen ha en oversikt over hvor mange boliger som trengs?") is None
    assert _counts("Tilsynet: hvor mange bydeler fikk lovbrudd?") == ("bydeler",)
    assert _counts("Etter møtet kl. 12:00 i dag: hvor mange bydeler må svare?") == ("bydeler",)


def test_nynorsk_kostar_asks_for_a_price_that_arranging_payment_does_not_state() -> None:
    """Nynorsk "kostar" asks what something costs, as bokmål "koster" does. Krisesenterlova § 3's duty to
    have routines for "bestilling og betaling av tolketenester" says who arranges payment, not a price."""
    interpreter = [corpus.law("LOV-2009-06-19-44", "§3", "Krav",
                              ["Kommunen skal sørgje for rutinar for kvalitetssikring, bestilling og betaling av "
                               "tolketenester."], short="krisesenterlova")]
    question = "Kor mykje kostar ein kvalifisert tolk i timen for krisesenteret?"
    assert question_kind(question) == "price"
    assert kind_not_held(question, interpreter) == "price"
    assert question_kind("Kostar det noko å bu på krisesenteret?") == ""  # yes/no: the law's "gratis" answers it


def test_a_list_states_the_number_of_what_its_lead_in_names() -> None:
    """"Hvor mange sikringstiltak må ligge føre?" is answered by a lead-in and its five items: a list states its
    number by its items, in a unit's text (items on lines of their own) and in a quote (items inline). The lead-in
    names what it lists after "følgjande"; the bydeler that "ba bydelene sende inn følgende dokumenter:" speaks of
    are not what the list counts, and a thing only an item names is not counted by it."""
    unit = ("§ 3 Krav til fysisk sikring\nFølgjande tiltak skal ligge føre:\na) Porttelefon og overvakingskamera ved dør\n"
            "b) Sikre dører\nc) Sikra vindauge\nd) Innbrotsalarm\ne) Skjerma innsyn.")
    quote = "Følgjande tiltak skal ligge føre: a) Porttelefon og overvakingskamera ved dør b) Sikre dører c) Sikra vindauge"
    for text in (unit, quote):
        assert states_count(text, Counted(("sikringstiltak",))) and states_count(text, Counted(("tiltak",)))
        assert not states_count(text, Counted(("kamera",)))
    letter = ("Statsforvalteren ba bydelene om å sende inn følgende dokumenter i forbindelse med tilsynet: • Bydelens "
              "handlingsplan. • Rutiner for samarbeid. • ROS-analyser. … (og 5 til i listen i kilden)")
    assert states_count(letter, Counted(("dokumenter",))) and not states_count(letter, Counted(("bydeler",)))
    assert not states_count("Følgjande tiltak skal ligge føre: a) Porttelefon", Counted(("tiltak",)))  # one item is no list
    assert _counts("Hvor mange typer dokumenter ba SF om?") == ("dokumenter",)  # a sort is not what is counted


def test_an_adjective_before_the_counted_noun_leaves_the_noun_counted() -> None:
    """"Hvor mange faste sikringstiltak …" counts sikringstiltak: an attributive adjective agrees with the plural
    noun after it by "-e", so the noun after it is counted too; a definite plural noun ("bydelene") is no adjective."""
    assert _counts("Hvor mange faste sikringstiltak må være på plass?") == ("faste", "sikringstiltak")
    assert _counts("Kor mange fysiske sikringstiltak er absolutte krav?") == ("fysiske", "sikringstiltak")
    assert _counts("hvor mange av bydelene fikk lovbrudd?") == ("bydelene",)
    unit = ("Følgjande tiltak skal ligge føre:\na) Porttelefon og overvakingskamera ved dør\nb) Sikre dører\n"
            "c) Sikra vindauge")
    counted = counted_noun("Hvor mange faste sikringstiltak må være på plass?")
    assert counted is not None and states_count(unit, counted)


def test_a_verb_right_after_hvor_mange_leaves_the_counted_unnamed() -> None:
    """"Hvor mange må skrive under?" counts people it does not name: any stated number is the kind of fact asked
    for, as for "hvor mange fra hver bydel …"; the verb is not what is counted."""
    assert _counts("Hvor mange må skrive under før bystyret må behandle saken?") == ()
    assert _counts("Kor mange var med i første runde?") == ()
    counted = counted_noun("Hvor mange må skrive under før bystyret må behandle saken?")
    assert counted is not None
    assert states_count("Innbyggjarane kan fremje forslag når minst 300 innbyggjarar står bak.", counted)
    assert not states_count("Innbyggjarane kan fremje forslag.", counted)


def test_a_count_is_read_through_a_typo_and_the_other_written_standard() -> None:
    """"Hvor mange bydler …" is answered by "tre bydeler", "hvor mange måneder" by nynorsk "tre månader": one letter
    off in a word of four or more is the same word; a word further off is not."""
    letter = "Statsforvalteren konkluderte med lovbrudd i totalt tre bydeler."
    bydler = counted_noun("hvor mange bydler fikk lovbrudd?")
    assert bydler is not None and states_count(letter, bydler)
    assert states_count("Politiattesten skal ikkje vere eldre enn tre månader.", Counted(("måneder",)))
    assert not states_count(letter, Counted(("bygg",)))


def test_a_proportion_and_a_compound_part_state_a_count() -> None:
    """"Minst halvparten av medlemmene" answers "hvor mange av medlemmene må være til stede?"; "tre eller flere
    medlemmer" answers "hvor mange bystyremedlemmer …" (a compound names what its last part names); "enkelte
    medlemmer" still counts nothing."""
    quorum = "Et folkevalgt organ kan bare treffe vedtak dersom minst halvparten av medlemmene har vært til stede."
    assert states_count(quorum, Counted(("medlemmene",)))
    assert states_count("Krav om lovlighetskontroll kan settes fram av tre eller flere medlemmer av kommunestyret.",
                        Counted(("bystyremedlemmer",)))
    assert not states_count("Enkelte medlemmer ba om lovlighetskontroll.", Counted(("medlemmene",)))


def test_a_list_whose_lead_in_names_nothing_counts_the_parts_of_what_it_speaks_of() -> None:
    """"Tilbodet skal omfatte følgjande:" and four items answer "hvor mange deler må krisesentertilbudet bestå av?"
    (the question speaks of the tilbud the lead-in speaks of), not "hvor mange deler må handlingsplanen ha?"."""
    unit = ("§ 2 (ny ordlyd)\nTilbodet skal omfatte følgjande:\na) eit krisesenter\nb) eit gratis dagtilbod\n"
            "c) eit telefontilbod\nd) oppfølging i reetableringsfasen")
    asked = counted_noun("Hvor mange deler må krisesentertilbudet bestå av etter loven nå?")
    other = counted_noun("Hvor mange deler må handlingsplanen ha?")
    assert asked is not None and other is not None
    assert states_count(unit, asked)
    assert not states_count(unit, other)


def test_the_whole_day_or_year_states_the_hours_of_a_day_and_the_days_of_a_year() -> None:
    """"Kor mange timar i døgnet …" is answered by "heildøgns" or "heile døgnet", "hvor mange dager i året" by
    "heilårs": the whole period is all its hours or days. A whole year says nothing of hours in a day, and a
    count not asked within a period is not answered by it."""
    offer = "eit heilårs og heildøgns tilbod der personar kan få råd og rettleiing per telefon"
    hours = counted_noun("Kor mange timar i døgnet må telefontenesta vere open?")
    days = counted_noun("hvor mange dager i året må krisetelefonen være åpen?")
    assert hours is not None and days is not None
    assert states_count(offer, hours) and states_count(offer, days)
    assert states_count("Kommunen må sørge for at det er tilsette tilgjengeleg heile døgnet.", hours)
    assert not states_count("eit heilårs tilbod der personar kan få råd per telefon", hours)
    stay = counted_noun("Hvor mange dager kan en beboer bo på krisesenteret?")
    assert stay is not None and not states_count(offer, stay)
    # the period belongs to the count asked, not to another "hvor mange" after it
    places = counted_noun("Hvor mange plasser har krisesenteret, og hvor mange timer i døgnet er det bemannet?")
    assert places is not None and places.period == "" and not states_count(offer, places)


# --- whether a regulation has been given ----------------------------------------------------------
AUTHORITY = corpus.REGULATION_POWER
SAFETY_RULES = corpus.SAFETY_RULES
GIVEN = corpus.law(corpus.KSL, "§4", "Samordning", [
    "Krav til fysisk sikkerheit står i forskrift 7. mars 2017 nr. 282 om fysisk sikkerheit i krisesentertilbodet."],
    short="krisesenterlova")


def test_whether_a_regulation_was_given_is_not_answered_by_the_power_to_give_one() -> None:
    """"Har departementet gitt forskrifta etter § 5 a ennå?": "Departementet kan gi … forskrift" says one may be
    given, not that one was. Quoted as the answer, it was graded a false answer in four sets. Asked yes or no, that
    it was given is the fact asked for; a passage naming a given regulation by its date, or the regulation's own text,
    holds it. Asking what a regulation may say, or whether the ministry may give one, is another question."""
    keyword = KeywordIndex([*CHUNKS, AUTHORITY, SAFETY_RULES, GIVEN])
    for question in ("Har departementet gitt forskriften om behandling av personopplysninger etter nye § 5 a ennå?",
                     "Har departementet alt gjeve forskrift om behandling av personopplysningar, og kva står i ho?",
                     "Hva står i forskriften departementet har gitt om behandling av personopplysninger?",
                     "Er forskriften til § 5 a kommet?", "Er forskrifta vedteken?", "Har det kome ei forskrift om dette?",
                     "Hvilken forskrift har departementet faktisk fastsatt med hjemmel i nye § 5 a?",
                     "Foreligger det forskrift etter § 5 a?",
                     "Finnes det en forskrift om behandling av personopplysninger i krisesentertilbudet?"):
        assert question_kind(question) == "issued", question
        assert kind_not_held(question, [AUTHORITY]) == "issued", question
        judgement = judge(question, _hits(AUTHORITY), keyword)
        assert not judgement.answerable and judgement.reason == "issued", question
    given = "Har departementet gitt forskrift om fysisk sikkerhet på krisesentrene?"
    assert question_kind(given) == "issued"
    assert kind_not_held(given, [SAFETY_RULES]) == ""  # the regulation's own text
    assert kind_not_held(given, [GIVEN]) == ""  # named by its date
    # a regulation named beside something else given, made or come; what one may say; another kind asked for
    for other in ("Kan departementet gi forskrift om behandling av personopplysninger?",
                  "Hva kan departementet gi nærmere regler om i forskrift etter § 5 a?",
                  "Hva sier forskriften om fysisk sikkerhet om alarmer?", "Har brukeren gitt samtykke etter forskriften?",
                  "Har bydelen laget rutiner etter forskriften?", "Er forskriften laget for små kommuner?",
                  "Hva sier forskriften om brukere som har gitt samtykke?", "Fins det forskriftskrav om brannalarm?",
                  "Har det kommet noen endringer i forskriften?", "Når trer forskriften som er vedtatt i kraft?",
                  # another question word asks for something else; "gjeven med heimel i" asks for the legal basis
                  "Hvem kan lovlighetskontrollere forskriften bystyret har vedtatt?",
                  "Har kommunestyret laget forskrift om dette, og hvem kan kreve lovlighetskontroll?",
                  "Er forskrifta om fysisk sikkerheit gjeven med heimel i krisesenterlova?"):
        assert question_kind(other) != "issued", other
    for asked_so in ("Har departementet gitt nærmere regler i forskrift om behandling av personopplysninger?",
                     "Har departementet med hjemmel i § 5 a gitt forskrift?", "Hvilke forskrifter har departementet gitt?"):
        assert question_kind(asked_so) == "issued", asked_so
    assert question_kind("Hvilket telefonnummer har bydelen gitt ut i forskriften?") == "phone"
    assert question_kind("Statsforvalteren har gitt oss frist etter forskriften, hvor lang tid har vi?") == "duration"
    declined = Composer._declined(given, Judgement(False, 0.0, "issued"), [])
    assert declined.abstained and texts.ANSWER_KINDS["issued"] in declined.text


# --- which reports or studies ---------------------------------------------------------------------
USED_REPORTS = corpus.letter("Bakgrunn for valg av tema", [
    "Vi har brukt veiledere og tilgjengelige forskningsrapporter i vår analyse av hvor det kan oppstå svikt."])


def test_which_reports_asks_for_their_names_which_a_passage_that_only_mentions_some_does_not_give() -> None:
    """"Hvilke forskningsrapporter brukte SF i analysen?": the letter says reports were used and names none; quoted as
    the answer it was graded a false answer in eight sets. A title in «», an official document by its series or a
    report by its number names one. Only the research word asks so: "hvilke rapporter skal revisor gi?" and "hvilke
    undersøkelser kan kontrollutvalget kreve?" ask for duties the law states, and stay answerable."""
    keyword = KeywordIndex([*CHUNKS, USED_REPORTS])
    for question in ("Hvilke forskningsrapporter brukte SF i analysen før de valgte tema for tilsynet?",
                     "Kva for rettleiarar og forskingsrapportar var det SF bygde analysen sin på?",
                     "Hvilke veiledere og forskningsrapporter brukte SF da de valgte bolig som tema?",
                     "Hvilke konkrete forskningsrapporter og veiledere brukte SF?"):
        assert question_kind(question) == "titles", question
        judgement = judge(question, _hits(USED_REPORTS), keyword)
        assert not judgement.answerable and judgement.reason == "titles", question
    assert holds_kind("titles", ["Analysen bygde på «Vold i nære relasjoner – en kunnskapsoppsummering»."])
    assert holds_kind("titles", ["Se NOU 2003: 31 Retten til et liv uten vold."])
    assert not holds_kind("titles", [USED_REPORTS.text])
    for other in ("Hvilke rapporter skal kontrollutvalget gi til kommunestyret?", "Hvilke rapporter skal revisor gi?",
                  "Hvilken rapport skal kommunestyret få om internkontroll?", "Kva for undersøkingar kan revisor gjere?",
                  "Hvilke undersøkelser kan kontrollutvalget kreve?", "Hvilken rapport får bydelen etter tilsynet?",
                  "Hvilke dokumenter ba SF bydelene sende inn?", "Hva slags boligproblemer rapporterte bydelene om?",
                  # the question word asks for the theme, not for the reports named after it
                  "Kva for tema valde SF ut frå forskingsrapportane?",
                  "Hvilket tema valgte SF på bakgrunn av forskningsrapporter?"):
        assert question_kind(other) == "", other
    # "hvilken rapport" asks for no kind, so a kind word beside it still asks for nothing ("… sendes på e-post?")
    assert question_kind("Hvilken rapport skal sendes på e-post?") == ""
    asked = "Hvilke forskningsrapporter bygde analysen på?"
    declined = Composer._declined(asked, Judgement(False, 0.0, "titles"), [])
    assert declined.abstained and texts.ANSWER_KINDS["titles"] in declined.text
