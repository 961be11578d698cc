"""English names the gazetteer's sources do not give: what news in English writes for a
country, a people or a region where GeoNames, ISO and the CLDR write another name or none.

The gazetteer (``tui.core.places``) is built from GeoNames towns, ISO 3166 subdivisions and
the CLDR's country names. None of them has Crete, Sicily or Sumatra as English news writes
them (ISO has Kríti and Sicilia; Sumatra is no province at all), "Britain", "UK" or "UAE",
or "Uzbek" and "Saudi" as peoples; and GeoNames has towns named Crete (Illinois) and Thai
(Malaysia), so a story "in Crete" was placed in the United States and a Thai one in Malaysia.
A wire names the island or the country where a local paper names the village: without the
name, the two reports of one landslide could not be told to be in one place.

Written for this project from common knowledge (which region a name is, and in which
country). Each region's province is the GeoNames province of a town in it (``anchor``), or
none where the region spans several (then it covers every province of its country, as a
province the gazetteer cannot place does)."""

from __future__ import annotations

# Country names English news writes that no source gives as one (folded form, ISO code). "US"
# is not one: written "Us" at a headline's start it is a word, and a country name places a
# story. "America" neither: South America, Central America.
COUNTRY_NAMES: dict[str, str] = {
    "britain": "GB",
    "great britain": "GB",
    "uk": "GB",
    "uae": "AE",
    "usa": "US",
}

# Nations of one country that English news writes as countries (folded, ISO code): each names
# its country, as "Britain" does, where a clash of countries is told (a boat lost off Whitby,
# England, and one lost in Foveaux Strait, New Zealand, the same week, are two stories:
# ``tui.core.cluster.names.key_countries``). To the gazetteer each stays the region it is, in
# which its towns lie, and a word of its own: a report on Scotland is not one on England.
NATIONS: dict[str, str] = {
    "england": "GB",
    "northern ireland": "GB",
    "scotland": "GB",
    "wales": "GB",
}

# Peoples no ending of their country's name derives and no source lists (folded, ISO code).
# Like every demonym (``Gazetteer.demonym``), each clears a clash of countries and never makes
# one. A place of a people's name (a Malaysian town spelled Thai, Ethiopia's Somali region,
# Kazakh in Azerbaijan) is dropped: in English news the word is the people's.
DEMONYMS: dict[str, str] = {
    "argentine": "AR",
    "azeri": "AZ",
    "briton": "GB",
    "britons": "GB",
    "comorian": "KM",
    "icelandic": "IS",
    "kazakh": "KZ",
    "kosovar": "XK",
    "kyrgyz": "KG",
    "lao": "LA",
    "maldivian": "MV",
    "saudi": "SA",
    "scottish": "GB",
    "somali": "SO",
    "tajik": "TJ",
    "thai": "TH",
    "uzbek": "UZ",
    "welsh": "GB",
}

# Regions and islands by their English names: folded name -> (ISO code, anchor), the anchor
# a town whose GeoNames province is the region's, or "" where the region spans several.
REGIONS: dict[str, tuple[str, str]] = {
    # Islands
    "crete": ("GR", "heraklion"),
    "sicily": ("IT", "palermo"),
    "sardinia": ("IT", "cagliari"),
    "corsica": ("FR", "ajaccio"),
    "majorca": ("ES", "palma"),
    "mallorca": ("ES", "palma"),
    "madeira": ("PT", "funchal"),
    "azores": ("PT", ""),
    "sumatra": ("ID", ""),
    "java": ("ID", ""),
    "mindanao": ("PH", ""),
    "luzon": ("PH", ""),
    "visayas": ("PH", ""),
    "honshu": ("JP", ""),
    "kyushu": ("JP", ""),
    "shikoku": ("JP", ""),
    "hebrides": ("GB", ""),
    "jutland": ("DK", ""),
    # Regions
    "tuscany": ("IT", "florence"),
    "lombardy": ("IT", "milan"),
    "apulia": ("IT", "bari"),
    "brittany": ("FR", "rennes"),
    "normandy": ("FR", "rouen"),
    "burgundy": ("FR", "dijon"),
    "provence": ("FR", "marseille"),
    "andalusia": ("ES", "seville"),
    "catalonia": ("ES", "barcelona"),
    "bavaria": ("DE", "munich"),
    "saxony": ("DE", "dresden"),
    "thuringia": ("DE", "erfurt"),
    "hesse": ("DE", "wiesbaden"),
    "yorkshire": ("GB", ""),
    "flanders": ("BE", ""),
    "wallonia": ("BE", ""),
    "moravia": ("CZ", ""),
    "bohemia": ("CZ", ""),
    "silesia": ("PL", ""),
    "pomerania": ("PL", ""),
    "transylvania": ("RO", ""),
    "dalmatia": ("HR", ""),
    "istria": ("HR", ""),
    "anatolia": ("TR", ""),
    "crimea": ("UA", ""),
    "donbas": ("UA", ""),
    "siberia": ("RU", ""),
    "tibet": ("CN", "lhasa"),
    "sinai": ("EG", ""),
    "galilee": ("IL", ""),
    "negev": ("IL", ""),
    "darfur": ("SD", ""),
}

# A town abroad bearing a region's or a people's name is dropped when it has fewer people
# than this (Crete, Illinois; Andalusia, Alabama); a city of that name keeps it.
SMALL_TOWN = 100_000
# A town bearing the name of a country's first-level region (Arizona, Honduras; Vermont,
# Victoria) is dropped when it has fewer people than this (``places``).
REGION_TOWN = 30_000

# Words that, all of a name's words among them, make a phrase English writes capitalised for
# something other than a town: a town of several words is indexed under its whole name
# (``tui.core.places``), but GeoNames has towns named Old Town, West End, Park Avenue, White
# House and Salt Lake City, and "the Old Town of Tbilisi" or "the White House" place nothing.
# A name with one word outside the list (Walvis Bay, Thunder Bay, Cape Town, New York) is
# indexed. Written for this project.
PLAIN_PLACE_WORDS: frozenset[str] = frozenset("""
    old new west east north south upper lower central middle high great little long big
    park bay town city coast end avenue street road square bridge creek lake river valley
    hill hills beach island islands falls point harbor harbour heights village centre center
    junction station gardens garden grove forest field fields wood woods view spring springs
    black white red green blue golden silver grand salt rock house court mills mill port
    market castle church cross gate bank plains rapids sound head mountain mount
""".split())
