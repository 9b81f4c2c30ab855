"""Secondary quotes and sentence choice: a further quote must answer the question on its own.

Hand-made chunks (short real excerpts) so the behaviour is checked on nynorsk law text and the
letter's bokmål, independent of the real corpus.
"""

from __future__ import annotations

import pytest

from bot.answering.abstention import asks_for_something
from bot.answering.relevance import DISTINCT_POWER, IDF_CAP, concepts, relevance
from bot.answering.sentences import (
    MAX_LEDD_CHARS,
    MAX_PARAGRAPH_CHARS,
    Unit,
    ledd_key,
    merge_items,
    score_units,
    select,
    shorten,
    units_of,
)
from bot.domain import SearchHit
from bot.retrieval.keyword import KeywordIndex
from bot.texts.answers import MORE_LIST_ITEMS
from tests.retrieval import corpus
from tests.retrieval.corpus import KSL, law, letter

TOLK = law(KSL, "§3", "Individuell tilrettelegging av tilbod", [
    "Kommunen skal sørgje for at tilbodet så langt råd er blir lagt til rette slik at det kjem dei individuelle "
    "behova til brukarane i møte.",
    "Kommunen skal sørgje for at brukarar av bu- og dagtilbodet får tilgang til kvalifisert tolk dersom det er "
    "nødvendig. Kommunen skal sørgje for rutinar for kvalitetssikring, bestilling og betaling av tolketenester.",
], short="krisesenterlova")
SAMORDNING = law(KSL, "§4", "Samarbeid og samordning", [
    "Kommunen skal sørgje for at krisesentertilbodet samarbeider med andre delar av tenesteapparatet. Dersom "
    "brukaren har individuell plan etter anna lov og forskrift, skal kommunen sørgje for at krisesentertilbodet "
    "deltek i samarbeid om utarbeiding og oppfølging av tiltak og mål i den individuelle planen.",
], short="krisesenterlova")
DOKUMENTER = letter("Hva undersøkte vi?", [
    "Statsforvalteren ba bydelene om å sende inn dokumenter.",
    "• Rutine for opprettelse av individuell plan, jf. krisesenterlova § 4 andre ledd.",
])
FILLER = [law("LOV-2008-06-27-71", f"§{n}", "Planlegging", [f"Kommunen skal ha plan nummer {n} for areal og bygg."],
              short="pbl", language="nb") for n in range(1, 30)]
# "individuell plan" is a fixed expression only because the corpus uses it again and again
IP = [law("FOR-2022-06-22-1110", f"§{n}", "Individuell plan", [f"{text} individuell plan."], short="IP-forskrifta",
          language="nb") for n, text in enumerate(["Tjenestemottakeren har rett til", "Kommunen skal utarbeide",
                                                   "Samtykke trengs for", "Barnevernet skal sette i gang"], start=1)]
IP += [law("LOV-2018-06-22-83", f"§25-{n}", "Internkontroll", [f"Kommunedirektøren skal ha rutiner for {what}."],
           short="kommuneloven", language="nb") for n, what in enumerate(["avvik", "rapportering", "risiko"], start=1)]


def _units(question: str, chunks: list) -> tuple[list[Unit], KeywordIndex]:
    keyword = KeywordIndex([*chunks, *FILLER, *IP])
    units: list[Unit] = []
    for i, chunk in enumerate(chunks):
        units.extend(units_of(SearchHit(chunk=chunk, score=1.0 - i / 10), i))
    score_units(units, keyword.query_terms(question), keyword, question)
    return units, keyword


def test_adjacent_words_in_a_passage_make_a_phrase() -> None:
    keyword = KeywordIndex([DOKUMENTER, TOLK, *FILLER, *IP])
    asked = concepts("må vi ha rutine for individuell plan?", keyword, [DOKUMENTER.text])
    assert [c.terms for c in asked][-1] == ("individuell", "plan")


def test_words_that_only_happen_to_stand_together_are_no_phrase() -> None:
    """"bydel ... tilsyn" next to each other in one passage is chance, not a fixed expression."""
    keyword = KeywordIndex([DOKUMENTER, *FILLER, *IP])
    asked = concepts("hvor mange bydeler hadde tilsyn?", keyword, ["én bydel som hadde tilsyn høsten 2023"])
    assert [c.terms for c in asked] == [("bydel",), ("tilsyn",)]


