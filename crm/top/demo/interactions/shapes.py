"""The shape of the demo contact log: the team, the years, kinds, subjects, durations, workdays."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from crm.users import Role
from interactions.models import InteractionKind

TEAM = [
    ("anna.specjalistka", "Anna", "Sokołowska", Role.TEAM),
    ("piotr.animator", "Piotr", "Wasilewski", Role.TEAM),
    ("katarzyna.doradczyni", "Katarzyna", "Jabłońska", Role.TEAM),
    ("marek.animator", "Marek", "Ostrowski", Role.TEAM),
    ("ewa.kierownik", "Ewa", "Zawadzka", Role.MANAGER),
]
YEARS = 6
SIZES = {
    "small": {"organisations": 160, "per_year": 140},
    "large": {"organisations": 1200, "per_year": 1500},
}
K = InteractionKind
KIND_WEIGHTS = [
    (K.CONSULTATION, 34),
    (K.PHONE, 20),
    (K.EMAIL, 15),
    (K.MEETING, 15),
    (K.SITE_VISIT, 6),
    (K.STUDY_VISIT, 3),
    (K.TRAINING, 4),
    (K.OTHER, 3),
]
SUBJECTS = {
    K.CONSULTATION: [
        "Doradztwo: biznesplan spółdzielni socjalnej",
        "Doradztwo: wniosek o status przedsiębiorstwa społecznego",
        "Doradztwo: zmiana statutu i forma prawna",
        "Doradztwo: dotacja na utworzenie miejsc pracy",
        "Doradztwo: klauzule społeczne w ofercie",
    ],
    K.PHONE: [
        "Telefon: pytanie o nabór wniosków",
        "Telefon: termin spotkania sieci",
        "Telefon: zatrudnienie osób zagrożonych wykluczeniem",
    ],
    K.EMAIL: [
        "E-mail: przesłanie wzoru umowy partnerskiej",
        "E-mail: informacja o szkoleniu",
        "E-mail: sprawozdanie z zatrudnienia",
    ],
    K.MEETING: [
        "Spotkanie z wójtem w sprawie zlecania zadań PES",
        "Spotkanie w sprawie partnerstwa lokalnego",
        "Spotkanie: strategia rozwiązywania problemów społecznych",
    ],
    K.SITE_VISIT: ["Wizyta w siedzibie podmiotu", "Wizyta monitorująca miejsca pracy"],
    K.STUDY_VISIT: ["Przygotowanie wizyty studyjnej", "Wizyta studyjna: dobre praktyki"],
    K.TRAINING: ["Szkolenie: zamówienia publiczne z klauzulą", "Szkolenie: marketing PES"],
    K.OTHER: ["Konsultacja zespołu OWES", "Udział w sesji rady gminy"],
}
DURATIONS = {
    K.CONSULTATION: (45, 180),
    K.PHONE: (5, 30),
    K.EMAIL: (5, 20),
    K.MEETING: (60, 150),
    K.SITE_VISIT: (90, 240),
    K.STUDY_VISIT: (240, 480),
    K.TRAINING: (180, 420),
    K.OTHER: (30, 120),
}
BIALYSTOK = "2061011"


def moment(rng: random.Random, day: datetime.date) -> datetime.datetime:
    when = datetime.datetime.combine(day, datetime.time(rng.randint(8, 15), rng.choice([0, 30])))
    return timezone.make_aware(when)


def workday(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    span = max((last - first).days, 0)
    day = first + datetime.timedelta(days=rng.randint(0, span))
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return max(day, first)
