"""A small hand-made knowledge base shaped like the real one (nynorsk law, amending act, letter).

Used by the retrieval and answering tests; texts are short real excerpts so stemming and
nynorsk normalisation are tested on the language they must handle.
"""

from __future__ import annotations

from bot.domain import Audience, Chunk, Passage, SourceKind

KSL = "LOV-2009-06-19-44"
ACT = "LOV-2025-06-20-42"
KOML = "LOV-2018-06-22-83"
PBL = "LOV-2008-06-27-71"
LETTER = "informasjonsskriv-2-2024"
PENDING = "Vert endra ved lov 20 juni 2025 nr. 42 (i kraft 1 jan 2026 iflg. res. 20 juni 2025 nr. 1087)."

ALIASES = [
    (KSL, ["krisesenterlova", "krisesenterloven", "ksl"]),
    (ACT, ["endringslova"]),
    (KOML, ["kommuneloven", "koml", "kml"]),
    (PBL, ["plan- og bygningsloven", "pbl"]),
]


def law(doc_id: str, key: str, title: str, ledd: list[str | tuple[str, list[str]]], *, short: str,
        kind: SourceKind = SourceKind.LAW, language: str = "nn", **extra: object) -> Chunk:
    """A § chunk; a ledd given as (intro, [items]) becomes lettered passages."""
    section = "§ " + key[1:].replace("a", " a").replace("b", " b") if key[-1] in "ab" else "§ " + key[1:]
    passages: list[Passage] = []
    for n, item in enumerate(ledd, start=1):
        if isinstance(item, tuple):
            intro, letters = item
            passages.append(Passage(text=intro, ledd=n))
            passages.extend(Passage(text=t, ledd=n, bokstav="abcdefg"[i]) for i, t in enumerate(letters))
        else:
            passages.append(Passage(text=item, ledd=n))
    text = "\n".join([f"{section} {title}", *(p.text for p in passages)])
    url = f"https://lovdata.no/lov/{doc_id[4:14]}-{doc_id.split('-')[-1]}/{key}"
    data = dict(chunk_id=f"{doc_id}|{key}|p1", source_id=short, doc_id=doc_id, kind=kind, title=f"Lov ({short})",
                short_title=short, section_key=key, section=section, section_title=title,
                heading_path=[f"{section} {title}"], text=text, passages=passages, language=language, url=url)
    data.update(extra)
    return Chunk(**data)


def letter(heading: str, paragraphs: list[str], **extra: object) -> Chunk:
    data = dict(chunk_id=f"{LETTER}|{heading}|p1", source_id=LETTER, doc_id=LETTER, kind=SourceKind.FINDING,
                title="Informasjonsskriv 2/2024: Tilsyn med Oslo kommune som krisesentermyndighet",
                short_title="Informasjonsskriv 2/2024", section=heading, heading_path=["Informasjonsskriv 2/2024", heading],
                text="\n\n".join([heading, *paragraphs]), passages=[Passage(text=p) for p in paragraphs],
                language="nb", year=2024)
    data.update(extra)
    return Chunk(**data)


def amendment(key: str, ledd: list[tuple[int, str]], instruction: str) -> Chunk:
    passages = [Passage(text=instruction)] + [Passage(text=t, ledd=n) for n, t in ledd]
    return Chunk(chunk_id=f"{ACT}|{key}|p1", source_id="endring", doc_id=ACT, kind=SourceKind.AMENDING_ACT,
                 title="Lov om endringar i krisesenterlova", short_title="endringslova", section_key=key,
                 section=f"§ {key[1:]} (ny ordlyd frå 1.1.2026)", text="\n".join(p.text for p in passages),
                 passages=passages, language="nn", url="https://lovdata.no/lov/2025-06-20-42", in_force="2026-01-01",
                 amends_doc_id=KSL, amends_section_key=key)


# For questions whether a regulation was given: a regulation's own text (it was) and a law's power to give one (it
# may be). Not in `chunks()`.
SAFETY_RULES = law("FOR-2017-03-07-282", "§1", "Formål", [
    "Forskrifta skal sikre at krisesentertilbodet er fysisk trygt for brukarane."],
    short="sikkerheitsforskrifta", kind=SourceKind.REGULATION)