def test_a_phrase_split_up_covers_less_than_the_phrase() -> None:
    keyword = KeywordIndex([DOKUMENTER, TOLK, SAMORDNING, *FILLER, *IP])
    asked = concepts("individuell plan", keyword, [DOKUMENTER.text])
    together = relevance("Brukaren har individuell plan etter anna lov.", "", asked, keyword)
    apart = relevance("Individuell tilrettelegging krev ein plan.", "", asked, keyword)
    assert together == pytest.approx(1.0 / 1.5) and apart < together / 2


def test_irrelevant_second_hit_is_not_quoted_for_a_rare_term_question() -> None:
    """"må vi ha rutine for individuell plan?" must not add the § about interpreters (tolk)."""
    units, _ = _units("må vi ha rutine for individuell plan?", [DOKUMENTER, TOLK])
    chosen = select(units)
    assert any("individuell plan" in u.text for u in chosen)
    assert not any("tolk" in u.text for u in chosen)


def test_a_second_quote_that_covers_the_question_is_kept() -> None:
    units, _ = _units("kva gjeld for individuell plan?", [DOKUMENTER, SAMORDNING])
    texts = [u.text for u in select(units)]
    assert any("Rutine for opprettelse" in t for t in texts)
    assert any("den individuelle planen" in t for t in texts)


def test_without_the_gate_rank_alone_lets_the_weak_quote_in() -> None:
    """The gate is what keeps the interpreter sentence out (so the test above can fail)."""
    units, _ = _units("må vi ha rutine for individuell plan?", [DOKUMENTER, TOLK])
    assert any("tolk" in u.text for u in select(units, gate=False))


def test_synonym_counts_for_the_word_the_sources_use() -> None:
    keyword = KeywordIndex([DOKUMENTER, *FILLER])
    asked = concepts("hva ba SF om?", keyword, [])
    assert relevance("Statsforvalteren ba om dokumenter.", "", asked, keyword) > 0.3


DIALOG = law("LOV-2018-06-22-83", "§30-7", "Samordning mellom statlig tilsynsvirksomhet og kommuner", [
    "Statsforvalteren skal drøfte med kommunene prioritering og gjennomføring av planlagte tilsyn.",
    "Statlige tilsynsmyndigheter skal i sin planlegging, prioritering og gjennomføring av tilsyn ta hensyn til det "
    "samlete statlige tilsynet med den enkelte kommunen og til relevante forvaltningsrevisjonsrapporter. "
    "Tilsynsmyndighetene skal vurdere å utsette eller å ikke gjennomføre tilsyn hvis kommunen nylig har "
    "gjennomført en kontroll med det samme temaet. Tilsynsmyndighetene skal også samordne sine tilsyn med "
    "andre statlige tilsynsmyndigheter, slik at kommunen ikke får flere tilsyn med samme tema samme år. "
    "Tilsynsmyndighetene skal i tillegg se sine planer i sammenheng med kommunens egen kontroll og "
    "forvaltningsrevisjon, og de skal gi kommunen rimelig tid til å forberede seg før tilsynet starter.",
    "Før det eventuelt vedtas pålegg om retting eller andre reaksjoner med vesentlige virkninger for kommunen, "
    "skal tilsynsmyndigheten ha dialog med kommunen om slike pålegg og om kommunens oppfølging. Kommunen "
    "plikter å delta i dialogen.",
], short="kommuneloven", language="nb")


def test_a_long_named_section_is_outlined_ledd_by_ledd_not_cut_after_the_second() -> None:
    units = units_of(SearchHit(chunk=DIALOG, score=1.0, exact_reference=True), 0)
    chosen = select(units, in_order=True)
    assert [u.passage.ledd for u in chosen] == [1, 2, 3]
    assert "dialog" in chosen[2].text
    assert chosen[1].text.endswith("forvaltningsrevisjonsrapporter.")  # the 2nd ledd's opening sentence only


