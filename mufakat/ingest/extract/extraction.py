"""The extractor: a press statement in, proposed records out, each with the sentence(s) it came
from. Deterministic: the same text and registry give the same JSON.

    extraction = extract(text, published=date(2023, 5, 19), gazetteer=Gazetteer.from_registry())
    extraction.to_json()  # the schema of the ingest issue (meetings, instruments, crime areas,
                          # parties), plus "published", "source" and per-code "evidence"
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from mufakat.ingest.extract import lexicon
from mufakat.ingest.extract.crime_areas import (
    described_crime_areas,
    elliptical_crime_areas,
    find_crime_areas,
)
from mufakat.ingest.extract.dates import DateMention, find_dates, resolve
from mufakat.ingest.extract.gazetteer import City, Gazetteer
from mufakat.ingest.extract.instruments import (
    InstrumentFinding,
    find_acronyms,
    find_instruments,
    find_partner_plans,
    link_instrument,
    merge_instruments,
    period_referred,
    refers_to,
)
from mufakat.ingest.extract.meetings import UNSAID, Mention, find_mentions
from mufakat.ingest.extract.numbers import anaphoric_ordinal, ordinal_at, ordinal_before
from mufakat.ingest.extract.parties import (
    PartyHit,
    acts_as_organisation,
    find_parties,
    named_for_role,
    plus_three_named,
)
from mufakat.ingest.extract.sentences import Sentence, split_sentences
from mufakat.ingest.extract.text import Document, parse_document
from mufakat.ingest.extract.tokens import Token, phrase_key, tokenize

_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'’ -]{1,40}?)(?:\s*\([^()]{2,30}\))?(?:,\s*[^()\n]{0,30}?)?"
    r"(?:\s*\((?:[A-Za-z .]{2,25})\))?\s*(?:[-–—]{1,2}|:)\s+"
    # "VIENTIANE, Aug. 12 (UrduPoint / Pakistan Point News - 12th Aug, 2023 ) :The …": a
    # city in capitals, its day, and a credit in parentheses that may carry a date of its own
    r"|^[A-Z][A-Z .]{2,30},\s*(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2})(?:,?\s+\d{4})?"
    r"\s*\([^()\n]{2,60}\)\s*(?:[-–—]{1,2}|:)\s*"
)
_DATELINE_AGENCY = re.compile(
    r"\((?:[A-Z][A-Za-z .]{1,24})\)|^[A-Z][A-Z .,]{2,40}\s*[-–—:]"
    r"|^[A-Z][A-Z .]{2,30},\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s*[-–—]"  # "VIENTIANE, Laos –"
    # "BANGKOK, 11 July 2019 —", "KUALA LUMPUR, Sept 8 --": a city in capitals and the day
    r"|^[A-Z][A-Z .]{2,30},\s*(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2})(?:,?\s+\d{4})?"
    r"(?:\s*\([^()\n]{2,60}\))?\s*[-–—:]"
    r"|,\s*[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|id|vn|ph|my|th|kh|la|sg|bn|mm|co)\b"  # "Jakarta, Beritasatu.com -"
    r"|^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|id|vn|ph|my|th|kh|la|sg|bn|mm|co)\b,"  # "Liputan6.com, Jakarta -"
)
_ANAPHORA = re.compile(lexicon.ANAPHORA, re.IGNORECASE)
#: Outcomes sent on in other words: "will feed into the 15th AMMTC", "for submission to …",
#: "its recommendations to the 5th AMMD", "will be put to the 20th SOMTC", "convey its
#: recommendations to …".
_FORWARD_ALSO = (
    r"|\b(?:feed(?:s|ing)?|fed)\s+into\b|\bsubmission\s+to\b"
    r"|\b(?:recommendations?|outcomes?|results?|conclusions?)\s+to\s+(?=the\b)"
    r"|\b(?:be|been|is|are|was|were)\s+put\s+to\b|\bwill\s+put\s+to\b"
    r"|\bconvey(?:s|ed|ing)?\s+(?:(?:the|its|their)\s+(?:[\w-]+\s+){0,6}?)?to\b"
)
_FORWARD = re.compile(lexicon.FORWARD_CUES + _FORWARD_ALSO, re.IGNORECASE)
#: "the 59th Session of the Commission on Narcotic Drugs": a session of a body named after it
_OF_A_NAMED_BODY = re.compile(
    r"\b\d+(?:st|nd|rd|th)\s+(?:[\w-]+\s+)?(?:session|meeting|conference|edition)\s+of\s+"
    r"(?:the\s+)?(?-i:[A-Z])",
    re.IGNORECASE,
)
#: "… following the 16th SOMTC", "which came one day after the 11th SOMTC"
_FOLLOWING = re.compile(
    r"\b(?:following|(?:(?:one|a|two|the)\s+days?\s+)?after)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_EARLIER = re.compile(
    r"\b(?:earlier\s+(?:this|in\s+the)\s+(?:month|year)|last\s+(?:month|year))\b", re.IGNORECASE
)
_REFERRING = re.compile(r"refer(?:s|red|ring)?\s+to$", re.IGNORECASE)
#: Where a meeting is held beside another: "on the sidelines of the 19th AMMTC".
_ON_THE_OCCASION_OF = re.compile(
    r"\b(?:on\s+the\s+(?:occasion|sidelines?|margins?)\s+of|in\s+the\s+margins?\s+of"
    r"|alongside|in\s+conjunction\s+with|back[-\s]to[-\s]back\s+with)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
#: A meeting named in words the gazetteer does not know as a body: "the next consultation".
_MEETING_WORD = re.compile(r"\b(?:consultations?|meetings?|dialogues?)\b", re.IGNORECASE)
_FUTURE = re.compile(lexicon.FUTURE_CUES, re.IGNORECASE)
_HELD = re.compile(lexicon.HELD_CUES, re.IGNORECASE)
_VIRTUAL = re.compile(lexicon.VIRTUAL_CUES, re.IGNORECASE)
_HOST_BEFORE = re.compile(
    r"(?:\b(?:hosted|organi[sz]ed|convened)\s+(?:virtually\s+|online\s+|jointly\s+)?by"
    r"|\bat\s+the\s+invitation\s+of"  # "at the invitation of the Government of Malaysia"
    r"|(?<!next\s)(?<!incoming\s)\bhost(?:\s+country)?,?)"  # "the host, Malaysia", "host country Malaysia"
    r"\s+(?:the\s+)?(?:government\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_HOST_AFTER = re.compile(
    r"^\s*(?:,\s*(?:(?:as|which|who)\s+[^,.;]{1,60},\s*)?)?(?:(?:chaired\s+and\s+)?(?:hosted|organi[sz]ed)|will\s+host|is\s+(?:set\s+to\s+|due\s+to\s+)?host(?:ing)?|hosts"
    r"|,\s*(?:the\s+)?host(?:\s+country)?\b"  # "Malaysia, the host country, …"
    # "Viet Nam played host to …", "with Thailand as the host", "Laos, as host and chair, …"
    r"|(?:played|plays|will\s+play)\s+host\s+to|(?:is|was|will\s+be)\s+(?:the\s+)?host\s+(?:of|to|for)"
    # "the Royal Malaysia Police was appointed host of the 36th Aseanapol Conference"
    r"|(?:is|was|has\s+been)\s+(?:appointed|named|chosen|designated|selected)\s+(?:as\s+)?(?:the\s+)?host"
    r"|as\s+(?:the\s+)?host(?:\s+country)?(?!\s+of\s+ASEAN))\b",
    re.IGNORECASE,
)
#: "hosted by the Office of the Narcotics Control Board of Thailand": the state named in the
#: host's name, before the clause ends.
_HOSTED_BY = re.compile(
    r"\b(?:hosted|organi[sz]ed|convened)\s+(?:virtually\s+|online\s+|jointly\s+)?by\b",
    re.IGNORECASE,
)
#: "Malaysia Police", "Thai National Police": the rest of an agency's name after its state's.
_AGENCY_AFTER = re.compile(r"^(?:\s+[A-Z][\w-]*){1,3}(?=\s+(?:was|is|has|will|hosted|hosts)\b)")
#: "Thailand's Office of the Narcotics Control Board hosted …": the state whose agency hosts.
_AGENCY_HOSTS = re.compile(
    r"^(?:['’]s?)?\s+(?:(?:[A-Z][\w-]*|of|the|and|for|on)\s+){1,9}\(?(?:[A-Z]{2,8}\)\s+)?"
    r"(?:hosted|hosts|will\s+host|is\s+hosting)\b"
)
_CHAIR_BEFORE = re.compile(
    r"\b(?:(?<!co-)chaired|presided(?:\s+over)?)\s+by\s+(?:the\s+)?$|\bunder\s+the\s+chair(?:manship)?\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CHAIR_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:(?:is|was|has\s+been|will\s+be)\s+(?:tasked\s+to\s+|set\s+to\s+|assigned\s+to\s+)?"
    r"(?:lead|chair|leading|chairing)|chaired|chairs|presided\s+over|led)\s+(?:this|the)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:meeting|working\s+group|consultation|session|conference|forum)\b",
    re.IGNORECASE,
)
#: After a state: it chairs the meeting named next ("Laos, as chair of the 18th AMMTC", "while
#: Indonesia held the chairmanship of the 17th AMMTC", "Thailand, as host and chair, …").
_CHAIR_OF_NAMED = re.compile(
    r"^\s*,?\s*(?:(?:as|serving\s+as|in\s+its\s+capacity\s+as)\s+(?:the\s+)?(?:host\s+and\s+)?"
    r"chair(?:man|person|woman)?(?:\s+and\s+host)?(?:\s+of\s+the\b|\s+of\s+(?!ASEAN\b)[A-Z]|\s*,)"
    r"|(?:held|holds|holding|assumed|assumes|took\s+over)\s+the\s+chair(?:manship)?\s+of\s+the\b"
    r"|(?:is|was|will\s+be)\s+(?:the\s+)?chair\s+of\s+(?:the|this)\b)",
    re.IGNORECASE,
)
_UNDER_POSSESSIVE = re.compile(r"\bunder\s+$", re.IGNORECASE)
_POSSESSIVE_CHAIR = re.compile(
    r"^(?:['’]s?)?\s+chair(?:manship)?\b", re.IGNORECASE
)  # "under Laos' chairmanship"
_CHAIR_OF = re.compile(
    r"\bchair(?:man|woman|person)?\s+of\s+(?:the|this)\s+(?:[\w']+\s+){0,2}?"
    r"(?:meeting|conference|session|SOMTC|AMMTC|ASOD|AMMD)\b(?!['’]s\b)",  # not "…'s committee"
    re.IGNORECASE,
)  # "Puno, chairman of this year's SOMTC"
#: Right before a meeting's name: "Chairman of the", "the chair of the 18th".
_CHAIR_OF_NEXT = re.compile(
    r"\b(?<!co-)chair(?:man|woman|person)?\s+of\s+(?:(?:the|this)\s+(?:[\w'’-]+\s+)?)?$",
    re.IGNORECASE,
)
_CO_CHAIR = re.compile(r"\bco-?chair|\bjointly\s+(?:chaired|presided|led)", re.IGNORECASE)
_IN_THE_CHAIR = re.compile(r"^\s+in\s+the\s+chair\b", re.IGNORECASE)  # "With Vietnam in the chair"
#: "ASEAN, currently chaired by Indonesia": ASEAN's chair (not "the ASEAN-Japan partnership, …").
_ASEAN_CHAIR = re.compile(r"\bASEAN\b(?!\s*[-–+]\s*\w)[^.;]{0,25}$")
#: "chaired by General Sok Phal, Secretary of State of the Ministry of Interior of Cambodia"
_CHAIRED_BY = re.compile(
    r"\b(?:(?<!co-)chaired|presided\s+over|(?:was|were)\s+led)\s+by\b"
    r"|\bunder\s+the\s+presidency\s+of\b"  # "under the presidency of Deputy Prime Minister …"
    r"|\bunder\s+the\s+chair(?:manship)?\s+of\b",  # "… of Vilay Lakhamfong, Minister of …"
    re.IGNORECASE,
)
#: "Malaysia's Deputy Prime Minister …, chaired the meeting", "which the Philippines chaired"
_CHAIR_VERB = re.compile(
    r"\b(?<!co-)(?:chaired|chairs|chairing|presided\s+over|presiding\s+over"
    r"|(?<=will\s)chair|(?<=also\s)chair|(?<=to\s)chair)\b(?!\s+by)"  # "will also chair the …"
    r"(?!\s+(?:the\s+)?ASEAN\b(?!\s+(?:Ministerial|Senior|Summit|Plus|\+)))"  # "chairs ASEAN this year"
    # "presided over the opening ceremony": opened it, did not chair it
    r"(?!\s+(?:the\s+)?(?:official\s+)?(?:opening|closing|launch)\b)",
    re.IGNORECASE,
)
_CONCURRENT = re.compile(lexicon.CONCURRENT_CUES, re.IGNORECASE)
_NTH_DAY = re.compile(lexicon.NTH_DAY, re.IGNORECASE)
#: Right before "the meeting": someone chaired it ("Minister …, who chaired the meeting, said").
_CHAIRED_IT = re.compile(
    r"\b(?<!co-)(?:chaired|chairs|chairing|presided\s+over|presides\s+over|presiding\s+over)\s+$",
    re.IGNORECASE,
)
#: Before a meeting: another was held with it ("held in Hanoi after the 10th SOMTC").
_HELD_WITH = re.compile(
    r"\b(?:after|following|before|ahead\s+of|on\s+the\s+(?:sidelines|margins?)\s+of|alongside"
    r"|back[- ]to[- ]back\s+with|in\s+conjunction\s+with)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_COORDINATED = re.compile(lexicon.COORDINATION, re.IGNORECASE)
_AND = re.compile(r",|\b(?:and|as\s+well\s+as)\b", re.IGNORECASE)
#: A body's members meeting partners: "met (separately) with", "sat down with", "held talks with".
_MEETS_WITH = (
    r"(?:met\s+(?:separately\s+)?with|sat\s+down\s+with"
    r"|(?:held|had)\s+(?:separate\s+)?(?:talks|meetings)\s+with)\b"
)
#: "consultations with …", "held separate summits with its dialogue partners …"
_CONSULTATIONS = re.compile(
    r"\b(?:consultations?|summits|separate\s+(?:meetings|sessions))\s+(?:\w+\s+){0,4}?"
    r"(?:with|involving|between)\b"
    r"|\bpartners?\s+consultations?,?\s+(?:which\s+)?(?:includes?|including|with)\b"
    r"|\b(?:held|met)\s+separately\s+with\b"
    # "the 25th SOMTC and related meetings with dialogue partners (Plus Three, China, …)"
    r"|\b(?:related\s+)?meetings\s+with\s+(?:the\s+|its\s+|their\s+)?dialogue\s+partners?\b"
    r"|\bdialogues?\s+(?:\w+\s+){0,4}?with\b"  # "Dialogues with China, Japan … were also held"
    # "the SOMTC also held meetings with Australia, India …" (not a delegate's bilateral ones)
    r"|\b(?:held|hold|holds|convened)\s+(?:(?!bilateral\b)\w+\s+){0,2}?meetings\s+with\b"
    # "the senior officials also met (with) their counterparts from Australia, Canada …"
    r"|\b(?:met|meet|meets|meeting|sat\s+down|sit\s+down)\s+(?:with\s+)?(?:their|its)\s+"
    r"(?:\w+\s+){0,2}?counterparts\s+(?:from|of)\b"
    # "… met their Chinese, Japanese and South Korean counterparts": the partners named before
    r"|\bmet\s+(?:with\s+)?(?:their|its)(?=\s[^.;]{0,80}?\bcounterparts\b)"
    # "ASOD's meetings with China, India …", "the AMMTC's annual meetings with its partners …",
    # "the SOMTC meetings with Japan and India"
    r"|(?:['’]s|\b(?-i:[A-Z]{3,}))\s+(?:(?!bilateral\b)\w+\s+)?(?:meetings|sessions|talks)"
    r"\s+with\b"
    # "… was followed by meetings with China, India …", "Sessions with India and Russia were
    # held the following day": the body's, named before or reported
    r"|\b(?:followed\s+by|preceded\s+by|then|also)\s+(?:(?!bilateral\b)\w+\s+){0,2}?"
    r"(?:meetings|sessions)\s+with\b"
    r"|\b(?:meetings|sessions)\s+with\b"
    r"(?=[^.;]*\b(?:(?:were|was)\s+(?:also\s+)?(?:held|convened)|took\s+place|followed)\b)"
    # "The related meetings with Canada, China …, which are partner countries of ASEAN"
    r"|\brelated\s+meetings\s+with\b"
    r"|\b(?:meetings|sessions)\s+were\s+(?:also\s+|then\s+)?(?:held|convened)\s+with\b"
    # "the (ASEAN) senior officials sat down with Russia …", "the ministers also held talks with
    # Japan …": the body's members, as one, meet partners (not a delegation's own talks)
    r"|\b(?:the|ASEAN)\s+(?:ASEAN\s+)?(?:senior\s+officials|ministers)\s+"
    rf"(?:(?:also|then|later|separately)\s+)?{_MEETS_WITH}",
    re.IGNORECASE,
)
#: A sentence about what a body does as a rule, not about one meeting.
_HABIT = re.compile(
    r"\b(?:annually|regularly|every\s+year|each\s+year|since\s+(?:19|20)\d\d"
    r"|over\s+the\s+(?:past\s+)?years)\b",
    re.IGNORECASE,
)
#: After "consultations with": the body itself or ASEAN, the partners having been named before.
_WITH_US = re.compile(
    r"\s+(?:the\s+)?(?:ASEAN(?:'s)?\s+)?(?:[A-Z]{3,}\b|ASEAN\b|senior\s+officials|ministers)"
)
#: "the ASOD met with China, India and Russia": the body itself meets its partners.
_BODY_MET_WITH = re.compile(rf"\s*(?:(?:also|then|later)\s+)?{_MEETS_WITH}", re.IGNORECASE)
_IN_CAPITALISED = re.compile(r"\b(?:in|at)\s+((?:[A-Z][\w'’]+[ -]){0,2}[A-Z][\w'’]+)")
_ASIDE_LINE = re.compile(
    r"^[^\n]*\((?:photo|file\s+photo|image|picture)\b[^()\n]*\)[ \t]*$"
    r"|^[ \t]*(?:also\s+read|read\s+(?:more|also)|see\s+also|related(?:\s+news)?)\s*:[^\n]*$"
    # "[Rendered into English from the Vietnamese original.]": the editor's note on the text
    r"|^[ \t]*\[[^\[\]\n]*\][ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_CREDIT = re.compile(
    r"^\(?\s*(?:source|photo|image|credit|reporting by|editing by|translated by)\b", re.I
)
_WINDOW = dt.timedelta(days=4)
_OPENED = re.compile(
    r"\b(?:opened|opens|began|begins|kicked\s+off|commenced|started|opening\s+(?:session|ceremony))\b",
    re.IGNORECASE,
)
#: The past tense of opening: a meeting that "began" is under way or over, not still to come.
_BEGAN = re.compile(r"\b(?:opened|began|kicked\s+off|commenced|started)\b", re.IGNORECASE)
_CLOSED = re.compile(
    r"\b(?:closed|closes|concluded|concludes|ended|wrapped\s+up|closing\s+(?:session|ceremony|of)"
    r"|(?:close|end|conclusion)\s+of|(?:came|comes|drew|draws)\s+to\s+(?:a\s+|an\s+)?(?:close|end))\b",
    re.IGNORECASE,
)
#: A sentence about the reported meeting's series, not about it: "was first held in 1987".
_FIRST_HELD = re.compile(
    r"\b(?:was|were)\s+(?:first|initially)\s+(?:held|convened|organi[sz]ed|hosted)\b"
    r"|\b(?:first|inaugural)\s+(?:meeting|conference|session)\s+was\s+(?:held|convened)\b",
    re.IGNORECASE,
)
_DAYS = re.compile(
    r"\b(one|two|three|four|five|2|3|4|5)[- ]day\b|\b(?:over|after)\s+(two|three|four|five)\s+days\b",
    re.IGNORECASE,
)
_DAY_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
#: Planned, then begun: "scheduled for 4-6 July, opened in Jakarta on Tuesday".
_SCHEDULED_THEN_OPENED = re.compile(
    r"\b(?:scheduled|planned|slated|set)\s+(?:for|from|on)\b[^.;]*?,\s*(?:was\s+)?"
    r"(?:opened|began|started|kicked\s+off|got\s+under\s+way)\b",
    re.IGNORECASE,
)
_WILL_OPEN = re.compile(r"\b(?:will|to)\s+(?:open|begin|start|kick\s+off)\b", re.IGNORECASE)
_WILL_END = re.compile(
    r"\b(?:will|to)\s+(?:end|close|conclude)\b"
    r"|\b(?:will\s+|to\s+)?(?:last|lasts|run|runs|continue|continues)\s+(?:until|till|through)\b",
    re.IGNORECASE,
)
#: "ahead of the 19th AMMTC in September", "preparations for the 19th AMMTC", "Preparatory
#: Meeting for the 41st Conference": still to come
_AHEAD = re.compile(
    r"\b(?:ahead\s+of|in\s+preparation\s+for|preparations?\s+for|prior\s+to|in\s+the\s+(?:run|lead)[-\s]up\s+to"
    r"|(?:preparatory|pre[-\s]?coordination|planning)\s+meetings?\s+for|to\s+be\s+used\s+for)"
    r"\s+(?:the\s+)?(?:upcoming\s+|forthcoming\s+|next\s+)?(?:[\w-]+\s+){0,2}(?:ASEAN\s+)?$",
    re.IGNORECASE,
)
#: Between "the plenary session" and the meeting named: it is a session of that meeting.
_OF_THE_NAMED = re.compile(r"\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?$")
#: Right after a meeting's name: the sentence's verb (its subject is named before it).
#: After a meeting named in a phrase put first: the sentence's own clause begins.
_CLAUSE_NEXT = re.compile(r"\s*(?:\([^()]*\)\s*)?,\s+(?:the|a|an|senior|some|officials)\b", re.I)
_VERB_NEXT = re.compile(
    r"\s*(?:\([^()]*\)\s*)?,?\s*(?:took\s+place|was\s+held|were\s+held|opened|met|convened"
    r"|was\s+convened|began)\b",
    re.IGNORECASE,
)
#: "… held talks in Kuala Lumpur on October 1": a meeting with a partner, named only so.
_HELD_TALKS = re.compile(r"\b(?:held|hold|holds)\s+talks\b", re.IGNORECASE)
#: "The talks were among the activities held on the sidelines of …": the meeting they went with.
_TALKS_ALONGSIDE = re.compile(
    r"\b[Tt]he\s+talks\b[^.;]*?\b(?:on\s+the\s+(?:sidelines|margins?)\s+of|in\s+conjunction\s+with"
    r"|alongside)\b"
)
#: Before "presided over by": the opening or closing, not the meeting, was presided over.
_CEREMONY_BY = re.compile(
    r"\b(?:opening|closing|inaugural)\s+(?:ceremony|session|address)\s+(?:was|were|is)\s+$",
    re.IGNORECASE,
)
#: Before a meeting: another is held within it ("within the framework of the 17th AMMTC, …").
_WITHIN = re.compile(
    r"\b(?:within\s+the\s+framework|in\s+the\s+framework|on\s+the\s+(?:sidelines|margins?))"
    r"\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
#: Before a city: where something was said or received, not where the meeting met.
_SAID_IN = re.compile(
    r"\b(?:(?:said|says|stated|announced|told\s+(?:reporters|journalists|the\s+press))"
    r"(?:\s+on\s+\w+)?|statement\s+(?:received|issued|released)|received)\s+(?:in|at)\s+$",
    re.IGNORECASE,
)
#: "… held a press conference on the outcome of …": an event about the meeting, elsewhere.
_PRESS_CONFERENCE = re.compile(
    r"\b(?:held|gave|hold|holds|convened|organi[sz]ed)\s+an?\s+(?:press|news)\s+"
    r"(?:conference|briefing)\s+(?:(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s*){1,3})?",
    re.IGNORECASE,
)
_ASEAN_CHAIR_OF = re.compile(r"\bASEAN\s+Chair(?:man)?(?:ship)?\b", re.IGNORECASE)
_MEETS_NOW = re.compile(
    r"\b(?:meets|opens|begins|starts|convenes|takes\s+place|is\s+held|are\s+held)\b", re.I
)
_OPENS = re.compile(
    r"\b(?:opens|begins|starts|kicks\s+off|convenes|gets\s+under\s+way)\b", re.IGNORECASE
)
#: An organisation named as a source or described, not taking part: "citing figures of the
#: UNODC", "according to the UNODC", "the governing body of the UNODC".
_CITED = re.compile(
    r"\b(?:citing|according\s+to|figures|data|statistics|estimates|report|governing\s+body"
    r"|contributions?\s+from)\s+(?:(?:\w+\s+){0,2}?(?:of|by|from)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_THE_HOST = re.compile(
    r"\b(?:the\s+host|host\s+country|at\s+the\s+invitation\s+of)\b", re.IGNORECASE
)
#: "… first tabled in 2006 when the conference was organised in Malaysia": another time the
#: meeting met, not the one reported.
_ANOTHER_TIME = re.compile(r"\b(?:when|since|after|until)\s+$", re.IGNORECASE)
#: A meeting the registry does not know, named as what took place: "The ASEAN Foreign
#: Ministers' Retreat (AMM Retreat) was convened in Langkawi on 19 January".
_OTHER_EVENT_HELD = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s+){1,6}(?:Meeting|Retreat|Conference|Summit|Forum|Dialogue"
    r"|Workshop|Seminar|Consultation)s?\b(?:\s*\([^()]*\))?\s*,?\s+(?:was|were)\s+"
    r"(?:convened|held|opened|organi[sz]ed)\b"
)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|WIB|GMT|UTC|ICT|\+\d{2})", re.I)
#: "The 44th ASOD continued at 8 am yesterday": the day is one of the meeting's, not its first.
_CONTINUED = re.compile(
    r"\b(?:continued|resumed|entered\s+its\s+\w+\s+day)\b(?:\s+(?:at|from)\s+[\w:.]+"
    r"(?:\s*[ap]\.?m\.?)?)?\s+(?:on\s+)?$",
    re.IGNORECASE,
)
#: "… China, Japan and Korea at the AMMTC Plus Three": the meeting the partners met at
_AT_THE_MEETING = re.compile(
    r"\b(?:at|in|during|under|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,5}[\w-]*$", re.I
)
#: "… China, Japan and Korea (AMMTC+3)": the meeting a list of partners glosses
_GLOSSED_BY = re.compile(r"\(\s*(?:the\s+)?[\w-]*$")
#: Partners met one by one: consultations of their own.
_SEPARATELY = re.compile(r"\bseparate(?:ly)?\b", re.I)
_ONE_BY_ONE = re.compile(r"\b(?:one\s+by\s+one|individually|each\s+in\s+turn)\b", re.I)
#: Where the words after "Plus Three" stop before the list of its members could begin.
_GLOSS_STOPS = {"with", "(", ",", ";", ".", "and", ")", "+"}
_FOLLOWED_BY = re.compile(r"\b(?:followed|succeeded|preceded)\b", re.IGNORECASE)
_PLURAL_KIND = re.compile(r"\b(?:plans|programmes|programs|roadmaps|declarations)\b", re.I)
#: "the 30th ASOD, held in Bangkok from 22 to 25 September 2009": held, not to be held
_HELD_PARTICIPLE = re.compile(
    r"(?<!\bbe\s)(?<!\bbeing\s)\b(?:held|convened|hosted)\s+(?:in|at|on|from|between)\b", re.I
)
_PAST_HELD = re.compile(
    r"\b(?:opened|was\s+held|were\s+held|took\s+place|concluded|closed|ended|kicked\s+off"
    r"|began|convened|is\s+being\s+held|is\s+taking\s+place|(?:came|drew)\s+to\s+(?:a\s+|an\s+)?(?:close|end))\b",
    re.IGNORECASE,
)
#: "at the Conrad Manila", "held at Hotel Borobudur Jakarta": a venue named with its city
_AT_THE_NAMED = re.compile(
    r"\bat\s+the\s+(?:[A-Z][\w'-]*\s+){1,2}$"
    r"|\b(?:held|convened|took\s+place|met|meeting)\s+at\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){1,4}$"
)
_DATE_ONLY_REST = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"(?:by\s|updated\b|published\b|posted\b|last\s+updated\b)", re.IGNORECASE)
_RECALLED = re.compile(
    r"\b(?:following\s+up\s+on|follow[- ]up\s+(?:to|of)|recall(?:ed|ing)|as\s+agreed\s+at|welcom(?:ed|ing)"
    r"|previous\s+(?:conference|meeting|session)s?,?|the\s+previous"
    # the source of a mandate: "as tasked by the Leaders at the 40th ASEAN Summit", "in line
    # with the mandate of the Summit", "the directive given by the ministers at the 12th AMMTC"
    r"|(?:tasked|mandated|instructed|directed|entrusted|called\s+for)\s+by\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:at|during|in)"
    r"|(?:mandate|instructions?|directives?)\s+(?:(?:given|issued)\s+)?"
    r"(?:of|from|by|at)(?:\s+the\s+(?:[\w'’-]+\s+){0,2}?(?:at|during))?)"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?$",
    re.IGNORECASE,
)
#: Before a meeting: it did something to a document ("was discussed by", "were reviewed at").
_DONE_BY = re.compile(
    r"\b(?:was|were|had\s+been|has\s+been)\s+(?:\w+ly\s+)?\w+(?:ed|en)\s+(?:by|at|during)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
#: Before a meeting: an instrument came from it ("the Declaration, adopted at the …").
_ADOPTED_AT = re.compile(
    r"\b(?:(?:adopted|signed|endorsed|launched|issued|agreed(?:\s+upon)?)\s+(?:at|during|by)"
    # "the Chairman's Statement of the 42nd ASEAN Summit": a document of that meeting
    r"|(?:statement|declaration|communiqu[eé]|report|resolutions?|recommendations?|outcomes?"
    r"|decisions?)\s+of)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
#: Before a meeting: it is another time than the one reported (still to come, or recalled).
_BEFORE_OR_AFTER = re.compile(
    r"\b(?:will|shall|next|upcoming|forthcoming|following\s+the\s+success\s+of|recall\w*"
    r"|previous|last|ahead\s+of|preparations?\s+for)\b[^.;]*$",
    re.IGNORECASE,
)
_PREPARATORY = re.compile(
    r"\b(?:opened\s+with|preceded\s+by|ahead\s+of|preparatory|prior\s+to)\b", re.IGNORECASE
)
_NEXT = re.compile(r"\bnext\b", re.IGNORECASE)
_BOTH = re.compile(
    r"\b(?:the|these|those|both)\s+(?:two|three|four|both)\s+(?:[\w-]+\s+){0,2}?(?:meetings|consultations)\b"
    r"(?!\s+(?:were|are)\s+(?:the|an?)\b|\s*:)"  # "The three meetings were the 10th …": others
    r"|\b(?:the|both|these|those|all\s+the)\s+(?:meetings|consultations)(?:\s+(?:named|mentioned|listed)\s+above)?\b(?!\s+(?:of|with))",
    re.IGNORECASE,
)
_HELD_HERE = re.compile(
    r"\b(?:gathered|met|convened|took\s+place|was\s+held|were\s+held|opened|kicked\s+off)\b"
    r"|\b(?:meeting|gathering)\s+(?:in|at)\b"  # "ASEAN ministers meeting in Labuan Bajo on Tuesday"
    r"|^\W*day\s+(?:one|1)\b",  # a programme's "Day One (24 June 2025)"
    re.IGNORECASE,
)
_WILL_NEXT = re.compile(r"\s*(?:\w+\s+){0,3}?(?:will|shall)\b", re.IGNORECASE)
_WILL = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to)\s+(?:also\s+)?\w+|" + lexicon.INTENT_CUES, re.IGNORECASE
)
#: What a meeting does: "The SOMTC discussed terrorism", "ministers agreed".
_DELIBERATED = re.compile(
    r"\b(?:discuss|agree|adopt|review|endorse|note|welcome|exchange|deliberate|urge|pledge"
    r"|resolve|reaffirm|recommend|approve|decide|commit)(?:d|ed|s|es)?\b",
    re.IGNORECASE,
)
_FIELD_NAMES = {"start": "start_date", "end": "end_date", "city": "city", "host": "host"}
_OLD = dt.timedelta(days=45)
_YEAR = dt.timedelta(days=366)


# -- results ---------------------------------------------------------------------------------


@dataclass
class MeetingProposal:
    relation: str
    body: str | None
    number: int | None
    start_date: str | None
    end_date: str | None
    city: str | None
    host: str | None
    chair: str | None
    evidence: str
    match: int | None = None
    #: Index (in the extraction's meetings) of the main meeting this one was held alongside:
    #: a consultation with dialogue partners held back-to-back with a SOMTC, ASOD or AMMTC.
    part_of: int | None = None
    #: The fields this meeting took from its main meeting because the text gave none of its own.
    inherited: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "relation": self.relation,
            "body": self.body,
            "number": self.number,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "city": self.city,
            "host": self.host,
            "chair": self.chair,
            "evidence": self.evidence,
            "match": self.match,
            "part_of": self.part_of,
            "inherited": list(self.inherited),
        }


@dataclass
class InstrumentProposal:
    title: str
    kind: str
    start_year: int | None
    end_year: int | None
    evidence: str
    match: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "evidence": self.evidence,
            "match": self.match,
        }


@dataclass
class Extraction:
    meetings: list[MeetingProposal] = field(default_factory=list)
    instruments: list[InstrumentProposal] = field(default_factory=list)
    crime_areas: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    evidence: dict[str, dict[str, str]] = field(default_factory=dict)  # crime_areas / parties
    published: dt.date | None = None
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "meetings": [m.to_json() for m in self.meetings],
            "instruments": [i.to_json() for i in self.instruments],
            "crime_areas": list(self.crime_areas),
            "parties": list(self.parties),
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "evidence": self.evidence,
        }


# -- working state ---------------------------------------------------------------------------


@dataclass
class _Sentence:
    s: Sentence
    body: str  # the sentence text (dateline blanked out)
    tokens: list[Token]
    mentions: list[Mention]
    dates: list[DateMention]
    parties: list[PartyHit]
    credit: bool


@dataclass
class _Cluster:
    body: str
    number: int | None = None
    start: str | None = None
    end: str | None = None
    city: str | None = None
    host: str | None = None
    chair: str | None = None
    online: bool = False
    forward: bool = False
    future: bool = False
    event: bool = False
    frame_only: bool = True
    recalled: bool = False  # "following up on the 44th Summit", "the previous conference, the 40th"
    adopted_at: bool = False  # "the Declaration, adopted at the 31st ASEAN Summit": its origin
    sentences: list[int] = field(default_factory=list)
    position: tuple[int, int] = (0, 0)
    consultation_rule: bool = False
    concurrent: bool = False  # "on the sidelines of …": taking place alongside the reported one
    following: bool = False  # "held following the 16th SOMTC": the meeting it came after
    earlier: bool = False  # "the 24th ASEAN Summit held … earlier this month": before the report
    nth_day: str | None = None  # "on the second day of the meeting": counted from the reported one
    edge: str | None = None  # its one day is when it "opened" or "closed"
    days: int | None = None  # "the four-day meeting", "over three days"
    chaired: bool = False  # the text says someone chaired it (maybe by office alone)
    hosted: bool = True  # its host is said to host (not only the country of a city named)
    inherited: list[str] = field(default_factory=list)  # fields taken from the main meeting
    main: _Cluster | None = None  # the meeting it was held alongside


def _span(value: str | None) -> tuple[dt.date, dt.date] | None:
    if not value:
        return None
    parts = [int(x) for x in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return first, nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _range(start: str | None, end: str | None) -> tuple[dt.date, dt.date] | None:
    a, b = _span(start), _span(end)
    if a is None:
        return None
    return a[0], max(a[1], b[1]) if b else a[1]


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    return bool(a and b and a[0] <= b[1] and b[0] <= a[1])


class _Extractor:
    def __init__(self, g: Gazetteer, doc: Document, published: dt.date | None) -> None:
        self.g = g
        self.doc = doc
        self.published = published or doc.published
        self.sentences: list[_Sentence] = []
        self.ref: dt.date | None = self.published
        self.today: dt.date | None = None  # what "today" means: the dateline's day, else ref
        self.dateline: list[DateMention] = []
        self.here: City | None = None  # the dateline's city: "opened here today"
        self.date_lines: set[int] = set()  # sentences that only date the page
        self.year_only = False  # ref is the last day of a year the registry's series gives
        #: the page prints no date of its own: ref comes from the registry's record of a
        #: numbered meeting it names, which fixes a year but no day ("today" stays unknown)
        self.undated = False
        self.lead_dated = False  # ref is the day the lead says the meeting reported was held

    # -- reading -------------------------------------------------------------------------------

    def read(self) -> None:
        asides = [
            (m.start(), m.end()) for m in _ASIDE_LINE.finditer(self.doc.text)
        ]  # photo captions, "ALSO READ" links: not the report
        for s in split_sentences(self.doc.text):
            body = s.text
            if s.index < 6:  # a headline, a byline and a date line may come first
                m = _DATELINE.match(body)
                if m and _DATELINE_AGENCY.search(m.group()) and len(m.group()) < 90:
                    self.dateline = [d for d in find_dates(m.group()) if d.start.day]
                    if self.ref is None:
                        for d in self.dateline:
                            if d.start.year and d.start.month and d.start.day:
                                self.ref = dt.date(d.start.year, d.start.month, d.start.day)
                                break
                    place = self.g.names.find_all(tokenize(m.group()), ("city",))
                    if place:
                        self.here = self.g.cities.get(phrase_key(place[0][2][0].code))
                    body = " " * m.end() + body[m.end() :]
            tokens = tokenize(body)
            self.sentences.append(
                _Sentence(
                    s,
                    body,
                    tokens,
                    find_mentions(self.g, tokens, body, s.index),
                    find_dates(body),
                    find_parties(self.g, tokens, s.index, body),
                    bool(_CREDIT.match(body.strip()))
                    or any(a <= s.start and s.end <= b for a, b in asides),
                )
            )

    def resolve_short_names(self) -> None:
        """ "At the Ministerial Meeting, …" in a report of the ASEAN Ministerial Meeting on Drug
        Matters: a short name that begins another named body's name stands for that body. "The
        ASEAN-Japan consultation" in a report of the SOMTC is the SOMTC+Japan consultation."""
        base = next(
            (
                m.body
                for st in self.sentences
                for m in st.mentions
                if m.body in self.g.bodies
                and "+" not in m.body
                and self.g.bodies[m.body].level in {"senior_officials", "ministerial"}
            ),
            "",
        )
        for st in self.sentences:
            for m in st.mentions:
                if m.body.startswith(UNSAID):
                    level, _, partner = m.body[len(UNSAID) :].partition("+")
                    # "the ASEAN-China ministerial consultation": the named body of that level
                    leveled = next(
                        (
                            x.body
                            for s2 in self.sentences
                            for x in s2.mentions
                            if level
                            and x.body in self.g.bodies
                            and "+" not in x.body
                            and self.g.bodies[x.body].level == level
                        ),
                        None,
                    ) or self._level_of(base, level)
                    m.body = f"{leveled}+{partner}" if leveled else ""
        named = {m.body for st in self.sentences for m in st.mentions if m.body}
        for st in self.sentences:
            for m in st.mentions:
                if not m.body or m.number is not None:
                    continue
                said = _without_asean(phrase_key(st.body[m.begin : m.end]))
                info = self.g.bodies.get(m.body)
                if len(said) < 2 or info is None:
                    continue  # an acronym is no short name
                longer = [
                    code
                    for code in named - {m.body}
                    if code in self.g.bodies
                    and self.g.bodies[code].level == info.level
                    and len(full := _without_asean(phrase_key(self.g.bodies[code].name)))
                    > len(said)
                    and full[: len(said)] == said
                ]
                if len(longer) == 1:
                    m.body = longer[0]

    def _level_of(self, base: str, level: str) -> str:
        """The body of ``level`` in ``base``'s line (the AMMTC for the SOMTC's report)."""
        if not level or not base or base not in self.g.bodies:
            return base
        info = self.g.bodies[base]
        if info.level == level:
            return base
        parent = self.g.bodies.get(info.parent) if info.parent else None
        if parent is not None and parent.level == level:
            return parent.code
        children = [b.code for b in self.g.bodies.values() if b.parent == base and b.level == level]
        return children[0] if len(children) == 1 else ""

    def reference_date(self) -> None:
        """Publication date; else a date line near the top; else a numbered meeting the
        registry knows ("the 17th AMMTC" fixes the year)."""
        self._reference()
        if self.ref is None:
            self._year_of_numbered_meeting()
        self.today = None if self.undated else self.ref
        if self.ref is not None and self.dateline:
            start, _ = resolve(self.dateline[0], self.ref)
            if start and len(start) == 10:
                self.today = dt.date.fromisoformat(start)

    def _year_of_numbered_meeting(self) -> None:
        """An undated report of "the 17th SOMTC": the year the registry's numbered meetings of
        the body put it in ("on May 24" is then that year's). Weekdays and "yesterday" stay
        unresolved: they need the day of the report."""
        for st in self.sentences:
            for m in st.mentions:
                year = self.g.estimated_year(m.body, m.number) if m.number else None
                if year is not None:
                    self.ref = dt.date(year, 12, 31)
                    self.year_only = True
                    self.undated = True
                    return

    def _near_ref(self, span: tuple[dt.date, dt.date]) -> bool:
        """Whether a date is close enough to the report's to be the meeting it reports."""
        assert self.ref is not None
        if self.year_only:
            return span[0].year <= self.ref.year <= span[1].year
        return not (span[1] < self.ref - _OLD or span[0] > self.ref + _OLD)

    def _reference(self) -> None:
        for st in self.sentences[:6]:
            rest = _DATE_ONLY_REST.sub("", st.body)
            short = len(st.body.strip()) <= 40 and not re.search(r"[a-z]{3}", rest)
            # "Alexis Romero - September 8, 2016 - 5:02pm": a byline stamped with the hour
            stamped = (
                len(st.body.strip()) <= 70
                and bool(_CLOCK.search(st.body))
                and not re.search(r"\b[a-z]{3,}", _CLOCK.sub("", rest))  # names, no sentence
            )
            if st.dates and (short or stamped or _BYLINE.match(st.body.strip())):
                # "October 28, 2010" under the headline, "By … on 08 Jul 2022, 22:56 WIB"
                self.date_lines.add(st.s.index)
        if self.ref is not None:
            return
        for st in self.sentences[:3]:
            if len(st.body.strip()) <= 40:
                for d in st.dates:
                    if d.start.year and d.start.month and d.start.day:
                        self.ref = dt.date(d.start.year, d.start.month, d.start.day)
                        return
        # "The 17th AMMTC … has ended; it took place from 19 to 23 August 2023": an undated
        # report whose lead dates the meeting it says took place is of that time
        for st in self.sentences[:4]:
            if not st.mentions or not (
                _PAST_HELD.search(st.body) or _HELD_PARTICIPLE.search(st.body)
            ):
                continue
            for d in st.dates:
                last = d.end or d.start
                if (
                    not d.aside
                    and not d.relative
                    and last.year
                    and last.month
                    and last.day
                    and (d.end is None or (d.start.month and d.start.day))
                ):
                    try:
                        self.ref = dt.date(last.year, last.month, last.day)
                    except ValueError:
                        continue
                    self.undated = self.lead_dated = True
                    return
            break
        # "The 17th AMMTC was held on August 22": the registry's 17th AMMTC met that month; its
        # year is the report's, whatever later meeting the text goes on to name
        for st in self.sentences:
            for m in st.mentions:
                found = self.g.known_meeting(m.body, m.number)
                if found is None or found.precision == "year":
                    continue
                months = {found.start.month, found.last.month}
                if any(
                    d.start.year is None
                    and d.start.rel_year is None
                    and d.start.month in months
                    and not d.aside
                    and not d.relative
                    for d in st.dates
                ) and not _BEFORE_OR_AFTER.search(st.body[max(0, m.begin - 60) : m.begin]):
                    self.ref = found.last
                    self.undated = True
                    return
        # the latest of the numbered meetings the registry knows ("following the success of the
        # AMMTC 14 Conference, … the AMMTC 15 Conference"): the report is no older
        known = [
            found
            for st in self.sentences
            for m in st.mentions
            if (found := self.g.known_meeting(m.body, m.number)) is not None
            and not _BEFORE_OR_AFTER.search(st.body[max(0, m.begin - 60) : m.begin])
        ]  # not "Singapore will host the 37th …", "following the success of the 14th …"
        if known:
            self.ref = max(k.last for k in known)
            self.undated = True

    # -- attributes of one sentence ----------------------------------------------------------------

    def _cities(self, st: _Sentence) -> list[tuple[int, str, str | None]]:
        """Venues named in the sentence: (character offset, city, its country)."""
        out: list[tuple[int, str, str | None]] = []
        toks = st.tokens
        taken: set[int] = set()
        for b, e, _entries in self.g.names.find_all(toks, ("city",)):
            _, kinds = self.g.kinds.match(toks, e)
            if kinds:
                continue  # "Bali Work Plan", "Kuala Lumpur Declaration"
            before = toks[b - 1].norm if b else ""
            after = toks[e].norm if e < len(toks) else ""
            capital = before == "capital" or (
                before == "of" and b > 1 and toks[b - 2].norm in {"city", "capital", "town"}
            )  # "in the Lao capital Vientiane", "the Indonesian fishing town of Labuan Bajo"
            # "at the Conrad Manila": a hotel named after its city
            hotel = bool(_AT_THE_NAMED.search(st.body[max(0, toks[b].start - 40) : toks[b].start]))
            capital = capital or hotel
            # "Bangkok hosted the 3rd meeting …", "Bangkok plays host to …"
            hosting = (
                after in {"hosted", "hosts", "hosting", "played", "plays"}
                and not (
                    self.g.names.match(toks, b, ("party",))[1]  # "Singapore hosted": the state
                )
            )
            if (
                before not in {"in", "at", ",", "to"}
                and after not in {",", "(", "city"}  # "in Vietnam's central Da Nang city"
                and not (capital or hosting)
            ) or before == "from":
                continue  # "took part by video link from Beijing, in …": where one sat, no venue
            if self._listed(toks, b, e):
                continue  # "Malaysia, Indonesia, the Philippines, Singapore, Thailand": no venue
            if _SAID_IN.search(st.body[max(0, toks[b].start - 50) : toks[b].start]):
                taken.update(range(toks[b].start, toks[e - 1].end))
                continue  # "said in a statement received in Jakarta": where it was said
            city = self.g.cities[tuple(t.norm for t in toks[b:e])]
            out.append((toks[b].start, city.name, city.country))
            taken.update(range(toks[b].start, toks[e - 1].end))
        if self.here is not None:
            for m in re.finditer(r"\bhere\b", st.body):
                out.append((m.start(), self.here.name, self.here.country))
        for m in _IN_CAPITALISED.finditer(st.body):
            name = m.group(1)
            if m.start(1) in taken or name.split()[0] in {"ASEAN", "The"}:
                continue
            key = phrase_key(name)
            _, entries = self.g.names.match(tokenize(name), 0)
            if entries or re.match(
                r"(January|February|March|April|May|June|July|August|September|October|November|December)\b",
                name,
            ):
                continue
            near = self.g.near_city(" ".join(key))
            if near:
                out.append((m.start(1), near.name, near.country))
                continue
            tail = st.body[m.end(1) : m.end(1) + 30]
            country = re.match(r",\s*([A-Z][\w ]+?)(?:[,.;]|\s+(?:on|from|in)\b|$)", tail)
            if country:
                _, entries = self.g.names.match(tokenize(country.group(1)), 0, ("party",))
                info = self.g.parties.get(entries[0].code) if entries else None
                if info and info.is_state:
                    out.append((m.start(1), name, info.code))
        briefing = _PRESS_CONFERENCE.search(st.body)
        if briefing is not None:
            # "In Hanoi, the committee held a press conference on the outcome of the 38th
            # ASOD": the city is the press conference's, not the meeting's
            out = [c for c in out if c[0] > briefing.end()]
        return sorted(out)

    def _listed(self, toks: list[Token], b: int, e: int) -> bool:
        """A city-state named in a list of countries, not as a venue."""

        def party_at(i: int) -> bool:
            j = i + (0 <= i < len(toks) and toks[i].norm == "the")
            return 0 <= j < len(toks) and bool(self.g.names.match(toks, j, ("party",))[1])

        if not self.g.names.match(toks, b, ("party",))[1]:
            return False
        after = e < len(toks) and toks[e].norm == "," and party_at(e + 1)
        before = (
            b > 1
            and toks[b - 1].norm == ","
            and any(
                self.g.names.match(toks, k, ("party",))[0] == b - 1
                for k in range(max(0, b - 5), b - 1)
            )
        )
        return after or before

    def _place_listed(self, toks: list[Token], b: int, e: int) -> bool:
        """A country in a list of places ("earlier meetings in Malaysia, Austria and the United
        States"): several meetings, no one venue."""

        def other_place(i: int) -> bool:
            return (
                0 <= i < len(toks)
                and toks[i].is_capitalised
                and toks[i].norm not in {"the", "asean"}
                and not self.g.names.match(toks, i, ("city",))[1]
            )

        after = e < len(toks) and toks[e].norm in {",", "and"} and other_place(e + 1)
        before = b > 1 and toks[b - 1].norm in {",", "and"} and other_place(b - 2)
        return after or before

    def _cues(self, st: _Sentence) -> tuple[list[tuple[int, str]], list[tuple[int, str, bool]]]:
        """Hosts (offset, party) and chairs (offset, party, refers to "the meeting")."""
        hosts: list[tuple[int, str]] = []
        chairs: list[tuple[int, str, bool]] = []
        for hit in st.parties:
            start = st.tokens[hit.begin].start
            end = st.tokens[hit.end - 1].end
            before = st.body[max(0, start - 60) : start]
            after = st.body[end : end + 90]
            info = self.g.parties.get(hit.code)
            state = bool(info and info.is_state)
            if state and (
                _HOST_BEFORE.search(before)
                or _HOST_AFTER.match(after)
                # "the Royal Malaysia Police was appointed host": the state's agency hosts
                or _HOST_AFTER.match(_AGENCY_AFTER.sub("", after, count=1))
                or (_possessive(st.body, start, end) and _AGENCY_HOSTS.match(after))
            ):
                hosts.append((start, hit.code))
            cb = _CHAIR_BEFORE.search(before)
            of_named = state and (
                _CHAIR_OF_NAMED.match(after)
                or (_UNDER_POSSESSIVE.search(before) and _POSSESSIVE_CHAIR.match(after))
            )
            if (cb and not _ASEAN_CHAIR.search(before[: cb.start()])) or of_named:
                chairs.append((start, hit.code, False))
            elif (
                _CHAIR_AFTER.match(after) and not re.search(r"incoming|next", after[:40], re.I)
            ) or _IN_THE_CHAIR.match(after):
                chairs.append((start, hit.code, True))
        taken = {c[1] for c in chairs}
        states = [
            h
            for h in st.parties
            if not h.place and self.g.parties.get(h.code) and self.g.parties[h.code].is_state
        ]
        for m in _CHAIRED_BY.finditer(st.body):
            if _ASEAN_CHAIR.search(st.body[: m.start()]):
                continue
            for hit in states:
                at = st.tokens[hit.begin].start
                gap = st.body[m.end() : at]
                if (
                    at > m.end()
                    and len(gap) < 100
                    and not (_stops(gap) or re.search(r"\band\b", gap))
                ):
                    if hit.code not in taken:
                        chairs.append((at, hit.code, False))
                        taken.add(hit.code)
                    break
        hosted = {h[0] for h in hosts}
        for m in _HOSTED_BY.finditer(st.body):
            for hit in states:
                at = st.tokens[hit.begin].start
                gap = st.body[m.end() : at]
                if at > m.end() and len(gap) < 80 and not re.search(r"[.,;:]|\band\b", gap):
                    if at not in hosted:
                        hosts.append((at, hit.code))
                        hosts.sort()
                    break
        for m in _CHAIR_VERB.finditer(st.body):
            subject = [
                h
                for h in states
                if st.tokens[h.end - 1].end <= m.start()
                and m.start() - st.tokens[h.end - 1].end < 120
                and not _stops(st.body[st.tokens[h.end - 1].end : m.start()])
            ]
            if subject and subject[-1].code not in taken:
                hit = subject[-1]
                if not _ASEAN_CHAIR.search(st.body[: st.tokens[hit.begin].start]):
                    chairs.append((st.tokens[hit.begin].start, hit.code, True))
                    taken.add(hit.code)
        chairs.sort()
        return hosts, chairs

    # -- meetings ----------------------------------------------------------------------------

    def meetings(self) -> list[_Cluster]:
        clusters: list[_Cluster] = []
        anaphora: list[tuple[_Sentence, dict[str, Any]]] = []
        firsts: list[tuple[_Sentence, dict[str, Any]]] = []
        earlier: list[tuple[_Sentence, dict[str, Any]]] = []
        nexts: list[tuple[_Sentence, dict[str, Any]]] = []
        both: list[tuple[_Sentence, dict[str, Any]]] = []
        talks: list[tuple[_Sentence, dict[str, Any]]] = []
        for st in self.sentences:
            if st.credit:
                continue
            cities = self._cities(st)
            hosts, chairs = self._cues(st)
            places = [
                (st.tokens[h.begin].start, h.code)
                for h in st.parties
                if h.place
                and self.g.parties.get(h.code)
                and self.g.parties[h.code].is_state
                and not self._listed(st.tokens, h.begin, h.end)
                and not self._place_listed(st.tokens, h.begin, h.end)
            ]
            virtual = [m.start() for m in _VIRTUAL.finditer(st.body)]
            # "…, he said, referring to the 10th AMMTC": named, not sent anything
            forward_at = [
                m.end() for m in _FORWARD.finditer(st.body) if not _REFERRING.match(m.group())
            ]
            mentions = st.mentions

            def whole(
                chairs: list[tuple[int, str, bool]] = [],  # noqa: B006 -- read only
                *,
                future: bool = False,
                st: _Sentence = st,
                cities: list[tuple[int, str, str | None]] = cities,
                hosts: list[tuple[int, str]] = hosts,
                places: list[tuple[int, str]] = places,
                virtual: list[int] = virtual,
            ) -> dict[str, Any]:
                """What the whole sentence says of the meeting it speaks of."""
                return self._attributes(
                    st, 0, len(st.body), None, cities, hosts, chairs, places, virtual,
                    future=future,
                )  # fmt: skip

            if not mentions and _FIRST_HELD.search(st.body):
                firsts.append((st, whole()))  # "The conference was first held in Manila in 1987"
                continue
            if not mentions and _BOTH.search(st.body):
                # "The two ministerial meetings named above took place on 18 September in
                # Vientiane": every meeting named so far
                both.append((st, whole()))
                continue
            next_number = _next_ordinal(st.tokens) if not mentions else None
            if next_number is not None and _NEXT.search(st.body):
                # "The next, 8th meeting is to be held in Myanmar in 2017"
                nexts.append((st, {**whole(future=True), "number": next_number}))
                continue
            if not mentions:
                number = anaphoric_ordinal(st.tokens)
                said = [
                    a
                    for a in _ANAPHORA.finditer(st.body)
                    if not _ANOTHER_TIME.search(st.body[max(0, a.start() - 12) : a.start()])
                ]
                if not said and not number and _ANAPHORA.search(st.body):
                    # "first tabled in 2006 when the conference was held in Malaysia": an
                    # earlier meeting of the same body, mentioned
                    earlier.append((st, whole()))
                # "The host, Malaysia, welcomed the delegates": the host of the one reported
                host_said = (
                    bool(hosts)
                    and bool(_THE_HOST.search(st.body))
                    and not (_FUTURE.search(st.body) or _WILL.search(st.body))
                )
                # "the third meeting of the working group, held online": one of its series
                series = None if number else _series_ordinal(st.tokens)
                if said or any(c[2] for c in chairs) or number or host_said:
                    anaphora.append((st, {**whole(chairs), "number": number, "series": series}))
                elif series:
                    anaphora.append(
                        (st, {**whole(chairs), "number": None, "series": series, "only": True})
                    )
                if _HELD_TALKS.search(st.body):
                    talks.append((st, whole()))
                self._consultations(st, clusters, whole())
                continue
            lead = _ANAPHORA.search(st.body, 0, mentions[0].begin)
            if lead and _NTH_DAY.search(st.body, 0, mentions[0].begin):
                lead = None  # "On the second day of the meeting, 29 August, the … took place"
            if lead and _OF_THE_NAMED.match(st.body, lead.end(), mentions[0].begin):
                lead = None  # "at the plenary session of the 17th AMMTC": the one named
            governed = [_governing_chair(st.body, chairs, m.begin) for m in mentions]
            hosted_by = [_governing_host(st.body, hosts, m.begin) for m in mentions]
            lead_end = min([x[0] for x in (governed[0], hosted_by[0]) if x] + [mentions[0].begin])
            if lead:  # "The meeting, chaired by Lao PDR, will prepare … the 18th AMMTC"
                anaphora.append(
                    (
                        st,
                        self._attributes(
                            st,
                            lead.start(),
                            # "Within the conference, Cambodia will also chair the 19th …": what
                            # the state chairs is the meeting named next, not the conference
                            lead_end,
                            None,
                            cities,
                            hosts,
                            chairs,
                            places,
                            virtual,
                        ),
                    )
                )
                if _CHAIRED_IT.search(st.body, max(0, lead.start() - 30), lead.start()):
                    anaphora[-1][1]["chaired"] = True  # "…, who chaired the meeting, said"
            first_named = next(
                (
                    n
                    for n, x in enumerate(mentions)
                    if x.body and not (x.frame and x.number is None)
                ),
                0,
            )
            found = []
            for n, m in enumerate(mentions):
                if not m.body:
                    continue
                # a body named as a frame ("under SOMTC") does not end the meeting's segment
                seg_end = next(
                    (x.begin for x in mentions[n + 1 :] if not (x.frame and x.number is None)),
                    len(st.body),
                )
                if seg_end < len(st.body):  # "… will be followed tomorrow by <the next one>"
                    cut = _FOLLOWED_BY.search(st.body, m.end, seg_end)
                    seg_end = cut.start() if cut else seg_end
                # what comes before the first meeting named (after a body named as a frame:
                # "Thursday's session will adopt the reports of the ASOD, to be followed by …")
                before = (0, m.begin) if n == first_named and not lead else None
                attrs = self._attributes(
                    st,
                    _dated_in_parenthesis(st, m.begin, m.end),
                    seg_end,
                    before,
                    cities,
                    hosts,
                    chairs,
                    places,
                    virtual,
                    future=any(f <= m.begin for f in forward_at)
                    or bool(_AHEAD.search(st.body[max(0, m.begin - 40) : m.begin])),
                )
                if _CHAIR_OF_NEXT.search(st.body, max(0, m.begin - 40), m.begin):
                    attrs["chaired"] = True  # "…, Chairman of the AMMTC 15 Conference, said"
                if _AHEAD.search(st.body[max(0, m.begin - 40) : m.begin]) and (
                    _VERB_NEXT.match(st.body, m.end) or _CLAUSE_NEXT.match(st.body, m.end)
                ):
                    # "A meeting in preparation for the AMMD took place in Hanoi on 17 October",
                    # "In the lead-up to the 24th SOMTC, officials met in Bali on 16 May": the
                    # day and place are the preparatory meeting's
                    attrs.update(start=None, end=None, city=None, host=None, online=False)
                chaired_by = governed[n]
                if chaired_by is not None and attrs["chair"] is None:
                    attrs["chair"] = chaired_by[1]  # "Vietnam will chair the 17th SOMTC+Japan"
                host = hosted_by[n]
                if host is not None and (attrs["host"] is None or attrs["host"] == attrs["city"]):
                    attrs["host"] = host[1]  # "… was appointed host of the 36th Conference"
                found.append((m, seg_end, attrs))
            self._share(st, found)
            lead_of = 0  # where the group of meetings named together begins
            for n, (m, seg_end, attrs) in enumerate(found):
                if not n or not _coordinated(st.body[found[n - 1][0].end : m.begin]):
                    lead_of = m.begin
                window = st.body[max(0, lead_of - 30) : seg_end]
                # "The SOMTC consultations with China were held on 20 June": the days of the
                # body named only as the frame of its consultations are theirs, not the body's
                listed = _CONSULTATIONS.search(st.body, m.begin) or _BODY_MET_WITH.match(
                    st.body, m.end
                )  # "ASOD also met with China on 28 August"
                framed = m.frame and m.number is None and listed is not None
                sent_to = any(f <= m.begin for f in forward_at)
                # where the meeting sent to meets is named, still to come as that one is
                beside = sent_to and self._where_forwarded_meets(st, m, forward_at)
                c = _Cluster(
                    m.body,
                    m.number,
                    None if framed else attrs["start"],
                    None if framed else attrs["end"],
                    attrs["city"],
                    attrs["host"],
                    attrs["chair"],
                    attrs["online"],
                    forward=sent_to and not beside,
                    future=(
                        self._announced(st, m, seg_end, window, attrs)
                        and not self._done_by(st, m, attrs)
                    )
                    or bool(_AHEAD.search(st.body[max(0, m.begin - 40) : m.begin]))
                    or beside,
                    event=bool(_HELD.search(window) or _FUTURE.search(window)),
                    frame_only=m.frame and m.number is None,
                    sentences=[st.s.index],
                    position=(st.s.index, m.begin),
                    concurrent=bool(_CONCURRENT.search(st.body[max(0, m.begin - 60) : m.begin])),
                    following=bool(_FOLLOWING.search(st.body[max(0, m.begin - 60) : m.begin])),
                    earlier=bool(_EARLIER.search(st.body, m.end, seg_end)),
                    recalled=bool(_RECALLED.search(st.body[max(0, m.begin - 60) : m.begin])),
                    adopted_at=bool(_ADOPTED_AT.search(st.body[max(0, m.begin - 40) : m.begin])),
                    nth_day=attrs["nth_day"],
                    edge=attrs["edge"],
                    days=attrs["days"],
                    chaired=attrs["chaired"],
                    hosted=attrs["hosted"],
                )
                self._merge(clusters, c)
            self._consultations(st, clusters, whole())
        self._talks(talks, clusters)
        for st, attrs in both:
            # "The two meetings took place on 18 September": held, unless dated ahead; "plans
            # for organising the meetings" leaves meetings still to come as they were
            took_place = bool(_PAST_HELD.search(st.body))
            for c in clusters:
                if c.position[0] < st.s.index and not c.forward:
                    self._fill(c, attrs, st.s.index)
                    c.event = True
                    c.future = c.future and (bool(attrs.get("future_date")) or not took_place)
        primary = self._primary(clusters, spoken_of=bool(anaphora or both or talks))
        if primary is not None:
            for st, attrs in anaphora:
                number = attrs.get("number") or attrs.get("series")
                if (
                    number
                    and primary.number
                    and number != primary.number
                    and not _OF_A_NAMED_BODY.search(st.body)
                    and not _CONSULTATIONS.search(st.body)  # "the 12th consultation with Canada"
                ):
                    # "The 27th meeting was held in Siem Reap in 2006", in a report of the 38th:
                    # another meeting of its series, named, not the one reported
                    other = self._first_of(primary, st, attrs)
                    other.number, other.recalled = number, True
                    self._merge(clusters, other)
                    continue
                if attrs.get("only"):
                    continue  # said only of another meeting of the series
                span = _range(attrs.get("start"), attrs.get("end"))
                if (span and self.ref and not self._near_ref(span) and not self.undated) or (
                    span and attrs.get("future") and not primary.future
                ):
                    # "… the partnership forged with ASEAN last year", in a sentence about
                    # "the annual gathering" reported, or "said a dialogue would take place in
                    # 2016": not the day of the meeting reported
                    attrs = {**attrs, "start": None, "end": None}
                self._fill(primary, attrs, st.s.index)
            self._lead_date(primary)
            self._year_of_undated(primary)
            known = self.g.known_meeting(primary.body, primary.number)
            placed = primary.city is not None or self.here is not None
            if primary.host is None and known and known.host and placed:
                # the registry knows where the 10th AMMTC was held; a text that does not place
                # the meeting at all (no venue, not online, no dateline) gives no host
                primary.host = known.host
            for c in clusters:
                self._last_day(c)
            here = self.here
            if primary.city is None and here is not None and primary.host in (None, here.country):
                # a wire story's dateline names where the meeting it reports took place
                primary.city = here.name
                primary.host = primary.host or here.country
            self._asean_chair_chairs(primary)
            if (
                primary.chair is None
                and primary.chaired
                and primary.host
                and "+" not in primary.body
            ):
                # "chaired by Interior Secretary Catalino Cuy", "Minister of Public Security To
                # Lam in the chair": an official, of no other country named, chairs for the host
                primary.chair = primary.host
            for c in clusters:
                # "the 44th and 45th ASEAN Summits": the same chair for each held with it
                if (
                    primary.chair
                    and c is not primary
                    and c.body == primary.body
                    and c.chair is None
                    and c.host == primary.host
                    and not (c.future or c.forward or c.recalled)
                    and _overlap(_range(c.start, c.end), _range(primary.start, primary.end))
                    and primary.body in self.g.bodies
                    and self.g.bodies[primary.body].level == "summit"
                ):
                    c.chair = primary.chair
            if primary.city is None and primary.host in self.g.parties:
                # "Singapore is hosting the 5th AMMD": a city-state's meeting is in its city
                name = self.g.parties[primary.host].name
                city = self.g.cities.get(phrase_key(name))
                if city is not None and city.country == primary.host:
                    primary.city = city.name
            self._alongside(primary, clusters)
            if primary.edge == "within" and primary.start and primary.end in (None, primary.start):
                # the meetings held that day keep it; the meeting itself began before
                primary.start, primary.end = primary.start[:7], None
        else:
            # a preview: "the meeting" and "this year's meeting" speak of the one announced
            announced = next(
                (
                    c
                    for c in sorted(clusters, key=lambda x: x.position)
                    if c.future and not c.forward and not c.frame_only and "+" not in c.body
                ),
                None,
            )
            if announced is not None:
                for st, attrs in anaphora:
                    self._fill(announced, attrs, st.s.index)
                known = self.g.known_meeting(announced.body, announced.number)
                if announced.host is None and known and known.host:
                    announced.host = known.host  # the registry knows who hosts the 16th AMMTC
                for c in clusters:
                    # "… will also chair the 12th AMMTC+3 Consultation": the consultations of
                    # the meeting announced take its days and venue unless they have their own
                    if (
                        c is not announced
                        and not c.forward
                        and c.body.rsplit("+", 1)[0] == announced.body
                        and "+" in c.body
                    ):
                        if c.start and announced.start and c.start < announced.start:
                            # a weekday read backwards: the week after, within the meeting's
                            # days ("from tomorrow … On Thursday, the consultations"), else none
                            c.start = c.end = self._week_later(c, announced)
                        c.future = True
                        # "Consultations … will take place on the second day": counted in its
                        self._on_its_nth_day(c, announced)
                        # "On Thursday, the 15th AMMTC+3 will take place": its day, their venue
                        self._inherit(c, announced, ("start", "end", "city", "host"))
            else:
                primary = self._numbered_anaphora(clusters, anaphora)
        subject = primary or next(
            (c for c in sorted(clusters, key=lambda x: x.position) if not c.frame_only), None
        )
        if subject is not None:
            for st, attrs in firsts:
                clusters.append(self._first_of(subject, st, attrs))
            for st, attrs in earlier:
                if attrs["start"] and attrs["start"] != subject.start:
                    past = self._first_of(subject, st, attrs)
                    past.number, past.recalled = None, True
                    clusters.append(past)
            for st, attrs in nexts:  # "The next, 8th meeting is to be held in Myanmar in 2017"
                following = self._first_of(subject, st, attrs)
                following.number, following.future = attrs["number"], True
                clusters.append(following)
        out = self._relations(clusters, primary)
        for c in out:
            if (
                c.chaired
                and c.chair is None
                and c.host
                and (c.relation == "held" or (c.future and not c.forward))  # type: ignore[attr-defined]
            ):
                # "chaired by the Home Ministry's secretary-general", "the ministry will also
                # chair the …": the host chairs
                c.chair = c.host
            if c.edge == "close" and c.start and len(c.start) == 10 and c.end in (None, c.start):
                c.start, c.end = None, c.start  # "ended on July 28": its last day, not its first
        if primary is not None and primary.chair:
            self._same_chair(primary, out)
        return out

    @staticmethod
    def _where_forwarded_meets(st: _Sentence, m: Mention, forward_at: list[int]) -> bool:
        """ "… reported to the AMMTC+Japan Consultation to be held on the occasion of the 13th
        AMMTC": the meeting named as where the one sent to meets is only mentioned."""
        if not _ON_THE_OCCASION_OF.search(st.body, max(0, m.begin - 60), m.begin):
            return False
        first = min(forward_at)
        return any(x.body and first <= x.begin and x.end <= m.begin for x in st.mentions) or bool(
            _MEETING_WORD.search(st.body, first, m.begin)
        )

    def _same_chair(self, primary: _Cluster, out: list[_Cluster]) -> None:
        """ "The 22nd SOMTC was led by Por Pheak, …. Pheak also led the 19th SOMTC+3 …": the
        person who chaired the reported meeting chairs the meetings held with it that the text
        says he or she also led, for the same party."""
        names: set[str] = set()
        for n in primary.sentences:
            body = self.sentences[n].body
            for m in _CHAIRED_BY.finditer(body):
                who = re.match(
                    r"\s*((?:[A-Z][\w'’.-]*\s+){0,5}[A-Z][\w'’-]*)\s*[,(]", body[m.end() :]
                )
                if who:
                    names |= {
                        w
                        for w in re.findall(r"[A-Z][\w'’-]+", who.group(1))
                        if len(w) > 2 and w.lower() not in lexicon.TITLES
                    }
        if not names:
            return
        led = re.compile(
            r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\s+(?:also\s+)?"
            r"(?:led|chaired|presided\s+over|headed)\b"
        )

        def named_next(c: _Cluster, n: int, after: int) -> bool:
            """Whether ``c`` is the first meeting (other than the reported one) named in
            sentence ``n`` after offset ``after``."""
            st = self.sentences[n]
            own = next((m.begin for m in st.mentions if m.body == c.body), None)
            if own is None and c.position[0] == n:
                own = c.position[1]  # "another meeting, the … Consultation, which includes …"
            first = next(
                (m.begin for m in st.mentions if m.begin >= after and m.body != primary.body),
                None,
            )
            return own is not None and own >= after and (first is None or own <= first)

        for c in out:
            if c is primary or c.chair or c.relation != "held":  # type: ignore[attr-defined]
                continue
            if any(
                named_next(c, n, hit.end())
                for n in c.sentences
                for hit in led.finditer(self.sentences[n].body)
            ):
                c.chair = primary.chair

    def _talks(
        self, talks: list[tuple[_Sentence, dict[str, Any]]], clusters: list[_Cluster]
    ) -> None:
        """ "ASEAN security chiefs and Japan's minister held talks in Kuala Lumpur on October 1
        …. The talks were held on the sidelines of the ASEAN Ministerial Meeting on
        Transnational Crime": the consultation of that body with that partner."""
        for st, attrs in talks[:1]:
            partners = {
                h.code
                for h in st.parties
                if not h.place
                and (info := self.g.parties.get(h.code)) is not None
                and (info.is_state or h.code == "EU")
                and info.kind != "member_state"
            }
            if len(partners) != 1:
                return
            for later in self.sentences[st.s.index + 1 :]:
                side = _TALKS_ALONGSIDE.search(later.body)
                body = next(
                    (m.body for m in later.mentions if side and m.begin > side.end() and m.body),
                    None,
                )
                if body and "+" not in body:
                    c = _Cluster(
                        f"{body}+{partners.pop()}",
                        start=attrs["start"],
                        end=attrs["end"],
                        city=attrs["city"],
                        host=attrs["host"],
                        online=attrs["online"],
                        event=True,
                        frame_only=False,
                        sentences=[st.s.index, later.s.index],
                        position=(st.s.index, 0),
                        concurrent=True,
                    )
                    self._merge(clusters, c)
                    return

    @staticmethod
    def _first_of(primary: _Cluster, st: _Sentence, attrs: dict[str, Any]) -> _Cluster:
        """ "The conference was first held in Manila in 1987": the first meeting of the
        reported one's body, a meeting of its own."""
        return _Cluster(
            primary.body,
            1,
            attrs["start"],
            attrs["end"],
            attrs["city"],
            attrs["host"],
            event=True,
            frame_only=False,
            sentences=[st.s.index],
            position=(st.s.index, 0),
        )

    def _done_by(self, st: _Sentence, m: Mention, attrs: dict[str, Any]) -> bool:
        """ "The draft was discussed by the Working Group on CT in Bali on 1-2 November and will
        be considered …": the meeting did something, on days before the report's; what is still
        to come is the document's next step."""
        span = _range(attrs["start"], attrs["end"])
        return bool(
            span
            and self.ref
            and span[1] < self.ref
            and not attrs["future_date"]
            and _DONE_BY.search(st.body[max(0, m.begin - 40) : m.begin])
        )

    @staticmethod
    def _announced(
        st: _Sentence, m: Mention, seg_end: int, window: str, attrs: dict[str, Any]
    ) -> bool:
        """Whether the sentence speaks of the meeting as still to come."""
        after = st.body[m.end : seg_end]
        took_place = bool(_PAST_HELD.search(st.body))
        if _SCHEDULED_THEN_OPENED.search(window):
            return False  # "The 44th ASOD, scheduled for 4-6 July, opened on Tuesday"
        return bool(
            _FUTURE.search(window)
            # a date after the report's, unless the text says it took place
            or (attrs["future_date"] and not took_place)
            # "will share … at the 24th SOMTC" (but not "…, which opened today")
            or (_WILL.search(st.body[: m.begin]) and not _PAST_HELD.search(after))
            # "… the AMMTC+3 …, and … will take place from September 30"
            or (
                (later := _FUTURE.search(st.body, m.end))
                and not _FOLLOWED_BY.search(st.body, m.end, later.end())  # "X will be followed by"
                and not took_place
                and not _HELD.search(st.body[max(0, m.begin - 30) : m.begin])
                # "The 40th ASOD, held on 9-11 July, agreed to report to the 7th AMMD to be held
                # in October": past days of its own; what is to come is the other meeting
                and not (later.start() >= seg_end and attrs["start"] and not attrs["future_date"])
            )
            or ("+" in m.body and _WILL_NEXT.match(after))
        )

    @staticmethod
    def _on_its_nth_day(c: _Cluster, main: _Cluster) -> bool:
        """ "on the second day", "the following day": ``c``'s day counted in ``main``'s days,
        when ``c`` has none of its own. Whether it was."""
        if not (c.nth_day and c.start is None and main.start and len(main.start) == 10):
            return False
        first = dt.date.fromisoformat(main.start)
        span = _range(main.start, main.end)
        last = span[1] if span else first
        if c.nth_day in lexicon.DAY_OFFSETS:
            day = first + dt.timedelta(days=lexicon.DAY_OFFSETS[c.nth_day])
        elif c.nth_day in lexicon.DAYS_AFTER:
            day = last + dt.timedelta(days=1)
        else:
            day = last
        c.start = c.end = day.isoformat()
        return True

    def _alongside(self, primary: _Cluster, clusters: list[_Cluster]) -> None:
        """Meetings held alongside the reported one ("on the sidelines of", "on the second day
        of the meeting", or on a day of its span) take its date and venue when they have none."""
        self._venue_of_the_meeting_held_with(clusters)
        span = _range(primary.start, primary.end)
        for c in clusters:
            if c is primary or c.forward or c.future or c.recalled:
                continue
            if self._on_its_nth_day(c, primary):
                c.concurrent = True
            if c.following and "+" in primary.body and c.body == primary.body.rsplit("+", 1)[0]:
                # a consultation "held following the 16th SOMTC": the meeting of its body it
                # came after was held with it
                c.concurrent = True
            within = bool(span and c.start and _overlap(span, _range(c.start, c.end)))
            if not within and c.start is None and (known := self._known_span(c)):
                # "the 28th and 29th ASEAN Summits", undated: the registry holds the 29th the
                # day after the 28th, at the venue the text gives the 28th
                main = span or self._known_span(primary)
                within = bool(main and _overlap((main[0] - _WINDOW, main[1] + _WINDOW), known))
            if not within and span and c.start and self._prepares(c, primary):
                # "the Preparatory Senior Officials' Meetings (SOMTC+3 …) took place on 28
                # September", two days before the ministers met: at the same venue
                within = _overlap((span[0] - _WINDOW, span[1]), _range(c.start, c.end))
            if (c.concurrent or within) and c.city is None and primary.city:
                self._inherit(
                    c, primary, ("city",) if primary.city == "online" else ("city", "host")
                )
        self._back_to_back(primary, clusters)

    def _venue_of_the_meeting_held_with(self, clusters: list[_Cluster]) -> None:
        """ "The consultation with Japan, held in Hanoi after the 10th SOMTC": the meeting a
        consultation of its body was held after, before or alongside took place there too."""
        for m in clusters:
            if m.city is not None or "+" in m.body or m.forward or m.future or m.recalled:
                continue
            n, at = m.position
            if not _HELD_WITH.search(self.sentences[n].body[max(0, at - 50) : at]):
                continue
            venues = {
                (k.city, k.host)
                for k in clusters
                if k.body.split("+")[0] == m.body
                and "+" in k.body
                and n in k.sentences
                and k.city
                and k.city != "online"
                and "city" not in k.inherited
                and not (k.forward or k.future or k.recalled)
            }
            if len(venues) == 1:
                m.city, host = next(iter(venues))
                m.host = m.host or host

    def _numbered_anaphora(
        self, clusters: list[_Cluster], anaphora: list[tuple[_Sentence, dict[str, Any]]]
    ) -> _Cluster | None:
        """ "ASEANAPOL was founded in 1981, at the first conference …. Its 39th conference
        opened in Bangkok on 28 August": the body named only in its history, then a numbered
        meeting of it the text says took place, dated near the report, named by its ordinal."""
        bodies = {c.body for c in clusters if "+" not in c.body and c.body in self.g.bodies}
        if len(bodies) != 1 or self.ref is None:
            return None
        for st, attrs in anaphora:
            span = _range(attrs.get("start"), attrs.get("end"))
            if (
                attrs.get("number")
                and span
                and self._near_ref(span)
                and not attrs.get("future")
                and _PAST_HELD.search(st.body)
            ):
                c = _Cluster(
                    bodies.pop(),
                    attrs["number"],
                    attrs["start"],
                    attrs["end"],
                    attrs["city"],
                    attrs["host"],
                    attrs["chair"],
                    event=True,
                    frame_only=False,
                    sentences=[st.s.index],
                    position=(st.s.index, 0),
                )
                clusters.append(c)
                return c
        return None

    def _history(self, c: _Cluster) -> bool:
        """``c`` is dated years before the report ("founded in Manila in 1981, at the first
        conference"): part of the body's history, not a meeting a late report looks back on."""
        span = _range(c.start, c.end)
        return bool(span and self.ref and not self.undated and span[1] < self.ref - _YEAR)

    @staticmethod
    def _dated_later(c: _Cluster, clusters: list[_Cluster]) -> bool:
        """A meeting named after ``c`` that the text dates and says took place."""
        return any(
            x.position > c.position
            and x.start
            and x.event
            and not (x.forward or x.future or x.frame_only or x.recalled)
            for x in clusters
        )

    @staticmethod
    def _other_of_series(c: _Cluster, primary: _Cluster) -> bool:
        """``c`` is another numbered meeting of the reported one's body, named apart from it
        (not "the 44th and 45th ASEAN Summits"): an earlier or later one, not held with it."""
        return (
            c.body == primary.body
            and c.number is not None
            and primary.number is not None
            and c.number != primary.number
            and c.position != primary.position
        )

    def _prepares(self, c: _Cluster, primary: _Cluster) -> bool:
        """Whether ``c`` is a meeting of the body that prepares ``primary``'s (the SOMTC+3 for
        the AMMTC+3: the registry's parent of the SOMTC is the AMMTC)."""
        base = c.body.partition("+")[0]
        main = primary.body.partition("+")[0]
        info = self.g.bodies.get(base)
        return bool(info and info.parent == main)

    def _back_to_back(self, primary: _Cluster, clusters: list[_Cluster]) -> None:
        """Consultations with dialogue partners ("followed by the SOMTC+3 Consultation and
        consultations with Australia, China …", "back-to-back with the 8th ASOD+China") are
        meetings of their own, held with the meeting reported: its venue and dates are theirs
        unless the text gives their own. One still to come, forwarded to, or dated (by the text
        or the registry) away from the reported one is only mentioned."""
        if "+" in primary.body:
            # the ASEAN Plus Three Summit "on the sidelines of the 35th ASEAN Summit": the
            # consultations go with the main meeting it was held alongside
            base = primary.body.split("+")[0]
            main = next((c for c in clusters if c.body == base and c.concurrent), None)
            if main is not None:
                primary = main
        span = _range(primary.start, primary.end)
        window = (span[0] - _WINDOW, span[1] + _WINDOW) if span else None
        for c in clusters:
            preparing = (
                self._prepares(c, primary)
                and c.start is None
                and any(_PREPARATORY.search(self.sentences[n].body) for n in c.sentences)
            )  # "the meetings opened with the Senior Officials Meeting …, ahead of the ministers"
            if c is primary or c.forward or c.future or c.recalled:
                continue
            if c.body.rsplit("+", 1)[0] != primary.body and not preparing:
                continue
            if self._other_of_series(c, primary):
                continue  # "the resolutions of the 40th Conference", at the 41st: an earlier one
            own = _range(c.start, c.end)
            if own is None and c.number is not None:
                known = self.g.known_meeting(c.body, c.number)
                own = (known.start, known.last) if known else None
            if own is not None and not (window and _overlap(window, own)):
                continue
            c.concurrent = True
            c.main = primary
            self._inherit(c, primary, ("start", "end", "city", "host"))

    @staticmethod
    def _inherit(c: _Cluster, main: _Cluster, names: tuple[str, ...]) -> None:
        """Fill ``c``'s empty fields from its main meeting, noting which were inherited."""
        own_dates = c.start is not None
        coarser = bool(main.start and len(c.start or "") < len(main.start))
        if (
            own_dates
            and coarser
            and (main.start or "").startswith(c.start or "")
            and c.end in (None, c.start)
        ):
            c.start = c.end = None  # "this year's EU-SOMTC meeting": the main one's days
            own_dates = False
        for name in names:
            if name in ("start", "end") and own_dates:
                continue
            value = getattr(main, name)
            if getattr(c, name) is None and value is not None:
                setattr(c, name, value)
                c.inherited.append(_FIELD_NAMES[name])
        if c.main is None:
            c.main = main

    def _share(self, st: _Sentence, found: list[tuple[Mention, int, dict[str, Any]]]) -> None:
        """Meetings named together ("the AMMTC+China and AMMTC+Japan Consultations were held in
        Bangkok on 28 November") share the date and place the sentence gives the group."""
        groups: list[list[dict[str, Any]]] = []
        undated: set[int] = set()  # a frame's attributes, which take no date from the group
        for n, (m, _seg_end, attrs) in enumerate(found):
            previous = found[n - 1][0] if n else None
            another_of_the_same = bool(
                previous
                and previous.body == m.body
                and previous.number != m.number
                and previous.begin != m.begin  # "the 44th and 45th ASEAN Summits": one phrase
            )  # "Recalling the 10th AMMTC, the 17th AMMTC opened …": two times, two dates
            # "Drawing on the plan endorsed by the 6th AMMD, the 44th ASOD convened …": where
            # the plan came from is not named with the meeting that follows
            origin = bool(
                previous
                and _ADOPTED_AT.search(st.body[max(0, previous.begin - 40) : previous.begin])
            )
            # "In the lead-up to the 9th AMMD, senior drug officials gathered …": two meetings
            origin = origin or bool(
                previous and _AHEAD.search(st.body[max(0, previous.begin - 40) : previous.begin])
            )
            if (
                previous
                and not another_of_the_same
                and not origin
                and _coordinated(st.body[previous.end : m.begin])
            ):
                groups[-1].append(attrs)
                # "Within the framework of the 17th AMMTC, the 13th AMMTC+3 took place on 22
                # August in Labuan Bajo": the venue is both's, the day only the one within's
                if _WITHIN.search(st.body[max(0, previous.begin - 50) : previous.begin]):
                    undated.add(id(found[n - 1][2]))
            else:
                groups.append([attrs])
        for group in groups:
            if len(group) < 2:
                continue
            # a span goes whole: "the 44th and 45th ASEAN Summits, held from 6-11 October"
            dated = next((a for a in group if a["start"]), None)
            for a in group:
                if dated is not None and not a["start"] and id(a) not in undated:
                    a["start"], a["end"] = dated["start"], a["end"] or dated["end"]
            for name in ("city", "host", "online"):
                value = next((a[name] for a in group if a[name]), None)
                for a in group:
                    if not a[name] and value:
                        a[name] = value
            # "The ASOD+3 and ASOD-EU consultations took place the following day": both
            nth_day = next((a["nth_day"] for a in group if a.get("nth_day")), None)
            for a in group:
                if nth_day and not a["start"] and not a.get("nth_day") and id(a) not in undated:
                    a["nth_day"] = nth_day

    def _lead_date(self, primary: _Cluster) -> None:
        """A wire story dates its event in the lead ("agreed on Tuesday …"); the next sentence
        names the meeting. The first date in the sentences before it dates the meeting."""
        if (primary.start is not None and len(primary.start) == 10) or self.ref is None:
            return  # a year ("this year's SOMTC") or a month may still be refined
        # before the meeting is named, any dated sentence; after it, one that says it took place
        # ("Delegates gathered in Jakarta on 20-21 June")
        for st in self.sentences:
            venue = self._venue_line(st)
            if st.credit or st.mentions or (st.s.index in self.date_lines and not venue):
                continue
            if _OTHER_EVENT_HELD.search(st.body):
                continue  # "The Foreign Ministers' Retreat was convened on 19 January": its day
            if st.s.index > primary.position[0] and not (_HELD_HERE.search(st.body) or venue):
                continue
            for d in st.dates:
                if d.aside:
                    continue
                start, end = resolve(d, self.today if d.relative else self.ref)
                span = _range(start, end)
                if (
                    span
                    and self._near_ref(span)
                    and start
                    and len(start) == 10
                    and start.startswith(primary.start or "")
                ):
                    primary.start, primary.end = start, end
                    venues = self._cities(st)
                    place = self._header_place() if venue else None
                    venues = venues or ([place] if place else [])
                    if primary.city is None and venues and (venue or _HELD_HERE.search(st.body)):
                        # "The discussion took place in Bogor, West Java, on 7 July 2022"
                        primary.city = venues[0][1]
                        primary.host = primary.host or venues[0][2]
                    if st.s.index not in primary.sentences:
                        primary.sentences.append(st.s.index)
                    return

    def _asean_chair_chairs(self, primary: _Cluster) -> None:
        """An ASEAN summit or ministerial meeting is chaired by the ASEAN Chair: "Lao Prime
        Minister …, as ASEAN Chair for 2024, led …", "part of Malaysia's ASEAN Chairmanship
        2025", when that state is the meeting's host."""
        info = self.g.bodies.get(primary.body)
        if primary.chair or info is None or info.level not in {"summit", "ministerial"}:
            return
        for st in self.sentences:
            for m in _ASEAN_CHAIR_OF.finditer(st.body):
                states = [
                    h.code
                    for h in st.parties
                    if (info_ := self.g.parties.get(h.code)) is not None
                    and info_.kind == "member_state"
                    and st.tokens[h.end - 1].end <= m.start()
                    and not _stops(st.body[st.tokens[h.end - 1].end : m.start()])
                    and m.start() - st.tokens[h.end - 1].end < 90
                ]
                if states and states[-1] == primary.host:
                    primary.chair = primary.host
                    return

    def _venue_line(self, st: _Sentence) -> bool:
        """A line under the headline of an event page that gives the venue and the days,
        "Jakarta, 23-26 May 2016", "30 August 2012, Bangkok, Thailand", or the days alone as
        a span ("23-26 May 2016"; a page is published on one day)."""
        if st.s.index >= 8 or st.mentions or not st.dates or len(st.body.strip()) > 70:
            return False
        if any(d.end is not None and d.end != d.start for d in st.dates):
            return True
        rest = _DATE_ONLY_REST.sub("", st.body)
        for d in st.dates:
            rest = rest.replace(d.text, "")
        if len(re.findall(r"[A-Za-z]{3,}", rest)) > 4:
            return False
        return st.s.index in self._header() and self._header_place() is not None

    def _header(self) -> list[int]:
        """The short lines at the top of the page (headline, venue, date), before the first
        sentence of the report."""
        out = []
        for st in self.sentences[:8]:
            if len(st.body.strip()) > 70:
                break
            out.append(st.s.index)
        return out

    def _header_place(self) -> tuple[int, str, str | None] | None:
        """The venue the short lines under the headline give ("Roxas Blvd., Pasay City")."""
        for n in self._header():
            st = self.sentences[n]
            # a line of names ("Roxas Blvd., Pasay City"), not a headline ("… meet in Manila")
            if st.mentions or re.search(r"\b[a-z]{4,}", st.body):
                continue
            if venues := self._cities(st):
                return venues[0]
        return None

    def _year_of_undated(self, primary: _Cluster) -> None:
        """A report that prints no date ("opened today", "ended on Thursday") of a numbered
        meeting the registry places in a year: the meeting is dated by that year alone."""
        if not self.undated or primary.start is not None or primary.number is None:
            return
        known = self.g.known_meeting(primary.body, primary.number)
        year = known.start.year if known else self.g.estimated_year(primary.body, primary.number)
        if year is not None:
            primary.start = f"{year:04d}"

    def _attributes(
        self,
        st: _Sentence,
        begin: int,
        end: int,
        before: tuple[int, int] | None,
        cities: list[tuple[int, str, str | None]],
        hosts: list[tuple[int, str]],
        chairs: list[tuple[int, str, bool]],
        places: list[tuple[int, str]],
        virtual: list[int],
        *,
        future: bool = False,
    ) -> dict[str, Any]:
        def pick(items: list[Any]) -> Any:
            inside = [x for x in items if begin <= x[0] < end]
            if inside:
                return inside[0]
            if before:
                earlier = [x for x in items if before[0] <= x[0] < before[1]]
                if earlier:
                    return earlier[-1]
            return None

        segment = st.body[begin:end] + (st.body[before[0] : before[1]] if before else "")
        future = future or bool(_FUTURE.search(segment) or _WILL.search(segment))
        nth = _NTH_DAY.search(segment)
        dates = [
            (d.begin, d)
            for d in st.dates
            if not d.aside
            # a weekday beside a day and month is that day; "later this year" gives way to a
            # month given for the same meeting only ("this year's conference from November 13")
            and not (
                d.relative
                and any(
                    x.start.month
                    for x in st.dates
                    if not x.aside
                    and (
                        not d.relative.startswith(("rel-", "last-m:"))
                        or (begin <= x.begin < end and not x.relative)
                    )
                )
            )
        ]
        date = pick(dates)
        start = end_ = None
        future_date = False
        if date is not None:
            ref = self.today if date[1].relative else self.ref
            anchor = _year_given_beside(date[1], st.dates)
            if anchor is not None:
                # "… on 21 August 2024, followed by the AMMTC+3 on 22 August": a day and month
                # read next to the day the sentence gives in full, not the publication's
                ref = anchor
            # "The 11th AMMTC opens in Manila on Wednesday": a weekday in the present tense of
            # an opening is that day or the coming one, not a past one
            ahead = bool(date[1].relative and (_OPENS.search(segment) or _WILL_END.search(segment)))
            # "the 5th AMMD, which meets in Singapore in October": a month in the present tense
            # of meeting is this one or one to come, not a past one
            ahead = ahead or bool(
                not date[1].start.day
                and date[1].start.month
                and date[1].start.year is None
                and _MEETS_NOW.search(segment)
            )
            # an undated report dated by the registry's record of the meeting it names: a day
            # without a year is the one nearest that record, whatever the tense
            # (a report dated by its lead's day of the meeting reads the future as the future)
            # "the 16th SOMTC (June 6-8), and its outcomes will be reported to …": the days
            # in parentheses after the name label it; what follows does not make them to come
            labelled = st.body.startswith("(", begin) and date[0] < st.body.find(")", begin)
            ahead = ahead or (
                future
                and not labelled
                and not (self.undated and not self.lead_dated and not date[1].relative)
            )
            start, end_ = resolve(date[1], ref, future=ahead)
            if date[1].relative and start and len(start) == 10:
                end_ = _weekday_range_end(start, st.body[date[1].stop : date[1].stop + 24]) or end_
            # every day the segment gives, weekdays too: "which began on Tuesday, ended on 27
            # June" (a weekday beside a day and month is otherwise left to the latter)
            both = self._opened_then_closed(
                st,
                [
                    d
                    for d in st.dates
                    if not d.aside and begin <= d.begin < end and not _named_beside(d, st.dates)
                ],
            )
            if both is not None:
                start, end_ = both
                # "it began on 16 September and will last until 20 September": under way, so
                # the closing day's tense does not make the meeting one still to come
                future = future and not _BEGAN.search(segment)
            span = _range(start, end_)
            if span and self.ref and span[0] > self.ref:
                future_date = True
        city = pick(cities)
        host = pick(hosts)
        place = pick(places)
        chair = pick([(c[0], c[1]) for c in chairs])
        online = pick([(v, True) for v in virtual]) is not None
        edge = None
        if date is not None and start is not None and end_ in (None, start) and len(start) == 10:
            near = st.body[max(0, date[0] - 80) : date[0] + 60] + " " + segment
            opened = _OPENED.search(near) or _WILL_OPEN.search(near)
            closed = _CLOSED.search(near) or _WILL_END.search(near)  # "is set to conclude today"
            edge = "open" if opened and not closed else "close" if closed and not opened else None
            if edge is None and _CONTINUED.search(st.body[max(0, date[0] - 40) : date[0]]):
                edge = "within"  # "continued yesterday": a day of the meeting, not its first
        length = _DAYS.search(segment)
        chaired = any(
            not _ASEAN_CHAIR.search(segment[: m.start()])  # "ASEAN, chaired by Indonesia"
            # "The opening ceremony was presided over by …": opened it, did not chair it
            and not _CEREMONY_BY.search(segment[: m.start()])
            for pattern in (_CHAIRED_BY, _CHAIR_VERB, _CHAIR_OF)
            for m in pattern.finditer(segment)
        )
        return {
            "chaired": chaired and not _CO_CHAIR.search(segment),
            "start": start,
            "end": end_,
            "edge": edge,
            "days": _DAY_COUNTS.get((length.group(1) or length.group(2)).lower())
            if length
            else None,
            "city": "online" if online and city is None else (city[1] if city else None),
            "host": host[1]
            if host
            else (city[2] if city and city[2] else (place[1] if place else None)),
            "chair": chair[1] if chair else None,
            "hosted": host is not None,  # said to host, not only the country of a city named
            "online": online,
            "future_date": future_date,
            "future": future,  # the segment speaks of what is still to come
            "nth_day": next(g for g in nth.groups() if g).lower()
            if nth and start is None
            else None,
        }

    def _opened_then_closed(
        self, st: _Sentence, dates: list[DateMention]
    ) -> tuple[str, str] | None:
        """ "opened on 8 July and closed on 11 July", "which began on Monday, ended today": the
        day a cue says it opened and the day another says it closed, a few days later, are the
        first and last days of one meeting."""
        if len(dates) < 2:
            return None
        opened = closed = None
        previous = 0
        for d in dates:
            lead = st.body[max(previous, d.begin - 40) : d.begin]
            previous = d.stop
            cue_open = _OPENED.search(lead) or _WILL_OPEN.search(lead)
            cue_close = _CLOSED.search(lead) or _WILL_END.search(lead)
            if bool(cue_open) == bool(cue_close):
                continue
            ref = self.today if d.relative else self.ref
            # in an undated report the registry's year holds the day, whatever the tense
            ahead = not self.undated and bool(re.search(r"\bwill\b", lead, re.IGNORECASE))
            day, _ = resolve(d, ref, future=ahead)
            if day is None or len(day) != 10:
                continue
            if cue_open and opened is None:
                opened = day
            elif cue_close and closed is None:
                closed = day
        if opened is None or closed is None:
            return None
        gap = (dt.date.fromisoformat(closed) - dt.date.fromisoformat(opened)).days
        return (opened, closed) if 0 < gap <= 7 else None

    def _fill(self, c: _Cluster, attrs: dict[str, Any], sentence: int) -> None:
        changed = False
        new = attrs.get("start")
        if c.start and new and len(new) > len(c.start) and new.startswith(c.start):
            # "this week" (2018-09) then "from Sept 24 to 27": the finer date wins
            c.start, c.end = new, attrs.get("end")
            changed = True
        elif self._within_range(c, new, attrs.get("end")):
            # "formally opened on 19 June" and "the meeting, which runs from 18 to 22 June"
            c.start, c.end = new, attrs.get("end")
            changed = True
        elif self._opened_and_closed(c, new, attrs.get("edge")):
            # "adopted today at the close of …" and "the meeting, which opened yesterday"
            assert c.start and new
            c.start, c.end = min(c.start, new), max(c.start, new)
            c.edge = None
            changed = True
        elif self._began_before(c, new, attrs):
            # "Malaysia today chaired the meeting" and "the two-day meeting that began
            # yesterday": the day it began is its first, the other one of its days
            c.start, c.end, c.edge = new, None, "open"
            changed = True
        elif c.start is None and new:
            c.edge = attrs.get("edge")
        if c.days is None and attrs.get("days"):
            c.days = attrs["days"]
        c.chaired = c.chaired or bool(attrs.get("chaired"))
        if c.number is None and attrs.get("number"):
            c.number = attrs["number"]  # "It was the 44th meeting of its kind"
            changed = True
        for name in ("start", "end", "city", "host", "chair"):
            if getattr(c, name) is None and attrs.get(name):
                if name == "end" and c.start is not None and attrs.get("start") != c.start:
                    continue
                if name == "host" and c.city == "online" and not attrs.get("hosted", True):
                    continue  # "in Ha Noi, the minister attended the (virtual) AMMTC": no host

                setattr(c, name, attrs[name])
                changed = True
        if changed and sentence not in c.sentences:
            c.sentences.append(sentence)

    @staticmethod
    def _began_before(c: _Cluster, new: str | None, attrs: dict[str, Any]) -> bool:
        """The meeting known by one of its days, and now the day it began, a few days before
        that one, with how many days it lasted."""
        days = c.days or attrs.get("days")
        if not (days and c.start and new and attrs.get("edge") == "open"):
            return False
        if len(c.start) != 10 or len(new) != 10 or c.end not in (None, c.start) or c.edge:
            return False
        if attrs.get("end") not in (None, new):
            return False
        gap = (dt.date.fromisoformat(c.start) - dt.date.fromisoformat(new)).days
        return 0 < gap < days

    @staticmethod
    def _within_range(c: _Cluster, new: str | None, new_end: str | None) -> bool:
        """A day the meeting was known by, and now its whole span, which contains that day."""
        if not (c.start and new and new_end and len(c.start) == 10 and len(new) == 10):
            return False
        if c.end not in (None, c.start) or new_end == new or len(new_end) != 10:
            return False
        return new <= c.start <= new_end

    @staticmethod
    def _last_day(c: _Cluster) -> None:
        """ "The four-day meeting, which began on Monday": its last day, when no other is given."""
        if not (c.days and c.start and len(c.start) == 10 and c.end in (None, c.start)):
            return
        first = dt.date.fromisoformat(c.start)
        if c.edge == "close":  # "wrapped up on May 15 after three days": that day is the last
            c.start = (first - dt.timedelta(days=c.days - 1)).isoformat()
            c.end, c.edge = first.isoformat(), None
            return
        c.end = (first + dt.timedelta(days=c.days - 1)).isoformat()

    @staticmethod
    def _opened_and_closed(c: _Cluster, new: str | None, edge: str | None) -> bool:
        """One date is the day the meeting opened, the other the day it closed, a few days
        apart: together they are its span."""
        if not (c.start and new and c.edge and edge and {c.edge, edge} == {"open", "close"}):
            return False
        if len(c.start) != 10 or len(new) != 10 or (c.end and c.end != c.start):
            return False
        first, last = sorted((c.start, new))
        gap = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
        return 0 < gap <= 6 and (new > c.start) == (edge == "close")

    def _compatible(self, a: _Cluster, b: _Cluster) -> bool:
        if a.body != b.body:
            return False
        if a.number is not None and b.number is not None:
            return a.number == b.number
        ra, rb = _range(a.start, a.end), _range(b.start, b.end)
        if (
            ra
            and rb
            and not _overlap(ra, rb)
            and not self._opened_and_closed(a, b.start, b.edge)
            and not self._days_of_one(a, b)
        ):
            return False
        return not (a.city and b.city and a.city.lower() != b.city.lower())

    @staticmethod
    def _days_of_one(a: _Cluster, b: _Cluster) -> bool:
        """ "The AMMTC opened on 21 August … On 23 August, the AMMTC adopted …": one body,
        unnumbered, named on two days a few days apart, both reported as they happen — days of
        one meeting, not two meetings."""
        if a.number is not None and b.number is not None:
            return False
        if any(x.recalled or x.forward or x.future for x in (a, b)):
            return False
        if len(a.start or "") != 10 or len(b.start or "") != 10:
            return False
        ra, rb = _range(a.start, a.end), _range(b.start, b.end)
        assert ra and rb
        return _overlap((ra[0] - dt.timedelta(days=3), ra[1] + dt.timedelta(days=3)), rb)

    def _merge(self, clusters: list[_Cluster], c: _Cluster) -> None:
        same = [x for x in clusters if self._compatible(x, c)]
        if not same:
            clusters.append(c)
            return
        x = next((y for y in same if y.number is not None and y.number == c.number), same[0])
        unnumbered = x.number is None
        x.number = x.number or c.number
        if self._days_of_one(x, c) and not _overlap(_range(x.start, x.end), _range(c.start, c.end)):
            days = [d for d in (x.start, x.end, c.start, c.end) if d]
            x.start, x.end = min(days), max(days)
        self._fill(
            x,
            {
                "start": c.start,
                "end": c.end,
                "city": c.city,
                "host": c.host,
                "chair": c.chair,
                "edge": c.edge,
                "days": c.days,
                "chaired": c.chaired,
                "hosted": c.hosted,
            },
            c.sentences[0],
        )
        x.online = x.online or c.online
        # "In its report to SOMTC 13" about the SOMTC 13 the text reports: still held
        x.forward = x.forward or (c.forward and not (x.event and x.number is not None))
        x.concurrent = x.concurrent or c.concurrent
        x.following = x.following or c.following
        x.earlier = x.earlier or c.earlier
        x.recalled = x.recalled and c.recalled
        x.adopted_at = x.adopted_at and c.adopted_at
        if not c.consultation_rule and x.number == c.number:
            # announced ("will gather for the 11th AMMTC"), then named without a word of its
            # having taken place ("leads the 11th AMMTC"): still to come
            x.future = x.future and (c.future or not c.event)
            if (
                c.future
                and not (x.event or x.forward or x.recalled)
                and x.number is not None
                and x.start in (None, c.start)  # not "took part on Wednesday in the 18th …"
            ):
                # "The 17th AMMTC in Labuan Bajo will spur cooperation …", then "Polri will
                # hold the 17th AMMTC on 20-23 August": nothing said it took place, still to come
                x.future = True
        if c.future and unnumbered and c.number and not (x.event or x.future or x.start):
            # a headline naming "the ASEAN police chiefs conference", then "is going to the
            # 39th ASEANAPOL Conference": nothing said it took place, it is still to come
            x.future = True
        x.event = x.event or c.event
        x.frame_only = x.frame_only and c.frame_only
        for s in c.sentences:
            if s not in x.sentences:
                x.sentences.append(s)

    def _consultations(
        self, st: _Sentence, clusters: list[_Cluster], attrs: dict[str, Any]
    ) -> None:
        """ "consultations with China, Japan … and the Plus Three" → BODY+CHN, …, BODY+3."""
        m = _CONSULTATIONS.search(st.body)
        if not m:
            for said in st.mentions:
                if (
                    said.body
                    and "+" not in said.body
                    and (met := _BODY_MET_WITH.match(st.body, said.end))
                ):
                    m = met
                    break
        if not m:
            return
        base = next(
            (
                x.body
                for x in reversed(st.mentions)
                if x.body and x.begin < m.start() and "+" not in x.body
            ),
            None,
        )
        if base is None:
            primary = self._primary(clusters) or next(
                (
                    c
                    for c in sorted(clusters, key=lambda x: x.position)
                    if c.future and not c.forward and not c.frame_only and "+" not in c.body
                ),
                None,
            )  # a preview: the meeting announced, whose consultations are announced with it
            base = primary.body.split("+")[0] if primary else None  # the ASEAN+3 Summit's ASEAN
        if base is None:
            return
        toks = st.tokens
        members = (
            self._plus_three_members(toks)
            | self._plus_three_named(st, base)
            | self._plus_three_glossed(st, base)
        )
        last = next((x for x in reversed(st.mentions) if x.begin < m.start()), None)
        if (
            last is not None
            and last.body == f"{base}+3"
            and m.start() - last.end < 16
            and not _AND.search(st.body[last.end : m.start()])
        ):
            # "the ASOD Plus 3 Consultation together with China and Japan": the list its cue
            # opens is of its members, not in "the ASOD+3 and consultations with China and
            # Japan", nor a list after it ("…, as well as consultations with China")
            plus_three = set(self.g.partners_of(f"{base}+3"))
            listed: list[PartyHit] = []
            for h in st.parties:
                if toks[h.begin].start < m.end():
                    continue
                gap = {t.norm for t in toks[(listed[-1].end if listed else h.begin) : h.begin]}
                if h.code not in plus_three or gap - {",", "and", "the"}:
                    break
                listed.append(h)
            members |= {h.begin for h in listed}
        at: dict[str, int] = {}  # each partner and where the sentence first names it
        for h in st.parties:
            if (
                st.tokens[h.begin].start > m.end()
                and h.begin not in members
                and self.g.parties.get(h.code)
                and (self.g.parties[h.code].is_state or h.code == "EU")
                and self.g.parties[h.code].kind != "member_state"  # ASEAN's own: no partner
            ):
                at.setdefault(h.code, st.tokens[h.begin].start)
        plus_three_at = next(
            (
                t.start
                for i, t in enumerate(toks)
                if t.norm == "+" and i + 1 < len(toks) and toks[i + 1].norm == "3"
                if t.start > m.end()
            ),
            None,
        )
        if plus_three_at is not None:
            at.setdefault("3", plus_three_at)
            if self._met_at_plus_three(st, base, at, plus_three_at, m.start()):
                # "… from China, Japan and Korea in the SOMTC Plus Three, and from Australia
                # in a separate meeting": the partners named after it still have their own
                # ("…, followed by the East Asia Summit, which brings in Australia": those named
                # after another meeting are that one's)
                later = min(
                    (x.begin for x in st.mentions if x.begin > plus_three_at), default=len(st.body)
                )
                at = {c: p for c, p in at.items() if c == "3" or plus_three_at < p < later}
        if not at and _WITH_US.match(st.body, m.end()):
            # "Dialogue partners Australia, the EU and India held consultations with the SOMTC":
            # the partners come first, the body (or ASEAN) after "with"
            for h in st.parties:
                info = self.g.parties.get(h.code)
                if (
                    st.tokens[h.begin].start < m.start()
                    and info is not None
                    and (info.is_state or h.code == "EU")
                    and info.kind != "member_state"
                    and not h.place
                ):
                    at.setdefault(h.code, st.tokens[h.begin].start)
        if not at and _PARTNERS_UNNAMED.match(st.body, m.end()):
            # "Consultations with partners will be held in succession", the partners named before
            # ("attended by … ASEAN's dialogue partners China, Japan and the Republic of Korea")
            at = self._dialogue_partners_before(st)
        partners = list(at)
        own_days = self._days_in_list(st, m.start(), m.end(), at, attrs) or _respectively(
            st.body, m, at, attrs
        )
        # "SOMTC 17 will feature consultations with …": announced, not reported
        future = bool(_FUTURE.search(st.body) or _WILL.search(st.body[: m.start()]))
        # "the 19th consultation with Japan": one partner, the ordinal of its consultation
        cue = next((n for n, t in enumerate(toks) if t.start >= m.start()), None)
        number = ordinal_before(toks, cue) if cue is not None and len(partners) == 1 else None
        if number is None and cue is not None and len(partners) == 1:
            number = _nth_time(toks, cue)  # "… met their Chinese counterpart for the 4th time"
        # "The AMMTC+3 took place the same day, while the consultations with China and Japan
        # were held the next day": the day counted after the list is the list's
        counted = _NTH_DAY.search(st.body, m.end())
        nth_day = (
            next(g for g in counted.groups() if g).lower()
            if counted and attrs["start"] is None
            else attrs["nth_day"]
        )
        # "Since 2010 the SOMTC has held annual consultations with …": a custom, no one meeting
        habit = bool(_HABIT.search(st.body)) and not own_days
        for code in partners:
            start, end = own_days.get(code, (attrs["start"], attrs["end"]))
            if habit:
                start = end = None
            c = _Cluster(
                f"{base}+{code}",
                number,
                start=start,
                end=end,
                city=attrs["city"],
                host=attrs["host"] if attrs["city"] and attrs["city"] != "online" else None,
                online=attrs["online"],
                nth_day=nth_day,
                future=future,
                event=True,
                frame_only=False,
                sentences=[st.s.index],
                position=(st.s.index, m.start()),
                consultation_rule=True,
                recalled=habit,
            )
            self._merge(clusters, c)
        if partners and attrs["start"]:
            # "related meetings including the AMMTC+3 (…), consultations with China and Japan
            # … will take place from 30 September": the list shares its one date
            for x in clusters:
                if (
                    st.s.index in x.sentences and x.body.startswith(f"{base}+") and x.start is None
                ):  # "On Thursday, consultations with the partners, including the 15th AMMTC+3 …"
                    x.start, x.end = attrs["start"], attrs["end"]
                    x.future = x.future or future

    def _dialogue_partners_before(self, st: _Sentence) -> dict[str, int]:
        """The partners the text names as dialogue partners, in this sentence or one before it:
        each with a position before the cue, so that no day of the cue's list is theirs."""
        for earlier in reversed(self.sentences[: st.s.index + 1]):
            named = _DIALOGUE_PARTNERS.search(earlier.body)
            if named is None:
                continue
            found = {
                h.code: -1
                for h in earlier.parties
                if earlier.tokens[h.begin].start > named.start()
                and (info := self.g.parties.get(h.code)) is not None
                and (info.is_state or h.code == "EU")
                and info.kind != "member_state"
            }
            if found:
                return found
        return {}

    def _days_in_list(
        self,
        st: _Sentence,
        cue_start: int,
        cue_end: int,
        at: dict[str, int],
        attrs: dict[str, Any],
    ) -> dict[str, tuple[str | None, str | None]]:
        """Partners of a list that gives days of their own: "on 22 July … consultations with
        Canada and China, and on 23 July with India" (a day before its partners), or "with
        Canada on 22 July and with India on 23 July" (a day after each). A day without a year
        is read next to the sentence's own date. Partners the list gives no day of their own
        are left out: they take the sentence's date."""
        days = [
            d
            for d in st.dates
            if d.begin > cue_end and not d.aside and not d.relative and d.start.day
        ]
        if not days:
            return {}
        anchor = attrs["start"]
        ref = dt.date.fromisoformat(anchor) if anchor and len(anchor) == 10 else self.ref
        dated_before = [
            d
            for d in st.dates
            if d.begin < cue_start and not d.aside and not d.relative and d.start.day
        ]
        # "The 19th SOMTC+3 was held on 27 June, while the consultations with … on 28 June":
        # the first day after a meeting named is that one's, not the list's; "the SOMTC met on
        # 26-28 June, followed on 29 June by consultations with …": a second day is the list's
        last = dated_before[-1] if dated_before else None
        owner = max(
            (x.end for x in st.mentions if x.body and last and x.end <= last.begin), default=None
        )
        owned = (
            last is not None
            and owner is not None
            and not any(owner <= d.begin < last.begin for d in dated_before)
        )
        leads = last is not None and not owned
        lead: list[DateMention] = [last] if last is not None else []
        if len(at) < 2 and not (dated_before and not leads):
            return {}
        out: dict[str, tuple[str | None, str | None]] = {}
        for code, position in at.items():
            if leads:  # the day before a group of partners is theirs
                before = [d for d in days if d.begin < position] or lead
                day = before[-1] if before else None
            elif len(days) >= 2:  # the day after each partner is its own
                day = next((d for d in days if d.begin > position), None)
            elif dated_before:  # the one day after the list, not another meeting's before it
                day = days[0]
            else:
                day = None
            if day is not None:
                out[code] = resolve(day, ref)
        return out

    def _met_at_plus_three(
        self, st: _Sentence, base: str, at: dict[str, int], plus_three_at: int, cue: int
    ) -> bool:
        """ "Ministers met their counterparts from China, Japan and Korea at the AMMTC Plus
        Three", "… for the third AMMTC Plus Three consultation", "… from China, Japan and Korea
        (AMMTC+3)", "… from Japan and Korea in the ASEAN Plus Three format": the Plus Three's
        members, and no one else, named before the Plus Three meeting they met at are its
        members, not consultations of their own — unless they were met "separately"."""
        named = {code for code, position in at.items() if code != "3" and position < plus_three_at}
        members = set(self.g.partners_of(f"{base}+3"))
        if not named or not named <= members or (len(named) < 2 and named != members):
            return False
        if _SEPARATELY.search(st.body, cue, plus_three_at) or _ONE_BY_ONE.search(st.body, cue):
            return False
        gap = st.body[max(at[c] for c in named) : plus_three_at]
        return bool(_AT_THE_MEETING.search(gap) or _GLOSSED_BY.search(gap))

    def _plus_three_named(self, st: _Sentence, base: str) -> set[int]:
        """Token indexes of "the Plus Three countries, China, Japan and Korea," or "the Plus
        Three, namely …": the Plus Three's members named after it, all of them and no other,
        are its members, not partners of their own ("the Plus Three, China, Japan and Korea"
        are four consultations, each with its partner)."""
        toks = st.tokens
        plus_three = set(self.g.partners_of(f"{base}+3"))
        out: set[int] = set()
        for i in range(len(toks) - 2):
            if (j := _after_plus_three(toks, i)) is None:
                continue
            if j >= len(toks) or toks[j].norm not in {",", ":", "namely"}:
                continue
            bare = j == i + 2 and toks[j].norm == ","  # no "countries", no "namely"
            if bare and not (j + 1 < len(toks) and toks[j + 1].norm == "namely"):
                continue  # "with the Plus Three, China, Japan and Korea": four consultations
            named: list[tuple[int, str]] = []
            for h in st.parties:
                if h.begin < j:
                    continue
                between = {t.norm for t in toks[(named[-1][0] + 1 if named else j) : h.begin]}
                if between - {",", ":", "namely", "and", "the", "of"} or h.code not in plus_three:
                    break
                named.append((h.begin, h.code))
            if {code for _, code in named} == plus_three:
                out |= {begin for begin, _ in named}
        return out

    def _plus_three_glossed(self, st: _Sentence, base: str) -> set[int]:
        """Token indexes of "the ASOD Plus 3 Consultation with China, Japan and South Korea":
        the Plus Three's members listed right after it, all of them and no other, are its
        members; a list after that one ("…, as well as consultations with China and Japan") is
        of consultations of their own."""
        toks = st.tokens
        plus_three = set(self.g.partners_of(f"{base}+3"))
        out: set[int] = set()
        for i in range(len(toks) - 2):
            if (j := _after_plus_three(toks, i)) is None:
                continue
            # "the fourth ASEAN+3 ministerial consultation on transnational crime with …"
            while j < min(len(toks), i + 9) and toks[j].norm not in _GLOSS_STOPS:
                j += 1
            if j >= len(toks) or toks[j].norm not in {"with", "("}:
                continue
            named: list[PartyHit] = []
            for h in st.parties:
                if h.begin <= j:
                    continue
                between = [t.norm for t in toks[(named[-1].end if named else j + 1) : h.begin]]
                if named and set(between) - {",", "and", "the"}:
                    break
                # "with the Ministers of China, …", "with ministers and officials of China, …"
                if not named and (len(between) > 5 or set(between) & {",", ";", "(", ")"}):
                    break
                if h.code not in plus_three:
                    break
                named.append(h)
            if {h.code for h in named} == plus_three:
                out |= {h.begin for h in named}
        return out

    @staticmethod
    def _plus_three_members(toks: list[Token]) -> set[int]:
        """Token indexes of "(China, Japan and the Republic of Korea)" after "Plus Three
        countries": the members of the Plus Three, not partners of their own."""
        out: set[int] = set()
        for i in range(len(toks) - 1):
            if (j := _after_plus_three(toks, i)) is None:
                continue
            if j < len(toks) and toks[j].norm == "(":
                k = j + 1
                while k < len(toks) and toks[k].norm != ")" and k < j + 16:
                    out.add(k)
                    k += 1
        return out

    def _primary(self, clusters: list[_Cluster], *, spoken_of: bool = True) -> _Cluster | None:
        """The meeting the statement reports: the first one named that is neither forwarded to,
        still to come, nor long past. A body named bare (no number, day, venue, host, chair, nor
        a word of a meeting) is no meeting reported unless the text goes on about "the
        meeting" (``spoken_of``): "it is supported by the SOMTC" names the body."""
        far: _Cluster | None = None  # the first one dated weeks away from the report
        announced = {
            c.body: c.position
            for c in clusters
            if c.future and not c.forward and "+" not in c.body and (c.number or c.start)
        }  # a meeting still to come, named by its number or date (not "at future SOMTCs")
        for c in sorted(clusters, key=lambda x: x.position):
            if c.forward or c.future or c.frame_only or c.consultation_rule or c.recalled:
                continue
            if not spoken_of and self._bare(c):
                continue
            if announced and self._undescribed(c):
                # a preview of the 11th AMMTC: "hosting this year's AMMTC and the ASEAN Summit"
                # names another body it tells nothing of, no meeting reported as held
                continue
            if c.adopted_at and c.start is None and self._dated_later(c, clusters):
                # "The Declaration, adopted at the 31st ASEAN Summit, was cited by the 7th AMMD,
                # which met online on 29 November": where an instrument comes from, undated,
                # before the meeting the text dates as held
                continue
            base = c.body.rsplit("+", 1)[0]
            if "+" in c.body and base in announced and announced[base] < c.position:
                continue  # the consultations of a meeting still to come are still to come

            span = _range(c.start, c.end)
            known = self.g.known_meeting(c.body, c.number) if span is None else None
            if known is not None:  # "the 18th AMMTC", which the registry dates
                span = (known.start, known.last)
            if span and self.ref and not self._near_ref(span):
                far = far or c
                continue
            if span is None and far is not None and c.body.rsplit("+", 1)[0] == far.body:
                # a report published weeks after the meeting ("held from 23 to 25 June"), then
                # its consultations, undated: they were held with it, it is the one reported
                return far
            if (
                span is None
                and "+" in c.body
                and c.number is None  # "the fourth ASEAN-Japan Ministerial Meeting": its own
                and (main := self._dated_main(c, clusters))
            ):
                # "a delegation went to the ASEAN Plus Three consultation …. The 17th AMMTC was
                # held on 22 August in Labuan Bajo": an undated consultation first, then the
                # meeting it went with, dated: that one is reported, the consultation with it
                return main
            return c
        # an overview published weeks later ("took place on September 18"), nothing to come;
        # the meetings it reports to are no rival ("will be reported to the 23rd SOMTC")
        if not any(c.future and not c.forward for c in clusters):
            dated = [
                c
                for c in clusters
                if c.start
                and c.event
                and not c.forward
                and not c.frame_only
                and not c.consultation_rule
                and not self._history(c)
            ]
            if dated:
                return min(dated, key=lambda x: x.position)
            # the one numbered meeting a late report is about ("the 19th AMMTC in Melaka in
            # September had adopted the plan"), when it names no other
            named = [
                c
                for c in clusters
                if not c.frame_only
                and not c.recalled
                and not c.forward
                and c.start
                and not self._history(c)
            ]
            if len(named) == 1 and named[0].number is not None and "+" not in named[0].body:
                return named[0]
        return None

    @staticmethod
    def _undescribed(c: _Cluster) -> bool:
        """Nothing said of ``c`` in its own words: no number, day or month ("this year" is
        none), venue, host or chair, no word of it having taken place."""
        return not (
            c.number is not None
            or len(c.start or "") > 4
            or c.city
            or c.host
            or c.chair
            or c.chaired
            or c.online
            or c.event
            or c.concurrent
            or "+" in c.body
        )

    def _bare(self, c: _Cluster) -> bool:
        """Nothing said of ``c`` but its body's name, in sentences with no word of a meeting
        held or to come ("The AMMTC will be followed tomorrow by …" speaks of a meeting)."""
        said = " ".join(self.sentences[n].body for n in c.sentences)
        return not (
            _HELD.search(said)
            or _FUTURE.search(said)
            or _DELIBERATED.search(said)  # "The SOMTC discussed terrorism": what a meeting does
            or c.number is not None
            or c.start
            or c.city
            or c.host
            or c.chair
            or c.chaired
            or c.online
            or c.event
            or c.concurrent
            or "+" in c.body
        )

    def _week_later(self, c: _Cluster, announced: _Cluster) -> str | None:
        """The day a week after ``c``'s, when a weekday dates it and that day falls in the
        week the announced meeting begins."""
        if not (c.start and len(c.start) == 10 and announced.start and len(announced.start) == 10):
            return None
        weekday = any(d.relative for n in c.sentences for d in self.sentences[n].dates)
        later = dt.date.fromisoformat(c.start) + dt.timedelta(days=7)
        first = dt.date.fromisoformat(announced.start)
        if weekday and first <= later < first + dt.timedelta(days=7):
            return later.isoformat()
        return None

    def _dated_main(self, c: _Cluster, clusters: list[_Cluster]) -> _Cluster | None:
        """The meeting of ``c``'s body the text names later as held on days of its own, near
        the report's date."""
        base = c.body.rsplit("+", 1)[0]
        for x in sorted(clusters, key=lambda y: y.position):
            if (
                x.body == base
                and x.position > c.position
                and x.start
                and x.event
                and not (x.forward or x.future or x.frame_only or x.recalled)
                and (span := _range(x.start, x.end))
                and (self.ref is None or self._near_ref(span))
            ):
                return x
        return None

    def _known_span(self, c: _Cluster) -> tuple[dt.date, dt.date] | None:
        """The days the registry records for a numbered meeting the text does not date."""
        known = self.g.known_meeting(c.body, c.number)
        return (known.start, known.last) if known and known.precision == "day" else None

    def _relations(self, clusters: list[_Cluster], primary: _Cluster | None) -> list[_Cluster]:
        out = []
        window = None
        if primary is not None:
            span = _range(primary.start, primary.end) or self._known_span(primary)
            if span:
                window = (span[0] - _WINDOW, span[1] + _WINDOW)
        for c in sorted(clusters, key=lambda x: x.position):
            if self._over_before_today(c):
                # "The meeting will consider the report of the 13th SOMTC, which was held on
                # 14-16 September": a sentence about what is to come names a meeting over
                c.future = False
            # "the 28th and 29th ASEAN Summits", undated: the registry's days of each
            own = _range(c.start, c.end) or self._known_span(c)
            if c is primary:
                c.relation = "held"  # type: ignore[attr-defined]
            elif c.forward and not (c.event and not c.future and window and _overlap(window, own)):
                # "submitted to the 6th AMMD, which took place on 6 October": sent its outcomes
                # and said to have met, in the days of the report's meeting, it was held
                c.relation = "forwarded_to"  # type: ignore[attr-defined]
            elif c.recalled or (c.earlier and not c.concurrent):
                # "leaders at the 24th ASEAN Summit held earlier this month", "the 19th SOMTC,
                # which Thailand hosted last year": before the meeting reported, recalled
                c.relation = "mentioned"  # type: ignore[attr-defined]
            elif (c.concurrent and not c.future and primary is not None) or (
                not c.future and window and _overlap(window, own)
            ):
                c.relation = "held"  # type: ignore[attr-defined]
            else:
                c.relation = "mentioned"  # type: ignore[attr-defined]
            keep = (
                c is primary
                or c.forward
                or c.number is not None
                or c.start is not None
                or (c.city is not None and c.city != "online")
                or c.consultation_rule
                or (c.event and not c.frame_only)
                or "+" in c.body  # a consultation named as such is a meeting
            )
            if keep and not c.frame_only:
                out.append(c)
        return out

    # -- linking -------------------------------------------------------------------------------

    def _over_before_today(self, c: _Cluster) -> bool:
        """A meeting still to come by its sentence, whose own last day, printed in full, is
        before the day of the report."""
        if not c.future or c.forward or self.today is None or self.undated:
            return False
        last = c.end or c.start
        return bool(last and len(last) == 10 and dt.date.fromisoformat(last) < self.today)

    def link_meeting(self, c: _Cluster) -> int | None:
        known = self.g.known_meeting(c.body, c.number)
        if known is not None:
            return known.id
        if c.number is not None:
            return None
        span = _range(c.start, c.end)
        if span is None:
            return None
        for m in self.g.meetings.get(c.body, ()):
            if _overlap(span, (m.start, m.last)):
                return m.id
        return None


