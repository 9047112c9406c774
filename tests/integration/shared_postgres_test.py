#!/usr/bin/env python3
"""Two real targetwatchd processes on one real PostgreSQL (issue 16): a record acknowledged by one
daemon shows in the other's /api/v1/status within 2 s; both ingest concurrently and every
acknowledged record is stored exactly once and seen by both; the database is SIGKILLed and
restarted under load: uploads during the outage get 503 + Retry-After at once, /readyz is not
ready, and afterwards nothing acknowledged is lost and both daemons converge.

Usage: shared_postgres_test.py --daemon PATH/targetwatchd --fixtures DIR [unittest args]
Skipped (with the reason) when PostgreSQL's server binaries are missing. Standard library only.
"""
import argparse
import datetime
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from postgres import PostgresServer  # noqa: E402
from targetwatch_testing import Daemon, wait_for  # noqa: E402

ARGS = None
SERVER = None  # one PostgreSQL for the module (initdb takes seconds); a database per test
SKIP_REASON = None
TODAY = "2025-06-30"
WRITER = "writer-900-secret"
TOKENS = {"writer900": (WRITER, ["900"], False)}  # name -> (secret, departments, may_reload)
INDICATORS = ("quantity-1", "spending")
FIRST_DAY = datetime.date(2025, 1, 1)
DAYS = (datetime.date.fromisoformat(TODAY) - FIRST_DAY).days + 1  # as_of never after --today
VISIBLE_WITHIN = 2.0  # seconds, issue 16


def setUpModule():  # noqa: N802 (unittest's naming)
    global SERVER, SKIP_REASON
    SERVER, SKIP_REASON = PostgresServer.start()


def tearDownModule():  # noqa: N802
    if SERVER is not None:
        SERVER.stop()


