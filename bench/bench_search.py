"""Benchmark: the one search over 100,000 synthetic resources in the region's scripts, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_search.py [--rows 100000] [--runs 40] [--backend sqlite|postgresql|both]

For each database: a fresh database (a temporary SQLite file; a new PostgreSQL database on
$BENCH_DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/postgres, dropped after),
migrated; `rows` synthetic resources (marked synthetic) in Lao, Thai, Burmese, Khmer, English,
Vietnamese and Indonesian, each with a title, a summary and a full text of realistic length
(about 1,500 characters in all, between 400 and 4,000), countries, topics and access levels (mostly
public); then the index built from the records (`rebuild`, timed, with a progress bar); then each
query searched `runs` times as the public, the whole call timed (match, count, facets, ranking,
first page with snippets). Prints one JSON line. Targets: median < 50 ms and p95 < 150 ms per
query, index build < 300 s.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_MEDIAN_MS, TARGET_P95_MS, TARGET_BUILD_S = 50.0, 150.0, 300.0

# Words of each script (written without spaces in lo, th, my, km). The queried words are in QUERIES.
WORDS: dict[str, list[str]] = {
    "lo": [
        "ການ",
        "ຄ້າ",
        "ມະນຸດ",
        "ຜູ້ເຄາະຮ້າຍ",
        "ສານ",
        "ປະຊາຊົນ",
        "ກົດໝາຍ",
        "ແມ່ຍິງ",
        "ເດັກ",
        "ການປົກປ້ອງ",
        "ຕຳຫຼວດ",
        "ອົງການ",
        "ພາກພື້ນ",
        "ລັດຖະບານ",
        "ກອງປະຊຸມ",
        "ບົດລາຍງານ",
        "ຂໍ້ມູນ",
        "ການຝຶກອົບຮົມ",
        "ແຮງງານ",
        "ຊາຍແດນ",
    ],
    "th": [
        "การ",
        "ค้า",
        "มนุษย์",
        "ผู้เสียหาย",
        "ศาล",
        "ประชาชน",
        "กฎหมาย",
        "ผู้หญิง",
        "เด็ก",
        "การคุ้มครอง",
        "ตำรวจ",
        "องค์กร",
        "ภูมิภาค",
        "รัฐบาล",
        "การประชุม",
        "รายงาน",
        "ข้อมูล",
        "การฝึกอบรม",
        "แรงงาน",
        "ชายแดน",
    ],
    "my": [
        "လူ",
        "ကုန်",
        "ကူး",
        "ခံရသူ",
        "တရားရုံး",
        "ပြည်သူ",
        "ဥပဒေ",
        "အမျိုးသမီး",
        "ကလေး",
        "ကာကွယ်ရေး",
        "ရဲ",
        "အဖွဲ့",
        "ဒေသ",
        "အစိုးရ",
        "အစည်းအဝေး",
        "အစီရင်ခံစာ",
        "အချက်အလက်",
        "သင်တန်း",
        "အလုပ်သမား",
        "နယ်စပ်",
    ],
    "km": [
        "ការ",
        "ជួញដូរ",
        "មនុស្ស",
        "ជនរងគ្រោះ",
        "តុលាការ",
        "ប្រជាជន",
        "ច្បាប់",
        "ស្ត្រី",
        "កុមារ",
        "ការការពារ",
        "ប៉ូលីស",
        "អង្គការ",
        "តំបន់",
        "រដ្ឋាភិបាល",
        "កិច្ចប្រជុំ",
        "របាយការណ៍",
        "ទិន្នន័យ",
        "វគ្គបណ្តុះបណ្តាល",
        "ពលករ",
        "ព្រំដែន",
    ],
    "en": [
        "trafficking",
        "persons",
        "victim",
        "court",
        "justice",
        "law",
        "women",
        "children",
        "protection",
        "police",
        "organisation",
        "region",
        "government",
        "meeting",
        "report",
        "data",
        "training",
        "labour",
        "border",
        "shelter",
        "prosecution",
        "referral",
        "migrant",
        "rights",
        "study",
        "guideline",
        "policy",
        "practice",
        "evidence",
        "support",
        "national",
        "cooperation",
        "assessment",
    ],
    "vi": [
        "buôn",
        "bán",
        "người",
        "nạn",
        "nhân",
        "tòa",
        "án",
        "công",
        "lý",
        "pháp",
        "luật",
        "phụ",
        "nữ",
        "trẻ",
        "em",
        "bảo",
        "vệ",
        "công",
        "an",
        "tổ",
        "chức",
        "khu",
        "vực",
        "chính",
        "phủ",
        "hội",
        "nghị",
        "báo",
        "cáo",
        "dữ",
        "liệu",
        "đào",
        "tạo",
        "lao",
        "động",
        "biên",
        "giới",
    ],
    "id": [
        "perdagangan",
        "orang",
        "korban",
        "pengadilan",
        "keadilan",
        "hukum",
        "perempuan",
        "anak",
        "perlindungan",
        "polisi",
        "organisasi",
        "kawasan",
        "pemerintah",
        "pertemuan",
        "laporan",
        "data",
        "pelatihan",
        "tenaga",
        "kerja",
        "perbatasan",
    ],
}
SPACED = {"en", "vi", "id"}
# The queries, and the share of resources of their language in which each is planted.
QUERIES = {
    "lao_word": ("lo", "ສົ່ງຕໍ່ຜູ້ເຄາະຮ້າຍ", 0.02),  # referral of victims
    "thai_word": ("th", "การส่งต่อผู้เสียหาย", 0.02),
    "burmese_word": ("my", "လွှဲပြောင်းပေးပို့", 0.02),  # referral
    "english_phrase": ("en", "victim compensation", 0.01),
}
LANGUAGE_SHARE = [("en", 0.4), ("lo", 0.12), ("th", 0.12), ("my", 0.12), ("km", 0.1), ("vi", 0.07), ("id", 0.07)]
COUNTRIES = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]


def _vocabulary(language: str, size: int = 3000, seed: int = 11) -> list[str]:
    """The script's words and `size` more made of two or three of their syllables (a realistic spread
    of character trigrams, where twenty words repeated would make every trigram occur everywhere)."""
    rng = random.Random(seed)
    base = WORDS[language]
    pieces = [w[i : i + 2] for w in base for i in range(0, len(w) - 1, 2)]
    made = {"".join(rng.sample(pieces, rng.choice([2, 3]))) for _ in range(size)}
    queried = {word for lang, word, _share in QUERIES.values() if lang == language}
    return base + sorted(w for w in made if not any(q in w or w in q for q in queried))


_VOCABULARIES: dict[str, list[str]] = {}


def _text(rng: random.Random, language: str, length: int) -> str:
    words = _VOCABULARIES.get(language) or _VOCABULARIES.setdefault(language, _vocabulary(language))
    joiner = " " if language in SPACED else ""
    parts: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(words)
        parts.append(word)
        size += len(word) + len(joiner)
        if language not in SPACED and rng.random() < 0.08:
            parts.append(" ")  # sentences are separated by spaces in these scripts
    return joiner.join(parts)


def generate(rows: int, seed: int = 7) -> None:
    """`rows` synthetic resources with their versions and countries (bulk: no per-record signals)."""
    from django.db import transaction

    from acthub.core.models import Country
    from acthub.library.models import Resource, ResourceType, ResourceVersion, Topic

    rng = random.Random(seed)
    for code in COUNTRIES:
        Country.objects.get_or_create(code=code, defaults={"name": f"Country {code}"})
    countries = dict(Country.objects.values_list("code", "pk"))
    types = list(ResourceType.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.values_list("pk", flat=True))
    languages = [code for code, _share in LANGUAGE_SHARE]
    weights = [share for _code, share in LANGUAGE_SHARE]
    batch = 2000
    for start in range(0, rows, batch):
        with transaction.atomic():
            made = []
            texts = []
            for _ in range(min(batch, rows - start)):
                language = rng.choices(languages, weights)[0]
                body = _text(rng, language, int(rng.lognormvariate(7.1, 0.45)))  # median ~1,200 characters
                for _name, (query_language, word, share) in QUERIES.items():
                    if language == query_language and rng.random() < share:
                        at = rng.randrange(len(body) + 1)
                        body = body[:at] + word + body[at:]
                level = rng.choices(["public", "partners", "internal"], [0.85, 0.1, 0.05])[0]
                made.append(
                    Resource(
                        title=_text(rng, language, rng.randint(30, 110)),
                        type_id=rng.choice(types),
                        summary=_text(rng, language, rng.randint(150, 400)),
                        year=rng.randint(2010, 2025),
                        languages=[language],
                        access_level=level,
                        status="published",
                        is_synthetic=True,
                    )
                )
                texts.append((language, body))
            created = Resource.objects.bulk_create(made)
            ResourceVersion.objects.bulk_create(
                [
                    ResourceVersion(resource_id=r.pk, language=language, text=body, text_status="done")
                    for r, (language, body) in zip(created, texts, strict=True)
                ]
            )
            through = Resource.countries.through
            through.objects.bulk_create(
                [
                    through(resource_id=r.pk, country_id=countries[code])
                    for r in created
                    for code in rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2, 3]))
                ]
            )
            topic_through = Resource.topics.through
            topic_through.objects.bulk_create(
                [topic_through(resource_id=r.pk, topic_id=t) for r in created for t in rng.sample(topics, 2)]
            )


def cache_key(rows: int) -> str:
    """What the generated records depend on: the generator, its words, the row count and the schema."""
    parts = [str(rows), repr((WORDS, QUERIES, LANGUAGE_SHARE, COUNTRIES))]
    parts += [inspect.getsource(f) for f in (generate, _text, _vocabulary)]
    parts += sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("acthub/*/migrations/0*.py"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _users() -> dict[str, Any]:
    """The callers measured: the public, a country officer (staff, scoped to two countries), regional MEL."""
    from acthub.accounts.choices import Role
    from acthub.accounts.models import User
    from acthub.core.models import Country

    officer, _made = User.objects.get_or_create(
        username="synthetic-bench-officer", defaults={"role": Role.COUNTRY_OFFICER}
    )
    officer.countries.set(Country.objects.filter(code__in=["LA", "TH"]))
    mel, _made = User.objects.get_or_create(username="synthetic-bench-mel", defaults={"role": Role.REGIONAL_MEL})
    return {"anonymous": None, "country_officer": officer, "regional_mel": mel}


def _api(user: Any, query: str) -> dict[str, Any]:
    """`GET /api/v1/search/?q=` as `user`, the view called directly (no throttling: it is what is timed)."""
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.test import APIRequestFactory, force_authenticate

    from acthub.api.search import SearchView

    request = APIRequestFactory().get("/api/v1/search/", {"q": query})
    force_authenticate(request, user=user or AnonymousUser())
    response = SearchView.as_view(throttle_classes=[])(request)
    response.render()
    assert response.status_code == 200, response.content[:200]
    body: dict[str, Any] = json.loads(response.content)
    return body


def fingerprint(body: dict[str, Any]) -> str:
    """What must be the same on both databases: the count, the first page in order, the facets."""
    shown = [(r["type"], r["title"], r["url"], r["snippet"]) for r in body["results"]]
    return hashlib.sha256(json.dumps([body["count"], shown, body["facets"]], sort_keys=True).encode()).hexdigest()[:16]


def run(backend: str, rows: int, runs: int, *, generated: bool) -> dict[str, object]:
    """Generate (unless `generated`: a cached copy), index, time the queries; the figures of this backend."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from acthub.core.progress import progress
    from acthub.library.search.index import count_records, rebuild

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the request factory's host
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not generated:
        generate(rows)
    generated_s = time.perf_counter() - started
    bar = progress(total=count_records(["resource"]), unit="resources", desc=f"index ({backend})", file=sys.stderr)
    started = time.perf_counter()
    cpu = time.process_time()
    rebuild(["resource"], progress=bar.update)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    build_s = time.perf_counter() - started
    build_cpu_s = time.process_time() - cpu
    bar.close()
    figures: dict[str, object] = {}
    for who, user in _users().items():
        for name, (_language, word, _share) in QUERIES.items():
            body = _api(user, word)  # warm the caches once
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                body = _api(user, word)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            figures[f"{name}/{who}"] = {
                "query": word,
                "matches": body["count"],
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[max(0, math.ceil(len(times) * 0.95) - 1)], 1),
                "results": fingerprint(body),
            }
    ok = build_s < TARGET_BUILD_S and all(
        f["median_ms"] < TARGET_MEDIAN_MS and f["p95_ms"] < TARGET_P95_MS  # type: ignore[index]
        for f in figures.values()
    )
    return {
        "backend": backend,
        "rows": rows,
        "generate_s": round(generated_s, 1) if not generated else "cached",
        "index_build_s": round(build_s, 1),
        "index_build_python_cpu_s": round(build_cpu_s, 1),
        "queries": figures,
        "meets_targets": ok,
    }


