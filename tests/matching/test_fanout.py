"""Matching over workers that each read their own share of the leads file (`fanout`).

The fan-out must write the very file one process writes, report each bad row once, put chunks
back in order when some hold no good lead, and bring a worker's failure back to the caller.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from leadlink.io.csvio import CsvFileError, read_lead_chunks, read_leads
from leadlink.matching import fanout, service
from leadlink.synth.service import generate_crm


@pytest.fixture(scope="module")
def crm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated CRM, with bad rows spliced into its leads file."""
    folder = tmp_path_factory.mktemp("crm")
    generate_crm(accounts=400, leads=600, out_dir=folder, seed=3, crm=False, workers=1)
    lines = (folder / "leads.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    ragged = "".join("bad,row\n" for _ in range(25))  # more lines than a test chunk
    lines[300:300] = [ragged, lines[1]]  # and the first lead again: a duplicate id
    (folder / "leads.csv").write_text("".join(lines), encoding="utf-8")
    return folder


def _run(crm: Path, out: Path, workers: int) -> service.MatchSummary:
    return service.match_files(
        accounts_path=crm / "accounts.csv",
        leads_path=crm / "leads.csv",
        out_path=out,
        workers=workers,
    )


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fan out even a small file, in chunks of 7 leads."""
    monkeypatch.setattr(service, "FANOUT_RATIO", 0)
    monkeypatch.setattr(fanout, "CHUNK_LEADS", 7)


def test_workers_write_the_file_one_process_writes(
    crm: Path, tmp_path: Path, small_chunks: None
) -> None:
    one = _run(crm, tmp_path / "one.csv", workers=1)
    two = _run(crm, tmp_path / "two.csv", workers=2)
    three = _run(crm, tmp_path / "three.csv", workers=3)
    expected = (tmp_path / "one.csv").read_bytes()
    assert (tmp_path / "two.csv").read_bytes() == expected
    assert (tmp_path / "three.csv").read_bytes() == expected
    for summary in (two, three):
        assert (summary.accounts, summary.leads) == (one.accounts, one.leads)
        assert summary.decisions == one.decisions
        assert summary.errors == one.errors  # each bad row once, in file order


def test_bad_rows_are_reported_and_skipped(crm: Path, tmp_path: Path, small_chunks: None) -> None:
    summary = _run(crm, tmp_path / "two.csv", workers=2)
    messages = [e.message for e in summary.errors]
    assert sum("row has 2 cells" in m for m in messages) == 25
    assert sum(m.startswith("duplicate id") for m in messages) == 1
    assert summary.leads == 600


def test_a_worker_failure_reaches_the_caller(crm: Path, tmp_path: Path, small_chunks: None) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("name,website\nAcme,acme.com\n", encoding="utf-8")  # no id column
    with pytest.raises(CsvFileError, match="no 'id' column"):
        service.match_files(
            accounts_path=accounts,
            leads_path=crm / "leads.csv",
            out_path=tmp_path / "out.csv",
            workers=2,
        )
    assert not (tmp_path / "out.csv").exists()  # nothing half-written


def test_many_leads_per_account_fan_out(tmp_path: Path) -> None:
    accounts, leads = tmp_path / "a.csv", tmp_path / "l.csv"
    accounts.write_bytes(b"x" * 1000)
    leads.write_bytes(b"x" * 3999)
    assert not service._fans_out(accounts, leads)  # as many leads as accounts: one index
    leads.write_bytes(b"x" * 4000)
    assert service._fans_out(accounts, leads)
    assert not service._fans_out(tmp_path / "missing.csv", leads)


def test_claimed_chunks_split_the_leads_between_readers(crm: Path) -> None:
    path = crm / "leads.csv"
    everyone = [lead.id for lead in read_leads(path, [])]
    taken: set[int] = set()

    def claim_every_third(number: int) -> bool:
        return number % 3 == 1

    def claim_what_is_free(number: int) -> bool:
        return number not in taken

    thirds = list(read_lead_chunks(path, [], size=7, claim=claim_every_third))
    assert {number % 3 for number, _ in thirds} == {1}
    assert all(len(leads) == 7 for _, leads in thirds[:-1])
    taken.update(number for number, _ in thirds)
    rest = list(read_lead_chunks(path, [], size=7, claim=claim_what_is_free))
    by_number = dict(thirds) | dict(rest)
    assert sorted(by_number) == list(range(len(by_number)))  # numbers without gaps
    assert len(by_number) == len(thirds) + len(rest)  # no chunk read twice
    assert [lead.id for n in sorted(by_number) for lead in by_number[n]] == everyone