def record(n):
    """The n-th record: its value n is unique, so each acknowledgement names one stored row."""
    return {"project": "P900-1", "indicator": INDICATORS[n % 2],
            "as_of": (FIRST_DAY + datetime.timedelta(days=(n // 2) % DAYS)).isoformat(),
            "value": n}


def post(port, records, timeout=30.0):
    """POST one batch: (status, body, headers, seconds), or status 0 when the connection failed."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/api/v1/actuals", json.dumps({"actuals": records}),
                     {"Content-Type": "application/json", "Authorization": "Bearer " + WRITER})
        res = conn.getresponse()
        return (res.status, res.read().decode("utf-8", "replace"), dict(res.getheaders()),
                time.monotonic() - started)
    except (OSError, http.client.HTTPException) as e:
        return 0, repr(e), {}, time.monotonic() - started
    finally:
        conn.close()


def stored(daemon):
    """value -> [revision, ...] as the daemon's /api/v1/actuals lists them (every page)."""
    found = {}
    for a in daemon.actuals(token=WRITER):
        for r in a["revisions"]:
            found.setdefault(r["value"], []).append(r["revision"])
    return found


class Load:
    """Client threads uploading to the daemons (round robin per thread) until stopped. Every
    answer is kept: (daemon index, status, headers, started, seconds, [(value, revision)])."""

    def __init__(self, daemons, clients_per_daemon=2, big_every=10, big_size=10):
        self.daemons = daemons
        self.lock = threading.Lock()
        self.counter = 0
        self.answers = []
        self.stop_event = threading.Event()
        self.big_every = big_every
        self.big_size = big_size
        self.threads = [threading.Thread(target=self._client, args=(i % len(daemons),),
                                         daemon=True)
                        for i in range(clients_per_daemon * len(daemons))]

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in self.threads), "a client thread hung"

    def _client(self, which):
        uploads = 0
        while not self.stop_event.is_set():
            size = self.big_size if uploads % self.big_every == self.big_every - 1 else 1
            uploads += 1
            with self.lock:
                first_n = self.counter
                self.counter += size
            records = [record(first_n + i) for i in range(size)]
            started = time.monotonic()
            status, body, headers, seconds = post(self.daemons[which].port, records)
            acked = []
            if status != 200:
                time.sleep(0.05)  # as a client honouring Retry-After would, only shorter
            if status == 200:
                first = json.loads(body)["first_revision"]
                acked = [(r["value"], first + i) for i, r in enumerate(records)]
            with self.lock:
                self.answers.append((which, status, headers, started, seconds, acked))

    def acknowledged(self):
        with self.lock:
            return [a for answer in self.answers for a in answer[5]]

    def count_ok(self):
        with self.lock:
            return sum(1 for a in self.answers if a[1] == 200)


class SharedPostgresCase(unittest.TestCase):
    def setUp(self):
        if SERVER is None:
            self.skipTest("no PostgreSQL for the tests: " + SKIP_REASON)
        self.tmp = tempfile.mkdtemp(prefix="tw-pg-it-")
        self.url = SERVER.create_database()
        self.database = self.url.rsplit("/", 1)[1]
        self.daemons = []
        for name in ("a", "b"):
            workdir = os.path.join(self.tmp, name)
            os.mkdir(workdir)
            self.daemons.append(Daemon(
                workdir, ARGS.daemon, os.path.join(ARGS.fixtures, "integration", "targets"),
                TODAY, TOKENS, 'store_url = "%s"' % self.url))
        for d in self.daemons:
            d.start()

    def tearDown(self):
        if SERVER is None:
            return
        for d in self.daemons:
            d.kill()
        if SERVER.postmaster_pid() is None or not SERVER.running:
            SERVER.restart()  # a failed restart test must not take the next test's server
        result = getattr(self._outcome, "result", None)
        failed = result is not None and any(
            test is self for test, _ in result.failures + result.errors)
        if failed:
            for d in self.daemons:
                sys.stderr.write("%s (last 3000 chars):\n%s\n" % (d.log, d.log_text()[-3000:]))
            sys.stderr.write("PostgreSQL log:\n%s\n" % SERVER.log_tail())
        shutil.rmtree(self.tmp, ignore_errors=True)

    def assert_converged(self, acknowledged, timeout=20.0):
        """Both daemons list every acknowledged record exactly once, under the revision that
        acknowledged it, and both list what the database holds."""
        in_database = int(SERVER.psql(self.database, "SELECT count(*) FROM actuals"))

        def both_complete():
            views = [stored(d) for d in self.daemons]
            counts = [sum(len(v) for v in view.values()) for view in views]
            return (views if all(c == in_database for c in counts) else None)
        try:
            views = wait_for(both_complete, "both daemons to list all %d stored records" %
                             in_database, timeout)
        except AssertionError:
            counts = [sum(len(v) for v in stored(d).values()) for d in self.daemons]
            raise AssertionError("after %.0f s the daemons list %s records, the database holds "
                                 "%d" % (timeout, counts, in_database))
        self.assertEqual(views[0], views[1], "the daemons disagree")
        wrong = [(value, revision, views[0].get(value)) for value, revision in acknowledged
                 if views[0].get(value) != [revision]]
        self.assertEqual(wrong[:10], [], "%d acknowledged records not stored exactly once "
                         "(value, acknowledged revision, stored revisions)" % len(wrong))
        return in_database


class VisibilityTest(SharedPostgresCase):
    def test_acknowledged_by_a_is_in_b_status_within_2s(self):
        a, b = self.daemons

        def quantity_actual(daemon):
            status, body, _ = daemon.get("/api/v1/status")
            self.assertEqual(status, 200, body)
            for dep in json.loads(body)["departments"]:
                for p in dep["projects"]:
                    if p["code"] == "P900-1":
                        return next(i["actual"] for i in p["indicators"]
                                    if i["id"] == "quantity-1")
            raise AssertionError("no project P900-1 in the status")

        delays = []
        for round_ in range(5):
            writer, reader = (a, b) if round_ % 2 == 0 else (b, a)
            value = 100 + round_
            status, body, _, _ = post(writer.port, [{"project": "P900-1",
                                                     "indicator": "quantity-1",
                                                     "as_of": "2025-06-29", "value": value}])
            self.assertEqual(status, 200, body)
            acknowledged = time.monotonic()
            wait_for(lambda: quantity_actual(reader) == value,
                     "the other daemon's status to show %s" % value, timeout=VISIBLE_WITHIN)
            delays.append(time.monotonic() - acknowledged)
        print("\nvisibility: a record acknowledged by one daemon in the other's status after "
              "%s s (limit %.0f s)" % (", ".join("%.3f" % d for d in delays), VISIBLE_WITHIN))


class ConcurrentIngestTest(SharedPostgresCase):
    SECONDS = 4.0

    def test_both_ingest_and_every_acknowledged_record_is_stored_once(self):
        started = time.monotonic()
        with Load(self.daemons) as load:
            time.sleep(self.SECONDS)  # the load runs meanwhile: its length is the measurement
        elapsed = time.monotonic() - started
        refusals = [(a[0], a[1]) for a in load.answers if a[1] != 200]
        self.assertEqual(refusals[:5], [], "uploads refused without any failure")
        acknowledged = load.acknowledged()
        per_daemon = [sum(len(a[5]) for a in load.answers if a[0] == i) for i in range(2)]
        self.assertTrue(all(n > 20 for n in per_daemon), per_daemon)
        total = self.assert_converged(acknowledged)
        latencies = sorted(a[4] for a in load.answers)
        print("\nconcurrent: %d uploads (%d records, acknowledged by a/b: %s) in %.1f s "
              "= %.0f uploads/s; latency median %.0f ms, max %.0f ms; %d rows stored, each "
              "seen by both daemons" %
              (len(load.answers), len(acknowledged), per_daemon, elapsed,
               len(load.answers) / elapsed, 1000 * statistics.median(latencies),
               1000 * latencies[-1], total))


class DatabaseRestartTest(SharedPostgresCase):
    QUICK = 2.0  # seconds: an upload during the outage must be answered within this

    def test_database_killed_and_restarted_under_load(self):
        with Load(self.daemons) as load:
            wait_for(lambda: load.count_ok() >= 40, "uploads before the crash", timeout=20)
            sigkill = time.monotonic()
            killed = SERVER.crash()
            # From here on no backend of the old server runs: nothing can commit.
            down_since = time.monotonic()
            # Both notice: /readyz pings the store (at most once a second).
            for d in self.daemons:
                wait_for(lambda: d.get("/readyz")[0] == 503, "/readyz not ready on %s" % d.dir,
                         timeout=5)
            readyz_down = time.monotonic() - sigkill
            wait_for(lambda: sum(1 for a in load.answers if a[3] > down_since) >= 20,
                     "uploads during the outage", timeout=10)
            up_since = time.monotonic()
            SERVER.restart()
            restarted = time.monotonic()
            for d in self.daemons:
                wait_for(lambda: d.get("/readyz")[0] == 200, "/readyz ready on %s" % d.dir,
                         timeout=20)
            ready_again = time.monotonic() - restarted
            ok_before = load.count_ok()
            wait_for(lambda: load.count_ok() >= ok_before + 40, "uploads after the restart",
                     timeout=20)
        during = [a for a in load.answers if a[3] > down_since and a[3] + a[4] < up_since]
        self.assertGreaterEqual(len(during), 20)
        not_503 = [(a[1], a[2]) for a in during if a[1] != 503 or "Retry-After" not in a[2]]
        self.assertEqual(not_503[:5], [], "uploads during the outage must get 503 + Retry-After")
        slow = sorted(a[4] for a in during)
        self.assertLess(slow[-1], self.QUICK, "an upload waited %.1f s for its 503" % slow[-1])
        other = [(a[1]) for a in load.answers if a[1] not in (200, 503)]
        self.assertEqual(other[:5], [], "answers other than 200 and 503")
        for d in self.daemons:
            self.assertIsNone(d.proc.poll(), "a daemon died with its database")
        total = self.assert_converged(load.acknowledged())
        print("\nrestart: PostgreSQL SIGKILLed under load (its processes gone after %.2f s, %d "
              "had to be killed); /readyz not ready on both %.2f s after the SIGKILL; %d uploads "
              "during the outage, all 503 + Retry-After, slowest %.0f ms, median %.0f ms; ready "
              "again %.2f s after the restart; %d uploads, %d records acknowledged, %d rows "
              "stored, none lost" %
              (down_since - sigkill, killed, readyz_down, len(during), 1000 * slow[-1],
               1000 * statistics.median(slow), ready_again, len(load.answers),
               len(load.acknowledged()), total))
        # The operator's clear log line (core::Application's ingest path).
        for d in self.daemons:
            self.assertRegex(d.log_text(), r"store append failed .*\(unavailable\)")


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--fixtures", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.daemon = os.path.abspath(ARGS.daemon)
    ARGS.fixtures = os.path.abspath(ARGS.fixtures)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
