"""Identifiers are checked with python-stdnum and stored in one compact spelling."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from crm.identifiers import (
    format_nip,
    normalise_email,
    normalise_krs,
    normalise_nip,
    normalise_phone,
    normalise_postal_code,
    normalise_regon,
    split_emails,
    split_phones,
)

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def _nip_check(body: list[int]) -> int:
    return sum(w * d for w, d in zip(NIP_WEIGHTS, body, strict=True)) % 11


# Bodies whose checksum would be 10 have no valid NIP: hypothesis draws only the others.
valid_nips = (
    st.lists(st.integers(0, 9), min_size=9, max_size=9)
    .filter(lambda body: _nip_check(body) != 10)
    .map(lambda body: "".join(map(str, body)) + str(_nip_check(body)))
)


def spellings(nip: str) -> list[object]:
    return [
        nip,
        f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
        f"{nip[:3]}-{nip[3:5]}-{nip[5:7]}-{nip[7:]}",
        f"PL{nip}",
        f"PL {nip[:3]} {nip[3:6]} {nip[6:8]} {nip[8:]}",
        f" pl{nip} ",
        *([int(nip), float(nip)] if nip[0] != "0" else []),
    ]


@given(valid_nips)
def test_every_valid_nip_is_accepted_in_every_spelling_and_stored_the_same(nip: str) -> None:
    assert {normalise_nip(spelling) for spelling in spellings(nip)} == {nip}


@pytest.mark.parametrize(
    "value", ["972-007-89-86", "PL 4708073824", "642-46-82-733", 4881412519, "4881412519.0"]
)
def test_known_good_nips_from_partner_files(value: object) -> None:
    assert len(normalise_nip(value)) == 10


def test_wrong_nip_checksum_says_so() -> None:
    with pytest.raises(ValidationError) as error:
        normalise_nip("4115094091")
    assert error.value.code == "nip_checksum"
    assert "4115094091" in error.value.messages[0]


@pytest.mark.parametrize("value", ["123", "12345678901", "ABCDEFGHIJ", ""])
def test_malformed_nips_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        normalise_nip(value)


def test_nip_is_printed_the_polish_way() -> None:
    assert format_nip("9720078986") == "972-007-89-86"


@pytest.mark.parametrize("value", ["345794300", "19517887342639", " 345-794-300 "])
def test_regon_of_9_and_14_digits_is_accepted(value: str) -> None:
    assert normalise_regon(value) == value.strip().replace("-", "")


@pytest.mark.parametrize("value", ["345794301", "1234", "19517887342630"])
def test_bad_regons_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        normalise_regon(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("612345", "0000612345"), ("0000298765", "0000298765"), (111222, "0000111222")],
)
def test_krs_is_zero_padded_to_ten_digits(value: object, expected: str) -> None:
    assert normalise_krs(value) == expected


@pytest.mark.parametrize("value", ["12345678901", "0", "KRS-abc"])
def test_bad_krs_is_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        normalise_krs(value)


def test_phones_in_one_cell_are_split_and_normalised() -> None:
    assert split_phones("(85) 655 20 30; 502 300 400") == ["+48856552030", "+48502300400"]
    assert split_phones("tel. 85 682 11 22") == ["+48856821122"]
    assert normalise_phone("+48 85 682 11 22") == "+48856821122"


def test_emails_are_split_and_lower_cased() -> None:
    assert split_emails("Kontakt@Szansa.org.pl; prezes@szansa.org.pl, kontakt@szansa.org.pl") == [
        "kontakt@szansa.org.pl",
        "prezes@szansa.org.pl",
    ]
    assert normalise_email("A@X.org") == "a@x.org"
    with pytest.raises(ValidationError):
        normalise_email("not an address")


def test_postal_codes() -> None:
    assert normalise_postal_code("17200") == "17-200"
    with pytest.raises(ValidationError):
        normalise_postal_code("1720")
