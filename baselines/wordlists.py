"""Closed word lists the rules consult: determiners, adverbs and adjuncts that sit between a
subject and its cue, nouns that name sources or hearers, verb-form hints. English function words
and news conventions only; no names.
"""
from __future__ import annotations

PRONOUNS = {"he": "person", "she": "person", "it": "thing", "they": "group", "we": "group", "i": "person"}

DETS = {"a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their", "our",
        "my", "your", "one", "some", "many", "several", "two", "three", "four", "other", "another",
        "both", "all", "most", "no"}

SKIP_LEFT = {"also", "again", "later", "earlier", "previously", "then", "once", "already", "further",
             "has", "have", "had", "will", "would", "could", "can", "may", "might", "must", "shall",
             "should", "is", "was", "were", "are", "be", "been", "did", "does", "do", "just", "first",
             "yesterday", "today", "tonight", "now", "too", "since", "last", "this", "week", "month",
             "year", "morning", "afternoon", "evening", "night", "weekend", "recently"}

ADJUNCT_PREPS = {"on", "in", "at", "during", "via", "through", "over", "late", "early", "earlier", "last",
                 "this", "after", "before"}

# what an adjunct between subject and cue may end with: `on Wednesday`, `in a statement`, `on Twitter`
TIME_OR_MEDIUM = {"yesterday", "today", "tonight", "morning", "afternoon", "evening", "night", "week",
                  "weekend", "month", "year", "statement", "interview", "speech", "letter", "post", "tweet",
                  "email", "e-mail", "briefing", "conference", "address", "release", "video", "message",
                  "broadcast", "podcast", "op-ed", "column", "blog", "filing", "hearing", "time", "later",
                  "earlier", "ago", "television", "radio", "call", "remarks", "testimony", "rally", "event"}

NEGATORS = {"not", "never", "no", "declined", "refused", "refuses", "declines", "nobody"}

FUNCTION = {"that", "which", "who", "whom", "whose", "when", "where", "while", "as", "if", "and",
            "but", "or", "because", "although", "though", "so", "than", "to", "of", "for", "in",
            "on", "at", "by", "with", "from", "about", "into", "after", "before", "since", "until",
            "is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "not"}

PERSON_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "official", "minister", "president",
                "adviser", "advisor", "aide", "lawyer", "attorney", "analyst", "expert", "source",
                "witness", "resident", "officer", "leader", "director", "man", "woman", "chief",
                "secretary", "senator", "governor", "mayor", "professor", "economist", "doctor",
                "commander", "diplomat", "negotiator", "prosecutor", "judge", "candidate", "executive",
                # more titles and roles, for appositions and pronoun agreement
                "chancellor", "rector", "dean", "chairman", "chairwoman", "chairperson", "chair", "founder",
                "co-founder", "ceo", "head", "manager", "coordinator", "inspector", "superintendent",
                "representative", "envoy", "ambassador", "commissioner", "councillor", "councilor",
                "lawmaker", "legislator", "activist", "campaigner", "researcher", "scientist", "author",
                "writer", "historian", "journalist", "reporter", "editor", "correspondent", "producer",
                "actor", "actress", "singer", "musician", "coach", "player", "captain", "father", "mother",
                "son", "daughter", "brother", "sister", "wife", "husband", "widow", "friend", "neighbour",
                "neighbor", "owner", "worker", "student", "teacher", "nurse", "surgeon", "physician",
                "priest", "bishop", "pastor", "rabbi", "imam", "counsel", "solicitor", "barrister", "victim",
                "survivor", "suspect", "defendant", "detective", "sheriff", "general", "colonel", "admiral",
                "deputy", "premier", "chief", "mp", "sergeant", "lieutenant", "constable", "veterinarian",
                "psychologist", "psychiatrist", "criminologist", "founder", "organiser", "organizer"}

SOURCE_NOUNS = PERSON_NOUNS | {"officials", "economists", "diplomats", "lawyers", "doctors", "scientists", "police", "sources", "experts", "analysts", "witnesses",
                               "residents", "authorities", "prosecutors", "researchers", "critics",
                               "ministry", "government", "company", "report", "statement", "study",
                               "agency", "spokespeople", "people", "military", "army", "court",
                               "survey", "poll", "data", "figures", "lawmakers", "investigators",
                               "scientists", "observers", "administration", "campaign", "office",
                               "department", "group", "newspaper", "website", "outlet", "media"}

