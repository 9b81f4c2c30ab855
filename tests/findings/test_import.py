"""Import from CSV and YAML: valid rows in, invalid rows reported (row, field, Norwegian reason)."""

from __future__ import annotations

from pathlib import Path

from bot.domain import Audience
from bot.findings.service import FindingsService

TILSYN = "oslo-krisesenter-2022-2023"
HEADER = "tilsyn_id,id,bydel,year,breach,wording,legal_basis,status,closed_date,plan_deadline,extended_deadline,notes\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_valid_rows_imported_invalid_rows_reported(service: FindingsService, tmp_path: Path) -> None:
    path = write(tmp_path, "funn.csv", HEADER
        + f"{TILSYN},,Frogner,2022,nei,,,,,,,\n"  # row 2: valid, id derived from bydel and year
        + f"{TILSYN},,Sagene,2023,ja,Manglende rutiner for samarbeid,kommuneloven § 25-1;krisesenterlova § 4,åpen,,01.03.2024,15.04.2024,Ring bydelen om 010170 00027\n"  # row 3: valid
        + f"{TILSYN},x-4,Frogne,2022,nei,,,,,,,\n"  # row 4: unknown bydel
        + f"{TILSYN},x-5,Alna,2022,ja,Manglende rutiner,,kanskje,,,,\n"  # row 5: bad status
        + f"{TILSYN},x-6,Alna,2022,ja,Manglende rutiner,,åpen,2024-02-01,,,\n"  # row 6: closed date on open
        + "finnes-ikke,x-7,Alna,2022,nei,,,,,,,\n"  # row 7: unknown tilsyn
        + f"{TILSYN},x-8,Alna,20x2,nei,,,,,,,\n"  # row 8: bad year
        + f"{TILSYN},x-9,Alna,2022,ja,,,,,,,\n"  # row 9: breach without wording
    )  # fmt: skip
    report = service.import_file(path, actor="UOFFICER", audience=Audience.OFFICERS)
    assert report.imported == [f"{TILSYN}/frogner-2022", f"{TILSYN}/sagene-2023"]
    by_row = {e.row: e for e in report.rejected}
    assert sorted(by_row) == [4, 5, 6, 7, 8, 9]
    assert by_row[4].field == "bydel" and "ukjent bydel «Frogne»" in by_row[4].reason
    assert by_row[5].field == "status" and "ukjent status «kanskje»" in by_row[5].reason
    assert by_row[6].field == "closed_date" and "krever status «lukket»" in by_row[6].reason
    assert by_row[7].field == "tilsyn_id" and "finnes ikke" in by_row[7].reason
    assert by_row[8].field == "year" and by_row[8].reason == "må være et heltall"
    assert by_row[9].field == "wording"

    rows = {r.outcome_id: r for r in service.list_findings(audience=Audience.OFFICERS)}
    sagene = rows[f"{TILSYN}/sagene-2023"]
    assert sagene.legal_basis == ["kommuneloven § 25-1", "krisesenterlova § 4"]
    assert str(sagene.extended_deadline) == "2024-04-15" and sagene.status == "open"
    assert sagene.notes == "Ring bydelen om [fødselsnummer fjernet]"  # identity numbers never stored
    # Named bydel now answers the history question with its recorded outcome.
    answer = service.answer_question("har bydel Sagene hatt tilsyn før?", audience=Audience.PUBLIC)
    assert "Registrert utfall for bydel Sagene" in answer.text
    assert "Ring bydelen" not in answer.text
    # Every imported field is in the audit trail, with who did it.
    audit = service.audit(f"{TILSYN}/sagene-2023/lovbrudd", audience=Audience.OFFICERS)
    assert {("followup", "extended_deadline", "2024-04-15")} <= {(a.entity, a.field, a.new_value) for a in audit}
    assert {a.actor for a in audit} == {"UOFFICER"}
    assert not any("00027" in (a.new_value or "") for a in audit)


def test_reimport_is_idempotent(service: FindingsService, tmp_path: Path) -> None:
    path = write(tmp_path, "funn.csv", HEADER + f"{TILSYN},,Ullern,2022,nei,,,,,,,\n")
    first = service.import_file(path, actor="U1", audience=Audience.OFFICERS)
    second = service.import_file(path, actor="U1", audience=Audience.OFFICERS)
    assert first.imported == [f"{TILSYN}/ullern-2022"]
    assert second.imported == [] and second.unchanged == [f"{TILSYN}/ullern-2022"]
    assert len(service.list_findings(audience=Audience.OFFICERS, bydel="Ullern")) == 1


def test_yaml_with_new_tilsyn_and_a_bad_header(service: FindingsService, tmp_path: Path) -> None:
    path = write(tmp_path, "nye.yaml", """
tilsyn:
  - id: oslo-ros-2025
    title: Tilsyn med ROS-analyser
    authority: Statsforvalteren i Oslo og Akershus
    theme: ROS-analyser
    years: [2025]
    bydeler_covered: [Alna]
    outcomes:
      - {id: oslo-ros-2025/alna, bydel: Alna, year: 2025, breach: false, summary: Ingen lovbrudd.}
  - id: Ugyldig Id
    title: x
    authority: y
    theme: z
    outcomes:
      - {id: z/1, breach: false}
rows:
  - {tilsyn_id: oslo-ros-2025, id: oslo-ros-2025/bjerke, bydel: Bjerke, year: 2025, breach: false, count: 0}
""")
    report = service.import_file(path, actor="U1", audience=Audience.OFFICERS)
    assert report.imported == ["oslo-ros-2025", "oslo-ros-2025/alna"]
    rejected = {(e.row, e.field) for e in report.rejected}
    assert (3, "id") in rejected  # the bad tilsyn header
    assert (4, "tilsyn") in rejected  # its outcome cannot be imported
    assert (5, "count") in rejected
    assert next(e.reason for e in report.rejected if e.field == "count") == "må være minst 1"


def test_unreadable_or_wrong_files_give_norwegian_errors(service: FindingsService, tmp_path: Path) -> None:
    import pytest

    from bot.errors import ValidationFailedError

    cases = [
        (tmp_path / "mangler.csv", "Fant ikke eller kunne ikke lese"),
        (write(tmp_path, "feil.yaml", "tilsyn: [\n"), "ikke gyldig YAML"),
        (write(tmp_path, "funn.txt", "x"), "må være YAML (.yaml/.yml) eller CSV"),
    ]
    for path, message in cases:
        with pytest.raises(ValidationFailedError) as caught:
            service.import_file(path, actor="U1", audience=Audience.OFFICERS)
        assert message in caught.value.user_message
