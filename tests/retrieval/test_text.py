"""Text analysis: nynorsk and bokmål forms meet, stems unify inflections, compounds are split."""

from __future__ import annotations

from bot.retrieval.keyword import KeywordIndex
from bot.retrieval.text import (
    Analyzer,
    asked_questions,
    asked_sentences,
    content_words,
    expand_query,
    spell_out,
    split_sentences,
    stem,
    to_bokmal,
    where_laws_are_asked,
    without_closing_remarks,
    without_conditions,
)
from tests.retrieval import corpus


def test_nynorsk_lexicon_and_suffix_rules() -> None:
    assert to_bokmal("ikkje") == "ikke"
    assert to_bokmal("kva") == "hva"
    assert to_bokmal("frå") == "fra"
    assert to_bokmal("vald") == "vold"
    assert to_bokmal("teieplikt") == "taushetsplikt"
    assert to_bokmal("sikkerheit") == "sikkerhet"
    assert to_bokmal("heilskapleg") == "helhetlig"
    assert to_bokmal("eigentleg") == "egentlig"
    assert to_bokmal("brukarane") == "brukerne"


def test_nynorsk_and_bokmal_share_stems() -> None:
    for nynorsk, bokmal in [("brukarane", "brukerne"), ("tilbodet", "tilbudet"), ("teieplikta", "taushetsplikten"),
                            ("tenestene", "tjenestene"), ("samordninga", "samordningen")]:
        assert stem(to_bokmal(nynorsk)) == stem(to_bokmal(bokmal)), (nynorsk, bokmal)
    assert stem("bruker") == stem("brukere") == stem("brukerne")


def test_stopwords_removed() -> None:
    assert content_words("hva sier loven om dette?") == ["dette"] or content_words("hva sier loven om dette?") == []
    assert "krisesenteret" in content_words("Kva er eit krisesenteret ikkje?")


def test_compound_split_into_known_parts() -> None:
    analyzer = Analyzer()
    analyzer.add_vocabulary({stem("krisesenter"), stem("tilbud"), stem("samarbeid"), stem("rutiner")})
    assert set(analyzer.compound_parts("krisesentertilbudet")) == {stem("krisesenter"), stem("tilbud")}
    assert set(analyzer.compound_parts("samarbeidsrutiner")) == {stem("samarbeid"), stem("rutiner")}
    assert analyzer.compound_parts("personavhengig") == ()


def test_none_is_a_function_word_and_the_ing_suffix_no_compound_part() -> None:
    """"Vi river ingen vegger" asks nothing about "ingen": as a term it stemmed to "ing", which the split of
    "endringer" into "endr" + "inger" then matched, so a list item about changes of property borders (pbl § 20-1
    bokstav m) outranked the one about change of use. A noun in -ing still links to its verb by its base."""
    analyzer = Analyzer()
    law = "endring av festegrunn eller andre endringer av grenser, unntatt endringer som bare omfatter eierseksjoner"
    analyzer.add_vocabulary(analyzer.vocabulary_of([law, "ingen skal endre noe, inga endring, ingenting, ingi"]))
    assert "ing" not in analyzer.vocabulary
    assert analyzer.compound_parts("endringer") == (stem("endre"),)  # the base, as the verb stems
    assert analyzer.compound_parts("endringane") == (stem("endre"),)  # nynorsk inflection alike
    for question in ("Vi river ingen vegger", "Me riv inga veggar", "ingenting er endra", "ingi endring"):
        assert not {"ing", "ingen", "ingenting", "inga", "ingi"} & set(analyzer.terms(question)), question
    assert "ing" not in analyzer.terms(law)
    assert not set(analyzer.terms("Vi river ingen vegger")) & set(analyzer.terms(law))
    assert stem("endre") in analyzer.terms("Vi skal endre bruken") and stem("endre") in analyzer.terms(law)


