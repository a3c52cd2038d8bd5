"""The sweep against one raw SQL statement, and the company's candidate list.

Seeds 1,000,000 interview requests of which 100,000 are past their deadline
(1,000 companies, 20,000 candidates), then:

- ``raw_sql_seconds``: one SQL statement making the sweep's whole state change
  (an UPDATE whose data-modifying CTEs also insert the 100,000 events and
  200,000 notices), run in a transaction that is rolled back; best of two.
- ``bare_update_seconds``: the bare ``UPDATE ... SET status = 'expired'`` alone,
  rolled back too, for scale.
- ``sweep_seconds``: ``sweep()`` itself on the same rows, committed, batch by
  batch, with its delivery tasks queued.
- ``sweep_vs_raw_sql_ratio``: sweep_seconds / raw_sql_seconds (goal <= 2.0).
- ``candidate_list_queries``: SQL queries behind a company member's candidate
  list of 50 with badges, the whole page request (goal <= 10), of which
  ``candidate_list_badge_queries`` read requests for the badges (goal 1).
"""

import statistics
import time
from datetime import datetime

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.companies.models import Company, Membership, Role
from overture.interviews.models import Event, InterviewRequest, Status
from overture.interviews.sweep import sweep
from overture.notifications.models import Notice

REQUESTS = 1_000_000
COMPANIES = 1_000
CANDIDATES = 20_000
OVERDUE_EVERY = 10  # one request in ten is overdue: 100,000

# Emptied before seeding (with everything that refers to them).
TABLES = ["accounts_user", "companies_company", "django_session"]

RAW_SWEEP = """
WITH expired AS (
    UPDATE interviews_interviewrequest SET status = 'expired'
    WHERE status = 'pending' AND expires_at <= %(now)s
    RETURNING id, expires_at, sender_id, candidate_id
), events AS (
    INSERT INTO interviews_event (request_id, kind, actor_id, at, from_state, to_state, note)
    SELECT id, 'expired', NULL, expires_at, 'pending', 'expired', '' FROM expired
    RETURNING id, request_id
)
INSERT INTO notifications_notice (recipient_id, kind, request_id, event_id, subject_id,
    dedupe_key, created_at, deliver_after, message_id, attempts, requeue_after)
SELECT who.recipient, 'request_expired', e.request_id, e.id, NULL,
    'event:' || e.id || ':request_expired', %(now)s, %(now)s,
    '<notice-' || md5(e.id::text || '-' || who.recipient::text) || '@overture.localhost>',
    0, %(now)s + interval '10 minutes'
FROM events e
JOIN expired x ON x.id = e.request_id
JOIN candidates_candidate c ON c.id = x.candidate_id
CROSS JOIN LATERAL (VALUES (c.user_id), (x.sender_id)) AS who(recipient)
"""

BARE_UPDATE = """
UPDATE interviews_interviewrequest SET status = 'expired'
WHERE status = 'pending' AND expires_at <= %(now)s
"""


