"""Benchmark: offline checks of scanned e-permits per second per core, and the size of the
status lists for 1,000,000 cards (issue 10: goals >= 5,000 per second, < 300 KB).

No database and no server: the offline verifier (juzhu.credentials.verifier) with a key set
and a status list in memory, as ``juzhu permit verify`` or a verifier's app holds them.

    .venv/bin/python benchmarks/epermit.py                # 1M cards, 15 % void, 5 % suspended
    .venv/bin/python benchmarks/epermit.py --void 0.30    # a city whose cards turned over more

**Checks.** ``--distinct`` different cards (real claims, Chinese organ names, the URL the
QR code holds) are checked in turn for ``--seconds``: parse the URL, decode and check the
JWS (EdDSA), read the claims, look up the card's two bits. One process, one thread: the
rate per CPU second (``time.process_time``) is the rate of one core, whatever else runs on
the machine; the wall-clock rate is printed beside it.

**Lists.** Cards get indices as ``juzhu.credentials.status.allocate`` gives them: random
free places in lists of ``LIST_SIZE`` entries, a new list when 4 rounds of 16 draws find none.
Each card is then void or suspended at random with the given shares, the others valid. The
figure is the signed tokens' bytes (what a verifier downloads), all lists together.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from juzhu.credentials import jose, statuslist
from juzhu.credentials.claims import Credential
from juzhu.credentials.statuslist import DRAWS, LIFETIME, LIST_SIZE, ROUNDS, TTL
from juzhu.credentials.verifier import Verifier, read_status_list

BASE = "https://juzhu.ankang.example"
ORGANS = ["安康市公安局汉滨分局", "汉阴县公安局", "石泉县公安局", "宁陕县公安局", "紫阳县公安局", "岚皋县公安局"]


def allocate(cards: int, rng: random.Random) -> list[tuple[int, int]]:
    """``(list, index)`` of each card, by the allocation policy of status.allocate."""
    places, taken, number = [], set(), 1
    for _ in range(cards):
        misses = 0
        while True:
            draws = {rng.randrange(LIST_SIZE) for _ in range(DRAWS)}
            free = sorted(draws - taken)
            if free:
                index = rng.choice(free)
                taken.add(index)
                places.append((number, index))
                break
            misses += 1
            if misses == ROUNDS:
                number, taken, misses = number + 1, set(), 0
    return places


def lists_for(places, void: float, suspended: float, rng: random.Random, kid: str, key) -> dict[int, str]:
    """The signed status list tokens, by list number."""
    entries: dict[int, list[tuple[int, int]]] = {}
    for number, index in places:
        draw = rng.random()
        status = 1 if draw < void else 2 if draw < void + suspended else 0
        if status:
            entries.setdefault(number, []).append((index, status))
        else:
            entries.setdefault(number, [])
    now = int(time.time())
    return {
        number: jose.sign(
            {"kid": kid, "typ": statuslist.TYP},
            statuslist.claims(
                f"{BASE}/status/{number}.jwt", statuslist.encode(statuslist.pack(LIST_SIZE, found)), now, LIFETIME, TTL
            ),
            key,
        )
        for number, found in entries.items()
    }


def scanned_codes(places, distinct: int, rng: random.Random, kid: str, key) -> list[str]:
    codes = []
    for serial, (number, index) in enumerate(rng.sample(places, distinct), start=1):
        issued = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(700))
        credential = Credential(
            permit_number=f"6109022025{serial:07d}",
            card_version=rng.choice([1, 1, 1, 2]),
            masked_name=rng.choice(["张*", "王*", "欧阳**", "李*"]),
            issue_date=issued,
            issuing_organ=rng.choice(ORGANS),
            valid_until=issued.replace(year=issued.year + 1),
            status_index=index,
            status_uri=f"{BASE}/status/{number}.jwt",
        )
        codes.append(f"{BASE}/verify/c/{jose.sign({'kid': kid}, credential.claims(), key)}")
    return codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1_000_000)
    parser.add_argument("--void", type=float, default=0.15)
    parser.add_argument("--suspended", type=float, default=0.05)
    parser.add_argument("--distinct", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    private = Ed25519PrivateKey.generate()
    kid = jose.thumbprint_kid(jose.public_jwk(private.public_key()))
    keys = {kid: private.public_key()}

    started = time.perf_counter()
    places = allocate(args.cards, rng)
    tokens = lists_for(places, args.void, args.suspended, rng, kid, private)
    sizes = {number: len(token.encode("ascii")) for number, token in tokens.items()}
    print(
        f"cards: {args.cards:,}  void {args.void:.0%}  suspended {args.suspended:.0%}"
        f"  (made in {time.perf_counter() - started:.1f} s)"
    )
    print(
        f"status lists: {len(tokens)} of {LIST_SIZE:,} entries; signed token bytes: "
        + ", ".join(f"list {n}: {s:,}" for n, s in sizes.items())
    )
    print(f"status lists for {args.cards:,} cards: {sum(sizes.values()):,} bytes ({sum(sizes.values()) / 1000:.0f} KB)")

    now = int(time.time())
    verifier = Verifier(keys, {read.uri: read for read in (read_status_list(t, keys, now) for t in tokens.values())})
    codes = scanned_codes(places, args.distinct, rng, kid, private)
    print(f"QR code text: {min(map(len, codes))}-{max(map(len, codes))} characters")
    states: dict[str, int] = {}
    checks, wall, cpu = 0, time.perf_counter(), time.process_time()
    deadline = wall + args.seconds
    while time.perf_counter() < deadline:
        for code in codes:
            state = verifier.check(code).state
            states[state] = states.get(state, 0) + 1
        checks += len(codes)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"offline checks: {checks:,} in {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"offline checks per second per core (CPU time): {checks / cpu:,.0f}   (wall clock: {checks / wall:,.0f})")
    print("verdicts: " + ", ".join(f"{state} {count / checks:.1%}" for state, count in sorted(states.items())))


if __name__ == "__main__":
    main()