def test_a_named_section_that_fits_is_quoted_whole() -> None:
    units = units_of(SearchHit(chunk=SAMORDNING, score=1.0, exact_reference=True), 0)
    assert [u.text for u in select(units, in_order=True)] == [" ".join(SAMORDNING.passages[0].text.split())]


def test_a_word_only_one_chunk_uses_does_not_outweigh_the_rest_of_the_question() -> None:
    """"familie" is the asker's word, not the law's: in a large corpus its rarity is capped, so the
    sentence on samordning still covers most of "kven skal samordne tenestene for familien?"."""
    many = [law("LOV-2008-06-27-71", f"§{n}", "Plan", [f"Kommunen skal ha plan {n}."], short="pbl", language="nb")
            for n in range(400)]
    keyword = KeywordIndex([SAMORDNING, *many, *[letter(f"Barn {n}", ["Barn og familie."]) for n in range(1)],
                            *[letter(f"Samordning {n}", ["Kommunen skal samordne tenestene."]) for n in range(20)]])
    asked = {c.terms: c.weight for c in concepts("kven skal samordne tenestene for familien?", keyword, [])}
    assert keyword.term_idf("famili") > IDF_CAP
    assert asked[("famili",)] == pytest.approx(IDF_CAP ** DISTINCT_POWER)
    assert asked[("famili",)] < 3 * asked[("samordn",)]


def test_a_sentence_that_introduces_a_list_is_quoted_with_the_list() -> None:
    """«… følgende dokumenter:» alone answers nothing: the unit carries the items it introduces. A long
    paragraph is cut into sentences; the lead-in sentence keeps its list."""
    filler = "Tilsynet foregikk skriftlig, og bydelene fikk god tid til å svare på spørsmålene fra oss. " * 13
    chunk = letter("Hva undersøkte vi?", [
        f"{filler}Statsforvalteren ba bydelene om å sende inn følgende dokumenter:",
        "• Bydelens handlingsplan mot vold i nære relasjoner.",
        "• Rutine for opprettelse av individuell plan.",
        "Vi gikk gjennom dokumentene.",
    ])
    texts = [u.text for u in units_of(SearchHit(chunk=chunk, score=1.0), 0)]
    assert len(filler) > MAX_PARAGRAPH_CHARS
    assert texts[-2:] == [
        "Statsforvalteren ba bydelene om å sende inn følgende dokumenter: • Bydelens handlingsplan mot vold i "
        "nære relasjoner. • Rutine for opprettelse av individuell plan.",
        "Vi gikk gjennom dokumentene.",
    ]
    assert not any(t.endswith("dokumenter:") for t in texts)


def test_a_short_paragraph_of_a_document_is_quoted_whole_like_a_ledd() -> None:
    """The sentence that answers («Tema for tilsynet var …») is not dropped for one sharing more words."""
    chunk = letter("Tilsyn med Oslo kommune", [
        "Statsforvalteren førte tilsyn med bydelene i 2022 og 2023. Tema for tilsynet var reetablering.",
        "Tilsynet foregikk skriftlig. Statsforvalteren ba bydelene om å sende inn følgende dokumenter:",
        "• Bydelens handlingsplan mot vold i nære relasjoner.",
    ])
    texts = [u.text for u in units_of(SearchHit(chunk=chunk, score=1.0), 0)]
    assert texts == [
        "Statsforvalteren førte tilsyn med bydelene i 2022 og 2023. Tema for tilsynet var reetablering.",
        "Tilsynet foregikk skriftlig. Statsforvalteren ba bydelene om å sende inn følgende dokumenter: "
        "• Bydelens handlingsplan mot vold i nære relasjoner.",
    ]