_TITLE_ABBREVIATION = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|Gen|Lt|Lieut|Col|Maj|Brig|Pol|Capt|Cmdr|Adm|Prof|Hon|Sen|Jr|Sr|St|No)\."
    r"|(?<=\s)[A-Z]\.(?=\s+[A-Z][a-z])",  # a middle initial: "Edgar C. Calvante"
)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TO_WEEKDAY = re.compile(
    r"^\s*(?:and|to|through|until|till|-|–)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE
)


_SERIES_NOUNS = {"meeting", "conference", "session", "consultation", "dialogue"}


def _series_ordinal(tokens: list[Token]) -> int | None:
    """ "the third meeting of the working group, held online", "the sixth meeting, held in
    Jakarta", "the fourth meeting in Hanoi": a meeting of the reported one's series, by a word
    ordinal and what places it (not "the first meeting since 2019")."""
    for k, tok in enumerate(tokens[:-2]):
        if tok.norm != "the" or (hit := ordinal_at(tokens, k + 1)) is None:
            continue
        j = k + 1 + hit[1]
        if j >= len(tokens) or tokens[j].norm not in _SERIES_NOUNS:
            continue
        rest = tokens[j + 1 : j + 5]
        if rest and rest[0].norm == ",":
            rest = rest[1:]
        if not rest:
            continue
        placed = (
            rest[0].norm in {"held", "hosted", "convened", "online"}
            or [t.norm for t in rest[:2]] in (["took", "place"], ["was", "held"])
            or (rest[0].norm == "of" and any(t.norm == "group" for t in rest[1:4]))
            or (rest[0].norm == "in" and len(rest) > 1 and rest[1].text[:1].isupper())
        )
        if placed:
            return hit[0]
    return None


