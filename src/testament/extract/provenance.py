"""How the speaker knows what a mention says, and whether it is said at all: the provenance of knowledge
(docs/annotation.md): first-hand, second-hand from a named or an unnamed source, hearsay, belief, or a
report (an article's or an organisation's own statement); plus negation ("he was not among them", "اعدام
نشد") and uncertainty ("I think", "allegedly").

A survivor's "I saw them take 30 men" and "according to my cousin's wife more than 200 women" are different
evidence; a case file weighs them apart, so each act and count carries `provenance`, `first_hand`,
`negated` and `uncertain` in its detail. The cues are read in the mention's sentence, before the mention
(the clause that introduces it) and, for negation, just around it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from testament.extract._text import Document, Sentence, guard_all, last_match
from testament.extract.mention import Mention

__all__ = [
    "PROVENANCE",
    "Knowledge",
    "in_heading",
    "kin_of_the_one_named",
    "knowledge_of",
    "one_of_the_prisoners",
]

PROVENANCE: tuple[str, ...] = (
    "first_hand",
    "second_hand_named",
    "second_hand_unnamed",
    "hearsay",
    "belief",
    "report",
)

_I = re.IGNORECASE
# "according to my cousin's wife", "my mother told me", "به گفته همسر پسرعمویم": a source the text names
_NAMED = re.compile(
    r"\b(?i:according to|in the words of|as told by)\s+(?!(?i:rumou?rs?|reports?|some|others|people)\b)"
    # (not "according to his testimony": the witness's own account, _HIS_ACCOUNT)
    r"(?!(?i:(?:his|her|their)\s+(?:own\s+)?(?:testimony|testimonies|account|recollections?)\b))"
    # (not "according to their verdict": in accordance with a rule, no one cited)
    r"(?!(?i:(?:his|her|their|its|the)\s+(?:[\w-]+\s+)?(?:verdicts?|sentences?|charges?|rules?|laws?|"
    r"beliefs?|religions?|backgrounds?|crimes?|ages?|plans?|schedules?|categor(?:y|ies))\b))"
    r"|\b(?i:my|his|her|our|their)\s+(?:[\w'’-]+\s+){0,3}?(?:told|said|wrote|informed)\b"
    r"|\b[A-Z][a-z]+\s+(?:told|informed)\s+(?:me|us|him|her|them)\b"
    r"|(?<![\w\u200c])به گفته(?:‌ی| ی)?\s+|(?<![\w\u200c])از قول\s+"
    # "با استناد به اسناد ثبت شده در سازمان عفو بین الملل": documents a source holds, cited
    r"|(?<![\w\u200c])(?:با\s+استناد\s+به|به\s+استناد)\s+|\b(?i:citing)\s+"
    # "بر اساس خاطرات آقای X، …", "based on the records of …": a source's writings or figures, cited (not "بر
    # اساس میزان محکومیت", a criterion)
    r"|(?<![\w\u200c])(?:بر[\s\u200c]?اساس|بنا\s+بر)\s+(?:خاطرات|گزارش|اسناد|گفته|نامه|آمار|اظهارات|اطلاعات)"
    r"(?![\w\u200c])|\b(?i:based\s+on\s+(?:the\s+)?(?:memoirs|records|figures|documents|reports?)\s+of)\b"
    # "خانم جهانگیر می‌نویسد که …": what a named writer (a rapporteur) writes in their report
    r"|(?<![\w\u200c])(?:خانم|آقای|دکتر)\s+[^\s،,.]+(?:\s+[^\s،,.]+)?\s+"
    r"(?:می[\u200c ]?نویسد|نوشته\s+است)\s+که",
)
# "According to his testimony, the regime was preparing for the massacre": the witness's own account cited
_HIS_ACCOUNT = re.compile(
    r"\baccording\s+to\s+(?:his|her|their)\s+(?:own\s+)?(?:testimony|testimonies|account|recollections?)\b",
    _I,
)
_UNNAMED = re.compile(
    r"\b(?:I was told|we were told|was told|were told|told (?:me|us)|they said|it became known|"
    r"(?:we|I|he|she|they) (?:later )?learn(?:ed|t)|(?:we|I) (?:later )?found out|"
    r"an? (?:eye-?)?witness (?:wrote|said)|others said|some said|victims are giving testimon\w*|"
    # "Other prisoners said that …": fellow prisoners, none named, told the speaker
    r"other\s+(?:prisoners|inmates|cellmates|detainees)\s+(?:said|told\s+(?:me|us))|"
    # "Word reached us that …", "news reached the ward": passed on
    r"word\s+(?:reached|came|got\s+out|spread)|news\s+reached)\b"
    r"|\bsome\s+(?:media|outlets|news\s+outlets|reports|sources|websites)\b"
    # "I have received consistent reports that …": a rapporteur's or a researcher's sources
    r"|\breceived\s+(?:\w+\s+){0,2}?(?:reports?|information|accounts|allegations)\s+(?:that|of|about)\b"
    # "where officials claim to have buried them": the authorities' own claim, relayed
    r"|\b(?:officials|authorities|the\s+regime|the\s+government)\s+(?:\w+\s+)?(?:claim|claimed|claims)\b"
    r"|به ما گفتند|به من گفتند|(?<![\w\u200c])گفتند که|معلوم شد|فهمیدیم|فهمیدم"
    # "آنان می‌گفتند که …": what others used to tell (the families at the cemetery), not seen
    r"|(?<![\w\u200c])می[\u200c ]?گفتند\s+که"
    # "یکی از مسئولان زندان به من گفت که …": one person, not named, told the speaker
    r"|(?<![\w\u200c])به\s+(?:من|ما)\s+گفت(?:ه)?(?:\s+(?:بود|است))?\s+که"
    # "برخی رسانه‌ها لیستی … منتشر کردند": some media, none named
    r"|(?<![\w\u200c])(?:برخی|بعضی|برخی\s+از)\s+(?:رسانه|منابع|سایت|گزارش)",
    _I,
)
# "X تعداد این اعدامیان را بین ۲۸۰۰ تا ۳۸۰۰ نفر می‌داند", "X put the number of the executed at …": a figure
# someone named gives, not one they saw (the act inside "the number of" is theirs to estimate)
_NUMBER_OF = re.compile(
    r"(?<![\w\u200c])(?:تعداد|شمار|آمار)\s+[^.؟!،,]{0,30}$|\b(?:number|toll|figure)\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    _I,
)
_PUT_AT = re.compile(
    r"^[^.؟!،,]{0,20}?\s+را\s+[^.؟!]{0,50}?(?:می[\u200c ]?داند|دانسته|برآورد\s+(?:کرده|می[\u200c ]?کند|کرد)|"
    r"تخمین\s+(?:زده|می[\u200c ]?زند|زد))(?![\w\u200c])"
    r"|^\s+(?:at|between|as)\b",
    _I,
)
# news tapped through the walls, wherever the sentence says so ("we knew of the executions through morse")
_MORSE = re.compile(r"\b(?:through|by|via|using|in)\s+(?:the\s+)?morse\b|(?:با|از\s+طریق)\s+مورس", _I)
_HEARSAY = re.compile(
    r"\b(?:heard|rumou?rs?|rumou?red|it was said|apparently|reportedly|allegedly|through morse code|"
    r"by morse code|tapp(?:ed|ing) (?:on|through) the walls?)\b"
    r"|شنیدیم|شنیدم|شنیده|شایع|با مورس|از طریق مورس|(?<![\w\u200c])(?:گویا|ظاهرا|ظاهراً)(?![\w\u200c])"
    # "خبر رسید که …" (word came that)
    r"|(?<![\w\u200c])خبر\s+(?:رسید|آمد)\s+که",
    _I,
)
# "در این گفتگو خانم معینی از اعدام ۱۲ تن ... سخن گفت": a named speaker tells of it (a verb of speech
# closes the clause)
_NAMED_SPEAKER_FA = re.compile(
    r"(?<![\w\u200c])(?:خانم|آقای|دکتر)\s+[^\s،,.]+(?:\s+[^\s،,.]+)?\s+"
    r"(?:از|درباره(?:[\u200c ]?ی)?)\s+[^.؟!]{0,120}$"
)
# "شاهد به موارد متعدد شکنجه … اشاره کرد": the witness (or a survivor) tells of it in the report's words
_WITNESS_SPEAKER_FA = re.compile(
    r"(?:^|[.؟!:،]\s*|\n)(?:این\s+|یک\s+|یکی\s+از\s+)?(?:شاهد|بازمانده|بازماندگان|زندانی\s+سابق)(?:\s+\d+)?\s+"
    r"(?:(?:در\s+ادامه|همچنین|سپس|نیز)\s+)?(?:به|از|درباره(?:[\u200c ]?ی)?)\s+[^.؟!]{0,150}$"
)
_SPEAKS_FA = re.compile(
    r"(?<![\w\u200c])(?:سخن|صحبت)\s+(?:گفت|گفته|می[\u200c ]?گوید|کرد|کرده|می[\u200c ]?کند)"
    r"|(?<![\w\u200c])(?:می[\u200c ]?گوید|روایت\s+(?:کرد|می[\u200c ]?کند)|شرح\s+(?:داد|می[\u200c ]?دهد))"
    r"(?![\w\u200c])"
)
_REFERS_FA = re.compile(
    r"(?<![\w\u200c])اشاره\s+(?:کرد|کرده|می[\u200c ]?کند)(?![\w\u200c])|(?<![\w\u200c])گفت(?![\w\u200c])"
)
# news passed from mouth to mouth, wherever the sentence says so ("خبر … دهان به دهان می‌چرخید", "the
# news spread by word of mouth")
_BY_MOUTH = re.compile(r"\bby\s+word\s+of\s+mouth\b|(?<![\w\u200c])دهان\s+به\s+دهان(?![\w\u200c])", _I)
_NEWS_OF = re.compile(
    r"\bnews\s+of\s+(?:the\s+|his\s+|her\s+|their\s+|our\s+|my\s+)?$|(?<![\w\u200c])خبر\s+$", _I
)
# Persian puts the verb last: "از اعدام‌ها … خبردار شدم", "از کشتار … مطلع شدیم" (learnt of it)
_LEARNT_AFTER_FA = re.compile(
    r"[^.؟!،,\n]{0,60}?(?<![\w\u200c])(?:خبردار|باخبر|مطلع|آگاه)\s+"
    r"(?:شدم|شدیم|شدند|شد|شده[\u200c ]?(?:ام|ایم|اند))(?![\w\u200c])"
)
# "… اعدام کردند؛ ماجرایی که بازجوها آن را تعریف می‌کردند", "a story the guards used to tell": an act inside
# a story others told, wherever in the sentence the story is named
_STORY_TOLD = re.compile(
    r"(?<![\w\u200c])(?:ماجرا|داستان|قصه|حکایت)(?:یی|ی)?\s+(?:را\s+)?که\s+"
    r"(?!(?:او|وی|من|ما|خود|خودش)(?![\w\u200c]))[^.؟!]{0,40}?"
    r"(?:تعریف|نقل|روایت)\s+(?:می[\u200c ]?)?(?:کرد|کردند|کند|کنند)(?![\w\u200c])"
    # (not "the story she told": the speaker's own)
    r"|\b(?:a|the)\s+story\s+(?:that\s+)?(?!(?:he|she|I|we)\b)(?:the\s+)?\w+\s+"
    r"(?:used\s+to\s+tell|would\s+tell|told|tell)\b",
    _I,
)
# heard directly ("we could hear the lashes", "صدای شکنجه را می‌شنیدیم") is first-hand, not hearsay
_HEARD_DIRECTLY = re.compile(
    r"\b(?:could hear|heard the (?:sound|screams?|cries|shots?|noise)|heard (?:them|him|her) (?:scream|cry)|"
    # "X had overheard the judges talking to one of the executioners", "he was tortured by the sounds of the
    # executions": heard by X himself
    r"overheard|(?:tortured|woken|kept\s+awake|haunted)\s+by\s+the\s+sounds?\s+of)\b"
    # (any hearer: "زندانیان صدای هیأت را شنیده بودند", "تا صدای شعارها شنیده نشود")
    r"|صدای\s+[^.]{0,60}?(?:می[\u200c ]?)?شنید",
    _I,
)
# "the court heard from witnesses who described him as …", "Mesdaghi and other witnesses have come forward to
# say that he oversaw beatings": survivors' testimony told in the report's words, first-hand (a court that
# "heard" a witness heard testimony, not a rumour)
_WITNESSES_SAY = re.compile(
    r"\b(?:(?:court|judges?|tribunal|hearing)\s+(?:\w+\s+)?heard\s+(?:from\s+)?(?:the\s+)?(?:\w+\s+)?"
    r"(?:witnesses|survivors|former\s+prisoners)\b"
    # (not "many witnesses testified on how he tortured": unnamed sources, counted, not the ones told of)
    r"|(?<!many\s)(?<!some\s)(?<!several\s)(?<!numerous\s)"
    r"(?:witnesses|survivors|former\s+(?:political\s+)?prisoners)\s+(?:\w+\s+){0,4}?"
    r"(?:say|said|testified|described|recounted|recalled|told)\b)",
    _I,
)
_BELIEF = re.compile(
    r"\b(?:I think|I believe|I guess|I suppose|I assume|we think|we believe|(?:he|she|they) thinks?|"
    r"probably|perhaps|maybe|it seems|seemingly|must have|presumably|I am not sure|I'm not sure|"
    r"I don'?t remember exactly|allegedly|alleged|as far as I know)\b"
    # "Initially, we thought that they were being interrogated": what the speaker took to be so at the time
    r"|\b(?:I|we)\s+(?:\w+\s+)?(?:thought|believed|assumed|supposed|imagined)\s+that\b"
    # "We realized that the regime was preparing the grounds for the executions", "he only realized later that
    # they had been brought there to be executed": the speaker's own inference, at the time or after
    r"|\b(?:I|we|he|she)\s+(?:only\s+)?(?:later\s+reali[sz]ed|reali[sz]ed\s+later)\b"
    r"|\b(?:I|we|he|she)\s+reali[sz]ed\s+that\s+[^.;]{0,40}?\b(?:is|was|were|are)\s+(?:preparing|planning|"
    r"getting\s+ready|about\s+to)\b"
    r"|فکر می‌کنم|فکر میکنم|فکر می کنم|گمان می‌کنم|گمانم|احتمالا|احتمالاً|شاید|به نظرم|مطمئن نیستم"
    # "انگار زاده شده بود که شکنجه کند": as if, the speaker's reading of someone
    r"|(?<![\w\u200c])(?:انگار|گویی)(?![\w\u200c])"
    r"|تا آنجا که (?:می[\u200c ]?دانم|میدانم)"
    # an estimate: "we estimated that only eight hundred were left", "تخمین زدیم که …"
    r"|\b(?:I|we)\s+(?:\w+\s+)?(?:estimated|estimate|reckoned|guessed)\b"
    r"|(?<![\w\u200c])(?:تخمین|حدس)\s+(?:زدم|زدیم|می[\u200c ]?زنم|می[\u200c ]?زنیم)(?![\w\u200c])",
    _I,
)
# a hedge on a detail of what the speaker tells, an alternative, not on whether it happened ("late 1364 or
# perhaps Nowruz 1365 they moved us"): uncertain, the provenance as the rest of the sentence says
_HEDGE = re.compile(r"\bor\s+(?:perhaps|maybe)\b|(?<![\w\u200c])یا\s+شاید(?![\w\u200c])", _I)
_FIRST_PERSON = re.compile(r"\b(?:I|we|me|us|my|our)\b|(?<![\w\u200c])(?:من|ما)(?![\w\u200c])")
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|n't|no one (?:was|were)|nobody (?:was|were)|none of (?:them|us) (?:was|were))\s+"
    r"(?:\w+\s+){0,2}$"
    r"|\b(?:was|were|is|are)\s+not\s+among\s+(?:those|the)?\s*(?:\w+\s+){0,2}$",
    _I,
)
# Persian negates the verb: "اعدام نشد", "دستگیر نکردند", "شکنجه نمی‌کردند"
_NEGATION_AFTER_FA = re.compile(r"^\s*(?:ن(?:شد|شده|کرد|کردند|زدند|بود)|نمی[‌ ]?(?:شد|کرد|کردند|زدند))")
# what is said of everyone, not seen: a country-wide total, "the massacre" as a whole
_GENERAL = re.compile(
    r"\b(?:across (?:Iran|the country)|throughout (?:Iran|the country)|nationwide|in all (?:the )?prisons)\b"
    r"|در سراسر (?:ایران|کشور)|در همه زندان‌ها"
    # "in the prisons of the Islamic Republic", "در زندان‌های جمهوری اسلامی": the state's prisons as a whole
    r"|\bin\s+(?:the\s+)?(?:prisons|jails)\s+of\s+(?:the\s+Islamic\s+Republic|Iran|the\s+regime)\b"
    r"|\bin\s+(?:the\s+Islamic\s+Republic['’]s|Iran['’]s|Iranian)\s+(?:prisons|jails)\b"
    r"|در\s+زندان[\u200c ]?های\s+(?:جمهوری\s+اسلامی|رژیم|ایران|کشور)(?![\w\u200c])",
    _I,
)
# the speaker was there: "I was in", "we saw", "my friends and I were in Ward 1", "witnessing the massacre",
# "a survivor of the massacre"; Persian by the first person of the clause's verb or object ("زندانی بودم",
# "منتقل شدم", "متوجه ابعاد کشتار شدیم", "شاهدان قتل‌عام … هستم", "مرا … منتقل کردند"); not a feeling told
# in the first person ("I was both excited and worried about …")
_THERE = re.compile(
    r"\b(?:I|we)\s+(?:(?:was|were)\s+(?:\w+\s+)?(?:in|at|inside|there|held|imprisoned|detained|jailed|among)\b|"
    r"saw|heard|witnessed|lived through|survived)\b"
    r"|\b(?:I|we|my|our)\b[^.;]{0,60}\bwitnessing\b|\bsurvivors?\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+)?massacre"
    # "I'm one of those who survived the massacre"
    r"|\b(?:I|we)(?:['’]m|['’]re|\s+am|\s+are)\s+(?:one\s+of\s+|among\s+)?(?:those|the\s+(?:few|ones?))\s+who\s+"
    r"(?:survived|lived\s+through|witnessed)\b"
    r"|(?<![\w\u200c])(?:مرا|ما را|(?:بود|شد|دید|شنید|کرد|گرفت|رفت|آمد|ماند|هست)(?:م|یم))(?![\w\u200c])",
    _I,
)
# the massacre as the time of the sentence: "during", "at the time of", "در زمان", "در جریان"
_DURING = re.compile(
    r"\b(?:during|at the time of|throughout|before|after|around the time(?: of)?)\s+"
    r"(?:the\s+)?(?:[\w'-]+\s+)?$"
    # ("سال 67درحین دومین کشتار": a year's digit may run into it, an ordinal stand between)
    r"|(?<![^\W\d]|\u200c)(?:در زمان|در جریان|در دوران|در\s*حین|هنگام|طی)\s+(?:[^\s]+مین\s+)?$",
    _I,
)
# "X, who was charged with murder": the charge is the prosecution's, not a fact told; "sentenced to life
# for murder": the court's finding (a named source)
_CHARGED = re.compile(
    r"\b(?:charged\s+with|accused\s+of|indicted\s+(?:for|on)|suspected\s+of|"
    r"charges?\s+(?:relating|related|in\s+relation)\s+to)\s+(?:[\w-]+\s+){0,3}$",
    _I,
)
_CONVICTED = re.compile(
    r"\b(?:convicted\s+of|found\s+guilty\s+of|sentenced\s+[^.;]{0,40}?\bfor)\s+(?:[\w-]+\s+){0,3}$", _I
)
# "خواهر … علی‌اکبر لطیف که در قتل‌عام‌های سال ۶۷ به شهادت رسید", "my brother, who was killed in the
# massacre": the massacre named as where the speaker's kin died (what befell the kin is not the speaker's)
_KIN_KILLED_IN = re.compile(
    r"(?<![\w\u200c])(?:پدر|مادر|برادر|خواهر|همسر|شوهر|پسر|دختر|فرزند)(?:م|ش|ان)?(?![\w\u200c])"
    r"[^.؟!]{0,60}?(?<![\w\u200c])که\s+(?:در|طی)\s+$"
    r"|\b(?:my|our|his|her)\s+(?:\w+\s+)?(?:father|mother|brother|sister|husband|wife|son|daughter)\b"
    r"[^.;]{0,60}?\bwho\s+(?:was|were)\s+(?:\w+\s+)?(?:killed|executed|hanged|murdered)\s+(?:in|during)\s+"
    r"(?:the\s+)?(?:[\w'-]+\s+)?$",
    _I,
)
_SAW_MYSELF = re.compile(
    r"(?<![\w\u200c])(?:شاهد|ناظر)\s+(?:[^\s.؟!]+\s+)?(?:بوده[\u200c ]?ام|بودم)(?![\w\u200c])"
    r"|(?<![\w\u200c])(?:با\s+چشم(?:ان|های)?\s+خود(?:م)?|به\s+چشم\s+خود(?:م)?)\s+(?:[^\s.؟!]+\s+)?دیدم"
    r"|\bI\s+(?:\w+\s+)?(?:saw|witnessed|watched)\b|\bI\s+was\s+(?:there|present|an?\s+eye-?witness)\b",
)
# "ما فرزندان اعدامیان", "we, the families of the executed": a relatives' statement names its kin's death
_WE_THE_KIN = re.compile(
    r"(?<![\w\u200c])ما\s*[،,]?\s*(?:فرزندان|خانواده[\u200c ]?های|مادران|پدران|همسران|بازماندگان)\s+$"
    r"|\bwe\s*,?\s+(?:the\s+)?(?:children|families|mothers|fathers|relatives)\s+of\s+(?:the\s+)?$",
    _I,
)
# "X، که خود تا سال ۱۳۶۶ در عادل‌آباد زندانی بوده است، می‌گوید", "دو زندانی که در سال ۶۷ در این زندان محبوس
# بوده‌اند": the one who then tells was held there (a relative clause on the speaker): their own detention
_WHO_WAS_HELD_FA = re.compile(
    r"(?:زندانی|محبوس|اسیر|در\s*اسارت|در\s+بند)\s*(?:بوده|بودند|بوده[\u200c ]?(?:است|اند))(?![\w\u200c])"
)
_RELATIVE_KE = re.compile(r"(?<![\w\u200c])که(?:\s+خود(?:شان)?)?\s+[^.؟!،,]{0,80}$")
# the killings qualified in law: what a rapporteur or an expert finds, not what they saw
_LEGAL = re.compile(
    r"\bcrimes?\s+against\s+humanity\b|\bgenocide\b|\bextra-?judicial\b|\benforced\s+disappearances?\b"
    r"|\bamounts?\s+to\b|\bamounted\s+to\b"
    r"|جنایت(?:[\u200c ]?های?)?\s+علیه\s+بشریت|نسل[\u200c ]?کشی|فراقضایی|ناپدید\s*(?:سازی|شدن)\s+قهری",
    _I,
)
# a person's finding opens the sentence: "He categorizes these acts as …", "The rapporteur concluded that …"
_QUALIFIES = re.compile(
    r"\s*(?:He|She|They|(?:The\s+)?[A-Z][\w'’-]+)\s+(?:\w+ly\s+|also\s+)?(?:categori[sz]es|categori[sz]ed|"
    r"characteri[sz]es|characteri[sz]ed|qualifies|qualified|classifies|classified|labels|labelled|labeled|"
    r"concludes|concluded|finds|found|determines|determined)\b"
)
# a generic description of the prisons: what usually happened, what a prison was mainly for
# a named other as the subject of a passive or of "received" ("Mohammad and Abdullah were", "X received a")
_OTHERS_BACKGROUND_EN = re.compile(
    r"(?:^\s*|[.;,]\s+|\band\s+)(?!(?:He|She|They|It|The|This|These|That|Those|We|I|My|Our|His|Her|Their)\b)"
    r"(?:[A-Z][\w'’-]+\s+)?(?:and\s+[A-Z][\w'’-]+\s+)?[A-Z][\w'’-]+\s+"
    r"(?P<verb>was|were|had\s+been|received|got)\s+(?:an?\s+)?(?:\w+\s+)?$"
)
_HABITUAL_EN = re.compile(
    r"\b(?:usually|mainly|generally|typically|normally|as\s+a\s+rule|customarily)\b", _I
)
# "he had to stay along with about 60 prisoners": the fellow prisoners the speaker (or the report's witness)
# was held with
_HELD_WITH = re.compile(
    r"\b(?:stay|stayed|kept|held|put|live|lived|share|shared)\s+(?:\w+\s+){0,3}?(?:along\s+|together\s+)?with\s+"
    r"(?:about\s+|some\s+|around\s+|nearly\s+|over\s+|more\s+than\s+)?$",
    _I,
)
# "Political prisoner recounts mass executions", "مشاهدات خود را از قتل عام بیان می‌کنند" (their
# observations of it): a person's own account of it (not "X و یادمانده‌هایش از کشتار", a memoir's title:
# annotated both ways)
_RECOUNTS = re.compile(
    r"\b(?:prisoners?|survivors?|witness(?:es)?|inmates?)\s+(?:recounts?|recalls?|remembers?|describes?)\s+"
    r"(?:the\s+)?(?:[\w'-]+\s+)?$"
    r"|(?<![\w\u200c])مشاهدات(?:[\u200c]?(?:ش|اش|شان))?"
    r"(?:\s+خود(?:م|ش|شان)?)?(?:\s+را)?\s+از\s+$",
    _I,
)
# «…» his lawyer X told reporters: counsel's words for the client
_COUNSEL_AFTER = re.compile(
    r"^[^\n]{0,12}?\b(?:his|her|their|the)\s+(?:\w+\s+)?(?:lawyer|attorney|counsel)\b"
    r"|^[^\n]{0,12}?(?<![\w\u200c])(?:وکیل|وکلای)(?![\w\u200c])",
    _I,
)
# "An individual whose brother was executed told a radio that the police did not let the families approach",
# "The mourner said that …": a relative tells what the families lived (docs/annotation.md, relatives'
# accounts)
_RELATIVE_SAYS = re.compile(
    r"\b(?:(?:individual|man|woman|person)\s+whose\s+(?:\w+\s+)?(?:brother|sister|son|daughter|father|mother|"
    r"husband|wife|relatives?)|the\s+mourners?|(?:a|the)\s+(?:relative|family\s+member))\b"
    r"[^.]{0,160}?\b(?:said|told|says|tells)\b[^.]{0,60}?\bthat\s",
    _I,
)
# the sentence's subject is the witness: "او", "وی", or "این زندانی سیاسی سابق", "این شاهد" (this former
# prisoner)
_WITNESS_SUBJECT_FA = (
    r"\s*(?:او|وی|این\s+(?:زندانی(?:\s+سیاسی)?(?:\s+(?:سابق|پیشین))?|شاهد|بازمانده(?:\s+کشتار)?))"
    r"(?![\w\u200c])"
)
_HE_OPENS_FA = re.compile(rf"{_WITNESS_SUBJECT_FA}(?![^.؟!]{{0,80}}(?:گفت|می[\u200c ]?گوید))")
_HE_SAYS_FA = re.compile(_WITNESS_SUBJECT_FA)
_THIS_FA = re.compile(r"(?<![\w\u200c])این\s+$")
_THE_WITNESS_FA = re.compile(r"(?<![\w\u200c])شاهد(?![\w\u200c])")
# the witness of a trial report was held in the prisons ("زندانی سیاسی پیشین به عنوان شاهد", "محل حبس خود")
_WITNESS_WAS_HELD_FA = re.compile(
    r"(?<![\w\u200c])زندانی\s+سیاسی\s+(?:سابق|پیشین)(?![\w\u200c])|(?<![\w\u200c])محل\s+حبس\s+خود"
)


@lru_cache(maxsize=64)
def _first_at(pattern: re.Pattern[str], norm: str) -> int:
    """Where `pattern` first matches in a text (its length if nowhere): read once per text and pattern."""
    found = pattern.search(norm)
    return len(norm) if found is None else found.start()


def _survivor_witness_speaks_fa(doc: Document, sentence: Sentence, before: str) -> bool:
    """A Persian trial report's sentence whose subject is the witness ("او", "این زندانی سیاسی سابق"), after
    the report named a witness who was held in the prisons: what he tells of the killings is of his own prison
    (docs/annotation.md, thirteenth and twenty-first parts)."""
    if doc.language != "fa" or not _HE_SAYS_FA.match(before):
        return False
    return (
        max(_first_at(_THE_WITNESS_FA, doc.norm), _first_at(_WITNESS_WAS_HELD_FA, doc.norm)) < sentence.start
    )


_LOST_KIN = re.compile(
    r"\b(?:lost|has\s+lost|have\s+lost|had\s+lost)\s+(?:\w+\s+){0,2}?(?:members?\s+of\s+(?:her|his|their)\s+family|"
    r"(?:her|his|their)\s+(?:\w+\s+)?(?:brothers?|sisters?|sons?|daughters?|husband|wife|father|mother|children|"
    r"relatives))\b",
    _I,
)
_HELD_THEN = re.compile(r"\b(?:was|were)\s+(?:imprisoned|held|detained|jailed)\b", _I)
# the report's witness there: "During the massacre, X was in Gohardasht prison", "He lost many of his friends
# and cellmates during the massacre"
_WAS_THERE_3P = re.compile(
    r"\b(?:he|she|they|[A-Z][\w'’-]+)\s+(?:was|were)\s+(?:\w+\s+)?(?:in|at|inside|imprisoned|held|detained|jailed)\b"
    r"|\b(?:he|she|[A-Z][\w'’-]+)\s+lost\s+(?:\w+\s+){0,3}?(?:his|her)\s+(?:\w+\s+)?(?:friends|cellmates|comrades)\b"
)
# "the massacre", "کشتار", "اعدام‌ها" (the executions): the whole event named, not one seen
_MASSACRE = re.compile(r"massacre|کشتار|قتل[\s\u200c]?(?:و\s+)?عام|همه[\s\u200c]?کشی|اعدام[\s\u200c]?ها", _I)
# "شاهد به دادگاه گفت که او … دستگیر شد", "the witness told the court that he was arrested": the witness's
# own experience, told in the report's words
_WITNESS_SAYS = re.compile(
    r"(?<![\w\u200c])(?:شاهد|بازمانده|زندانی سابق)(?:\s+\d+)?\s+(?:[^.]{0,20}?\s)?"
    r"(?:گفت|توضیح داد|اظهار (?:کرد|داشت)|شهادت داد)\s+(?:که\s+)?(?:او|وی)(?![\w\u200c])"
    r"|\b(?:the )?(?:witness|plaintiff)\s+(?:\d+\s+)?(?:told the court|testified|said|explained|responded|"
    r"replied|answered|added|stated|recalled|confirmed)\s+"
    r"(?:that\s+)?(?:he|she)\b"
    # "The plaintiff herself had also been arrested": what befell the one who testifies, in a trial report
    r"|\bthe\s+(?:witness|plaintiff)(?:\s+\d+)?\s+(?:herself|himself)\b"
    # "The witness received his verdict … and was sentenced to ten years": the witness, the sentence's subject
    r"|^\s*the\s+(?:witness|plaintiff)(?:\s+\d+)?\s+(?:was|had|received|spent|served|stayed|remained)\b",
    _I,
)
# "the witness's lawyer said that his client was arrested …": counsel tells the client's story, a named
# source, until someone else speaks (in the line it opens)
# so does a prosecutor or judge introducing the witness ("the prosecutor started by stating that the witness
# had been imprisoned", "دادستان … گفت که او در سال … دستگیر شده است")
_COUNSEL_TELLS = re.compile(
    r"(?<![\w\u200c])(?:وکیل|وکلای)(?![\w\u200c])[^.\n]{0,80}?(?<![\w\u200c])(?:گفت|توضیح داد|اظهار داشت)"
    # (not "in answer to the defense counsel, the witness had said …": the witness speaks)
    r"|\b(?:lawyer|attorney|counsel)\b(?:(?!\b(?:witness|plaintiff)\b)[^.\n]){0,80}?\b(?:said|told|explained|stated)\b",
    _I,
)
# … in the same sentence only: the witness answers in the next (and not "in answer to the prosecutor")
_PROSECUTOR_TELLS = re.compile(
    r"(?<!پاسخ به )(?<!پاسخ به این سئوال )(?<!پاسخ به سئوال )(?<![\w\u200c])(?:دادستان|دادستان[\u200c ]?ها)"
    r"(?![\w\u200c])[^.\n]{0,80}?(?<![\w\u200c])"
    r"(?:گفت|توضیح داد|اظهار داشت|پرسید|پرداخت|نام\s+برد|اشاره\s+کرد)"
    r"|(?<!response to the )(?<!answer to the )\bprosecutors?\b[^.\n]{0,80}?\b(?:said|told|explained|stated|"
    r"stating|asked)\b"
    # "وکیل مدافع با اشاره به تفاوت روایت دو کتاب درباره محل اعدام X", "سوالات وکلای مدافع به مقایسه … اسامی
    # اعدام‌شدگان": defence counsel's questions and references in the same sentence
    r"|(?<![\w\u200c])(?:وکیل|وکلای)(?![\w\u200c])[^.\n]{0,40}?(?<![\w\u200c])(?:با\s+اشاره\s+به|پرسید)"
    r"|(?<![\w\u200c])(?:سوالات|سؤالات|پرسش[\u200c ]?های)\s+(?:وکیل|وکلای)(?![\w\u200c])",
    _I,
)
# (someone else takes the floor: the witness answers)
_SPEECH = re.compile(
    r"(?<![\w\u200c])(?:گفت|می‌گوید|میگوید|افزود|پاسخ داد|جواب داد)(?![\w\u200c])"
    r"|\b(?:said|says|told|added|responded|replied|answered|testified|explained|stated|recalled)\b",
    _I,
)
# a relative's account: the narrator's kin ("پدرم", "برادر من") and the verbs of what befell them
# "من مهین لطیف، خواهر …": the narrator names themself as kin of the one killed
_NARRATOR_AS_KIN = re.compile(
    r"(?<![\w\u200c])من\s+[^.،,\n]{2,30}[،,]\s*(?:پدر|مادر|برادر|خواهر|همسر|شوهر|پسر|دختر|فرزند)(?![\w\u200c])"
)
_KIN_NARRATOR = re.compile(
    r"(?<![\w\u200c])(?:پدر|مادر|برادر|خواهر|همسر|شوهر|پسر|دختر|فرزند)(?:م|\s+من)(?![\w\u200c])"
    # "عزیزان ما", "فرزندانمان": a families' statement speaks of its own dead
    r"|(?<![\w\u200c])(?:عزیزان|فرزندان|پدران|مادران|همسران)[\u200c]?(?:م|مان|\s+ما|\s+من)(?![\w\u200c])"
    rf"|{_NARRATOR_AS_KIN.pattern}"
)
_KIN_OR_PRONOUN = re.compile(
    r"(?<![\w\u200c])(?:(?:پدر|مادر|برادر|خواهر|همسر|شوهر|پسر|دختر|فرزند)(?:م|\s+من)|او|وی)(?![\w\u200c])"
)
_NARRATOR_HELD = re.compile(
    r"(?<![\w\u200c])(?:دستگیر|بازداشت|زندانی)\s+(?:شدم|شدیم|بودم|بودیم)(?![\w\u200c])"
    r"|(?<![\w\u200c])مرا\s+(?:[^.؟!]{0,20}\s)?(?:دستگیر|بازداشت)"
)
_KIN_SUBJECT_FA = re.compile(
    r"\s*(?:و\s+)?(?:پدر|مادر|برادر|خواهر|همسر|شوهر|پسر|دختر|فرزند)(?:م|\s+من)(?![\w\u200c])"
    r"(?!\s+(?:هم|نیز)(?![\w\u200c]))"  # ("برادرم هم … دستگیر شد": with the narrator, told alongside)
)
# "عزیزان ما را …", "برادرم را …", "بچه‌های ما را …": the narrator's kin as the object of the clause
_KIN_OBJECT_FA = re.compile(
    r"(?<![\w\u200c])(?:عزیزان|فرزندان|برادران|خواهران|بچه[\u200c ]?های|پدر|مادر|برادر|خواهر|همسر|شوهر|پسر|"
    r"دختر|فرزند)[\u200c]?(?:م|مان|\s+ما|\s+من)\s+را\s+[^.؟!،,]{0,60}$"
)
_PASSIVE_FA = re.compile(r"(?:شد|شده|شدند|شدگان|می[\u200c ]?شود|رسید|رسیدند|افتاد|گردید)$")
# the same in English: "My brother was executed", "he was sentenced to ten years" in a relative's account
_KIN_NARRATOR_EN = re.compile(
    r"\b(?:my|our)\s+(?:(?:late|elder|older|younger|little|big|eldest|youngest)\s+)?(?:father|mother|brother|"
    r"sister|husband|wife|son|daughter|uncle|aunt|cousin|fianc[eé]e?|brother-in-law|sister-in-law|sibling|"
    r"loved\s+one|child|children)s?\b",  # ("our loved ones", "our children": a families' statement)
    _I,
)
# "six members of my family have been executed", "the execution of our sibling": a relative's account
# tells the killings of its kin, which the narrator learnt of (never saw)
_KIN_KILLED_EN = re.compile(
    r"\b(?:members?\s+of\s+(?:my|our)\s+family|(?:my|our)\s+(?:\w+\s+)?(?:siblings?|family))\b", _I
)
_KILLED_EN = re.compile(r"\b(?:execut\w*|killed|hanged|murdered)\b", _I)
# "former political prisoners X and Y testified about the 1988 massacre", "he directly witnessed the role
# played by Noury … in the massacre": a survivor's testimony, told in the report's words
_TESTIFIED_3P = re.compile(
    r"\b(?:testified|testimon(?:y|ies))\b"
    # "X spoke in court on Tuesday, detailing how the officials tortured captives"
    r"|\bspoke\s+(?:in|before|to)\s+(?:the\s+)?court\b|\b(?:detail|describ|recount)(?:ed|ing)\s+how\b",
    _I,
)
_A_FIGURE_OF = re.compile(
    r"\b(?:figure|number|toll|total|estimate)\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?$|\btend\w*\s+towards?\s+$"
    r"|(?<![\w\u200c])(?:رقم|تعداد|شمار|آمار)\s+[^.؟!،,]{0,30}$",
    _I,
)
_SURVIVOR_3P = re.compile(r"\b(?:former\s+(?:political\s+)?prisoners?|survivors?|plaintiffs?)\b", _I)
# (and "X had previously seen the guard in Evin, where he took prisoners to torture chambers")
_WITNESSED_3P = re.compile(
    r"\b(?i:he|she|they)\s+(?:\w+ly\s+)?(?i:witnessed)\b"
    r"|\b(?:(?i:he|she|they)|[A-Z][\w'’-]+)\s+(?:had|has)\s+(?:\w+ly\s+)?(?:seen|witnessed|watched)\b"
)
_NARRATOR_HELD_EN = re.compile(
    r"\b(?:I|we)\s+(?:was|were|had been|have been)\s+(?:\w+\s+)?(?:arrested|imprisoned|detained|jailed|"
    r"held|interrogated|tortured|flogged|transferred|released|sentenced)\b"
    r"|\b(?:my|our)\s+(?:arrest|cell|ward|imprisonment|interrogat\w+|sentence|release)\b"
    r"|\bI\s+spent\b[^.]{0,40}\b(?:prison|cell|solitary|years)\b",
    _I,
)
_KIN_SUBJECT_EN = re.compile(rf"\s*(?:[\w-]+\s+){{0,3}}?{_KIN_NARRATOR_EN.pattern}", _I)
_THEIR_KIN_FA = re.compile(
    r"(?<![\w\u200c])(?:خانواده|برادر|خواهر|پدر|مادر|همسر|فرزند|فرزندان|برادران|خواهران|عزیز|عزیزان)[\u200c]?"
    r"(?:ش|اش|شان)"
    r"(?![\w\u200c])[^.؟!،,]{0,30}$"
)
# the act's object: others' kin named right after it ("اعدام فرزندانشان", "the execution of their sons")
_OF_THEIR_KIN = re.compile(
    r"\s*(?:عزیزان|فرزندان|فرزند|برادر|برادران|خواهر|خواهران|پدر|مادر|همسر|همسران|شوهر|پسر|پسران|دختر|"
    r"دختران)[\u200c]?(?:ش|اش|شان|هایشان|[\u200c ]?هایشان)(?![\w\u200c])"
    r"|\s+of\s+(?:their|his|her)\s+(?:own\s+|\w+\s+)?(?:sons?|daughters?|children|brothers?|sisters?|husbands?|"
    r"wives|wife|fathers?|mothers?|relatives|loved\s+ones)\b",
    _I,
)
# "X خواهر رحیم Y، فعال سیاسی که در سال ۶۰ اعدام شد، می‌گوید", "بازماندگان فعالان سیاسی که … اعدام شدند":
# the one introduced is kin of the one killed, named in the page's framing
_KIN_OF_NAMED_FA = re.compile(
    r"(?<![\w\u200c])(?:خواهر|برادر|مادر|پدر|همسر|فرزند|پسر|دختر|بازماندگان|خانواده(?:[\u200c ]?(?:ی|های))?)"
    r"\s+(?!(?:من|ما|خود)(?![\w\u200c]))[^\s.؟!،,]+[^.؟!]{0,60}?(?<![\w\u200c])که\s+"
    r"(?:(?!(?:من|ما|مرا)(?![\w\u200c]))[^.؟!\s]+\s+){0,12}$"
)


def kin_of_the_one_named(doc: Document, m: Mention) -> bool:
    """A Persian act in the relative clause on the kin of the one a page introduces ("او خواهر X است که در سال
    ۶۲ دستگیر شد"): the page's framing of what befell the kin, no one's own experience."""
    if doc.language != "fa" or m.type != "act" or m.value in _FAMILIES_LIVED:
        return False  # (visits cut, no news: what the family lived)
    sentence = doc.sentence_at(m.start)
    before = doc.norm[sentence.start : m.start]
    if _NARRATOR_AS_KIN.search(before):
        return False  # ("من X، خواهر Y که …": the narrator's own kin, told second-hand below)
    passive = _THEIR_KIN_PASSIVE.search(doc.norm[m.start : m.end + 16])
    # (or "X که شرح شهادت برادرش را که در … شهید شده است": their own kin, "-ش")
    return bool((_KIN_OF_NAMED_FA.search(before[-110:]) or _THEIR_KIN_FA.search(before[-60:])) and passive)


_THEIR_KIN_PASSIVE = re.compile(r"(?:شد|شده|شدند|شده[\u200c ]?(?:اند|است|بودند))(?![\w\u200c])")
_DECREED = re.compile(r"\b(?:fatwa|decree|edict)\b|(?<![\w\u200c])(?:فتوا|فتوای|فرمان)(?![\w\u200c])", _I)
_FRIENDS_PASSIVE = re.compile(
    r"\b(?:many|some|most|several|all|a\s+few|one|two|three)\s+of\s+(?:my|our)\s+(?:friends|classmates|"
    r"schoolmates|colleagues|relatives|family\s+members)\b[^.;]{0,40}?\b(?:were|had\s+been|have\s+been)\s+"
    r"(?:\w+ly\s+|later\s+|then\s+)?$",
    _I,
)
# ("where our loved ones are buried": the present too)
_PASSIVE_EN = re.compile(
    r"\b(?:was|were|is|are|had been|has been|have been)\s+(?:\w+ly\s+|later\s+|then\s+)?$", _I
)
_FIRST_PERSON_SUBJECT_EN = re.compile(r"\b(?:I|we|me|us)\b", _I)
_PASSIVE_FA_AFTER = re.compile(r"\s*(?:شد|شده|شدند|می[\u200c ]?شود|گردید)(?![\w\u200c])")
_FIRST_PERSON_FA = re.compile(r"(?<![\w\u200c])(?:من|ما|مرا|شدم|شدیم|بودم|بودیم|دیدم|دیدیم)(?![\w\u200c])")
_THOUSANDS = re.compile(r"\bthousands\s+of\b|(?<![\w\u200c])(?:هزاران|خیل\s+عظیم(?:ی)?)(?![\w\u200c])", _I)
_VAGUE_MANY = re.compile(r"\bhundreds\b|(?<![\w\u200c])صدها(?![\w\u200c])", _I)
# a count of what lies "in Iran" is told of the whole country, not seen
_OWN_VERB = re.compile(r"(?:شدم|شدیم|بودم|بودیم)(?![\w\u200c])")
# Persian says the verb of two joined acts once, after the second ("دستگیر و به ده سال حبس محکوم شدم"): the
# first person of that verb is the first act's too (no other subject between)
_GAPPED_OWN_VERB_FA = re.compile(
    r"\s+و\s+(?:(?!(?:من|ما|او|وی|را)(?![\w\u200c]))[^\s.؟!،,\n]+\s+){0,10}?(?:شدم|شدیم)(?![\w\u200c])"
)
_IN_IRAN = re.compile(r"(?<![\w\u200c])در ایران(?![\w\u200c])|\bin Iran\b", _I)


@dataclass(frozen=True)
class Knowledge:
    provenance: str
    negated: bool = False
    uncertain: bool = False

    @property
    def first_hand(self) -> bool:
        return self.provenance == "first_hand" and not self.negated

    @property
    def stance(self) -> str:
        if self.negated:
            return "denies"
        return (
            "hearsay"
            if self.provenance in ("hearsay", "second_hand_named", "second_hand_unnamed")
            else "affirms"
        )


@lru_cache(maxsize=4096)
def _in_sentence(pattern: re.Pattern[str], whole: str) -> re.Match[str] | None:
    """`pattern.search(whole)`, searched once per sentence: the mentions of a sentence share it."""
    return pattern.search(whole)


def knowledge_of(doc: Document, m: Mention, speaker_kind: str) -> Knowledge:
    """The provenance of one mention, given who says it (`speaker_kind`: narrator, person, witness,
    author, organisation, unknown)."""
    norm = doc.norm
    sentence = doc.sentence_at(m.start)
    before = norm[sentence.start : m.start]
    whole = norm[sentence.start : sentence.end]
    negated = _negated(doc, m, before)
    if speaker_kind == "unknown" and _unnamed_witness_quoted(doc, m):
        speaker_kind = "witness"
    among_prisons = speaker_kind == "author" and _paragraph_in_prison_first_person(doc, m)
    if among_prisons:
        speaker_kind = "narrator"
    hedged = _HEDGE.search(before) is not None
    believed = _BELIEF.search(_HEDGE.sub(" ", before)) is not None
    uncertain = believed or hedged
    if believed and not re.search(r"\balleged", before, _I):
        return Knowledge("belief", negated, True)
    if m.type == "act" and _RECOUNTS.search(before[-60:]):
        return Knowledge("first_hand", negated, uncertain)
    if in_heading(norm, m):
        if _quoted_in_headline(norm, m):
            # "شاهد دادگاه؛ ساک‌های اعدام‌شدگان را نشانم دادند": a headline giving the witness's own words
            return Knowledge("first_hand", negated, uncertain)
        if _heading_told_below(doc, m):
            # "Transfer to Evin" over "70. After a year, I was transferred to Evin": a witness statement's
            # section heading names what the paragraph under it tells in the first person (10th part)
            return Knowledge("first_hand", negated, uncertain)
        return Knowledge("report", negated, uncertain)
    if (
        speaker_kind in ("author", "unknown", "person")
        and _WITNESSES_SAY.search(before)
        and _FIRST_PERSON.search(before) is None
    ):
        return Knowledge("first_hand", negated, uncertain)
    if speaker_kind in ("author", "unknown") and _HEARD_DIRECTLY.search(before):
        # "او گفت زندانیان صدای هیأت را شنیده بودند که درباره فرمان …": heard by the prisoners themselves
        return Knowledge("first_hand", negated, uncertain)
    heard = _in_sentence(_HEARD_DIRECTLY, whole)
    if heard is not None and _learnt_after_hearing(before):
        # "من صدای رئیس زندان را می‌شنیدم … بعد از مدت‌ها فهمیدیم که بچه‌ها را اعدام کردند": the sounds were
        # heard, what became of the prisoners learnt later (the cue nearer the act decides)
        return Knowledge("second_hand_unnamed", negated, uncertain)
    if heard is None:
        if _in_sentence(_MORSE, whole) or _in_sentence(_BY_MOUTH, whole):
            return Knowledge("hearsay", negated, uncertain)
        if m.type == "act" and _NEWS_OF.search(before[-30:]):
            # "خبر شهادت فرزندانشان را می‌دادند", "they brought us the news of his execution": learnt of
            return Knowledge("second_hand_unnamed", negated, uncertain)
        if _HIS_ACCOUNT.search(before) and _FIRST_PERSON.search(before) is None:
            return Knowledge("first_hand", negated, uncertain)
        if _EYEWITNESS_SAW.search(before):
            # "According to X, an eyewitness, Y, has testified he saw bodies buried": the one cited saw it
            return Knowledge("first_hand", negated, uncertain)
        if m.type == "act" and m.value in _FAMILIES_LIVED and _FAMILIES_SOURCE.search(before):
            # "به گفته این خانواده‌ها، آنها ۱۱ ماه پشت درهای بسته …": the families tell what they live
            return Knowledge("first_hand", negated, uncertain)
        if _NAMED.search(before):
            if m.type == "act" and m.value in _FAMILIES_LIVED and _WE_VERB.search(norm, m.start, m.end + 8):
                # "با استناد به اسناد … ما … از محل دفن آنان اطلاعی نداریم": the families' own want of news,
                # told by "we", though a source is cited for the rest
                return Knowledge("first_hand", negated, uncertain)
            return Knowledge("second_hand_named", negated, uncertain)
        if _UNNAMED.search(before):
            return Knowledge("second_hand_unnamed", negated, uncertain)
        if _HEARSAY.search(before):
            return Knowledge("hearsay", negated, uncertain)
        if _in_sentence(_STORY_TOLD, whole) and _FIRST_PERSON.search(before) is None:
            return Knowledge("hearsay", negated, uncertain)
        if doc.language == "fa" and _LEARNT_AFTER_FA.match(norm, m.end):
            # "از اعدام‌ها تنها از طریق خانواده‌ها خبردار شدم": the verb of learning closes the clause
            return Knowledge("second_hand_unnamed", negated, uncertain)
    # (not "این زندانی سیاسی سابق", this former prisoner: the one the page is about, named before)
    title = (_TITLE_FA.fullmatch(m.text) and not _THIS_FA.search(before[-8:])) or one_of_the_prisoners(
        norm, m
    )
    if m.type == "act" and (title or _TITLE_EN.fullmatch(m.text)) and _in_sentence(_TAKES_THE_STAND, whole):
        # "در جلسه دادگاه زندانی سیاسی سابق X به ادای شهادت پرداخت", "with former political prisoner X taking
        # the stand": a survivor's apposition in a trial report, his own detention (docs/annotation.md, 21st)
        return Knowledge("first_hand", negated, uncertain)
    if m.type == "act" and title and not _TITLE_VERB_FA.match(norm[m.end : m.end + 24]):
        # "محمد رضا X، زندانی سیاسی دهه ۶۰": a title in the page's framing (docs/annotation.md, 13th, 17th)
        return Knowledge("report", negated, uncertain)
    if m.type == "act" and _rumour_goes_on(doc, m, sentence.start):
        return Knowledge("hearsay", negated, uncertain)
    if (
        _NUMBER_OF.search(before[-60:])
        and _PUT_AT.match(norm[m.end : sentence.end])
        and _FIRST_PERSON.search(before) is None
    ):
        return Knowledge("second_hand_named", negated, uncertain)
    if (
        doc.language == "fa"
        and _WITNESS_SPEAKER_FA.search(before)
        and (_SPEAKS_FA.search(norm[m.end : sentence.end]) or _REFERS_FA.search(norm[m.end : sentence.end]))
        and not _MASSACRE.search(m.text)
    ):
        return Knowledge("first_hand", negated, uncertain)
    if _NAMED_SPEAKER_FA.search(before) and _SPEAKS_FA.search(norm[m.end : sentence.end]):
        return Knowledge("second_hand_named", negated, uncertain)
    if (
        m.type == "act"
        and doc.language == "fa"
        and _WHO_WAS_HELD_FA.match(norm[m.start : m.end + 16])
        and _RELATIVE_KE.search(before[-90:])
        and not _KIN_KILLED_IN.search(before[-90:] + " که در ")
        and _KIN_NARRATOR.search(before[-60:]) is None
    ):
        return Knowledge("first_hand", negated, uncertain)
    lost = before[-80:] + (norm[m.start : m.end + 40] if m.type == "count" else "")
    if _LOST_KIN.search(lost) and _FIRST_PERSON_SUBJECT_EN.search(before[-80:]) is None:
        # "X has lost six members of her family in the mass killing": the killings of kin, learnt of
        return Knowledge("second_hand_unnamed", negated, uncertain)
    if m.type == "act" and _WE_THE_KIN.search(before[-40:]):
        return Knowledge("second_hand_unnamed", negated, uncertain)
    if m.type == "act" and _CHARGED.search(before[-60:]):
        return Knowledge("second_hand_unnamed", negated, uncertain)
    if m.type == "act" and _CONVICTED.search(before[-70:]):
        return Knowledge("second_hand_named", negated, uncertain)
    if m.type == "act" and _DEMAND.search(before[-100:]):
        # "خواسته‌های خود شامل زمان محاکمه … و محل دفن", "demanded to know the places of burial": what is
        # asked for, not an account (docs/annotation.md, tenth part's demand)
        return Knowledge("report", negated, uncertain)
    quote = doc.quote_at(m.start)
    if quote is not None and _COUNSEL_AFTER.match(norm[quote.end : quote.end + 80]):
        return Knowledge("second_hand_named", negated, uncertain)
    if _told_by_counsel(norm, m.start, sentence.start):
        return Knowledge("second_hand_named", negated, uncertain)
    if m.type == "count" and speaker_kind != "organisation" and _HELD_WITH.search(before[-60:]):
        return Knowledge("first_hand", negated, uncertain)
    if m.type == "act" and m.value == "family_not_informed" and _RELATIVE_SAYS.search(before):
        return Knowledge("first_hand", negated, uncertain)
    if speaker_kind != "organisation" and _WITNESS_SAYS.search(before) and not _MASSACRE.search(m.text):
        return Knowledge("first_hand", negated, uncertain)
    testified = _TESTIFIED_3P.search(before) and _SURVIVOR_3P.search(before)
    if testified and m.type == "count" and _A_FIGURE_OF.search(before[-60:]):
        # "the testimony of families and survivors tends towards a figure of several tens of thousands": a
        # total drawn from many accounts, seen by none of them
        testified = None
    if (
        speaker_kind in ("author", "unknown", "person")
        and (_WITNESSED_3P.search(before) or testified)
        and _FIRST_PERSON.search(before) is None
    ):
        # "former political prisoners X and Y testified about the massacre": their account, told in the
        # report's words
        return Knowledge("first_hand", negated, uncertain)
    if speaker_kind in ("author", "unknown", "person") and _FOUND_3P.search(before[-90:]):
        # "The families went there and discovered the prisoners buried in shallow graves": seen by them
        return Knowledge("first_hand", negated, uncertain)
    if (
        speaker_kind in ("author", "unknown")
        and m.type == "act"
        and doc.language != "fa"
        and _family_underwent(doc, m, before)
    ):
        return Knowledge("first_hand", negated, uncertain)
    if (
        speaker_kind in ("author", "unknown")
        and _QUALIFIES.match(whole)
        and _in_sentence(_LEGAL, whole)
        and _FIRST_PERSON.search(whole) is None
    ):
        # "He categorizes these acts as crimes against humanity, including murder": the one who qualifies them
        # in law (a rapporteur) cites the killings (docs/annotation.md, 21st part)
        return Knowledge("second_hand_named", negated, uncertain)
    if speaker_kind == "organisation":
        return Knowledge("report", negated, uncertain)
    if speaker_kind in ("author", "unknown"):
        if m.type == "act" and m.value in _FAMILIES_LIVED and _in_families_letter(doc, m):
            # "در بخشی از این نامه آمده است؛ … عزیزان ما …": the families' own letter, relayed; the bodies
            # withheld and the gates closed are what they lived (docs/annotation.md, eighteenth part)
            return Knowledge("first_hand", negated, uncertain)
        if speaker_kind == "author" and _SAW_MYSELF.search(before):
            # "بارها شخصا شاهد بوده‌ام، …": the writer of an article says they saw it themself
            return Knowledge("first_hand", negated, uncertain)
        if m.type == "act" and (
            _OWN_VERB.search(norm[m.start : m.end + 6]) or _GAPPED_OWN_VERB_FA.match(norm, m.end)
        ):
            # "سال ۶۱ که به بند تنبیهی ۸ قزلحصار منتقل شدم": the writer tells what befell them; "در سال ۶۰
            # بازداشت و به دو سال حبس محکوم شدم": the verb shared by two acts, said once at the end
            return Knowledge("first_hand", negated, uncertain)
        if (
            m.type == "act"
            and doc.language != "fa"
            and _MASSACRE.search(m.text)
            and _DURING.search(before[-40:])
            and _in_sentence(_FIRST_PERSON, whole) is None
            and _in_sentence(_WAS_THERE_3P, whole)
        ):
            # "X was imprisoned at Gohardasht at the time of the massacre": the witness the report is about
            # was there
            return Knowledge("first_hand", negated, uncertain)
        if (
            m.type in ("act", "count")
            and doc.language == "fa"
            # (the mention may be the subject itself: "این زندانی سیاسی سابق …")
            and _HE_OPENS_FA.match(norm[sentence.start : m.end])
            and _first_at(_THE_WITNESS_FA, norm) < sentence.start
            and (
                not _MASSACRE.search(m.text)
                or _survivor_witness_speaks_fa(doc, sentence, norm[sentence.start : m.end])
            )
        ):
            # "او سه سال پس از دستگیری … به اعدام محکوم شد" after "شاهد …": the witness of the trial report
            return Knowledge("first_hand", negated, uncertain)
        if m.type == "act" and m.value not in _FAMILIES_LIVED and _kin_underwent(doc, m, before):
            # «فرزندان ما را مخفیانه کشتند», "Our children were killed in secret": a quoted relative (a
            # families' letter) tells what befell their kin, out of their sight
            return Knowledge("second_hand_unnamed", negated, uncertain)
        if m.type == "act" and _reported_speech_goes_on_fa(doc, sentence):
            # "مرندی گفت که … دستگیر شده … . پس از بازداشت، ۱۴ ماه در اوین بوده است.": the witness's account
            # goes on in the reportative perfect, with no subject of its own
            return Knowledge("first_hand", negated, uncertain)
        if _quoted_first_person(doc, m, before):
            # "Another person testified, “Once they came for me and asked if I had repented”": the one quoted
            # tells what befell them
            return Knowledge("first_hand", negated, uncertain)
        return Knowledge("report", negated, uncertain)
    # the narrator or a witness speaking: first-hand, unless it is the whole massacre or a country's total
    # told without an "I" or "we" who was there
    told_as_general = (
        _in_sentence(_GENERAL, whole) is not None
        or _general_goes_on(doc, sentence, whole)
        or (
            # "the 1988 execution of thousands of political prisoners": told of the whole event, not seen (and
            # "hundreds, if not thousands of executions took place there")
            (m.type == "act" or (m.type == "count" and _VAGUE_MANY.search(m.text) is not None))
            and _in_sentence(_THOUSANDS, whole) is not None
        )
        or (
            m.type == "count"
            and ((isinstance(m.value, int) and m.value >= 1000) or _in_sentence(_IN_IRAN, whole) is not None)
        )
    )
    if (
        _in_sentence(_LEGAL, whole)
        and _in_sentence(_FIRST_PERSON, whole) is None
        and _in_sentence(_SURVIVOR_3P, whole) is None  # ("a survivor of the massacre says …": his account)
    ):
        # "the extrajudicial executions of 1988 amount to crimes against humanity": a legal finding on the
        # killings, the one who makes it cites them (a rapporteur's, an expert's), not an account of them
        return Knowledge("second_hand_named" if speaker_kind == "person" else "report", negated, uncertain)
    if m.type == "act" and _MASSACRE.search(m.text):
        # "the massacre" names the whole event: first-hand only where the speaker tells being there in
        # the same clause ("در زمان کشتار ... من در گوهردشت زندانی بودم"), not by being "one of its
        # witnesses"
        if _KIN_KILLED_IN.search(before[-90:]):
            return Knowledge("second_hand_unnamed", negated, uncertain)
        if speaker_kind == "witness" or (
            speaker_kind == "person" and _survivor_witness_speaks_fa(doc, sentence, before)
        ):
            # "یک زندانی گزارش کرده است که «اعدام‌ها … در جریان قتل‌عام»": an unnamed prisoner tells of the
            # killings in his own prison (docs/annotation.md, seventh fresh part)
            return Knowledge("first_hand", negated, uncertain)
        clause = _clause(norm, m.start, sentence.start, sentence.end)
        there = _THERE.search(clause) is not None
        if not there and _DURING.search(before[-40:]):
            # "During the massacre of '88, my friends and I were in Ward 1", "X was imprisoned at Gohardasht
            # at the time of the massacre": the time of the speaker's being there, told in the sentence
            there = _in_sentence(_THERE, whole) is not None or _in_sentence(_HELD_THEN, whole) is not None
        return Knowledge("first_hand" if there else "report", negated, uncertain)
    if told_as_general and _FIRST_PERSON.search(before) is None:
        return Knowledge("report", negated, uncertain)
    if (
        m.type == "act"
        and doc.language != "fa"
        and _in_sentence(_HABITUAL_EN, whole)
        and _in_sentence(_FIRST_PERSON, whole) is None
    ):
        # "After sentencing, they were usually transferred to X", "Evin was mainly a prison for those who had
        # been sentenced": how things went for prisoners in general, not an event the speaker tells
        return Knowledge("report", negated, uncertain)
    regime = before[-40:] if m.type == "act" else before[-70:]
    if _REGIME_DID.search(regime) and _in_sentence(_FIRST_PERSON, whole) is None:
        # "The regime executed 50 pregnant women": the state as the doer, told of its deeds as a whole
        return Knowledge("report", negated, uncertain)
    if speaker_kind == "narrator" and m.type == "act" and _after_leaving(doc, m, before):
        # "I managed to escape prison in 1987. One year later, all who shared the cell with me were
        # executed": what befell the others once the narrator was out, learnt of
        return Knowledge("second_hand_unnamed", negated, uncertain)
    if speaker_kind == "narrator" and _families_write(norm):
        # "ما خانواده‌های قربانیان …", "we, the families of the victims": a collective letter tells the
        # victims' torture, trials and executions as learnt of; the families' own months without news,
        # visits cut and threats stay first-hand (docs/annotation.md, sixteenth part)
        # (the writers' "عزیزان ما", "our loved ones" names the victims, not the writers as there)
        clause = _OUR_KIN.sub(" ", _clause(norm, m.start, sentence.start, sentence.end))
        lived = m.type == "act" and m.value in _FAMILIES_LIVED
        if not lived and _FIRST_PERSON_FA.search(clause) is None and _FIRST_EN.search(clause) is None:
            return Knowledge("second_hand_unnamed", negated, uncertain)
    if (
        speaker_kind == "narrator"
        # "I interviewed 40 survivors": a number of what the speaker did
        and not (m.type == "count" and _FIRST_PERSON.search(before))
        and not among_prisons
        and _speaker_stands_apart(norm, doc.language == "fa")
    ):
        return Knowledge("report", negated, uncertain)
    if (
        m.type == "act"
        and doc.language == "fa"
        and (
            (_THEIR_KIN_FA.search(before[-60:]) and _THEIR_KIN_PASSIVE.search(norm[m.start : m.end + 16]))
            or kin_of_the_one_named(doc, m)
        )
    ):
        # "X که سه نفر از اعضای خانواده‌اش اعدام شده‌اند": what befell another's kin, told of them
        return Knowledge("report", negated, uncertain)
    if m.type == "act" and _OF_THEIR_KIN.match(norm, m.end):
        # "خانواده‌هایی که دو سال از اعدام فرزندانشان می‌گذشت", "the execution of their sons": the killing of
        # others' kin, which the speaker learnt of from them
        return Knowledge("second_hand_unnamed", negated, uncertain)
    if (
        speaker_kind == "narrator"
        and m.type == "act"
        and m.value in ("arrest", "sentence")
        and doc.language != "fa"
        and (background := _OTHERS_BACKGROUND_EN.search(before[-120:])) is not None
        # (a sentence only "received": "X was sentenced to life for murder" may be a verdict the speaker saw)
        and (m.value == "arrest" or background.group("verb") in ("received", "got"))
        and _in_sentence(_FIRST_PERSON, whole) is None
    ):
        # "Mohammad and Abdullah were arrested in 1980 …; Mohammad was sentenced to 15 years": a memoirist's
        # background on cellmates' arrest and sentence, before they met (docs/annotation.md, seventh part)
        return Knowledge("report", negated, uncertain)
    if m.type == "act" and _DECREED.search(before + m.text) and _FIRST_PERSON.search(before) is None:
        # "Khomeini issued a fatwa … ordering the execution of all those who refused": the order, known from
        # the record, not seen
        return Knowledge("report", negated, uncertain)
    if m.type == "act" and doc.language != "fa" and _FRIENDS_PASSIVE.search(before):
        # "Many of my friends were arrested in 1981": what befell others outside prison, told of them
        return Knowledge("report", negated, uncertain)
    if (
        doc.language != "fa"
        and speaker_kind == "narrator"
        and _relative_account_en(norm)
        and _in_sentence(_KIN_KILLED_EN, whole)
        and _in_sentence(_KILLED_EN, whole)
    ):
        return Knowledge("second_hand_unnamed", negated, uncertain)
    if m.type == "act" and (
        _done_to_kin(doc, m, before) if doc.language == "fa" else _done_to_kin_en(doc, before)
    ):
        return Knowledge("second_hand_unnamed", negated, uncertain)
    if doc.language != "fa" and _they_killed_kin(doc, m, before):
        return Knowledge("second_hand_unnamed", negated, uncertain)
    if (
        speaker_kind in ("person", "witness")
        and m.type == "act"
        and (_HIS_KIN_PASSIVE_EN.search(before[-160:]) or _HIS_KIN_THEN_EN.search(before[-200:]))
    ):
        # "Mina says her husband, Hamid, was also buried there": what befell the speaker's kin, told by her
        # (by an unnamed witness: "the witness added that his brother had been arrested but that he had been
        # executed")
        named = speaker_kind == "person"
        return Knowledge("second_hand_named" if named else "second_hand_unnamed", negated, uncertain)
    passive = _PASSIVE_EN.search(before) or _THEIR_KIN_PASSIVE.search(norm[m.start : m.end + 16])
    if (
        speaker_kind == "person"
        and m.value == "burial"
        and passive
        and _in_sentence(_FIRST_PERSON, whole) is None
    ):
        # "X says that these victims are buried in mass graves at Y": where others lie, not seen burying
        # (docs/annotation.md, provenance of summaries)
        return Knowledge("second_hand_named", negated, uncertain)
    return Knowledge("first_hand", negated, uncertain)


def _learnt_after_hearing(before: str) -> bool:
    """A cue of learning ("we later found out", "فهمیدیم") after the last cue of hearing directly, before the
    mention."""
    heard = last_match(_HEARD_DIRECTLY, before)
    return heard is not None and _UNNAMED.search(before, heard.end()) is not None


# "X says her own husband, Hamid, was also buried there": the speaker's kin as the subject of a passive act
_HIS_KIN_PASSIVE_BODY = (
    r"\b(?:his|her|their)\s+(?:own\s+|late\s+|elder\s+|younger\s+)?(?:father|mother|brothers?|sisters?|husband|"
    r"wife|sons?|daughters?|uncle|aunt|cousin|fianc[eé]e?)\b"
    # (the kin stays the subject: no one else speaks, no clause of its own between)
    r"(?:(?!\b(?:said|says|told|tells|that|who|which|whom)\b)[^.;:]){0,90}?"
    r"\b(?:was|were|(?:had|has|have)\s+(?:also\s+|already\s+)?been)\s+(?:\w+\s+)?"
)
_HIS_KIN_PASSIVE_EN = re.compile(rf"{_HIS_KIN_PASSIVE_BODY}$", _I)
# … and a second passive joined to it, the kin its subject again by a pronoun ("his brother had been arrested
# but that he had been executed")
_HIS_KIN_THEN_EN = re.compile(
    rf"{_HIS_KIN_PASSIVE_BODY}[\w-]+(?:\s+\w+)?\s+(?:and|but)\s+(?:that\s+)?(?:he|she|they)\s+"
    r"(?:was|were|(?:had|has|have)\s+(?:also\s+|already\s+)?been)\s+(?:\w+\s+)?$",
    _I,
)
# someone found or saw it: "the families … discovered the prisoners buried", "she saw the guards unload"
# (not "found out", "discovered that": learnt of)
_FOUND_3P = re.compile(
    r"\b(?:famil(?:y|ies)|relatives|mothers|fathers|wives|he|she|they)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:discovered|found|saw|watched)\s+(?!that\b|out\b|it\b)(?:the\s+|a\s+|their\s+|his\s+|her\s+)"
    # (not "found his name on the list of those executed": a record of it, not the act)
    r"(?:(?!\b(?:names?|lists?|records?|documents?|files?|certificates?|photos?|photographs?|news|reports?)\b)"
    r"[^.;:]){0,50}$",
    _I,
)
# the page tells a relative's story ("X recalls the massacre and tells the story of his family's ordeal")
_TELLS_STORY = re.compile(
    r"\b(?:recalls|recounts|tells\s+(?:the\s+|her\s+|his\s+)?story|shares?\s+(?:his|her|their)\s+"
    r"(?:story|testimony|memories))\b",
    _I,
)
# "X's family was tortured and denied …", "the family had to": the family as the act's subject
_FAMILY_PASSIVE = re.compile(
    r"\b(?:[A-Z][\w'’.-]*['’]s|his|her|their|the)\s+family\s+(?:was|were|had\s+been|has\s+been)\s+"
    r"(?:\w+ly\s+)?(?:[\w-]+\s+(?:and|or)\s+)?$"
)
# "the family had to embark on a grim search …, searching for their loved ones": what the family did
_FAMILY_HAD_TO = re.compile(
    r"\b(?:[A-Z][\w'’.-]*['’]s|his|her|their|the)\s+family\s+(?:had\s+to|was\s+forced\s+to|set\s+out|went|"
    r"searched|spent)\b[^.;]{0,120}$"
)
_FAMILY_AFTER = re.compile(r"[^.;]{0,120}?,\s+(?:[A-Z][\w'’.-]*['’]s|his|her|their|the)\s+family\b")


def _family_underwent(doc: Document, m: Mention, before: str) -> bool:
    """On a page that tells a relative's story, what the family underwent (its torture, the news kept from it)
    is the family's own experience, the teller's among it (docs/annotation.md, relatives' accounts)."""
    if _TELLS_STORY.search(doc.norm) is None:
        return False
    if _FAMILY_PASSIVE.search(before[-80:]):
        return True
    # what the family did or was kept from ("the family had to …, searching for them", "Deprived of
    # information on their whereabouts, the family had to …": an opening participle); not "the family had to
    # flee after his execution", his
    if m.value not in _FAMILIES_LIVED:
        return False
    participle = not before.strip() and _FAMILY_AFTER.match(doc.norm, m.end) is not None
    return participle or _FAMILY_HAD_TO.search(before) is not None


_FIRST_CAP_EN = re.compile(r"\b(?:I|[Ww]e|[Mm]e|[Uu]s|[Mm]y|[Oo]ur)\b")
_WE_STATE = re.compile(
    r"\b(?:I|we)\s+(?:\w+\s+)?(?:call|urge|demand|condemn|ask|welcome|remember|commemorate|honou?r|express|"
    r"stand|support|appeal)\b"
    r"|(?<![\w\u200c])(?:محکوم\s+می[\u200c ]?کنیم|خواستاریم|می[\u200c ]?خواهیم|درخواست\s+می[\u200c ]?کنیم)",
    _I,
)


def _paragraph_in_prison_first_person(doc: Document, m: Mention) -> bool:
    """A memoir's paragraph told by "we" or "I" among prisons ("Our line moved quickly. The guards had set
    up …"), in a text too long or too framed to count as a first-person testimony as a whole: the writer
    tells what they lived."""
    norm = doc.norm
    start = norm.rfind("\n", 0, m.start) + 1
    end = norm.find("\n", m.end)
    para = norm[start : len(norm) if end < 0 else end]
    if doc.quote_at(m.start) is not None or len(para) < 200:
        return False
    first, prison = (_FIRST_FA_MEMOIR, _PRISON_FA) if doc.language == "fa" else (_FIRST_CAP_EN, _PRISON_EN)
    if _WE_STATE.search(para):
        return False  # ("We condemn the executions and call for the release of …": a statement, not a memoir)
    sentences = re.split(r"(?<=[.!?؟])\s+", para)
    return sum(1 for x in sentences if first.search(x)) >= 2 and prison.search(para) is not None


# a page that strings together eyewitnesses' accounts ("از زبان شاهدان عینی", "in the words of survivors")
_WITNESS_PAGE = re.compile(
    r"(?<![\w\u200c])شاهدان\s+عینی(?![\w\u200c])|(?<![\w\u200c])از\s+زبان\s+(?:شاهدان|بازماندگان|زندانیان)"
    r"|\beye-?witness(?:es)?['’]?\s+(?:accounts|testimonies)\b|\bin\s+the\s+words\s+of\s+(?:the\s+)?"
    r"(?:survivors|eye-?witnesses|former\s+prisoners)\b",
    _I,
)


def _unnamed_witness_quoted(doc: Document, m: Mention) -> bool:
    """A quotation no one is named for, opening its line ("– «…»"), on a page that announced before it that it
    relays eyewitnesses' accounts: an unnamed witness speaks (docs/annotation.md, eighteenth part: a
    compilation's quoted former prisoners). Not a quotation after "X says:", whose speaker was missed."""
    quote = doc.quote_at(m.start)
    if quote is None or re.search(r"\w", doc.norm[doc.norm.rfind("\n", 0, quote.start) + 1 : quote.start]):
        return False
    # (the page's own words, not a quotation that mentions eyewitness accounts)
    return any(doc.quote_at(x.start()) is None for x in _WITNESS_PAGE.finditer(doc.norm, 0, quote.start))


# a heading ends without a sentence's closing mark; "تاریخ بازداشت: …", "Date of arrest: …" is a form's field
_LINE_CLOSED = re.compile(r"(?:[.!?؟:;»”\"'’…]|\[\W*\])\s*$")
_FIELD = re.compile(r"(?:[^\W\d_][\w\u200c]*[ \t]*){1,3}:")


def in_heading(norm: str, m: Mention) -> bool:
    """A title or section heading ("1988 Mass Execution of Political Prisoners in Mashhad", "قتل عام زندانیان
    در سال ۱۳۶۷"): it names the event, it does not tell what the speaker saw. A short line of its own,
    without a closing mark, in a text of several lines; not a form's field ("تاریخ بازداشت: بهمن ۱۳۶۳",
    a label of one to three words and a colon), nor a line in the first person."""
    start = norm.rfind("\n", 0, m.start) + 1
    end = norm.find("\n", m.end)
    end = len(norm) if end < 0 else end
    line = norm[start:end].strip()
    if not line or len(line.split()) > 16 or len(norm.strip()) <= len(line) + 1:
        return False
    return not (_LINE_CLOSED.search(line) or _FIRST_PERSON.search(line) or _FIELD.match(line))


# a Persian sentence whose main verb is the reportative perfect ("بوده است", "شده است", "محاکمه شده است")
_PERFECT_ENDS_FA = re.compile(r"(?:ه|ه[\u200c ]?ا)\s*(?:است|اند)\s*[.؟!]?\s*$")
# … that opens without a subject of its own or a speech of its own ("او گفت", "X افزود")
_OPENS_WITH_SPEAKER_FA = re.compile(
    r"^\s*(?:[^\s.؟!،,]+\s+){0,3}?(?:در\s+ادامه\s+)?(?:گفت|افزود|توضیح\s+داد|ادامه\s+داد|اظهار\s+داشت)"
    r"(?:\s+که|\s*[،,:])"
)
_SPEAKS_IN_FA = re.compile(
    r"(?<![\w\u200c])(?:گفت|افزود|توضیح\s+داد|ادامه\s+داد|می[\u200c ]?گوید)(?![\w\u200c])"
)


def _reported_speech_goes_on_fa(doc: Document, sentence: Sentence) -> bool:
    """A Persian sentence in the reportative perfect, without a verb of speech, after a sentence of the
    paragraph opening "X گفت که …" (at most two such sentences back): the one who spoke goes on telling."""
    if doc.language != "fa":
        return False
    text = doc.sentence_norm(sentence)
    if not _PERFECT_ENDS_FA.search(text) or _SPEAKS_IN_FA.search(text) or _HE_SAYS_FA.match(text):
        return False
    return _earlier(doc, sentence, _OPENS_WITH_SPEAKER_FA.match, _PERFECT_ENDS_FA.search) is not None


def _earlier(
    doc: Document, sentence: Sentence, found: Callable[[str], object], goes_on: Callable[[str], object]
) -> str | None:
    """The sentence one or two back that `found` matches, only through sentences `goes_on` matches (an
    account that goes on); None when none does, or the text begins before it."""
    for step in (-1, -2):
        previous = doc.neighbour(sentence, step)
        if previous is None:
            return None
        text = doc.sentence_norm(previous)
        if found(text):
            return text
        if not goes_on(text):
            return None
    return None


def _heading_told_below(doc: Document, m: Mention) -> bool:
    """The heading's act word comes back in the first lines under it as what befell "I" or "we" ("Transfer
    to Evin" / "I was transferred to Evin"; "بازداشت" / "… بازداشت شدم"), within 300 characters."""
    word = re.match(r"[^\W\d_]+", m.text)
    if word is None or len(word.group()) < 4:
        return False
    stem = re.escape(word.group()[:6])
    end = doc.norm.find("\n", m.end)
    below = doc.norm[end : end + 300] if end >= 0 else ""
    told = (
        rf"(?<![\w\u200c]){stem}[\w\u200c]*(?:\s+[^\s.؟!]+){{0,3}}?\s+(?:شدم|شدیم)(?![\w\u200c])"
        if doc.language == "fa"
        else rf"\b(?:I|we)\s+(?:was|were|had\s+been|have\s+been)\s+(?:\w+\s+)?{stem}"
    )
    return re.search(told, below, _I) is not None


def _kin_underwent(doc: Document, m: Mention, before: str) -> bool:
    """Inside a quotation, the quoted speaker's kin as the object or the passive subject of the act's clause
    ("فرزندان ما را … کشتند", "Our sons were executed"), with no "I" or "we" doing or undergoing it."""
    if doc.quote_at(m.start) is None:
        return False
    clause = before[max(before.rfind(c) for c in '.؟!،,;:«"“\n') + 1 :]
    after = re.split(r"[.؟!،,\n]", doc.norm[m.end : m.end + 16], maxsplit=1)[0]
    if doc.language == "fa":
        if _FIRST_PERSON_FA.search(doc.norm[m.start : m.end] + after):
            return False
        passive = _PASSIVE_FA.search(doc.norm[m.start : m.end]) or _PASSIVE_FA_AFTER.match(after)
        return bool(_KIN_OBJECT_FA.search(clause) or (_KIN_SUBJECT_FA.match(clause) and passive))
    return bool(
        _KIN_SUBJECT_EN.match(clause)
        and _PASSIVE_EN.search(before)
        and _FIRST_PERSON_SUBJECT_EN.search(re.sub(_KIN_NARRATOR_EN, " ", clause)) is None
    )


# a Persian verb or pronoun of the first person ("نوشتم", "دیدیم", "نشانم دادند", "مرا")
_FIRST_VERB_FA = re.compile(
    r"(?<![\w\u200c])(?:(?:می[\u200c ]?)?"
    r"(?:بود|شد|کرد|دید|شنید|نوشت|گفت|رفت|آمد|ماند|گذراند|خورد|برد|داد|دانست)(?:م|یم)"
    r"|نشانم|نشانمان|مرا|به\s+من)(?![\w\u200c])"
)


def _quoted_in_headline(norm: str, m: Mention) -> bool:
    """A headline that gives a witness's words after a colon ("X: I first wrote of the executions 25 years
    ago", "شاهد دادگاه؛ … را نشانم دادند"), the act in those words, told in the first person."""
    start = norm.rfind("\n", 0, m.start) + 1
    end = norm.find("\n", m.end)
    line = norm[start : len(norm) if end < 0 else end]
    cut = max(line.rfind(":", 0, m.start - start), line.rfind("؛", 0, m.start - start))
    if cut < 0:
        return False
    words = line[cut + 1 :]
    return bool(_FIRST_VERB_FA.search(words) or re.search(r"\b(?:I|We|My|Our)\b", words))


def _quoted_first_person(doc: Document, m: Mention, before: str) -> bool:
    """Inside a quotation, with an "I" or "we" of the quoted speaker earlier in the sentence (a quoted
    account in the first person; not the whole massacre named inside it)."""
    quote = doc.quote_at(m.start)
    if quote is None:
        return False
    inside = before[max(0, len(before) - (m.start - quote.start)) :]
    if m.type == "act" and _MASSACRE.search(m.text):
        return _THERE.search(inside) is not None  # «I am one of those who survived the massacre»
    # (a quotation may open with "We" or "My")
    return _FIRST_PERSON.search(inside) is not None or _FIRST_CAP_EN.search(inside) is not None


def _done_to_kin(doc: Document, m: Mention, before: str) -> bool:
    """A relative tells what was done to their kin ("پدرم … دستگیر شد", "او دستگیر شده"): the narrator
    was not there; what the family lived itself ("به ما نگفتند") stays first-hand."""
    kin = _KIN_OR_PRONOUN.search(before) or _NARRATOR_AS_KIN.search(before) or _KIN_OBJECT_FA.search(before)
    if _KIN_NARRATOR.search(doc.norm) is None or kin is None or m.value == "family_not_informed":
        # (visits cut, no news: what the family lived itself)
        return False
    # a survivor tells of kin held with them ("با برادرم در زندان بودم"): there; unless the kin is the
    # clause's subject ("برادرم علی عضو همین سازمان بود و در سال ۱۳۶۲ اعدام شد"): told of them, as in English
    clause_start = max(before.rfind(c) for c in ".؟!،,\n") + 1
    if _NARRATOR_HELD.search(doc.norm) and not _KIN_SUBJECT_FA.match(before[clause_start:]):
        return False
    after = re.split(r"[.؟!،,\n]", doc.norm[m.end : m.end + 16], maxsplit=1)[0]
    said = doc.norm[m.start : m.end]  # (folded: "رسيد" in Arabic letters is "رسید")
    passive = _PASSIVE_FA.search(said) or _PASSIVE_FA_AFTER.match(after)
    if _KIN_OBJECT_FA.search(before[clause_start:]) and _FIRST_PERSON_FA.search(said + after) is None:
        return True  # "عزیزان ما را بی‌محاکمه اعدام کردند": the kin as the object of what others did
    # (the "من" of "من X، خواهر Y که …" names the narrator; the clause after it is about Y)
    clause = _NARRATOR_AS_KIN.sub(" ", before)[-60:]
    if _KIN_SUBJECT_FA.match(before[clause_start:]):
        clause = before[clause_start:]
    return bool(passive) and _FIRST_PERSON_FA.search(clause + said + after) is None


# a sentence that places the speaker among prisons: a first person and a word of prison life in it
_FIRST_EN = re.compile(r"\b(?:I|we|me|us|my|our)\b")
_PRISON_EN = re.compile(
    r"\b(?:prison\w*|cells?|cellmates?|wards?|solitary|interrogat\w+|arrest\w*|detain\w*|jail\w*|tortur\w*|"
    r"guards?|inmates?)\b",
    _I,
)
_FIRST_FA = re.compile(r"(?<![\w\u200c])(?:من|ما|مرا)(?![\w\u200c])|(?:بودم|بودیم|شدم|شدیم)(?![\w\u200c])")
# … and, in a memoir's paragraph, the continuous past or present in the first person ("در سر می‌پروراندم") and
# "my" on a plural ("اندیشه‌هایم")
_FIRST_FA_MEMOIR = re.compile(
    rf"{_FIRST_FA.pattern}"
    r"|(?<![\w\u200c])می[\u200c ]?[^\W\d_]{2,}(?:م|یم)(?![\w\u200c])|[\u200c ]های(?:م|مان)(?![\w\u200c])"
)
_PRISON_FA = re.compile(r"زندان|بند|سلول|بازجو|دستگیر|بازداشت|شکنجه")
_RESEARCHED = re.compile(
    r"\b(?:I|we)\s+(?:\w+\s+)?(?:interviewed|spoke\s+(?:to|with)|talked\s+(?:to|with)|met\s+with|contacted|"
    # "In this report we will summarize the hearings": a trial monitor's report, told of others' accounts
    r"summari[sz]ed?|provided?\s+(?:a\s+)?summar(?:y|ies)|gave\s+an\s+overview|give\s+an\s+overview|"
    r"reported\s+on|report\s+on)\b[^.!?\n]*",
    _I,
)
# "I was in Evin in 1988", "در اوین بودم": the speaker was somewhere, told in the first person
_BEING_THERE = re.compile(
    r"\b(?:I|we)\s+(?:was|were|had been)\s+(?:\w+\s+)?(?:in|at|held|imprisoned|detained|jailed|arrested)\b"
    r"|(?<![\w\u200c])(?:بودم|بودیم)(?![\w\u200c])"
    # "I am one of the survivors of …", "من از جان بدربردگان … هستم"
    r"|\b(?:I\s+am|I['’]m|we\s+are)\s+(?:one\s+of\s+|among\s+)?(?:the\s+)?survivors\b"
    r"|(?<![\w\u200c])(?:من|ما)\s+(?:یکی\s+)?از\s+(?:جان[\s\u200c]?(?:به?[\s\u200c]?)?در[\s\u200c]?بردگان|بازماندگان)",
    _I,
)
_KIN_EN_OR_FA = re.compile(rf"{_KIN_NARRATOR_EN.pattern}|{_KIN_NARRATOR.pattern}", _I)


@lru_cache(maxsize=8)
def _speaker_stands_apart(norm: str, persian: bool) -> bool:
    """A first-person text whose speaker is never among prisons nor beside their kin: an organisation's
    or a writer's statement in the first person ("we condemn …", "I was commissioned to research …"),
    which reports the killings rather than witnessing them."""
    if _KIN_EN_OR_FA.search(norm):
        return False
    first, prison = (_FIRST_FA, _PRISON_FA) if persian else (_FIRST_EN, _PRISON_EN)
    # "I interviewed more than 40 survivors who had been in jail": a researcher among the prisons' survivors
    sentences = re.split(r"(?<=[.!?؟])\s+|\n", _RESEARCHED.sub(" ", norm))
    return not any((first.search(x) and prison.search(x)) or _BEING_THERE.search(x) for x in sentences)


# the narrator leaves prison ("I was released", "I managed to escape", "after my release", "آزاد شدم"), and
# is not held again after it ("rearrested", "I was arrested again", "دوباره دستگیر شدم")
_LEFT_PRISON = re.compile(
    r"\b(?:I|we)\s+(?:was|were)\s+(?:\w+\s+)?(?:released|freed)\b|\b(?:I|we)\s+(?:\w+\s+)?(?:managed\s+to\s+)?"
    r"(?:escaped?|fled)\b|\bafter\s+(?:my|our)\s+(?:release|escape)\b"
    r"|(?<![\w\u200c])(?:آزاد|فرار|خارج)\s+(?:شدم|شدیم|کردم|کردیم)(?![\w\u200c])",
    _I,
)
_HELD_AGAIN = re.compile(
    r"\b(?:re-?arrested|arrested\s+again|again\s+arrested|back\s+(?:to|in)\s+(?:prison|jail))\b"
    r"|(?<![\w\u200c])(?:دوباره|مجددا|مجدداً)\s+(?:دستگیر|بازداشت|زندانی)",
    _I,
)
_PASSIVE_OTHERS_EN = re.compile(
    r"\b(?:was|were|had\s+been|have\s+been)\s+(?:\w+ly\s+|later\s+|then\s+|all\s+)?$"
)
_SUBJECT_I_WE = re.compile(r"\b(?:I|[Ww]e)\b")


@lru_cache(maxsize=256)
def _left_not_held_again(earlier: str) -> bool:
    """`earlier` tells leaving prison and not being held again since; the mentions of one sentence share
    their `earlier`, so it is read once for all of them."""
    left = last_match(_LEFT_PRISON, earlier)
    return left is not None and _HELD_AGAIN.search(earlier, left.end()) is None


def _after_leaving(doc: Document, m: Mention, before: str) -> bool:
    """An English passive act of others ("were executed") in a later sentence of the paragraph where the
    narrator told leaving prison, not held again since, with no "I" or "we" as a subject of the clause."""
    if doc.language == "fa" or _PASSIVE_OTHERS_EN.search(before) is None:
        return False
    sentence = doc.sentence_at(m.start)
    # the paragraph, or at most the 2,000 characters before the sentence (a text without blank lines)
    # (a blank line further back than that would lose to the bound: searched for only within it)
    bound = max(sentence.start - 2000, 0)
    para = max(doc.norm.rfind("\n\n", bound, sentence.start), bound)
    if not _left_not_held_again(doc.norm[para : sentence.start]):
        return False
    return _SUBJECT_I_WE.search(re.split(r"[,;:]", before)[-1]) is None


# the regime as the act's subject ("the regime executed", "the regime then executed 50 …")
_REGIME_DID = re.compile(
    r"\b(?:the\s+)?regime\s+(?:\w+ly\s+|then\s+|also\s+)?(?:(?:executed|killed|hanged|murdered|massacred)\s+)?$",
    _I,
)
# a witness who says he saw it: "an eyewitness … testified he saw", "a witness said she had watched"
_EYEWITNESS_SAW = re.compile(
    r"\b(?:eye-?witness|witness|survivor)\b[^.;]{0,80}\b(?:he|she|they)\s+(?:had\s+)?(?:saw|seen|witnessed|"
    r"watched)\b"
    # "X به عنوان شاهد در دادگاه گفت که … را دیده که …": the witness says he saw it (not "دیده نشد", unseen)
    r"|(?<![\w\u200c])(?:شاهد|بازمانده)(?![\w\u200c])[^.؟!]{0,120}?(?<![\w\u200c])(?:دیده|دیدم|دیدیم)"
    r"(?:\s+(?:است|بود|ام|ایم))?(?![\w\u200c])(?!\s+ن)",
    _I,
)
# "A few days later, they executed him with 75 others" after "my husband": the kin's killing, out of sight
_THEY_KILLED = re.compile(r"\bthey\s+(?:\w+ly\s+|later\s+|then\s+)?$", _I)
_THEY_KILLED_WITH = re.compile(
    r"\bthey\s+(?:executed|hanged|shot|killed)\s+(?:him|her|them)\s+(?:along\s+)?with\s+(?:about\s+)?$", _I
)
_KILL_VERB_EN = re.compile(r"(?:executed|hanged|shot|killed)$", _I)


def _they_killed_kin(doc: Document, m: Mention, before: str) -> bool:
    if m.type == "act":
        told = _KILL_VERB_EN.search(m.text) and _THEY_KILLED.search(before)
        told = told and re.match(r"\s+(?:him|her)\b", doc.norm[m.end : m.end + 6])
    else:
        told = _THEY_KILLED_WITH.search(before)
    if not told:
        return False
    sentence = doc.sentence_at(m.start)
    return _KIN_NARRATOR_EN.search(doc.norm[max(0, sentence.start - 400) : sentence.start]) is not None


# "Death commissions were set up in prisons across Iran. They interviewed prisoners …": the general account
# goes on in the next sentences, told by "they"/"their"
_GOES_ON = re.compile(r"\s*(?:They|Their|These|Those)\b")


def _general_goes_on(doc: Document, sentence: Sentence, whole: str) -> bool:
    if doc.language == "fa" or not _GOES_ON.match(whole) or _in_sentence(_FIRST_PERSON, whole):
        return False
    text = _earlier(doc, sentence, _GENERAL.search, _GOES_ON.match)
    return text is not None and _FIRST_PERSON.search(text) is None


# "زندانی سیاسی" as a title beside a name, not a predicate ("زندانی سیاسی بودم")
_TITLE_FA = re.compile(r"زندانی\s+سیاسی")
# "X، فعال سیاسی و از زندانیان سیاسی دهه شصت، می‌گوید": one of them, a title too; not when a clause on her
# follows ("از زندانیان سیاسی سابق که هشت سال در اوین بود": her own years, told)
# (and "از زندانیان دهه شصت", one of the prisoners of the sixties, the "از" inside the mention or before it)
_ONE_OF_THEM_FA = re.compile(r"(?:از\s+)?زندانیان\s+(?:سیاسی|دهه)(?![\w\u200c])")
_WHO_CLAUSE_FA = re.compile(r"[^.،,؟!]{0,20}?[،,]?\s*که(?![\w\u200c])")


def one_of_the_prisoners(norm: str, m: Mention) -> bool:
    """ "از زندانیان سیاسی دهه شصت" beside a name: the page's framing of the speaker (docs/annotation.md)."""
    before = norm[max(0, m.start - 4) : m.start]
    return (
        # (the mention holds the words, or stops short of "دهه شصت")
        re.match(r"(?:از\s+)?زندانیان(?![\w\u200c])", m.text) is not None
        and _ONE_OF_THEM_FA.match(norm[m.start : m.end + 12]) is not None
        and (m.text.startswith("از") or re.search(r"(?<![\w\u200c])از\s*$", before) is not None)
        and _WHO_CLAUSE_FA.match(norm, m.end) is None
    )


_TITLE_EN = re.compile(r"(?:former\s+|ex-)?political\s+prisoners?", _I)
# the one named testifies in the sentence: a trial report's session ("به ادای شهادت پرداخت", "به عنوان شاهد در
# دادگاه حاضر شد", "took the stand", "testified")
_TAKES_THE_STAND = re.compile(
    r"(?<![\w\u200c])(?:به\s+ادای\s+شهادت|شهادت\s+(?:داد|می[\u200c ]?دهد)|به\s+عنوان\s+شاهد)(?![\w\u200c])"
    r"|\b(?:took|taking|takes|take)\s+(?:to\s+)?the\s+(?:witness\s+)?stand\b|\btestif(?:ied|ies|ying)\b",
    _I,
)
_TITLE_VERB_FA = re.compile(
    r"\s*(?:سابق\s+|پیشین\s+|دهه\s+\S+\s+)?(?:بودم|بودیم|بود|بودند|بوده|شدم|شد|شدند|هستم|است|هستند)(?![\w\u200c])"
)
# the Persian perfect told of others ("کشته‌اند", "به گلوله بسته‌اند", "کشته شده‌اند"): the reportative mood
_REPORTATIVE_FA = re.compile(r"^[^.؟!،\n]{0,18}?ه[\u200c ]?اند(?![\w\u200c])")


def _rumour_goes_on(doc: Document, m: Mention, sentence_start: int) -> bool:
    """Sentences after a rumour ("یکی می‌گفت: شنیده‌ام … کشته شده‌اند. همه را به گلوله بسته‌اند."): an act in
    the Persian perfect, the sentence before it in the paragraph hearsay, with no first person in between."""
    if doc.language != "fa" or not _REPORTATIVE_FA.match(doc.norm[max(m.start, m.end - 6) : m.end + 16]):
        return False
    line = doc.norm.rfind("\n", 0, sentence_start) + 1
    earlier = doc.norm[max(line, sentence_start - 300) : sentence_start]
    rumour = last_match(_HEARSAY, earlier)
    if rumour is None or _HEARD_DIRECTLY.search(earlier):
        return False
    return _FIRST_PERSON_FA.search(doc.norm[sentence_start : m.start]) is None


# a demand's object: "خواسته‌های خود شامل …", "خواستار …", "demanded to know …"
_DEMAND = re.compile(
    r"(?<![\w\u200c])(?:خواسته[\u200c ]?(?:های|ها)|خواستار)(?![\w\u200c])|\bdemand(?:ed|ing|s)?\b", _I
)
# the writers of a collective letter name themselves the victims' families
_FAMILIES_WRITE = re.compile(
    # (of the victims; not "ما خانواده‌ها"); "ما که مادر و پدر و بستگان این قربانیان هستیم"
    r"(?<![\w\u200c])ما\s*[،,]?\s*(?:که\s+)?(?:خانواده[\u200c ]?های|مادران|پدران|بستگان|بازماندگان|"
    r"مادر\s+و\s+پدر|پدر\s+و\s+مادر)\s"
    r"|\bwe\s*,?\s+(?:the\s+|who\s+are\s+the\s+)?(?:families|relatives|mothers|parents)\s+(?:and\s+\w+\s+)?of\b",
    _I,
)
_FAMILIES_LIVED = frozenset({"family_not_informed", "threats"})
# a verb in the first person plural ("نداریم", "نمی‌دانیم") or "we" in English
_WE_VERB = re.compile(r"(?:ار|ان|کن|شد|بود|داشت|کرد|دید|شنید|رفت|گرفت|ست)یم(?![\w\u200c])|\b(?:we|us)\b", _I)
# the families themselves as the source ("به گفته این خانواده‌ها", "according to the families")
_FAMILIES_SOURCE = re.compile(
    r"(?<![\w\u200c])(?:به\s+گفته|از\s+قول)(?:[\u200c ]ی)?\s+(?:این\s+|آن\s+)?(?:خانواده|بستگان|مادران)"
    r"|\baccording\s+to\s+(?:the\s+|these\s+|those\s+)?(?:families|relatives|mothers)\b",
    _I,
)


# "در بخشی از این نامه آمده است", "the letter reads:": a letter's own words follow, relayed by the page
_LETTER_SAYS = re.compile(
    r"(?<![\w\u200c])در\s+(?:بخشی\s+(?:دیگر\s+)?از\s+)?(?:این|آن|متن)\s+(?:نامه|بیانیه)"
    r"(?:[\u200c ]?(?:ی|ها))?\s+"
    r"(?:[^\s.؟!]+\s+)?(?:آمده|می[\u200c ]?خوانیم|نوشته[\u200c ]?اند)"
    r"|\b(?:the|their)\s+(?:open\s+)?letter\s+(?:reads|says|states|continues)\b",
    _I,
)


def _in_families_letter(doc: Document, m: Mention) -> bool:
    """A families' letter relayed by a page: the letter's words introduced in the paragraph before the
    mention, and the writers speaking there of their own kin ("عزیزان ما", "our loved ones")."""
    para = max(doc.norm.rfind("\n\n", 0, m.start), doc.norm.rfind("\n", 0, m.start), 0)
    said = last_match(_LETTER_SAYS, doc.norm[para : m.start])
    if said is None:
        return False
    end = doc.norm.find("\n", m.end)
    letter = doc.norm[para + said.end() : len(doc.norm) if end < 0 else end]
    kin = (_KIN_NARRATOR, _KIN_NARRATOR_EN, _FAMILIES_WRITE)
    return any(pattern.search(letter) for pattern in kin)


# the writers' own dead, named as theirs by a "we" ("عزیزان ما", "فرزندانمان", "our loved ones", "our beloved
# children")
_OUR_KIN = re.compile(
    r"(?<![\w\u200c])(?:عزیزان|فرزندان|پدران|مادران|همسران|برادران|خواهران|بچه[\u200c ]?های)[\u200c]?"
    r"(?:مان|\s+ما)(?![\w\u200c])"
    r"|\b(?:my|our)\s+(?:[\w-]+\s+){0,2}?(?:loved\s+ones|children|sons|daughters|relatives)\b",
    _I,
)
_OUR_KIN_PLURAL = re.compile(
    r"(?<![\w\u200c])(?:عزیزان|فرزندان)[\u200c]?(?:مان|\s+ما)(?![\w\u200c])"
    r"|\bour\s+(?:[\w-]+\s+){0,2}?(?:loved\s+ones|children)\b",
    _I,
)


@lru_cache(maxsize=8)
def _families_write(norm: str) -> bool:
    """A text written by the victims' families: they name themselves so ("ما خانواده‌های قربانیان"), or
    speak of "our loved ones" and never of being held themselves (a families' statement, not a memoir)."""
    if _FAMILIES_WRITE.search(norm) is not None:
        return True
    return (
        _OUR_KIN_PLURAL.search(norm) is not None
        and _NARRATOR_HELD.search(norm) is None
        and _NARRATOR_HELD_EN.search(norm) is None
    )


@lru_cache(maxsize=8)
def _relative_account_en(norm: str) -> bool:
    """The narrator names their kin and never tells being held themself (once per text, not per act)."""
    return _KIN_NARRATOR_EN.search(norm) is not None and _NARRATOR_HELD_EN.search(norm) is None


def _done_to_kin_en(doc: Document, before: str) -> bool:
    """A relative tells what was done to their kin ("My brother was executed", "he was arrested in July
    1982"): a passive verb, no "I" or "we" in the clause, in the account of a narrator never held."""
    clause = re.split(r"[,;:]", before)[-1]
    # "My husband had been arrested a few months before": the kin is the clause's subject, so even a
    # survivor's account tells it second-hand
    if not _relative_account_en(doc.norm) and _KIN_SUBJECT_EN.match(clause) is None:
        return False
    return _PASSIVE_EN.search(before) is not None and _FIRST_PERSON_SUBJECT_EN.search(clause) is None


def _told_by_counsel(norm: str, at: int, sentence_start: int) -> bool:
    line = norm.rfind("\n", 0, at) + 1
    for pattern, start in ((_COUNSEL_TELLS, max(line, at - 400)), (_PROSECUTOR_TELLS, sentence_start)):
        window = norm[start:at]
        told = max(pattern.finditer(window), key=lambda x: x.start(), default=None)
        if told is not None and _SPEECH.search(window, told.end()) is None:
            return True
    return False


def _clause(norm: str, at: int, start: int, end: int) -> str:
    """The clause around `at`: the sentence cut at commas and semicolons (Persian runs clauses on)."""
    left = max(norm.rfind(c, start, at) for c in ",،;؛\n")  # a line break ends a clause (a title)
    rights = [i for i in (norm.find(c, at, end) for c in ",،;؛\n") if i >= 0]
    return norm[max(left + 1, start) : min(rights) if rights else end]


def _negated(doc: Document, m: Mention, before: str) -> bool:
    if m.type not in ("act", "count"):
        return False
    if _NEGATION_BEFORE.search(before[-40:]) is not None:
        return True
    if doc.language == "fa":
        return _NEGATION_AFTER_FA.match(doc.norm[m.end : m.end + 12]) is not None
    return False


# every cue above behind a lookahead for the characters its matches start with: the same matches, found
# faster (each mention's provenance reads some fifty of them); composed patterns read `.pattern` above first
guard_all(globals())