def test_a_letter_paragraph_longer_than_a_ledd_is_quoted_whole_with_its_assessment() -> None:
    """A finding's paragraph runs from what was found to Statsforvalteren's assessment and advice; cut into
    sentences, the one sharing the question's words ("ny samarbeidsavtale") was quoted without the assessment."""
    paragraph = ("Det foreligger nå en ny samarbeidsavtale mellom bydelenes Nav-kontor og krisesenteret. "
                 + "Bydelene hadde kommet ulikt i arbeidet med å ta avtalen i bruk i sine tjenester. " * 9
                 + "Vi vurderer at slike avtaler gir bedre samhandling rundt brukerne som skal flytte ut.")
    chunk = letter("Ny samarbeidsavtale", [paragraph])
    assert MAX_LEDD_CHARS < len(paragraph) <= MAX_PARAGRAPH_CHARS  # the case this test is for
    assert [u.text for u in units_of(SearchHit(chunk=chunk, score=1.0), 0)] == [paragraph]


def test_bullets_after_a_paragraph_that_does_not_introduce_them_stay_units_of_their_own() -> None:
    chunk = letter("Funn", ["Vi fant tre forhold.", "• Manglende rutiner.", "• Manglende avtaler."])
    texts = [u.text for u in units_of(SearchHit(chunk=chunk, score=1.0), 0)]
    assert texts == ["Vi fant tre forhold.", "• Manglende rutiner.", "• Manglende avtaler."]


def test_a_list_too_long_to_quote_whole_is_cut_after_a_whole_item() -> None:
    text = "Bydelene sendte inn følgende: • Handlingsplan mot vold. • Rutine for individuell plan. • Rutine for ROS."
    short = shorten(text, 90)
    assert short == ("Bydelene sendte inn følgende: • Handlingsplan mot vold. • Rutine for individuell plan."
                     + MORE_LIST_ITEMS.format(n=1))
    assert shorten(text, len(text)) == text
    # the lead-in alone never stands for the list: with room for no item the cut falls inside the text
    assert shorten(text, 20).endswith(" …") and "•" not in shorten(text, 20)
    assert not shorten(text, 32).rstrip(" …").endswith("•")  # room for the lead-in only: no bare bullet


def test_a_sentence_taking_up_what_the_one_before_named_is_quoted_with_it() -> None:
    """"Loven var ikke en del av lovgrunnlaget …" answers whether the law was part of the inspection,
    but only with the sentence before it saying which law: the two are one unit. A sentence opening on
    the same definite word as the one before ("Bydelene …" after "Bydelene …") is no such reference."""
    filler = "Flere bydeler meldte bekymring om mangel på boliger og høye priser i leiemarkedet. " * 14
    chunk = letter("Bolig", [
        f"{filler}Boligsosial lov av 01.07.23 § 5 pålegger kommunen å ha oversikt over boliger. "
        "Loven var ikke en del av lovgrunnlaget for vårt tilsyn. Bydelene svarte skriftlig. "
        "Bydelene fikk god tid.",
    ])
    texts = [u.text for u in units_of(SearchHit(chunk=chunk, score=1.0), 0)]
    assert len(filler) > MAX_PARAGRAPH_CHARS
    assert "Boligsosial lov av 01.07.23 § 5 pålegger kommunen å ha oversikt over boliger. Loven var ikke en del av " \
           "lovgrunnlaget for vårt tilsyn." in texts
    assert texts[-2:] == ["Bydelene svarte skriftlig.", "Bydelene fikk god tid."]


def test_a_named_section_asked_about_something_in_it_leads_with_the_ledd_that_answers() -> None:
    """The answer's first line names its first quote ("Dette står i § 3 …"): asked where in § 3 the
    interpreter stands, that must be the ledd on the interpreter, with the ledd above it after."""
    units, _ = _units("i kva ledd i § 3 står det at kommunen skal sørgje for tolk til brukarane?", [TOLK])
    in_text_order = select(units, gate=False)
    assert len(in_text_order) == 2 and "tolk" not in in_text_order[0].text  # the case this test is for
    best = select(units, gate=False, best_first=True)
    assert "kvalifisert tolk" in best[0].text and [u.text for u in best[1:]] == [in_text_order[0].text]