def _setup_django(database_url: str, media: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_MEDIA_ROOT"] = media
    import django

    django.setup()


def child_sqlite(rows: int, runs: int, cache: Path | None) -> dict[str, object]:
    """SQLite: a temporary database file, copied from the cache when the generated records are there."""
    with tempfile.TemporaryDirectory(prefix="acthub-bench-search-") as folder:
        path = Path(folder) / "bench.sqlite3"
        cached = cache / f"search-{cache_key(rows)}.sqlite3" if cache else None
        generated = bool(cached and cached.exists())
        if cached and generated:
            shutil.copyfile(cached, path)
        _setup_django(f"sqlite:///{path}", str(Path(folder) / "media"))
        if cached and not generated:
            from django.core.management import call_command
            from django.db import connection

            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            generate(rows)
            print(f"generated {rows} resources in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            connection.close()
            cached.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, cached)
            generated = True
        return run("sqlite", rows, runs, generated=generated)


def child_postgresql(rows: int, runs: int, cache: Path | None) -> dict[str, object]:
    """PostgreSQL: a new database, made from a template database holding the generated records if cached."""
    import psycopg

    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"acthub_bench_search_{os.getpid()}"
    template = f"acthub_bench_search_cache_{cache_key(rows)}"
    with psycopg.connect(server, autocommit=True) as admin:
        have = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone() is not None
        generated = bool(cache and have)
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if generated else ""))
    try:
        with tempfile.TemporaryDirectory(prefix="acthub-bench-search-") as folder:
            _setup_django(server.rsplit("/", 1)[0] + "/" + name, folder)
            from django.db import connections

            if cache and not generated:
                from django.core.management import call_command

                call_command("migrate", verbosity=0)
                started = time.perf_counter()
                generate(rows)
                print(f"generated {rows} resources in {time.perf_counter() - started:.1f} s", file=sys.stderr)
                connections.close_all()
                with psycopg.connect(server, autocommit=True) as admin:
                    admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
                generated = True
            result = run("postgresql", rows, runs, generated=generated)
            connections.close_all()
        return result
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "acthub-bench",
        help="Keep the generated records here (SQLite) or in a template database (PostgreSQL).",
    )
    parser.add_argument("--no-cache", action="store_true", help="Generate the records every time.")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    cache = None if args.no_cache else args.cache
    if args.child:
        child = child_sqlite if args.backend == "sqlite" else child_postgresql
        print(json.dumps(child(args.rows, args.runs, cache)))
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        # One process per database: Django is set up once per process.
        command = [sys.executable, __file__, "--child", "--backend", backend, "--rows", str(args.rows)]
        command += ["--runs", str(args.runs)] + (["--no-cache"] if cache is None else ["--cache", str(cache)])
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            results.append({"backend": backend, "error": f"exit {done.returncode}"})
            continue
        results.append(json.loads(lines[-1]))
    summary: dict[str, object] = {"benchmark": "search", "results": results}
    measured = [r for r in results if "queries" in r]
    if len(measured) == 2:  # the same query gives the same results on both databases
        a, b = (r["queries"] for r in measured)
        summary["same_results_on_both"] = all(a[k]["results"] == b[k]["results"] for k in a)  # type: ignore[index]
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
