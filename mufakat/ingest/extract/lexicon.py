"""The built-in fallback lexicon: words of the genre, not names.

Names of parties, bodies and crime areas come from the registry (see ``gazetteer.py``); what is
here is the vocabulary every SOMTC/AMMTC press statement uses whatever it is about — instrument
kinds, the cue words that tell a meeting held from one an outcome is forwarded to, and the
venues of ASEAN meetings (a city names its country; the registry's own meetings add to it).
"""

from __future__ import annotations

#: Instrument kinds, by the (normalised) words that name them; longest first wins.
KIND_WORDS: dict[str, str] = {
    "comprehensive plan of action": "plan_of_action",
    "plan of action": "plan_of_action",
    "action plan": "plan_of_action",
    "cooperation plan": "plan_of_action",
    "poa": "plan_of_action",
    "work plan": "work_plan",
    "working plan": "work_plan",
    "action programme": "plan_of_action",
    "action program": "plan_of_action",
    "workplan": "work_plan",
    "work programme": "work_programme",
    "work program": "work_programme",
    "roadmap": "roadmap",
    "road map": "roadmap",
    "joint statement": "joint_statement",
    "joint ministerial statement": "joint_statement",
    "outcome document": "other",
    "joint declaration": "declaration",
    "declaration": "declaration",
    "convention": "convention",
    "treaty": "other",
    "blueprint": "other",
    "memorandum of understanding": "other",
    "mou": "other",
}

#: Words that make a body name stand for a meeting of it, not for the body itself.
MEETING_NOUNS = frozenset(
    {"meeting", "meetings", "session", "consultation", "consultations", "conference", "summit"}
)

#: "the meeting", "the event" …: a sentence that speaks of the meeting without naming it.
ANAPHORA = (
    r"\b(?:the|this)\s+(?:\w+[- ]day\s+|annual\s+|two-day\s+|three-day\s+|regional\s+"
    r"|ministerial\s+|plenary\s+|senior\s+officials'?\s+){0,2}"  # "the four-day regional meeting"
    r"(?:meeting|event|consultation|conference|session|gathering|forum|working group"
    r"|(?:formal\s+)?(?:opening|closing)\s+(?:ceremony|session))\b"
    r"|\bthis\s+\d{1,2}(?:st|nd|rd|th)\s+(?:meeting|conference|session)\b"  # "This 7th meeting was …"
    # "The meeting took place in Jakarta. It was chaired by …": the sentence goes on about it
    r"|^\W*It\s+(?:was|is|will\s+be)\s+(?:chaired|presided\s+over|hosted|held|opened|attended)\b"
)

#: Before a meeting: the outcomes go there.
FORWARD_CUES = (
    r"\b(?:submit(?:ted|ting)?|present(?:ed|ing)?\s+to|report(?:s|ed|ing)?\s+to"
    # "forwarded to" (not "looked forward to the 9th AMMD": still to come; not "the proposals
    # put forward at the 23rd SOMTC", "going forward": no outcome sent anywhere)
    r"|(?<!look\s)(?<!looks\s)(?<!looked\s)(?<!looking\s)(?<!put\s)(?<!puts\s)(?<!bring\s)"
    r"(?<!brings\s)(?<!brought\s)(?<!going\s)(?<!moving\s)(?<!come\s)(?<!came\s)"
    r"forward(?:ed|ing)?"
    r"|brought\s+to|bring\s+to"
    # "encouraged the forthcoming 33rd ASOD Meeting to examine them"
    r"|(?:encourag|urg|task|invit|request)(?:ed|es|e|ing|s)?\s+the\s+(?:forthcoming|upcoming|next)"
    r"|(?:be|been|is|are|was|were)\s+sent\s+to|tabled?\s+(?:at|to)|transmit(?:ted)?|elevated?\s+to"
    r"|prepar(?:e|es|ed|ing)\s+for"
    r"|report(?:ed|ing)?\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,6}?to"
    # "agreed to refer the draft to …", "will be recommended to …", "to be adopted at …"
    r"|refer(?:s|red|ring)?\s+(?:(?:the|its|their|this|these)\s+(?:[\w-]+\s+){0,6}?)?to"
    r"|recommend(?:s|ed|ing)?\s+(?:(?:the|its|their|this|these)\s+(?:[\w-]+\s+){0,6}?)?to"
    r"|(?:to\s+be|be)\s+(?:adopted|endorsed|approved|considered|signed|tabled)\s+(?:at|by)"
    r"|for\s+(?:the\s+)?(?:[\w']+\s+)?(?:consideration|endorsement|adoption|approval|noting)\s+(?:of|by|at))\b"
)