AVTALE = letter("Ny samarbeidsavtale", [  # longer than a paragraph quoted whole: quoted by sentences
    "Det foreligger nå en ny samarbeidsavtale mellom bydelenes Nav-kontor og krisesenteret. Den tidligere avtalen "
    "var av eldre dato og ble ikke brukt i det daglige arbeidet. Bydelene hadde kommet ulikt i arbeidet med å ta "
    "avtalen i bruk i sine tjenester. Vi vurderer at slike avtaler gir bedre samhandling rundt brukerne som skal "
    "flytte ut. Avtalene fordeler ansvar mellom tjenestene og legger til rette for at den voldsutsatte får hjelp "
    "til rett tid, noe som er avgjørende i en reetableringsprosess med behov på mange områder samtidig, som "
    "økonomi, bolig og oppfølging etter utflytting fra senteret. For bydelene der avtalene ikke var ferdig "
    "implementert, anbefalte vi at dette arbeidet ble prioritert. Bedre kontakt mellom bydelene og senteret vil "
    "også gjøre de ansatte der bedre kjent med de forskrifter og retningslinjer som kommunen følger i sitt arbeid "
    "med reetablering i bolig for denne gruppen. Vi vil følge opp dette i senere dialog med bydelene og senteret, "
    "blant annet i faste møter om samarbeid og i den årlige rapporteringen. Vi ber også om en skriftlig "
    "redegjørelse for hvordan avtalen er tatt i bruk i hver bydel, med frister for de tiltakene som gjenstår.",
])


def test_the_quote_answers_what_is_asked_not_the_scene_set_before_it() -> None:
    """The scene ("vi har ikke tatt i bruk den nye samarbeidsavtalen mellom NAV og krisesenteret") echoes the
    first sentence; what is asked ("hva anbefalte SF?") stands in the last, and must be quoted."""
    question = ("Vi har ikke tatt i bruk den nye samarbeidsavtalen mellom Nav-kontoret og krisesenteret. "
                "Hva anbefalte SF for bydeler i den situasjonen?")
    units, _ = _units(question, [AVTALE])
    assert len(units) > 3  # sentences, the case this test is for
    assert any("anbefalte vi" in u.text for u in select(units))


# indexed ledd by ledd, as the index holds a §: the first ledd ranks first, the fourth second
KLAGE = [law("LOV-2022-12-20-121", "§7", "Saksbehandling og klage", [
    "Når noen ved søknad ber om bistand fra kommunen til å skaffe bolig, skal kommunen ta stilling til om personen "
    "er vanskeligstilt på boligmarkedet. En avgjørelse om å gi eller avslå bistand, er et enkeltvedtak."],
    short="boligsosialloven", language="nb"),
    law("LOV-2022-12-20-121", "§7", "Saksbehandling og klage", ["Ved klage over enkeltvedtak er statsforvalteren "
        "klageinstans."], short="boligsosialloven", language="nb")]


def test_a_message_that_asks_two_things_gets_the_unit_that_answers_each() -> None:
    """"… et vedtak hun kan klage på, og hvem behandler klagen?": the first ledd answers the first question,
    the fourth (statsforvalteren) the second, though it shares fewer of the message's words than the first."""
    two = ("En beboer ber bydelen om bistand til å skaffe bolig. Er avslaget et enkeltvedtak hun kan klage på, "
           "og hvem behandler i så fall klagen?")
    chosen = [u.text for u in select(_units(two, KLAGE)[0])]
    assert "enkeltvedtak." in chosen[0] and "klageinstans" in chosen[1]  # what answers the whole leads
    # two questions the first ledd answers both of: the rule adds nothing
    both = "Er et avslag på bistand et enkeltvedtak? Gjelder det også når noen ber om bistand uten søknad?"
    units = _units(both, KLAGE)[0]
    assert all(len(u.part_relevance) == 2 for u in units)  # the case this test is for
    assert not any("klageinstans" in u.text for u in select(units))


def test_an_asked_sentence_that_names_next_to_nothing_takes_its_topic_from_the_scene() -> None:
    """"Vi har en bruker som trenger tolk. Hva må kommunen sørge for?": the interpreter ledd answers."""
    units, _ = _units("Vi har en bruker som ikke snakker norsk og trenger tolk. Hva må kommunen sørge for?", [TOLK])
    chosen = select(units)
    assert "kvalifisert tolk" in chosen[0].text and len(chosen) == 1