def test_the_ing_suffix_is_read_by_its_written_endings() -> None:
    """The suffix is -ing as written ("-inga", "-ingen", "-ingane", "-ings"), not whatever stems to "ing": the
    stemmer also takes "ingsloven" and "inget" there, which made the parts of "bokføringsloven" the verb "bokfør"
    alone (the law it names lost) and those of "Sametinget" "sam"."""
    analyzer = Analyzer()
    analyzer.add_vocabulary(analyzer.vocabulary_of(["bokføring", "bokføre", "lover", "same", "ting"]))
    assert analyzer.compound_parts("bokføringsloven") == (stem("bokføring"), stem("lover"))
    assert stem("lover") in analyzer.terms("Gjelder bokføringsloven?")
    assert analyzer.compound_parts("sametinget") == (stem("same"), stem("ting"))
    for ending in ("inga", "ingen", "inger", "ingene", "ingar", "ingane", "ings", "ingas", "ingens", "ingenes"):
        assert analyzer.compound_parts("bokfør" + ending) == (stem("bokføre"),), ending  # a noun in -ing: its base


def test_nynorsk_question_finds_bokmal_term_in_index() -> None:
    index = KeywordIndex(corpus.chunks())
    ranked = index.search(index.query_terms("kva seier lova om teieplikt?"), 3)
    assert index.chunks[ranked[0][0]].section_key == "§5"


def test_domain_synonyms() -> None:
    expanded = dict(expand_query("hvem lager IP for brukeren, SF eller bydelen?"))
    assert {"individuell", "plan", "statsforvalter", "kommunen"} <= set(expanded)
    assert all(weight < 1 for weight in expanded.values())


def test_plain_analyzer_does_not_stem() -> None:
    assert Analyzer(stemming=False).terms("Brukerne og brukeren") == ["brukerne", "brukeren"]


def test_the_asked_sentences_are_the_questions_or_all_of_it() -> None:
    assert asked_sentences("Eg er ny her. Kven har ansvaret? Takk.") == "Kven har ansvaret?"
    assert asked_sentences("Vi lurer på hvem som har ansvaret") == "Vi lurer på hvem som har ansvaret"
    assert split_sentences("Jf. § 3. Kommunen skal sørge for tolk.") == ["Jf. § 3.", "Kommunen skal sørge for tolk."]


def test_the_questions_a_message_asks_are_its_asked_sentences_cut_at_a_comma_and_og() -> None:
    question = "Hun ber om hjelp til bolig. Er svaret et vedtak hun kan klage på, og hvem behandler klagen?"
    assert asked_questions(question) == ["Er svaret et vedtak hun kan klage på", "hvem behandler klagen?"]
    assert asked_questions("Hva er fristen? Kven avgjer det?") == ["Hva er fristen?", "Kven avgjer det?"]
    # a dash joins a second question as the comma does; a hyphen inside a word does not
    assert asked_questions("Kan hun klage – og hvem avgjør klagen?") == ["Kan hun klage", "hvem avgjør klagen?"]
    assert asked_questions("Gjelder NAV-og barnevernsamarbeidet her?") == ["Gjelder NAV-og barnevernsamarbeidet her?"]
    # without the comma "og" joins two parts of one question; a message without "?" asks nothing apart
    assert asked_questions("Må avtalen være skriftlig og vedtas politisk?") == ["Må avtalen være skriftlig og vedtas politisk?"]
    assert asked_questions("Vi lurer på hvem som har ansvaret") == []
    # a verb without its subject after ", og" continues the statement: one question
    assert asked_questions("Hun har søkt om bolig, og har fått avslag, kan hun klage?") == [
        "Hun har søkt om bolig, og har fått avslag, kan hun klage?"]
    assert asked_questions("Er det et enkeltvedtak, og kan hun klage?") == ["Er det et enkeltvedtak", "kan hun klage?"]