#: A meeting still to come.
FUTURE_CUES = (
    r"\b(?:scheduled|(?:will|would)\s+(?:also\s+)?(?:be\s+)?(?:held|hold|take\s+place|host|convene|continue|meet)"
    r"|(?:to|will)\s+be\s+(?:held|hosted|convened|followed|attended|opened|chaired|marked)|upcoming|forthcoming|next(?!\s+day)|following\s+days"
    # "… would be asked to endorse the plan when it meets in Labuan Bajo"
    r"|when\s+(?:it|they|the\s+\w+)\s+(?:next\s+)?(?:meets?|convenes?|gathers?)"
    r"|look(?:s|ing)?\s+forward\s+to"  # "The EU looks forward to the 17th AMMTC in August"
    r"|later\s+this\s+year|is\s+expected\s+to|due\s+to\s+(?:take\s+place|be\s+held|open|start)|(?:is|are)\s+going\s+to|will\s+attend|to\s+attend|postponed|deferred|rescheduled|cancell?ed|(?:is|are)\s+to\s+(?:host|hold|chair|convene|be\s+held)|slated|set\s+to\s+(?:be\s+)?(?:held|host)|(?:set|planned)\s+for)\b"
)

#: Titles and ranks written before a person's name ("Police General", "H.E."), lower case.
TITLES = frozenset(
    {
        "mr", "mrs", "ms", "dr", "h.e.", "his", "her", "excellency", "honourable", "datuk", "seri",
        "dato", "tan", "sri", "general", "gen", "lieutenant", "lt", "colonel", "col", "major",
        "maj", "brigadier", "police", "pol", "commissioner", "undersecretary", "secretary",
        "minister", "deputy", "vice", "prime", "the", "director",
    }
)  # fmt: skip

#: Before a meeting: someone means to host it ("approved the proposals to host the 38th ASOD in
#: 2017 and the 6th AMMD in 2018", "Malaysia's plan to host …"): it is still to come.
INTENT_CUES = (
    r"\b(?:proposals?|plans?|intention|offer(?:ed|s)?|bid|agreed|decided|approved|ready)"
    r"\s+to\s+(?:host|hold|convene|organi[sz]e)\b"
)

#: The meeting took place (or is taking place).
HELD_CUES = (
    r"\b(?:held|took\s+place|taking\s+place|convened|opened|concluded|closed|ended|kicked\s+off"
    r"|began|met|attended|hosted|(?:came|drew)\s+to\s+(?:a\s+|an\s+)?(?:close|end)|wrapped\s+up"
    r"|chaired|gathered|joined|during|at\s+the|on\s+the\s+sidelines)\b"
)

#: Before a meeting: it took place alongside the one reported ("on the sidelines of the 19th
#: SOMTC", "The consultation followed the 18th SOMTC").
CONCURRENT_CUES = (
    r"\b(?:on\s+the\s+(?:sidelines|margins?)\s+of|in\s+conjunction\s+with|back[- ]to[- ]back\s+with"
    r"|alongside|followed)\s+(?:the\s+)?(?:[\w-]+\s+)?$"
)

#: Only these words between two meetings: they are named together ("the AMMTC+China and
#: AMMTC+Japan Consultations were held in Bangkok on 28 November") and share what follows.
COORDINATION = (
    r"^(?:[\s,]|and\b|as\s+well\s+as\b|the\b|its\b|their\b|consultations?\b|meetings?\b"
    r"|sessions?\b|\d{1,2}(?:st|nd|rd|th)\b)*$"
)

#: Words after a kind word that make it a modifier, not an instrument ("work programme
#: activities", "Convention Centre").
KIND_MODIFIED = frozenset(
    {
        "activity", "activities", "project", "projects", "priority", "priorities", "pillar",
        "pillars", "implementation", "review", "template", "format", "matrix", "item", "items",
        "target", "targets", "indicator", "indicators", "output", "outputs", "deliverable",
        "deliverables", "centre", "center", "hall", "city", "area", "areas",
        # venues: "the Sokha Convention Hotel", "the Ariyana Convention Palace"
        "hotel", "palace", "ballroom", "complex", "room", "plaza", "building", "exhibition",
    }
)  # fmt: skip

#: "on the second day of the meeting": a day counted from the reported meeting's start.
#: "the following day", "the next day", "a day later": the day after it ended.
NTH_DAY = (
    r"\b(?:on\s+)?(?:the|a)\s+(same|first|second|third|fourth|last|final|closing|following|next)"
    r"\s+day\b|\bthe\s+day\s+(after)\b|\ba\s+day\s+(later)\b"
)
DAY_OFFSETS: dict[str, int] = {"same": 0, "first": 0, "second": 1, "third": 2, "fourth": 3}
DAYS_AFTER = frozenset({"following", "next", "after", "later"})