TILBOD = law(KSL, "§2", "Krisesentertilbod", [(
    "Tilbodet skal omfatte følgjande:",
    ["eit gratis, heilårs og heildøgns trygt og mellombels butilbod for kvinner og barn som treng det",
     "eit gratis dagtilbod med råd og rettleiing om kvar brukaren kan få hjelp, og om rettane brukaren har",
     "eit heilårs og heildøgns tilbod der brukarane kan få råd og rettleiing per telefon om alt " * 12])],
    short="krisesenterlova")


def test_the_best_list_item_leads_merged_with_the_items_of_its_ledd_chosen_beside_it() -> None:
    """Asked about the day service (item b), with item a also chosen: one quote of the ledd's items in the
    list's order leads, not "b" and then "a" apart."""
    units, _ = _units("kva seier lova om dagtilbod og rettleiing om rettane brukaren har, og om butilbod for kvinner og "
                      "barn?", [TILBOD])
    assert len(units) > 1  # items quoted one by one (the ledd is too long to quote whole): the case this test is for
    chosen = select(units, gate=False, best_first=True)
    assert "a)" in chosen[0].text and "b)" in chosen[0].text
    assert chosen[0].text.index("a)") < chosen[0].text.index("b)")
    assert sum("b)" in u.text for u in chosen) == 1


def test_three_items_of_one_ledd_are_one_quote_cited_by_all_their_letters() -> None:
    """Items a, b and c chosen together: one quote, cited as "bokstav a, b og c", each letter once."""
    units = [u for u in units_of(SearchHit(chunk=TILBOD, score=1.0), 0) if u.passage is not None and u.passage.bokstav]
    assert [u.passage.bokstav for u in units if u.passage is not None] == ["a", "b", "c"]
    merged = merge_items(units)
    assert len(merged) == 1 and merged[0].passage is not None and merged[0].passage.bokstav == "a, b og c"


PLAN_ITEMS, PLAN = corpus.IP_PLAN_ITEMS, corpus.IP_PLAN


def test_a_question_about_a_long_list_as_a_whole_gets_every_item_cited_as_the_ledd() -> None:
    assert len(" ".join(PLAN_ITEMS)) > MAX_LEDD_CHARS  # the list is quoted by item, not as one ledd
    units, _ = _units("Hva skal en individuell plan minst inneholde? Vil sjekke at malen vår dekker alt.", [PLAN])
    [quote] = select(units)
    assert quote.passage is not None and quote.passage.ledd == 1 and quote.passage.bokstav is None
    assert quote.items == tuple("abcdefg")
    assert all(f"{letter}) {text}" in quote.text for letter, text in zip("abcdefg", PLAN_ITEMS, strict=True))
    assert quote.text.startswith("Planen skal blant annet inneholde følgende: a) ")


def test_a_question_about_one_item_of_a_long_list_gets_that_item_alone() -> None:
    units, _ = _units("Må planen inneholde samtykke til at deltakerne får taushetsbelagte opplysninger?", [PLAN])
    chosen = select(units)
    assert [u.passage.bokstav for u in chosen if u.passage is not None] == ["g"]
    assert PLAN_ITEMS[0] not in chosen[0].text


def test_a_list_ledd_the_question_names_by_number_is_quoted_whole() -> None:
    """"Hva skal planen inneholde etter § 9 første ledd?" asks for the ledd it names. The scene before it
    ("bidra med innhold …") shares words with one item, which alone was quoted as the answer; named, the
    ledd is quoted whole, list and all."""
    question = ("Bydelen har spurt oss om å bidra med innhold til en individuell plan for en beboer som har fått "
                "tilbud om koordinator. Hva skal planen inneholde etter § 9 første ledd?")
    units, _ = _units(question, [PLAN])
    unnamed = select(units)
    assert unnamed[0].passage is not None and unnamed[0].passage.bokstav  # items alone: the case this test is for
    [quote] = select(units, named_ledd={ledd_key(units[0])})
    assert quote.items == tuple("abcdefg") and quote.passage is not None and quote.passage.bokstav is None
    assert asks_for_something(question)
    assert not asks_for_something("§ 9 første ledd: må samtykket stå i planen?")  # yes/no: the item answers
