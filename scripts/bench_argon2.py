"""argon2id at m=19 MiB, t=2, p=1: the functions' own calls (the `argon2-timer` binary named by the
first argument, release profile), libsodium (PyPI pynacl) and the reference C implementation
(Debian's `argon2` command), on the same inputs. The crate and libsodium alternate call by call,
so a busy or throttled machine slows both alike; prints JSON medians (ms)."""
import json
import shutil
import statistics
import subprocess
import sys
import time

import nacl.pwhash

PASSWORD = b"correct horse battery"
RUNS = 21
MEMLIMIT = 19 * 1024 * 1024


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1e3


def main():
    timer = subprocess.Popen([sys.argv[1]], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def crate(request):
        timer.stdin.write(request + "\n")
        timer.stdin.flush()
        return float(timer.stdout.readline())

    stored = nacl.pwhash.argon2id.str(PASSWORD, opslimit=2, memlimit=MEMLIMIT)
    samples = {k: [] for k in ("crate_hash_ms", "crate_verify_ms", "libsodium_hash_ms", "libsodium_verify_ms")}
    for _ in range(RUNS):
        samples["crate_hash_ms"].append(crate("hash"))
        samples["libsodium_hash_ms"].append(timed(lambda: nacl.pwhash.argon2id.str(PASSWORD, opslimit=2, memlimit=MEMLIMIT)))
        samples["crate_verify_ms"].append(crate("verify"))
        samples["libsodium_verify_ms"].append(timed(lambda: nacl.pwhash.argon2id.verify(stored, PASSWORD)))
    timer.stdin.close()
    timer.wait()
    result = {k: statistics.median(v) for k, v in samples.items()}
    if shutil.which("argon2"):
        command = ["argon2", "cloudstore-bench", "-id", "-t", "2", "-k", "19456", "-p", "1", "-r"]
        result["argon2_cli_ms"] = statistics.median(
            timed(lambda: subprocess.run(command, input=PASSWORD, capture_output=True, check=True)) for _ in range(RUNS)
        )
    print(json.dumps(result))


main()