REGULATION_POWER = law(KSL, "§5a", "Behandling av personopplysningar", [
    "Kommunen kan behandle personopplysningar når det er nødvendig for å utføre oppgåver etter lova.",
    "Departementet kan gi nærmare reglar i forskrift om behandling av personopplysningar i krisesentertilbodet."],
    short="krisesenterlova")

def chunks() -> list[Chunk]:
    pending = dict(pending_change=PENDING, pending_change_act=ACT, pending_change_in_force="2026-01-01")
    return [
        law(KSL, "§1", "Formålet med lova", [
            "Formålet med denne lova er å sikre eit godt og heilskapleg krisesentertilbod til kvinner, menn og barn "
            "som er utsette for vald eller truslar om vald i nære relasjonar."], short="krisesenterlova"),
        law(KSL, "§2", "Krav til krisesentertilbodet", [
            "Kommunen skal sørgje for eit krisesentertilbod som skal kunne nyttast av personar som er utsette for vald "
            "eller truslar om vald i nære relasjonar.",
            ("Tilbodet skal gi brukarane støtte, rettleiing, hjelp til å ta kontakt med andre delar av "
             "tenesteapparatet og skal omfatte:",
             ["eit krisesenter eller eit tilsvarande gratis, heilårs, heildøgns, trygt og mellombels butilbod, og",
              "eit gratis dagtilbod, og", "eit heilårs og heildøgns tilbod der personar nemnde i første ledd kan få råd "
              "og rettleiing per telefon, og", "oppfølging i reetableringsfasen, jf. § 4."]),
            "Butilbodet til kvinner og butilbodet til menn skal vere fysisk skilde."],
            short="krisesenterlova", **pending),
        law(KSL, "§3", "Individuell tilrettelegging av tilbod", [
            "Kommunen skal sørgje for at tilbodet så langt råd er blir lagt til rette slik at det kjem dei individuelle "
            "behova til brukarane i møte.",
            "Kommunen skal sørgje for at brukarar av bu- og dagtilbodet får tilgang til kvalifisert tolk."],
            short="krisesenterlova", **pending),
        law(KSL, "§4", "Samarbeid og samordning", [
            "Kommunen skal sørgje for at krisesentertilbodet samarbeider med andre delar av tenesteapparatet dersom "
            "det er nødvendig for å gi brukaren eit heilskapleg og samordna tenestetilbod.",
            "Kommunen skal samordne tenestetilbodet etter første ledd. Ved behov skal kommunen bestemme kva for ein "
            "kommunal tenesteytar som skal vareta samordninga."], short="krisesenterlova"),
        law(KSL, "§5", "Teieplikt", [
            "Alle som utfører teneste eller arbeid etter denne lova, har teieplikt. Brot på teieplikta straffast "
            "etter straffeloven § 209."], short="krisesenterlova"),
        law(KSL, "§5a", "Behandling av personopplysningar", [], short="krisesenterlova",
            passages=[Passage(text="Denne paragrafen har ingen tekst i den konsoliderte utgaven som er lest inn.")],
            pending_change="Vert tilføyd ved lov 20 juni 2025 nr. 42 (i kraft 1 jan 2026).", pending_change_act=ACT,
            pending_change_in_force="2026-01-01"),
        law(KSL, "§9", "Statleg tilsyn", [
            "Statsforvaltaren skal føre tilsyn med at kommunen oppfyller pliktene pålagde etter §§ 2, 3 og 4 og "
            "kommuneloven § 25-1.",
            "Reglane i kommuneloven kapittel 30 gjeld for den tilsynsverksemda som er nemnd i første leddet."],
            short="krisesenterlova"),
        amendment("§2", [(2, "Tilbodet skal omfatte følgjande: eit krisesenter eller eit tilsvarande gratis, heilårs, "
                             "heildøgns, trygt og mellombels butilbod, eit gratis dagtilbod, eit heilårs og heildøgns tilbod "
                             "der personar nemnde i første ledd kan få råd og rettleiing per telefon, oppfølging i "
                             "reetableringsfasen i samarbeid med andre delar av tenesteapparatet, jf. § 4."),
                         (3, "Tilbodet skal gi brukarane støtte, rettleiing og hjelp til å ta kontakt med andre "
                             "delar av tenesteapparatet.")], "§ 2 andre og tredje ledd skal lyde:"),
        amendment("§3", [(1, "Kommunen skal sørgje for at tilbodet så langt råd er blir lagt til rette slik at det "
                             "kjem dei individuelle behova til brukarane i møte. Er tilrettelegging ikkje mogleg, skal "
                             "kommunen sørgje for likeverdige alternative krisesentertilbod."),
                         (2, "Dei særskilde rettane til samiske brukarar skal varetakast i krisesentertilbodet.")],
                  "§ 3 første og andre ledd skal lyde:"),
        amendment("§5a", [(1, "Organ som utfører oppgåver etter denne lova, kan behandle personopplysningar når det "
                              "er nødvendig for å utføre oppgåver etter lova.")], "Nye §§ 5 a og 5 b skal lyde:"),
        law(KOML, "§25-1", "Internkontroll i kommunen og fylkeskommunen", [
            "Kommuner og fylkeskommuner skal ha internkontroll med administrasjonens virksomhet for å sikre at lover "
            "og forskrifter følges.", "Kommunedirektøren er ansvarlig for internkontrollen."],
            short="kommuneloven", language="nb"),
        law(KOML, "§30-4", "Pålegg om retting", [
            "Statsforvalteren kan gi pålegg til kommunen om å rette forhold som er i strid med de bestemmelsene "
            "statsforvalteren fører tilsyn med oppfyllelsen av."], short="kommuneloven", language="nb"),
        law(PBL, "§25-1", "Tilsynsplikt", [
            "Kommunen har plikt til å føre tilsyn i byggesaker med at tiltaket gjennomføres i samsvar med gitte "
            "tillatelser."], short="plan- og bygningsloven", language="nb"),
        letter("Hva fant vi i tilsynet?", [
            "I 12 av totalt 15 bydeler ble det ikke konkludert med lovbrudd.",
            "Når tydelige rutiner og praksis for samarbeid er fraværende eller mangelfulle, er det fare for at "
            "arbeidet blir tilfeldig og personavhengig."]),
        letter("Status for lovbrudd nå i 2024 – er de lukket?", [
            "Statsforvalteren konkluderte med lovbrudd i totalt tre bydeler. Disse lovbruddene omhandlet blant annet "
            "manglende rutiner på området.",
            "To bydeler har lukket sine lovbrudd."]),
        Chunk(chunk_id="submitted|bydel-alna|p1", source_id="intake-1", doc_id="innsendt-alna-rutine",
              kind=SourceKind.SUBMITTED, title="Rutine for samarbeid med krisesenteret (Bydel Alna)",
              short_title="Innsendt rutine, Bydel Alna", section="Rutine",
              text="Bydel Alna sin rutine for samarbeid med krisesenteret om bolig og reetablering.",
              audience=Audience.OFFICERS, bydel="Alna", year=2025, language="nb"),
    ]


