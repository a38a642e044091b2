"""Figures for the zip structure check: a signed pack like one of CASES cases (five JSON
members and two documents each, TOTAL_MB in all), checked header by header, and the whole
verification (structure, signature, every member inflated and hashed) for comparison.

Run: python tests/bench/bench_zip_structure.py [CASES] [TOTAL_MB]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from approvals.exchange.pack import PACK_FORM, Member, verify_pack, write_pack
from approvals.exchange.zipcheck import MemberReader, zip_structure_problem
from approvals.store.keys import load_or_create_identity


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    total_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        identity = load_or_create_identity(tmp_path / "keys")
        doc_size = total_mb * 1024 * 1024 // (2 * cases)
        members = []
        for n in range(cases):
            folder = f"cases/AP-2026-{n + 1:04d}"
            for part in ("case", "tracks", "events", "comments", "documents"):
                members.append(Member(f"{folder}/{part}.json",
                                      data=json.dumps({"n": n, "part": part} | {
                                          f"k{i}": "v" * 40 for i in range(50)}).encode()))
            # One incompressible document (stored) and one text document (deflated).
            scan = tmp_path / f"scan-{n}.pdf"
            scan.write_bytes(os.urandom(doc_size))
            memo = tmp_path / f"memo-{n}.txt"
            memo.write_bytes((b"Board memo line %d\n" % n) * (doc_size // 19))
            members += [Member(f"{folder}/documents/1-scan.pdf", file=scan),
                        Member(f"{folder}/documents/2-memo.txt", file=memo)]
        pack = tmp_path / "pack.zip"
        write_pack(pack, identity=identity, kind="review", members=members,
                   header={"cases": []})
        size = pack.stat().st_size
        content = sum(len(m.data) if m.data is not None else m.file.stat().st_size
                      for m in members if m.data is not None or m.file is not None)
        print(f"pack: {cases} cases, {len(members) + 2} members, {content / 2**20:.0f} MB "
              f"of content, {size / 2**20:.1f} MB on disk")
        runs = 20
        start = time.perf_counter()
        for _ in range(runs):
            with zipfile.ZipFile(pack) as zf:
                assert zip_structure_problem(zf, form=PACK_FORM) is None
        per_run = (time.perf_counter() - start) / runs * 1000
        print(f"{'structure check (headers only)':<44} {per_run:8.1f} ms")
        start = time.perf_counter()
        verified = verify_pack(pack, trusted={identity.fingerprint: identity.public_bytes},
                               into=tmp_path / "out")
        print(f"{'whole verification and extraction':<44} {time.perf_counter() - start:8.2f} s")
        verified.discard()
        # The old way of reading a member, for comparison with the raw-file reader.
        start = time.perf_counter()
        with zipfile.ZipFile(pack) as zf:
            for info in zf.infolist():
                with zf.open(info) as fh:
                    while fh.read(1 << 20):
                        pass
        elapsed = time.perf_counter() - start
        print(f"{'zipfile reading every member (no hashing)':<44} {elapsed:8.2f} s")
        start = time.perf_counter()
        with zipfile.ZipFile(pack) as zf:
            for info in zf.infolist():
                with MemberReader(zf, info) as fh:
                    while fh.read(1 << 20):
                        pass
        elapsed = time.perf_counter() - start
        print(f"{'MemberReader reading every member (no hashing)':<44} {elapsed:8.2f} s")


if __name__ == "__main__":
    main()