#: A body named as a frame, not as a meeting ("under the purview of the SOMTC").
FRAME_CUES = (
    r"\b(?:framework|purview|auspices|umbrella|mechanism|member|members|chair|chairmanship"
    r"|chairman|chairperson|chairwoman"  # "Chairman of SOMTC": the body's chair this year
    r"|reports"  # "will adopt the reports of the ASOD": the body's, no meeting
    r"|lead\s+shepherd|under|setting\s+up|establishment|establishing|creation|formation"
    r"|focal\s+points?|secretariat"  # "the national focal point of the SOMTC hosted a workshop"
    r"|through|via"  # "through the SOMTC, we have built trust": the body as the channel
    # "senior officials meet annually at the SOMTC": the series, how often it meets
    r"|(?:meet|meets|gather|gathers|convene|convenes)\s+(?:every\s+(?:\w+\s+)?years?|annually"
    r"|each\s+year|yearly|regularly|(?:twice|once)\s+a\s+year)\s+(?:at|in|for|under)"
    r"|(?:to\s+)?(?:establish|set\s+up|create|form))"  # "a proposal to establish a Working Group"
    r"\s+(?:of\s+)?(?:the\s+|a\s+|an\s+)?(?:new\s+)?$"
)  # "the setting up of the SOMTC Working Group on …": the body, not a meeting

VIRTUAL_CUES = (
    r"\b(?:virtual(?:ly)?|video\s*conference|videoconferenc\w*|teleconferenc\w*|via\s+zoom"
    r"|video\s+link|(?:held|met|conducted|convened|hosted|took\s+place)\s+online"
    r"|online\s+(?:meeting|format|session|mode|platform)|(?:consultations?|meetings?)\s+online"
    # "held the 5th meeting of the … Working Group on Cybercrime online on 10 May"
    r"|online\s+(?:on|from)\s+(?:\d{1,2}|(?:[A-Z][a-z]+day\s*,?\s*)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}))\b"
)