def _after_plus_three(toks: list[Token], i: int) -> int | None:
    """Where "Plus Three" at token ``i`` (with "countries", "partners" or "nations" after it)
    ends; None when no Plus Three starts there."""
    if toks[i].norm != "+" or toks[i + 1].norm != "3":
        return None
    j = i + 2
    while j < len(toks) and toks[j].norm.startswith(("countr", "partner", "nation")):
        j += 1
    return j


def _respectively(
    body: str, m: re.Match[str], at: dict[str, int], attrs: dict[str, Any]
) -> dict[str, tuple[str | None, str | None]]:
    """ "The meetings with Canada and China, and the meetings with the US and Australia, took
    place on 20 and 21 July respectively": two lists of partners, two days, in that order."""
    start, end = attrs.get("start"), attrs.get("end")
    second = _CONSULTATIONS.search(body, m.end())
    if not (start and end and start != end and second and _RESPECTIVELY.search(body)):
        return {}
    return {
        code: ((start, start) if where < second.start() else (end, end))
        for code, where in at.items()
    }


#: Right after "consultations with": partners not named there ("with partners", "with the
#: dialogue partners will be held").
_PARTNERS_UNNAMED = re.compile(
    r"\s*(?:the\s+|its\s+|their\s+|ASEAN['’]s\s+)?(?:dialogue\s+)?partners?\b(?!\s*(?:,|:|such|including|namely|from|of|\())",
    re.IGNORECASE,
)
_DIALOGUE_PARTNERS = re.compile(r"\bdialogue\s+partners?\b", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def _nth_time(tokens: list[Token], start: int) -> int | None:
    """ "for the 4th time", "for the fourth time" after ``tokens[start]``: a count of meetings."""
    for k in range(start, len(tokens) - 3):
        if tokens[k].norm in {".", ";"}:
            return None
        if tokens[k].norm == "for" and tokens[k + 1].norm == "the":
            hit = ordinal_at(tokens, k + 2)
            if hit and k + 2 + hit[1] < len(tokens) and tokens[k + 2 + hit[1]].norm == "time":
                return hit[0]
    return None


def _dated_in_parenthesis(st: _Sentence, begin: int, end: int) -> int:
    """Where what a meeting's name says of it begins: after the name, or at the parenthesis
    the name closes with when that gives its days ("the 23rd SOMTC (19-23 June 2023)")."""
    at = st.body.find("(", begin, end)
    if at >= 0 and any(at < d.begin < end and not d.aside for d in st.dates):
        return at
    return end


def _year_given_beside(d: DateMention, dates: list[DateMention]) -> dt.date | None:
    """For a day and month without a year: a date the same sentence gives in full."""
    if d.relative or d.start.year is not None or not (d.start.month and d.start.day):
        return None
    for x in dates:
        if x is not d and not x.aside and x.start.year and x.start.month and x.start.day:
            try:
                return dt.date(x.start.year, x.start.month, x.start.day)
            except ValueError:
                return None
    return None


def _named_beside(d: DateMention, dates: list[DateMention]) -> bool:
    """A weekday written beside its day and month ("Friday, September 20", "Monday (8 July)"):
    the day and month say it."""
    return bool(d.relative) and any(
        not x.relative and 0 <= x.begin - d.stop <= 3 and x.start.month for x in dates
    )


def _weekday_range_end(start: str, after: str) -> str | None:
    """ "on Tuesday and Wednesday", "from Monday to Thursday": the last day of the range."""
    m = _TO_WEEKDAY.match(after)
    if not m:
        return None
    first = dt.date.fromisoformat(start)
    gap = (_WEEKDAYS.index(m.group(1).lower()) - first.weekday()) % 7
    return (first + dt.timedelta(days=gap)).isoformat() if gap else None


def _without_asean(key: tuple[str, ...]) -> tuple[str, ...]:
    return key[1:] if key[:1] == ("asean",) else key


def _possessive(text: str, start: int, end: int) -> bool:
    """ "Thailand's", "the Philippines'": a name written in the possessive."""
    return text[start:end].endswith(("'s", "’s", "'", "’")) or text[end : end + 1] in {"'", "’"}


def _stops(gap: str) -> bool:
    """A full stop or semicolon between two words, other than after a title ("Dr.", "Gen.")."""
    return bool(re.search(r"[.;]", _TITLE_ABBREVIATION.sub(" ", gap)))


#: A chairing verb with its object next: "chairs the", "will also chair the 19th".
_CHAIRS_NEXT = re.compile(
    r"\b(?<!co-)(?:chairs|chaired|chairing|presided\s+over|presides\s+over|(?:will|to|also)\s+chair)"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _governing_chair(
    body: str, chairs: list[tuple[int, str, bool]], begin: int
) -> tuple[int, str] | None:
    """ "Vietnam chairs the 17th SOMTC+Japan Consultation", "the SOMTC-Cambodia team will also
    chair the 19th …": the state that is the subject of a chairing verb whose object is the
    meeting named at ``begin`` — (where the state is named, its code)."""
    verb = _CHAIRS_NEXT.search(body, max(0, begin - 60), begin)
    if verb is None:
        return None
    subject = [c for c in chairs if c[2] and c[0] < verb.start()]
    return (subject[-1][0], subject[-1][1]) if subject else None


#: A hosting verb with its object next: "will host the", "was appointed host of the 36th".
_HOSTS_NEXT = re.compile(
    r"\b(?:hosts|hosted|hosting|will\s+host|to\s+host|host\s+(?:of|to|for))"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _governing_host(body: str, hosts: list[tuple[int, str]], begin: int) -> tuple[int, str] | None:
    """ "The Royal Malaysia Police was appointed host of the 36th Aseanapol Conference": the
    state the hosting verb's subject belongs to, for the meeting named at ``begin``."""
    verb = _HOSTS_NEXT.search(body, max(0, begin - 60), begin)
    if verb is None:
        return None
    subject = [h for h in hosts if h[0] < verb.start() and not _stops(body[h[0] : verb.start()])]
    return subject[-1] if subject else None


def _coordinated(between: str) -> bool:
    """Only joining words between two meetings (a parenthesis aside: "the 14th AMMTC+3
    (China, Japan, Korea) meeting, the 11th AMMTC+China meeting")."""
    between = _RELATED_INCLUDING.sub(" ", between)  # "the 24th SOMTC and Related Meetings,
    # including the 20th SOMTC+3 …, were held in Vientiane": one group, one venue and days
    return bool(_COORDINATED.match(re.sub(r"\([^()]*\)", " ", between)))


_RELATED_INCLUDING = re.compile(
    r"\band\s+(?:its\s+|the\s+)?related\s+meetings\s*,?\s*(?:including|such\s+as|namely|:)",
    re.IGNORECASE,
)


def _next_ordinal(tokens: list[Token]) -> int | None:
    """ "The next, 8th meeting", "the next (9th) conference": the ordinal after "next"."""
    for k, tok in enumerate(tokens):
        if tok.norm != "next":
            continue
        for j in range(k + 1, min(k + 4, len(tokens))):
            hit = ordinal_at(tokens, j)
            if hit is not None:
                after = tokens[j + hit[1] : j + hit[1] + 1]
                if after and after[0].norm in lexicon.MEETING_NOUNS:
                    return hit[0]
    return None


def _main_index(c: _Cluster, clusters: list[_Cluster]) -> int | None:
    """Where, among the proposed meetings, is the main meeting a consultation was held with:
    the one it inherited from, else the held meeting of the body it consults under."""
    if "+" not in c.body or c.relation != "held":  # type: ignore[attr-defined]
        return None
    base = c.body.rsplit("+", 1)[0]
    for n, other in enumerate(clusters):
        if other is c.main or (
            c.main is None and other.body == base and other.relation == "held"  # type: ignore[attr-defined]
        ):
            return n
    return None


def _evidence(sentences: list[_Sentence], indexes: list[int]) -> str:
    return " ".join(sentences[i].s.text for i in sorted(set(indexes)))


def extract(
    text: str,
    *,
    published: dt.date | None = None,
    gazetteer: Gazetteer,
    source: str | None = None,
) -> Extraction:
    """Read one press statement (header lines allowed) and propose what it reports."""
    doc = parse_document(text)
    return extract_document(doc, published=published, gazetteer=gazetteer, source=source)


def extract_document(
    doc: Document,
    *,
    published: dt.date | None = None,
    gazetteer: Gazetteer,
    source: str | None = None,
) -> Extraction:
    x = _Extractor(gazetteer, doc, published)
    x.read()
    x.resolve_short_names()
    x.reference_date()
    g = gazetteer
    clusters = x.meetings()
    meetings = [
        MeetingProposal(
            c.relation,  # type: ignore[attr-defined]
            c.body,
            c.number,
            c.start,
            c.end,
            c.city,
            c.host,
            c.chair,
            _evidence(x.sentences, c.sentences),
            x.link_meeting(c),
            part_of=_main_index(c, clusters),
            inherited=list(c.inherited) if c.main is not None else [],
        )
        for c in clusters
    ]
    # instruments
    found: list[InstrumentFinding] = []
    for st in x.sentences:
        if not st.credit:
            named = find_instruments(g, st.tokens, st.body, st.s.index)
            each = find_partner_plans(g, st.tokens, st.body, st.s.index)
            if each:  # "six SOMTC work plans …, namely with …": the plans, not the group
                named = [f for f in named if not _PLURAL_KIND.search(f.title)]
            if not named and (referred := period_referred(g, st.tokens, st.body)) is not None:
                kind, first, last = referred  # "The MOU, … implemented from 2010 until 2014"
                before = next((f for f in reversed(found) if refers_to(kind, f.kind)), None)
                if before is not None and before.start_year is None and before.end_year is None:
                    before.start_year, before.end_year = first, last
            found += named + each
            found += find_acronyms(g, st.tokens, st.s.index)
    instruments = []
    for f in merge_instruments(found, g):
        known = link_instrument(g, f)
        instruments.append(
            InstrumentProposal(
                f.title,
                f.kind,
                f.start_year,
                f.end_year,
                _evidence(x.sentences, f.sentences),
                known.id if known else None,
            )
        )
    # parties and crime areas
    parties: dict[str, str] = {}
    areas: dict[str, str] = {}
    # "the 19th SOMTC, which Thailand hosted last year", "Brunei will host the 6th AMMD": the
    # host of a meeting only recalled or to come is named for that meeting, not for this one
    # (in a preview, where nothing has taken place yet, the host of the meeting to come is one)
    held = [c for c, p in zip(clusters, meetings, strict=True) if p.relation == "held"]
    held_hosts = {c.host for c in held if c.host}
    other_hosts: dict[int, set[str]] = defaultdict(set)
    for c, proposal in zip(clusters, meetings, strict=True):
        if held and proposal.relation != "held" and c.host and c.host not in held_hosts:
            for n in c.sentences:
                other_hosts[n].add(c.host)
    for st in x.sentences:
        if st.credit:
            continue
        hosting_other = (
            {at for at, code in x._cues(st)[0] if code in other_hosts[st.s.index]}
            if st.s.index in other_hosts
            else set()
        )
        blocked: set[int] = set()
        meeting_names = [(m.begin, m.end) for m in st.mentions if m.body]
        members = {
            h.code
            for h in st.parties
            if g.parties.get(h.code) and g.parties[h.code].kind == "member_state"
        }
        roll_call = len(members) >= 9  # all ten, "the region's countries: Malaysia, …": ASEAN
        for hit in st.parties:
            if roll_call and hit.code in members and not named_for_role(st.tokens, hit):
                blocked.update(range(hit.begin, hit.end))
                continue
            blocked.update(range(hit.begin, hit.end))
            at = st.tokens[hit.begin].start
            if any(b <= at < e for b, e in meeting_names):
                continue  # "the 36th ASEANAPOL Conference": the meeting, not the party
            if at in hosting_other:
                continue
            if (
                g.parties.get(hit.code)
                and g.parties[hit.code].kind == "organisation"
                and _CITED.search(st.body[max(0, at - 60) : at])
            ):
                continue  # "citing figures of the UN Office on Drugs and Crime": a source
            if (
                not hit.place
                and hit.code in g.parties
                # ASEANAPOL is a meeting series here, not a party to its conferences, unless
                # the organisation itself acts ("the ASEANAPOL Secretariat said")
                and (hit.code not in g.bodies or acts_as_organisation(st.tokens, hit))
            ):
                parties.setdefault(hit.code, st.s.text)
        if plus_three_named(st.tokens):  # "with the Plus Three countries"
            for code in g.partners_of("+3"):
                if code in g.parties:
                    parties.setdefault(code, st.s.text)
        for code, _b, _e in find_crime_areas(g, st.tokens, blocked):
            areas.setdefault(code, st.s.text)
        for code in elliptical_crime_areas(g, st.body):
            areas.setdefault(code, st.s.text)
        for code in described_crime_areas(g, st.body):
            areas.setdefault(code, st.s.text)
    for c, proposal in zip(clusters, meetings, strict=True):
        # the host of a meeting held takes part in it; a consultation's partners and a chair too
        host = c.host if proposal.relation == "held" and "+" not in c.body else None
        for party in [*g.partners_of(c.body), c.chair, host]:
            if party and party in g.parties:
                parties.setdefault(party, proposal.evidence)
    if meetings and "ASEAN" in g.parties:
        parties.setdefault("ASEAN", meetings[0].evidence)
    order = sorted(parties, key=lambda code: (code != "ASEAN",))
    return Extraction(
        meetings=meetings,
        instruments=instruments,
        crime_areas=list(areas),
        parties=order,
        evidence={"crime_areas": areas, "parties": {k: parties[k] for k in order}},
        published=x.published,
        source=source or doc.source,
    )
