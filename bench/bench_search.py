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
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def run(backend: str, rows: int, runs: int) -> dict[str, object]:
    """Set up the database, generate, index, time the queries; the figures of this backend."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from acthub.library.search.index import count_records, rebuild
    from acthub.library.search.query import search

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate(rows)
    generated_s = time.perf_counter() - started
    bar = tqdm(total=count_records(["resource"]), unit=" resources", desc=f"index ({backend})", file=sys.stderr)
    started = time.perf_counter()
    rebuild(["resource"], progress=bar.update)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    build_s = time.perf_counter() - started
    bar.close()
    figures: dict[str, object] = {}
    for name, (_language, word, _share) in QUERIES.items():
        search(word, user=None)  # warm the caches once
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            results = search(word, user=None)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        figures[name] = {
            "query": word,
            "matches": results.total,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        }
    ok = build_s < TARGET_BUILD_S and all(
        f["median_ms"] < TARGET_MEDIAN_MS and f["p95_ms"] < TARGET_P95_MS  # type: ignore[index]
        for f in figures.values()
    )
    return {
        "backend": backend,
        "rows": rows,
        "generate_s": round(generated_s, 1),
        "index_build_s": round(build_s, 1),
        "queries": figures,
        "meets_targets": ok,
    }


def child(backend: str, rows: int, runs: int) -> None:
    """Run one backend in this process (Django is set up once per process) and print its JSON."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="acthub-bench-search-") as folder:
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            os.environ["DJANGO_MEDIA_ROOT"] = str(Path(folder) / "media")
            print(json.dumps(run(backend, rows, runs)))
        return
    import psycopg

    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"acthub_bench_search_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        os.environ["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + name
        with tempfile.TemporaryDirectory(prefix="acthub-bench-search-") as folder:
            os.environ["DJANGO_MEDIA_ROOT"] = folder
            result = run(backend, rows, runs)
        from django.db import connections

        connections.close_all()
        print(json.dumps(result))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.backend, args.rows, args.runs)
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        command = [sys.executable, __file__, "--child", "--backend", backend, "--rows", str(args.rows)]
        command += ["--runs", str(args.runs)]
        done = subprocess.run(command, capture_output=False, stdout=subprocess.PIPE, text=True, check=False)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            results.append({"backend": backend, "error": f"exit {done.returncode}"})
            continue
        results.append(json.loads(lines[-1]))
    print(json.dumps({"benchmark": "search", "results": results}))


if __name__ == "__main__":
    main()