#: Venues of ASEAN meetings → country (ISO 3166-1 alpha-3). Fuzzy-matched for typos.
CITIES: dict[str, str] = {
    # Brunei
    "Bandar Seri Begawan": "BRN",
    # Cambodia
    "Phnom Penh": "KHM",
    "Siem Reap": "KHM",
    "Sihanoukville": "KHM",
    # Indonesia
    "Jakarta": "IDN",
    "Bali": "IDN",
    "Nusa Dua": "IDN",
    "Denpasar": "IDN",
    "Yogyakarta": "IDN",
    "Labuan Bajo": "IDN",
    "Bandung": "IDN",
    "Surabaya": "IDN",
    "Semarang": "IDN",
    "Batam": "IDN",
    "Bogor": "IDN",
    "Makassar": "IDN",
    "Medan": "IDN",
    "Lombok": "IDN",
    # Lao PDR
    "Vientiane": "LAO",
    "Luang Prabang": "LAO",
    # Malaysia
    "Kuala Lumpur": "MYS",
    "Putrajaya": "MYS",
    "Melaka": "MYS",
    "Malacca": "MYS",
    "Langkawi": "MYS",
    "Penang": "MYS",
    "Kota Kinabalu": "MYS",
    "Kuching": "MYS",
    "Johor Bahru": "MYS",
    # Myanmar
    "Nay Pyi Taw": "MMR",
    "Naypyidaw": "MMR",
    "Naypyitaw": "MMR",
    "Yangon": "MMR",
    "Mandalay": "MMR",
    "Bagan": "MMR",
    # Philippines
    "Manila": "PHL",
    "Metro Manila": "PHL",
    "Pasay": "PHL",
    "Makati": "PHL",
    "Cebu": "PHL",
    "Clark": "PHL",
    "Boracay": "PHL",
    "Davao": "PHL",
    # Singapore
    "Singapore": "SGP",
    # Thailand
    "Bangkok": "THA",
    "Chiang Mai": "THA",
    "Chiang Rai": "THA",
    "Pattaya": "THA",
    "Phuket": "THA",
    "Hua Hin": "THA",
    "Krabi": "THA",
    # Viet Nam
    "Hanoi": "VNM",
    "Ha Noi": "VNM",
    "Ho Chi Minh City": "VNM",
    "Da Nang": "VNM",
    "Danang": "VNM",
    "Hue": "VNM",
    "Nha Trang": "VNM",
    "Ha Long": "VNM",
    "Halong": "VNM",
    "Hoi An": "VNM",
    # Timor-Leste
    "Dili": "TLS",
    # Partners
    "Tokyo": "JPN",
    "Beijing": "CHN",
    "Seoul": "KOR",
    "Canberra": "AUS",
    "New Delhi": "IND",
    "Wellington": "NZL",
    "Moscow": "RUS",
    "Washington": "USA",
    "Manado": "IDN",
    "Padang": "IDN",
    "Palembang": "IDN",
    "Banda Aceh": "IDN",
    "Solo": "IDN",
    "Malang": "IDN",
    "Mataram": "IDN",
    "Kupang": "IDN",
    "Balikpapan": "IDN",
    "Pontianak": "IDN",
    "Bintan": "IDN",
    "Tangerang": "IDN",
    "Ipoh": "MYS",
    "Kota Bharu": "MYS",
    "Sandakan": "MYS",
    "Cyberjaya": "MYS",
    "Shah Alam": "MYS",
    "Genting Highlands": "MYS",
    "Quezon City": "PHL",
    "Pasig": "PHL",
    "Taguig": "PHL",
    "Tagaytay": "PHL",
    "Iloilo": "PHL",
    "Subic": "PHL",
    "Bohol": "PHL",
    "Panglao": "PHL",
    "Legazpi": "PHL",
    "Baguio": "PHL",
    "Mandaluyong": "PHL",
    "Parañaque": "PHL",
    "Chonburi": "THA",
    "Khon Kaen": "THA",
    "Udon Thani": "THA",
    "Ayutthaya": "THA",
    "Koh Samui": "THA",
    "Hat Yai": "THA",
    "Cha-am": "THA",
    "Nonthaburi": "THA",
    "Can Tho": "VNM",
    "Hai Phong": "VNM",
    "Haiphong": "VNM",
    "Quang Ninh": "VNM",
    "Vung Tau": "VNM",
    "Phu Quoc": "VNM",
    "Quy Nhon": "VNM",
    "Battambang": "KHM",
    "Kampot": "KHM",
    "Kep": "KHM",
    "Pakse": "LAO",
    "Savannakhet": "LAO",
    "Vang Vieng": "LAO",
    "Mawlamyine": "MMR",
    "Kunming": "CHN",
    "Nanning": "CHN",
    "Guangzhou": "CHN",
    "Xiamen": "CHN",
    "Shanghai": "CHN",
    "Sydney": "AUS",
    "Melbourne": "AUS",
    "Osaka": "JPN",
    "Kyoto": "JPN",
    "Busan": "KOR",
    "Incheon": "KOR",
    "Brussels": "",
    "Vienna": "",
    "Lyon": "",
}

#: Ordinal words → numbers (compounds such as "twenty-first" are read by numbers.py).
ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "inaugural": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
}
TENS_WORDS: dict[str, int] = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}

#: The Plus Three, when the registry has no "+3" body listing them.
PLUS_THREE = ("CHN", "JPN", "KOR")

#: A body described rather than named ("the Meeting of ASEAN Ministers on Drug Matters", "ASEAN
#: senior officials on drug control", "the ASEAN National Police Conference"): its words, each
#: read as one of these, compared with the registry's names read the same way.
DESCRIBED_SAME: dict[str, str] = {
    "ministers": "minister", "ministerial": "minister", "officials": "official",
    "drugs": "drug", "narcotics": "drug", "narcotic": "drug", "crimes": "crime",
    "chiefs": "chief", "heads": "chief", "head": "chief",
}  # fmt: skip
#: Words that do not tell one body from another.
DESCRIBED_IGNORED = frozenset(
    {
        "asean", "meeting", "meetings", "conference", "consultation", "of", "on", "the",
        "matters", "matter", "control", "national", "'", "in",
        # "… Meeting on Combatting Transnational Crime", "… on the Prevention of …"
        "combating", "combatting", "combat", "preventing", "prevention", "against",
        # "the Conference of the Police of the ASEAN Countries": whose, not which body
        "countries", "nations", "member", "states",
        # "ASEAN ministers in charge of drug matters", "officials responsible for …": their body
        "charge", "responsible", "for",
    }
)  # fmt: skip
#: Words of a description that says what people are in charge of: the people must be many.
DESCRIBED_DUTY = frozenset({"charge", "responsible"})
#: A description names a meeting of people: one of these words must be in it.
DESCRIBED_PEOPLE = frozenset(
    {"official", "minister", "chief", "meeting", "conference", "consultation"}
)

