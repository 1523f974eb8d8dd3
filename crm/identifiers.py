"""Normalising and validating Polish identifiers, phones and e-mail addresses.

NIP and REGON are checked with python-stdnum, never by hand. Each function takes what people
type (dashes, spaces, a ``PL`` prefix, a number Excel made of it) and returns the compact form
stored in the database, or raises ``ValidationError`` with a message in the user's language.
"""

from __future__ import annotations

import re
from decimal import Decimal

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

_EXCEL_FLOAT = re.compile(r"^(\d+)\.0+$")


def _text(value: object) -> str:
    """Excel hands numbers over as int or float (9720078986.0): turn them back into digits."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    text = str(value).strip()
    match = _EXCEL_FLOAT.match(text)
    return match.group(1) if match else text


def normalise_nip(value: object) -> str:
    """Raises: ValidationError when the NIP has the wrong length, characters or checksum."""
    text = _text(value).upper()
    text = re.sub(r"^PL", "", text.replace(" ", "").replace("-", "").replace(".", ""))
    try:
        return str(stdnum_nip.validate(text))
    except InvalidChecksum as error:
        raise ValidationError(
            _("NIP checksum is wrong: %(value)s (błędna suma kontrolna NIP)") % {"value": value},
            code="nip_checksum",
        ) from error
    except (InvalidLength, InvalidFormat, StdnumError) as error:
        raise ValidationError(
            _("NIP must have 10 digits: %(value)s") % {"value": value}, code="nip_format"
        ) from error


def normalise_regon(value: object) -> str:
    """Raises: ValidationError when the REGON is not 9 or 14 digits with a valid checksum."""
    text = re.sub(r"[\s\-.]", "", _text(value))
    try:
        return str(stdnum_regon.validate(text))
    except InvalidChecksum as error:
        raise ValidationError(
            _("REGON checksum is wrong: %(value)s") % {"value": value}, code="regon_checksum"
        ) from error
    except (InvalidLength, InvalidFormat, StdnumError) as error:
        raise ValidationError(
            _("REGON must have 9 or 14 digits: %(value)s") % {"value": value},
            code="regon_format",
        ) from error


def normalise_krs(value: object) -> str:
    """KRS numbers have no checksum: digits only, zero-padded to 10.

    Raises: ValidationError when it is not 1–10 digits or is all zeros.
    """
    text = re.sub(r"[\s\-.]", "", _text(value))
    text = re.sub(r"^KRS", "", text.upper())
    if not text.isdigit() or len(text) > 10 or int(text) == 0:
        raise ValidationError(
            _("KRS must be up to 10 digits: %(value)s") % {"value": value}, code="krs_format"
        )
    return text.zfill(10)


def format_nip(nip: str) -> str:
    """123-456-78-90, the way Polish documents print it."""
    if len(nip) != 10:
        return nip
    return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"


def normalise_email(value: object) -> str:
    """Lower-cased so ``A@x.org`` and ``a@x.org`` are the same address.

    Raises: ValidationError for something that is not an e-mail address.
    """
    text = _text(value).strip().strip("<>").lower()
    text = re.sub(r"^mailto:", "", text)
    validate_email(text)
    return text


_EMAIL_SPLIT = re.compile(r"[;,\s]+")


def split_emails(value: object) -> list[str]:
    """Every address in a cell like ``"a@x.pl; B@y.pl"``, normalised, in order, without repeats.

    Raises: ValidationError naming the first part that is not an address.
    """
    found: list[str] = []
    for part in _EMAIL_SPLIT.split(_text(value)):
        if not part:
            continue
        email = normalise_email(part)
        if email not in found:
            found.append(email)
    return found


def normalise_phone(value: object) -> str:
    """E.164 (``+48856821122``), Polish numbers assumed when no country code is given.

    Raises: ValidationError when it is not a possible phone number.
    """
    text = _text(value)
    try:
        number = phonenumbers.parse(text, "PL")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Not a phone number: %(value)s") % {"value": value}, code="phone"
        ) from error
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(_("Not a phone number: %(value)s") % {"value": value}, code="phone")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


_PHONE_LABEL = re.compile(r"\b(tel|tel\.|telefon|kom|kom\.|fax|mob)\b\.?:?", re.IGNORECASE)


def split_phones(value: object) -> list[str]:
    """Every phone in a cell like ``"tel. (85) 655 20 30; 502 300 400"``, as E.164.

    Raises: ValidationError naming the first part that is not a phone number.
    """
    text = _PHONE_LABEL.sub(" ", _text(value))
    found: list[str] = []
    for part in re.split(r"[;,/]|\s{2,}|\bi\b|\boraz\b", text):
        part = part.strip()
        if not part:
            continue
        phone = normalise_phone(part)
        if phone not in found:
            found.append(phone)
    return found


def format_phone(phone: str) -> str:
    """+48 85 682 11 22 for landlines, +48 502 300 400 for mobiles."""
    try:
        number = phonenumbers.parse(phone, "PL")
    except phonenumbers.NumberParseException:
        return phone
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def normalise_postal_code(value: object) -> str:
    """Raises: ValidationError unless it is a Polish postal code (``17200`` → ``17-200``)."""
    digits = re.sub(r"\D", "", _text(value))
    if len(digits) != 5:
        raise ValidationError(
            _("Postal code must look like 17-200: %(value)s") % {"value": value},
            code="postal_code",
        )
    return f"{digits[:2]}-{digits[2:]}"
