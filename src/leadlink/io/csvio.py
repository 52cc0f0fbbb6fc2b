"""Read and write the canonical CSV files of every batch entry point.

Bad rows (ragged, empty or duplicate id, undecodable bytes) are reported as `RowError`s naming
file, row and column while the good rows go through; only a file that cannot be used at all
(missing, empty, no id column) raises `CsvFileError`. Reading is a plain `csv.reader` with the
header mapped once, so a million leads read in seconds.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TextIO

from leadlink.io.headers import ID_COLUMN, MERGE_COLUMNS, REQUIRED, map_header, variants
from leadlink.records import ACCOUNT_FIELDS, LEAD_FIELDS, Account, Lead

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_CHUNK = 1 << 20
_ESCAPED = re.compile("[\udc80-\udcff]")
_NON_ASCII_TEXT = re.compile("[^\x00-\x7f\udc80-\udcff]")
CP1252_WARNING = "not UTF-8; read as Windows-1252"


class CsvFileError(Exception):
    """The whole file is unusable; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One rejected row (or a file-level warning when row is 0); never holds personal values."""

    file: str
    row: int
    column: str
    message: str


def _utf8_clean(path: Path) -> bool:
    """True if the file decodes as strict UTF-8 (checked in chunks, no full copy in memory)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _has_utf8_text(path: Path) -> bool:
    """True if the file holds at least one valid non-ASCII UTF-8 character."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if _NON_ASCII_TEXT.search(decoder.decode(chunk)):
                return True
    return False


def _choose_encoding(path: Path) -> tuple[str, str, bool]:
    """(encoding, error handler, cp1252 fallback?) for reading `path`."""
    with path.open("rb") as handle:
        if handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16", "replace", False  # Excel's "Unicode text"
    if _utf8_clean(path):
        return "utf-8-sig", "strict", False
    if _has_utf8_text(path):
        return "utf-8-sig", "surrogateescape", False  # mostly UTF-8: reject the bad rows
    return "cp1252", "replace", True


def _delimiter(first_line: str) -> str:
    """',' unless the header has none but has ';' (Excel in many locales) or a tab."""
    if "," in first_line:
        return ","
    return max((";", "\t"), key=first_line.count) if any(c in first_line for c in ";\t") else ","


def _missing_column(name: str, kind: str, column: str) -> CsvFileError:
    looked = ", ".join(variants(kind, column)[:6])
    return CsvFileError(f"{name}: no {column!r} column (looked for {looked} ...)")


def iter_records(
    path: str | Path,
    kind: str,
    errors: list[RowError],
    *,
    take: Callable[[int], bool] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, {canonical column: stripped value}) for each good row of a CSV file.

    Bad rows are appended to `errors` and skipped; a file that is not UTF-8 at all is read as
    Windows-1252 with one warning (row 0). Raises CsvFileError if the file cannot be used.
    `take(line)` picks which good rows to yield (every row is still checked, so the errors and
    duplicate ids are the same): several processes can each read their share of one file.
    """
    cells = _cells(path, kind, errors, take)
    names = next(cells)[1]
    strip = str.strip
    if len(set(names)) != len(names):
        for line, row in cells:
            yield line, _merge(names, row)
    else:
        for line, row in cells:
            yield line, dict(zip(names, map(strip, row), strict=True))


