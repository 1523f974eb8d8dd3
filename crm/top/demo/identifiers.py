"""Deterministic, valid and never-repeated NIP, REGON, KRS and KGW numbers for demo data."""

from __future__ import annotations

import random

from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon


class IdentifierPool:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.krs_next = 100_000
        self.kgw_next = 1

    def _fresh(self, make: object) -> str:
        while True:
            value = make()  # type: ignore[operator]
            if value not in self.used:
                self.used.add(value)
                return value

    def nip(self) -> str:
        def make() -> str:
            body = str(self.rng.randint(100, 999)) + "".join(
                str(self.rng.randint(0, 9)) for _ in range(6)
            )
            return body + str(_nip_check(body))

        return self._fresh(lambda: _retry_valid(make, stdnum_nip.is_valid))

    def regon(self) -> str:
        def make() -> str:
            body = "".join(str(self.rng.randint(0, 9)) for _ in range(8))
            return body + str(_regon_check(body))

        return self._fresh(lambda: _retry_valid(make, stdnum_regon.is_valid))

    def krs(self) -> str:
        self.krs_next += self.rng.randint(1, 40)
        return str(self.krs_next).zfill(10)

    def kgw(self) -> str:
        self.kgw_next += 1
        return f"KGW/20/{self.kgw_next:05d}"


def _nip_check(body: str) -> int:
    return sum(w * int(d) for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), body, strict=True)) % 11


def _regon_check(body: str) -> int:
    return sum(w * int(d) for w, d in zip((8, 9, 2, 3, 4, 5, 6, 7), body, strict=True)) % 11 % 10


def _retry_valid(make, is_valid) -> str:  # type: ignore[no-untyped-def]
    while True:
        value = make()
        if is_valid(value):
            return value