def seed(now: datetime) -> User:
    """Returns a recruiter of the first company, for the candidate list."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute(
            "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables "
            "WHERE schemaname = 'public' AND tablename LIKE 'django\\_ox\\_%%'"
        )
        (queue_tables,) = cursor.fetchone()
        if queue_tables:
            cursor.execute(f"TRUNCATE {queue_tables} CASCADE")
    companies = Company.objects.bulk_create(
        [Company(name=f"Company {i:04}", size="51-200") for i in range(COMPANIES)],
        batch_size=5000,
    )
    senders = User.objects.bulk_create(
        [
            User(email=f"recruiter{i}@bench.example.com", name=f"Recruiter {i}")
            for i in range(COMPANIES)
        ],
        batch_size=5000,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, company=c, role=Role.RECRUITER)
            for u, c in zip(senders, companies, strict=True)
        ],
        batch_size=5000,
    )
    candidate_users = User.objects.bulk_create(
        [
            User(
                email=f"candidate{i}@bench.example.com",
                name=f"Candidate {i:05}",
                time_zone="Europe/Berlin",
            )
            for i in range(CANDIDATES)
        ],
        batch_size=5000,
    )
    Candidate.objects.bulk_create(
        [
            Candidate(user=u, headline="Engineer", location="Berlin", skills=["Python"])
            for u in candidate_users
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        # Request i goes to candidate (i % 20,000) from company (i / 20,000), so
        # every (company, candidate) pair is distinct; its state by i % 10.
        cursor.execute(
            """
            WITH ids AS (
                SELECT (SELECT min(id) FROM companies_company) AS company0,
                       (SELECT min(id) FROM candidates_candidate) AS candidate0,
                       (SELECT min(id) FROM accounts_user
                        WHERE email LIKE 'recruiter%%') AS sender0
            ), rows AS (
                SELECT i, i %% 10 AS kind, ids.*,
                       (i * 7919 %% 2592000) * interval '1 second' AS jitter
                FROM generate_series(0::bigint, %(n)s - 1) i, ids
            )
            INSERT INTO interviews_interviewrequest (company_id, sender_id, candidate_id,
                role_title, role_description, work_arrangement, work_location,
                salary_currency, salary_min, salary_max, perks, personal_note, status,
                sent_at, expires_at, responded_at, response_note, decline_reason)
            SELECT company0 + i / %(candidates)s, sender0 + i / %(candidates)s,
                candidate0 + i %% %(candidates)s,
                'Backend Engineer', 'Build the platform.', 'remote', '', 'EUR', 60000, 80000,
                '[]', 'We liked your profile.',
                CASE kind WHEN 0 THEN 'pending' WHEN 1 THEN 'pending' WHEN 2 THEN 'pending'
                          WHEN 3 THEN 'declined' WHEN 4 THEN 'declined' WHEN 5 THEN 'declined'
                          WHEN 6 THEN 'accepted' WHEN 7 THEN 'accepted'
                          WHEN 8 THEN 'expired' ELSE 'withdrawn' END,
                sent, sent + interval '14 days',
                CASE WHEN kind BETWEEN 3 AND 7
                     THEN sent + (i %% 120) * interval '1 hour' END,
                '', CASE WHEN kind BETWEEN 3 AND 5 THEN 'role' ELSE '' END
            FROM rows,
            LATERAL (SELECT CASE
                -- overdue: the deadline passed within the last 30 days
                WHEN kind = 0 THEN %(now)s - interval '14 days' - jitter
                -- pending in time: deadline 4 to 13 days away (no reminder due)
                WHEN kind IN (1, 2) THEN %(now)s - interval '10 days'
                                         + (i %% 777600) * interval '1 second'
                ELSE %(now)s - interval '20 days' - jitter
            END AS sent) s
            """,
            {"n": REQUESTS, "candidates": CANDIDATES, "now": now},
        )
        cursor.execute("ANALYZE")
    return senders[0]


def _timed_rollback(sql: str, now: datetime) -> float:
    with transaction.atomic(), connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(sql, {"now": now})
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE interviews_interviewrequest, interviews_event, notifications_notice"
        )
    return elapsed


def candidate_list(recruiter: User) -> tuple[int, int, float]:
    client = Client()
    client.force_login(recruiter)
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/candidates/")
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        assert response.content.count(b">View profile<") == 50
    badge_queries = sum("interviews_interviewrequest" in q["sql"] for q in queries.captured_queries)
    return len(queries.captured_queries), badge_queries, statistics.median(timings) * 1000


def run() -> dict[str, float]:
    if connection.vendor != "postgresql":
        raise SystemExit("bench.sweep needs PostgreSQL.")
    now = timezone.now()
    start = time.perf_counter()
    recruiter = seed(now)
    seed_seconds = time.perf_counter() - start
    overdue = InterviewRequest.objects.overdue(now).count()
    assert InterviewRequest.objects.count() == REQUESTS and overdue == REQUESTS // OVERDUE_EVERY

    raw = min(_timed_rollback(RAW_SWEEP, now) for _ in range(2))
    bare = min(_timed_rollback(BARE_UPDATE, now) for _ in range(2))
    assert InterviewRequest.objects.overdue(now).count() == overdue  # rolled back

    start = time.perf_counter()
    report = sweep(now)
    swept = time.perf_counter() - start
    assert report.expired == overdue, report
    assert Event.objects.filter(kind="expired").count() == overdue
    assert Notice.objects.filter(kind="request_expired").count() == 2 * overdue
    assert InterviewRequest.objects.filter(status=Status.EXPIRED).count() >= overdue

    queries, badge_queries, list_ms = candidate_list(recruiter)
    return {
        "seed_requests": float(REQUESTS),
        "seed_overdue": float(overdue),
        "seed_seconds": round(seed_seconds, 2),
        "raw_sql_seconds": round(raw, 3),
        "bare_update_seconds": round(bare, 3),
        "sweep_seconds": round(swept, 3),
        "sweep_vs_raw_sql_ratio": round(swept / raw, 2),
        "candidate_list_queries": float(queries),
        "candidate_list_badge_queries": float(badge_queries),
        "candidate_list_ms": round(list_ms, 1),
    }