#: Crime areas described rather than named: (pattern, the general phrases it stands for, asked
#: of the registry in order — the first the registry knows gives the area). The words here are
#: the genre's ways of describing an offence, not names.
_TECH = (
    r"(?i:cyber|online|internet|web|computer|digital|e-?mail|(?:tele)?phone|call[- ]cent(?:re|er)"
    r"|telecom(?:munications?)?)"
)
CRIME_DESCRIPTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # "cyber-enabled fraud", "Internet-based fraud", "computer-related crimes", "phone scam
    # rings", "online gambling", "cyber criminals": an offence committed through technology
    (
        rf"\b{_TECH}(?:[- ](?:enabled|based|related|facilitated|linked))?[- ]?"
        r"(?:fraud|frauds|fraudsters?|scams?|scammers?|crimes?|criminals?|criminality|gambling"
        r"|extortion|phishing)\b",
        ("online fraud", "online scams", "cyber crime"),
    ),
    # "crimes in the sphere of information and communication technologies", "the use of ICT
    # for criminal purposes"
    (
        r"\b(?:crimes?|criminal)\b[\w\s,-]{0,40}?\b(?:ICTs?|information\s+and\s+communications?"
        r"\s+technolog(?:y|ies))\b|\b(?:ICTs?|information\s+and\s+communications?\s+technolog"
        r"(?:y|ies))\s+for\s+criminal\b",
        ("cyber crime",),
    ),
    # "scam centres", "scam compounds", "voice phishing": fraud run from a keyboard or phone
    (
        r"\b[Ss]cam\s+(?:centres?|centers?|compounds?|hubs?|dens?|operations?|syndicates?"
        r"|rings?|gangs?|networks?|factories|parks?)\b|\bphishing\b",
        ("online scams", "online fraud", "cyber crime"),
    ),
    # "victims of trafficking", "trafficking victims", "traffickers in women and children",
    # "the trafficking of workers to scam compounds": people are what is trafficked
    (
        r"\bvictims?\s+of\s+(?:human\s+)?trafficking\b|\btrafficking\s+victims?\b"
        r"|\btraffick(?:ing|ers?|ed)\s+(?:of|in)\s+(?:(?:young|foreign|migrant|vulnerable)\s+)?"
        r"(?:persons|people|humans?|human\s+beings|women|children|girls|boys|workers|labou?rers"
        r"|victims|migrant\s+workers)\b"
        r"|\b(?:persons|people|women|children|girls|workers)\s+(?:who\s+)?(?:were|are|being|been)"
        r"\s+trafficked\b|\bto\s+traffic\s+(?:\w+\s+and\s+)?(?:people|persons|humans|women)\b",
        ("trafficking in persons", "human trafficking"),
    ),
    # "methamphetamine", "heroin", "traffic drugs": the drugs themselves
    (
        r"\b(?:(?:crystal\s+)?meth(?:amphetamines?)?|amphetamines?|heroin|cocaine|opium|ketamine"
        r"|yaba|ecstasy|cannabis|marijuana|precursor\s+chemicals|to\s+traffic\s+drugs)\b",
        ("illicit drugs", "drugs", "drug trafficking"),
    ),
    # "launder their profits", "laundered proceeds": the verb
    (r"\blaunder(?:s|ed)?\b", ("money laundering", "laundering")),
    # "gunrunning", "the illicit trade in firearms", "illegal flows of weapons"
    (
        r"\bgun[- ]?running\b|\b(?:illicit|illegal)\s+(?:trade|traffic|flows?|transfers?|sales?)"
        r"\s+(?:in|of)\s+(?:small\s+)?(?:fire)?(?:arms|weapons|guns|ammunition|explosives)\b",
        ("arms trafficking", "arms smuggling"),
    ),
    # "credit card fraud", "commercial fraud", "maritime fraud": fraud on trade and money,
    # not through a computer ("online fraud" is read above)
    (
        r"\b(?:commercial|credit[- ]card|maritime|transnational|corporate|banking)\s+fraud\b",
        ("economic crime", "commercial crime"),
    ),
)

#: Words that make a run of capitalised words the name of an office or a programme ("the
#: International Crime and Terrorism Bureau", "the Counter-Terrorism Capacity Building
#: Program"): a crime area inside it is its name's, not the meeting's subject.
ORGANISATION_NOUNS = frozenset(
    {
        "bureau", "office", "department", "division", "directorate", "unit", "agency",
        "program", "programme", "fund", "facility", "institute", "academy", "commission",
        # a post: "Japan's Ambassador for International Counter-Terrorism"
        "ambassador", "envoy",
    }
)  # fmt: skip