def test_an_asked_sentence_that_points_back_keeps_the_sentence_it_points_to() -> None:
    question = "Vi får en del samiske brukere. Er det kommet noe eget i loven om dem?"
    assert asked_sentences(question) == "Er det kommet noe eget i loven om dem?"
    assert asked_sentences(question, antecedents=True) == question  # "dem": the samiske brukere
    # no pronoun pointing back: the scene stays out
    assert asked_sentences("Eg er tolk. Skal ein ta omsyn til språket?", antecedents=True) == (
        "Skal ein ta omsyn til språket?")
    # "slike rutiner": such as the scene named
    such = "Vi har ikke egne rutiner for krisesenterbrukere. Hva gjorde bydelene uten slike rutiner?"
    assert asked_sentences(such, antecedents=True) == such
    # "slik at" points nowhere
    assert asked_sentences("Vi er nye. Hvordan gjør vi det slik at SF blir fornøyd?", antecedents=True) == (
        "Hvordan gjør vi det slik at SF blir fornøyd?")


def test_an_asked_sentence_that_names_nothing_asks_about_the_scene_before_it() -> None:
    """"Stemmer det?" has no word a unit could hold: read alone, every unit covered none of the question (the
    letter's section on the new Nav agreement had coverage 0 for "… ny avtale med Nav om utflytting. Stemmer
    det?")."""
    scene = "Noen sa at det er kommet en ny avtale mellom oss og Nav om utflytting."
    for asked in ("Stemmer det?", "Hva gjør vi da?", "Er det lov?"):
        assert asked_sentences(f"{scene} {asked}", antecedents=True) == f"{scene} {asked}"
        assert asked_sentences(f"{scene} {asked}") == asked  # the asked part alone, where that is what is read
    assert asked_sentences("Hei. Hvem har ansvaret for internkontrollen?", antecedents=True) == (
        "Hvem har ansvaret for internkontrollen?")
    # which law is asked about reads the pronoun rule only: the scene's law is context, not the question's
    assert where_laws_are_asked("Barnet har en koordinator etter hol § 7-2 a. Hvem har ansvaret?") == (
        "Hvem har ansvaret?")


def test_abbreviations_are_spelled_out_as_whole_words_only() -> None:
    assert spell_out("beboer har IP fra nav. må ks være med?") == (
        "beboer har individuell plan fra nav. må krisesenteret være med?")
    assert spell_out("Kan SF pålegge oss retting?") == "Kan statsforvalteren pålegge oss retting?"
    # a hyphenated compound keeps its own meaning ("IP-koordinator", the KS tariff "KS-avtalen")
    assert spell_out("Hva sier KS-avtalen om IP-koordinator?") == "Hva sier KS-avtalen om IP-koordinator?"
    # "KS" in capitals is also Kommunesektorens organisasjon: only the lowercase shorthand is the centre
    assert spell_out("Hva mener KS om dette?") == "Hva mener KS om dette?"
    assert spell_out("Ks har ikke plass") == "Krisesenteret har ikke plass"
    # a law's short name is the reference parser's, not an abbreviation to spell out
    assert spell_out("ksl § 3 og kml § 25-1") == "ksl § 3 og kml § 25-1"
    assert spell_out("skip, tips, ikke") == "skip, tips, ikke"


def test_an_abbreviation_that_starts_a_sentence_is_spelled_out_with_a_capital() -> None:
    """What reads the spelled-out text's sentences (what is asked, which words are names) splits them as
    written: a lowercase expansion would glue a scene sentence to the question after it."""
    question = "Vi er i Bydel Frogner. SF har varslet tilsyn, hva skal vi sende?"
    assert spell_out(question) == "Vi er i Bydel Frogner. Statsforvalteren har varslet tilsyn, hva skal vi sende?"
    assert asked_sentences(spell_out(question)) == "Statsforvalteren har varslet tilsyn, hva skal vi sende?"
    assert spell_out("IP? Ja. IP-en, og sf.") == "Individuell plan? Ja. Individuell plan, og statsforvalteren."
    assert spell_out("ip er klar") == "individuell plan er klar"  # written in lowercase: spelled out so


