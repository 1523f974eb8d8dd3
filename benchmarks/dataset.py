"""The ten-year data set of ``make bench``, built once and kept between runs.

``seed_demo --size large`` gives the organisations, people, networks, memberships and
partnerships (about 100,000 / 75,000 / 20,000); on top of it this module writes, in SQL, what ten
years of daily work would leave: about 1,000,000 contacts (interactions) with their organisation,
people, staff and topic links, 200,000 follow-ups, 600 events with their participations. Python
would need half an hour for that; ``INSERT ... SELECT generate_series`` needs a few minutes.

Every random choice is a hash of the row number and the seed (``hashint8extended``), not
``random()``: the result does not depend on the plan or on parallel workers, so the same seed and
anchor date give the same rows. The anchor is the day the set was built; the ten years end on it.
Generated rows have no field history (nothing measured reads the history of contacts).

The marker table ``bench_dataset`` holds the version of this generator, the seed, the anchor and
the ids the cases need (the busiest organisation, ...). A run rebuilds the database only when the
marker is missing or names another version or seed.
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass
from typing import Any

# Bump when the generator below changes: the next run then rebuilds the database.
VERSION = 2
INTERACTIONS = 1_000_000
FOLLOW_UPS = 200_000
EVENTS = 600
DAYS = 3652  # ten years, ending on the anchor
POOL = 40_000  # organisations the team is ever in contact with (of ~100,000)
BENCH_USERNAME = "bench.kierownik"
EXTRA_STAFF = 10  # team members who came and went over ten years, besides the demo team

KINDS = [  # (kind, weight in %, subjects, minutes from, minutes span)
    ("consultation", 34, ["Doradztwo: biznesplan", "Doradztwo: status PS", "Doradztwo: dotacja"],
     45, 135),
    ("phone", 20, ["Telefon: nabór wniosków", "Telefon: termin spotkania sieci"], 5, 25),
    ("email", 15, ["E-mail: wzór umowy partnerskiej", "E-mail: informacja o szkoleniu"], 5, 15),
    ("meeting", 15, ["Spotkanie z wójtem: zlecanie zadań PES", "Spotkanie: partnerstwo lokalne"],
     60, 90),
    ("site_visit", 6, ["Wizyta w siedzibie podmiotu", "Wizyta monitorująca miejsca pracy"],
     90, 150),
    ("study_visit", 3, ["Wizyta studyjna: dobre praktyki"], 240, 240),
    ("training", 4, ["Szkolenie: zamówienia publiczne z klauzulą", "Szkolenie: marketing PES"],
     180, 240),
    ("other", 3, ["Konsultacja zespołu OWES", "Udział w sesji rady gminy"], 30, 90),
]  # fmt: skip
NOTES = [
    "Omówiono możliwości wsparcia z OWES i terminy naboru.",
    "Podmiot planuje zatrudnienie dwóch osób zagrożonych wykluczeniem.",
    "Przekazano wzór umowy i listę wymaganych załączników.",
    "Ustalono kolejne spotkanie po zebraniu zarządu.",
    "Gmina rozważa zlecenie usług opiekuńczych w trybie art. 15a.",
    "Bez dalszych działań.",
]
FOLLOW_UP_TITLES = [
    "Wysłać wzór umowy partnerskiej",
    "Zadzwonić w sprawie naboru",
    "Przygotować notatkę ze spotkania",
    "Sprawdzić sprawozdanie z zatrudnienia",
    "Umówić wizytę monitorującą",
    "Przekazać informację o szkoleniu",
]
EVENT_KINDS = ["training", "network_meeting", "conference", "study_visit", "fair", "other"]


@dataclass(frozen=True)
class DataSet:
    seed: int
    anchor: datetime.date
    details: dict[str, Any]


def _r(column: str, seed: int, salt: int) -> str:
    """SQL for a uniform number in [0, 1) from the row number ``column``: a hash, not random()."""
    return (
        f"((hashint8extended(({column})::bigint, {seed * 1000 + salt}) & 4503599627370495)"
        "::float8 / 4503599627370496.0)"
    )


def _text_array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[]"


def _pick(values: list[str], u: str) -> str:
    return f"({_text_array(values)})[1 + floor({u} * {len(values)})::int]"


def current(cursor: Any) -> DataSet | None:
    """The data set the marker describes, or None when there is none of this version."""
    cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute("SELECT version, seed, anchor, details FROM bench_dataset")
    row = cursor.fetchone()
    if row is None or row[0] != VERSION:
        return None
    details = row[3] if isinstance(row[3], dict) else json.loads(row[3])
    return DataSet(seed=row[1], anchor=row[2], details=details)


def build(*, seed: int, say: Any) -> DataSet:
    """Fill an empty, migrated database: the large demo, then ten years of work in SQL."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    anchor = datetime.date.today()
    say(f"Building the ten-year data set (seed {seed}, ending {anchor:%d.%m.%Y}):")
    step = time.perf_counter()
    call_command("seed_demo", size="large", seed=seed, verbosity=0)
    say(f"  seed_demo --size large: {time.perf_counter() - step:.0f} s")
    _staff_users()
    with connection.cursor() as cursor:
        for label, sql in _statements(seed=seed, anchor=anchor):
            step = time.perf_counter()
            cursor.execute(sql)
            say(f"  {label}: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        say(f"  VACUUM ANALYZE: {time.perf_counter() - step:.1f} s")
        details = _details(cursor)
        cursor.execute(
            "CREATE TABLE bench_dataset (version integer NOT NULL, seed integer NOT NULL, "
            "anchor date NOT NULL, built_at timestamptz NOT NULL, build_seconds float8 NOT NULL, "
            "details jsonb NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_dataset VALUES (%s, %s, %s, now(), %s, %s)",
            [VERSION, seed, anchor, time.perf_counter() - started, json.dumps(details)],
        )
    say(f"  built in {(time.perf_counter() - started) / 60:.1f} min: {details['counts']}")
    return DataSet(seed=seed, anchor=anchor, details=details)


def _staff_users() -> None:
    """The bench manager (the user every case signs in as) and the team of ten years."""
    from crm.users import Role, User

    User.objects.get_or_create(
        username=BENCH_USERNAME,
        defaults={"role": Role.MANAGER, "first_name": "Bench", "last_name": "Kierownik"},
    )
    for n in range(1, EXTRA_STAFF + 1):
        User.objects.get_or_create(
            username=f"bench.zespol{n:02d}",
            defaults={"role": Role.TEAM, "first_name": "Zespół", "last_name": f"{n:02d}"},
        )


def _statements(*, seed: int, anchor: datetime.date) -> list[tuple[str, str]]:
    start = anchor - datetime.timedelta(days=DAYS)

    def r(salt: int, column: str = "g") -> str:
        return _r(column, seed, salt)

    def cases(column: str) -> tuple[str, str, str]:
        """The kind, the subject for the kind and the minutes for the kind of row ``column``."""
        kind, subject, minutes, bound = "CASE", "CASE kind", "CASE kind", 0
        for name, weight, subjects, low, span in KINDS:
            bound += weight
            kind += f" WHEN {r(3, column)} * 100 < {bound} THEN '{name}'"
            subject += f" WHEN '{name}' THEN {_pick(subjects, r(4, column))}"
            minutes += f" WHEN '{name}' THEN {low} + floor({r(5, column)} * {span})::int"
        return kind + " END", subject + " END", minutes + " END"

    kind_case = cases("g")[0]
    subject_case, minutes_case = cases("s.g")[1:]
    local = "'Europe/Warsaw'"
    return [
        (
            "session settings",
            "SET synchronous_commit = off; SET work_mem = '64MB'; "
            "SET maintenance_work_mem = '256MB'",
        ),
        (
            "pools (staff, contacted organisations, people per organisation)",
            f"""
            CREATE TEMP TABLE bench_staff AS
              SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id FROM crm_user
              WHERE role IN ('team', 'manager') AND is_active;
            CREATE TEMP TABLE bench_pool AS
              SELECT (row_number() OVER (ORDER BY CASE
                  WHEN kind = 'owes' THEN 0
                  WHEN kind IN ('jst_gmina', 'jst_city', 'jst_powiat', 'social_assistance',
                                'labour_office') THEN 1
                  ELSE 2 END, hashint8extended(id, {seed})) - 1)::int AS rank,
                id AS organisation_id
              FROM contacts_organisation WHERE closed_on IS NULL;
            DELETE FROM bench_pool WHERE rank >= {POOL};
            ALTER TABLE bench_pool ADD PRIMARY KEY (rank);
            CREATE TEMP TABLE bench_people AS
              SELECT organisation_id, array_agg(person_id ORDER BY person_id) AS people
              FROM contacts_affiliation GROUP BY organisation_id;
            ALTER TABLE bench_people ADD PRIMARY KEY (organisation_id);
            CREATE TEMP TABLE bench_topics AS
              SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id FROM interactions_topic;
            CREATE TEMP TABLE bench_gminas AS
              SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id FROM crm_gmina;
            ANALYZE bench_staff, bench_pool, bench_people, bench_topics, bench_gminas
            """,
        ),
        (
            f"{INTERACTIONS:,} interactions (plan)",
            # The busiest organisations are the head of a power law over the pool; a fifth
            # of the contacts involve a second organisation, a tenth a second team member.
            f"""
            CREATE TEMP TABLE bench_plan AS
              SELECT g, id, kind, rank1,
                ((DATE '{start.isoformat()}' + CASE
                    -- Most contacts of an organisation fall in its own couple of years (when it
                    -- was set up, when it ran a project); the rest spread over the decade,
                    -- denser lately. Newest-first pages must not depend on the walk being short.
                    WHEN {r(18)} < 0.6 THEN least({DAYS}, greatest(0,
                      floor({DAYS} * {r(20, "rank1")} + ({r(19)} - 0.5) * 730)::int))
                    ELSE floor({DAYS} * sqrt({r(1)}))::int END)
                  + time '08:00' + {r(2)} * interval '9 hours') AT TIME ZONE {local}
                  AS occurred_at,
                (SELECT organisation_id FROM bench_pool WHERE rank = rank1) AS org1,
                CASE WHEN {r(7)} < 0.2 THEN (SELECT organisation_id FROM bench_pool
                  WHERE rank = floor({POOL} * {r(8)})::int) END AS org2,
                (SELECT id FROM bench_staff
                  WHERE n = floor({r(9)} * (SELECT count(*) FROM bench_staff))::int) AS staff1,
                CASE WHEN {r(10)} < 0.1 THEN (SELECT id FROM bench_staff
                  WHERE n = floor({r(11)} * (SELECT count(*) FROM bench_staff))::int) END
                  AS staff2,
                CASE WHEN {r(16)} < 0.3 THEN (SELECT id FROM bench_topics
                  WHERE n = floor({r(17)} * (SELECT count(*) FROM bench_topics))::int) END
                  AS topic,
                {r(12)} AS u_person, {r(13)} AS u_person2
              FROM (
                SELECT g, (SELECT coalesce(max(id), 0) FROM interactions_interaction) + g AS id,
                  {kind_case} AS kind, floor({POOL} * power({r(6)}, 2.5))::int AS rank1
                FROM generate_series(1, {INTERACTIONS}) AS g
              ) AS planned;
            ANALYZE bench_plan
            """,
        ),
        (
            "interactions",
            f"""
            INSERT INTO interactions_interaction (id, created_at, updated_at, kind, occurred_at,
              duration_minutes, subject, notes, outcome, created_by_id, has_time)
            SELECT s.id, s.occurred_at + interval '2 hours', s.occurred_at + interval '2 hours',
              s.kind, s.occurred_at,
              {minutes_case}, {subject_case},
              {_pick(NOTES, r(14, "s.g"))} || ' ' || {_pick(NOTES, r(15, "s.g"))}, '', s.staff1,
              true
            FROM bench_plan s ORDER BY s.id;
            SELECT setval(pg_get_serial_sequence('interactions_interaction', 'id'),
              (SELECT max(id) FROM interactions_interaction))
            """,
        ),
        (
            "interaction ↔ organisation links",
            """
            INSERT INTO interactions_interaction_organisations (interaction_id, organisation_id)
            SELECT id, org1 FROM bench_plan
            UNION ALL SELECT id, org2 FROM bench_plan WHERE org2 IS NOT NULL AND org2 <> org1
            ORDER BY 1, 2
            """,
        ),
        (
            "interaction ↔ staff links",
            """
            INSERT INTO interactions_interaction_staff (interaction_id, user_id)
            SELECT id, staff1 FROM bench_plan
            UNION ALL SELECT id, staff2 FROM bench_plan
              WHERE staff2 IS NOT NULL AND staff2 <> staff1
            ORDER BY 1, 2
            """,
        ),
        (
            "interaction ↔ people links (people of the organisations involved)",
            """
            INSERT INTO interactions_interaction_people (interaction_id, person_id)
            SELECT DISTINCT id, person FROM (
              SELECT s.id, p.people[1 + floor(s.u_person * cardinality(p.people))::int] AS person
              FROM bench_plan s JOIN bench_people p ON p.organisation_id = s.org1
              WHERE s.u_person < 0.85
              UNION ALL
              SELECT s.id, p.people[1 + floor(s.u_person2 * cardinality(p.people))::int]
              FROM bench_plan s JOIN bench_people p ON p.organisation_id = s.org2
            ) AS chosen ORDER BY 1, 2
            """,
        ),
        (
            "interaction ↔ topic links",
            """
            INSERT INTO interactions_interaction_topics (interaction_id, topic_id)
            SELECT id, topic FROM bench_plan WHERE topic IS NOT NULL ORDER BY 1;
            DROP TABLE bench_plan
            """,
        ),
        (
            f"{FOLLOW_UPS:,} follow-ups",
            # Ten years of them, most done or cancelled; the recent ones open, some overdue.
            f"""
            INSERT INTO interactions_followup (created_at, updated_at, title, notes, due_on,
              status, done_at, assignee_id, created_by_id, organisation_id, interaction_id)
            SELECT (f.due_on - 14 + time '10:00') AT TIME ZONE {local},
              coalesce(f.done_at, (f.due_on - 14 + time '10:00') AT TIME ZONE {local}),
              f.title, '', f.due_on, f.status, f.done_at, f.assignee, f.assignee,
              f.organisation, f.interaction
            FROM (
              SELECT c.*, d.status, CASE WHEN d.status = 'done' THEN
                  (least(c.due_on, DATE '{anchor.isoformat()}') - floor({r(3, "c.g")} * 5)::int
                   + time '12:00') AT TIME ZONE {local} END AS done_at
              FROM (
                SELECT g, DATE '{start.isoformat()}' + floor(({DAYS} + 90) * sqrt({r(1)}))::int
                    AS due_on,
                  {_pick(FOLLOW_UP_TITLES, r(2))} AS title,
                  (SELECT id FROM bench_staff
                    WHERE n = floor({r(4)} * (SELECT count(*) FROM bench_staff))::int)
                    AS assignee,
                  CASE WHEN {r(5)} < 0.9 THEN (SELECT organisation_id FROM bench_pool
                    WHERE rank = floor({POOL} * power({r(6)}, 2.5))::int) END AS organisation,
                  CASE WHEN {r(7)} < 0.4 THEN (SELECT min(id) FROM interactions_interaction)
                    + floor({r(8)} * {INTERACTIONS})::int END AS interaction,
                  {r(9)} AS u_status
                FROM generate_series(1, {FOLLOW_UPS}) AS g
              ) AS c
              CROSS JOIN LATERAL (SELECT CASE
                WHEN c.due_on < DATE '{anchor.isoformat()}' - 14 THEN
                  CASE WHEN c.u_status < 0.85 THEN 'done' WHEN c.u_status < 0.95 THEN 'cancelled'
                  ELSE 'open' END
                WHEN c.due_on < DATE '{anchor.isoformat()}' THEN
                  CASE WHEN c.u_status < 0.5 THEN 'done' ELSE 'open' END
                ELSE CASE WHEN c.u_status < 0.1 THEN 'done' ELSE 'open' END
              END AS status) AS d
            ) AS f
            ORDER BY f.g
            """,
        ),
        (
            f"{EVENTS} events",
            f"""
            CREATE TEMP TABLE bench_events AS
              SELECT g, (SELECT coalesce(max(id), 0) FROM interactions_event) + g AS id,
                DATE '{start.isoformat()}' + floor({r(1)} * {DAYS})::int AS starts_on,
                {_pick(EVENT_KINDS, r(2))} AS kind,
                20 + floor({r(3)} * 180)::int AS seats,
                (SELECT id FROM bench_gminas
                  WHERE n = floor({r(4)} * (SELECT count(*) FROM bench_gminas))::int) AS gmina,
                (SELECT organisation_id FROM bench_pool WHERE rank = floor({r(5)} * 200)::int)
                  AS organiser,
                {r(6)} < 0.2 AS two_days
              FROM generate_series(1, {EVENTS}) AS g;
            INSERT INTO interactions_event (id, created_at, updated_at, kind, title, starts_on,
              ends_on, address, description, created_by_id, gmina_id, organiser_id)
            SELECT e.id, (e.starts_on - 30 + time '09:00') AT TIME ZONE {local},
              (e.starts_on - 30 + time '09:00') AT TIME ZONE {local}, e.kind,
              'Wydarzenie ' || e.g || ': ' || {
                _pick(["sieć", "szkolenie", "targi", "forum"], r(7, "e.g"))
            },
              e.starts_on, CASE WHEN e.two_days THEN e.starts_on + 1 END, '', '',
              (SELECT min(id) FROM bench_staff), e.gmina, e.organiser
            FROM bench_events e ORDER BY e.g;
            SELECT setval(pg_get_serial_sequence('interactions_event', 'id'),
              (SELECT max(id) FROM interactions_event))
            """,
        ),
        (
            "participations",
            f"""
            INSERT INTO interactions_participation (created_at, updated_at, status, notes,
              event_id, organisation_id, person_id)
            SELECT p.created_at, p.created_at, p.status, '', p.event, p.organisation, p.person
            FROM (
              SELECT e.id AS event,
                (e.starts_on - 30 + time '09:00') AT TIME ZONE {local} AS created_at,
                o.organisation_id AS organisation,
                CASE WHEN {r(2, "e.g * 1000 + j")} < 0.6 THEN
                  pp.people[1 + floor({r(3, "e.g * 1000 + j")} * cardinality(pp.people))::int]
                END AS person,
                CASE WHEN e.starts_on > DATE '{anchor.isoformat()}' THEN 'registered'
                  WHEN {r(4, "e.g * 1000 + j")} < 0.75 THEN 'attended'
                  WHEN {r(4, "e.g * 1000 + j")} < 0.85 THEN 'no_show' ELSE 'registered' END
                  AS status
              FROM bench_events e
              CROSS JOIN LATERAL generate_series(1, e.seats) AS j
              JOIN bench_pool o
                ON o.rank = floor({POOL} * power({r(1, "e.g * 1000 + j")}, 2))::int
              LEFT JOIN bench_people pp ON pp.organisation_id = o.organisation_id
            ) AS p
            ORDER BY p.event, p.organisation, p.person
            ON CONFLICT DO NOTHING
            """,
        ),
    ]


def _details(cursor: Any) -> dict[str, Any]:
    """The ids and sizes the cases need, found once (the busiest organisation takes a second)."""
    details: dict[str, Any] = {}
    queries = {
        "busiest_organisation": "SELECT organisation_id FROM interactions_interaction_organisations"
        " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        "largest_network": "SELECT network_id FROM networks_membership"
        " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        "largest_event": "SELECT event_id FROM interactions_participation"
        " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        "busiest_person": "SELECT person_id FROM interactions_interaction_people"
        " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    }
    for key, sql in queries.items():
        cursor.execute(sql)
        details[key] = cursor.fetchone()[0]
    counts = {}
    for table in [
        "contacts_organisation",
        "contacts_person",
        "contacts_affiliation",
        "networks_membership",
        "networks_partnership",
        "interactions_interaction",
        "interactions_interaction_organisations",
        "interactions_interaction_people",
        "interactions_interaction_staff",
        "interactions_interaction_topics",
        "interactions_followup",
        "interactions_event",
        "interactions_participation",
    ]:
        cursor.execute(f"SELECT count(*) FROM {table}")
        counts[table.split("_", 1)[1]] = cursor.fetchone()[0]
    details["counts"] = counts
    cursor.execute(
        "SELECT count(*) FROM interactions_interaction_organisations WHERE organisation_id = %s",
        [details["busiest_organisation"]],
    )
    details["busiest_organisation_contacts"] = cursor.fetchone()[0]
    return details