# A ledd too long to quote whole (over MAX_LEDD_CHARS), its items quoted one by one: the shape of
# IP-forskrifta § 9 tredje ledd (ten items, 1,257 characters), written here in shorter words of our own.
IP_PLAN_ITEMS = [f"{item}, avklart med tjenestemottakeren" for item in (
    "en oversikt over tjenestemottakerens mål, ressurser og behov for tjenester eller tiltak i hverdagen og på sikt",
    "en oversikt over hvem som deltar i arbeidet med planen, både fra kommunen, spesialisthelsetjenesten og andre",
    "en angivelse av hvem som har ansvaret for å utarbeide planen og sikre koordinering og fremdrift i arbeidet",
    "en oversikt over hva tjenestemottakeren, tjenesteyterne og eventuelt pårørende vil bidra med i planarbeidet",
    "en beskrivelse av hvordan tjenestene eller tiltakene skal gjennomføres, og hvem som har ansvaret for hvert tiltak",
    "en angivelse av planperioden og tidspunktet for eventuelle justeringer og revisjoner av planen underveis",
    "tjenestemottakerens samtykke til at planen utarbeides, og samtykke til at deltakerne gis taushetsbelagte opplysninger",
)]
IP_PLAN = law("FOR-2022-06-22-1110", "§9", "Innholdet i planen", [
    ("Planen skal blant annet inneholde følgende:", IP_PLAN_ITEMS),
], short="IP-forskrifta", language="nb")