def test_an_inflected_abbreviation_is_spelled_out_as_its_base() -> None:
    assert spell_out("Må IP-en oppdateres når hun flytter?") == "Må individuell plan oppdateres når hun flytter?"
    assert spell_out("Har vi IK-en på plass, og hva sa SFs rådgiver?") == (
        "Har vi internkontroll på plass, og hva sa statsforvalteren rådgiver?")
    assert spell_out("IPen er klar, ks-et vet") == "Individuell plan er klar, krisesenteret vet"
    # other acronyms and compounds stay: interkommunalt selskap, NAV's IPS, the regulation, KS in capitals
    assert spell_out("IKS-et og IPS i NAV") == "IKS-et og IPS i NAV"
    assert spell_out("IKs styre og IPs metode") == "IKs styre og IPs metode"  # not "internkontroll styre"
    assert spell_out("IP-forskriften, KS-en og ipen") == "IP-forskriften, KS-en og ipen"


def test_the_law_asked_about_is_named_where_the_question_is_asked() -> None:
    scene = "når må bystyret vedta planstrategien? boligoversikten etter boligsosialloven skal jo inn der."
    assert "boligsosialloven" not in where_laws_are_asked(scene)
    asked = "Vi bruker forvaltningsloven mye. Hva sier den om taushetsplikt?"
    assert where_laws_are_asked(asked) == asked  # referred back to: the whole question
    assert where_laws_are_asked("Hva sier krisesenterlova om tolk?") == "Hva sier krisesenterlova om tolk?"
    # a short topic line before the question names the law asked about
    assert "barnevernloven" in where_laws_are_asked("Spørsmål om barnevernloven. Må kommunen samordne tenestene?")
    assert "forvaltningsloven" in where_laws_are_asked("Gjelder forvaltningsloven. Hvor lang er klagefristen?")
    assert "forvaltningsloven" in where_laws_are_asked("Jeg har et spørsmål om forvaltningsloven. Hvor lang er fristen?")
    assert "omsorgstjenesteloven" not in where_laws_are_asked(
        "Jeg jobber etter helse- og omsorgstjenesteloven. Skal kommunen samordne tenestene?")


def test_the_condition_a_sentence_opens_with_is_left_out() -> None:
    assert without_conditions("Hvis barnet har koordinator etter hol, hvem skal samordne? Når kommer svaret?") == \
        "hvem skal samordne? Når kommer svaret?"
    assert without_conditions("Dersom vedtaket er fatta etter bvl § 4-12, kan SF gi pålegg?") == "kan SF gi pålegg?"
    # only an opening condition, up to its comma: a question that merely begins with "når" keeps its words
    assert without_conditions("Når må planen være klar?") == "Når må planen være klar?"
    assert without_conditions("Kan SF gi pålegg, hvis bydelen ikke svarer?") == "Kan SF gi pålegg, hvis bydelen ikke svarer?"
    # a topic opener, "når" asking when, a rest that goes on with "og" or points back at the law: kept whole
    for kept in ("Når det gjelder barnevernloven, hva sier den om samordning?",
                 "Hvis vi ser på barnevernloven, skal kommunen samordne tenestene?",
                 "Når må kommunen svare etter barnevernloven, og hvem skal samordne?",
                 "Om barnet bor der etter barnevernloven, hvem skal samordne etter loven?"):
        assert without_conditions(kept) == kept, kept


def test_a_remark_after_the_question_is_not_what_is_asked() -> None:
    """"… Skal forklare det for noen nye på NAV" says why it is asked; the scene before the question stays, since it
    often names what is asked about; a question without "?" is read whole."""
    assert without_closing_remarks("Hva er egentlig vitsen med en individuell plan? Skal forklare en beboer hva hun får "
                                   "ut av det") == "Hva er egentlig vitsen med en individuell plan?"
    assert without_closing_remarks("Vi har en beboer med IP. Må krisesenteret delta? Sjefen spør.") == \
        "Vi har en beboer med IP. Må krisesenteret delta?"
    assert without_closing_remarks("Vi har en beboer med IP. Må krisesenteret delta?") == \
        "Vi har en beboer med IP. Må krisesenteret delta?"
    assert without_closing_remarks("må krisesenteret delta. sjefen spør") == "må krisesenteret delta. sjefen spør"
    # a question after it without its "?" is asked too
    assert without_closing_remarks("kan vi melde avvik i kvalitetssystemet? hva fant SF om avvik i bydelene") == \
        "kan vi melde avvik i kvalitetssystemet? hva fant SF om avvik i bydelene"
