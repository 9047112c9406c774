#!/usr/bin/env python3
"""Durability tests: random SIGKILLs under concurrent one-record uploads (nothing acknowledged may
be lost), and a full disk (503 with Retry-After, no corruption, recovery once there is space).

Usage: durability_test.py --daemon PATH/targetwatchd --fixtures DIR [--soak SECONDS] [unittest args]
TW_SOAK_SECONDS in the environment does what --soak does. Standard library only; waits poll.
"""
import argparse
import datetime
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from targetwatch_testing import Daemon, wait_for  # noqa: E402

ARGS = None
TODAY = "2025-06-30"
WRITER = "writer-900-secret"
TOKENS = {  # name -> (secret, departments, may_reload)
    "writer900": (WRITER, ["900"], False),
}
INDICATORS = ("quantity-1", "spending")
FIRST_DAY = datetime.date(2025, 1, 1)
DAYS = (datetime.date.fromisoformat(TODAY) - FIRST_DAY).days + 1  # as_of never after --today


def make_daemon(workdir, settings_extra=""):
    return Daemon(workdir, ARGS.daemon, os.path.join(ARGS.fixtures, "integration", "targets"),
                  TODAY, TOKENS, settings_extra)


def record(n, note=None):
    """The n-th record: identities cycle over the fiscal year's days and two indicators, and the
    value n is distinct, so each acknowledgement names exactly one stored revision."""
    r = {"project": "P900-1", "indicator": INDICATORS[n % 2],
         "as_of": (FIRST_DAY + datetime.timedelta(days=(n // 2) % DAYS)).isoformat(), "value": n}
    if note:
        r["note"] = note
    return r


def post(port, records, timeout=10.0):
    """POST one batch; returns (status, body, headers) or (0, error, {}) when the connection
    failed (a killed daemon: the batch counts as not acknowledged)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/api/v1/actuals", json.dumps({"actuals": records}),
                     {"Content-Type": "application/json", "Authorization": "Bearer " + WRITER})
        res = conn.getresponse()
        return res.status, res.read().decode("utf-8", "replace"), dict(res.getheaders())
    except (OSError, http.client.HTTPException) as e:
        return 0, repr(e), {}
    finally:
        conn.close()


def stored_revisions(daemon):
    """(project, indicator, as_of) -> {revision: value} from GET /api/v1/actuals."""
    # With the writer's token: the records are department 900's, whatever public_reads says.
    found = {}
    for a in daemon.actuals(token=WRITER):
        key = (a["project"], a["indicator"], a["as_of"])
        for r in a["revisions"]:
            found.setdefault(key, {})[r["revision"]] = r["value"]
    return found


def missing_acknowledged(acked, found):
    """The acknowledged (identity, revision, value) triples not found as stored."""
    return [(key, rev, value) for key, rev, value in acked
            if found.get(key, {}).get(rev) != value]


def integrity_check(db):
    result = subprocess.run(["sqlite3", db, "PRAGMA integrity_check"], capture_output=True,
                            text=True, timeout=60)
    return (result.stdout + result.stderr).strip()


class DurabilityCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tw-dur-")
        self.daemon = None

    def tearDown(self):
        if self.daemon:
            self.daemon.kill()
        result = getattr(self._outcome, "result", None)
        failed = result is not None and any(
            test is self for test, _ in result.failures + result.errors)
        if not failed:
            shutil.rmtree(self.tmp, ignore_errors=True)
        elif self.daemon:
            log = self.daemon.log_text()
            sys.stderr.write("daemon log kept in %s (last 4000 chars):\n%s\n" %
                             (self.tmp, log[-4000:]))


class CrashLoopTest(DurabilityCase):
    CLIENTS = 4
    MIN_KILLS = 100

    def test_acknowledged_uploads_survive_random_sigkills(self):
        soak = ARGS.soak
        d = self.daemon = make_daemon(self.tmp)
        rng = random.Random(int(os.environ.get("TW_CRASH_SEED", "20251")))
        lock = threading.Lock()
        counter = [0]
        acked = []          # (identity, revision, value)
        refusals = []       # answers other than 200 or a broken connection: never expected
        stop = threading.Event()
        current = {"port": None}

        def client():
            while not stop.is_set():
                port = current["port"]
                if port is None:
                    time.sleep(0.005)  # the daemon is between a kill and its restart
                    continue
                with lock:
                    n = counter[0]
                    counter[0] += 1
                rec = record(n)
                status, body, _ = post(port, [rec])
                if status == 200:
                    rev = json.loads(body)["first_revision"]
                    with lock:
                        acked.append(((rec["project"], rec["indicator"], rec["as_of"]), rev, n))
                elif status != 0 and status != 503:
                    with lock:
                        refusals.append((status, body))

        threads = [threading.Thread(target=client, daemon=True) for _ in range(self.CLIENTS)]
        for t in threads:
            t.start()
        kills = 0
        started = time.monotonic()
        try:
            while kills < self.MIN_KILLS or time.monotonic() - started < soak:
                d.start()
                current["port"] = d.port
                # Polls nothing on purpose: the kill lands at a random moment of the uploads.
                time.sleep(rng.uniform(0.05, 0.4))
                current["port"] = None
                d.kill()
                kills += 1
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=30)
        self.assertFalse(any(t.is_alive() for t in threads), "a client thread hung")
        self.assertEqual(refusals[:5], [], "uploads refused other than by the kills")

        d.start()
        found = stored_revisions(d)
        missing = missing_acknowledged(acked, found)
        elapsed = time.monotonic() - started
        print("\ncrash loop: %d SIGKILLs in %.1f s, %d uploads attempted, %d acknowledged, "
              "%d missing" % (kills, elapsed, counter[0], len(acked), len(missing)))
        self.assertGreaterEqual(kills, self.MIN_KILLS)
        self.assertGreater(len(acked), kills, "too few uploads were acknowledged to mean much")
        self.assertEqual(missing[:10], [], "%d acknowledged records lost" % len(missing))
        self.assertEqual(d.stop(), 0)
        self.daemon = None
        self.assertEqual(integrity_check(os.path.join(self.tmp, "state", "actuals.db")), "ok")


def can_mount_tmpfs():
    if os.geteuid() != 0:
        return "not running as root: cannot mount a small tmpfs"
    probe = tempfile.mkdtemp(prefix="tw-tmpfs-probe-")
    try:
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe],
                                capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            return "mount -t tmpfs failed: " + (result.stderr.strip() or str(result.returncode))
        subprocess.run(["umount", probe], check=True, timeout=30)
        return None
    except (OSError, subprocess.SubprocessError) as e:
        return "mount -t tmpfs unavailable: %r" % e
    finally:
        os.rmdir(probe)


class DiskFullTest(DurabilityCase):
    TMPFS_BYTES = 3 * 1024 * 1024

    def setUp(self):
        reason = can_mount_tmpfs()
        if reason:
            self.skipTest(reason)
        super().setUp()
        self.disk = os.path.join(self.tmp, "disk")
        os.mkdir(self.disk)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%d" % self.TMPFS_BYTES, "tmpfs",
                        self.disk], check=True, timeout=30)

    def tearDown(self):
        if self.daemon:
            self.daemon.kill()
        subprocess.run(["umount", "-l", self.disk], timeout=30)
        super().tearDown()

    def fill_disk(self):
        """Starts the daemon with its store on the tmpfs and uploads until a write fails.
        Returns (daemon, db, upload, acked, failure)."""
        db = os.path.join(self.disk, "actuals.db")
        d = self.daemon = make_daemon(self.tmp)
        d.start("--store", db)
        acked = []
        n = [0]
        note = "磁盘测试" * 100  # about 1.2 kB a record: the disk fills in a few batches

        def upload(batch):
            recs = [record(n[0] + i, note) for i in range(batch)]
            n[0] += batch
            status, body, headers = post(d.port, recs)
            if status == 200:
                first = json.loads(body)["first_revision"]
                for i, r in enumerate(recs):
                    acked.append(((r["project"], r["indicator"], r["as_of"]), first + i,
                                  r["value"]))
            return status, body, headers

        status, body, _ = upload(5)
        self.assertEqual(status, 200, body)
        # A filler takes most of what is left, so the store's own growth hits the limit soon.
        self.filler = os.path.join(self.disk, "filler")
        free = os.statvfs(self.disk)
        with open(self.filler, "wb") as f:
            f.write(b"\0" * max(0, free.f_bavail * free.f_frsize - 256 * 1024))

        failure = None
        deadline = time.monotonic() + 60
        while failure is None and time.monotonic() < deadline:
            status, body, headers = upload(20)
            if status != 200:
                failure = (status, body, headers)
        self.assertIsNotNone(failure, "uploads never failed on a full disk")
        return d, db, upload, acked, failure

    def test_full_disk_answers_503_and_recovers(self):
        d, db, upload, acked, (status, body, headers) = self.fill_disk()
        self.assertEqual(status, 503, "a full disk must answer 503, got %s %s" % (status, body))
        self.assertIn("Retry-After", headers, headers)
        self.assertTrue(body.strip(), "the 503 should say why")
        print("\ndisk full: %d records acknowledged before the failure; answer %d %s "
              "Retry-After: %s" % (len(acked), status, body.strip()[:200],
                                   headers.get("Retry-After")))

        # The daemon is alive and says so.
        self.assertIsNone(d.proc.poll(), "the daemon died on a full disk")
        self.assertEqual(d.get("/healthz")[0], 200)
        ready = d.get("/readyz")
        print("disk full: /readyz answers %d %s" % (ready[0], ready[1].strip()))
        # The same batch again is refused the same way (the first was no fluke).
        self.assertEqual(upload(20)[0], 503)
        self.assertEqual(integrity_check(db), "ok")

        os.remove(self.filler)
        # Writes succeed again once there is space.
        status, body, _ = wait_for(lambda: (lambda r: r if r[0] == 200 else None)(upload(1)),
                                   "an upload to succeed after space returned", timeout=20)
        self.assertEqual(status, 200, body)
        wait_for(lambda: d.get("/readyz")[0] == 200, "/readyz ready after space returned",
                 timeout=20)
        found = stored_revisions(d)
        missing = missing_acknowledged(acked, found)
        print("disk full: after recovery %d acknowledged records, %d missing" %
              (len(acked), len(missing)))
        self.assertEqual(missing[:10], [], "%d acknowledged records lost" % len(missing))
        self.assertEqual(d.stop(), 0)
        self.daemon = None
        self.assertEqual(integrity_check(db), "ok")

    def test_readyz_is_not_ready_while_the_store_cannot_write(self):
        # Issue 14, "Failing gracefully": flip /readyz to not ready until a write succeeds again.
        d, _, upload, _, (status, body, _) = self.fill_disk()
        self.assertEqual(status, 503, body)
        status, text, _ = d.get("/readyz")
        self.assertEqual(status, 503, "/readyz answered %d %r while writes fail" %
                         (status, text))
        os.remove(self.filler)
        wait_for(lambda: upload(1)[0] == 200, "an upload after space returned", timeout=20)
        self.assertEqual(d.get("/readyz")[0], 200)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--soak", type=float, default=float(os.environ.get("TW_SOAK_SECONDS", 0)),
                        help="keep killing for at least this many seconds (default: 100 kills)")
    ARGS, rest = parser.parse_known_args()
    ARGS.daemon = os.path.abspath(ARGS.daemon)
    ARGS.fixtures = os.path.abspath(ARGS.fixtures)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