SOURCE_WRAPPERS = {"estimates", "estimate", "figures", "data", "statistics", "a", "report", "reports",
                   "statement", "documents", "sources", "officials", "calculations", "research", "an",
                   "analysis", "the", "published", "released", "issued", "new", "latest", "recent", "study"}

RELATION_PREPS = {"for", "of", "at", "from", "with", "to", "in", "within"}

INTENT_VERBS = {"promise", "vow", "pledge", "threaten", "swear", "warn", "claim", "deny"}

HEARER_MAX = 10

OPEN_MARKS = "\"“”„«‘'"

NOUNISH = {(lemma,) for lemma in ("state", "report", "note", "comment", "estimate", "forecast", "charge",
                                   "dispute", "counter", "remark", "reply", "tweet", "stress", "blast",
                                   "fault", "hint", "caution", "answer", "signal", "project")}

CONTENT_CANNOT_START = {"with", "of", "from", "by", "in", "on", "for", "at", "about", "into", "over",
                        "after", "as", "against", "during", "without", "through", "up", "out", "off", "down",
                        "to", "and", "or", "but", "."}

# verbs that commonly take a bare clause (`said the vote was rigged`); others need `that` or a
# finite verb near the start of the content
BARE_CLAUSE = {"say", "claim", "insist", "argue", "add", "write", "tweet", "assert", "contend", "declare",
               "allege", "tell", "warn", "predict", "estimate", "admit", "concede", "confirm", "acknowledge",
               "suggest", "reply", "respond", "complain", "boast", "swear", "promise", "vow", "pledge",
               "explain", "note", "stress", "emphasise", "emphasize", "reiterate", "testify", "report"}

FINITE = {"is", "was", "are", "were", "has", "have", "had", "will", "would", "could", "can", "should",
          "may", "might", "must", "did", "does", "do", "shall", "isn't", "wasn't", "won't", "can't",
          "didn't", "doesn't", "don't", "aren't", "weren't", "hasn't", "haven't", "wouldn't", "'s", "’s"}

HEARERS = {"reporters", "journalists", "lawmakers", "parliament", "supporters", "voters", "students",
           "members", "residents", "officials", "colleagues", "listeners", "viewers", "readers", "crowd",
           "audience", "committee", "newspaper", "broadcaster", "agency", "network", "station", "outlet",
           "website", "senators", "delegates", "investors", "analysts", "employees", "staff", "us", "me",
           "him", "her", "them"}

WRITER_CLAUSES = {"as", "although", "though", "despite", "even", "whereas"}

#: common irregular past forms that can be a clause's main verb before `and said` / `, saying`
#: (`wept and said`, `spoke to reporters, saying ...`)
IRREGULAR_PAST = {"wept", "spoke", "went", "came", "met", "sat", "stood", "took", "gave", "made", "told",
                  "said", "wrote", "broke", "ran", "won", "lost", "fell", "held", "kept", "sent", "sought",
                  "brought", "thought", "felt", "became", "began", "left", "led", "got", "hit", "put",
                  "saw", "knew", "rose", "struck", "fought", "paid", "read", "heard", "spent", "stuck"}

#: words between a clause and its participle cue (`..., further saying`, `..., then adding`)
PARTICIPLE_LEAD = {",", "and", "—", "by", "while"}
PARTICIPLE_ADVERBS = {"further", "also", "then", "later", "again", "before", "while", "by"}

#: objects that make `dismissed` / `rejected` a legal or procedural act, no denial of a proposition
#: (guidelines §10.1, §10.5: `dismissed the lawsuit`, `rejected ... a lawsuit`)
LEGAL_ACT_OBJECTS = {"lawsuit", "lawsuits", "suit", "suits", "case", "cases", "appeal", "appeals", "motion",
                     "motions", "petition", "petitions", "complaint", "complaints", "injunction", "indictment",
                     "plea", "pleas"}
#: cue lemmas that such an object turns into an act
LEGAL_ACT_CUES = {"dismiss", "reject"}