def _cells(
    path: str | Path,
    kind: str,
    errors: list[RowError],
    take: Callable[[int], bool] | None,
) -> Iterator[tuple[int, list[str]]]:
    """(0, the canonical column names) first, then (line number, cells) for each good row."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise CsvFileError(f"{name}: file not found")
    encoding, handler, fallback = _choose_encoding(path)
    with path.open("r", encoding=encoding, errors=handler, newline="") as handle:
        delimiter = _delimiter(handle.readline())
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise CsvFileError(f"{name}: empty file, no header row") from None
        except csv.Error as exc:
            raise CsvFileError(f"{name}: unreadable header row ({exc})") from None
        names = map_header(kind, header)
        for column in REQUIRED[kind]:
            if column not in names:
                raise _missing_column(name, kind, column)
        if fallback:
            errors.append(RowError(name, 0, "", CP1252_WARNING))
        if delimiter != ",":
            message = f"separated by {delimiter!r}, not commas; read as such"
            errors.append(RowError(name, 0, "", message))
        yield 0, names
        yield from _rows(reader, names, name, ID_COLUMN[kind], handler, errors, take)


def _rows(
    reader: Iterator[list[str]],
    names: list[str],
    file: str,
    id_column: str | None,
    handler: str,
    errors: list[RowError],
    take: Callable[[int], bool] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """The row loop of `_cells`: the hot path, kept free of per-row regex on clean files."""
    width = len(names)
    id_index = names.index(id_column) if id_column else -1
    check_bytes = handler == "surrogateescape"
    line_num = reader.line_num  # type: ignore[attr-defined]
    seen: set[str] = set()
    strip = str.strip
    while True:
        start = line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors.append(RowError(file, start, "", f"malformed CSV ({exc})"))
            if reader.line_num == line_num:  # type: ignore[attr-defined]
                return  # the reader cannot move past it
            line_num = reader.line_num  # type: ignore[attr-defined]
            continue
        line_num = reader.line_num  # type: ignore[attr-defined]
        if len(row) != width:
            if not row or not any(map(strip, row)):
                continue  # blank line
            errors.append(
                RowError(file, start, "", f"row has {len(row)} cells, the header has {width}")
            )
            continue
        if check_bytes and _ESCAPED.search("\x1f".join(row)):
            bad = next(n for n, cell in zip(names, row, strict=True) if _ESCAPED.search(cell))
            errors.append(RowError(file, start, bad, "undecodable bytes (not UTF-8)"))
            continue
        if id_column is None:
            if any(map(strip, row)):
                yield start, row
            continue
        rid = row[id_index].strip()
        if not rid:
            if any(map(strip, row)):
                errors.append(RowError(file, start, id_column, f"empty {id_column}"))
            continue
        if rid in seen:
            errors.append(RowError(file, start, id_column, f"duplicate {id_column} {rid!r}"))
            continue
        seen.add(rid)
        if take is not None and not take(start):
            continue
        yield start, row


def _merge(names: list[str], row: list[str]) -> dict[str, str]:
    """Row dict when a MERGE_COLUMNS name repeats: its non-empty values are joined with ';'."""
    out: dict[str, str] = {}
    for column, cell in zip(names, row, strict=True):
        value = cell.strip()
        if column in out and column in MERGE_COLUMNS:
            out[column] = ";".join(v for v in (out[column], value) if v)
        else:
            out[column] = value
    return out


_ACCOUNT_KNOWN = frozenset(ACCOUNT_FIELDS)
_LEAD_KNOWN = frozenset(LEAD_FIELDS)


def split_domains(text: str) -> list[str]:
    """`"a.com; b.com"` -> `["a.com", "b.com"]`: kept as given, stripped, empties dropped."""
    return [part for part in (p.strip() for p in text.split(";")) if part]


def to_account(row: dict[str, str]) -> Account:
    """An Account from a canonical row; unknown columns go to `extra`."""
    get = row.get
    return Account(
        id=get("id", ""),
        name=get("name", ""),
        website=get("website", ""),
        domains=split_domains(get("domains", "")),
        phone=get("phone", ""),
        street=get("street", ""),
        city=get("city", ""),
        state=get("state", ""),
        postal_code=get("postal_code", ""),
        country=get("country", ""),
        parent_id=get("parent_id", ""),
        owner=get("owner", ""),
        sdr_owner=get("sdr_owner", ""),
        type=get("type", ""),
        extra={k: v for k, v in row.items() if k not in _ACCOUNT_KNOWN},
    )


def to_lead(row: dict[str, str]) -> Lead:
    """A Lead from a canonical row; unknown columns go to `extra`."""
    get = row.get
    return Lead(
        id=get("id", ""),
        first_name=get("first_name", ""),
        last_name=get("last_name", ""),
        title=get("title", ""),
        email=get("email", ""),
        company=get("company", ""),
        website=get("website", ""),
        phone=get("phone", ""),
        street=get("street", ""),
        city=get("city", ""),
        state=get("state", ""),
        postal_code=get("postal_code", ""),
        country=get("country", ""),
        extra={k: v for k, v in row.items() if k not in _LEAD_KNOWN},
    )


def read_accounts(path: str | Path, errors: list[RowError]) -> list[Account]:
    """All good accounts of an accounts file (bad rows go to `errors`)."""
    return [to_account(row) for _, row in iter_records(path, "accounts", errors)]


def read_leads(path: str | Path, errors: list[RowError]) -> Iterator[Lead]:
    """The good leads of a leads file, streamed (bad rows go to `errors` as they are met)."""
    cells = _cells(path, "leads", errors, None)
    make = lead_maker(next(cells)[1])
    for _, row in cells:
        yield make(row)


def lead_maker(names: list[str]) -> Callable[[list[str]], Lead]:
    """A Lead straight from a row's cells under these canonical columns, with no dict per row.

    Each field is its column's stripped cell ("" when the file has no such column), and the
    other columns go to `extra`, as `to_lead` of the row's dict would give.
    """
    if len(set(names)) != len(names):  # a repeated column: its cells are merged first
        return lambda row: to_lead(_merge(names, row))
    width = len(names)  # the index of the empty cell appended to each row
    at = {name: k for k, name in enumerate(names)}
    pick = itemgetter(*(at.get(f, width) for f in LEAD_FIELDS))
    extras = [(name, k) for k, name in enumerate(names) if name not in _LEAD_KNOWN]
    strip = str.strip
    new_lead: Callable[..., Lead] = Lead  # called by position

    def make(row: list[str]) -> Lead:
        row.append("")
        extra = {name: row[k].strip() for name, k in extras} if extras else {}
        # LEAD_FIELDS is Lead's field order (a test pins it), then `extra`.
        return new_lead(*map(strip, pick(row)), extra)

    return make


def read_lead_chunks(
    path: str | Path,
    errors: list[RowError],
    *,
    size: int,
    claim: Callable[[int], bool] | None = None,
) -> Iterator[tuple[int, list[Lead]]]:
    """The good leads in chunks of `size` (numbered 0, 1, ... in file order), only those chunks
    `claim(number)` accepts when their first lead is met: several processes reading one file
    each take the chunks they claim, and the numbers put their results back in order.
    """
    seen, number, mine = 0, -1, False

    def take(_line: int) -> bool:  # called once per good row, in file order
        nonlocal seen, number, mine
        if seen % size == 0:
            number += 1
            mine = claim is None or claim(number)
        seen += 1
        return mine

    chunk = list[Lead]()
    cells = _cells(path, "leads", errors, take)
    make = lead_maker(next(cells)[1])
    for _, row in cells:
        chunk.append(make(row))
        if seen % size == 0:  # the chunk's last lead: hand the chunk on before reading further
            yield number, chunk
            chunk = []
    if chunk:
        yield number, chunk


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a UTF-8 CSV atomically (temp file in the same folder, then rename); returns row count.

    None is written as an empty cell, so a half-written file never replaces a good one.
    """
    count = 0

    def write(handle: TextIO) -> None:
        nonlocal count
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
            count += 1

    _write_atomically(Path(path), header, write)
    return count


def write_csv_blocks(path: str | Path, header: Sequence[str], blocks: Iterable[bytes]) -> None:
    """Write a header, then blocks of rows already formatted as UTF-8 CSV, atomically."""

    def write(handle: TextIO) -> None:
        handle.flush()
        for block in blocks:
            handle.buffer.write(block)

    _write_atomically(Path(path), header, write)


def _write_atomically(target: Path, header: Sequence[str], body: Callable[[TextIO], None]) -> None:
    """The header, then `body`, into a temp file in the target's folder renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow(header)
            body(handle)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_rejects(path: str | Path, errors: Sequence[RowError]) -> None:
    """Write the rejected rows as a `file,row,column,message` CSV."""
    write_csv(
        path,
        ("file", "row", "column", "message"),
        ((e.file, e.row, e.column, e.message) for e in errors),
    )
