"""argon2id at m=19 MiB, t=2, p=1 in libsodium (PyPI pynacl) and the reference C implementation
(Debian's `argon2` command), on the same inputs as the Rust benchmark; prints JSON medians (ms)."""
import json
import shutil
import statistics
import subprocess
import time

import nacl.pwhash

PASSWORD = b"correct horse battery"
RUNS = 15
MEMLIMIT = 19 * 1024 * 1024


def timed(fn):
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples)


result = {}
stored = nacl.pwhash.argon2id.str(PASSWORD, opslimit=2, memlimit=MEMLIMIT)
result["libsodium_hash_ms"] = timed(lambda: nacl.pwhash.argon2id.str(PASSWORD, opslimit=2, memlimit=MEMLIMIT))
result["libsodium_verify_ms"] = timed(lambda: nacl.pwhash.argon2id.verify(stored, PASSWORD))
if shutil.which("argon2"):
    command = ["argon2", "cloudstore-bench", "-id", "-t", "2", "-k", "19456", "-p", "1", "-r"]
    result["argon2_cli_ms"] = timed(lambda: subprocess.run(command, input=PASSWORD, capture_output=True, check=True))
print(json.dumps(result))
